"""Sanity of the event-extraction evaluation set and its scorer (not of extraction quality)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.events_eval import (
    DEFAULT_DATA,
    NONE,
    SUB_EVENT_TYPES,
    SUB_TO_TYPE,
    evaluate,
    format_report,
    load_records,
    main,
    norm_place,
)


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return load_records(DEFAULT_DATA)


def _by_id(records: list[dict]) -> dict[str, dict]:
    return {r["id"]: r for r in records}


def _perfect(records: list[dict]):
    index = {r["text"]: r for r in records}

    def extract(article: dict) -> list[dict]:
        rec = index[article["text"]]
        out = []
        for ev in rec["events"]:
            date = dt.date.fromisoformat(ev["event_date"]) if ev["event_date"] else None
            out.append({**ev, "event_date": date, "latitude": None, "longitude": None,
                        "actor1": None, "actor2": None, "evidence": ""})
        return out

    return extract


def test_data_lines_parse_and_have_the_schema():
    lines = Path(DEFAULT_DATA).read_text(encoding="utf-8").splitlines()
    assert lines and all(line.strip() for line in lines)
    ids = set()
    for line in lines:
        rec = json.loads(line)
        assert set(rec) == {"id", "text", "published", "events"}
        assert re.fullmatch(r"e\d{4}", rec["id"]) and rec["id"] not in ids
        ids.add(rec["id"])
        assert isinstance(rec["text"], str) and len(rec["text"]) > 20
        if rec["published"] is not None:
            stamp = dt.datetime.fromisoformat(rec["published"].replace("Z", "+00:00"))
            assert stamp.utcoffset() == dt.timedelta(0)
        assert isinstance(rec["events"], list)
        for ev in rec["events"]:
            assert set(ev) == {"event_type", "sub_event_type", "location", "country_code",
                               "event_date", "fatalities"}
            assert ev["sub_event_type"] in SUB_EVENT_TYPES, ev["sub_event_type"]
            assert ev["event_type"] == SUB_TO_TYPE[ev["sub_event_type"]]
            assert ev["location"] is None or (isinstance(ev["location"], str) and ev["location"])
            assert re.fullmatch(r"[A-Z]{2}", ev["country_code"] or "")
            if ev["event_date"] is not None:
                dt.date.fromisoformat(ev["event_date"])
            fat = ev["fatalities"]
            assert fat is None or (isinstance(fat, int) and not isinstance(fat, bool) and fat >= 0)


def test_data_coverage(records):
    primary = Counter(r["events"][0]["sub_event_type"] for r in records if r["events"])
    assert set(primary) == set(SUB_EVENT_TYPES)
    assert min(primary.values()) >= 12, primary
    assert sum(1 for r in records if not r["events"]) >= 40
    countries = {ev["country_code"] for r in records for ev in r["events"]}
    assert len(countries) >= 40, sorted(countries)


def test_dates_are_consistent_with_published(records):
    for rec in records:
        for ev in rec["events"]:
            if rec["published"] and ev["event_date"]:
                assert ev["event_date"] <= rec["published"][:10], rec["id"]


def test_perfect_predictions_score_one(records):
    result = evaluate(records, _perfect(records))
    assert result["macro_f1"] == pytest.approx(1.0)
    assert result["event_type_accuracy"] == pytest.approx(1.0)
    assert result["false_event_rate"] == 0.0
    for key in ("fatalities_typed", "fatalities_typed_nonnull", "location_typed",
                "location_all", "country_typed", "event_date_typed", "event_date_all"):
        assert result[key]["accuracy"] == pytest.approx(1.0), key
    assert result["confusions"] == [] and result["errors"] == []
    assert "MACRO-F1" in format_report(result)


def test_all_none_scores_zero(records):
    result = evaluate(records, lambda article: [])
    assert result["macro_f1"] == 0.0
    assert result["false_event_rate"] == 0.0
    assert result["fatalities_typed"]["n"] == 0
    assert result["confusions"][0]["predicted"] == NONE
    assert result["event_type_accuracy"] == pytest.approx(
        result["n_negative"] / result["n_snippets"])


def test_scorer_counts_on_a_tiny_set():
    recs = [
        {"id": "a", "text": "one", "published": "2020-01-08T10:00:00Z",
         "events": [{"event_type": "Battles", "sub_event_type": "Armed clash",
                     "location": "Gao", "country_code": "ML", "event_date": "2020-01-07",
                     "fatalities": 3}]},
        {"id": "b", "text": "two", "published": None,
         "events": [{"event_type": "Riots", "sub_event_type": "Mob violence",
                     "location": None, "country_code": "KE", "event_date": None,
                     "fatalities": None}]},
        {"id": "c", "text": "three", "published": None, "events": []},
    ]
    answers = {
        "one": [{"sub_event_type": "Armed clash", "event_type": "Battles", "location": "GAO",
                 "country_code": "ML", "event_date": dt.date(2020, 1, 7), "fatalities": 2}],
        "two": [{"sub_event_type": "Attack", "event_type": "Violence against civilians",
                 "location": "Nairobi", "country_code": "KE", "event_date": None,
                 "fatalities": None}],
        "three": [{"sub_event_type": "Attack", "event_type": "Violence against civilians"}],
    }
    seen = []

    def extract(article):
        seen.append(article)
        return answers[article["text"]]

    result = evaluate(recs, extract)
    assert seen[0]["published_at"] == dt.datetime(2020, 1, 8, 10, tzinfo=dt.UTC)
    assert seen[1]["published_at"] is None and seen[0]["language"] == "en"
    per = result["per_sub_type"]
    assert per["Armed clash"]["f1"] == 1.0
    assert per["Attack"]["precision"] == 0.0 and per["Mob violence"]["recall"] == 0.0
    # Armed clash 1.0, Attack 0.0, Mob violence 0.0 -> macro over labels with support
    assert result["macro_f1"] == pytest.approx(1 / 3)
    assert result["false_event_rate"] == 1.0
    assert result["fatalities_typed"] == {"correct": 0, "n": 1, "accuracy": 0.0}
    assert result["location_typed"]["accuracy"] == 1.0
    assert result["location_all"] == {"correct": 2, "n": 2, "accuracy": 1.0}
    assert result["event_date_all"] == {"correct": 1, "n": 1, "accuracy": 1.0}
    assert result["confusions"][0]["count"] == 1


def test_extractor_crash_is_a_miss(records):
    def boom(article):
        raise RuntimeError("x")

    result = evaluate(records[:3], boom)
    assert len(result["errors"]) == 3 and result["macro_f1"] == 0.0


def test_norm_place():
    assert norm_place("Ma'arat al-Nu`man ") == norm_place("ma arat al nu man")
    assert norm_place("Bogotá") == "bogota"
    assert norm_place(None) == ""


def test_main_reports_missing_extractor(monkeypatch, capsys):
    import builtins

    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "transforms.events.rules":
            raise ImportError("not yet")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    assert main([]) == 1
    assert "cannot import transforms.events.rules" in capsys.readouterr().err


def test_ids_are_unique(records):
    assert len(_by_id(records)) == len(records)
