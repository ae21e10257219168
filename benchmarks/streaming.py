"""Streaming benchmark: sustained entries/s and feed-to-Parquet latency, next to a plain loop.

A news site on 127.0.0.1 (tests/feedserver.py) serves 10 RSS feeds whose entries link to
real news pages (the ScrapingHub benchmark's HTML). `newsbeam run --streaming` (Prism,
--poll-interval 1 --window 2) runs against it while:

1. latency: an entry is published every 0.5 s for 40 s; each entry's latency is the time
   from its publication to the modification time of the Parquet file holding its row;
2. throughput: `--burst` entries are published at once; sustained entries/s is that number
   over the time until the last of their rows is in Parquet.

Peak RSS is the streaming process tree's (Prism and its Python worker included). The
baseline does the same work per entry in a plain Python loop: fetch the page over HTTP,
decode, extract, language, dedup against the same streaming memory, events.

    python benchmarks/streaming.py [--burst 1000] [--out bench-out/streaming.json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.measure import tree_rss_kb  # noqa: E402
from tests.feedserver import NewsSite  # noqa: E402

PAGES = REPO / "benchmarks" / "data" / "article-extraction" / "html"
FEEDS = 10


def _pages() -> list[bytes]:
    return [gzip.decompress(p.read_bytes()) for p in sorted(PAGES.glob("*.html.gz"))]


def _publish(site: NewsSite, pages: list[bytes], n: int, start: int) -> list[str]:
    """Publish entries start..start+n-1 round-robin over the feeds; returns their URLs."""
    urls = []
    for i in range(start, start + n):
        path = f"/story/{i}"
        site.route(path, 200, "text/html; charset=utf-8", pages[i % len(pages)])
        site.add_entry(f"/feed{i % FEEDS}.xml", f"Story {i}", None, f"urn:story:{i}", path)
        urls.append(site.base + path)
    return urls


def _rows_by_url(out: Path, seen_files: dict[str, float], found: dict[str, float]) -> None:
    """Record each new article row's URL with the time its file was written."""
    for path in (out / "articles").rglob("*.parquet"):
        key = str(path)
        if key in seen_files:
            continue
        mtime = path.stat().st_mtime
        seen_files[key] = mtime
        for url in pq.read_table(path, columns=["url"]).column("url").to_pylist():
            found.setdefault(url, mtime)


class _PeakRss(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.running = pid, 0, True

    def run(self) -> None:
        while self.running:
            self.peak_kb = max(self.peak_kb, tree_rss_kb(self.pid))
            time.sleep(0.2)


def _wait_rows(out, urls, seen_files, found, timeout) -> float:
    deadline = time.time() + timeout
    while time.time() < deadline:
        _rows_by_url(out, seen_files, found)
        if all(u in found for u in urls):
            return max(found[u] for u in urls)
        time.sleep(0.2)
    raise SystemExit(f"timed out: {sum(u in found for u in urls)}/{len(urls)} rows written")


def stream_benchmark(burst: int, extra: tuple[str, ...] = ()) -> dict:
    pages = _pages()
    with tempfile.TemporaryDirectory() as tmp, NewsSite() as site:
        out = Path(tmp) / "out"
        feeds = [site.feed_url(f"/feed{i}.xml") for i in range(FEEDS)]
        cmd = [sys.executable, "-m", "pipeline.cli", "run", "--streaming", "--quiet",
               "--feeds", *feeds, "--poll-interval", "1", "--window", "2",
               "--allow-private-addresses", "--politeness-delay", "0", "--output", str(out),
               *extra]
        log = open(Path(tmp) / "log", "w")  # noqa: SIM115 - closed below
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
        rss = _PeakRss(proc.pid)
        rss.start()
        seen_files: dict[str, float] = {}
        found: dict[str, float] = {}
        try:
            time.sleep(5)  # Prism and the worker start
            latency_urls = []
            for i in range(80):
                latency_urls += _publish(site, pages, 1, i)
                time.sleep(0.5)
            _wait_rows(out, latency_urls, seen_files, found, 120)
            latencies = [found[u] - site.added_at[f"urn:story:{u.rsplit('/', 1)[1]}"]
                         for u in latency_urls]
            published = time.time()
            burst_urls = _publish(site, pages, burst, 1000)
            last = _wait_rows(out, burst_urls, seen_files, found, 1800)
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(120)
            rss.running = False
            log.close()
        q = statistics.quantiles(latencies, n=20)
        return {"latency_p50_s": round(statistics.median(latencies), 2),
                "latency_p95_s": round(q[18], 2), "latency_entries": len(latencies),
                "burst_entries": burst, "burst_seconds": round(last - published, 1),
                "entries_per_s": round(burst / (last - published), 1),
                "peak_rss_mb": round(rss.peak_kb / 1024)}


def plain_loop(burst: int) -> dict:
    """The same work per entry without Beam, in this process."""
    from transforms.base import Rejected
    from transforms.dedup.rules import DedupConfig, dedup_facts
    from transforms.dedup.stream import DedupIndex, MemoryConfig
    from transforms.events.rules import EventsConfig, extract_events
    from transforms.sources.decode import decode_bytes
    from transforms.sources.feeds import parse_feed
    from transforms.sources.http import FetchConfig, Fetcher
    from transforms.text.extract import extract_article
    from transforms.text.language import detect_language
    from transforms.write import parquet_bytes

    pages = _pages()
    fetcher = Fetcher(FetchConfig(politeness_delay=0, allow_private_addresses=True))
    index = DedupIndex(DedupConfig(), MemoryConfig())
    events_config = EventsConfig()
    rows = []
    with NewsSite() as site:
        feeds = [site.feed_url(f"/feed{i}.xml") for i in range(FEEDS)]
        _publish(site, pages, burst, 1000)
        started = time.monotonic()
        for feed in feeds:
            for entry in parse_feed(fetcher.get(feed).body, feed):
                page = fetcher.get(entry.link)
                content, _ = decode_bytes(page.body, "html")
                doc = {"article_id": entry.entry_id, "source_uri": feed, "url": entry.link,
                       "kind": "html", "content": content,
                       "published_at": entry.published, "title": entry.title}
                try:
                    article = extract_article(doc)
                except Rejected:
                    continue
                article.pop("_removed", None)
                article["language"] = detect_language(
                    article["text"], declared=article.pop("declared_language", None))[0]
                article.update(index.add(dedup_facts(article, DedupConfig()), time.time()))
                list(extract_events(article, events_config))
                rows.append(article)
        # The run columns, as the pipeline's writer fills them.
        parquet_bytes("articles", rows, "zstd",
                      {"run_id": "plain-loop", "ingested_at": dt.datetime.now(dt.UTC)})
        seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"entries": burst, "seconds": round(seconds, 1),
            "entries_per_s": round(burst / seconds, 1), "peak_rss_mb": round(peak)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--burst", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=REPO / "bench-out" / "streaming.json")
    parser.add_argument("--extract-processes", type=int, default=None,
                        help="passed to newsbeam run (default: newsbeam's own default)")
    args = parser.parse_args()
    extra = (() if args.extract_processes is None
             else ("--extract-processes", str(args.extract_processes)))
    # The plain loop runs before and after the stream, and the stream is compared with their
    # mean: this machine's speed drifts by a fifth within minutes.
    before = plain_loop(args.burst)
    stream = stream_benchmark(args.burst, extra)
    after = plain_loop(args.burst)
    baseline = {"entries_per_s": round((before["entries_per_s"] + after["entries_per_s"]) / 2, 1),
                "peak_rss_mb": max(before["peak_rss_mb"], after["peak_rss_mb"]),
                "before": before, "after": after}
    report = {"streaming": stream, "plain_loop": baseline,
              "throughput_ratio": round(stream["entries_per_s"] / baseline["entries_per_s"], 2),
              "cpus": os.cpu_count()}
    args.out.parent.mkdir(exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    print(f"  streaming (Prism, poll 1 s, window 2 s): {stream['entries_per_s']} entries/s "
          f"sustained over a burst of {args.burst}, peak RSS {stream['peak_rss_mb']} MB")
    print(f"  feed-to-Parquet latency at 2 entries/s: p50 {stream['latency_p50_s']} s, "
          f"p95 {stream['latency_p95_s']} s ({stream['latency_entries']} entries)")
    print(f"  plain loop (same work, one process): {baseline['entries_per_s']} entries/s "
          f"(mean of {before['entries_per_s']} before and {after['entries_per_s']} after the "
          f"stream), peak RSS {baseline['peak_rss_mb']} MB")
    print(f"  ratio streaming / plain: {report['throughput_ratio']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
