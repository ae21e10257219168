"""Dedup over time, for streaming: copies and stories link to articles of earlier windows.

The batch stage (transforms/dedup/batch.py) sees every article at once. A stream writes each
window's rows as soon as the window closes and never rewrites them, so here every article is
compared with those remembered from earlier windows (and earlier in its own window), and
links to the earliest: a copy arriving hours after its canonical still gets duplicate_of it.

`DedupIndex` is the memory, pure and deterministic: articles of a window are taken in
canonical order (transforms/dedup/rules.py's rank), each probed against the LSH band buckets and
passage-fingerprint buckets of what is remembered, then added. It forgets articles whose
window ended more than `horizon` seconds before the newest, and keeps at most
`max_articles` (the oldest go first). A newcomer links to a bucket's members by the batch
stage's cap (rules.bucket_partners), so each bucket keeps at most that many. Memory: ~22 KB per
remembered article of ~750 words (18.5 KB of index measured with tracemalloc over 5,000
real-length articles, plus its 3.5 KB saved chunk), so the default cap of 100,000 articles
is ~2.2 GB; lower --dedup-max-articles on a smaller worker.

`MarkDuplicatesOverTime` is the Beam side: facts (signature, fingerprints) are computed in
parallel; each window's articles are gathered under one key; `_RememberFn`, a stateful DoFn
in the global window (Beam state is per key *and* window), keeps the memory as Beam keyed
state: one bag of compact per-window chunks and a generation counter. The decoded index is
cached in the worker (base.KeyedMemory, which also keeps two windows from being processed
at once) and rebuilt from the bag when the state is newer than the cache (a new worker).
An article seen again (a retried bundle) keeps the columns it got the first time. Each chunk is also written to `<output>/_state/dedup/`, so a restarted
run starts with the memory of the one before it.

Differences from batch, by necessity: the canonical is the earliest *arrived* (then the
earliest published within a window), and an earlier row's story_overlap is not updated when
a later article joins its story.
"""

from __future__ import annotations

import base64
import json
import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import apache_beam as beam
import numpy as np
from apache_beam.coders import PickleCoder
from apache_beam.io.filesystems import FileSystems
from apache_beam.transforms import window as beam_window
from apache_beam.transforms.userstate import BagStateSpec, ReadModifyWriteStateSpec
from apache_beam.typehints import Any, Tuple

from transforms.base import KeyedCell, KeyedMemory, Record, stable_id
from transforms.commit import write_atomically
from transforms.dedup.rules import (
    DedupConfig,
    band_keys,
    bucket_partners,
    containment,
    dedup_facts,
    estimated_jaccard,
    is_story_link,
)
from transforms.windows import windowing

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class MemoryConfig:
    """How long and how much the streaming dedup remembers."""

    horizon_seconds: float = 7 * 24 * 3600
    max_articles: int = 100_000

    def __post_init__(self) -> None:
        if self.horizon_seconds <= 0:
            raise ValueError("dedup horizon must be positive")
        if self.max_articles < 1:
            raise ValueError("dedup memory sizes must be at least 1")


@dataclass
class _Remembered:
    seq: int
    time: float
    signature: np.ndarray
    fingerprints: np.ndarray
    bands: list[str]
    canonical: str
    story: str
    rank: tuple


class DedupIndex:
    """Remembered articles and their buckets; see the module docstring."""

    def __init__(self, dedup: DedupConfig, memory: MemoryConfig) -> None:
        self._dedup = dedup
        self._memory = memory
        self._articles: dict[str, _Remembered] = {}   # in insertion order
        # Bucket → its first members: one id as a plain str (most buckets), more as a list.
        self._bands: dict[str, str | list[str]] = {}
        self._passages: dict[int, str | list[str]] = {}
        self._seq = 0

    def __len__(self) -> int:
        return len(self._articles)

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._articles

    # --- probing ---

    def _copy_of(self, article_id: str, signature: np.ndarray,
                 bands: list[str]) -> tuple[str, float] | None:
        cap = self._dedup.max_bucket_pairs
        candidates = {c for key in bands
                      for c in bucket_partners(_members(self._bands, key), cap)} - {article_id}
        best: tuple[int, str, float] | None = None
        for c in candidates:
            similarity = estimated_jaccard(signature, self._articles[c].signature)
            if similarity < self._dedup.copy_threshold:
                continue
            canonical = self._articles[c].canonical
            remembered = self._articles.get(canonical)
            seq = remembered.seq if remembered else self._articles[c].seq
            if remembered is not None:
                similarity = estimated_jaccard(signature, remembered.signature)
            if best is None or seq < best[0]:
                best = (seq, canonical, similarity)
        return (best[1], round(best[2], 4)) if best else None

    def _story_of(self, article_id: str, fingerprints: np.ndarray) -> tuple[str, float] | None:
        cap = self._dedup.max_bucket_pairs
        shared = Counter(c for fp in fingerprints.tolist()
                         for c in bucket_partners(_members(self._passages, fp), cap)
                         if c != article_id)
        best: tuple[int, str] | None = None
        overlap = 0.0
        for c, n in shared.items():
            sizes = (len(fingerprints), len(self._articles[c].fingerprints))
            if not is_story_link(n, *sizes, self._dedup):
                continue
            story = self._articles[c].story
            remembered = self._articles.get(story)
            seq = remembered.seq if remembered else self._articles[c].seq
            overlap = max(overlap, containment(n, *sizes))
            if best is None or seq < best[0]:
                best = (seq, story)
        return (best[1], round(overlap, 4)) if best else None

    def probe(self, facts: Record) -> tuple[tuple[str, float] | None, tuple[str, float] | None]:
        """(copy link, story link) of an article (dedup_facts) to what is remembered, without
        remembering it: a batch run links a whole day to earlier days before adding any of it."""
        signature = np.frombuffer(facts["signature"], dtype=np.uint32)
        fingerprints = np.frombuffer(facts["fingerprints"], dtype=np.uint64)
        bands = (band_keys(signature, self._dedup.bands, self._dedup.rows)
                 if facts["has_text"] else [])
        return (self._copy_of(facts["id"], signature, bands),
                self._story_of(facts["id"], fingerprints))

    def lookup(self, article_id: str) -> tuple[int, str, np.ndarray] | None:
        """(order remembered, story, signature) of a remembered article; None if forgotten.
        The order ranks links: the smaller, the earlier remembered."""
        entry = self._articles.get(article_id)
        return (entry.seq, entry.story, entry.signature) if entry else None

    # --- adding ---

    def remember(self, facts: Record, time: float, canonical: str, story: str,
                 evict: bool = True, searchable: bool = True) -> None:
        """Remember an article with columns decided elsewhere (a batch run's in-run dedup);
        an article already remembered keeps its entry. `evict=False`: keep it even over the
        cap (a day's chunk must hold all of the day; the cap applies when it is loaded).
        `searchable=False`: only for `chunk`, not put in the buckets that probes search
        (a batch day's index is discarded once its chunk is made)."""
        if facts["id"] in self._articles:
            return
        signature = np.frombuffer(facts["signature"], dtype=np.uint32)
        bands = (band_keys(signature, self._dedup.bands, self._dedup.rows)
                 if facts["has_text"] else [])
        self._seq += 1
        entry = _Remembered(
            self._seq, time, signature, np.frombuffer(facts["fingerprints"], dtype=np.uint64),
            bands, canonical, story, tuple(facts["rank"]))
        if searchable:
            self._insert(facts["id"], entry)
        else:
            self._articles[facts["id"]] = entry
        if evict:
            self._evict_over_cap()

    def _insert(self, article_id: str, entry: _Remembered) -> None:
        self._articles[article_id] = entry
        size = self._dedup.max_bucket_pairs
        for key in entry.bands:
            _join(self._bands, key, article_id, size)
        for fp in entry.fingerprints.tolist():
            _join(self._passages, fp, article_id, size)

    def add(self, facts: Record, time: float) -> Record:
        """Dedup columns for one article (dedup.dedup_facts), which is then remembered."""
        article_id = facts["id"]
        known = self._articles.get(article_id)
        if known is not None:  # seen again (a restart re-ingesting an unwritten window)
            return self._columns(article_id, known, None, None)
        signature = np.frombuffer(facts["signature"], dtype=np.uint32)
        fingerprints = np.frombuffer(facts["fingerprints"], dtype=np.uint64)
        bands = (band_keys(signature, self._dedup.bands, self._dedup.rows)
                 if facts["has_text"] else [])
        copy = self._copy_of(article_id, signature, bands)
        story = None
        if copy is not None:
            canonical = copy[0]
            remembered = self._articles.get(canonical)
            story_id = remembered.story if remembered else canonical
        else:
            canonical = article_id
            story = self._story_of(article_id, fingerprints)
            story_id = story[0] if story else article_id
        self._seq += 1
        entry = _Remembered(self._seq, time, signature, fingerprints, bands, canonical, story_id,
                            tuple(facts["rank"]))
        self._insert(article_id, entry)
        self._evict_over_cap()
        return self._columns(article_id, entry, copy, story)

    @staticmethod
    def _columns(article_id: str, entry: _Remembered, copy, story) -> Record:
        is_copy = entry.canonical != article_id
        return {"duplicate_of": entry.canonical if is_copy else None,
                "dup_similarity": copy[1] if copy else None,
                "story_id": entry.story,
                "story_overlap": story[1] if story else None}

    def add_window(self, facts: Iterable[Record], time: float) -> dict[str, Record]:
        """Dedup columns of a window's articles (taken in canonical order), after forgetting
        what ended more than the horizon before `time`."""
        self.expire(time - self._memory.horizon_seconds)
        ordered = sorted(facts, key=lambda f: tuple(f["rank"]))
        return {f["id"]: self.add(f, time) for f in ordered}

    # --- forgetting ---

    def _remove(self, article_id: str) -> None:
        entry = self._articles.pop(article_id)
        for key in entry.bands:
            self._discard(self._bands, key, article_id)
        for fp in entry.fingerprints.tolist():
            self._discard(self._passages, fp, article_id)

    @staticmethod
    def _discard(buckets: dict, key, article_id: str) -> None:
        bucket = buckets.get(key)
        if bucket == article_id:
            del buckets[key]
        elif isinstance(bucket, list) and article_id in bucket:
            bucket.remove(article_id)
            buckets[key] = bucket[0] if len(bucket) == 1 else bucket

    def expire(self, before: float) -> int:
        """Forget articles remembered at a time before `before`; returns how many."""
        old = [a for a, e in self._articles.items() if e.time < before]
        for article_id in old:
            self._remove(article_id)
        return len(old)

    def _evict_over_cap(self) -> None:
        while len(self._articles) > self._memory.max_articles:
            self._remove(next(iter(self._articles)))

    # --- persistence: compact chunks, one per window ---

    def chunk(self, article_ids: Iterable[str]) -> bytes:
        """The remembered entries of `article_ids` as one JSON chunk."""
        rows = []
        for article_id in article_ids:
            e = self._articles.get(article_id)
            if e is None:
                continue
            rows.append({"id": article_id, "time": e.time, "canonical": e.canonical,
                         "story": e.story, "rank": list(e.rank), "bands": e.bands,
                         "signature": base64.b64encode(e.signature.tobytes()).decode(),
                         "fingerprints": base64.b64encode(e.fingerprints.tobytes()).decode()})
        return json.dumps(rows, separators=(",", ":")).encode()

    def restore(self, chunk: bytes) -> None:
        """Remember a chunk's entries as they were (no probing)."""
        for row in json.loads(chunk):
            if row["id"] in self._articles:
                continue
            self._seq += 1
            self._insert(row["id"], _Remembered(
                self._seq, row["time"],
                np.frombuffer(base64.b64decode(row["signature"]), dtype=np.uint32),
                np.frombuffer(base64.b64decode(row["fingerprints"]), dtype=np.uint64),
                row["bands"], row["canonical"], row["story"], tuple(row["rank"])))
        self._evict_over_cap()


def _members(buckets: dict, key) -> tuple[str, ...] | list[str]:
    bucket = buckets.get(key)
    if bucket is None:
        return ()
    return (bucket,) if isinstance(bucket, str) else bucket


def _join(buckets: dict, key, article_id: str, size: int) -> None:
    bucket = buckets.get(key)
    if bucket is None:
        buckets[key] = article_id
    elif isinstance(bucket, str):
        if size > 1:
            buckets[key] = [bucket, article_id]
    elif len(bucket) < size:
        bucket.append(article_id)


def saved_time(path: str) -> float:
    """The time in a saved chunk's name (`<milliseconds>-<hash>.json`); inf if it has none,
    so a file newsbeam did not name is never deleted."""
    head = path.rsplit("/", 1)[-1].split("-", 1)[0]
    return int(head) / 1000 if head.isdigit() else float("inf")


def chunk_time(chunk: bytes) -> float:
    """The newest time in a chunk (a chunk is dropped when that is past the horizon)."""
    rows = json.loads(chunk)
    return max((r["time"] for r in rows), default=0.0)


# --- Beam ----------------------------------------------------------------------------------


WINDOW_KEY = "window"  # one key: a window's articles are compared with each other in order


class _WithFactsFn(beam.DoFn):
    def __init__(self, config: DedupConfig) -> None:
        self._config = config

    def process(self, article):
        yield WINDOW_KEY, (article, dedup_facts(article, self._config))


class _RememberFn(beam.DoFn):
    """(key, [(article, facts)] of one window) → articles with their dedup columns."""

    CHUNKS = BagStateSpec("chunks", PickleCoder())          # (time, chunk bytes)
    GENERATION = ReadModifyWriteStateSpec("generation", PickleCoder())

    def __init__(self, dedup: DedupConfig, memory: MemoryConfig, state_dir: str | None) -> None:
        self._dedup = dedup
        self._memory = memory
        self._state_dir = state_dir
        self._cache = KeyedMemory()   # the decoded index, and windows of one key in turn

    def _saved_files(self) -> list[str]:
        """Paths of the chunks saved in the output directory (none without one)."""
        if not self._state_dir:
            return []
        try:
            matched = FileSystems.match([f"{self._state_dir}/*.json"])[0].metadata_list
        except Exception:  # noqa: BLE001 - no saved memory yet
            return []
        return sorted(m.path for m in matched)

    def _load_saved(self) -> list[tuple[float, bytes]]:
        """Chunks an earlier run saved in the output directory."""
        chunks = []
        for path in self._saved_files():
            try:
                with FileSystems.open(path) as handle:
                    data = handle.read()
                chunks.append((chunk_time(data), data))
            except (OSError, ValueError) as e:  # a damaged file costs its window's memory only
                logger.warning("ignoring unreadable dedup memory %s: %s", path, e)
        return chunks

    def _rebuild(self, chunks: list[tuple[float, bytes]]) -> tuple[DedupIndex, list]:
        index = DedupIndex(self._dedup, self._memory)
        chunks = sorted(chunks, key=lambda c: c[0])
        for _, data in chunks:
            index.restore(data)
        return index, chunks

    def process(self, element, timestamp=beam.DoFn.TimestampParam,
                chunks_state=beam.DoFn.StateParam(CHUNKS),
                generation_state=beam.DoFn.StateParam(GENERATION)):
        key, pairs = element
        with self._cache.hold(key) as cache:
            yield from self._remember(cache, pairs, float(timestamp), chunks_state,
                                      generation_state)

    def _remember(self, cache: KeyedCell, pairs, now: float, chunks_state,
                  generation_state) -> Iterator[Record]:
        stored_generation = generation_state.read()
        cached = cache.read()
        if stored_generation is None and cached is None:
            # The first window of this run: start from the memory an earlier run saved.
            index, chunks = self._rebuild(self._load_saved())
            for chunk in chunks:
                chunks_state.add(chunk)
            generation = 0
        elif cached is None or cached[0] < (stored_generation or 0):
            index, chunks = self._rebuild(list(chunks_state.read()))  # a new worker
            generation = stored_generation
        else:
            generation, index, chunks = cached
        pairs = list(pairs)
        columns = index.add_window([facts for _, facts in pairs], now)
        data = index.chunk(columns)
        chunks.append((now, data))
        chunks_state.add((now, data))
        horizon_start = now - self._memory.horizon_seconds
        if chunks and chunks[0][0] < horizon_start:  # compact the bag
            chunks = [c for c in chunks if c[0] >= horizon_start]
            chunks_state.clear()
            for chunk in chunks:
                chunks_state.add(chunk)
            self._forget_saved(horizon_start)
        self._save(now, data)
        generation_state.write(generation + 1)
        cache.write((generation + 1, index, chunks))
        beam.metrics.Metrics.counter("newsbeam", "dedup_remembered").inc(len(columns))
        for article, _ in pairs:
            cols = columns[article["article_id"]]
            if cols["duplicate_of"]:
                beam.metrics.Metrics.counter("newsbeam", "dedup_duplicates").inc()
            yield {**article, **cols}

    def _save(self, now: float, data: bytes) -> None:
        if self._state_dir:
            name = f"{int(now * 1000):015d}-{stable_id(data)[:16]}.json"
            write_atomically(f"{self._state_dir}/{name}", data)

    def _forget_saved(self, before: float) -> None:
        old = [path for path in self._saved_files() if saved_time(path) < before]
        if old:
            FileSystems.delete(old)


class MarkDuplicatesOverTime(beam.PTransform):
    """Windowed articles → the same with duplicate_of, dup_similarity, story_id and
    story_overlap, linked to articles of earlier windows too; same windows out as in."""

    def __init__(self, dedup: DedupConfig, memory: MemoryConfig, state_dir: str | None,
                 window_seconds: float) -> None:
        super().__init__()
        self._dedup = dedup
        self._memory = memory
        self._state_dir = state_dir
        self._window_seconds = window_seconds

    def expand(self, articles) -> Iterator:
        return (articles
                | "Facts" >> beam.ParDo(_WithFactsFn(self._dedup))
                | "GatherWindow" >> beam.GroupByKey()
                | "AcrossWindows" >> beam.WindowInto(beam_window.GlobalWindows())
                | "Remember" >> beam.ParDo(_RememberFn(self._dedup, self._memory,
                                                       self._state_dir))
                .with_input_types(Tuple[str, Any])
                | "BackToWindows" >> windowing(self._window_seconds))
