"""Generate a benchmark corpus of plain-text and HTML news files.

Plain text: real article bodies (the ScrapingHub ground truth and the seeds) with a
headline and site chrome of several styles around them. HTML: the ScrapingHub pages, gzipped
as they were shipped. Deterministic for a given size.

    python benchmarks/corpus.py OUT_DIR N [--html-share 0.5] [--real-pages]

`--real-pages` writes only real news pages: the ScrapingHub pages cycled, every third one a
near-copy (a dateline added to its first paragraph and its last paragraph dropped), as wire
copies look. This is the corpus of the end-to-end ratio against trafilatura alone.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCH_DATA = HERE / "data" / "article-extraction"
SEEDS = HERE.parent / "seeds"

HEADERS = [["Home", "World", "Politics", "Business", "Sport"],
           ["Advertisement"], ["Subscribe to our newsletter"], []]
FOOTERS = [["Share this article", "Related articles", "© 2024 Example Media. All rights reserved."],
           ["Leave a comment", "Previous Post Next Post"], ["Follow us on Twitter"], []]


def real_bodies() -> list[str]:
    truth = json.loads((BENCH_DATA / "ground-truth.json").read_text(encoding="utf-8"))
    bodies = [v["articleBody"] for _, v in sorted(truth.items()) if len(v["articleBody"]) > 500]
    bodies += [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    return bodies


def html_pages() -> list[Path]:
    return sorted((BENCH_DATA / "html").glob("*.html.gz"))


def text_document(body: str, rng: random.Random) -> str:
    paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
    title = " ".join(paragraphs[0].split()[:9]).rstrip(".,") if paragraphs else "Untitled"
    lines = rng.choice(HEADERS) + ["", title, ""] + paragraphs + [""] + rng.choice(FOOTERS)
    return "\n".join(lines) + "\n"


_LAST_PARAGRAPH = re.compile(rb"<p[ >](?:(?!<p[ >]).)*?</p>(?!.*<p[ >])", re.S | re.I)
_FIRST_PARAGRAPH_TEXT = re.compile(rb"(<p(?: [^>]*)?>)", re.I)


def near_copy(page: bytes, i: int) -> bytes:
    """The page as a syndicated copy: a dateline before its first paragraph, no last paragraph."""
    page = _LAST_PARAGRAPH.sub(b"", page, count=1)
    dateline = f"WIRE {i} (Agency) - ".encode()
    return _FIRST_PARAGRAPH_TEXT.sub(lambda m: m.group(1) + dateline, page, count=1)


def generate_real_pages(out: Path, n: int) -> Path:
    """Write n real news pages under out/ (reused when already complete): the ScrapingHub
    pages cycled, every third a near-copy of its page."""
    marker = out.parent / f"{out.name}.complete"
    if marker.exists() and marker.read_text() == f"{n} real-pages":
        return out
    out.mkdir(parents=True, exist_ok=True)
    pages = [gzip.decompress(p.read_bytes()) for p in html_pages()]
    for i in range(n):
        sub = out / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        page = pages[i % len(pages)]
        if i % 3 == 2:
            page = near_copy(page, i)
        (sub / f"page-{i:06d}.html.gz").write_bytes(gzip.compress(page, mtime=0))
    marker.write_text(f"{n} real-pages")
    return out


def generate(out: Path, n: int, html_share: float = 0.5) -> Path:
    """Write n documents under out/ (reused when already complete)."""
    marker = out.parent / f"{out.name}.complete"  # outside: it is not an input
    if marker.exists() and marker.read_text() == f"{n} {html_share}":
        return out
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(n)
    bodies, pages = real_bodies(), html_pages()
    n_html = int(n * html_share)
    for i in range(n):
        sub = out / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        if i < n_html:
            (sub / f"page-{i:06d}.html.gz").write_bytes(pages[i % len(pages)].read_bytes())
        else:
            body = bodies[i % len(bodies)]
            (sub / f"text-{i:06d}.txt").write_text(text_document(body, rng), encoding="utf-8")
    marker.write_text(f"{n} {html_share}")
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--html-share", type=float, default=0.5)
    parser.add_argument("--real-pages", action="store_true")
    args = parser.parse_args()
    if args.real_pages:
        print(generate_real_pages(args.out, args.n))
    else:
        print(generate(args.out, args.n, args.html_share))
