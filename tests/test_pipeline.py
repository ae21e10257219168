"""End to end: the CLI on real files, bad inputs, accounting, determinism, usage errors."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.conftest import REPO, read_table, run_cli

pytestmark = pytest.mark.slow
NEWSBEAM = str(Path(sys.executable).parent / "newsbeam")
RUSSIAN = ("Сирийская армия начала мощное наступление в окрестностях Дамаска, нанося удары по "
           "опорным пунктам повстанцев и перекрывая главные въезды в столицу, сообщили свидетели.")


def _text_article(body: str, title: str) -> str:
    paragraphs = [p for p in body.split("\n") if p.strip()]
    return title + "\n\n" + "\n\n".join(paragraphs) + "\n"


@pytest.fixture(scope="module")
def mixed_run(tmp_path_factory, real_bodies, real_pages):
    """One run over good inputs of every kind and every kind of bad input."""
    src = tmp_path_factory.mktemp("inputs")
    (src / "nested" / "deeper").mkdir(parents=True)
    good = {
        "a.txt": _text_article(real_bodies[0], "A headline about one thing"),
        "nested/b.txt.gz": _text_article(real_bodies[1], "Another headline entirely"),
        "nested/deeper/c.html": real_pages[0][1],
        "d.htm.gz": real_pages[1][1],
        "ru-1251.txt": ("Новости дня\n\n" + RUSSIAN + "\n").encode("cp1251"),
        "ru-koi8.html": (f'<html><head><meta http-equiv="Content-Type" content="text/html; '
                         f'charset=koi8-r"><title>Новости</title></head><body><article>'
                         f'<h1>Новости</h1><p>{RUSSIAN}</p><p>{RUSSIAN}</p></article></body></html>'
                         ).encode("koi8_r"),
    }
    lines = [json.dumps({"url": "https://news.example/1", "title": "From JSON",
                         "text": real_bodies[2], "published": "2013-02-07T12:03:00Z"}),
             "", json.dumps([1, 2, 3]),
             json.dumps({"html": real_pages[2][1].decode("utf-8", "replace")}),
             "{broken json"]
    good["feed.jsonl"] = "\n".join(lines) + "\n"
    bad = {
        "empty.txt": b"",
        "binary.html": bytes(range(256)) * 40,
        "truncated.txt.gz": gzip.compress(real_bodies[3].encode())[:200],
        "invalid-utf8.txt": "Ünïcödé ".encode() + b"\xff\xfe\xc3\x28" * 300,
        "no-article.html": b"<html><head><title>Menu</title></head><body><nav><a href='/'>Home"
                           b"</a></nav></body></html>",
        "huge.txt": b"x" * (50 * 1024 * 1024),
        "notes.pdf": b"%PDF-1.4 not an article",
        "only-chrome.txt": b"Share\nSubscribe\nAdvertisement\n",
    }
    for name, content in {**good, **bad}.items():
        data = content.encode() if isinstance(content, str) else content
        if name.endswith(".gz") and name != "truncated.txt.gz":
            data = gzip.compress(data)
        (src / name).write_bytes(data)
    out = tmp_path_factory.mktemp("out")
    status = run_cli("--input", str(src), "--output", str(out))
    return src, out, status


def test_mixed_run_exits_zero(mixed_run):
    assert mixed_run[2] == 0


def test_every_input_is_accounted_for(mixed_run):
    src, out, _ = mixed_run
    articles, rejects = read_table(out, "articles"), read_table(out, "rejects")
    files = [str(p) for p in src.rglob("*") if p.is_file()]
    for f in files:
        arts = [a for a in articles if a["source_uri"] == f]
        rejs = [r for r in rejects if r["source_uri"] == f and r["source_line"] is None]
        if f.endswith(".jsonl"):
            continue
        assert (len(arts) >= 1) != (len(rejs) == 1), (f, len(arts), len(rejs))
    # .jsonl: every non-blank line is an article or one reject
    lines = {(r["source_line"]) for r in rejects if r["source_uri"].endswith("feed.jsonl")}
    lines |= {a["source_line"] for a in articles if a["source_uri"].endswith("feed.jsonl")}
    assert lines == {1, 3, 4, 5}


@pytest.mark.parametrize("name,stage,error", [
    ("empty.txt", "read", "EmptyFile"),
    ("binary.html", "decode", "Binary"),
    ("truncated.txt.gz", "read", "TruncatedGzip"),
    ("invalid-utf8.txt", "decode", "InvalidUTF8"),
    ("no-article.html", "extract", "NoArticleText"),
    ("huge.txt", "read", "TooLarge"),
    ("notes.pdf", "read", "UnsupportedKind"),
    ("only-chrome.txt", "extract", "NoArticleText"),
])
def test_bad_input_becomes_one_reject_row(mixed_run, name, stage, error):
    _, out, _ = mixed_run
    rows = [r for r in read_table(out, "rejects") if r["source_uri"].endswith("/" + name)]
    assert len(rows) == 1
    assert (rows[0]["stage"], rows[0]["error"]) == (stage, error)
    assert len(rows[0]["detail"]) > 10


def test_bad_json_lines_are_rejected_individually(mixed_run):
    _, out, _ = mixed_run
    rows = {r["source_line"]: r for r in read_table(out, "rejects")
            if r["source_uri"].endswith("feed.jsonl")}
    assert rows[3]["error"] == "NotAnObject" and rows[5]["error"] == "InvalidJSON"
    assert rows[3]["stage"] == "decode"


def test_jsonl_article_keeps_its_metadata(mixed_run):
    _, out, _ = mixed_run
    (row,) = [a for a in read_table(out, "articles") if a["source_line"] == 1]
    assert row["url"] == "https://news.example/1" and row["title"] == "From JSON"
    assert row["published_at"].isoformat().startswith("2013-02-07T12:03:00")
    assert row["language"] == "en"


def test_cyrillic_legacy_encodings_come_out_right(mixed_run):
    _, out, _ = mixed_run
    rows = [a for a in read_table(out, "articles") if "/ru-" in a["source_uri"]]
    assert len(rows) == 2
    for row in rows:
        assert "Сирийская армия" in row["text"] and row["language"] == "ru"


def test_no_temporary_file_survives(mixed_run):
    _, out, _ = mixed_run
    leftovers = [p for p in out.rglob("*") if p.is_file() and
                 (p.name.startswith(".") or "temp" in str(p.relative_to(out)).lower())]
    assert leftovers == []


def test_partitions_are_hive_style_and_readable_by_pyarrow(mixed_run):
    import pyarrow.dataset as ds

    _, out, _ = mixed_run
    table = ds.dataset(out / "articles", format="parquet", partitioning="hive").to_table()
    assert {"ingest_date", "language", "article_id", "story_id"} <= set(table.column_names)
    dirs = {p.parent.relative_to(out / "articles").as_posix()
            for p in (out / "articles").rglob("*.parquet")}
    assert "ingest_date=2026-01-02/language=en" in dirs and "ingest_date=2026-01-02/language=ru" in dirs


def test_same_input_gives_same_rows_and_files(tmp_path):
    runs = []
    for name in ("one", "two"):
        out = tmp_path / name
        assert run_cli("--input", str(REPO / "seeds"), "--output", str(out)) == 0
        runs.append(out)
    first, second = (sorted((r["article_id"], r["text"], r["title"]) for r in read_table(o, "articles"))
                     for o in runs)
    assert first == second and len(first) == 5
    # Same files, same rows in the same order; only the run columns tell the runs apart.
    files = [sorted(p.relative_to(o) for p in o.rglob("*.parquet")) for o in runs]
    assert files[0] == files[1]
    for name in files[0]:
        one, two = (pq.read_table(o / name) for o in runs)
        assert one.drop(["run_id", "ingested_at"]).equals(two.drop(["run_id", "ingested_at"]))
        assert one.column("run_id")[0] != two.column("run_id")[0] if one.num_rows else True


def test_rows_per_file_limit_shards_a_partition(tmp_path, real_bodies):
    src = tmp_path / "in"
    src.mkdir()
    for i, body in enumerate(real_bodies[:12]):
        (src / f"{i:02d}.txt").write_text(_text_article(body, f"Headline number {i}"))
    out = tmp_path / "out"
    assert run_cli("--input", str(src), "--output", str(out), "--max-rows-per-file", "5") == 0
    files = list((out / "articles").rglob("*.parquet"))
    assert len(files) >= 3 and len(read_table(out, "articles")) == 12


def _newsbeam(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([NEWSBEAM, *args], capture_output=True, text=True, cwd=cwd,
                          timeout=120)


@pytest.mark.parametrize("args,needle", [
    (["run", "--input", "/no/such/path"], "input not found"),
    (["run", "--input", "EMPTYDIR"], "no input files"),
    (["run", "--input", "seeds/*.nothing"], "no files match"),
    (["run", "--no-such-option"], "unknown option --no-such-option"),
    (["run", "--runner-config", "/no/such.yaml"], "cannot read runner config"),
    (["run", "--runner-config", "BADYAML"], "runner config"),
    (["run", "--max-rows-per-file", "0"], "at least 1"),
    (["frobnicate"], "unknown command"),
])
def test_usage_errors_exit_2_with_one_line(tmp_path, args, needle):
    empty = tmp_path / "empty"
    empty.mkdir()
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("- just\n- a list\n")
    args = [str(empty) if a == "EMPTYDIR" else str(bad_yaml) if a == "BADYAML" else a for a in args]
    result = _newsbeam(*args, "--output", str(tmp_path / "out"))
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and needle in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_runner_config_options_are_overridden_by_the_command_line(tmp_path):
    from pipeline.options import parse_run_args
    from pipeline.runners import pipeline_options

    conf = tmp_path / "r.yaml"
    conf.write_text("runner: DirectRunner\ndirect_num_workers: 3\nmax_rows_per_file: 7\n")
    config = parse_run_args(["--runner-config", str(conf), "--input", str(REPO / "seeds"),
                             "--direct_num_workers=2"])
    options = pipeline_options(config).get_all_options()
    assert options["direct_num_workers"] == 2 and config.write.max_rows_per_file == 7
    assert options["runner"] == "FnApiRunner"


CONTRACT_CHECKER = REPO.parent / "shared" / "tools" / "check_contract.py"


@pytest.mark.skipif(not CONTRACT_CHECKER.exists(), reason="no shared contract checker here")
def test_seeds_run_passes_the_shared_contract_check(tmp_path):
    out = tmp_path / "out"
    assert run_cli("--output", str(out), "--input", str(REPO / "seeds")) == 0
    result = subprocess.run([sys.executable, str(CONTRACT_CHECKER), str(out), str(REPO / "seeds")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_seeds_run_gives_the_expected_rows(tmp_path):
    out = tmp_path / "out"
    assert run_cli("--output", str(out), "--input", str(REPO / "seeds")) == 0
    articles = {a["source_uri"].rsplit("/", 1)[1][:3]: a for a in read_table(out, "articles")}
    assert len(articles) == 5 and os.path.isdir(out / "events")
    # 000 and 002 are two editions of one AFP story; nothing is a copy; nothing else merges.
    assert all(a["duplicate_of"] is None for a in articles.values())
    assert articles["000"]["story_id"] == articles["002"]["story_id"]
    others = {articles[k]["story_id"] for k in ("001", "003", "004")}
    assert len(others) == 3 and articles["000"]["story_id"] not in others
    # Events: the Palmyra suicide bombings reported by 001 and 002 are one cluster, two stories.
    seed_of = {a["article_id"]: k for k, a in articles.items()}
    events = read_table(out, "events")
    palmyra = [e for e in events if e["sub_event_type"] == "Suicide bomb"
               and (e["location"] or "").lower() == "palmyra"]
    assert {seed_of[e["article_id"]] for e in palmyra} == {"001", "002"}
    assert len({e["event_cluster_id"] for e in palmyra}) == 1
    assert all(e["story_count"] == 2 and e["fatalities"] == 19 for e in palmyra)
    assert all(e["country_code"] == "SY" for e in palmyra)
    dated = [e for e in palmyra if seed_of[e["article_id"]] == "002"]
    assert str(dated[0]["event_date"]) == "2013-02-06"  # "Wednesday", published Thursday 7th
    # Casualty events at their own places with their own counts: "around the capital" is
    # Damascus; the independent Sham network is not a place (the nationwide toll is Syria's);
    # a count told twice is one event; no cumulative toll ("the death toll reached 25 in
    # the seventh straight day").
    casualties = [(seed_of[e["article_id"]], e["location"], e["fatalities"])
                  for e in events if e["fatalities"]]
    for expected in [("000", "Damascus", 64), ("000", "Yarmuk", 5), ("000", "Syria", 160),
                     ("001", "Palmyra", 19), ("001", "Syria", 107), ("002", "Palmyra", 19),
                     ("002", "Syria", 122), ("004", "Qusair", 22)]:
        assert casualties.count(expected) == 1, expected
    assert not [c for c in casualties if c[1] in ("Sham", "Tripoli") or c[2] == 25]
    assert all(0 < e["confidence"] <= 1 for e in events)
    # Cumulative war tolls and detainee counts are not events.
    assert not [e for e in events if (e["fatalities"] or 0) >= 1000]
    # No publication date, no invented event date.
    assert all(e["event_date"] is None for e in events if seed_of[e["article_id"]] != "002")


def test_file_names_with_glob_characters_are_read_as_themselves(tmp_path, real_bodies):
    odd = tmp_path / "[AFP] story (1).txt"
    odd.write_text(_text_article(real_bodies[4], "A headline in brackets"))
    out = tmp_path / "out"
    assert run_cli("--input", str(odd), "--output", str(out)) == 0
    (article,) = read_table(out, "articles")
    assert article["source_uri"] == str(odd)


def test_the_ledger_fails_a_job_that_wrote_fewer_rows_than_it_read():
    """The driver's check after the job (pipeline/ledger.py), on a real Beam result: three
    records and one early reject counted, four rows written passes; three written fails."""
    import apache_beam as beam

    from pipeline.ledger import LostRows, check_ledger
    from transforms.base import LEDGER_RECORDS, LEDGER_SOURCE_REJECTS, count_into

    def job(rows_written: int):
        p = beam.Pipeline(runner="FnApiRunner")
        _ = p | "Records" >> beam.Create([1, 2, 3]) | "Count" >> count_into(LEDGER_RECORDS)
        _ = (p | "Early" >> beam.Create(["x"])
             | "CountRejects" >> count_into(LEDGER_SOURCE_REJECTS))
        _ = (p | "Written" >> beam.Create(range(rows_written))
             | "CountWritten" >> count_into("write_articles_rows"))
        result = p.run()
        result.wait_until_finish()
        return result

    check_ledger(job(4))
    with pytest.raises(LostRows, match="1 rows were lost"):
        check_ledger(job(3))


def test_multi_process_run_with_forked_workers_gives_the_in_memory_rows(mixed_run, tmp_path):
    """The local engine's multi-process mode forks its SDK workers from a warm server
    (pipeline/local_engine.py): run as users run it, in a fresh `newsbeam` process with two
    workers, over every kind of good and bad input, it writes the rows of the one-process
    run (the run columns aside)."""
    src, single, status = mixed_run
    assert status == 0
    out = tmp_path / "multi"
    result = _newsbeam("run", "--quiet", "--ingest-date", "2026-01-02", "--input", str(src),
                       "--output", str(out), "--direct_num_workers=2",
                       "--direct_running_mode=multi_processing")
    assert result.returncode == 0, result.stderr
    assert "apitools" not in result.stderr  # the worker server imports Beam quietly too
    for table in ("articles", "events", "rejects"):
        rows = [sorted(tuple(sorted((k, repr(v)) for k, v in row.items()
                                    if k not in ("run_id", "ingested_at")))
                       for row in read_table(o, table)) for o in (single, out)]
        assert rows[0] == rows[1], table
    assert len(rows[0]) > 0


def test_the_command_line_starts_the_worker_server_for_a_multi_process_run(tmp_path):
    """`newsbeam run` starts the warm server before it imports Beam when its words or its
    runner config ask for the multi-process mode (pipeline/worker_server.py)."""
    from pipeline.worker_server import wanted

    config = tmp_path / "local.yaml"
    config.write_text("runner: DirectRunner\ndirect_running_mode: multi_processing\n")
    assert wanted(["--input", "x", "--direct_running_mode=multi_processing"])
    assert wanted(["--input", "x", "--direct_running_mode", "multi_processing"])
    assert wanted(["--runner-config", str(config)])
    assert wanted([f"--runner-config={config}"])
    assert not wanted(["--input", "x", "--runner-config", str(REPO / "runner_configs/direct.yaml")])
    assert not wanted(["--runner-config", str(tmp_path / "missing.yaml")])
    assert not wanted(["--streaming", "--direct_running_mode=multi_processing"])


def test_the_multi_process_mode_runs_on_the_warm_local_engine():
    from pipeline.options import parse_run_args
    from pipeline.runners import pipeline_options

    config = parse_run_args(["--input", str(REPO / "seeds"), "--output", "/tmp/unused",
                             "--direct_num_workers=2", "--direct_running_mode=multi_processing"])
    runner = pipeline_options(config).get_all_options()["runner"]
    assert runner == "pipeline.local_engine.WarmWorkersRunner"
    config = parse_run_args(["--input", str(REPO / "seeds"), "--output", "/tmp/unused"])
    assert pipeline_options(config).get_all_options()["runner"] == "FnApiRunner"
