import datetime as dt

import apache_beam as beam
import pyarrow.parquet as pq

from schemas.tables import FILE_SCHEMAS, HIVE_NULL
from transforms.write import (
    INPROGRESS_PREFIX,
    WriteConfig,
    WriteTable,
    parquet_bytes,
    partition_path,
    partition_value,
)

DAY = dt.date(2026, 1, 2)
RUN = {"run_id": "run-1", "ingested_at": dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC)}


def _reject(i: int, stage: str) -> dict:
    return {"source_uri": f"/in/{i}.txt", "stage": stage, "error": "E", "detail": "d",
            "source_line": None, "input_id": None, "ingest_date": DAY}


def test_partition_values():
    assert partition_value(None) == HIVE_NULL
    assert partition_value(dt.date(2013, 2, 7)) == "2013-02-07"
    assert partition_value(dt.datetime(2013, 2, 7, 23, 59, tzinfo=dt.UTC)) == "2013-02-07"
    assert partition_value("a/b=c") == "a%2Fb%3Dc"
    assert partition_path("rejects", {"ingest_date": DAY, "stage": None}) == \
        f"ingest_date=2026-01-02/stage={HIVE_NULL}"
    assert partition_path("events", {"ingest_date": DAY, "event_date": None}) == \
        "ingest_date=2026-01-02"


def test_parquet_bytes_follow_the_file_schema(tmp_path):
    path = tmp_path / "x.parquet"
    path.write_bytes(parquet_bytes("rejects", [_reject(1, "read")], "zstd", RUN))
    table = pq.read_table(path)
    assert table.schema.equals(FILE_SCHEMAS["rejects"])
    # partition columns live in directory names; the run columns are in every row
    assert "stage" not in table.column_names and "ingest_date" not in table.column_names
    assert table.column("run_id").to_pylist() == ["run-1"]


def test_write_table_shards_atomically_and_deterministically(tmp_path):
    rows = [_reject(i, "read" if i % 3 else "decode") for i in range(30)]
    outputs = []
    for name in ("a", "b"):
        config = WriteConfig(output_dir=str(tmp_path / name), max_rows_per_file=4,
                             run_id=RUN["run_id"], ingested_at=RUN["ingested_at"])
        with beam.Pipeline("FnApiRunner") as p:
            _ = p | beam.Create(rows) | WriteTable("rejects", config)
        outputs.append({f.relative_to(tmp_path / name): f.read_bytes()
                        for f in (tmp_path / name).rglob("*") if f.is_file()})
    assert outputs[0] == outputs[1]
    names = [str(p) for p in outputs[0]]
    assert not any(INPROGRESS_PREFIX in n for n in names)
    read_files = [n for n in names if n.startswith("rejects/ingest_date=2026-01-02/stage=read/")]
    assert len(read_files) == 5  # 20 rows, at most 4 per file
    total = sum(pq.read_table(tmp_path / "a" / n).num_rows for n in names)
    assert total == 30


def test_events_are_sorted_by_day_with_statistics_undated_last(tmp_path):
    days = [dt.date(2026, 1, d) if d else None for d in (5, None, 1, 3, None)]
    rows = [{"event_id": f"{i:032x}", "article_id": "a", "event_cluster_id": "c",
             "event_type": "Battles", "sub_event_type": "Armed clash", "event_date": day,
             "evidence": "x", "confidence": 0.9, "cluster_head": True, "ingest_date": DAY}
            for i, day in enumerate(days)]
    config = WriteConfig(output_dir=str(tmp_path), run_id="r", ingested_at=RUN["ingested_at"])
    with beam.Pipeline("FnApiRunner") as p:
        _ = p | beam.Create(rows) | WriteTable("events", config)
    (path,) = (tmp_path / "events" / "ingest_date=2026-01-02").glob("*.parquet")
    assert pq.read_table(path).column("event_date").to_pylist() == [
        dt.date(2026, 1, 1), dt.date(2026, 1, 3), dt.date(2026, 1, 5), None, None]
    stats = pq.ParquetFile(path).metadata.row_group(0).column(
        FILE_SCHEMAS["events"].get_field_index("event_date")).statistics
    assert stats.has_min_max and (stats.min, stats.max) == (dt.date(2026, 1, 1), dt.date(2026, 1, 5))
