"""The dev ACLED notes: 2,000 notes of five exports, typed by weights trained without them.

The dev figure on ACLED's notes needs a model that never saw the notes it types. Five exports
are set aside: together they hold 11,573 of the 39,301 training notes, from Cameroon, Kenya,
the Horn of Africa, Mali (the UN mission's) and one world-wide 2020 export. Their groups are
left out of the final model (`train_events.py --leave-out`), and 2,000 of their notes, in the
order of SHA-1("dev-notes", text), are run through the events stage:

    python training/dev_notes.py acled_records.jsonl dev_notes.jsonl      # prints the --leave-out flags
    python training/train_events.py --acled acled_records.jsonl ... --cache comb.npz \\
        $(python training/dev_notes.py --flags) --out lo_notes.npz --report r.json --folds-file f.json
    python training/eval_heldout_acled.py dev_notes.jsonl --pipeline --model lo_notes.npz

These notes are dev data: rules may be read off them, so their figure is not a blind one
(training/eval_heldout_acled.py's unseen exports are).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_events import ACLED_GROUP  # noqa: E402  (a note's group: this and its repository)

DEV_EXPORTS = (
    "Carol0128/Data",  # Kenya
    "RPanlilio/acled",  # world-wide, 2020
    "SomaliConflictAnalysis/HOA-DataVisualization",  # Ethiopia, Djibouti
    "ValenGe/UZH_Seminar_UN_PKO",  # Mali
    "khadim2090/cmr-conflict-data-mining-board-app",  # Cameroon
)
SAMPLE = 2000


def leave_out_flags() -> list[str]:
    """train_events.py's arguments that keep the dev exports out of the final model."""
    return [f"--leave-out={ACLED_GROUP}{repo}" for repo in DEV_EXPORTS]


def export_of(record: dict) -> str:
    """The repository a note came from (its origin is "repository:path@commit")."""
    return record["origin"].split(":")[0]


def dev_sample(records: list[dict], size: int = SAMPLE) -> list[dict]:
    """The first `size` notes of the dev exports in SHA-1("dev-notes", text) order: the same
    sample in every run, whatever order the records file has."""
    dev = [r for r in records if export_of(r) in DEV_EXPORTS]
    key = lambda r: hashlib.sha1(("dev-notes\n" + r["text"]).encode("utf-8")).hexdigest()  # noqa: E731
    return sorted(dev, key=key)[:size]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("records", type=Path, nargs="?", help="training/collect/acled.py's output")
    parser.add_argument("out", type=Path, nargs="?", help="the dev notes, JSON lines")
    parser.add_argument("--flags", action="store_true", help="print only train_events.py's --leave-out flags")
    parser.add_argument("--size", type=int, default=SAMPLE)
    args = parser.parse_args(argv)
    if args.flags:
        print(" ".join(leave_out_flags()))
        return 0
    if args.records is None or args.out is None:
        parser.error("RECORDS and OUT are needed (or --flags)")
    records = [json.loads(line) for line in args.records.read_text(encoding="utf-8").splitlines() if line.strip()]
    counts = Counter(export_of(r) for r in records)
    if missing := [repo for repo in DEV_EXPORTS if not counts[repo]]:
        parser.error(f"no notes of {', '.join(missing)} in {args.records}")
    sample = dev_sample(records, args.size)
    with args.out.open("w", encoding="utf-8") as out:
        for r in sample:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    total = sum(counts[repo] for repo in DEV_EXPORTS)
    print(f"{len(sample)} of the dev exports' {total} notes -> {args.out}", file=sys.stderr)
    print(" ".join(leave_out_flags()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
