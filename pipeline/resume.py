"""What a streaming run finds in its output directory when it starts.

A restart must not ingest again what an earlier run wrote: the inputs it already turned into
rows are read off the articles and rejects tables (a file by its path, a feed entry by its
feed and entry id, see transforms/stream_sources.input_key). Inputs that were in flight when
the earlier run stopped left no rows, so they are ingested again: none is lost. Files a
killed writer left half-written (hidden `.inprogress-*` names) are removed.
"""

from __future__ import annotations

import os

import pyarrow.parquet as pq

from transforms.stream_sources import input_key
from transforms.write import INPROGRESS_PREFIX

STATE_DIR = "_state"


def _parquet_files(folder: str) -> list[str]:
    return sorted(os.path.join(d, f) for d, _, files in os.walk(folder) for f in files
                  if f.endswith(".parquet") and not f.startswith((".", "_")))


def ingested_inputs(output_dir: str) -> frozenset[str]:
    """Keys of the inputs that have rows in `output_dir`'s articles or rejects tables."""
    keys: set[str] = set()
    for table in ("articles", "rejects"):
        for path in _parquet_files(os.path.join(output_dir, table)):
            columns = pq.read_table(path, columns=["source_uri", "entry_id"]).to_pydict()
            keys.update(input_key(uri, entry)
                        for uri, entry in zip(columns["source_uri"], columns["entry_id"], strict=True))
    return frozenset(keys)


def remove_partial_files(output_dir: str) -> int:
    """Delete in-progress files a stopped writer left; returns how many."""
    removed = 0
    for folder, _, files in os.walk(output_dir):
        for name in files:
            if name.startswith(INPROGRESS_PREFIX):
                os.remove(os.path.join(folder, name))
                removed += 1
    return removed


def dedup_state_dir(output_dir: str) -> str:
    """Where the streaming dedup memory is saved between runs."""
    return f"{output_dir}/{STATE_DIR}/dedup"
