"""HTML main-text extraction on several public datasets: newsbeam next to plain trafilatura.

    .venv/bin/python benchmarks/html_dev.py [--group tune|heldout|all] [--dump FILE]

Extractors: newsbeam = ``transforms.text.html.extract_html(html, url)`` (what the pipeline
runs on an HTML record; its ``.text``), and plain ``trafilatura.extract(html)`` with default
settings. A page where an extractor returns nothing counts as an empty text.

Metric: bag-of-words token overlap, as the token-level scores of the web-content-extraction
benchmark (Bevendorff et al. 2023) and WCXB's ``word_f1``. Tokens are lowercased ``\\w+`` runs,
except that every CJK / kana / hangul / Thai character is a token of its own (those scripts
are written without spaces, so a run would be a whole sentence). Per page, with multisets
P = pred, T = truth: precision = |P ∩ T| / |P|, recall = |P ∩ T| / |T|, F1 their harmonic
mean; an empty prediction scores 0 on all three. Each figure is the mean over the pages of a
dataset (every page weighs the same), with a 95% percentile bootstrap interval (2000
resamples of pages, fixed seed). The ``Δ F1`` column is newsbeam − trafilatura on the same
pages, with a paired bootstrap interval.

Groups: TUNE = scrapinghub (newsbeam's rules were chosen on it), wcxb-dev (WCXB's development
split). HELD-OUT = wcxb-test (WCXB's test split: other pages, mostly other domains), readability
(Mozilla Readability's test pages, several languages), cwced-zh (Chinese pages). Extractor
changes are chosen on TUNE only; HELD-OUT is looked at once per change, to report it.
Data: benchmarks/data/html_dev/ (built by benchmarks/build_html_dev.py, see PROVENANCE.md).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "benchmarks" / "data" / "html_dev"
TUNE = ("scrapinghub", "wcxb-dev")
HELD_OUT = ("wcxb-test", "readability", "cwced-zh")
RESAMPLES = 2000

# one token per character for scripts written without spaces, else \w+ runs
_TOKEN = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f\uf900-\ufaff]|\w+"
)


@dataclass(frozen=True)
class Page:
    id: str
    dataset: str
    kind: str
    url: str | None
    html: str
    truth: str


def tokens(text: str | None) -> Counter:
    return Counter(_TOKEN.findall((text or "").lower()))


def page_scores(truth: str, pred: str | None) -> tuple[float, float, float]:
    """(precision, recall, F1) of one page, bag-of-words."""
    want, got = tokens(truth), tokens(pred)
    overlap = sum((want & got).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    p, r = overlap / sum(got.values()), overlap / sum(want.values())
    return p, r, 2 * p * r / (p + r)


def bootstrap(values: np.ndarray, seed: int = 0) -> tuple[float, float, float]:
    """Mean over rows and 95% percentile interval of resampled means (per column if 2-D)."""
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(values), size=(RESAMPLES, len(values)))
    means = values[idx].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5], axis=0)
    return values.mean(axis=0), low, high


def load(datasets: tuple[str, ...]) -> list[Page]:
    pages = []
    for dataset in datasets:
        if dataset == "scrapinghub":
            sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
            from html_quality import load_pages

            pages += [Page(p.id, "scrapinghub", "article", None, p.html, p.truth)
                      for p in load_pages()]
            continue
        with gzip.open(DATA_DIR / f"{dataset}.jsonl.gz", "rt", encoding="utf-8") as lines:
            for line in lines:
                row = json.loads(line)
                pages.append(Page(row["id"], dataset, row["kind"], row["url"], row["html"],
                                  row["truth"]))
    return pages


def newsbeam(page: Page) -> str | None:
    from transforms.text.html import extract_html

    result = extract_html(page.html, page.url)
    return result.text if result else None


def plain_trafilatura(page: Page) -> str | None:
    import trafilatura

    return trafilatura.extract(page.html)


EXTRACTORS: dict[str, Callable[[Page], str | None]] = {
    "newsbeam": newsbeam, "trafilatura": plain_trafilatura}


def _cell(values: np.ndarray, column: int) -> str:
    mean, low, high = bootstrap(values[:, column])
    return f"{mean:.3f} [{low:.3f},{high:.3f}]"


def table(title: str, rows: dict[str, dict[str, np.ndarray]]) -> None:
    print(f"-- {title}")
    print(f"{'dataset':<22}{'pages':>6}  " + "  ".join(
        f"{name + ' ' + m:<21}" for name in EXTRACTORS for m in ("P", "R", "F1"))
        + "  Δ F1 (newsbeam − trafilatura)")
    for label, scores in rows.items():
        cells = [_cell(scores[name], c) for name in EXTRACTORS for c in range(3)]
        diff = scores["newsbeam"][:, 2] - scores["trafilatura"][:, 2]
        mean, low, high = bootstrap(diff)
        print(f"{label:<22}{len(diff):>6}  " + "  ".join(f"{c:<21}" for c in cells)
              + f"  {mean:+.3f} [{low:+.3f},{high:+.3f}]")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--group", choices=("tune", "heldout", "all"), default="all")
    parser.add_argument("--kinds", action="store_true", help="also one row per WCXB page kind")
    parser.add_argument("--dump", type=Path, help="write per-page texts and scores (JSONL)")
    args = parser.parse_args(argv)
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    groups = {"tune": TUNE, "heldout": HELD_OUT, "all": TUNE + HELD_OUT}[args.group]
    pages = load(groups)
    print(f"{len(pages)} pages; token bag-of-words P/R/F1, mean over pages [95% bootstrap]")
    scores: dict[str, np.ndarray] = {}
    texts: dict[str, list[str | None]] = {}
    for name, extract in EXTRACTORS.items():
        extract(pages[0])  # warm-up: lazy imports are not per-page cost
        start = time.perf_counter()
        texts[name] = [extract(page) for page in pages]
        seconds = time.perf_counter() - start
        scores[name] = np.array([page_scores(p.truth, t) for p, t in
                                 zip(pages, texts[name], strict=True)])
        print(f"{name}: {seconds:.0f} s ({len(pages) / seconds:.1f} pages/s wall)")

    def rows(keep: Callable[[Page], bool]) -> dict[str, np.ndarray]:
        mask = np.array([keep(p) for p in pages])
        return {name: s[mask] for name, s in scores.items()}

    by_dataset = {d: rows(lambda p, d=d: p.dataset == d) for d in groups}
    table("per dataset", by_dataset)
    if args.kinds:
        kinds = sorted({(p.dataset, p.kind) for p in pages if p.dataset.startswith("wcxb")})
        table("per WCXB page kind", {f"{d}/{k}": rows(lambda p, d=d, k=k: (p.dataset, p.kind)
                                                      == (d, k)) for d, k in kinds})
    summary = {}
    for group, members in (("TUNE", TUNE), ("HELD-OUT", HELD_OUT)):
        if set(members) <= set(groups):
            # pooled: every page weighs the same, so bigger datasets weigh more
            merged = {name: np.concatenate([by_dataset[d][name] for d in members])
                      for name in EXTRACTORS}
            summary[f"{group} (pooled pages)"] = merged
    if summary:
        table("group summary (all pages of the group pooled)", summary)
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as out:
            for i, page in enumerate(pages):
                out.write(json.dumps({
                    "id": page.id, "dataset": page.dataset, "kind": page.kind,
                    "truth": page.truth,
                    **{f"{n}_text": texts[n][i] for n in EXTRACTORS},
                    **{f"{n}_prf": scores[n][i].round(4).tolist() for n in EXTRACTORS},
                }, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
