"""Build the HTML extraction dev benchmark (benchmarks/data/html_dev/) from public datasets.

    .venv/bin/python benchmarks/build_html_dev.py [--mirrors /work/.mirror]

Reads pinned commits of bare git mirrors of the source repositories (``<mirrors>/<owner>+<name>/
repo``; nothing is downloaded here) and writes one ``<dataset>.jsonl.gz`` per dataset. Each line:

    {"id", "dataset", "kind", "lang", "url", "html", "truth",
     "source": {"repo", "commit", "html_path", "truth_path"}}

``truth`` is the dataset's ground-truth main text as plain text. Pages are chosen by a stable
hash of their id (no randomness), stratified by page kind where the dataset labels kinds, so a
rebuild from the same commits gives the same files. ScrapingHub is not copied: it is already
in benchmarks/data/article-extraction/ and benchmarks/html_dev.py reads it from there.
Licences and provenance: benchmarks/data/html_dev/PROVENANCE.md.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import lxml.html

REPO_ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = REPO_ROOT / "benchmarks" / "data" / "html_dev"

WCXB = ("Murrough-Foley/web-content-extraction-benchmark", "c039d5ee9f5a3a984a0e167e63aacd04e76e78a9")
READABILITY = ("mozilla/readability", "ab4027a8b37669745016869a37a504727992b2ba")
CWCED = ("immortal-autumn/Chinese-Web-Content-Extraction-Dataset",
         "99d0ef08419109b5489b12e38f771f25b952d774")

# Pages per WCXB page kind and split: the dev split (TUNE) gets 7 x 20 pages, the test split
# (HELD-OUT) 7 x 30 for tighter held-out intervals; its pages are smaller, so both stay compact.
WCXB_PER_KIND = {"dev": 20, "test": 30}
# Readability's test folder also holds tiny synthetic unit-test pages ("replace-brs",
# "hidden-nodes"...); a real article has at least this much expected text.
READABILITY_MIN_TRUTH_CHARS = 1000

_BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
           "table", "blockquote", "pre", "section", "article", "figure", "figcaption", "dd",
           "dt", "header", "footer"}


class Mirror:
    def __init__(self, root: Path, repo: str, commit: str) -> None:
        self.git_dir = root / repo.replace("/", "+") / "repo"
        self.repo, self.commit = repo, commit
        if not self.git_dir.is_dir():
            raise SystemExit(f"no mirror of {repo} at {self.git_dir}")

    def read(self, path: str) -> bytes:
        return subprocess.run(["git", "--git-dir", str(self.git_dir), "show",
                               f"{self.commit}:{path}"], check=True, capture_output=True).stdout

    def ls(self, folder: str) -> list[str]:
        out = subprocess.run(["git", "--git-dir", str(self.git_dir), "ls-tree", "--name-only",
                              f"{self.commit}:{folder}"], check=True, capture_output=True, text=True)
        return sorted(out.stdout.split())

    def source(self, html_path: str, truth_path: str) -> dict:
        return {"repo": self.repo, "commit": self.commit, "html_path": html_path,
                "truth_path": truth_path}


def _rank(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _decode(raw: bytes) -> str:
    """HTML bytes as text: UTF-8, else the declared charset, else GB18030 (the Chinese set)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = re.search(rb"charset=[\"']?([\w-]+)", raw[:4096], re.IGNORECASE)
    for encoding in ([declared.group(1).decode()] if declared else []) + ["gb18030"]:
        try:
            return raw.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("utf-8", "replace")


def _lang(html: str) -> str | None:
    found = re.search(r"<html[^>]*\blang=[\"']?([A-Za-z]{2,3})", html[:5000], re.IGNORECASE)
    return found.group(1).lower() if found else None


def html_to_text(html: str) -> str:
    """Visible text of an HTML fragment, one line per block (tokens never run together)."""
    root = lxml.html.fromstring(html)
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def wcxb(mirror: Mirror, split: str) -> Iterator[dict]:
    meta = json.loads(mirror.read("metadata.json"))["files"]
    by_kind: dict[str, list[str]] = defaultdict(list)
    for file_id, info in meta.items():
        if info["split"] == split and not info.get("spa"):  # SPAs have no server-side text
            by_kind[info["page_type"]].append(file_id)
    for kind in sorted(by_kind):
        for file_id in sorted(by_kind[kind], key=_rank)[:WCXB_PER_KIND[split]]:
            html_path = f"{split}/html/{file_id}.html.gz"
            truth_path = f"{split}/ground-truth/{file_id}.json"
            html = _decode(gzip.decompress(mirror.read(html_path)))
            gt = json.loads(mirror.read(truth_path))
            yield {"id": f"wcxb-{file_id}", "kind": kind, "lang": _lang(html),
                   "url": gt.get("url"), "html": html,
                   "truth": gt["ground_truth"]["main_content"],
                   "source": mirror.source(html_path, truth_path)}


def readability(mirror: Mirror) -> Iterator[dict]:
    for name in mirror.ls("test/test-pages"):
        folder = f"test/test-pages/{name}"
        truth = html_to_text(_decode(mirror.read(f"{folder}/expected.html")))
        if len(truth) < READABILITY_MIN_TRUTH_CHARS:
            continue
        html = _decode(mirror.read(f"{folder}/source.html"))
        yield {"id": f"readability-{name}", "kind": "article", "lang": _lang(html), "url": None,
               "html": html, "truth": truth,
               "source": mirror.source(f"{folder}/source.html", f"{folder}/expected.html")}


def cwced(mirror: Mirror) -> Iterator[dict]:
    for name in mirror.ls("original"):
        stem = name.removesuffix(".html")
        html_path, truth_path = f"original/{name}", f"cleaned/{stem}.txt"
        truth = _decode(mirror.read(truth_path)).strip()
        if not truth:
            continue
        yield {"id": f"cwced-{stem}", "kind": "article", "lang": "zh", "url": None,
               "html": _decode(mirror.read(html_path)), "truth": truth,
               "source": mirror.source(html_path, truth_path)}


def write(dataset: str, pages: Iterator[dict]) -> None:
    path = OUT_DIR / f"{dataset}.jsonl.gz"
    n = 0
    # mtime=0: the same input gives byte-identical files
    with gzip.GzipFile(path, "wb", compresslevel=9, mtime=0) as out:
        for page in pages:
            out.write((json.dumps({"dataset": dataset, **page}, ensure_ascii=False) + "\n").encode())
            n += 1
    print(f"{dataset:<14} {n:4d} pages  {path.stat().st_size / 1e6:5.1f} MB  {path}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    args = parser.parse_args(argv)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    wcxb_mirror = Mirror(args.mirrors, *WCXB)
    write("wcxb-dev", wcxb(wcxb_mirror, "dev"))
    write("wcxb-test", wcxb(wcxb_mirror, "test"))
    write("readability", readability(Mirror(args.mirrors, *READABILITY)))
    write("cwced-zh", cwced(Mirror(args.mirrors, *CWCED)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
