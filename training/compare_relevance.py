"""Relevance as the shipped logistic regression, as a network with one hidden layer, and as their
average, on one source-held-out fold: raw event probabilities, no rules, no article context.

    python training/compare_relevance.py --acled acled_records.jsonl --negatives news.jsonl \\
        --ag-world ag_world.jsonl --huffpost-world huffpost_world.jsonl \\
        --current-events current_events.jsonl --fold 2 [--hidden 64] [--out probs.npz]

Trains both on every fold but `--fold` (train_events.py's folds, features with the word vectors
and relevance weights) and prints, for the fold's news text and each news source in it, the
average precision of each and precision / recall at 0.3 and 0.5 (for a source of
non-events, how many of its items pass 0.3 and 0.5). An experiment for choosing the
relevance model, not a figure of the shipped one: the shipped confidence also holds back
accidents and statements, floors incidents and reads the article's context
(transforms/events/relevance.py). About 8 minutes a fold on one core.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_events import (  # noqa: E402
    ACLED_GROUP,
    NONE,
    ROOT,
    add_data_arguments,
    fit_relevance,
    folds_by_group,
    items_from_arguments,
    matrix,
    read_folds,
    relevance_sample,
    relevance_weights,
    train_network,
)


def main(argv: list[str] | None = None) -> int:
    from sklearn.metrics import average_precision_score

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_data_arguments(parser)
    parser.add_argument("--fold", type=int, required=True, help="the held-out fold (0-3)")
    parser.add_argument("--hidden", type=int, default=64, help="the network's hidden units")
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--folds-file", type=Path, default=ROOT / "training" / "folds.json")
    parser.add_argument("--out", type=Path, help="keep the held-out items' indices and probabilities here")
    args = parser.parse_args(argv)
    if not 0 <= args.fold < 4:
        parser.error("--fold must be 0, 1, 2 or 3")

    items = items_from_arguments(args)
    is_event = np.array([it["label"] != NONE for it in items])
    group = np.array([it["group"] for it in items])
    weight = relevance_weights(items, args.lead_weight, args.acled_relevance_weight)
    fold = np.array(folds_by_group(items, 4, read_folds(args.folds_file, 4)))
    train = (fold != args.fold) & np.array([it.get("train", True) for it in items])
    held = (fold == args.fold) & np.array([not it.get("matched") for it in items])
    x = matrix([it["text"] for it in items], vectors=True)
    seen, sample_weight = relevance_sample(weight[train])
    x_train, events_train = x[train][seen], is_event[train][seen]

    linear = fit_relevance(x_train, ~events_train, 1.0, sample_weight)  # as the shipped model, C 1
    network = train_network(x_train, events_train, sample_weight, args.hidden, args.epochs, 1e-4, 0)
    # the linear model's class 1 is "no event"
    probabilities = {"linear": linear.predict_proba(x[held])[:, 0], "network": network.predict_proba(x[held])[:, 1]}
    probabilities["average"] = (probabilities["linear"] + probabilities["network"]) / 2
    if args.out:
        np.savez(args.out, held=np.flatnonzero(held), **probabilities)

    gold, groups = is_event[held], group[held]
    news = ~np.char.startswith(groups.astype(str), ACLED_GROUP)
    sets = [("news text", news)] + [(g, groups == g) for g in sorted(set(groups[news])) if (groups == g).sum() >= 500]
    print(f"fold {args.fold}: trained on {seen.sum()}, {held.sum()} held out")
    for name, mask in sets:
        if gold[mask].sum() < 20:  # a source of non-events: how many of its items would pass
            passing = "; ".join(f"{model} {int((p[mask] >= 0.3).sum())}, {int((p[mask] >= 0.5).sum())}"
                                for model, p in probabilities.items())
            print(f"{name}: {mask.sum()} items, {gold[mask].sum()} events; passing 0.3, 0.5: {passing}")
            continue
        print(f"{name}: {mask.sum()} items, {gold[mask].sum()} events")
        for model, p in probabilities.items():
            line = f"  {model:8s} average precision {average_precision_score(gold[mask], p[mask]):.3f}"
            for threshold in (0.3, 0.5):
                said = p[mask] >= threshold
                hits = int((said & gold[mask]).sum())
                line += (f" | at {threshold}: precision {hits / max(1, said.sum()):.3f}"
                         f" recall {hits / gold[mask].sum():.3f}")
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
