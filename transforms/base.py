"""Helpers every stage shares: stable ids, reject rows, and the dead-letter DoFn shell.

Records flowing between stages are plain dicts. A stage's pure function either returns its
output record(s) or raises `Rejected(error, detail)`; the shell turns that (and any unexpected
exception) into a reject row for the rejects table, so bad input never crashes a run and
never disappears.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import uuid
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from typing import Any

import apache_beam as beam
from apache_beam import pvalue

logger = logging.getLogger(__name__)

REJECTS_TAG = "rejects"
Record = dict[str, Any]


class Rejected(Exception):
    """An input that cannot go on; `error` is a short class, `detail` a readable reason."""

    def __init__(self, error: str, detail: str) -> None:
        super().__init__(f"{error}: {detail}")
        self.error = error
        self.detail = detail


def stable_id(*parts: object) -> str:
    """A 128-bit hex id from the parts: same parts, same id, on every run and runner."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part if isinstance(part, bytes) else ("" if part is None else str(part)).encode()
        h.update(len(data).to_bytes(8, "little"))  # length prefix: ("ab","c") != ("a","bc")
        h.update(data)
    return h.hexdigest()


def reject_row(record: Record, stage: str, error: str, detail: str) -> Record:
    """The rejects-table row for `record`, which failed at `stage`."""
    return {
        "source_uri": record.get("source_uri") or "",
        "stage": stage,
        "error": error,
        "detail": detail[:1000],
        "source_line": record.get("source_line"),
        "input_id": record.get("article_id"),
        "entry_id": record.get("entry_id"),
    }


class StageFn(beam.DoFn):
    """Runs a pure per-record function; its rejects go to the `rejects` output.

    `fn(record) -> iterable of records` may raise `Rejected` for expected bad input; any other
    exception is also caught (reported with its class name) so one bad record never fails
    the bundle. Counters: `<stage>_in`, `<stage>_out`, `<stage>_rejected_<error>`.
    """

    def __init__(self, stage: str, fn: Callable[..., Iterable[Record]]) -> None:
        self._stage = stage
        self._fn = fn

    def setup(self) -> None:
        self._in = beam.metrics.Metrics.counter("newsbeam", f"{self._stage}_in")
        self._out = beam.metrics.Metrics.counter("newsbeam", f"{self._stage}_out")

    def process(self, record, **side_inputs):
        self._in.inc()
        try:
            outputs = list(self._fn(record, **side_inputs))
        except Rejected as e:
            yield self._reject(record, e.error, e.detail)
            return
        except Exception as e:  # noqa: BLE001 - a stage bug must not lose the input
            logger.warning("%s failed on %s: %r", self._stage, record.get("source_uri"), e)
            yield self._reject(record, type(e).__name__, f"unexpected error in {self._stage}: {e}")
            return
        self._out.inc(len(outputs))
        yield from outputs

    def _reject(self, record: Record, error: str, detail: str) -> pvalue.TaggedOutput:
        beam.metrics.Metrics.counter("newsbeam", f"{self._stage}_rejected_{error}").inc()
        return pvalue.TaggedOutput(REJECTS_TAG, reject_row(record, self._stage, error, detail))


def apply_stage(pcoll: beam.PCollection, label: str, stage: str,
                fn: Callable[..., Iterable[Record]],
                **side_inputs: Any) -> tuple[beam.PCollection, beam.PCollection]:
    """Apply `fn` (with any side inputs, by keyword) as stage `stage`.

    Returns (good records, reject rows)."""
    results = (pcoll
               | label >> beam.ParDo(StageFn(stage, fn), **side_inputs)
               .with_outputs(REJECTS_TAG, main="ok"))
    return results.ok, results[REJECTS_TAG]


class KeyedMemory:
    """Serialises a stateful DoFn's work per key within a worker process, and keeps each
    key's latest state value there.

    Beam state is the durable copy, but Prism was seen here running two bundles of one key
    at once (a slow feed poll overlapped the next), each reading the state as it was before
    the other: a feed failure was reported twice, and a file could be read twice. Holding a
    per-key lock and preferring the value last written in this process closes that gap for
    runners that keep a key on one worker (Prism, Flink, Dataflow all do).
    """

    _lock = threading.Lock()
    _keys: dict[tuple[str, object], threading.Lock] = {}
    _values: dict[tuple[str, object], object] = {}

    def __init__(self) -> None:
        self._token = uuid.uuid4().hex   # one per transform instance: pipelines never share

    @contextmanager
    def hold(self, key: object, wait: bool = True):
        """The key's lock (yields False, without waiting, if `wait` is off and it is busy)."""
        with KeyedMemory._lock:
            lock = KeyedMemory._keys.setdefault((self._token, key), threading.Lock())
        acquired = lock.acquire(blocking=wait)
        try:
            yield acquired
        finally:
            if acquired:
                lock.release()

    def get(self, key: object, default: object = None) -> object:
        return KeyedMemory._values.get((self._token, key), default)

    def put(self, key: object, value: object) -> None:
        KeyedMemory._values[(self._token, key)] = value
