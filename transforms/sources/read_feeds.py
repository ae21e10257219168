"""Feed stage: RSS/Atom feed URLs in, one document per new entry out.

Each feed is fetched once (transforms/sources/http.py: timeouts, retries, redirect limit, size cap,
politeness per host, private addresses refused unless allowed) and parsed with feedparser on
the fetched bytes (transforms/sources/feeds.py). Entries are deduplicated by (feed, entry id). Each
entry's link is fetched as the article page; when the page cannot be had (bad link, HTTP
error, undecodable), the entry's own content stands in, and `fetched_from` says which.

Output documents have the shape DecodeArticles gives (so the rest of the pipeline is shared):
source_uri = the feed URL, url = the entry link, title and publication time from the entry
(the page's date when the entry states none). Rejects: stage `feed` (the feed itself: FetchError classes, BadFeed) and stage
`fetch` (an entry with neither a fetchable page nor content of its own).
Determinism: article_id = stable_id(feed URL, entry id, the bytes the article was read from).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import asdict

import apache_beam as beam

from transforms.base import (
    LEDGER_FEED_ENTRIES,
    LEDGER_FEED_REJECTS,
    Record,
    Rejected,
    apply_stage,
    count_into,
    stable_id,
)
from transforms.sources.decode import decode_bytes
from transforms.sources.feeds import FeedEntry, entry_link_problem, parse_feed
from transforms.sources.http import FetchConfig, Fetcher, FetchError


def entry_record(feed_url: str, entry: FeedEntry) -> Record:
    """The record of one feed entry, keyed like the input it is: (feed URL, entry id)."""
    return {"source_uri": feed_url, "source_line": None, "entry": asdict(entry),
            "entry_id": entry.entry_id, "article_id": stable_id(feed_url, entry.entry_id)}


_CLIENT_LOCK = threading.Lock()


class WithFetcher:
    """A picklable stage function holding one HTTP client per worker, made on first use."""

    def __init__(self, config: FetchConfig) -> None:
        self._config = config
        self._client: Fetcher | None = None

    def __getstate__(self) -> dict:
        return {"_config": self._config, "_client": None}

    @property
    def _fetcher(self) -> Fetcher:
        if self._client is None:
            with _CLIENT_LOCK:  # the fetching threads share one client
                if self._client is None:
                    self._client = Fetcher(self._config)
        return self._client


class _FetchFeed(WithFetcher):
    """Feed URL → its entries (as records), or Rejected."""

    def __call__(self, record: Record) -> Iterator[Record]:
        feed_url = record["source_uri"]
        try:
            response = self._fetcher.get(feed_url)
        except FetchError as e:
            raise Rejected(e.error, e.detail) from None
        for entry in parse_feed(response.body, response.url, response.content_type):
            yield entry_record(feed_url, entry)


class FetchPageFn(WithFetcher):
    """Entry → document: the linked page, else the entry's own content, else Rejected.
    Runs in a pool of threads (`fetch_pages`): its one Fetcher is thread-safe."""

    def __call__(self, record: Record) -> Iterator[Record]:
        entry = record["entry"]
        # The entry's structured date beats what the page's text may suggest (htmldate
        # guesses from body text when a page has no date metadata).
        doc: Record = {"source_uri": record["source_uri"], "source_line": None,
                       "entry_id": entry["entry_id"], "url": entry["link"], "title": entry["title"],
                       "published_at": entry["published"],
                       "published_source": "feed:entry" if entry["published"] else None}
        problem = entry_link_problem(entry["link"])
        if problem is None:
            try:
                page = self._fetcher.get(entry["link"])
                content, _ = decode_bytes(page.body, "html")
                yield {**doc, "kind": "html", "content": content,
                       "fetched_from": "page", "url": page.url or entry["link"],
                       "article_id": stable_id(record["source_uri"], entry["entry_id"], page.body)}
                return
            except (FetchError, Rejected) as e:
                problem = f"page not fetched ({e})"
        if not entry["content"]:
            raise Rejected("NoPage", f"{problem}; the entry has no content of its own")
        yield {**doc, "kind": "html" if entry["content_is_html"] else "text",
               "content": entry["content"], "fetched_from": "entry",
               "article_id": stable_id(record["source_uri"], entry["entry_id"],
                                       entry["content"].encode())}


def _count_fallback(doc: Record) -> Record:
    # Counted here, in the bundle's thread: Beam drops counts made in the fetching threads.
    if doc["fetched_from"] == "entry":
        beam.metrics.Metrics.counter("newsbeam", "feeds_entry_fallback").inc()
    return doc


def fetch_pages(entries: beam.PCollection, config: FetchConfig
                ) -> tuple[beam.PCollection, beam.PCollection]:
    """Entry records → (documents, rejects of stage `fetch`), `config.concurrency` pages at
    a time per worker process (the politeness delay still spaces each host's requests)."""
    docs, rejects = apply_stage(entries, "FetchPage", "fetch", FetchPageFn(config),
                                threads=config.concurrency)
    return docs | "CountFallbacks" >> beam.Map(_count_fallback), rejects


def _entry_order(record: Record) -> str:
    """A total order on entry records, so the same one survives in every run."""
    return json.dumps(record["entry"], sort_keys=True, default=str)


class ReadFeeds(beam.PTransform):
    """Feed URLs → (documents, rejects)."""

    def __init__(self, config: FetchConfig) -> None:
        super().__init__()
        self._config = config

    def expand(self, feed_urls):
        records = feed_urls | "FeedRecords" >> beam.Map(
            lambda url: {"source_uri": url, "source_line": None, "article_id": None})
        entries, feed_rejects = apply_stage(records, "FetchFeed", "feed", _FetchFeed(self._config))
        unique = (entries
                  | "KeyByEntry" >> beam.Map(lambda e: ((e["source_uri"], e["entry"]["entry_id"]), e))
                  | "GroupDuplicates" >> beam.GroupByKey()
                  | "OneOfEach" >> beam.MapTuple(lambda _, es: min(es, key=_entry_order))
                  # The run's ledger: each entry ends as an article or a reject row.
                  | "CountEntries" >> count_into(LEDGER_FEED_ENTRIES)
                  | "SpreadEntries" >> beam.Reshuffle())
        feed_rejects = feed_rejects | "CountFeedRejects" >> count_into(LEDGER_FEED_REJECTS)
        docs, page_rejects = fetch_pages(unique, self._config)
        return docs, (feed_rejects, page_rejects) | "FeedRejects" >> beam.Flatten()
