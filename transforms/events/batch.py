"""Events, batch: every article's events, fused across all articles of the run (the coding
and fusion rules are in transforms/events/rules.py)."""

from __future__ import annotations

import logging

import apache_beam as beam

from transforms.base import freeze_worker_heap
from transforms.events.rules import EventsConfig, extract_events, fuse_group, fusion_key
from transforms.progress import count

logger = logging.getLogger(__name__)


class ExtractEventsFn(beam.DoFn):
    def __init__(self, config: EventsConfig) -> None:
        self._config = config

    def setup(self) -> None:
        from transforms.events.gazetteer import index
        from transforms.events.model import model

        # Once per worker, not inside the first bundle's timing.
        index()
        model()
        freeze_worker_heap()

    def process(self, article):
        try:
            events = extract_events(article, self._config)
        except Exception as e:  # noqa: BLE001 - one article's events must not fail the run
            # The article is written already; only its events are missing: counted and logged
            # (the progress line and the worker log name them), not a reject of the input.
            logger.warning("events failed on %s: %r", article.get("article_id"), e)
            count("events_failed")
            return
        count("events_extracted", len(events))
        count("events_articles")
        source = {key: article.get(key) for key in SOURCE_FIELDS}
        for e in events:
            yield {**e, **source}


# What an event row carries of its article: to group by story, and to cite the source.
SOURCE_FIELDS = ("story_id", "url", "title", "published_at", "ingest_date")


class ExtractEvents(beam.PTransform):
    """Articles (with story_id) → event rows with event_cluster_id and story_count."""

    def __init__(self, config: EventsConfig | None = None) -> None:
        super().__init__()
        self._config = config or EventsConfig()

    def expand(self, articles):
        config = self._config
        return (articles
                | "ExtractEvents" >> beam.ParDo(ExtractEventsFn(config))
                | "KeyByPlaceAndKind" >> beam.Map(lambda e: (fusion_key(e), e))
                | "GroupCandidates" >> beam.GroupByKey()
                | "FuseClusters" >> beam.FlatMapTuple(lambda _, es: fuse_group(es, config)))
