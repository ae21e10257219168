"""Streaming sources and restart bookkeeping: pure parts, without a runner."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.options import UsageError, parse_duration, parse_run_args
from pipeline.resume import ingested_inputs, remove_partial_files
from tests.feedserver import rss_xml
from transforms.sources.feeds import parse_feed
from transforms.sources.stream import FeedState, input_key, is_settled, new_entries
from transforms.write import parquet_bytes


def _entries(guids: list[str]):
    items = [{"title": f"t{g}", "guid": f"urn:{g}", "link": f"BASE/{g}"} for g in guids]
    return parse_feed(rss_xml("http://example.com", items), "http://example.com/feed.xml")


def test_each_entry_is_new_once():
    state = FeedState()
    assert [e.entry_id for e in new_entries(_entries(["a", "b"]), state, 0, 100)] == ["urn:a", "urn:b"]
    assert [e.entry_id for e in new_entries(_entries(["c", "a", "b"]), state, 1, 100)] == ["urn:c"]
    assert new_entries(_entries(["c", "a"]), state, 2, 100) == []


def test_duplicate_guids_in_one_poll_give_one_entry():
    fresh = new_entries(_entries(["a", "a", "b"]), FeedState(), 0, 100)
    assert [e.entry_id for e in fresh] == ["urn:a", "urn:b"]


def test_seen_ids_are_forgotten_only_after_leaving_the_feed_and_the_horizon():
    state = FeedState()
    new_entries(_entries(["a", "b"]), state, 0, 100)
    new_entries(_entries(["b"]), state, 50, 100)        # a left the feed, within the horizon
    assert set(state.seen) == {"urn:a", "urn:b"}
    new_entries(_entries(["b"]), state, 150, 100)       # a is past the horizon: forgotten
    assert set(state.seen) == {"urn:b"}                 # b is still in the feed: kept


def test_a_file_is_read_when_two_polls_agree():
    assert not is_settled(None, (10, 1.0))
    assert not is_settled((10, 1.0), (20, 2.0))         # still growing
    assert is_settled((20, 2.0), (20, 2.0))


def test_input_keys_tell_files_and_entries_apart():
    assert input_key("/in/a.txt") == input_key("/in/a.txt", None)
    assert input_key("http://f/feed", "g1") != input_key("http://f/feed", "g2")
    assert input_key("http://f/feed", "g1") != input_key("http://f/feed")


@pytest.mark.parametrize(("text", "seconds"), [("90", 90), ("90s", 90), ("15m", 900),
                                               ("12h", 43200), ("7d", 604800), ("0.5", 0.5)])
def test_durations(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("argv", [["--poll-interval", "0"], ["--window", "soon"],
                                  ["--dedup-horizon", "-1d"], ["--dedup-max-articles", "0"]])
def test_bad_streaming_settings_are_usage_errors(argv, tmp_path):
    with pytest.raises(UsageError):
        parse_run_args(["--streaming", "--input", "seeds", "--output", str(tmp_path), *argv])


def test_watch_implies_streaming(tmp_path):
    config = parse_run_args(["--watch", "--input", "seeds", "--output", str(tmp_path)])
    assert config.streaming is not None and config.streaming.watch
    assert parse_run_args(["--input", "seeds", "--output", str(tmp_path)]).streaming is None


def test_restart_knows_what_was_written_and_drops_half_written_files(tmp_path):
    day = tmp_path / "articles" / "ingest_date=2026-01-02" / "language=en"
    day.mkdir(parents=True)
    article = {"article_id": "1", "source_uri": "http://f/feed", "entry_id": "g1", "text": "x",
               "language": "en", "story_id": "1",
               "published_at": dt.datetime(2026, 1, 2, tzinfo=dt.UTC)}
    run = {"run_id": "r1", "ingested_at": dt.datetime(2026, 1, 2, tzinfo=dt.UTC)}
    (day / "part-a.parquet").write_bytes(parquet_bytes("articles", [article], "zstd", run))
    (day / ".inprogress-123-part-b.parquet.tmp").write_bytes(b"partial")
    rejects = tmp_path / "rejects" / "stage=read"
    rejects.mkdir(parents=True)
    reject = {"source_uri": "/in/bad.txt", "stage": "read", "error": "EmptyFile", "detail": "d"}
    (rejects / "part-a.parquet").write_bytes(parquet_bytes("rejects", [reject], "zstd", run))
    assert ingested_inputs(str(tmp_path)) == {input_key("http://f/feed", "g1"),
                                               input_key("/in/bad.txt")}
    assert remove_partial_files(str(tmp_path)) == 1
    assert [p.name for p in day.iterdir()] == ["part-a.parquet"]


def test_streaming_without_prism_is_one_clear_usage_error(tmp_path, monkeypatch, capsys):
    import pipeline.runners
    from pipeline.cli import main

    monkeypatch.setattr(pipeline.runners, "find_prism", lambda: None)
    status = main(["run", "--streaming", "--input", "seeds", "--output", str(tmp_path)])
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 2 and len(err) == 1
    assert "make prism" in err[0] and "--prism_location" in err[0]


def test_streaming_with_a_missing_prism_location_is_a_usage_error(tmp_path):
    from pipeline.runners import pipeline_options

    config = parse_run_args(["--streaming", "--input", "seeds", "--output", str(tmp_path),
                             "--prism_location=/nonexistent/prism"])
    with pytest.raises(UsageError):
        pipeline_options(config)


def test_an_empty_folder_can_be_watched_but_not_read_once(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    config = parse_run_args(["--watch", "--input", str(inbox), "--output", str(tmp_path / "o")])
    assert config.patterns == (f"{inbox}/**",)
    with pytest.raises(UsageError, match="no input files"):
        parse_run_args(["--input", str(inbox), "--output", str(tmp_path / "o")])
    with pytest.raises(UsageError, match="not found"):
        parse_run_args(["--watch", "--input", str(tmp_path / "missing")])


def test_a_new_stream_output_has_readable_empty_tables(tmp_path):
    """Before any window commits, every table is there with its columns (a zero-row file)."""
    import duckdb

    from pipeline.cli import prepare_streaming_output
    from pipeline.output import Run

    assert prepare_streaming_output(str(tmp_path), Run.new()) == frozenset()
    for table in ("articles", "events", "rejects"):
        rel = duckdb.sql(f"SELECT * FROM read_parquet('{tmp_path}/{table}/**/*.parquet', "
                         "hive_partitioning = true)")
        assert "run_id" in rel.columns and rel.fetchall() == []
    assert not list((tmp_path / "_staging").glob("*"))
