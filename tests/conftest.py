"""Shared fixtures: article text for test inputs, and a helper to run the CLI in-process."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(os.environ.get("NEWSBEAM_BENCH_DIR",
                                REPO / "benchmarks" / "data" / "article-extraction"))


@pytest.fixture(scope="session")
def real_bodies() -> list[str]:
    """Real news article bodies (ScrapingHub benchmark ground truth, MIT): test-corpus text."""
    truth = json.loads((BENCH_DIR / "ground-truth.json").read_text(encoding="utf-8"))
    bodies = [v["articleBody"] for _, v in sorted(truth.items())]
    return [b for b in bodies if len(b) > 1500]


@pytest.fixture(scope="session")
def real_pages() -> list[tuple[str, bytes]]:
    """(id, raw HTML bytes) of a few real news pages."""
    pages = sorted((BENCH_DIR / "html").glob("*.html.gz"))[:6]
    return [(p.name.split(".")[0], gzip.decompress(p.read_bytes())) for p in pages]


def read_table(output: Path, table: str):
    """A table of a run's output as a list of row dicts (partition columns included)."""
    import duckdb

    files = list((output / table).rglob("*.parquet"))
    if not files:
        return []
    # The files as a parameter: output paths in tests may hold quotes and brackets.
    con = duckdb.connect()
    cursor = con.execute("SELECT * FROM read_parquet($files, hive_partitioning = true, "
                         "union_by_name = true)", {"files": [str(f) for f in sorted(files)]})
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def run_cli(*args: str) -> int:
    from pipeline.cli import main

    return main(["run", "--quiet", "--ingest-date", "2026-01-02", *args])


@pytest.fixture(scope="session")
def real_text_by_language() -> dict[str, str]:
    """One long real article body per language (ScrapingHub ground truth, MIT)."""
    from langdetect import DetectorFactory, detect

    DetectorFactory.seed = 0
    truth = json.loads((BENCH_DIR / "ground-truth.json").read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for _, value in sorted(truth.items()):
        body = " ".join((value.get("articleBody") or "").split())
        if len(body) > 1500:
            found.setdefault(detect(body), body)
    return found
