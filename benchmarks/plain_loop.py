"""The baseline: the pipeline's own pure functions in a plain Python loop, no Beam.

Same work as `newsbeam run`: read, decode, two-pass recurring-chrome detection, extract,
language, dedup (copies and stories), events, and Parquet files per partition.

    python benchmarks/plain_loop.py INPUT_DIR OUTPUT_DIR [--processes N]
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import os
from multiprocessing import Pool
from pathlib import Path

from transforms.base import Rejected, reject_row
from transforms.commit import write_atomically
from transforms.dedup.rules import (
    DedupConfig,
    band_keys,
    candidate_pairs,
    choose_canonical,
    choose_story,
    components,
    dedup_facts,
    estimated_jaccard,
    is_story_edge,
    story_containment,
    story_pairs,
)
from transforms.events.rules import EventsConfig, extract_events, fuse_group, fusion_key
from transforms.sources.decode import decode_record
from transforms.sources.files import ReadConfig, read_record
from transforms.text.clean import chrome_candidates
from transforms.text.extract import ExtractConfig, extract_article, source_group
from transforms.text.language import detect_language
from transforms.write import parquet_bytes, partition_path, row_key

CONFIG = ReadConfig()
DEDUP = DedupConfig()
EVENTS = EventsConfig()
INGEST = dt.date(2026, 1, 1)


def _decode_file(path: str) -> tuple[list[dict], list[dict]]:
    docs, rejects = [], []
    meta = {"source_uri": path, "source_line": None}
    try:
        raws = list(read_record(path, os.path.getsize(path), lambda p: open(p, "rb"), CONFIG))
    except Rejected as e:
        return [], [reject_row(meta, "read", e.error, e.detail)]
    for raw in raws:
        try:
            docs.extend(decode_record(raw))
        except Rejected as e:
            rejects.append(reject_row(raw, "decode", e.error, e.detail))
    return docs, rejects


def _extract(args: tuple[dict, frozenset[str]]) -> tuple[dict | None, dict | None]:
    doc, recurring = args
    try:
        article = extract_article(doc, recurring)
    except Rejected as e:
        return None, reject_row(doc, "extract", e.error, e.detail)
    article.pop("_removed", None)
    article["language"] = detect_language(article["text"],
                                          declared=article.pop("declared_language", None))[0]
    article["ingest_date"] = INGEST
    article["_facts"] = dedup_facts(article, DEDUP)
    return article, None


def dedup(articles: list[dict]) -> None:
    """The dedup stage's pure functions with dicts for the shuffles."""
    import numpy as np

    facts = {a["article_id"]: a.pop("_facts") for a in articles}
    buckets, fp_buckets = collections.defaultdict(list), collections.defaultdict(list)
    for f in facts.values():
        if f["has_text"]:
            for key in band_keys(np.frombuffer(f["signature"], dtype=np.uint32),
                                 DEDUP.bands, DEDUP.rows):
                buckets[key].append(f["id"])
        fps = np.frombuffer(f["fingerprints"], dtype=np.uint64)
        for fp in fps.tolist():
            fp_buckets[fp].append((f["id"], len(fps)))
    pairs = {p for ids in buckets.values() for p in candidate_pairs(ids, DEDUP)}
    edges = [("copy", a, b, s) for a, b in sorted(pairs)
             if (s := estimated_jaccard(facts[a]["signature"], facts[b]["signature"]))
             >= DEDUP.copy_threshold]
    shared = collections.Counter()
    for nodes in fp_buckets.values():
        for pair, one in story_pairs(nodes, DEDUP):
            shared[pair] += one
    edges += [("story", p[0][0], p[1][0], story_containment(p, n)) for p, n in shared.items()
              if is_story_edge(p, n, DEDUP)]
    groups = dict(components(edges))
    copy_groups, story_groups = collections.defaultdict(list), collections.defaultdict(list)
    for member, g in groups.items():
        if g["copy_group"]:
            copy_groups[g["copy_group"]].append(
                (member, facts[member]["rank"], facts[member]["signature"]))
        story_groups[g["story_group"]].append((member, facts[member]["rank"]))
    copy_of = dict(x for members in copy_groups.values() for x in choose_canonical(members))
    story_of = dict(x for members in story_groups.values() for x in choose_story(members))
    for a in articles:
        i = a["article_id"]
        a.update(copy_of.get(i, {"duplicate_of": None, "dup_similarity": None}))
        a["story_id"] = story_of.get(i, i)
        a["story_overlap"] = groups.get(i, {}).get("story_overlap")


def events_of(articles: list[dict]) -> list[dict]:
    """The events stage's pure functions: extraction per article, fusion per place and kind."""
    groups = collections.defaultdict(list)
    for article in articles:
        for event in extract_events(article, EVENTS):
            event["story_id"] = article["story_id"]
            groups[fusion_key(event)].append(event)
    return [e for key in sorted(groups) for e in fuse_group(groups[key], EVENTS)]


def run(input_dir: str, output_dir: str, processes: int = 1) -> int:
    paths = sorted(str(p) for p in Path(input_dir).rglob("*") if p.is_file()
                   and not p.name.startswith("."))
    pool = Pool(processes) if processes > 1 else None
    mapper = pool.imap if pool else map
    docs, rejects = [], []
    for d, r in mapper(_decode_file, paths):
        docs += d
        rejects += r
    counts = collections.Counter()
    for doc in docs:
        if doc["kind"] == "text":
            counts.update((source_group(doc), k) for k in chrome_candidates(doc["content"]))
    recurring = collections.defaultdict(set)
    for (group, key), n in counts.items():
        if n >= ExtractConfig.chrome_min_docs:
            recurring[group].add(key)
    jobs = ((doc, frozenset(recurring.get(source_group(doc), ())) if doc["kind"] == "text"
             else frozenset()) for doc in docs)
    articles = []
    for article, reject in mapper(_extract, jobs):
        if article:
            articles.append(article)
        else:
            rejects.append(reject)
    if pool:
        pool.close()
    dedup(articles)
    events = events_of(articles)
    now = dt.datetime.now(dt.UTC)
    run_columns = {"run_id": "plain-loop", "ingested_at": now}  # as the pipeline's writer does
    for table, rows in (("articles", articles), ("rejects", rejects), ("events", events)):
        parts = collections.defaultdict(list)
        for row in rows:
            row.setdefault("ingest_date", now.date())
            parts[partition_path(table, row)].append(row)
        for part, part_rows in parts.items():
            part_rows.sort(key=lambda r, t=table: row_key(t, r))
            write_atomically(f"{output_dir}/{table}/{part}/part-00000-of-00001.parquet",
                             parquet_bytes(table, part_rows, "zstd", run_columns))
    return len(articles) + len(rejects)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args()
    print(run(args.input, args.output, args.processes))
