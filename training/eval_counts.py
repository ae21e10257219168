#!/usr/bin/env python3
"""Score the events stage's death counts on real news sentences two annotators counted.

`training/data/current_events_count_labels.jsonl` holds 300 sentences of the Wikipedia Current
events portal (PROVENANCE 4e) that tell a death: the portal item's id, the sentence's SHA-1,
its sampling stratum and each annotator's count of the people the sentence reports killed in
the event it reports (ACLED's conventions, training/LEAD_GUIDELINES.md, *Counting the dead*;
null: no figure). The text comes from `training/collect/current_events.py`'s output. Each
sentence's count by `transforms.events.numbers.fatalities` is right when it equals the count
both annotators gave (no figure and 0 alike: the events table sums them alike). Prints the
share right with a 95% bootstrap interval, over all agreed sentences and per stratum ("random":
any sentence with a death word; "changed": sentences whose count the twenty-seventh round's
rules changed, drawn to measure the change itself), and over those with deaths.

    python training/eval_counts.py current_events.jsonl training/data/current_events_count_labels.jsonl [--show]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_events import proportion_interval  # noqa: E402

from transforms.events.numbers import fatalities  # noqa: E402
from transforms.events.rules import split_sentences  # noqa: E402


def labelled_counts(items_path: Path, labels_path: Path) -> list[dict]:
    """The labelled sentences with their text, both counts and the agreed one (None: disagreement)."""
    labels = [json.loads(line) for line in labels_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    wanted = {label["id"] for label in labels}
    sentences: dict[tuple[str, str], str] = {}
    with items_path.open(encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            if item["id"] in wanted:
                for sentence in split_sentences(item["text"]):
                    sentences[item["id"], hashlib.sha1(sentence.encode()).hexdigest()] = sentence
    rows = []
    for label in labels:
        sentence = sentences.get((label["id"], label["sentence_sha1"]))
        if sentence is None:
            raise ValueError(f"{label['id']}: no sentence with SHA-1 {label['sentence_sha1']}")
        a, b = label["labeller_a"], label.get("labeller_b")  # no labeller_b: B gave no answer
        agreed = (a or 0) if "labeller_b" in label and (a or 0) == (b or 0) else None
        rows.append({**label, "sentence": sentence, "agreed": agreed})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("items", type=Path, help="training/collect/current_events.py's output")
    parser.add_argument("labels", type=Path)
    parser.add_argument("--show", action="store_true", help="print the sentences counted wrong")
    args = parser.parse_args(argv)
    for path in (args.items, args.labels):
        if not path.is_file():
            parser.error(f"{path}: no such file")
    try:
        rows = labelled_counts(args.items, args.labels)
    except ValueError as e:
        print(f"{e}: the labels no longer fit these items", file=sys.stderr)
        return 2
    agreed = [r for r in rows if r["agreed"] is not None]
    both = sum("labeller_b" in r for r in rows)
    print(f"{len(rows)} sentences; both annotators counted {both}, agreeing on {len(agreed)} "
          f"({len(agreed) / max(1, both):.1%}, no figure and 0 alike)")
    for stratum in ("random", "changed", None):
        chosen = [r for r in agreed if stratum is None or r["stratum"] == stratum]
        for name, subset in (("all", chosen), ("with deaths", [r for r in chosen if r["agreed"] > 0])):
            right = np.array([(fatalities(r["sentence"])[0] or 0) == r["agreed"] for r in subset])
            if len(right):
                low, high = proportion_interval(right)
                print(f"  {stratum or 'both strata'}, {name}: {right.mean():.3f} ({low:.3f}-{high:.3f}) of {len(right)}")
    if args.show:
        for r in agreed:
            counted = fatalities(r["sentence"])[0] or 0
            if counted != r["agreed"]:
                print(f"counted {counted}, annotators {r['agreed']}: {r['sentence']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
