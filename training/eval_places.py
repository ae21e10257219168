#!/usr/bin/env python3
"""Score the events stage's place and country on real news items two annotators coded.

`training/data/current_events_place_labels.jsonl` holds 200 event items of the Wikipedia
Current events portal (PROVENANCE 4g): the item's id, its text's SHA-1, the sub-event type the
stage gave its first row when it was sampled, and each annotator's coding of where that event
happened (training/LEAD_GUIDELINES.md, *Where it happened*): the most specific town or city
named (a neighbourhood or landmark counts as its city; null when the text names only a region
or a country), the region named, and the country's ISO code. The text comes from
`training/collect/current_events.py`'s output. Each item runs through the events stage as an
article of its own, and its first row is scored:
- country: the row's country_code is the country both annotators gave;
- town: where both name the same town, the row's location (as written or as resolved) names it;
- a town where the text names none: where both give no town, the row is placed at a town.
Prints the annotators' agreement (Cohen's kappa on the country, agreement on the town) and the
shares with 95% bootstrap intervals.

    python training/eval_places.py current_events.jsonl training/data/current_events_place_labels.jsonl [--show]
"""
from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from merge_labels import kappa  # noqa: E402
from portal_items import item_rows, labelled_run, share  # noqa: E402


def name_key(name: object) -> str:
    """A place name without case, accents, punctuation or a trailing "City" ("Gaza City" = "Gaza")."""
    text = unicodedata.normalize("NFKD", str(name or "")).encode("ascii", "ignore").decode().lower()
    return re.sub(r"city$", "", re.sub(r"[^a-z0-9]+", "", text)) or re.sub(r"[^a-z0-9]+", "", text)


def _country(label: dict) -> str | None:
    return (label.get("country") or "").upper() or None


def main(argv: list[str] | None = None) -> int:
    args, labels, items = labelled_run(__doc__.splitlines()[0], "print the agreed items the stage places otherwise", argv)
    countries = [(str(_country(r["labeller_a"])), str(_country(r["labeller_b"]))) for r in labels]
    towns = [(name_key(r["labeller_a"]["place"]), name_key(r["labeller_b"]["place"])) for r in labels]
    print(f"{len(labels)} items; country: annotators agree {kappa(countries)[0]:.3f}, kappa {kappa(countries)[1]:.3f}; "
          f"town: agree {np.mean([a == b for a, b in towns]):.3f}")
    country_right, town_right, town_invented = [], [], []
    for label in labels:
        a, b = label["labeller_a"], label["labeller_b"]
        rows = item_rows(items[label["id"]])
        first = rows[0] if rows else {}
        if _country(a) == _country(b) and _country(a) is not None:
            country_right.append(first.get("country_code") == _country(a))
            if args.show and not country_right[-1]:
                print(f"country {_country(a)}, ours {first.get('country_code')}: {items[label['id']]['text'][:160]}")
        town = name_key(a["place"])
        if town != name_key(b["place"]):
            continue
        ours = {name_key(first.get("location")), name_key(first.get("location_resolved"))}
        if town:
            town_right.append(town in ours)
            if args.show and not town_right[-1]:
                print(f"town {a['place']}, ours {first.get('location')}: {items[label['id']]['text'][:160]}")
        else:
            town_invented.append(first.get("geo_precision") == "place")
            if args.show and town_invented[-1]:
                print(f"no town, ours {first.get('location')}: {items[label['id']]['text'][:160]}")

    print(f"  first row's country right: {share(country_right, counted=True)}")
    print(f"  first row's town right, where both name one: {share(town_right, counted=True)}")
    print(f"  placed at a town where both name none: {share(town_invented, counted=True)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
