"""Streaming sources: feeds polled on a timer, folders watched for new files.

Both keep per-key state (Beam keyed state, in the global window) so that each input is
emitted once however often it is seen:

- `PollFeeds`: PeriodicImpulse fires every `poll_interval`; each feed URL is polled by
  `_PollFeedFn`, keyed by the URL. Its state holds the feed's validators (a conditional GET:
  304 means nothing new), the entry ids seen with the time first seen, and the last error.
  Entry ids that left the feed more than `horizon` seconds after first being seen are
  forgotten, so the state is bounded by the feed's size plus a horizon's worth of entries.
  A failing feed gives one reject row per distinct failure (not one per poll) and is polled
  again next time; it never stops the stream.
- `WatchFiles`: Beam's MatchContinuously with `has_deduplication=False` (its deduplicating
  mode polls on its own schedule and missed files here) re-emits every match on every poll;
  `_FirstSightingFn`, keyed by path, emits a file once, when two consecutive polls saw the
  same size and modification time (a file still being copied is not read half-written).

Inputs already written by an earlier run (`already`: keys from `input_key`, read off the
output tables by the driver) are skipped, so a restart does not ingest them again.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import apache_beam as beam
from apache_beam.coders import PickleCoder
from apache_beam.io import fileio
from apache_beam.transforms.periodicsequence import PeriodicImpulse
from apache_beam.transforms.userstate import ReadModifyWriteStateSpec
from apache_beam.typehints import Any, Tuple

from transforms.base import (
    KeyedCell,
    KeyedMemory,
    Record,
    Rejected,
    reject_row,
    stable_id,
)
from transforms.progress import count
from transforms.sources.feeds import EMPTY_FEED, FeedEntry, parse_feed
from transforms.sources.files import ReadConfig, ReadFiles
from transforms.sources.http import FetchConfig
from transforms.sources.read_feeds import WithFetcher, entry_record, fetch_pages


def input_key(source_uri: str, entry_id: str | None = None) -> str:
    """The identity of one input: a file by its path, a feed entry by (feed URL, entry id)."""
    return stable_id("input", source_uri, entry_id or "")


@dataclass
class FeedState:
    """What one feed's poller remembers between polls."""

    etag: str | None = None
    last_modified: str | None = None
    seen: dict[str, float] | None = None    # entry id → time first seen (seconds)
    last_error: str | None = None


def new_entries(entries: Iterable[FeedEntry], state: FeedState, now: float,
                horizon: float) -> list[FeedEntry]:
    """Entries not seen before (first of each id), recording them in `state.seen`; forgets
    ids absent from this poll that were first seen more than `horizon` seconds ago."""
    seen = state.seen if state.seen is not None else {}
    fresh: list[FeedEntry] = []
    present = set()
    for entry in entries:
        present.add(entry.entry_id)
        if entry.entry_id not in seen:
            seen[entry.entry_id] = now
            fresh.append(entry)
    state.seen = {i: t for i, t in seen.items() if i in present or now - t <= horizon}
    return fresh


def _entries_of(response) -> list[FeedEntry]:
    """A fetched feed's entries; a feed with none yet is not a failure for a stream."""
    try:
        return parse_feed(response.body, response.url, response.content_type)
    except Rejected as e:
        if e.error == EMPTY_FEED:
            return []
        raise


class _PollFeedFn(WithFetcher, beam.DoFn):
    """(feed URL, poll) → new entry records; feed failures to the rejects output."""

    STATE = ReadModifyWriteStateSpec("feed", PickleCoder())

    def __init__(self, config: FetchConfig, horizon: float, already: frozenset[str]) -> None:
        WithFetcher.__init__(self, config)
        beam.DoFn.__init__(self)
        self._horizon = horizon
        self._already = already
        self._memory = KeyedMemory()

    def __getstate__(self) -> dict:
        return {**WithFetcher.__getstate__(self), "_horizon": self._horizon,
                "_already": self._already, "_memory": self._memory}

    def process(self, element, stored=beam.DoFn.StateParam(STATE)):
        feed_url, _ = element
        # One poll of a feed at a time; a poll due while the last is still running is skipped.
        with self._memory.hold(feed_url, stored, wait=False) as cell:
            if cell is None:
                beam.metrics.Metrics.counter("newsbeam", "feeds_poll_skipped_busy").inc()
                return
            yield from self._poll(feed_url, cell.read(FeedState()), cell)

    def _poll(self, feed_url: str, state: FeedState, cell: KeyedCell) -> Iterator:
        try:
            response = self._fetcher.get(feed_url, state.etag, state.last_modified)
            entries = [] if response.not_modified else _entries_of(response)
        except Exception as e:  # noqa: BLE001 - a feed never stops the stream (bugs included)
            error = getattr(e, "error", None) or type(e).__name__
            detail = getattr(e, "detail", None) or str(e) or error
            count("feeds_polls")
            count("feeds_poll_failed")
            if state.last_error != f"{error}: {detail}":
                state.last_error = f"{error}: {detail}"
                yield beam.pvalue.TaggedOutput("rejects", reject_row(
                    {"source_uri": feed_url, "article_id": None}, "feed", error,
                    f"{detail} (polled again every interval)"))
            cell.write(state)
            return
        state.last_error = None
        if not response.not_modified:
            state.etag, state.last_modified = response.etag, response.last_modified
        fresh = new_entries(entries, state, time.time(), self._horizon)
        cell.write(state)
        count("feeds_polls")
        count("feeds_new_entries", len(fresh))
        for entry in fresh:
            if input_key(feed_url, entry.entry_id) not in self._already:
                yield entry_record(feed_url, entry)


class PollFeeds(beam.PTransform):
    """Feed URLs, polled every `poll_interval` seconds → (documents, rejects), unbounded."""

    def __init__(self, feeds: tuple[str, ...], config: FetchConfig, poll_interval: float,
                 horizon: float, already: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self._feeds = feeds
        self._config = config
        self._interval = poll_interval
        self._horizon = horizon
        self._already = already

    def expand(self, pbegin):
        feeds = self._feeds
        polls = (pbegin
                 | "EveryPoll" >> PeriodicImpulse(start_timestamp=time.time(),
                                                  fire_interval=self._interval)
                 | "EachFeed" >> beam.FlatMap(lambda tick: [(url, tick) for url in feeds])
                 .with_output_types(Tuple[str, Any]))
        polled = polls | "PollFeed" >> beam.ParDo(
            _PollFeedFn(self._config, self._horizon, self._already)).with_input_types(
                Tuple[str, Any]).with_outputs("rejects", main="entries")
        entries = polled.entries | "SpreadEntries" >> beam.Reshuffle()
        docs, page_rejects = fetch_pages(entries, self._config)
        return docs, (polled.rejects, page_rejects) | "FeedRejects" >> beam.Flatten()


# --- watched folders -----------------------------------------------------------------------


def is_settled(previous: tuple[int, float] | None, current: tuple[int, float]) -> bool:
    """A file is read once two polls in a row saw the same (size, modification time)."""
    return previous == current


class _FirstSightingFn(beam.DoFn):
    """(path, metadata) → the file's metadata once, when it has settled."""

    LAST = ReadModifyWriteStateSpec("last", PickleCoder())  # (size, mtime), or "done"

    def __init__(self, already: frozenset[str]) -> None:
        self._already = already
        self._memory = KeyedMemory()

    def process(self, element, last=beam.DoFn.StateParam(LAST)) -> Iterator[Record]:
        path, metadata = element
        with self._memory.hold(path, last) as cell:
            previous = cell.read()
            if previous == "done":
                return
            if input_key(path) in self._already:
                cell.write("done")
                return
            current = (metadata.size_in_bytes, metadata.last_updated_in_seconds)
            if not is_settled(previous, current):
                cell.write(current)
                return
            cell.write("done")
        count("watch_new_files")
        yield {"path": path, "size": metadata.size_in_bytes, "source_uri": path}


class WatchFiles(beam.PTransform):
    """File patterns, matched every `poll_interval` seconds → (raw records, rejects), each
    file once; the records are those of transforms/sources/files.py."""

    def __init__(self, patterns: tuple[str, ...], config: ReadConfig, poll_interval: float,
                 already: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self._patterns = patterns
        self._config = config
        self._interval = poll_interval
        self._already = already

    def expand(self, pbegin):
        start = time.time()  # MatchContinuously's default is the time its module was imported
        matches = [pbegin | f"Watch{i}" >> fileio.MatchContinuously(
                       pattern, interval=self._interval, has_deduplication=False,
                       start_timestamp=start)
                   for i, pattern in enumerate(self._patterns)]
        files = (matches
                 | "AllMatches" >> beam.Flatten()
                 | "KeyByPath" >> beam.Map(lambda m: (m.path, m)).with_output_types(Tuple[str, Any])
                 | "FirstSighting" >> beam.ParDo(_FirstSightingFn(self._already))
                 .with_input_types(Tuple[str, Any])
                 | "SpreadFiles" >> beam.Reshuffle())
        return files | "ReadFiles" >> ReadFiles(self._config)
