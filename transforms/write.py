"""Write stage: rows to Hive-partitioned Parquet files in a run's staging folder.

Each table's rows are keyed by their partition directory (`ingest_date=…/language=…`),
counted per partition, spread over ceil(count / max_rows_per_file) shards by a hash of the
row's id, grouped, sorted (schemas.tables.SORT_KEYS, so Parquet statistics prune) and written
one file per shard: the same rows give the same files on every run and runner, apart from the
run columns (run_id, ingested_at). Files go to `WriteConfig.root`, a staging folder outside the
tables; transforms/commit.py publishes them when the run is complete.

Streaming: `CommitWindows` gathers a window pane's rows of all three tables, stages their files
in the pane's own staging folder and publishes them in one commit, so a window's articles,
events and rejects are in the tables together or not at all.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq

from schemas.tables import FILE_SCHEMAS, HIVE_NULL, PARTITIONS, SORT_KEYS, TABLES
from transforms.base import Record, stable_id
from transforms.commit import Move, commit, staging_dir, write_atomically
from transforms.progress import count
from transforms.progress import flush as flush_progress


@dataclass(frozen=True)
class WriteConfig:
    output_dir: str
    max_rows_per_file: int = 20000
    compression: str = "zstd"
    run_id: str = ""
    ingested_at: dt.datetime | None = None  # None: when each file is written (streaming)
    staging_dir: str | None = None          # where files are written; None: output_dir

    def __post_init__(self) -> None:
        if self.max_rows_per_file < 1:
            raise ValueError("max_rows_per_file must be at least 1")

    @property
    def root(self) -> str:
        return self.staging_dir or self.output_dir

    def run_columns(self) -> Record:
        return {"run_id": self.run_id,
                "ingested_at": self.ingested_at or dt.datetime.now(dt.UTC)}


def partition_value(value: object) -> str:
    """A Hive partition value: dates as ISO days, missing as Hive's default partition."""
    if value is None or value == "":
        return HIVE_NULL
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    # '/' and '=' would break the directory layout; Hive escapes them the same way.
    return text.replace("%", "%25").replace("/", "%2F").replace("=", "%3D")


def partition_path(table: str, row: Record) -> str:
    """`key=value/…` for the row's partition of `table`."""
    return "/".join(f"{key}={partition_value(row.get(key))}" for key, _ in PARTITIONS[table])


def row_key(table: str, row: Record) -> str:
    """The id that orders and shards a table's rows."""
    if table == "articles":
        return row["article_id"]
    if table == "events":
        return row["event_id"]
    return stable_id(row["source_uri"], row.get("source_line"), row["stage"], row.get("input_id"))


def shard_of(key: str, shards: int) -> int:
    return int(key[:8], 16) % shards if shards > 1 else 0


def file_order(table: str, rows: Iterable[Record]) -> list[Record]:
    """Rows in their file order: the table's sort keys (missing values last), then its id."""
    keys = SORT_KEYS[table]

    def order(row: Record) -> tuple:
        values = (row.get(k) for k in keys)
        return (*((v is None, 0 if v is None else v) for v in values), row_key(table, row))

    return sorted(rows, key=order)


def parquet_bytes(table: str, rows: Iterable[Record], compression: str,
                  run: Record | None = None) -> bytes:
    """The Parquet file for `rows` (already in order), with the table's file schema; `run`
    fills the run columns (run_id, ingested_at) of every row."""
    schema = FILE_SCHEMAS[table]
    columns = {f.name: [] for f in schema}
    run = run or {}
    for row in rows:
        for name, values in columns.items():
            values.append(run[name] if name in run else row.get(name))
    arrays = [pa.array(columns[f.name], type=f.type) for f in schema]
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_arrays(arrays, schema=schema), buffer, compression=compression)
    return buffer.getvalue()


class _WriteFilesFn(beam.DoFn):
    """Writes one table's files, counting them and their rows."""

    def __init__(self, table: str, config: WriteConfig) -> None:
        self._table = table
        self._config = config

    def _write(self, partition: str, name: str, rows: list[Record]) -> str:
        config = self._config
        path = f"{config.root}/{self._table}/{partition}/{name}"
        write_atomically(path, parquet_bytes(self._table, rows, config.compression,
                                             config.run_columns()))
        beam.metrics.Metrics.counter("newsbeam", f"write_{self._table}_files").inc()
        count(f"write_{self._table}_rows", len(rows))
        flush_progress()
        return path


class _WriteShardFn(_WriteFilesFn):
    def process(self, element):
        (partition, shard, shards), rows = element
        yield self._write(partition, shard_file_name(partition, shard, shards),
                          file_order(self._table, rows))


def shard_file_name(partition: str, shard: int, shards: int) -> str:
    """`part-<day>-<shard>-of-<shards>.parquet`: the day keeps names unique when days'
    folders are moved together by hand."""
    day = partition.split("/", 1)[0].split("=", 1)[1].replace("-", "")
    return f"part-{day}-{shard:05d}-of-{shards:05d}.parquet"


class _TableWriter(beam.PTransform):
    """A writer of one of the tables in schemas/tables.py."""

    def __init__(self, table: str, config: WriteConfig) -> None:
        super().__init__()
        if table not in FILE_SCHEMAS:
            raise ValueError(f"unknown table {table!r}")
        self._table = table
        self._config = config


class WriteTable(_TableWriter):
    """Rows of one table → its Parquet files under `output_dir/<table>/`; outputs file paths."""

    def expand(self, rows):
        table, limit = self._table, self._config.max_rows_per_file
        keyed = rows | "KeyByPartition" >> beam.Map(lambda r: (partition_path(table, r), r))
        counts = (keyed
                  | "Keys" >> beam.Map(lambda kv: (kv[0], 1))
                  | "CountPerPartition" >> beam.CombinePerKey(sum))

        def assign_shard(kv: tuple[str, Record], counts: dict[str, int]):
            partition, row = kv
            shards = -(-counts[partition] // limit)
            return (partition, shard_of(row_key(table, row), shards), shards), row

        return (keyed
                | "AssignShard" >> beam.Map(assign_shard, counts=beam.pvalue.AsDict(counts))
                | "GroupByShard" >> beam.GroupByKey()
                | "WriteShard" >> beam.ParDo(_WriteShardFn(table, self._config)))


def window_start_name(window) -> str:
    """A window's start as it appears in file and commit names."""
    return dt.datetime.fromtimestamp(float(window.start), dt.UTC).strftime("%Y%m%dT%H%M%S")


def pane_files(table: str, rows: Iterable[Record], start: str,
               limit: int) -> Iterator[tuple[str, str, list[Record]]]:
    """(partition, file name, rows in file order) of one table's rows of one window pane.

    Named by window start and a digest of the file's row keys: a retried pane gives the same
    names, and a restarted run's window never overwrites the rows of the run before it."""
    by_partition: dict[str, list[Record]] = {}
    for row in rows:
        by_partition.setdefault(partition_path(table, row), []).append(row)
    for partition in sorted(by_partition):
        ordered = file_order(table, by_partition[partition])
        for first in range(0, len(ordered), limit):
            chunk = ordered[first:first + limit]
            digest = stable_id(table, *(row_key(table, r) for r in chunk))[:16]
            yield partition, f"part-{start}-{digest}.parquet", chunk


def pane_name(start: str, tagged: Iterable[tuple[str, Record]]) -> str:
    """The commit name of a window pane: its start and a digest of its (table, row key)s, so a
    retried pane recommits under the same name, and two panes of a window never collide."""
    keys = sorted(f"{table}/{row_key(table, row)}" for table, row in tagged)
    return f"window-{start}-{stable_id(*keys)[:16]}"


class _CommitPaneFn(beam.DoFn):
    """(key, [(table, row)] of one window pane) → the pane's files, committed together.

    Every table's files are written into the pane's staging folder, then published in one
    journaled commit (transforms/commit.py): a pane's rows are in the tables all or not at
    all, whatever moment the run is killed at. Outputs the published paths."""

    def __init__(self, config: WriteConfig) -> None:
        self._config = config

    def process(self, element, window=beam.DoFn.WindowParam) -> Iterator[str]:
        _, tagged = element
        tagged = list(tagged)
        config = self._config
        start = window_start_name(window)
        name = pane_name(start, tagged)
        staging = staging_dir(config.output_dir, name)
        run = config.run_columns()   # one ingested_at for the whole pane
        moves = []
        for table in TABLES:
            rows = [row for t, row in tagged if t == table]
            for partition, file_name, chunk in pane_files(table, rows, start,
                                                          config.max_rows_per_file):
                relative = f"{table}/{partition}/{file_name}"
                write_atomically(f"{staging}/{relative}",
                                 parquet_bytes(table, chunk, config.compression, run))
                moves.append(Move(f"{staging}/{relative}", f"{config.output_dir}/{relative}"))
                beam.metrics.Metrics.counter("newsbeam", f"write_{table}_files").inc()
                count(f"write_{table}_rows", len(chunk))
        commit(config.output_dir, name, moves)
        count("write_window_commits")
        flush_progress()
        yield from (m.final for m in moves)


PANE_KEY = "pane"   # one key: a window's rows of every table meet in one pane


class CommitWindows(beam.PTransform):
    """Windowed rows of all three tables → Parquet files, committed a window pane at a time
    (streaming); outputs the published file paths.

    Takes {table: rows} for some or all of "articles", "events" and "rejects", all in the same
    fixed windows.
    A pane fires when the watermark passes its window's end (and again for late rows); its
    rows of every table are staged and then published in one commit, so a run stopped at any
    moment leaves each window's rows either all in the tables or not there at all."""

    def __init__(self, config: WriteConfig) -> None:
        super().__init__()
        self._config = config

    def expand(self, tables):
        unknown = set(tables) - set(TABLES)
        if unknown:
            raise ValueError(f"unknown table(s) {sorted(unknown)}")
        tagged = [rows | f"Tag{table.title()}" >> beam.Map(
            lambda row, table=table: (PANE_KEY, (table, row)))
            for table, rows in sorted(tables.items())]
        return (tagged
                | "AllTables" >> beam.Flatten()
                | "GatherPane" >> beam.GroupByKey()
                | "CommitPane" >> beam.ParDo(_CommitPaneFn(self._config)))


# An empty table must still be readable with its columns (DuckDB, Spark and polars refuse a
# folder without files): a zero-row file under the day's folder, in a partition of a plain
# value (a __HIVE_DEFAULT_PARTITION__ would type the column as null for pandas and pyarrow).
EMPTY_PARTITION_VALUE = {"language": "und", "stage": "none"}


def empty_table_file(table: str, day: dt.date) -> tuple[str, str]:
    """(partition path, file name) of the zero-row file that keeps `table` readable."""
    keys = [key for key, _ in PARTITIONS[table]]
    partition = "/".join([f"ingest_date={day.isoformat()}",
                          *(f"{key}={EMPTY_PARTITION_VALUE[key]}" for key in keys[1:])])
    return partition, f"part-{day.isoformat().replace('-', '')}-empty.parquet"
