"""Streaming logic under TestStream: windows, watermarks, late data, dedup across windows.

TestStream runs only on Beam's in-process streaming runner (BundleBasedDirectRunner), and
only with streaming=True: without it that runner ends windowed output early (seen here as
missing Parquet rows), so these tests always run it in streaming mode."""

from __future__ import annotations

import datetime as dt
import random

import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions
from apache_beam.testing.test_stream import TestStream as EventStream
from apache_beam.transforms.window import TimestampedValue

from tests.conftest import read_table
from transforms.dedup.rules import DedupConfig
from transforms.dedup.stream import MarkDuplicatesOverTime, MemoryConfig
from transforms.windows import windowing
from transforms.write import CommitWindows, WriteConfig

pytestmark = pytest.mark.slow
HOUR = 3600
WINDOW = 60


def _article(article_id: str, text: str, seconds: float) -> dict:
    published = dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=seconds)
    return {"article_id": article_id, "source_uri": f"http://site/{article_id}", "text": text,
            "title": article_id, "language": "en", "published_at": published,
            "ingest_date": dt.date(2026, 1, 1)}


def _copy(text: str, seed: int) -> str:
    rng = random.Random(seed)
    words = text.split()
    for i in rng.sample(range(len(words)), len(words) // 50):
        words[i] = "edited"
    return " ".join(words)


def _run(stream: EventStream, output, state_dir=None) -> None:
    options = PipelineOptions(runner="BundleBasedDirectRunner")
    options.view_as(StandardOptions).streaming = True
    with beam.Pipeline(options=options) as p:
        articles = (p
                    | stream
                    | windowing(WINDOW)
                    | MarkDuplicatesOverTime(DedupConfig(), MemoryConfig(), state_dir, WINDOW))
        _ = {"articles": articles} | CommitWindows(WriteConfig(str(output)))


@pytest.fixture(scope="module")
def streamed(real_bodies, tmp_path_factory):
    out = tmp_path_factory.mktemp("teststream")
    first = _article("first", real_bodies[20], 10)
    other = _article("other", real_bodies[21], 20)
    copy = _article("copy", _copy(real_bodies[20], 1), 3 * HOUR + 10)
    late = _article("late", real_bodies[22], 3 * HOUR + 30)
    stream = (EventStream()
              .add_elements([TimestampedValue(first, 10), TimestampedValue(other, 20)])
              .advance_watermark_to(WINDOW + 10)
              .advance_processing_time(WINDOW)
              .add_elements([TimestampedValue(copy, 3 * HOUR + 10)])
              .advance_watermark_to(3 * HOUR + WINDOW + 10)
              .advance_processing_time(WINDOW)
              # behind the watermark, within the allowed lateness: its own late pane
              .add_elements([TimestampedValue(late, 3 * HOUR + 30)])
              .advance_watermark_to_infinity())
    _run(stream, out, str(out / "_state" / "dedup"))
    return out


def test_every_row_is_written_including_late_data(streamed):
    rows = {r["article_id"]: r for r in read_table(streamed, "articles")}
    assert set(rows) == {"first", "other", "copy", "late"}


def test_copy_hours_later_is_duplicate_of_the_first(streamed):
    rows = {r["article_id"]: r for r in read_table(streamed, "articles")}
    assert rows["copy"]["duplicate_of"] == "first"
    assert rows["copy"]["story_id"] == "first"
    assert rows["first"]["duplicate_of"] is None and rows["other"]["duplicate_of"] is None


def test_each_window_pane_is_its_own_complete_file(streamed):
    files = sorted(p.name for p in (streamed / "articles").rglob("*"))
    parquet = [f for f in files if f.endswith(".parquet")]
    # window 0 (first, other), the copy's window, and the late pane of that window
    assert len(parquet) == 3
    assert not [f for f in files if f.startswith(".")]
    # each pane committed and cleaned up: no staging or journal left behind
    assert not list((streamed / "_staging").glob("*")) and not list(
        (streamed / "_commits").glob("*"))
    assert sum(f.startswith("part-19700101T030000") for f in parquet) == 2


def test_memory_is_saved_for_a_restart(streamed, real_bodies, tmp_path):
    """A second run over the same output starts from the first run's saved memory."""
    again = _article("again", _copy(real_bodies[20], 2), 5 * HOUR)
    stream = (EventStream().add_elements([TimestampedValue(again, 5 * HOUR)])
              .advance_watermark_to_infinity())
    _run(stream, tmp_path, str(streamed / "_state" / "dedup"))
    (row,) = read_table(tmp_path, "articles")
    assert row["duplicate_of"] == "first"


def test_a_damaged_saved_memory_file_is_skipped(streamed, real_bodies, tmp_path):
    """A restart over a state folder with a broken file still runs; the rest is remembered."""
    import shutil

    state = tmp_path / "state"
    shutil.copytree(streamed / "_state" / "dedup", state)
    (state / "000000000000000-broken.json").write_bytes(b"{not json")
    again = _article("again2", _copy(real_bodies[20], 3), 6 * HOUR)
    stream = (EventStream().add_elements([TimestampedValue(again, 6 * HOUR)])
              .advance_watermark_to_infinity())
    _run(stream, tmp_path / "out", str(state))
    (row,) = read_table(tmp_path / "out", "articles")
    assert row["duplicate_of"] == "first"
