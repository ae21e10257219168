"""Event clusters over time, for streaming: a window's clusters join earlier windows' ones.

The batch stage fuses all events of one sub-event type and place at once
(transforms/events/batch.py, with the rules of transforms/events/rules.py). A stream fuses each window's events the same way, then
`link_to_earlier` compares each fused cluster with the clusters remembered for the same
fusion key from earlier windows: a cluster compatible with one (days and counts, the batch
rules) takes its `event_cluster_id`, and `story_count` counts the stories of both. An
undated cluster links only when exactly one remembered cluster fits, as in batch.

Memory: per fusion key (sub-event type, place), the clusters of the last `horizon`
seconds, each with up to three sample rows (day, fatalities), its story ids and its member
event ids: small, and bounded by the horizon. It is Beam keyed state, and like the dedup
memory it is saved per window in the output directory (`<output>/_state/events/`, one file
per fusion key, the newest replacing the older), so a restarted run goes on linking to the
clusters of the run before it. A window a killed run fused but never committed is derived
again on restart; its rows find the clusters they are already members of, and keep their
`cluster_head` flag instead of being taken for later reports joining themselves.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field

import apache_beam as beam
from apache_beam.coders import PickleCoder
from apache_beam.io.filesystems import FileSystems
from apache_beam.transforms import window as beam_window
from apache_beam.transforms.userstate import ReadModifyWriteStateSpec
from apache_beam.typehints import Any, Tuple

from transforms.base import KeyedMemory, Record, stable_id
from transforms.commit import write_atomically
from transforms.dedup.stream import saved_time
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

logger = logging.getLogger(__name__)


@dataclass
class RememberedCluster:
    cluster_id: str
    time: float
    samples: list[Record]
    stories: set[str] = field(default_factory=set)
    members: set[str] = field(default_factory=set)   # event ids: a replayed row finds its own


def clusters_to_json(clusters: list[RememberedCluster]) -> bytes:
    """Remembered clusters as a saved file's bytes."""
    def sample(row: Record) -> Record:
        day = row.get("event_date")
        return {**row, "event_date": day.isoformat() if day is not None else None}

    return json.dumps([{"cluster_id": c.cluster_id, "time": c.time,
                        "samples": [sample(r) for r in c.samples],
                        "stories": sorted(c.stories), "members": sorted(c.members)}
                       for c in clusters], separators=(",", ":")).encode()


def clusters_from_json(data: bytes) -> list[RememberedCluster]:
    """The clusters of a saved file (clusters_to_json)."""
    def sample(row: Record) -> Record:
        day = row.get("event_date")
        return {**row, "event_date": dt.date.fromisoformat(day) if day else None}

    return [RememberedCluster(c["cluster_id"], c["time"], [sample(r) for r in c["samples"]],
                              set(c["stories"]), set(c["members"]))
            for c in json.loads(data)]


# What compatible_events reads of a remembered cluster's rows.
_SAMPLE_FIELDS = ("article_id", "story_id", "event_date", "fatalities", "geo_precision",
                  "actor1", "actor1_category", "actor2_category")


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
        ids = {m["event_id"] for m in members}
        # A replayed window (a restart deriving again what a killed run never committed):
        # its rows belong to the cluster they founded or joined the first time.
        own = [c for c in earlier if c.members & ids]
        if own:
            match = own[0]
        else:
            fits = [c for c in earlier
                    if all(compatible_events(m, s, config) for m in members[:3]
                           for s in c.samples)]
            match = choose_cluster(fits, dated=any(m.get("event_date") is not None
                                                   for m in members))
        if match is None:
            samples = [{k: m.get(k) for k in _SAMPLE_FIELDS} for m in members[:3]]
            match = RememberedCluster(cluster_id, now, samples)
            earlier.append(match)
        known = set(match.members)   # rows already members keep their head flag
        match.stories |= story_keys(members)
        match.members |= ids
        match.time = now
        for m in members:
            # A row joining a cluster of an earlier window is not its head: that row was
            # written with the earlier window.
            head = m.get("cluster_head", False) and (not known or m["event_id"] in known)
            out.append({**m, "event_cluster_id": match.cluster_id,
                        "story_count": len(match.stories), "cluster_head": head})
    return out


def _key_digest(key: str) -> str:
    return stable_id("fusion-key", key)[:16]


class SavedClusters:
    """The remembered clusters of each fusion key, saved in the output directory: one file
    per key, `<milliseconds>-<key digest>.json`, the newest replacing the older ones, written
    atomically through Beam FileSystems; files past the horizon are deleted."""

    def __init__(self, folder: str) -> None:
        self._folder = folder

    def _files(self, pattern: str) -> list[str]:
        try:
            matched = FileSystems.match([f"{self._folder}/{pattern}"])[0].metadata_list
        except Exception:  # noqa: BLE001 - nothing saved yet
            return []
        return sorted(m.path for m in matched)

    def load(self, key: str) -> list[RememberedCluster]:
        """The clusters last saved for `key` (none if nothing readable is saved)."""
        for path in reversed(self._files(f"*-{_key_digest(key)}.json")):
            try:
                with FileSystems.open(path) as handle:
                    return clusters_from_json(handle.read())
            except (OSError, ValueError, KeyError, TypeError) as e:
                # A damaged file costs that window's memory only: try the one before.
                logger.warning("ignoring unreadable event-cluster memory %s: %s", path, e)
        return []

    def save(self, key: str, now: float, clusters: list[RememberedCluster]) -> None:
        digest = _key_digest(key)
        path = f"{self._folder}/{int(now * 1000):015d}-{digest}.json"
        write_atomically(path, clusters_to_json(clusters))
        older = [p for p in self._files(f"*-{digest}.json") if p != path and p < path]
        if older:
            FileSystems.delete(older)

    def forget(self, before: float) -> None:
        """Delete files saved before `before` (keys not seen within the horizon)."""
        old = [p for p in self._files("*.json") if saved_time(p) < before]
        if old:
            FileSystems.delete(old)


class _FuseOverTimeFn(beam.DoFn):
    """(fusion key, fused rows of one window) → rows linked to earlier clusters."""

    CLUSTERS = ReadModifyWriteStateSpec("clusters", PickleCoder())

    def __init__(self, config: EventsConfig, horizon: float, state_dir: str | None) -> None:
        self._config = config
        self._horizon = horizon
        self._state_dir = state_dir
        self._memory = KeyedMemory()
        self._swept = False

    def setup(self) -> None:
        self._saved = SavedClusters(self._state_dir) if self._state_dir else None

    def process(self, element, timestamp=beam.DoFn.TimestampParam,
                stored=beam.DoFn.StateParam(CLUSTERS)) -> Iterator[Record]:
        key, rows = element
        now = float(timestamp)
        with self._memory.hold(key, stored) as cell:
            earlier = cell.read(None)
            if earlier is None:
                # This key's first window in this run: start from what an earlier run saved.
                earlier = self._saved.load(key) if self._saved else []
            linked = link_to_earlier(list(rows), earlier, self._config, now, self._horizon)
            cell.write(earlier)
            if self._saved:
                # Saved before the window commits: a replay of it finds its own clusters.
                self._saved.save(key, now, earlier)
        if self._saved and not self._swept:
            self._swept = True
            self._saved.forget(now - self._horizon)
        yield from linked


class ExtractEventsOverTime(beam.PTransform):
    """Windowed articles → event rows, fused within each window and linked across windows."""

    def __init__(self, config: EventsConfig, horizon: float, window_seconds: float,
                 state_dir: str | None = None) -> None:
        super().__init__()
        self._config = config
        self._horizon = horizon
        self._window_seconds = window_seconds
        self._state_dir = state_dir   # None: remembered for this run only

    def expand(self, articles):
        config = self._config
        return (articles
                | "ExtractEvents" >> beam.ParDo(ExtractEventsFn(config))
                | "KeyByPlaceAndKind" >> beam.Map(lambda e: (repr(fusion_key(e)), e))
                | "GroupCandidates" >> beam.GroupByKey()
                | "FuseWindow" >> beam.MapTuple(lambda key, es: (key, list(fuse_group(es, config))))
                .with_output_types(Tuple[str, Any])
                | "AcrossWindows" >> beam.WindowInto(beam_window.GlobalWindows())
                | "LinkEarlier" >> beam.ParDo(_FuseOverTimeFn(config, self._horizon,
                                                              self._state_dir))
                .with_input_types(Tuple[str, Any])
                | "BackToWindows" >> windowing(self._window_seconds))
