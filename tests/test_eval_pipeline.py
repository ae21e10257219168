"""training/eval_pipeline.py: labelled items through the events stage, scored by their first row."""

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("eval_pipeline", ROOT / "training" / "eval_pipeline.py")
eval_pipeline = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(eval_pipeline)


def test_items_are_scored_by_their_first_row_and_a_missing_row_is_a_miss(tmp_path, capsys):
    items = [
        {"id": "a", "title": "Suicide bomber strikes mosque in Quetta",
         "text": "An explosion tore through a crowded mosque in Quetta during Friday prayers, killing 14 worshippers."},
        {"id": "b", "title": "Celtics rout Knicks",
         "text": "Boston beat New York 120-98 on Tuesday night behind 31 points from its captain."},
        {"id": "c", "title": "Parliament debates budget", "text": "Lawmakers debated the budget."},
    ]
    labels = [{"id": "a", "label": "Suicide bomb"}, {"id": "b", "label": "NONE"},
              {"id": "c", "label": "Peaceful protest"}]  # c: an event the stage cannot find
    (tmp_path / "items.jsonl").write_text("".join(json.dumps(i) + "\n" for i in items))
    (tmp_path / "labels.jsonl").write_text("".join(json.dumps(r) + "\n" for r in labels))
    assert eval_pipeline.main([str(tmp_path / "items.jsonl"), str(tmp_path / "labels.jsonl"), "--titles"]) == 0
    out = capsys.readouterr().out
    assert "2 events" in out and "accuracy 0.500" in out  # the bombing right, the debate missed
    assert "precision 1.000, recall 0.500; 0 of 1 non-events with a row" in out
    typed, counts = eval_pipeline.first_rows([(None, items[0]["text"])])
    assert typed == ["Remote explosive/landmine/IED"] and counts == [1]  # without its headline


def test_labelled_ids_missing_from_the_items_are_a_usage_error(tmp_path):
    (tmp_path / "items.jsonl").write_text("")
    (tmp_path / "labels.jsonl").write_text(json.dumps({"id": "x", "label": "NONE"}) + "\n")
    assert eval_pipeline.main([str(tmp_path / "items.jsonl"), str(tmp_path / "labels.jsonl")]) == 2
