#!/usr/bin/env python3
"""Score the events stage's two sides (actor1, actor2) on real news sentences two annotators coded.

`training/data/current_events_actor_labels.jsonl` holds 200 event sentences of the Wikipedia
Current events portal (PROVENANCE 4f): the portal item's id, its text's SHA-1, the sub-event
type the stage gave its event when it was sampled, and each annotator's coding of the event's
two sides by ACLED's actor category (State forces with the state's ISO code, Rebel group,
Political militia, Identity militia, Rioters, Protesters, Civilians, External/Other forces,
none), following training/LEAD_GUIDELINES.md, *The two sides*. The text comes from
`training/collect/current_events.py`'s output. Each item runs through the events stage as an
article of its own; its first row's sides are right when their categories (and a state
force's country) are what both annotators coded. Prints the annotators' agreement (Cohen's
kappa) and the share right, with 95% bootstrap intervals, over the items both code alike.

    python training/eval_actors.py current_events.jsonl training/data/current_events_actor_labels.jsonl [--show]
"""
from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from merge_labels import kappa  # noqa: E402
from portal_items import item_rows, labelled_run, share  # noqa: E402

from transforms.events.actors import STATE_FORCES, country_label  # noqa: E402
from transforms.events.gazetteer import index  # noqa: E402

Side = tuple[str, str | None]


def coded_side(label: dict, key: str) -> Side:
    """An annotator's side: its category, and the state's code for state forces."""
    category = label[key]
    return category, ((label[f"{key}_country"] or "").upper() or None) if category == STATE_FORCES else None


def our_side(name: str | None, category: str | None) -> Side:
    """A row's side as a category, a state force's country read from its name ("… of the Philippines")."""
    if not name:
        return "none", None
    if category != STATE_FORCES:
        return category or "none", None
    state = name.split(" of ", 1)[1] if " of " in name else ""
    return category, _country_codes().get(state.removeprefix("the "))


@lru_cache(maxsize=1)
def _country_codes() -> dict[str, str]:
    """Country name (the gazetteer's or ACLED's) → ISO code."""
    codes = {}
    for code, place in index().countries.items():
        codes[place.name] = codes[country_label(code)] = code
    return codes


def main(argv: list[str] | None = None) -> int:
    args, labels, items = labelled_run(__doc__.splitlines()[0], "print the agreed items the stage codes otherwise", argv)
    for side in ("actor1", "actor2"):
        a = [str(coded_side(label["labeller_a"], side)) for label in labels]
        b = [str(coded_side(label["labeller_b"], side)) for label in labels]
        observed, cohen = kappa(list(zip(a, b, strict=True)))
        print(f"{side}: annotators agree {observed:.3f}, kappa {cohen:.3f}")
    first, second, both = [], [], []
    agreed = 0
    for label in labels:
        a, b = label["labeller_a"], label["labeller_b"]
        gold = coded_side(a, "actor1"), coded_side(a, "actor2")
        if gold != (coded_side(b, "actor1"), coded_side(b, "actor2")):
            continue
        agreed += 1
        item = items[label["id"]]
        rows = item_rows(item)
        ours = ((our_side(rows[0]["actor1"], rows[0]["actor1_category"]),
                 our_side(rows[0]["actor2"], rows[0]["actor2_category"])) if rows else (("none", None),) * 2)
        first.append(ours[0] == gold[0])
        second.append(ours[1] == gold[1])
        both.append(ours == gold)
        if args.show and ours != gold:
            print(f"coded {gold}, ours {ours}: {item['text'][:200]}")

    print(f"{len(labels)} sentences, {agreed} coded alike by both annotators")
    print(f"  first row's actor1 right: {share(first)}; actor2: {share(second)}; both: {share(both)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
