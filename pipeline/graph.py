"""The graphs: read → decode → extract → language → dedup → events → write.

Every stage returns (good, rejects); rejects from all stages are written to one table, so
every input ends as an article row or exactly one reject row. The streaming graph is the
batch one with unbounded sources, fixed windows, dedup and event clusters that remember
earlier windows, and a writer that commits each window's rows of all tables as it closes.
"""

from __future__ import annotations

import apache_beam as beam

from pipeline.options import RunConfig, runs_locally
from pipeline.resume import dedup_state_dir, events_state_dir
from transforms.base import merge
from transforms.dedup.batch import MarkDuplicates
from transforms.dedup.days import LinkToEarlierDays
from transforms.dedup.stream import MarkDuplicatesOverTime
from transforms.events.batch import ExtractEvents
from transforms.events.stream import ExtractEventsOverTime
from transforms.sources.decode import DecodeArticles
from transforms.sources.files import ReadArticles
from transforms.sources.read_feeds import ReadFeeds
from transforms.sources.stream import PollFeeds, WatchFiles
from transforms.text.extract import ExtractArticles
from transforms.text.language import DetectLanguage
from transforms.windows import StampIngestDate, windowing
from transforms.write import CommitWindows, WriteTable


def build_batch(p: beam.Pipeline, config: RunConfig) -> None:
    """Add newsbeam's batch graph for `config` to pipeline `p`."""
    sources, source_rejects = [], []
    if config.patterns or config.literal_files:
        patterns = p | "Inputs" >> beam.Create(list(config.patterns))
        raw, read_rejects = patterns | "Read" >> ReadArticles(config.read, config.literal_files)
        files, decode_rejects = raw | "Decode" >> DecodeArticles()
        sources.append(files)
        source_rejects += [read_rejects, decode_rejects]
    if config.feeds:
        feed_urls = p | "Feeds" >> beam.Create(list(config.feeds))
        entries, feed_rejects = feed_urls | "ReadFeeds" >> ReadFeeds(config.fetch)
        sources.append(entries)
        source_rejects.append(feed_rejects)
    docs = merge(sources, "AllSources")
    articles, extract_rejects = docs | "Extract" >> ExtractArticles(config.extract)
    articles = (articles
                | "Language" >> DetectLanguage(config.language)
                | "IngestDate" >> beam.ParDo(StampIngestDate(config.ingest_date))
                # the local engine joins the columns in memory (see MarkDuplicates)
                | "Dedup" >> MarkDuplicates(config.dedup, days=_link_to_earlier_days(config),
                                            in_memory_join=runs_locally(config.beam_flags)))
    rejects = ((*source_rejects, extract_rejects) | "AllRejects" >> beam.Flatten()
               | "RejectIngestDate" >> beam.ParDo(StampIngestDate(config.ingest_date)))
    events = articles | "Events" >> ExtractEvents(config.events)

    _ = articles | "WriteArticles" >> WriteTable("articles", config.write)
    _ = events | "WriteEvents" >> WriteTable("events", config.write)
    _ = rejects | "WriteRejects" >> WriteTable("rejects", config.write)


def _link_to_earlier_days(config: RunConfig) -> LinkToEarlierDays:
    """Links to the days earlier runs saved, and this day's chunk saved in the run's staging
    (so it is published with the tables). A run replacing the whole output retires the
    earlier days, so it links to none of them."""
    assert config.ingest_date is not None  # a batch run always has its day
    staging = config.write.staging_dir
    return LinkToEarlierDays(
        config.dedup, config.memory, config.ingest_date,
        None if config.replace_all else dedup_state_dir(config.output_dir),
        dedup_state_dir(staging) if staging else None)


def build_streaming(p: beam.Pipeline, config: RunConfig,
                    already: frozenset[str] = frozenset()) -> None:
    """Add newsbeam's streaming graph: feeds polled and --input folders watched every poll
    interval; rows written a window at a time. `already`: inputs an earlier run wrote."""
    stream = config.streaming
    seconds = stream.window
    sources, source_rejects = [], []
    if config.feeds:
        docs, rejects = p | "PollFeeds" >> PollFeeds(
            config.feeds, config.fetch, stream.poll_interval, stream.memory.horizon_seconds,
            already)
        sources.append(docs)
        source_rejects.append(rejects)
    if config.patterns:
        raw, read_rejects = p | "WatchFiles" >> WatchFiles(
            config.patterns, config.read, stream.poll_interval, already)
        files, decode_rejects = raw | "Decode" >> DecodeArticles()
        sources.append(files)
        source_rejects += [read_rejects, decode_rejects]
    docs = merge(sources, "AllSources") | "Windows" >> windowing(seconds)
    articles, extract_rejects = docs | "Extract" >> ExtractArticles(config.extract)
    articles = (articles
                | "Language" >> DetectLanguage(config.language)
                | "IngestDate" >> beam.ParDo(StampIngestDate(config.ingest_date))
                | "Dedup" >> MarkDuplicatesOverTime(
                    config.dedup, stream.memory, dedup_state_dir(config.output_dir), seconds))
    rejects = ((*[r | f"RejectWindows{i}" >> windowing(seconds)
                  for i, r in enumerate(source_rejects)], extract_rejects)
               | "AllRejects" >> beam.Flatten()
               | "RejectIngestDate" >> beam.ParDo(StampIngestDate(config.ingest_date)))
    events = articles | "Events" >> ExtractEventsOverTime(
        config.events, stream.memory.horizon_seconds, seconds,
        events_state_dir(config.output_dir))

    # One commit per window pane for all three tables: an input's article, events and reject
    # rows are published together, so a restart that skips it never misses any of them.
    _ = ({"articles": articles, "events": events, "rejects": rejects}
         | "CommitWindows" >> CommitWindows(config.write))
