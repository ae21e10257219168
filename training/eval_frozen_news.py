#!/usr/bin/env python3
"""Measure the events stage on labelled news items that no rule was written from and no
model was tuned on: a frozen test set (PROVENANCE 4c), labelled by two annotators and never
read for rules.

For each labelled item, the text is classified as the events stage classifies a sentence (the
model's event probability, held back by the relevance rules; the model's types under the
codebook's precedence). Prints, with 95% bootstrap intervals:
- relevance precision and recall at the model's threshold, with and without the relevance
  rules (non_incident_factor);
- typing of the labelled events: macro-F1 and accuracy with the precedence rules and with the
  model's first type alone, and the paired difference.

    python training/eval_frozen_news.py items.jsonl labels.jsonl [--model event_model.npz]

items.jsonl: the source's items ({id, text}; training/collect/current_events.py's output);
labels.jsonl: {id, label} with the adjudicated label. --model: weights trained without this
source (train_events.py --leave-out) to measure the source as unseen; the shipped model by
default.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_events import SUB_EVENT_TYPES, bootstrap, proportion_interval, ranked_types, scores  # noqa: E402

from transforms.events import model as model_module  # noqa: E402
from transforms.events.model import NONE, SentenceModel  # noqa: E402
from transforms.events.relevance import sentence_confidence  # noqa: E402
from transforms.events.types import DECIDING, cue_reading, precedence  # noqa: E402


def instruments_only(sentence: str, ranked: list[str]) -> str:
    """The model's first type under the codebook's instrument precedence alone (suicide bomb,
    chemical weapon, air or drone strike), without the rules read off labelled errors."""
    s = cue_reading(sentence)
    return next((sub for sub, cue in DECIDING if cue.search(s)), ranked[0])


def compare_typings(gold: list[str], typings: dict[str, list[str]]) -> list[str]:
    """Macro-F1 (95% interval) and accuracy of each typing, and each against the first."""
    types = tuple(SUB_EVENT_TYPES)
    lines = []
    first_name, first = next(iter(typings.items()))
    first_f1 = scores(gold, first, types)["macro_f1"]
    for name, typed in typings.items():
        f1 = scores(gold, typed, types)["macro_f1"]
        lo, hi = bootstrap(gold, typed, types)
        accuracy = np.mean([g == t for g, t in zip(gold, typed, strict=True)])
        line = f"  {name}: macro-F1 {f1:.3f} ({lo:.3f}–{hi:.3f}), accuracy {accuracy:.3f}"
        if typed is not first:
            gain = first_f1 - f1
            dlo, dhi = paired_difference(gold, first, typed)
            fixed = sum(f == g != t for g, f, t in zip(gold, first, typed, strict=True))
            broken = sum(t == g != f for g, f, t in zip(gold, first, typed, strict=True))
            line += (f"; {first_name} minus this {gain:+.3f} ({dlo:+.3f} to {dhi:+.3f}), "
                     f"{fixed} events right only with {first_name}, {broken} only with this")
        lines.append(line)
    return lines


def paired_difference(gold: list[str], a: list[str], b: list[str], rounds: int = 1000) -> tuple[float, float]:
    """95% interval of macro-F1(a) - macro-F1(b) over the same resampled items."""
    types = tuple(SUB_EVENT_TYPES)
    rng = np.random.default_rng(0)
    n = len(gold)
    diffs = []
    for _ in range(rounds):
        ix = rng.integers(0, n, n)
        g = [gold[i] for i in ix]
        diffs.append(scores(g, [a[i] for i in ix], types)["macro_f1"]
                     - scores(g, [b[i] for i in ix], types)["macro_f1"])
    return float(np.percentile(diffs, 2.5)), float(np.percentile(diffs, 97.5))


def labelled_items(items_path: Path, labels_path: Path) -> tuple[dict[str, str] | None, dict[str, dict]]:
    """(label by id, item record by id) of the labelled items (labels keyed by `id`); (None, {})
    after saying so on stderr when a labelled id is not among the items."""
    labels = {r["id"]: r["label"] for r in map(json.loads, labels_path.read_text(encoding="utf-8").splitlines())
              if r.get("label")}
    items = {}
    with open(items_path, encoding="utf-8") as f:
        for line in f:
            item = json.loads(line)
            if item["id"] in labels:
                items[item["id"]] = item
    missing = set(labels) - set(items)
    if missing:
        print(f"{len(missing)} labelled ids are not in {items_path}", file=sys.stderr)
        return None, {}
    return labels, items


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("items", type=Path)
    parser.add_argument("labels", type=Path)
    parser.add_argument("--model", type=Path, help="weights to use instead of the shipped model")
    parser.add_argument("--typed", type=Path, help="write each labelled event's types here (JSON)")
    args = parser.parse_args(argv)
    labels, items = labelled_items(args.items, args.labels)
    if labels is None:
        return 2
    texts = {i: " ".join(item["text"].split()) for i, item in items.items()}
    m = SentenceModel.load(args.model) if args.model else model_module.model()
    ids = sorted(labels)
    p = m.probabilities([texts[i] for i in ids])
    raw = 1 - p[:, m.none_index]
    confidence = np.array([sentence_confidence(texts[i], float(e)) for i, e in zip(ids, raw, strict=True)])
    gold_event = np.array([labels[i] != NONE for i in ids])
    print(f"{len(ids)} items, {gold_event.sum()} events; threshold {m.threshold:.2f}")
    for name, said in (("relevance", confidence >= m.threshold), ("relevance, model alone", raw >= m.threshold)):
        tp = int((said & gold_event).sum())
        plo, phi = proportion_interval(gold_event[said])
        rlo, rhi = proportion_interval(said[gold_event])
        print(f"{name}: precision {tp / max(1, said.sum()):.3f} ({plo:.3f}–{phi:.3f}), "
              f"recall {tp / max(1, gold_event.sum()):.3f} ({rlo:.3f}–{rhi:.3f}), "
              f"{int((said & ~gold_event).sum())} false events")
    events = [k for k, i in enumerate(ids) if labels[ids[k]] != NONE]
    ranked = ranked_types(p[events])
    gold = [labels[ids[k]] for k in events]
    with_rules = [precedence(texts[ids[k]], r) for k, r in zip(events, ranked, strict=True)]
    instruments = [instruments_only(texts[ids[k]], r) for k, r in zip(events, ranked, strict=True)]
    alone = [r[0] for r in ranked]
    print(f"typing of the {len(gold)} labelled events:")
    print("\n".join(compare_typings(gold, {"rules": with_rules, "instruments only": instruments,
                                            "model alone": alone})))
    if args.typed:
        args.typed.write_text(json.dumps([{"id": ids[k], "gold": g, "rules": w, "model": a}
                                          for k, g, w, a in zip(events, gold, with_rules, alone, strict=True)]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
