"""The extraction floor: plain `trafilatura.extract` (its defaults) over the same files, in a
Pool of N processes. Reads each file (gunzip for .gz) and extracts; writes nothing.

    python benchmarks/trafilatura_pool.py INPUT_DIR [--processes 2]
"""

from __future__ import annotations

import argparse
import gzip
from multiprocessing import Pool
from pathlib import Path

import trafilatura


def extract_file(path: str) -> int:
    data = Path(path).read_bytes()
    if path.endswith(".gz"):
        data = gzip.decompress(data)
    text = trafilatura.extract(data)
    return len(text or "")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    paths = sorted(str(p) for p in Path(args.input).rglob("*") if p.is_file())
    with Pool(args.processes) as pool:
        chars = sum(pool.imap(extract_file, paths, chunksize=8))
    print(f"{len(paths)} files, {chars} characters extracted")


if __name__ == "__main__":
    main()
