#!/usr/bin/env python3
"""Type ACLED records no model or rule was built from, with the shipped model and rules.

Input: JSON lines of {"text": coders' notes, "sub_event_type": ..., "country": ..., "origin": ...}
from an export outside training/collect/acled.py's sources (PROVENANCE: held-out checks). The
notes go through the same clean-up as the training notes (ACLED's tags and leading dates off);
each record is typed as the events stage types a sentence it placed in `country`, with no
relevance threshold (every record is an event). Prints macro-F1 over the 25 sub-event types
with a 95% bootstrap interval, and accuracy, overall and per origin; and, over all, the shipped
rules against the codebook's instrument precedence alone and the model's first type alone.

With --pipeline, each note instead goes through the events stage as an article of its own
(sentences, relevance threshold, places, one row per event told): the first row's type is the
note's, a note with no row is a miss; also how many rows each note gives (ACLED coded one).

    python training/eval_heldout_acled.py records.jsonl [--typed OUT.json] [--pipeline]
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_frozen_news import compare_typings, instruments_only  # noqa: E402
from eval_pipeline import first_rows, typing_figures  # noqa: E402
from train_events import (  # noqa: E402
    acled_text,
    predict_all,
    ranked_types,
    shipped,
)

from transforms.events.model import SentenceModel, model, use_model  # noqa: E402


def figures(gold: list[str], typed: list[str]) -> str:
    return typing_figures(gold, typed, "records", "macro-F1")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("records", type=Path)
    parser.add_argument("--typed", type=Path, help="write each record's type here (JSON list)")
    parser.add_argument("--model", type=Path, help="weights to use instead of the shipped model")
    parser.add_argument("--pipeline", action="store_true",
                        help="type each note as the events stage does, one article per note")
    args = parser.parse_args(argv)
    records = [json.loads(line) for line in args.records.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [acled_text(r["text"]) for r in records]
    if args.pipeline:
        use_model(SentenceModel.load(args.model) if args.model else None)
        typed, counts = first_rows([(None, text) for text in texts])
        gold = [r["sub_event_type"] for r in records]
        print("events stage, first row:", figures(gold, typed))
        print(f"no event row: {counts.count(0) / len(counts):.3f} of notes; rows per note "
              f"{sum(counts) / len(counts):.2f}; notes with 2 or more rows {sum(c > 1 for c in counts) / len(counts):.3f}")
        return 0
    probabilities = predict_all(SentenceModel.load(args.model) if args.model else model(), texts)
    typed = shipped(texts, probabilities, 0.0, [r.get("country") for r in records])
    gold = [r["sub_event_type"] for r in records]
    print("all:", figures(gold, typed))
    ranked = ranked_types(probabilities)
    print("\n".join(compare_typings(gold, {
        "rules": typed, "instruments only": [instruments_only(t, r) for t, r in zip(texts, ranked, strict=True)],
        "model alone": [r[0] for r in ranked]})))
    by_origin: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        by_origin[r.get("origin", "?").split(":")[0]].append(i)
    for origin, rows in sorted(by_origin.items()):
        print(f"{origin}:", figures([gold[i] for i in rows], [typed[i] for i in rows]))
    if args.typed:
        args.typed.write_text(json.dumps(typed), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
