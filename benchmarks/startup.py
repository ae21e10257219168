"""Per-worker start-up: what a fresh SDK worker pays before its first document.

Each measurement runs in a new interpreter, as a worker starts. Beam's own import is timed
apart (the worker harness has imported it before any newsbeam code runs); then newsbeam's
stage modules are imported, then every model and index a worker loads in DoFn.setup
(gazetteer, events model, line model, language profiles) or on first use (date patterns), then one real page goes through
every stage. Start-up = newsbeam imports + models and indexes.

    python benchmarks/startup.py [--repeat 3] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Runs inside the fresh interpreter; prints one JSON line of seconds per step.
_PROBE = r"""
import gzip, json, sys, time
sys.path.insert(0, {repo!r})
t0 = time.perf_counter()
import apache_beam  # noqa: F401  (the worker harness's own import)
t1 = time.perf_counter()
import pipeline.graph  # noqa: F401  (imports every stage module)
from transforms.base import load_models
from transforms.events import gazetteer, model  # noqa: F401  (imported, not yet loaded)
from transforms.text import clean, dates, language  # noqa: F401
t2 = time.perf_counter()
load_models()
t3 = time.perf_counter()
from benchmarks import plain_loop
docs, _ = plain_loop._decode_file({page!r})
article, _ = plain_loop._extract((docs[0], frozenset()))
plain_loop.dedup([article])
plain_loop.events_of([article])
t4 = time.perf_counter()
print(json.dumps({{"beam_import": t1 - t0, "newsbeam_imports": t2 - t1,
                   "models_and_indexes": t3 - t2, "first_document": t4 - t3}}))
"""


def _first_page() -> str:
    pages = sorted((REPO / "benchmarks" / "data" / "article-extraction" / "html")
                   .glob("*.html.gz"))
    if not pages:
        pages = sorted(Path("/work/shared/benchmarks/article-extraction/html").glob("*.html.gz"))
    return str(pages[0])


def startup(repeat: int = 3) -> dict[str, float]:
    """Median seconds per step over `repeat` fresh interpreters, and the start-up total."""
    code = _PROBE.format(repo=str(REPO), page=_first_page())
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    result = {step: round(statistics.median(r[step] for r in runs), 3) for step in runs[0]}
    result["startup"] = round(result["newsbeam_imports"] + result["models_and_indexes"], 3)
    return result


def report(result: dict[str, float]) -> None:
    print(f"  beam's own import (not counted)  {result['beam_import']:6.2f} s")
    print(f"  newsbeam imports                 {result['newsbeam_imports']:6.2f} s")
    print(f"  models and indexes               {result['models_and_indexes']:6.2f} s")
    print(f"  start-up per worker              {result['startup']:6.2f} s  (target <= 1 s)")
    print(f"  first document (all stages)      {result['first_document']:6.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    result = startup(args.repeat)
    report(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
