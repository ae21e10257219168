#!/usr/bin/env python3
"""Run whole labelled articles through the events stage and score its rows sentence by sentence.

The other sets are leads, snippets and notes: one incident per item. Users feed whole
articles, whose background, reactions and claims sit between the incidents. Here two
annotators labelled every one of the first twelve sentences of sampled articles
(`training/data/fakes_sentence_labels.jsonl`, each labeller's label kept;
training/LEAD_GUIDELINES.md, last section), and each article runs through the stage as it
is. Per split of the articles' outlets (`dev`: may be read for rules; `blind`: totals only),
with the labellers' agreed labels as gold (items they disagree on are left out; the figures
with each labeller's labels alone are printed too):
- rows: how many start at a labelled sentence, and the share of them whose sentence reports
  an event (row precision, 95% bootstrap interval);
- recall: the event sentences told in some row's evidence;
- typing of the rows that start at an event sentence (accuracy; macro-F1 is printed but
  rests on few rows per type);
- the labellers' agreement (Cohen's kappa, event or not and the 26 labels).

    python training/eval_article_sentences.py fakes.jsonl training/data/fakes_sentence_labels.jsonl [--model M]

fakes.jsonl: `training/collect/fakes.py`'s output.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from merge_labels import kappa  # noqa: E402
from train_events import SUB_EVENT_TYPES, labelled_sentences, proportion_interval, scores  # noqa: E402

from transforms.events.model import NONE, SentenceModel, use_model  # noqa: E402
from transforms.events.rules import extract_events  # noqa: E402


def article_rows(article: dict) -> list[dict]:
    published = article.get("published_at")
    return extract_events({"article_id": article["id"], "title": article["title"], "text": article["text"],
                           "language": "en",
                           "published_at": datetime.fromisoformat(published) if published else None})


def score(gold: dict[str, str], rows_of: dict[str, list[dict]], text_of: dict[str, str]) -> dict:
    """Row precision, recall and typing against `gold` ({sentence id: label}) over the
    articles in `rows_of` (`text_of`: each labelled sentence by its id)."""
    hits, typed_gold, typed = [], [], []
    for article_id, rows in rows_of.items():
        for row in rows:
            label = gold.get(f"{article_id}:{row['sentence_index']}")
            if label is None:
                continue  # past the labelled sentences, or the labellers disagreed
            hits.append(label != NONE)
            if label != NONE:
                typed_gold.append(label)
                typed.append(row["sub_event_type"])
    events = [sentence_id for sentence_id, label in gold.items() if label != NONE]
    total_events = len(events)
    found = sum(any(text_of[sentence_id] in row["evidence"] for row in rows_of[sentence_id.rsplit(":", 1)[0]])
                for sentence_id in events)
    hits_array = np.array(hits, dtype=bool)
    return {"rows": len(hits), "precision": float(hits_array.mean()) if hits else 0.0,
            "precision_interval": proportion_interval(hits_array), "false_rows": int((~hits_array).sum()),
            "events": total_events, "recall": found / max(1, total_events),
            "typing_accuracy": float(np.mean([g == t for g, t in zip(typed_gold, typed, strict=True)]))
            if typed else 0.0,
            "typing_macro_f1": scores(typed_gold, typed, tuple(SUB_EVENT_TYPES))["macro_f1"] if typed else 0.0,
            "typed_rows": len(typed)}


def describe(name: str, s: dict) -> str:
    low, high = s["precision_interval"]
    return (f"  {name}: {s['rows']} rows at labelled sentences, precision {s['precision']:.3f} "
            f"({low:.3f}–{high:.3f}), {s['false_rows']} false; recall {s['recall']:.3f} of {s['events']} "
            f"event sentences; typing accuracy {s['typing_accuracy']:.3f} over {s['typed_rows']} rows "
            f"(macro-F1 {s['typing_macro_f1']:.3f})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=Path)
    parser.add_argument("labels", type=Path)
    parser.add_argument("--model", type=Path, help="weights to use instead of the shipped model")
    parser.add_argument("--split", choices=("dev", "blind", "all"), default="all")
    args = parser.parse_args(argv)
    labels = [json.loads(line) for line in args.labels.read_text(encoding="utf-8").splitlines() if line.strip()]
    articles = {a["id"]: a for a in map(json.loads, args.articles.read_text(encoding="utf-8").splitlines())}
    use_model(SentenceModel.load(args.model) if args.model else None)
    by_split: dict[str, list[dict]] = defaultdict(list)
    for item in labels:
        by_split[item["split"]].append(item)
    for split in sorted(by_split) if args.split == "all" else [args.split]:
        items = by_split[split]
        article_ids = sorted({item["id"].rsplit(":", 1)[0] for item in items})
        missing = [a for a in article_ids if a not in articles]
        if missing:
            print(f"{len(missing)} labelled articles missing from {args.articles}, e.g. {missing[0]}", file=sys.stderr)
            return 2
        try:
            text_of = dict(zip((item["id"] for item in items),
                               labelled_sentences({a: articles[a]["text"] for a in article_ids}, items), strict=True))
        except ValueError as e:
            print(f"{e}: the labels no longer fit", file=sys.stderr)
            return 2
        rows_of = {a: article_rows(articles[a]) for a in article_ids}
        a = [item["labeller_a"] for item in items]
        b = [item["labeller_b"] for item in items]
        agreed = {item["id"]: item["labeller_a"] for item in items if item["labeller_a"] == item["labeller_b"]}
        events_a = [x != NONE for x in a]
        events_b = [x != NONE for x in b]
        print(f"{split}: {len(article_ids)} articles, {len(items)} sentences; labellers agree on "
              f"{len(agreed)} ({len(agreed) / len(items):.0%}); kappa, event or not "
              f"{kappa(list(zip(events_a, events_b, strict=True)))[1]:.2f}, 26 labels "
              f"{kappa(list(zip(a, b, strict=True)))[1]:.2f}; "
              f"event sentences: A {sum(events_a)}, B {sum(events_b)}, both {sum(x and y for x, y in zip(events_a, events_b, strict=True))}")
        print(f"  rows per article {sum(len(r) for r in rows_of.values()) / len(article_ids):.2f} "
              "(all sentences, labelled or not)")
        print(describe("agreed labels", score(agreed, rows_of, text_of)))
        for name, key in (("labeller A", "labeller_a"), ("labeller B", "labeller_b")):
            print(describe(name, score({item["id"]: item[key] for item in items}, rows_of, text_of)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
