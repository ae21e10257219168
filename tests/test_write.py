import datetime as dt

import apache_beam as beam
import pyarrow.parquet as pq

from schemas.tables import FILE_SCHEMAS, HIVE_NULL
from transforms.commit import INPROGRESS_PREFIX
from transforms.write import (
    WriteConfig,
    WriteTable,
    parquet_bytes,
    partition_path,
    partition_value,
)

RUN = {"run_id": "r1", "ingested_at": dt.datetime(2026, 1, 2, tzinfo=dt.UTC)}


def _reject(i: int, stage: str) -> dict:
    return {"source_uri": f"/in/{i}.txt", "stage": stage, "error": "E", "detail": "d",
            "source_line": None, "input_id": None}


def test_partition_values():
    assert partition_value(None) == HIVE_NULL
    assert partition_value(dt.date(2013, 2, 7)) == "2013-02-07"
    assert partition_value(dt.datetime(2013, 2, 7, 23, 59, tzinfo=dt.UTC)) == "2013-02-07"
    assert partition_value("a/b=c") == "a%2Fb%3Dc"
    assert partition_path("events", {"ingest_date": None}) == f"ingest_date={HIVE_NULL}"


def test_parquet_bytes_follow_the_file_schema(tmp_path):
    path = tmp_path / "x.parquet"
    path.write_bytes(parquet_bytes("rejects", [_reject(1, "read")], "zstd", RUN))
    table = pq.read_table(path)
    assert table.schema.equals(FILE_SCHEMAS["rejects"])
    assert "stage" not in table.column_names  # partition columns live in directory names


def test_write_table_shards_atomically_and_deterministically(tmp_path):
    rows = [_reject(i, "read" if i % 3 else "decode") for i in range(30)]
    outputs = []
    for name in ("a", "b"):
        config = WriteConfig(output_dir=str(tmp_path / name), max_rows_per_file=4, **RUN)
        with beam.Pipeline("FnApiRunner") as p:
            _ = p | beam.Create(rows) | WriteTable("rejects", config)
        outputs.append({f.relative_to(tmp_path / name): f.read_bytes()
                        for f in (tmp_path / name).rglob("*") if f.is_file()})
    assert outputs[0] == outputs[1]
    names = [str(p) for p in outputs[0]]
    assert not any(INPROGRESS_PREFIX in n for n in names)
    read_files = [n for n in names if "/stage=read/" in n]
    assert len(read_files) == 5  # 20 rows, at most 4 per file
    total = sum(pq.read_table(tmp_path / "a" / n).num_rows for n in names)
    assert total == 30


def test_all_unknown_dates_still_give_a_typed_partition_column(tmp_path):
    import pyarrow.dataset as ds

    rows = [{"event_id": f"{i:032x}", "article_id": "a", "event_cluster_id": "c",
             "event_type": "Battles", "sub_event_type": "Armed clash", "event_date": None,
             "evidence": "x", "confidence": 0.9, "cluster_head": True,
             "ingest_date": dt.date(2026, 1, 2)} for i in range(3)]
    config = WriteConfig(output_dir=str(tmp_path), **RUN)
    with beam.Pipeline("FnApiRunner") as p:
        _ = p | beam.Create(rows) | WriteTable("events", config)
    table = ds.dataset(tmp_path / "events", format="parquet", partitioning="hive").to_table()
    assert table.num_rows == 3 and table.column("event_date").null_count == 3
    assert str(table.schema.field("event_date").type) == "date32[day]"
