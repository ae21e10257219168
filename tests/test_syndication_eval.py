"""Sanity of the syndication benchmark's generator and scorer (not of dedup quality)."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from benchmarks.syndication import generate, pair_scores, score


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("synd")
    labels_path = generate(out, stories=5, seed=3)
    return out / "inputs", json.loads(labels_path.read_text(encoding="utf-8"))


def _identifiers(inputs: Path) -> set[str]:
    ids = set()
    for path in inputs.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(inputs).as_posix()
        if path.suffix == ".jsonl":
            lines = path.read_text(encoding="utf-8").split("\n")
            ids |= {f"{rel}#{n}" for n, line in enumerate(lines, start=1) if line.strip()}
        else:
            ids.add(rel)
    return ids


def test_every_input_is_labelled(corpus):
    inputs, labels = corpus
    assert _identifiers(inputs) == set(labels)
    assert {p.suffix for p in inputs.rglob("*") if p.is_file()} == {".txt", ".html", ".jsonl"}


def test_label_invariants(corpus):
    _, labels = corpus
    groups = defaultdict(list)
    for lab in labels.values():
        groups[lab["copy_group"]].append(lab)
    stories = {lab["story"] for lab in labels.values()}
    assert len([s for s in stories if s.startswith("s")]) == 5
    for members in groups.values():
        assert len({m["story"] for m in members}) == 1  # copies are in their canonical's story
        kinds = sorted(m["kind"] for m in members)
        assert kinds.count("original") <= 1
        if len(members) > 1:  # only an original and its copies share a copy group
            assert set(kinds) == {"original", "copy"}
    for lab in labels.values():
        if lab["kind"] in ("partial", "rewrite"):
            original = [x for x in labels.values()
                        if x["story"] == lab["story"] and x["kind"] == "original"]
            assert len(original) == 1 and original[0]["copy_group"] != lab["copy_group"]


def test_generate_is_deterministic(tmp_path, corpus):
    _, labels = corpus
    again = json.loads(generate(tmp_path, stories=5, seed=3).read_text(encoding="utf-8"))
    assert again == labels


def _write_articles(out: Path, rows: list[dict]) -> None:
    part = out / "articles" / "ingest_date=2026-01-01" / "language=en"
    part.mkdir(parents=True)
    schema = pa.schema([("article_id", pa.string()), ("source_uri", pa.string()),
                        ("source_line", pa.int32()), ("duplicate_of", pa.string()),
                        ("story_id", pa.string())])
    pq.write_table(pa.Table.from_pylist(rows, schema=schema),
                   part / "part-00000-of-00001.parquet")


def _rows(inputs: Path, labels: dict, perfect: bool) -> list[dict]:
    rows, canonical = [], {}
    for i, key in enumerate(sorted(labels)):
        path, _, line = key.partition("#")
        aid = f"a{i:05d}"
        group, story = labels[key]["copy_group"], labels[key]["story"]
        dup = canonical.setdefault(group, aid) if perfect else aid
        rows.append({"article_id": aid, "source_uri": str(inputs / path),
                     "source_line": int(line) if line else None,
                     "duplicate_of": None if dup == aid else dup,
                     "story_id": (f"story-{story}" if perfect else aid)})
    return rows


def test_score_perfect_prediction(tmp_path, corpus):
    inputs, labels = corpus
    _write_articles(tmp_path, _rows(inputs, labels, perfect=True))
    result = score(tmp_path, inputs.parent / "labels.json")
    assert result["missing"] == 0 and result["unlabelled_rows"] == 0
    for name in ("copies", "stories"):
        assert result[name]["precision"] == result[name]["recall"] == 1.0
        assert result[name]["ari"] == pytest.approx(1.0)
        assert result[name]["true_pairs"] > 0


def test_score_all_singletons(tmp_path, corpus):
    inputs, labels = corpus
    _write_articles(tmp_path, _rows(inputs, labels, perfect=False)[1:])  # one row rejected
    result = score(tmp_path, inputs.parent / "labels.json")
    assert result["missing"] == 1
    for name in ("copies", "stories"):
        assert result[name]["recall"] == 0.0 and result[name]["precision"] == 1.0
        assert result[name]["ari"] == pytest.approx(0.0)


def test_pair_scores_by_hand():
    truth = ["a", "a", "a", "b", "b", "c"]
    pred = [1, 1, 2, 2, 2, 3]  # pairs: truth 3+1, predicted 1+3, correct {0,1} and {3,4}
    s = pair_scores(truth, pred)
    assert (s["true_pairs"], s["predicted_pairs"], s["correct_pairs"]) == (4, 4, 2)
    assert s["precision"] == 0.5 and s["recall"] == 0.5
    expected = 4 * 4 / 15  # of 15 pairs
    assert s["ari"] == pytest.approx((2 - expected) / (4 - expected))
    assert pair_scores(truth, truth)["ari"] == 1.0
