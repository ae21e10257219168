"""Main-text quality of extract_html on the ScrapingHub article-extraction benchmark.

    .venv/bin/python benchmarks/html_quality.py [--pages DIR --truth FILE] [--cv]

Metric (same as the benchmark's evaluate.py): each text becomes a bag of word 4-gram
shingles over ``\\w+`` tokens, case kept as is. Per page, tp/fp/fn are the multiset
overlap/excess/shortfall; precision is averaged over pages with a non-empty prediction,
recall over pages with non-empty truth, and F1 is computed from the two averages.

Pages/s is measured in process CPU time (robust to other jobs on the machine).
Per-fold figures use a stable split of page ids by hash. ``--cv`` additionally re-selects
extract_html's link-density thresholds on one fold and reports the other (both ways).

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
DEFAULT_DIR = REPO_ROOT / "benchmarks" / "data" / "article-extraction"

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
    extract(pages[0].html)  # warm-up: lazy imports and caches are not per-page cost
    start = time.process_time()
    texts = {page.id: extract(page.html) for page in pages}
    rate = len(pages) / max(time.process_time() - start, 1e-9)
    return {page.id: page_counts(page.truth, texts[page.id]) for page in pages}, rate


def _plain_trafilatura(html: str) -> str | None:
    import trafilatura

    return trafilatura.extract(html)


def _trafilatura_no_comments(html: str) -> str | None:
    import trafilatura

    return trafilatura.extract(html, include_comments=False)


def _newsbeam(html: str) -> str | None:
    from transforms.text.html import extract_html

    result = extract_html(html)
    return result.text if result else None


def _fold_line(counts: dict[str, tuple[float, float, float]]) -> str:
    folds = [score(c for pid, c in counts.items() if fold_of(pid) == k) for k in (0, 1)]
    return " ".join(
        f"fold{k}({s.pages}): P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f}"
        for k, s in enumerate(folds)
    )


def cross_validate(pages: list[Page]) -> None:
    """Choose extract_html's link-density thresholds on one fold, report on the other."""
    from transforms.text import html as hx

    saved = hx._LIST_LINK_DENSITY, hx._BLOCK_LINK_DENSITY
    off = 1.01  # a density never exceeds 1: rule disabled
    runs = {}
    try:
        for lists in (0.8, off):
            for blocks in (0.5, 0.6, 0.7, 0.8, 0.9, off):
                hx._LIST_LINK_DENSITY, hx._BLOCK_LINK_DENSITY = lists, blocks
                runs[(lists, blocks)] = evaluate_extractor(_newsbeam, pages)[0]
    finally:
        hx._LIST_LINK_DENSITY, hx._BLOCK_LINK_DENSITY = saved

    def fold_score(key, k):
        return score(c for pid, c in runs[key].items() if fold_of(pid) == k)

    for train in (0, 1):
        best = max(runs, key=lambda key: fold_score(key, train).f1)
        held = fold_score(best, 1 - train)
        print(
            f"cv: thresholds (lists, blocks)={best} chosen on fold{train} "
            f"(F1={fold_score(best, train).f1:.3f}) -> held-out fold{1 - train}: "
            f"P={held.precision:.3f} R={held.recall:.3f} F1={held.f1:.3f}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=DEFAULT_DIR / "html")
    parser.add_argument("--truth", type=Path, default=None)
    parser.add_argument("--cv", action="store_true", help="also run 2-fold threshold selection")
    args = parser.parse_args(argv)
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))

    pages = load_pages(args.pages, args.truth)
    print(f"{len(pages)} pages from {args.pages}")
    extractors = (
        ("trafilatura.extract", _plain_trafilatura),
        ("  ..no comments", _trafilatura_no_comments),
        ("extract_html", _newsbeam),
    )
    for name, extract in extractors:
        counts, rate = evaluate_extractor(extract, pages)
        full = score(counts.values())
        print(
            f"{name:<20} P={full.precision:.3f} R={full.recall:.3f} F1={full.f1:.3f} "
            f"{rate:6.1f} pages/s (CPU) | {_fold_line(counts)}"
        )
    if args.cv:
        cross_validate(pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
