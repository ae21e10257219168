"""Event clusters over time, for streaming: a window's clusters join earlier windows' ones.

The batch stage fuses all events of one sub-event type and place at once
(transforms/events/batch.py, with the rules of transforms/events/rules.py). A stream fuses each window's events the same way, then
`link_to_earlier` compares each fused cluster with the clusters remembered for the same
fusion key from earlier windows: a cluster compatible with one (days and counts, the batch
rules) takes its `event_cluster_id`, and `story_count` counts the stories of both. An
undated cluster links only when exactly one remembered cluster fits, as in batch.

Memory: per fusion key (sub-event type, place), the clusters of the last `horizon`
seconds, each with up to three sample rows (day, fatalities) and its story ids: small, and
bounded by the horizon. It is Beam keyed state; unlike the dedup memory it is not saved in
the output directory, so after a restart new events start new clusters (their story_id
still links them to earlier reports).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import apache_beam as beam
from apache_beam.coders import PickleCoder
from apache_beam.transforms import window as beam_window
from apache_beam.transforms.userstate import ReadModifyWriteStateSpec
from apache_beam.typehints import Any, Tuple

from transforms.base import KeyedMemory, Record
from transforms.events.batch import ExtractEventsFn
from transforms.events.rules import (
    EventsConfig,
    choose_cluster,
    compatible_events,
    fuse_group,
    fusion_key,
    story_keys,
)
from transforms.windows import windowing


@dataclass
class RememberedCluster:
    cluster_id: str
    time: float
    samples: list[Record]
    stories: set[str] = field(default_factory=set)


# What compatible_events reads of a remembered cluster's rows.
_SAMPLE_FIELDS = ("article_id", "story_id", "event_date", "fatalities", "geo_precision",
                  "actor1_category", "actor2_category")


def link_to_earlier(rows: list[Record], earlier: list[RememberedCluster], config: EventsConfig,
                    now: float, horizon: float) -> list[Record]:
    """Fused rows of one fusion key and window, relabelled to earlier compatible clusters;
    `earlier` is updated in place (expired clusters dropped, new ones added)."""
    earlier[:] = [c for c in earlier if c.time >= now - horizon]
    clusters: dict[str, list[Record]] = {}
    for row in sorted(rows, key=lambda r: r["event_id"]):
        clusters.setdefault(row["event_cluster_id"], []).append(row)
    out = []
    for cluster_id in sorted(clusters):
        members = clusters[cluster_id]
        fits = [c for c in earlier
                if all(compatible_events(m, s, config) for m in members[:3] for s in c.samples)]
        match = choose_cluster(fits, dated=any(m.get("event_date") is not None for m in members))
        joins_earlier = match is not None  # its head row was written with an earlier window
        if match is None:
            samples = [{k: m.get(k) for k in _SAMPLE_FIELDS} for m in members[:3]]
            match = RememberedCluster(cluster_id, now, samples)
            earlier.append(match)
        match.stories |= story_keys(members)
        match.time = now
        for m in members:
            out.append({**m, "event_cluster_id": match.cluster_id,
                        "story_count": len(match.stories),
                        "cluster_head": m.get("cluster_head", False) and not joins_earlier})
    return out


class _FuseOverTimeFn(beam.DoFn):
    """(fusion key, fused rows of one window) → rows linked to earlier clusters."""

    CLUSTERS = ReadModifyWriteStateSpec("clusters", PickleCoder())

    def __init__(self, config: EventsConfig, horizon: float) -> None:
        self._config = config
        self._horizon = horizon
        self._memory = KeyedMemory()

    def process(self, element, timestamp=beam.DoFn.TimestampParam,
                stored=beam.DoFn.StateParam(CLUSTERS)) -> Iterator[Record]:
        key, rows = element
        with self._memory.hold(key, stored) as cell:
            earlier = cell.read([])
            linked = link_to_earlier(list(rows), earlier, self._config, float(timestamp),
                                     self._horizon)
            cell.write(earlier)
        yield from linked


class ExtractEventsOverTime(beam.PTransform):
    """Windowed articles → event rows, fused within each window and linked across windows."""

    def __init__(self, config: EventsConfig, horizon: float, window_seconds: float) -> None:
        super().__init__()
        self._config = config
        self._horizon = horizon
        self._window_seconds = window_seconds

    def expand(self, articles):
        config = self._config
        return (articles
                | "ExtractEvents" >> beam.ParDo(ExtractEventsFn(config))
                | "KeyByPlaceAndKind" >> beam.Map(lambda e: (repr(fusion_key(e)), e))
                | "GroupCandidates" >> beam.GroupByKey()
                | "FuseWindow" >> beam.MapTuple(lambda key, es: (key, list(fuse_group(es, config))))
                .with_output_types(Tuple[str, Any])
                | "AcrossWindows" >> beam.WindowInto(beam_window.GlobalWindows())
                | "LinkEarlier" >> beam.ParDo(_FuseOverTimeFn(config, self._horizon))
                .with_input_types(Tuple[str, Any])
                | "BackToWindows" >> windowing(self._window_seconds))
