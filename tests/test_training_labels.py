"""Labelling rounds of the training data: the sample, the merge of two annotators, their use."""

import importlib.util
import json
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


sample = _load("sample_current_events", ROOT / "training" / "sample_current_events.py")
merge_labels = _load("merge_labels", ROOT / "training" / "merge_labels.py")
train_events = _load("train_events", ROOT / "training" / "train_events.py")


def _portal(n: int, heading: str) -> list[dict]:
    return [{"id": f"cep-{heading[:3]}{k:03d}", "heading": heading, "date": "2015-01-01",
             "text": f"{heading} item {k}.", "text_sha1": f"{k:040x}"} for k in range(n)]


def test_the_sample_leaves_out_the_benchmark_and_labelled_items_and_rounds_differ():
    items = _portal(30, "Sports") + _portal(30, "Law and crime")
    benchmark = {it["id"] for it in items if int(it["text_sha1"], 16) < 10}  # first 10 by SHA-1
    labelled = {"cep-Spo015", "cep-Law020"}
    first = sample.draw(items, {"Sports": 5, "Law and crime": 8}, labelled, 1, benchmark_per_heading=10)
    assert [it["heading"] for it in first].count("Sports") == 5
    assert [it["heading"] for it in first].count("Law and crime") == 8
    ids = {it["id"] for it in first}
    assert not ids & benchmark and not ids & labelled
    assert {it["id"] for it in sample.draw(items, {"Sports": 5, "Law and crime": 8}, labelled, 1,
                                           benchmark_per_heading=10)} == ids  # same every run
    assert {it["id"] for it in sample.draw(items, {"Sports": 5, "Law and crime": 8}, labelled, 2,
                                           benchmark_per_heading=10)} != ids


def test_a_matched_sample_takes_only_matching_items_outside_the_benchmark():
    items = _portal(30, "Law and crime")
    for it in items[::3]:
        it["text"] = f"Rioters looted shop {it['id']}."
    benchmark = {it["id"] for it in items if int(it["text_sha1"], 16) < 10}
    drawn = sample.draw(items, {"Law and crime": 50}, set(), 1, benchmark_per_heading=10, match=r"\bLOOT")
    looted_outside = {it["id"] for it in items if "looted" in it["text"]} - benchmark
    assert {it["id"] for it in drawn} == looted_outside and looted_outside


def test_items_without_a_heading_are_drawn_whole_under_their_own_quota():
    unheaded = [{**it, "heading": None} for it in _portal(12, "none")]
    items = _portal(30, "Sports") + unheaded
    drawn = sample.draw(items, {sample.NO_HEADING: 20}, {"cep-non003"}, 1, benchmark_per_heading=10)
    assert {it["id"] for it in drawn} == {it["id"] for it in unheaded} - {"cep-non003"}


def test_merge_keeps_agreed_labels_and_leaves_disagreements_to_adjudication():
    meta = {"a": {"heading": "Sports", "text_sha1": "1"}, "b": {"heading": "Law and crime", "text_sha1": "2"},
            "c": {"heading": "Law and crime", "text_sha1": "3"}}
    first = {"a": "NONE", "b": "Arrests", "c": "Attack"}
    second = {"a": "NONE", "b": "NONE", "c": "Attack"}
    rows = {r["id"]: r for r in merge_labels.merge(meta, first, second, "portal", {})}
    assert rows["a"]["label"] == "NONE" and rows["c"]["label"] == "Attack"
    assert rows["b"]["label"] is None and "adjudicated" not in rows["b"]
    rows = {r["id"]: r for r in merge_labels.merge(meta, first, second, "portal", {"b": "NONE"})}
    assert rows["b"]["label"] == "NONE" and rows["b"]["adjudicated"]


def test_kappa_is_one_for_full_agreement_and_zero_at_chance():
    assert merge_labels.kappa([("x", "x"), ("y", "y")]) == (1.0, 1.0)
    observed, k = merge_labels.kappa([("x", "x"), ("x", "y"), ("y", "x"), ("y", "y")])
    assert observed == 0.5 and abs(k) < 1e-9


def test_a_labelled_lead_without_an_agreed_label_is_not_trained_on(tmp_path):
    leads = tmp_path / "portal.jsonl"
    texts = {"1": "Soldiers shoot dead three protesters in the capital.", "2": "A ferry sinks in a storm.",
             "3": "Police arrest a senator for bribery."}
    leads.write_text("".join(json.dumps({"text": t, "text_sha1": k, "heading": "Law and crime"}) + "\n"
                             for k, t in texts.items()))
    labels = tmp_path / "labels.jsonl"
    labels.write_text("".join(json.dumps({"text_sha1": k, "label": v}) + "\n"
                              for k, v in (("1", "Excessive force against protesters"), ("2", "NONE"),
                                           ("3", None))))
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    items = train_events.load_items(empty, empty, tmp_path / "absent.jsonl", empty, 30,
                                    ((leads, labels, train_events.CURRENT_EVENTS_GROUP, None),))
    assert sorted(it["text"] for it in items) == sorted([texts["1"], texts["2"]])
    assert all(it["lead"] and it["heading"] == "Law and crime" for it in items)


def test_lead_figures_count_false_events_by_heading():
    group = train_events.CURRENT_EVENTS_GROUP
    items = [{"text": "a", "label": "Attack", "group": group, "lead": True, "heading": "Armed conflicts"},
             {"text": "b", "label": "NONE", "group": group, "lead": True, "heading": "Disasters"},
             {"text": "c", "label": "NONE", "group": group, "lead": True, "heading": "Disasters"},
             {"text": "d", "label": "NONE", "group": group, "lead": True, "heading": "Sports"}]
    event_p = np.array([0.9, 0.8, 0.1, 0.2])
    probabilities = np.full((4, len(train_events.LABELS)), 0.01, dtype=np.float32)
    probabilities[:, train_events.LABELS.index("Attack")] = 0.5
    figures = train_events._leads_figures(items, event_p, probabilities, 0.5, group)
    assert figures["by_heading"]["Disasters"] == {"items": 2, "events": 0, "found": 0, "false_events": 1,
                                                  "non_events": 2}
    assert figures["by_heading"]["Armed conflicts"]["found"] == 1
    assert figures["false_positives"] == 1 and figures["precision"] == 0.5


def test_items_drawn_by_a_pattern_carry_it_into_the_labels_and_measure_typing_only(tmp_path):
    meta = {"a": {"heading": None, "text_sha1": "1", "match": r"\bloot"},
            "b": {"heading": "Sports", "text_sha1": "2"}}
    rows = {r["id"]: r for r in merge_labels.merge(meta, {"a": "NONE", "b": "NONE"},
                                                   {"a": "NONE", "b": "NONE"}, "portal", {})}
    assert len(rows["a"]["match"]) == 12 and "match" not in rows["b"]
    leads = tmp_path / "portal.jsonl"
    leads.write_text(json.dumps({"text": "Rioters looted a bank.", "text_sha1": "1"}) + "\n"
                     + json.dumps({"text": "A striker scored twice.", "text_sha1": "2"}) + "\n")
    labels = tmp_path / "labels.jsonl"
    labels.write_text("".join(json.dumps(r) + "\n" for r in rows.values()))
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    items = train_events.load_items(empty, empty, tmp_path / "absent.jsonl", empty, 30,
                                    ((leads, labels, train_events.CURRENT_EVENTS_GROUP, None),))
    assert [it.get("matched", False) for it in items] == [True, False]
    # the matched item is said to be an event (a false one): lead figures leave it out
    event_p = np.array([0.9, 0.1])
    probabilities = np.full((2, len(train_events.LABELS)), 0.01, dtype=np.float32)
    figures = train_events._leads_figures(items, event_p, probabilities, 0.5, train_events.CURRENT_EVENTS_GROUP)
    assert figures["items"] == 1 and figures["false_positives"] == 0


def test_the_frozen_test_set_is_never_trained_on_nor_drawn_again(tmp_path):
    data = ROOT / "training" / "data"
    frozen = [json.loads(line) for line in (data / "current_events_frozen_labels.jsonl").read_text().splitlines()]
    trained = [json.loads(line) for line in (data / "current_events_incident_labels.jsonl").read_text().splitlines()]
    assert len(frozen) >= 800 and all(r["label"] for r in frozen)
    assert not {r["text_sha1"] for r in frozen} & {r["text_sha1"] for r in trained}
    # the sampler's command line reads the frozen file: its items are never drawn again
    items = [{**it, "heading": None} for it in _portal(40, "none")]  # unheaded: no benchmark cut
    items_path = tmp_path / "items.jsonl"
    items_path.write_text("".join(json.dumps(it) + "\n" for it in items))
    frozen_path = tmp_path / "frozen.jsonl"
    frozen_path.write_text("".join(json.dumps({"id": it["id"], "label": "NONE"}) + "\n" for it in items[:35]))
    sample.main([str(items_path), str(tmp_path / "out"), "--round", "1", "--quota", "(no heading)=40",
                 "--labels", str(tmp_path / "none.jsonl"), "--frozen", str(frozen_path)])
    drawn = [json.loads(line)["id"] for line in (tmp_path / "out" / "sample_meta.jsonl").read_text().splitlines()]
    assert sorted(drawn) == sorted(it["id"] for it in items[35:])
