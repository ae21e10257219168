"""The batch graph: read → decode → extract → language → dedup → events → write.

Every stage returns (good, rejects); rejects from all stages are written to one table, so
every input ends as an article row or exactly one reject row.
"""

from __future__ import annotations

import apache_beam as beam

from pipeline.options import RunConfig
from transforms.decode import DecodeArticles
from transforms.dedup import MarkDuplicates
from transforms.events import ExtractEvents
from transforms.extract import ExtractArticles
from transforms.language import DetectLanguage
from transforms.read import ReadArticles
from transforms.read_feeds import ReadFeeds
from transforms.write import WriteTable


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
    docs = sources | "AllSources" >> beam.Flatten()
    articles, extract_rejects = docs | "Extract" >> ExtractArticles(config.extract)
    articles = (articles
                | "Language" >> DetectLanguage(config.language)
                | "IngestDate" >> beam.Map(lambda a, day: {**a, "ingest_date": day},
                                           config.ingest_date)
                | "Dedup" >> MarkDuplicates(config.dedup))
    rejects = (*source_rejects, extract_rejects) | "AllRejects" >> beam.Flatten()
    events = articles | "Events" >> ExtractEvents(config.events)

    _ = articles | "WriteArticles" >> WriteTable("articles", config.write)
    _ = events | "WriteEvents" >> WriteTable("events", config.write)
    _ = rejects | "WriteRejects" >> WriteTable("rejects", config.write)
