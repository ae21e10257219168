"""Per-stage cost of the pipeline's pure functions on real news pages, one process, no Beam.

Each stage runs over every document before the next (as the pipeline's stages do), timed with
time.perf_counter; start-up (models and indexes) is loaded first and reported apart. Prints
ms/doc and share per stage, so a regression shows where it is.

    python benchmarks/stage_costs.py [INPUT_DIR] [--limit N] [--json OUT]
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks import plain_loop  # noqa: E402
from benchmarks.corpus import BENCH_DATA  # noqa: E402
from transforms.base import Rejected  # noqa: E402
from transforms.dedup.rules import dedup_facts  # noqa: E402
from transforms.events.rules import extract_events, fuse_group, fusion_key  # noqa: E402
from transforms.sources.decode import decode_record  # noqa: E402
from transforms.sources.files import read_record  # noqa: E402
from transforms.text.extract import extract_article  # noqa: E402
from transforms.text.language import LanguageConfig, detect_language  # noqa: E402
from transforms.write import parquet_bytes  # noqa: E402


def _warm_up() -> float:
    """Load what a worker loads before its first document; seconds taken."""
    start = time.perf_counter()
    from transforms.events import gazetteer
    from transforms.events.model import model

    gazetteer.index()
    model()
    detect_language("Warm-up text for the language detector, long enough to decide.")
    return time.perf_counter() - start


def stage_costs(paths: list[str]) -> tuple[dict[str, float], int, float]:
    """(seconds per stage, documents, start-up seconds)."""
    startup = _warm_up()
    seconds: dict[str, float] = collections.defaultdict(float)

    def timed(stage: str, fn, *args):
        start = time.perf_counter()
        try:
            return fn(*args)
        finally:
            seconds[stage] += time.perf_counter() - start

    raws = []
    for path in paths:
        try:
            raws += timed("read", lambda p: list(read_record(
                p, os.path.getsize(p), lambda q: open(q, "rb"), plain_loop.CONFIG)), path)
        except Rejected:
            pass
    docs = []
    for raw in raws:
        try:
            docs += timed("decode", lambda r: list(decode_record(r)), raw)
        except Rejected:
            pass
    articles = []
    for doc in docs:
        try:
            article = timed("extract", extract_article, doc, frozenset())
        except Rejected:
            continue
        article.pop("_removed", None)
        articles.append(article)
    for article in articles:
        article["language"] = timed("language", detect_language, article["text"],
                                    LanguageConfig(), article.pop("declared_language", None))[0]
        article["ingest_date"] = plain_loop.INGEST
    for article in articles:
        article["_facts"] = timed("dedup", dedup_facts, article, plain_loop.DEDUP)
    timed("dedup", plain_loop.dedup, articles)
    events, groups = [], collections.defaultdict(list)
    for article in articles:
        for event in timed("events", extract_events, article, plain_loop.EVENTS):
            event["story_id"] = article["story_id"]
            groups[fusion_key(event)].append(event)
    for key in sorted(groups):
        events += timed("events", fuse_group, groups[key], plain_loop.EVENTS)
    run_columns = {"run_id": "stage-costs", "ingested_at": dt.datetime.now(dt.UTC)}
    timed("write", parquet_bytes, "articles", articles, "zstd", run_columns)
    timed("write", parquet_bytes, "events", events, "zstd", run_columns)
    return dict(seconds), len(paths), startup


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("input", nargs="?", type=Path, default=BENCH_DATA / "html")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    paths = sorted(str(p) for p in args.input.rglob("*") if p.is_file())
    if args.limit:
        paths = paths[: args.limit]
    seconds, n, startup = stage_costs(paths)
    total = sum(seconds.values())
    print(f"per-stage cost, one process, {n} documents (start-up {startup:.2f} s, apart):")
    print(f"  {'stage':<10} {'ms/doc':>8} {'share':>7}")
    for stage, s in seconds.items():
        print(f"  {stage:<10} {1000 * s / n:8.2f} {s / total:7.1%}")
    print(f"  {'total':<10} {1000 * total / n:8.2f} {'100.0%':>7}  ({n / total:.1f} docs/s)")
    if args.json:
        args.json.write_text(json.dumps({"documents": n, "startup_s": startup,
                                         "ms_per_doc": {k: 1000 * v / n for k, v in seconds.items()}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
