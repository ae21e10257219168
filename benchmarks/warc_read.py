"""WARC input throughput: the 181 real ScrapingHub pages written as one per-record-gzip WARC
(cycled), read by newsbeam's WARC reader alone, and run end to end next to the same pages as
.html.gz files.

    python benchmarks/warc_read.py [--cycles 3] [--work DIR]
"""

from __future__ import annotations

import argparse
import gzip
import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from transforms.sources.warc import read_warc_range, warc_ranges  # noqa: E402

PAGES = REPO / "benchmarks" / "data" / "article-extraction" / "html"
NEWSBEAM = str(Path(sys.executable).with_name("newsbeam"))


def build(work: Path, cycles: int) -> tuple[Path, Path, int]:
    """(warc path, folder of .html.gz copies, records) for the pages, `cycles` times."""
    warc, folder = work / "pages.warc.gz", work / "html"
    folder.mkdir(parents=True, exist_ok=True)
    pages = sorted(PAGES.glob("*.html.gz"))
    records = 0
    with open(warc, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for cycle in range(cycles):
            for page in pages:
                body = gzip.decompress(page.read_bytes())
                url = f"https://pages.example/{cycle}/{page.name[:-8]}"
                http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(
                    url, "response", payload=io.BytesIO(body), http_headers=http))
                (folder / f"{cycle}-{page.name}").write_bytes(page.read_bytes())
                records += 1
    return warc, folder, records


def read_only(warc: Path) -> tuple[int, float]:
    started = time.perf_counter()
    opener = lambda p: open(p, "rb")  # noqa: E731
    count = sum(1 for span in warc_ranges(str(warc), opener)
                for _ in read_warc_range(span, opener, 16 << 20))
    return count, time.perf_counter() - started


def end_to_end(source: Path, out: Path) -> float:
    started = time.perf_counter()
    subprocess.run([NEWSBEAM, "run", "--quiet", "--input", str(source), "--output", str(out),
                    "--runner-config", str(REPO / "runner_configs" / "direct.yaml")],
                   check=True, cwd=REPO, capture_output=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cycles", type=int, default=3)
    parser.add_argument("--work")
    args = parser.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="warc-bench-"))
    warc, folder, records = build(work, args.cycles)
    size = warc.stat().st_size / 1e6
    count, seconds = read_only(warc)
    print(f"WARC of {records} real pages, {size:.1f} MB (per-record gzip)")
    print(f"  reader alone (warcio ranges + records, one core): {count / seconds:8.0f} records/s, "
          f"{size / seconds:6.1f} MB/s")
    warc_s = end_to_end(warc, work / "out-warc")
    html_s = end_to_end(folder, work / "out-html")
    print(f"  newsbeam run on the WARC:          {records / warc_s:6.1f} docs/s")
    print(f"  newsbeam run on the same .html.gz: {records / html_s:6.1f} docs/s "
          f"(ratio WARC/files {html_s / warc_s:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
