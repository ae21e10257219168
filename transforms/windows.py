"""The streaming window shape, and the ingest day every article row carries."""

from __future__ import annotations

import datetime as dt

import apache_beam as beam
from apache_beam.transforms import trigger, window


def windowing(seconds: float) -> beam.WindowInto:
    """Fixed windows that fire when the watermark passes their end, and again for each late
    element (as its own pane), within an allowed lateness of an hour or ten windows."""
    return beam.WindowInto(
        window.FixedWindows(seconds),
        trigger=trigger.AfterWatermark(late=trigger.AfterCount(1)),
        accumulation_mode=trigger.AccumulationMode.DISCARDING,
        allowed_lateness=max(3600, 10 * seconds))


class StampIngestDate(beam.DoFn):
    """Sets `ingest_date`: the given day, else the UTC day of the element's arrival (its
    timestamp: a stream's poll time). A batch run always passes its run's day."""

    def __init__(self, day: dt.date | None) -> None:
        self._day = day

    def process(self, article, timestamp=beam.DoFn.TimestampParam):
        day = self._day or dt.datetime.fromtimestamp(float(timestamp), dt.UTC).date()
        yield {**article, "ingest_date": day}
