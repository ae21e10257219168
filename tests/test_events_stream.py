"""Event clusters over time: a window's clusters join compatible earlier ones."""

from __future__ import annotations

import datetime as dt

from transforms.events.rules import EventsConfig, fuse_group
from transforms.events.stream import link_to_earlier

CONFIG = EventsConfig()
DAY = 86400.0


def _event(event_id: str, article: str, day: int | None, killed: int | None) -> dict:
    return {"event_id": event_id, "article_id": article, "story_id": article,
            "sub_event_type": "Suicide bomb", "location_resolved": "Tadmur",
            "country_code": "SY", "fatalities": killed, "geo_precision": "place",
            "event_date": dt.date(2013, 2, day) if day else None}


def _window(events, earlier, now, horizon=7 * DAY):
    return link_to_earlier(list(fuse_group(events, CONFIG)), earlier, CONFIG, now, horizon)


def test_a_later_report_of_the_same_event_joins_its_cluster():
    earlier: list = []
    (first,) = _window([_event("e1", "a1", 6, 19)], earlier, 0)
    (later,) = _window([_event("e2", "a2", 7, 20)], earlier, 3600)
    assert later["event_cluster_id"] == first["event_cluster_id"]
    assert later["story_count"] == 2


def test_incompatible_counts_or_days_start_a_new_cluster():
    earlier: list = []
    (first,) = _window([_event("e1", "a1", 6, 3)], earlier, 0)
    (bigger,) = _window([_event("e2", "a2", 6, 40)], earlier, 60)
    (weeks,) = _window([_event("e3", "a3", 20, 3)], earlier, 120)
    assert len({first["event_cluster_id"], bigger["event_cluster_id"],
                weeks["event_cluster_id"]}) == 3


def test_clusters_past_the_horizon_are_forgotten():
    earlier: list = []
    (first,) = _window([_event("e1", "a1", 6, 19)], earlier, 0, horizon=DAY)
    (later,) = _window([_event("e2", "a2", 6, 19)], earlier, 2 * DAY, horizon=DAY)
    assert later["event_cluster_id"] != first["event_cluster_id"]
    assert len(earlier) == 1


def test_an_undated_report_joins_only_an_unambiguous_cluster():
    earlier: list = []
    _window([_event("e1", "a1", 6, 19)], earlier, 0)
    _window([_event("e2", "a2", 12, 18)], earlier, 60)     # a second, compatible by count
    (undated,) = _window([_event("e3", "a3", None, 19)], earlier, 120)
    assert undated["story_count"] == 1                      # two fit: it stands alone


def test_country_level_reports_of_different_stories_never_join():
    earlier: list = []
    vague = {"geo_precision": "country", "location_resolved": None}
    (first,) = _window([{**_event("e1", "a1", 6, 19), **vague}], earlier, 0)
    (later,) = _window([{**_event("e2", "a2", 6, 19), **vague}], earlier, 60)
    assert later["event_cluster_id"] != first["event_cluster_id"]


def test_a_replayed_window_keeps_its_heads_and_its_cluster():
    """A restart derives again a window a killed run fused but never committed: its rows are
    members of the remembered cluster already and must not be taken for later reports."""
    earlier: list = []
    first = _window([_event("e1", "a1", 6, 19), _event("e2", "a2", 6, 19)], earlier, 0)
    replay = _window([_event("e1", "a1", 6, 19), _event("e2", "a2", 6, 19)], earlier, 60)
    key = {r["event_id"]: (r["event_cluster_id"], r["cluster_head"]) for r in first}
    assert {r["event_id"]: (r["event_cluster_id"], r["cluster_head"]) for r in replay} == key
    assert sum(head for _, head in key.values()) == 1 and len(earlier) == 1
    (later,) = _window([_event("e3", "a3", 7, 20)], earlier, 120)
    assert later["event_cluster_id"] == first[0]["event_cluster_id"]
    assert later["cluster_head"] is False


def test_saved_clusters_survive_a_restart(tmp_path):
    from transforms.events.stream import SavedClusters

    earlier: list = []
    (first,) = _window([_event("e1", "a1", 6, 19)], earlier, 0)
    saved = SavedClusters(str(tmp_path))
    saved.save("k", 0, earlier)
    saved.save("k", 60, earlier)             # the newest replaces the older
    assert len(list(tmp_path.glob("*.json"))) == 1
    restored = saved.load("k")
    (later,) = _window([_event("e2", "a2", 7, 20)], restored, 120)
    assert later["event_cluster_id"] == first["event_cluster_id"]
    assert saved.load("other") == []
    saved.forget(before=61)
    assert saved.load("k") == []
