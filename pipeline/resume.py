"""What a streaming run finds in its output directory when it starts.

A restart must not ingest again what an earlier run wrote: the inputs it already turned into
rows are read off the articles and rejects tables (a file by its path, a feed entry by its
feed and entry id, see transforms/sources/stream.input_key). Only committed rows are there:
a window's rows of all tables are staged outside the table folders and published in one
commit (transforms/commit.py), so an input with rows has all of them. Inputs that were in
flight, or whose window had not committed, when the earlier run stopped left no rows, so
they are ingested again in full: none is lost, none doubled. Files a killed writer of saved
memory left half-written (hidden `.inprogress-*` names) are removed.
"""

from __future__ import annotations

import pyarrow.parquet as pq
from apache_beam.io.filesystems import FileSystems

from transforms.commit import INPROGRESS_PREFIX, files_under
from transforms.sources.stream import input_key

STATE_DIR = "_state"


def _files(folder: str) -> list[str]:
    """Every file under `folder` (local, gs://, s3://); a local output whose name holds glob
    characters ('[x] out') is walked, not globbed."""
    return files_under(folder)


def _name(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]


def ingested_inputs(output_dir: str) -> frozenset[str]:
    """Keys of the inputs that have rows in `output_dir`'s articles or rejects tables."""
    keys: set[str] = set()
    for table in ("articles", "rejects"):
        for path in _files(f"{output_dir}/{table}"):
            if not path.endswith(".parquet") or _name(path).startswith((".", "_")):
                continue
            with FileSystems.open(path) as handle:
                columns = pq.read_table(handle, columns=["source_uri", "entry_id"]).to_pydict()
            keys.update(input_key(uri, entry)
                        for uri, entry in zip(columns["source_uri"], columns["entry_id"],
                                              strict=True))
    return frozenset(keys)


def remove_partial_files(output_dir: str) -> int:
    """Delete in-progress files a stopped writer left; returns how many."""
    partial = [p for p in _files(output_dir) if _name(p).startswith(INPROGRESS_PREFIX)]
    if partial:
        FileSystems.delete(partial)
    return len(partial)


def dedup_state_dir(output_dir: str) -> str:
    """Where the dedup memory is saved between runs (a stream's windows, batch runs' days)."""
    return f"{output_dir}/{STATE_DIR}/dedup"


def events_state_dir(output_dir: str) -> str:
    """Where the streaming event-cluster memory is saved between runs."""
    return f"{output_dir}/{STATE_DIR}/events"
