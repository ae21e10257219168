"""The output directory of a run: its lock, its staging folder, and the commit at the end.

A batch run writes every table into `DIR/_staging/<run_id>/` and, when the pipeline has
finished, replaces its own `ingest_date` folder of each table in one commit
(transforms/commit.py): other days stay as they were, a rerun of a day replaces that day,
and `--replace-all` retires every other day too. A run that fails or is killed before the
commit leaves DIR as it was; the next run deletes its staging.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass

from schemas.tables import TABLES
from transforms.commit import (
    Move,
    commit,
    delete_tree,
    files_under,
    recover,
    staging_dir,
    write_atomically,
)
from transforms.write import empty_table_file, parquet_bytes

logger = logging.getLogger("newsbeam")
STATE_DIR = "_state"


@dataclass(frozen=True)
class Run:
    """One run's identity: its id names its staging folder and fills `run_id`."""

    run_id: str
    started: dt.datetime

    @classmethod
    def new(cls) -> Run:
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        return cls(f"{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}", now)


def clean_up(output_dir: str) -> None:
    """Complete or discard what dead runs left (call it holding the lock)."""
    completed, removed = recover(output_dir)
    if completed:
        logger.info("completed %d commit(s) an interrupted run had started", completed)
    if removed:
        logger.info("removed the unpublished files of %d earlier run(s)", removed)


def discard_staging(output_dir: str, run: Run) -> None:
    """Remove a failed run's unpublished files (best effort: the next run would too)."""
    try:
        delete_tree(staging_dir(output_dir, run.run_id))
    except Exception:  # noqa: BLE001 - the failure being reported matters more
        logger.warning("could not remove %s", staging_dir(output_dir, run.run_id), exc_info=True)


def publish_batch(output_dir: str, run: Run, day: dt.date, replace_all: bool = False) -> None:
    """Commit the run's staged tables as its day's partitions (and its saved state)."""
    staging = staging_dir(output_dir, run.run_id)
    moves, retire = [], []
    for table in TABLES:
        staged = f"{staging}/{table}/ingest_date={day.isoformat()}"
        if not any(f.endswith(".parquet") for f in files_under(staged)):
            partition, name = empty_table_file(table, day)
            write_atomically(f"{staging}/{table}/{partition}/{name}",
                             parquet_bytes(table, [], "zstd"))
        moves.append(Move(staged, f"{output_dir}/{table}/ingest_date={day.isoformat()}",
                          replace=True))
        if replace_all:
            retire.append(f"{output_dir}/{table}")
    if replace_all:
        retire.append(f"{output_dir}/{STATE_DIR}")
    state = f"{staging}/{STATE_DIR}"
    moves += [Move(f, output_dir + f[len(staging):]) for f in files_under(state)]
    commit(output_dir, run.run_id, moves, retire)


def keep_tables_readable(output_dir: str, run: Run, day: dt.date) -> None:
    """A stream commits a table's files only once it has rows: until then a zero-row file
    (committed like a window) keeps each table readable with its columns."""
    missing = [t for t in TABLES
               if not any(f.endswith(".parquet") for f in files_under(f"{output_dir}/{t}"))]
    if not missing:
        return
    name = f"empty-{run.run_id}"
    staging = staging_dir(output_dir, name)
    moves = []
    for table in missing:
        partition, file_name = empty_table_file(table, day)
        relative = f"{table}/{partition}/{file_name}"
        write_atomically(f"{staging}/{relative}", parquet_bytes(table, [], "zstd"))
        moves.append(Move(f"{staging}/{relative}", f"{output_dir}/{relative}"))
    commit(output_dir, name, moves)
