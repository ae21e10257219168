"""The events model's shipped evidence: the annotated sets, the report, the provenance."""

from __future__ import annotations

import json
from pathlib import Path

from transforms.events.model import NONE, model
from transforms.events.types import SUB_EVENT_TYPES

TRAINING = Path(__file__).resolve().parent.parent / "training"
LABELS = {*SUB_EVENT_TYPES, NONE}


def _rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (TRAINING / "data" / name).read_text().splitlines()]


def test_annotated_sets_have_two_independent_labels_and_an_adjudicated_one():
    for name in ("scrapinghub_sentences.jsonl", "news_flagged_labels.jsonl", "rare_sentences.jsonl",
                 "ag_world_labels.jsonl", "huffpost_world_labels.jsonl",
                 "ag_world_incident_labels.jsonl", "huffpost_world_incident_labels.jsonl"):
        rows = _rows(name)
        assert rows and len({r["id"] for r in rows}) == len(rows)
        for r in rows:
            assert {r["label_a"], r["label_b"], r["label"]} <= LABELS
            # The adjudicated label is one of the annotators' whenever they disagree.
            assert r["label"] == r["label_a"] if r["label_a"] == r["label_b"] else \
                r["label"] in (r["label_a"], r["label_b"])


def test_every_source_of_the_report_is_in_the_provenance_file():
    report = json.loads((TRAINING / "events_report.json").read_text())
    provenance = (TRAINING / "PROVENANCE.md").read_text()
    for group in report["typing_by_group"]:
        kind, name = group.split(":", 1)
        if kind == "acled":
            assert name in provenance, group
    assert abs(report["threshold"] - model().threshold) < 1e-6  # the shipped default


def test_the_whole_article_sets_keep_both_labels_and_share_no_article():
    evaluated, trained = _rows("fakes_sentence_labels.jsonl"), _rows("fakes_train_sentence_labels.jsonl")
    for rows, splits in ((evaluated, {"dev", "blind"}), (trained, {"train"})):
        assert rows and len({r["id"] for r in rows}) == len(rows)
        assert all({r["labeller_a"], r["labeller_b"]} <= LABELS and r["split"] in splits for r in rows)
        assert all(len(r["text_sha1"]) == 40 for r in rows)
    article = lambda r: r["id"].rsplit(":", 1)[0]  # noqa: E731
    assert not {article(r) for r in evaluated} & {article(r) for r in trained}
    assert {r["split"] for r in evaluated} == {"dev", "blind"}


def test_the_count_labels_keep_both_counts_and_no_text():
    rows = _rows("current_events_count_labels.jsonl")
    assert len(rows) == 300 and len({(r["id"], r["sentence_sha1"]) for r in rows}) == 300
    assert {r["stratum"] for r in rows} == {"random", "changed"}
    for r in rows:
        assert set(r) <= {"id", "sentence_sha1", "stratum", "labeller_a", "labeller_b"}
        assert len(r["sentence_sha1"]) == 40
        assert all(v is None or (isinstance(v, int) and v >= 0) for k, v in r.items() if k.startswith("labeller"))


def test_the_place_labels_keep_both_codings_and_no_text():
    rows = _rows("current_events_place_labels.jsonl")
    assert len(rows) == 200 and len({r["id"] for r in rows}) == 200
    for r in rows:
        assert set(r) == {"id", "text_sha1", "event_type", "labeller_a", "labeller_b"} and len(r["text_sha1"]) == 40
        for coding in (r["labeller_a"], r["labeller_b"]):
            assert set(coding) == {"place", "region", "country"}
            assert coding["country"] is None or (len(coding["country"]) == 2 and coding["country"].isupper())
    # drawn apart from the sides sample and the frozen test set
    others = {r["id"] for name in ("current_events_actor_labels.jsonl", "current_events_frozen_labels.jsonl")
              for r in _rows(name)}
    assert not {r["id"] for r in rows} & others
