"""Draw a labelling sample of Wikipedia Current events portal items, stratified by heading.

    python training/sample_current_events.py current_events.jsonl OUT_DIR --round 2 \
        --quota "Armed conflicts and attacks=150" --quota "Disasters and accidents=120" ... \
        [--chunks 3] [--match REGEX]

Writes OUT_DIR/chunk{k}.jsonl (id, date, text: what the annotators see, no heading) and
OUT_DIR/sample_meta.jsonl (id, heading, text SHA-1: what the labels file keeps). The sample
leaves out the items `benchmarks/events_headings.py` measures (the first 1,000 per heading
by text SHA-1), every item already in the labels file and every item of the frozen test set
(training/eval_frozen_news.py), so a labelled item is never also a benchmark item. Within a
heading, items are taken in the order of SHA-1(round, text SHA-1): the same sample in every
run, and a new round draws new items. The heading only chooses the sample; the annotators'
label decides whether an item is an event.

`--match` keeps only items whose text matches a regular expression (case-insensitive): a round
aimed at rare event types draws from the items that name their words (a grenade, looting, a
ceasefire). It narrows the pool, never the label. Each drawn item keeps the pattern (`match`,
in sample_meta.jsonl and then the labels file): items so drawn over-represent its words, so
they train and measure the type model only (training/train_events.py).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from collections import defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
BENCHMARK_PER_HEADING = 1000  # benchmarks/events_headings.py's default sample
NO_HEADING = "(no heading)"  # the quota key for items listed under no heading (2002-2009, 2021-)


def by_heading_in_sha1_order(items: list[dict]) -> dict[str, list[dict]]:
    """The items of each portal heading in text SHA-1 order: the benchmark takes the first
    `BENCHMARK_PER_HEADING` of each, a labelling sample only from the rest."""
    by_heading: dict[str, list[dict]] = defaultdict(list)
    for item in items:
        if item.get("heading"):
            by_heading[item["heading"]].append(item)
    return {h: sorted(its, key=lambda it: it["text_sha1"]) for h, its in by_heading.items()}


def draw(items: list[dict], quotas: dict[str, int], exclude_ids: set[str], round_: int,
         benchmark_per_heading: int = BENCHMARK_PER_HEADING, match: str | None = None) -> list[dict]:
    """The sample: per heading, `quotas[heading]` items outside the benchmark and `exclude_ids`
    (and, with `match`, only items whose text matches it). `NO_HEADING` draws from the items
    without a heading, which the benchmark never measures."""
    ranked_by_heading = by_heading_in_sha1_order(items)
    ranked_by_heading[NO_HEADING] = [it for it in items if not it.get("heading")]
    wanted = re.compile(match, re.IGNORECASE) if match else None
    sample = []
    for heading, quota in quotas.items():
        ranked = ranked_by_heading.get(heading, [])
        # The benchmark cut comes before the match, so matching never moves an item into it.
        outside_benchmark = ranked if heading == NO_HEADING else ranked[benchmark_per_heading:]
        pool = [it for it in outside_benchmark if it["id"] not in exclude_ids
                and (wanted is None or wanted.search(it["text"]))]
        pool.sort(key=lambda it: hashlib.sha1(f"{round_}:{it['text_sha1']}".encode()).hexdigest())
        sample.extend(pool[:quota])
    return sample


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("items", type=Path)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--round", type=int, required=True)
    parser.add_argument("--quota", action="append", required=True,
                        help=f"HEADING=N ('{NO_HEADING}=N': items listed under no heading)")
    parser.add_argument("--chunks", type=int, default=1)
    parser.add_argument("--match", help="only items whose text matches this regex (case-insensitive)")
    parser.add_argument("--labels", type=Path, default=DATA / "current_events_incident_labels.jsonl")
    parser.add_argument("--frozen", type=Path, default=DATA / "current_events_frozen_labels.jsonl",
                        help="the frozen test set's labels (training/eval_frozen_news.py): never drawn")
    args = parser.parse_args(argv)
    quotas = {q.rsplit("=", 1)[0]: int(q.rsplit("=", 1)[1]) for q in args.quota}
    items = [json.loads(line) for line in args.items.read_text(encoding="utf-8").splitlines()]
    labelled = set()
    for path in (args.labels, args.frozen):  # the frozen test set is never drawn again either
        if path.exists():
            labelled |= {json.loads(line)["id"] for line in path.read_text().splitlines()}
    try:
        sample = draw(items, quotas, labelled, args.round, match=args.match)
    except re.error as err:
        parser.error(f"--match is not a valid regular expression: {err}")
    # Interleave the headings so each chunk (one annotator's sitting) holds every kind.
    sample.sort(key=lambda it: hashlib.sha1(f"order:{it['id']}".encode()).hexdigest())
    args.out_dir.mkdir(parents=True, exist_ok=True)
    with open(args.out_dir / "sample_meta.jsonl", "w", encoding="utf-8") as meta:
        for item in sample:
            meta.write(json.dumps({"id": item["id"], "heading": item.get("heading"),
                                   "text_sha1": item["text_sha1"],
                                   **({"match": args.match} if args.match else {})}) + "\n")
    for k in range(args.chunks):
        with open(args.out_dir / f"chunk{k}.jsonl", "w", encoding="utf-8") as chunk:
            for item in sample[k::args.chunks]:
                chunk.write(json.dumps({"id": item["id"], "date": item["date"], "text": item["text"]},
                                       ensure_ascii=False) + "\n")
    print(f"{len(sample)} items in {args.chunks} chunks under {args.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
