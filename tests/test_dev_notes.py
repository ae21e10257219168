"""training/dev_notes.py: the dev ACLED notes are the same sample in every run."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("dev_notes", ROOT / "training" / "dev_notes.py")
dev_notes = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(dev_notes)


def _records() -> list[dict]:
    dev, other = dev_notes.DEV_EXPORTS[0], "someone/else"
    return [{"text": f"note {i}", "origin": f"{dev if i % 3 else other}:data.csv@abc"} for i in range(60)]


def test_sample_takes_only_dev_exports_whatever_the_file_order():
    records = _records()
    sample = dev_notes.dev_sample(records, 10)
    assert len(sample) == 10
    assert all(r["origin"].startswith(dev_notes.DEV_EXPORTS[0] + ":") for r in sample)
    assert dev_notes.dev_sample(list(reversed(records)), 10) == sample
    # a larger sample keeps the smaller one: the order is the notes' own
    assert dev_notes.dev_sample(records, 20)[:10] == sample


def test_flags_leave_out_each_export_as_train_events_names_its_group():
    flags = dev_notes.leave_out_flags()
    assert len(flags) == len(dev_notes.DEV_EXPORTS) == 5
    assert all(f.startswith("--leave-out=acled:") for f in flags)


def test_missing_export_is_one_clear_usage_error(tmp_path, capsys):
    records = tmp_path / "r.jsonl"
    records.write_text('{"text": "x", "origin": "someone/else:a.csv@abc"}\n', encoding="utf-8")
    try:
        dev_notes.main([str(records), str(tmp_path / "out.jsonl")])
    except SystemExit as stop:
        assert stop.code == 2
    else:
        raise AssertionError("expected a usage error")
    assert "no notes of" in capsys.readouterr().err
