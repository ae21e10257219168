"""Where the events stage places real events, against ACLED's own coding.

    python benchmarks/event_places.py ACLED.jsonl [--start 9000] [--count 3000]

ACLED.jsonl: training/collect/acled.py's output (real ACLED records: the coder's note and the
event's country). The records are shuffled with a fixed seed; a slice of them (by default
notes 9,000-12,000, never looked at while the gazetteer's rules were written) goes through
the events stage one note per article. Figure: how often the first event's country is the
one ACLED coded, with a 95% bootstrap interval.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "training"))

from train_events import GAZETTEER_NAME, proportion_interval  # noqa: E402

from transforms.events.gazetteer import index  # noqa: E402
from transforms.events.rules import extract_events  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("acled", type=Path)
    parser.add_argument("--start", type=int, default=9000)
    parser.add_argument("--count", type=int, default=3000)
    args = parser.parse_args(argv)
    code_of = {place.name: code for code, place in index().countries.items()}
    code_of |= {acled: code_of[name] for acled, name in GAZETTEER_NAME.items()}
    records = [json.loads(line) for line in args.acled.read_text(encoding="utf-8").splitlines()]
    random.Random(0).shuffle(records)
    published = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    hits = []
    for n, record in enumerate(records[args.start:args.start + args.count]):
        code = code_of.get(record["country"])
        if code is None:
            continue
        events = extract_events({"article_id": str(n), "title": None, "text": record["text"],
                                 "published_at": published, "language": "en", "story_id": str(n)})
        if events:
            hits.append(events[0]["country_code"] == code)
    right = np.array(hits)
    low, high = proportion_interval(right)
    print(f"{len(right)} ACLED notes with an event; first event's country = ACLED's: "
          f"{right.mean():.3f} (95% CI {low:.3f}-{high:.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
