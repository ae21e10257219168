"""Main-text quality of extract_html on the ScrapingHub article-extraction benchmark.

    .venv/bin/python benchmarks/html_quality.py [--pages DIR --truth FILE]

Metric (same as the benchmark's evaluate.py): each text becomes a bag of word 4-gram
shingles over ``\\w+`` tokens, case kept as is. Per page, tp/fp/fn are the multiset
overlap/excess/shortfall; precision is averaged over pages with a non-empty prediction,
recall over pages with non-empty truth, and F1 is computed from the two averages.

Importable: ``load_pages``, ``page_counts``, ``score``, ``evaluate_extractor``, ``fold_of``.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = REPO_ROOT.parent / "shared" / "benchmarks" / "article-extraction"

_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class Page:
    id: str
    html: str
    truth: str


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    pages: int


def shingles(text: str | None, n: int = 4, lower: bool = False) -> Counter:
    tokens = _TOKEN.findall(text or "")
    if lower:
        tokens = [t.lower() for t in tokens]
    # texts shorter than n tokens still give one (short) shingle, as in the benchmark
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def page_counts(truth: str, pred: str | None, lower: bool = False) -> tuple[float, float, float]:
    """(tp, fp, fn) of one page, normalised to sum 1 so every page weighs the same."""
    want, got = shingles(truth, lower=lower), shingles(pred, lower=lower)
    tp = sum((want & got).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def score(counts: Iterable[tuple[float, float, float]]) -> Scores:
    counts = list(counts)
    precisions, recalls = [], []
    for tp, fp, fn in counts:
        if tp + fp > 0:  # empty predictions do not count for precision...
            precisions.append(1.0 if fp == fn == 0 else tp / (tp + fp))
        if tp + fn > 0:  # ...but do count (as 0) for recall
            recalls.append(1.0 if fp == fn == 0 else tp / (tp + fn))
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return Scores(p, r, f1, len(counts))


def fold_of(page_id: str) -> int:
    """Stable 2-fold split by id hash (for held-out figures)."""
    return hashlib.sha256(page_id.encode()).digest()[0] & 1


def load_pages(pages_dir: Path | None = None, truth_file: Path | None = None) -> list[Page]:
    pages_dir = pages_dir or DEFAULT_DIR / "html"
    truth_file = truth_file or pages_dir.parent / "ground-truth.json"
    truth = json.loads(Path(truth_file).read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        raw = gzip.decompress((Path(pages_dir) / f"{page_id}.html.gz").read_bytes())
        pages.append(Page(page_id, raw.decode("utf-8", "replace"), truth[page_id]["articleBody"]))
    return pages


def evaluate_extractor(
    extract: Callable[[str], str | None], pages: list[Page]
) -> tuple[dict[str, tuple[float, float, float]], float]:
    """Run ``extract`` (html -> text) on every page: per-page counts and pages/second."""
    start = time.perf_counter()
    texts = {page.id: extract(page.html) for page in pages}
    rate = len(pages) / (time.perf_counter() - start)
    return {page.id: page_counts(page.truth, texts[page.id]) for page in pages}, rate


def _plain_trafilatura(html: str) -> str | None:
    import trafilatura

    return trafilatura.extract(html)


def _newsbeam(html: str) -> str | None:
    from transforms.html_extract import extract_html

    result = extract_html(html)
    return result.text if result else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=DEFAULT_DIR / "html")
    parser.add_argument("--truth", type=Path, default=None)
    args = parser.parse_args(argv)
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))

    pages = load_pages(args.pages, args.truth)
    print(f"{len(pages)} pages from {args.pages}")
    for name, extract in (("trafilatura.extract", _plain_trafilatura), ("extract_html", _newsbeam)):
        counts, rate = evaluate_extractor(extract, pages)
        full = score(counts.values())
        folds = [score(c for pid, c in counts.items() if fold_of(pid) == k) for k in (0, 1)]
        print(
            f"{name:<20} P={full.precision:.3f} R={full.recall:.3f} F1={full.f1:.3f} "
            f"{rate:6.1f} pages/s | "
            + " ".join(
                f"fold{k}({s.pages}): P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f}"
                for k, s in enumerate(folds)
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
