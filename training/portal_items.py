"""Portal items labelled by two annotators, run through the events stage as articles.

Shared by the scorers of the stage's columns on real news (`eval_actors.py`,
`eval_places.py`): each reads a labels file of {id, text_sha1, labeller_a, labeller_b, …}
rows and `training/collect/current_events.py`'s output for the text.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from transforms.events.rules import extract_events  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_events import proportion_interval  # noqa: E402


def labelled_items(items_path: Path, labels_path: Path) -> tuple[list[dict], dict[str, dict]]:
    """The label rows and the items they name, by id; ValueError when an item is missing or
    its text is not the one labelled."""
    labels = [json.loads(line) for line in labels_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    wanted = {label["id"] for label in labels}
    items = {}
    with items_path.open(encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            if item["id"] in wanted:
                items[item["id"]] = item
    for label in labels:
        item = items.get(label["id"])
        if item is None or hashlib.sha1(item["text"].encode()).hexdigest() != label["text_sha1"]:
            raise ValueError(f"{label['id']}: not in {items_path} or its text changed")
    return labels, items


def item_rows(item: dict) -> list[dict]:
    """The events stage's rows for one portal item, read as an article published at noon of its day."""
    day = dt.date.fromisoformat(item["date"])
    return extract_events({"article_id": item["id"], "title": None, "text": item["text"],
                           "published_at": dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC),
                           "language": "en", "story_id": item["id"]})


def labelled_run(description: str, show_help: str,
                 argv: list[str] | None) -> tuple[argparse.Namespace, list[dict], dict[str, dict]]:
    """A scorer's command line (ITEMS LABELS [--show]) read, and its labelled items loaded; a
    missing file or labels that no longer fit the items end the run with one line, exit 2."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("items", type=Path, help="training/collect/current_events.py's output")
    parser.add_argument("labels", type=Path)
    parser.add_argument("--show", action="store_true", help=show_help)
    args = parser.parse_args(argv)
    for path in (args.items, args.labels):
        if not path.is_file():
            parser.error(f"{path}: no such file")
    try:
        labels, items = labelled_items(args.items, args.labels)
    except ValueError as e:
        print(f"{e}: the labels no longer fit these items", file=sys.stderr)
        raise SystemExit(2) from None
    return args, labels, items


def share(hits: list[bool], counted: bool = False) -> str:
    """The share of hits with its 95% bootstrap interval (and how many, with `counted`)."""
    import numpy as np

    low, high = proportion_interval(np.array(hits))
    return f"{np.mean(hits):.3f} ({low:.3f}-{high:.3f})" + (f" of {len(hits)}" if counted else "")
