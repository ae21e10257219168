#!/usr/bin/env python3
"""Run labelled news items through the events stage, one article each, and score the first row.

Input: the items a collector wrote (JSON lines with `id`, `text` and, for world-news leads,
`title`: training/collect/ag_world.py, huffpost_world.py, current_events.py) and a labels
file keyed by `id` (`label`: a sub-event type or NONE; training/data/*_incident_labels.jsonl).
Each labelled item becomes an article of its own (its headline as the title with --titles):
the type of its first event row is the item's, an event item without a row is a miss.
Prints first-row macro-F1 over the 25 sub-event types with a 95% bootstrap interval, accuracy,
relevance precision and recall, and rows per event item. With --model the stage runs with
other weights, e.g. ones trained by `train_events.py --leave-out` without the measured source:
the figures are then held out by source.

    python training/eval_pipeline.py ag_world.jsonl training/data/ag_world_incident_labels.jsonl --titles [--model M]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_frozen_news import labelled_items  # noqa: E402
from train_events import NONE, SUB_EVENT_TYPES, bootstrap, scores  # noqa: E402

from transforms.events.model import SentenceModel, use_model  # noqa: E402
from transforms.events.rules import extract_events  # noqa: E402


def first_rows(articles: list[tuple[str | None, str]]) -> tuple[list[str], list[int]]:
    """Per (title, text), run as an article of its own: its first event row's type (NONE
    without one), and how many rows it gave."""
    typed, counts = [], []
    for k, (title, text) in enumerate(articles):
        rows = extract_events({"article_id": f"item-{k}", "title": title, "text": text,
                               "language": "en", "published_at": None})
        typed.append(rows[0]["sub_event_type"] if rows else NONE)
        counts.append(len(rows))
    return typed, counts


def typing_figures(gold: list[str], typed: list[str], unit: str = "events",
                   measure: str = "first-row macro-F1") -> str:
    """Macro-F1 over the 25 sub-event types with its 95% bootstrap interval, and accuracy."""
    types = tuple(SUB_EVENT_TYPES)
    low, high = bootstrap(gold, typed, types)
    accuracy = sum(g == t for g, t in zip(gold, typed, strict=True)) / len(gold)
    return (f"{len(gold)} {unit}: {measure} {scores(gold, typed, types)['macro_f1']:.3f} "
            f"({low:.3f}–{high:.3f}), accuracy {accuracy:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("items", type=Path)
    parser.add_argument("labels", type=Path)
    parser.add_argument("--titles", action="store_true", help="give each item its headline as the article title")
    parser.add_argument("--model", type=Path, help="weights to use instead of the shipped model")
    args = parser.parse_args(argv)
    labels, records = labelled_items(args.items, args.labels)
    if labels is None:
        return 2
    items = {i: (r.get("title") if args.titles else None, " ".join(r["text"].split())) for i, r in records.items()}
    use_model(SentenceModel.load(args.model) if args.model else None)
    ids = sorted(labels)
    typed, counts = first_rows([items[i] for i in ids])
    events = [k for k, i in enumerate(ids) if labels[i] != NONE]
    found = sum(1 for k in events if counts[k])
    said = sum(1 for c in counts if c)
    print(typing_figures([labels[ids[k]] for k in events], [typed[k] for k in events]))
    print(f"relevance: precision {found / max(1, said):.3f}, recall {found / max(1, len(events)):.3f}; "
          f"{said - found} of {len(ids) - len(events)} non-events with a row; "
          f"rows per event item {sum(counts[k] for k in events) / max(1, len(events)):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
