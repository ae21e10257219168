"""Events on the Wikipedia Current events portal's items, by the portal's own heading.

    python benchmarks/events_headings.py current_events.jsonl [--per-heading 1000] [--json OUT]

`current_events.jsonl` is training/collect/current_events.py's output (real one-sentence
news summaries). The items measured are never trained on: the labelled items the model
trains on are drawn outside each heading's first 1,000 by SHA-1 (training/sample_current_events.py).
The source itself is trained on, so the figure is in-source, not source-held-out: the held-out
figures of this source are in training/events_report.json. Each item goes through the events stage as a one-sentence
article; the figure is the share of items of each heading that get at least one event row.
The heading is the portal's, not a label of ours: "Disasters and accidents", "Sports" or
"Business and economy" should get almost none, "Armed conflicts and attacks" most, while
"Law and crime" and "Politics and elections" hold some real ACLED events (political
arrests, protests) among much that is not.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "training"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("items", type=Path)
    parser.add_argument("--per-heading", type=int, default=None,
                        help="items per heading: the first by text SHA-1, so the same in every run (default: "
                             "the 1,000 that labelling samples leave out)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    from sample_current_events import BENCHMARK_PER_HEADING, by_heading_in_sha1_order
    from train_events import proportion_interval

    from transforms.events.rules import extract_events

    per_heading = args.per_heading or BENCHMARK_PER_HEADING
    items = [json.loads(line) for line in args.items.read_text(encoding="utf-8").splitlines()]
    out = {}
    print(f"-- Wikipedia Current events portal items with an event row, by the portal's heading "
          f"(first {per_heading} per heading by SHA-1; these items never trained on, the source's labelled ones are)")
    for heading, ranked in sorted(by_heading_in_sha1_order(items).items()):
        sample = ranked[:per_heading]
        types: Counter = Counter()
        hits = []
        for item in sample:
            rows = extract_events({"article_id": item["id"], "title": None, "text": item["text"],
                                   "language": "en", "published_at": None})
            hits.append(bool(rows))
            if rows:
                types[rows[0]["sub_event_type"]] += 1
        share = float(np.mean(hits))
        low, high = proportion_interval(np.array(hits))
        out[heading] = {"items": len(sample), "with_event": sum(hits), "share": share,
                        "interval": [low, high], "types": dict(types.most_common(5))}
        print(f"   {heading:30s} {share:6.1%} ({low:.1%}–{high:.1%}) of {len(sample)}; "
              f"most given: {', '.join(f'{t} {n}' for t, n in types.most_common(3))}")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
