"""Dedup across days: batch runs of later days link to articles of earlier days."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from tests.conftest import read_table, run_cli
from transforms.dedup.days import chunk_name, day_start, earlier_chunks, link_day
from transforms.dedup.rules import DedupConfig, dedup_facts
from transforms.dedup.stream import DedupIndex, MemoryConfig

DEDUP = DedupConfig()
DAY1, DAY2 = dt.date(2026, 3, 1), dt.date(2026, 3, 2)
IGNORED = ("run_id", "ingested_at")


def _copy_of(body: str, rng: random.Random) -> str:
    """A syndicated copy: dateline added, last paragraph dropped, two words swapped."""
    paragraphs = [p for p in body.split("\n") if p.strip()]
    if len(paragraphs) > 6:
        paragraphs = paragraphs[:-1]
    words = ("LONDON (Reuters) - " + "\n\n".join(paragraphs)).split(" ")
    k = rng.randrange(10, len(words) - 10)
    words[k], words[k + 1] = words[k + 1], words[k]
    return " ".join(words)


def _partial(body: str, filler: str) -> str:
    """An update keeping the first half of a wire story, the rest new text."""
    kept = [p for p in body.split("\n") if p.strip()]
    return "\n".join(kept[: max(2, len(kept) // 2)] + [p for p in filler.split("\n") if p.strip()])


# --- the pure linking ----------------------------------------------------------------------


def _facts(article_id: str, text: str, **columns) -> dict:
    article = {"article_id": article_id, "text": text, "published_at": None,
               "ingest_date": None}
    own = {"duplicate_of": None, "dup_similarity": None, "story_id": article_id,
           "story_overlap": None}
    return {**dedup_facts(article, DEDUP), **own, **columns}


def _index_of_day(facts: list[dict], day: dt.date, memory: MemoryConfig | None = None):
    index = DedupIndex(DEDUP, memory or MemoryConfig())
    link_day(facts, index, day_start(day))
    return index


def test_a_day_remembered_only_for_its_chunk_links_and_saves_the_same(real_bodies):
    """searchable=False (the batch worker's index is discarded after the day) skips the
    buckets, not the links or the chunk; a first day (nothing remembered) probes nothing."""
    rng = random.Random(3)
    day2 = [_facts("x", _copy_of(real_bodies[0], rng)), _facts("z", real_bodies[2]),
            _facts("w", _partial(real_bodies[1], real_bodies[3]))]
    for earlier in ([_facts("a", real_bodies[0]), _facts("b", real_bodies[1])], []):
        results = [link_day(day2, _index_of_day(earlier, DAY1), day_start(DAY2), searchable=s)
                   for s in (True, False)]
        assert results[0] == results[1]
    assert results[0][0] == {}  # nothing earlier: nothing changes
    assert set(link_day(day2, _index_of_day([_facts("a", real_bodies[0])], DAY1),
                        day_start(DAY2), searchable=False)[0]) == {"x"}


def test_a_copy_cluster_links_to_the_earlier_canonical(real_bodies):
    rng = random.Random(1)
    index = _index_of_day([_facts("a", real_bodies[0]), _facts("b", real_bodies[1])], DAY1)
    # Day 2: x and its in-run copy y (MarkDuplicates made x canonical), and a new story z.
    day2 = [_facts("x", _copy_of(real_bodies[0], rng)),
            _facts("y", _copy_of(real_bodies[0], rng), duplicate_of="x", dup_similarity=0.9,
                   story_id="x"),
            _facts("z", real_bodies[2])]
    changed, chunk = link_day(day2, index, day_start(DAY2))
    assert set(changed) == {"x", "y"}
    assert {changed[k]["duplicate_of"] for k in "xy"} == {"a"}
    assert {changed[k]["story_id"] for k in "xy"} == {"a"}
    assert all(0.6 <= changed[k]["dup_similarity"] <= 1 for k in "xy")
    # The day's chunk remembers the final columns, so a third day links through it to a.
    later = DedupIndex(DEDUP, MemoryConfig())
    later.restore(chunk)
    assert later.lookup("y")[1] == "a" and len(later) == 3


def test_a_day_larger_than_the_memory_cap_saves_all_of_its_articles(real_bodies):
    index = DedupIndex(DEDUP, MemoryConfig(max_articles=2))
    _, chunk = link_day([_facts(k, real_bodies[i]) for i, k in enumerate("abc")], index,
                        day_start(DAY1))
    later = DedupIndex(DEDUP, MemoryConfig())
    later.restore(chunk)
    assert len(later) == 3  # the cap applies when a later day loads it, not to the chunk


def test_a_story_links_to_the_earlier_story_and_keeps_in_run_copies(real_bodies):
    index = _index_of_day([_facts("a", real_bodies[0])], DAY1)
    day2 = [_facts("p", _partial(real_bodies[0], real_bodies[3])),
            _facts("q", real_bodies[3], story_id="p", story_overlap=0.5)]
    changed, _ = link_day(day2, index, day_start(DAY2))
    assert changed["p"]["story_id"] == changed["q"]["story_id"] == "a"
    assert changed["p"]["duplicate_of"] is None and changed["p"]["story_overlap"] > 0.1
    assert changed["q"]["story_overlap"] == 0.5  # its in-run overlap, not linked itself


def test_linking_is_deterministic_and_does_not_link_within_the_day(real_bodies):
    rng = random.Random(2)
    day1 = [_facts("a", real_bodies[0])]
    day2 = [_facts("x", _copy_of(real_bodies[0], rng)), _facts("z", real_bodies[1]),
            _facts("w", real_bodies[1])]  # w, z: in-run copies MarkDuplicates did not mark
    first = link_day(day2, _index_of_day(day1, DAY1), day_start(DAY2))
    second = link_day(list(reversed(day2)), _index_of_day(day1, DAY1), day_start(DAY2))
    assert first == second
    assert set(first[0]) == {"x"}


def test_a_run_sees_only_earlier_days_within_the_horizon():
    names = [f"/s/{chunk_name(DAY1 - dt.timedelta(days=d))}" for d in (-1, 0, 1, 2, 9)]
    names.append("/s/notes.json")  # not named by newsbeam: never read
    assert earlier_chunks(names, DAY1, 7 * 86400) == [names[3], names[2]]
    assert chunk_name(DAY1) == f"{int(day_start(DAY1) * 1000):015d}-batch.json"
    assert day_start(DAY1) == dt.datetime(2026, 3, 1, tzinfo=dt.UTC).timestamp()


# --- real runs -----------------------------------------------------------------------------


def _write(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir()
    for name, body in texts.items():
        (folder / f"{name}.txt").write_text(f"Headline {name}\n\n{body}\n")
    return folder


def _rows(out: Path, day: dt.date) -> dict[str, dict]:
    """A day's article rows by input name, without the per-run columns."""
    return {Path(r["source_uri"]).stem: {k: v for k, v in r.items() if k not in IGNORED}
            for r in read_table(out, "articles") if str(r["ingest_date"]) == day.isoformat()}


@pytest.mark.slow
def test_later_days_link_to_earlier_ones_and_reruns_are_idempotent(tmp_path, real_bodies):
    rng = random.Random(5)
    out = tmp_path / "out"
    one = _write(tmp_path / "one", {"wire": real_bodies[0], "story": real_bodies[1],
                                   "other": real_bodies[2]})
    two = _write(tmp_path / "two", {"copy": _copy_of(real_bodies[0], rng),
                                   "copy2": _copy_of(real_bodies[0], rng),
                                   "update": _partial(real_bodies[1], real_bodies[3]),
                                   "new": real_bodies[4]})

    def run(folder: Path, day: dt.date) -> None:
        assert run_cli("--input", str(folder), "--output", str(out),
                       "--ingest-date", day.isoformat()) == 0

    run(one, DAY1)
    day1 = _rows(out, DAY1)
    assert all(r["duplicate_of"] is None for r in day1.values())
    assert (out / "_state" / "dedup" / chunk_name(DAY1)).is_file()

    run(two, DAY2)
    day2 = _rows(out, DAY2)
    wire, story = day1["wire"]["article_id"], day1["story"]["article_id"]
    assert day2["copy"]["duplicate_of"] == day2["copy2"]["duplicate_of"] == wire
    assert day2["copy"]["story_id"] == day2["copy2"]["story_id"] == wire
    assert 0.6 <= day2["copy"]["dup_similarity"] <= 1
    assert day2["update"]["duplicate_of"] is None and day2["update"]["story_id"] == story
    assert day2["new"]["duplicate_of"] is None
    assert day2["new"]["story_id"] == day2["new"]["article_id"]
    assert _rows(out, DAY1) == day1  # earlier rows are never rewritten

    run(two, DAY2)
    assert _rows(out, DAY2) == day2
    assert sorted(p.name for p in (out / "_state" / "dedup").iterdir()) == [
        chunk_name(DAY1), chunk_name(DAY2)]

    # Day 1 again, after day 2: it sees no later day, so nothing of it becomes a duplicate.
    run(one, DAY1)
    assert _rows(out, DAY1) == day1
    assert _rows(out, DAY2) == day2


def test_mark_duplicates_with_days_gives_the_in_run_rows_changed_as_link_day_says(
        tmp_path, real_bodies):
    """Linking to earlier days inside MarkDuplicates (one article join for both) gives each
    article its in-run columns, changed exactly where link_day, given the day's facts and
    in-run columns, says."""
    import base64
    import pickle

    import apache_beam as beam

    from transforms.dedup.batch import MarkDuplicates
    from transforms.dedup.days import COLUMNS, LinkToEarlierDays, load_index
    from transforms.dedup.rules import dedup_facts

    rng = random.Random(7)
    earlier = tmp_path / "state"
    _, chunk = link_day([_facts("a", real_bodies[0])], DedupIndex(DEDUP, MemoryConfig()),
                        day_start(DAY1))
    earlier.mkdir()
    (earlier / chunk_name(DAY1)).write_bytes(chunk)
    texts = [_copy_of(real_bodies[0], rng), _copy_of(real_bodies[0], rng), real_bodies[1],
             _partial(real_bodies[1], real_bodies[2]), real_bodies[3]]
    articles = [{"article_id": f"n{i}", "text": t, "published_at": None, "ingest_date": DAY2}
                for i, t in enumerate(texts)]

    def rows(days, in_memory_join: bool = False) -> dict[str, dict]:
        out = tmp_path / f"rows-{days is not None}-{in_memory_join}"
        with beam.Pipeline("FnApiRunner") as p:
            _ = (p | beam.Create(articles)
                 | MarkDuplicates(DEDUP, days=days, in_memory_join=in_memory_join)
                 | beam.Map(lambda r: base64.b64encode(pickle.dumps(r)).decode())
                 | beam.io.WriteToText(str(out), shard_name_template=""))
        return {row["article_id"]: row for row in
                (pickle.loads(base64.b64decode(line)) for line in out.read_text().splitlines())}

    in_run = rows(None)
    linked = rows(LinkToEarlierDays(DEDUP, MemoryConfig(), DAY2, str(earlier), None))
    day_facts = [{**dedup_facts(row, DEDUP), **{c: row[c] for c in COLUMNS}}
                 for row in in_run.values()]
    changed, _ = link_day(day_facts, load_index(str(earlier), DAY2, DEDUP, MemoryConfig()),
                          day_start(DAY2))
    assert linked == {i: {**row, **changed.get(i, {})} for i, row in in_run.items()}
    assert sorted(i for i, row in linked.items() if row["duplicate_of"] == "a") == ["n0", "n1"]
    assert in_run["n4"] == linked["n4"]  # an article no earlier day knows is left alone
    # The local engine's join (columns and links as side inputs) gives the same rows.
    assert rows(None, in_memory_join=True) == in_run
    assert rows(LinkToEarlierDays(DEDUP, MemoryConfig(), DAY2, str(earlier), None),
                in_memory_join=True) == linked
