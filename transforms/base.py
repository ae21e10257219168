"""Helpers every stage shares: stable ids, reject rows, and the dead-letter DoFn shell.

Records flowing between stages are plain dicts. A stage's pure function either returns its
output record(s) or raises `Rejected(error, detail)`; the shell turns that (and any unexpected
exception) into a reject row for the rejects table, so bad input never crashes a run and
never disappears.
"""

from __future__ import annotations

import collections
import hashlib
import logging
import os
import pickle
import threading
import time
import uuid
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import apache_beam as beam
from apache_beam import pvalue

from transforms.progress import count

logger = logging.getLogger(__name__)

REJECTS_TAG = "rejects"
Record = dict[str, Any]


def pack_record(record: Record) -> bytes:
    """A record as compressed bytes, for records that wait in a shuffle (a join on id): the
    DirectRunner holds every waiting element in memory, at several times its encoded size,
    and article texts compress to about a third. zlib level 1: ~20 µs per article."""
    return zlib.compress(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack_record(data: bytes) -> Record:
    """The record `pack_record` packed."""
    return pickle.loads(zlib.decompress(data))


class Rejected(Exception):
    """An input that cannot go on; `error` is a short class, `detail` a readable reason.
    `record`: the part of a stage's input it stands for, when a stage function yields it for
    one of several inputs it reads (the records of a WARC range) instead of raising it."""

    def __init__(self, error: str, detail: str, record: Record | None = None) -> None:
        super().__init__(f"{error}: {detail}")
        self.error = error
        self.detail = detail
        self.record = record

    def __reduce__(self):  # picklable with its fields (a pool process sends it back)
        return Rejected, (self.error, self.detail, self.record)


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
        "source_offset": record.get("source_offset"),
    }


def call_stage(stage: str, fn: Callable[..., Iterable[Record]], record: Record,
               **side_inputs: Any) -> list[Record | Rejected]:
    """A stage function's outputs for one record, each Rejected it yields among them; what it
    raises becomes one Rejected (an unexpected exception too, reported with its class name),
    so one bad record never fails the bundle."""
    try:
        return list(fn(record, **side_inputs))
    except Rejected as e:
        return [Rejected(e.error, e.detail)]
    except Exception as e:  # noqa: BLE001 - a stage bug must not lose the input
        logger.warning("%s failed on %s: %r", stage, record.get("source_uri"), e)
        return [Rejected(type(e).__name__, f"unexpected error in {stage}: {e}")]


class StageFn(beam.DoFn):
    """Runs a pure per-record function; its rejects go to the `rejects` output.

    `fn(record) -> iterable of records` may raise `Rejected` for expected bad input (or yield
    one, with its `record`, for one part of the input); any other exception is also caught
    (reported with its class name) so one bad record never fails the bundle. Counters: `<stage>_in`, `<stage>_out`, `<stage>_rejected_<error>`.
    """

    def __init__(self, stage: str, fn: Callable[..., Iterable[Record]]) -> None:
        self._stage = stage
        self._fn = fn

    def setup(self) -> None:
        self._in, self._out = f"{self._stage}_in", f"{self._stage}_out"
        freeze_worker_heap()

    def process(self, record, **side_inputs):
        count(self._in)
        yield from self._emit(record, call_stage(self._stage, self._fn, record, **side_inputs))

    def _emit(self, record: Record, outputs: list[Record | Rejected]) -> Iterator:
        """The good records and reject rows of one record's `call_stage` outputs."""
        for output in outputs:
            if isinstance(output, Rejected):
                yield self._reject(output.record or record, output.error, output.detail)
            else:
                count(self._out)
                yield output

    def _reject(self, record: Record, error: str, detail: str) -> pvalue.TaggedOutput:
        count(f"{self._stage}_rejected_{error}")
        return pvalue.TaggedOutput(REJECTS_TAG, reject_row(record, self._stage, error, detail))


# --- a stage function run in a pool of processes ---------------------------------------------

# One pool per process, kind and size, shared by every PooledStageFn instance: a runner may
# make a DoFn instance per bundle processor and tear few of them down (Prism made four pools).
_POOLS: dict[tuple[str, int], Any] = {}
_POOLS_LOCK = threading.Lock()
PROCESSES, THREADS = "processes", "threads"


def _exit_with_parent(parent: int) -> None:
    """In a pool process: exit when the worker that started it is gone (a SIGKILLed worker
    cannot stop its pool, and an orphan would hold the terminal and memory forever)."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _shared_pool(kind: str, size: int):
    with _POOLS_LOCK:
        pool = _POOLS.get((kind, size))
        if pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

            pool = _POOLS[kind, size] = (
                ThreadPoolExecutor(size, thread_name_prefix="newsbeam-stage") if kind == THREADS
                else ProcessPoolExecutor(size, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=_exit_with_parent, initargs=(os.getpid(),)))
        return pool


def _drop_pool(kind: str, size: int, pool) -> None:
    """Forget a broken pool (the next record starts a new one)."""
    with _POOLS_LOCK:
        if _POOLS.get((kind, size)) is pool:
            del _POOLS[kind, size]
    pool.shutdown(wait=False, cancel_futures=True)


class PooledStageFn(StageFn):
    """StageFn whose function runs in a pool of `size` processes or threads (`kind`).

    Processes: for a CPU-heavy stage on a runner that gives Python one worker process (Prism
    runs one SDK worker; the GIL keeps it on one core). Threads: for a stage that waits on
    the network (fetching pages), so that one slow server does not hold up the rest.

    Each record is sent to the pool as it arrives; at most `size * 4` are in flight per
    bundle, and their outputs leave in input order with the record's own timestamp and
    window, so the rest of the bundle runs while the pool works. A bundle ends only when all
    of its records are done: nothing is lost if the worker dies. A record whose pool process
    dies is retried alone once in a new pool, then rejected (WorkerCrashed). The function
    must not count Beam metrics: they would be counted in the pool's processes, or dropped
    in its threads (Beam's metrics belong to the bundle's thread). No side inputs. Processes
    (sent the function with each record, so it must pickle small) are one pool per worker
    process, started at the first record and spawned (not forked: the SDK worker runs gRPC
    threads); threads share the function object, which must be thread-safe."""

    def __init__(self, stage: str, fn: Callable[..., Iterable[Record]], size: int,
                 kind: str = PROCESSES) -> None:
        super().__init__(stage, fn)
        if kind not in (PROCESSES, THREADS):
            raise ValueError(f"pool kind must be {PROCESSES!r} or {THREADS!r}, not {kind!r}")
        self._size = size
        self._kind = kind

    def setup(self) -> None:
        super().setup()
        self._inflight: collections.deque = collections.deque()

    def start_bundle(self) -> None:
        self._inflight.clear()

    def process(self, record, timestamp=beam.DoFn.TimestampParam,
                window=beam.DoFn.WindowParam):
        count(self._in)
        pool = _shared_pool(self._kind, self._size)
        self._inflight.append((record, timestamp, window, pool,
                               pool.submit(call_stage, self._stage, self._fn, record)))
        while len(self._inflight) > self._size * 4:
            yield from self._finish_oldest()

    def finish_bundle(self):
        while self._inflight:
            yield from self._finish_oldest()

    def _result(self, record: Record, pool, future) -> list[Record | Rejected]:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return future.result()
        except BrokenProcessPool:
            _drop_pool(self._kind, self._size, pool)
        pool = _shared_pool(self._kind, self._size)
        try:  # alone: if the pool breaks again, this record is the one that breaks it
            return pool.submit(call_stage, self._stage, self._fn, record).result()
        except BrokenProcessPool:
            _drop_pool(self._kind, self._size, pool)
            logger.warning("%s: a pool process died on %s", self._stage, record.get("source_uri"))
            return [Rejected("WorkerCrashed",
                             f"the {self._stage} process died on this input (crash or out of memory)")]

    def _finish_oldest(self) -> Iterator:
        from apache_beam.utils.windowed_value import WindowedValue

        record, timestamp, window, pool, future = self._inflight.popleft()
        for output in self._emit(record, self._result(record, pool, future)):
            if isinstance(output, pvalue.TaggedOutput):
                yield pvalue.TaggedOutput(output.tag,
                                          WindowedValue(output.value, timestamp, (window,)))
            else:
                yield WindowedValue(output, timestamp, (window,))


def apply_stage(pcoll: beam.PCollection, label: str, stage: str,
                fn: Callable[..., Iterable[Record]], processes: int = 0, threads: int = 0,
                **side_inputs: Any) -> tuple[beam.PCollection, beam.PCollection]:
    """Apply `fn` (with any side inputs, by keyword) as stage `stage`; in a pool of
    `processes` processes, or of `threads` threads, when it is 1 or more (PooledStageFn).

    Returns (good records, reject rows)."""
    if processes >= 1 and threads >= 1:
        raise ValueError("a pooled stage runs in processes or in threads, not both")
    if processes >= 1 or threads >= 1:
        if side_inputs:
            raise ValueError("a pooled stage takes no side inputs")
        dofn: StageFn = (PooledStageFn(stage, fn, processes) if processes >= 1
                         else PooledStageFn(stage, fn, threads, THREADS))
    else:
        dofn = StageFn(stage, fn)
    results = (pcoll
               | label >> beam.ParDo(dofn, **side_inputs)
               .with_outputs(REJECTS_TAG, main="ok"))
    return results.ok, results[REJECTS_TAG]


def merge(pcolls: list[beam.PCollection], label: str) -> beam.PCollection:
    """The PCollections as one (a Flatten labelled `label`); a single one as it is. Prism
    materialises even a one-input Flatten, a fusion break that sent every fetched page of a
    stream through the runner between fetching and extraction (the stream ran 1.4x slower)."""
    if len(pcolls) == 1:
        return pcolls[0]
    return pcolls | label >> beam.Flatten()


@dataclass
class _KeySlot:
    lock: threading.Lock = field(default_factory=threading.Lock)
    holders: int = 0                 # bundles holding or waiting for the lock
    value: object = None             # the value last written in this process


class KeyedCell:
    """One key's state while held: reads prefer the value last written in this worker, then
    Beam state; writes go to both (Beam state first: it is the durable copy)."""

    def __init__(self, slot: _KeySlot, state=None) -> None:
        self._slot = slot
        self._state = state

    def read(self, default: object = None) -> object:
        value = self._slot.value
        if value is None and self._state is not None:
            value = self._state.read()
        return default if value is None else value

    def write(self, value: object) -> None:
        if self._state is not None:
            self._state.write(value)
        self._slot.value = value


class KeyedMemory:
    """Serialises a stateful DoFn's work per key within a worker process, and keeps each
    key's latest state value there.

    Beam state is the durable copy, but Prism can run two bundles of one key at once (a
    slow feed poll overlapping the next), each reading the state as it was before the
    other: a feed failure would be reported twice, a file read twice. Holding a per-key
    lock and preferring the value last written in this process closes that gap for runners
    that keep a key on one worker (Prism, Flink and Dataflow do). Keys nobody holds are
    forgotten beyond `MAX_IDLE_KEYS`, oldest first: their state is in Beam already.
    """

    MAX_IDLE_KEYS = 10_000
    _lock = threading.Lock()
    _slots: OrderedDict[tuple[str, object], _KeySlot] = OrderedDict()

    def __init__(self) -> None:
        self._token = uuid.uuid4().hex   # one per transform instance: pipelines never share

    @contextmanager
    def hold(self, key: object, state=None, wait: bool = True) -> Iterator[KeyedCell | None]:
        """The key's cell, over Beam `state` if given, while its lock is held; None, without
        waiting, when `wait` is off and another bundle holds the key."""
        slots = KeyedMemory._slots
        with KeyedMemory._lock:
            slot = slots.setdefault((self._token, key), _KeySlot())
            slots.move_to_end((self._token, key))
            slot.holders += 1
        acquired = slot.lock.acquire(blocking=wait)
        try:
            yield KeyedCell(slot, state) if acquired else None
        finally:
            if acquired:
                slot.lock.release()
            with KeyedMemory._lock:
                slot.holders -= 1
                _forget_idle(slots, len(slots) - KeyedMemory.MAX_IDLE_KEYS)


def _forget_idle(slots: OrderedDict, excess: int) -> None:
    """Drop up to `excess` of the least recently used slots that nobody holds."""
    if excess <= 0:
        return
    idle = []
    for name, slot in slots.items():
        if slot.holders == 0:
            idle.append(name)
            if len(idle) == excess:
                break
    for name in idle:
        del slots[name]


# The run's ledger: units that each end as exactly one article or reject row (records read
# from files and archives), and reject rows made before a record exists (a file that cannot
# be read, a broken link). Counted where they are made, before any shuffle, so that rows lost
# on their way between stages show up as a difference (pipeline/ledger.py).
LEDGER_RECORDS = "ledger_records"
LEDGER_SOURCE_REJECTS = "ledger_source_rejects"
LEDGER_FEED_ENTRIES = "ledger_feed_entries"  # apart from file records: progress tells them apart
LEDGER_FEED_REJECTS = "ledger_feed_rejects"


def count_into(counter: str):
    """A pass-through step counting its elements under `counter`."""
    def count_one(element):
        count(counter)
        return element
    return beam.Map(count_one)


# --- worker processes ------------------------------------------------------------------------

_SDK_WORKER_MAIN = "apache_beam.runners.worker.sdk_worker_main"


def _exit_without_teardown() -> None:
    """Registered with atexit in a Beam SDK worker process: once the harness has returned
    (its bundles done, its log handler closed), skip the interpreter's teardown of a heap
    of models and indexes (~0.3 s per worker, and the local runner stops its workers one
    after another). A worker leaving on an exception keeps Python's exit and its status."""
    import sys

    if getattr(sys, "last_value", None) is not None:
        return
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            pass
    os._exit(0)


def _in_sdk_worker() -> bool:
    import __main__

    spec = getattr(__main__, "__spec__", None)
    return spec is not None and spec.name == _SDK_WORKER_MAIN


def load_models() -> None:
    """Load every model and index a worker's stages load in DoFn.setup or on first use
    (the local engine's fork server loads them once for all its workers; benchmarks/
    startup.py times them)."""
    from transforms.events import gazetteer, model
    from transforms.text import clean, dates, language

    gazetteer.index()
    model.model()
    clean._model()
    language._init_detector()
    dates.find_dates("Published on 3 March 2021")  # compiles the date patterns


def mark_sdk_worker() -> None:
    """Called by a worker that the local engine forked (pipeline/local_engine.py), whose
    `__main__` is not Beam's worker module."""
    global _IN_SDK_WORKER
    _IN_SDK_WORKER = True


def freeze_worker_heap() -> None:
    """In a Beam SDK worker, after a DoFn's setup has loaded its models and indexes: move
    everything alive out of the cyclic garbage collector's reach (gc.freeze). They live as
    long as the worker, and every full collection walked them again (~80 ms each, a few
    times per thousand pages). Elsewhere (tests, the runner's own process, which build
    many pipelines) nothing is frozen."""
    if _IN_SDK_WORKER:
        import gc

        gc.freeze()


_IN_SDK_WORKER = _in_sdk_worker()
if _IN_SDK_WORKER:
    import atexit

    atexit.register(_exit_without_teardown)
