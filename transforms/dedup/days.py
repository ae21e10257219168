"""Dedup across days, for batch: a day's articles link to articles of earlier days' runs.

Batch runs accumulate days in one output, each run replacing only its own day. MarkDuplicates
(transforms/dedup/batch.py) decides copies and stories within the run; this stage then links
the run's clusters to what earlier days remembered, with the streaming memory
(transforms/dedup/stream.DedupIndex) and its saved chunks under `DIR/_state/dedup/`:

- A run of day D loads only chunks whose time is strictly before D's midnight (UTC) and within
  `--dedup-horizon` of it, so a rerun of D never sees D's own chunk (idempotent) and a backfill
  of an earlier day sees only days before it. Earlier rows are never rewritten.
- An in-run copy cluster whose canonical (or, failing that, another member, in rank order) is
  a copy of a remembered article A: every member gets duplicate_of A, and the cluster joins
  A's story. An in-run story with a member linked to a remembered story S: every member gets
  story_id S. Of several links, the earliest remembered wins (copy links before story links,
  so copies stay in their canonical's story).
- The day's articles, with their final columns, are written as one chunk named
  `<ms of D 00:00 UTC>-batch.json` into the run's staging `_state/dedup/`, so publish_batch
  commits it together with the tables; a rerun overwrites the same name.

Beam: MarkDuplicates(days=LinkToEarlierDays(...)) hands this stage each article's dedup
facts with its in-run columns; all of the day's facts (not texts) are gathered on one key
and linked in one worker, whose memory is the streaming memory's per-article cost (~22 KB
per remembered article, at most --dedup-max-articles of them, earlier days' and this day's
together). Only the changed columns go back, and MarkDuplicates joins them to the articles
in the same join as the in-run columns: article texts are shuffled once.
Counter: `dedup_days_linked` (articles whose columns an earlier day changed).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems

from transforms.base import Record
from transforms.commit import files_under, write_atomically
from transforms.dedup.rules import DedupConfig, estimated_jaccard
from transforms.dedup.stream import DedupIndex, MemoryConfig, chunk_time, saved_time

logger = logging.getLogger(__name__)

DAY_KEY = "day"   # one key: the day is linked to earlier days in one worker
COLUMNS = ("duplicate_of", "dup_similarity", "story_id", "story_overlap")


def day_start(day: dt.date) -> float:
    """Seconds since the epoch of `day`'s midnight, UTC: the time of the day's chunk."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp()


def chunk_name(day: dt.date) -> str:
    """The day's chunk, named like the stream's (zero-padded milliseconds, so names sort by
    time); a fixed tail instead of a hash, so a rerun of the day replaces it."""
    return f"{int(day_start(day) * 1000):015d}-batch.json"


def earlier_chunks(paths: Iterable[str], day: dt.date, horizon_seconds: float) -> list[str]:
    """The saved chunks a run of `day` may see: strictly before its midnight (never its own,
    nor a later day's) and no older than the horizon; oldest first."""
    end = day_start(day)
    kept = [p for p in paths if end - horizon_seconds <= saved_time(p) < end]
    return sorted(kept, key=lambda p: (saved_time(p), p))


def load_index(state_dir: str | None, day: dt.date, dedup: DedupConfig,
               memory: MemoryConfig) -> DedupIndex:
    """A DedupIndex of the earlier days' chunks saved in `state_dir` (empty without one)."""
    index = DedupIndex(dedup, memory)
    if not state_dir:
        return index
    names = [p for p in files_under(state_dir)
             if p.rsplit("/", 1)[0] == state_dir.rstrip("/") and p.endswith(".json")
             and not p.rsplit("/", 1)[-1].startswith(".")]
    for path in earlier_chunks(names, day, memory.horizon_seconds):
        try:
            with FileSystems.open(path) as handle:
                data = handle.read()
            chunk_time(data)  # parses it: a damaged file is skipped whole, not half restored
            index.restore(data)
        except (OSError, ValueError, KeyError) as e:  # costs that chunk's memory only
            logger.warning("ignoring unreadable dedup memory %s: %s", path, e)
    # A stream's chunk holds rows of its window's time; the horizon applies to rows too.
    index.expire(day_start(day) - memory.horizon_seconds)
    return index


def _earliest(links: Iterable[str], index: DedupIndex) -> str | None:
    """Of several remembered ids, the one remembered first (then the smallest id)."""
    def order(article_id: str) -> tuple[float, str]:
        known = index.lookup(article_id)
        return (known[0] if known else float("inf"), article_id)
    return min(links, key=order, default=None)


def link_day(day_facts: Iterable[Record], index: DedupIndex, time: float,
             searchable: bool = True) -> tuple[dict[str, Record], bytes]:
    """Link a day's articles to the earlier days in `index`, then remember them.

    day_facts: dedup_facts of each article plus its in-run dedup columns (COLUMNS). Returns
    (the columns that changed, by article id; the day's chunk). `index` is probed before any
    of the day is added, so the day's articles never link to each other here (MarkDuplicates
    has done that) and the result does not depend on their order. searchable=False: the
    day is remembered only for its chunk, not put in the index's buckets (for a caller that
    discards the index afterwards)."""
    facts = sorted(day_facts, key=lambda f: (tuple(f["rank"]), f["id"]))
    # nothing remembered (a first day, or no earlier day within the horizon): nothing to find
    probes = {f["id"]: index.probe(f) if len(index) else (None, None) for f in facts}
    final = {f["id"]: {c: f[c] for c in COLUMNS} for f in facts}

    clusters: dict[str, list[Record]] = {}   # in-run canonical → its members, rank order
    stories: dict[str, list[Record]] = {}    # in-run story_id → its members, rank order
    for f in facts:
        clusters.setdefault(f["duplicate_of"] or f["id"], []).append(f)
        stories.setdefault(f["story_id"], []).append(f)

    copy_stories: dict[str, list[str]] = {}  # in-run story_id → stories its copies joined
    for canonical, members in clusters.items():
        members.sort(key=lambda f: f["id"] != canonical)  # the canonical first, then rank
        matched = next(((f, probes[f["id"]][0]) for f in members if probes[f["id"]][0]), None)
        if matched is None:
            continue
        first, (earlier, similarity) = matched
        known = index.lookup(earlier)
        for f in members:
            if known is not None:  # similarity to the earlier canonical itself
                sim = round(estimated_jaccard(f["signature"], known[2]), 4)
            else:
                sim = similarity
            final[f["id"]].update(duplicate_of=earlier, dup_similarity=sim)
        copy_stories.setdefault(first["story_id"], []).append(known[1] if known else earlier)

    for story, members in stories.items():
        linked = {probes[f["id"]][1][0] for f in members if probes[f["id"]][1]}
        earlier = _earliest(copy_stories.get(story, ()), index) or _earliest(linked, index)
        if earlier is None:
            continue
        for f in members:
            final[f["id"]]["story_id"] = earlier
            link = probes[f["id"]][1]
            if link is not None:  # its overlap with the earlier days' story counts too
                final[f["id"]]["story_overlap"] = max(f["story_overlap"] or 0.0, link[1])

    for f in facts:
        columns = final[f["id"]]
        index.remember(f, time, columns["duplicate_of"] or f["id"], columns["story_id"],
                       evict=False, searchable=searchable)
    changed = {f["id"]: final[f["id"]] for f in facts
               if any(final[f["id"]][c] != f[c] for c in COLUMNS)}
    return changed, index.chunk(f["id"] for f in facts)


class _LinkDayFn(beam.DoFn):
    """(DAY_KEY, the day's facts) → (article_id, changed columns); saves the day's chunk."""

    def __init__(self, dedup: DedupConfig, memory: MemoryConfig, day: dt.date,
                 state_dir: str | None, save_dir: str | None) -> None:
        self._dedup = dedup
        self._memory = memory
        self._day = day
        self._state_dir = state_dir
        self._save_dir = save_dir

    def process(self, element: tuple[str, Iterable[Record | None]]) -> Iterator[tuple[str, Record]]:
        _, items = element
        facts = [f for f in items if f is not None]  # None: the marker that makes an empty day run
        index = load_index(self._state_dir, self._day, self._dedup, self._memory)
        changed, chunk = link_day(facts, index, day_start(self._day), searchable=False)
        if self._save_dir:
            # Written in staging: published with the tables, or not at all. A retried bundle
            # writes the same bytes again.
            write_atomically(f"{self._save_dir}/{chunk_name(self._day)}", chunk)
        beam.metrics.Metrics.counter("newsbeam", "dedup_days_linked").inc(len(changed))
        yield from sorted(changed.items())


class LinkToEarlierDays(beam.PTransform):
    """Day facts (each article's dedup facts with its in-run COLUMNS; MarkDuplicates makes
    them when given this transform as `days`) → (article_id, the columns that change), as
    the module docstring says.

    state_dir: where earlier runs saved their chunks (None: link to nothing, e.g. a run that
    replaces the whole output). save_dir: where this day's chunk is written (the run's
    staging `_state/dedup`; None: not saved)."""

    def __init__(self, dedup: DedupConfig, memory: MemoryConfig, day: dt.date,
                 state_dir: str | None, save_dir: str | None) -> None:
        super().__init__()
        self._fn = _LinkDayFn(dedup, memory, day, state_dir, save_dir)

    def expand(self, day_facts):
        keyed = day_facts | "ByDay" >> beam.Map(lambda facts: (DAY_KEY, facts))
        # One marker element, so a day without articles still runs (and saves an empty
        # chunk, replacing a rerun day's old one).
        marker = day_facts.pipeline | "EmptyDayMarker" >> beam.Create([(DAY_KEY, None)])
        return ((keyed, marker)
                | "WithMarker" >> beam.Flatten()
                | "GatherDay" >> beam.GroupByKey()
                | "Link" >> beam.ParDo(self._fn))
