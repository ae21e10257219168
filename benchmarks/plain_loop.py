"""The baseline: the pipeline's own pure functions in a plain Python loop, no Beam.

Same work as `newsbeam run`: read, decode, two-pass recurring-chrome detection, extract,
language, and Parquet files per partition.

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
from transforms.clean_text import chrome_candidates
from transforms.decode import decode_record
from transforms.dedup import mark_unique
from transforms.extract import ExtractConfig, extract_article, source_group
from transforms.language import detect_language
from transforms.read import ReadConfig, read_record
from transforms.write import parquet_bytes, partition_path, row_key, write_atomically

CONFIG = ReadConfig()
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
    article["language"] = detect_language(article["text"])[0]
    article = mark_unique(article)
    article["ingest_date"] = INGEST
    return article, None


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
    for table, rows in (("articles", articles), ("rejects", rejects)):
        parts = collections.defaultdict(list)
        for row in rows:
            parts[partition_path(table, row)].append(row)
        for part, part_rows in parts.items():
            part_rows.sort(key=lambda r, t=table: row_key(t, r))
            write_atomically(f"{output_dir}/{table}/{part}/part-00000-of-00001.parquet",
                             parquet_bytes(table, part_rows, "zstd"))
    return len(articles) + len(rejects)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args()
    print(run(args.input, args.output, args.processes))
