"""Feed pages fetched at once: a batch feed run against a site whose pages take a while to
answer (a remote news site's latency, simulated on 127.0.0.1), with --fetch-concurrency 1
and the default.

10 feeds with `--entries` entries in all, each page answering after `--page-delay` seconds
(real news pages from the ScrapingHub benchmark); politeness delay 0 (one local host stands
for many sites). Prints seconds and entries/s for each setting and their ratio.

    python benchmarks/feed_fetch.py [--entries 200] [--page-delay 0.1]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.streaming import FEEDS, _pages, _publish  # noqa: E402
from tests.feedserver import NewsSite  # noqa: E402
from transforms.sources.http import FetchConfig  # noqa: E402


def feed_run(site: NewsSite, concurrency: int, out: Path) -> float:
    import subprocess

    feeds = [site.feed_url(f"/feed{i}.xml") for i in range(FEEDS)]
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "pipeline.cli", "run", "--quiet", "--feeds", *feeds,
                    "--allow-private-addresses", "--politeness-delay", "0",
                    "--fetch-concurrency", str(concurrency), "--output", str(out)],
                   cwd=REPO, check=True, capture_output=True)
    return time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=200)
    parser.add_argument("--page-delay", type=float, default=0.1)
    args = parser.parse_args()
    seconds = {}
    with tempfile.TemporaryDirectory() as tmp, NewsSite() as site:
        _publish(site, _pages(), args.entries, 0)
        site.page_delay = args.page_delay
        for concurrency in (1, FetchConfig.concurrency):
            seconds[concurrency] = feed_run(site, concurrency, Path(tmp) / f"out{concurrency}")
            print(f"  --fetch-concurrency {concurrency}: {args.entries} entries in "
                  f"{seconds[concurrency]:.1f} s ({args.entries / seconds[concurrency]:.1f} "
                  f"entries/s), pages answering after {args.page_delay} s", flush=True)
    print(f"  ratio (default / one at a time): "
          f"{seconds[1] / seconds[FetchConfig.concurrency]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
