"""Dedup-stage benchmark: docs/s and peak RSS at two sizes, and the scaling ratio, next to
datasketch's MinHashLSH in a plain loop on the same articles.

Articles are synthetic but shaped like news: ~600 words drawn from the vocabulary of the
real benchmark bodies (Zipf-like), in paragraphs; 20% are copies of earlier articles
(last paragraph dropped, a typo, a dateline), and one wire story is syndicated to a tenth
of the corpus (10,000 copies at 100k) — a cluster that size is normal, not a corner case.

    python benchmarks/dedup_bench.py [--sizes 10000 100000]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def _vocabulary() -> tuple[list[str], list[float]]:
    import collections
    import re

    truth = json.loads((HERE / "data" / "article-extraction" / "ground-truth.json").read_text())
    counts = collections.Counter(w for v in truth.values()
                                 for w in re.findall(r"[A-Za-z']+", v["articleBody"]))
    words = [w for w, _ in counts.most_common(20000)]
    weights = [1.0 / (rank + 10) for rank in range(len(words))]
    return words, weights


def _mutate(text: str, rng: random.Random) -> str:
    paragraphs = text.split("\n\n")
    if len(paragraphs) > 4 and rng.random() < 0.5:
        paragraphs = paragraphs[:-1]
    words = "\n\n".join(paragraphs).split(" ")
    k = rng.randrange(len(words))
    words[k] = words[k][::-1]
    return "LONDON (Reuters) - " + " ".join(words)


def generate(n: int, path: Path) -> None:
    """Write n articles to a Parquet file (article_id, text, published_at, ingest_date)."""
    import datetime as dt

    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = random.Random(n)
    words, weights = _vocabulary()
    texts: list[str] = []
    wire = None
    for i in range(n):
        if i % 10 == 0 and wire is not None:
            texts.append(_mutate(wire, rng))           # the big syndicated story
        elif i > 10 and rng.random() < 0.2:
            texts.append(_mutate(texts[rng.randrange(i)], rng))
        else:
            body = rng.choices(words, weights, k=600)
            paragraphs = [" ".join(body[j:j + 60]) + "." for j in range(0, 600, 60)]
            texts.append("\n\n".join(paragraphs))
            if wire is None:
                wire = texts[-1]
    table = pa.table({
        "article_id": [f"{i:08d}" for i in range(n)],
        "text": texts,
        "published_at": pa.array([None] * n, pa.timestamp("us", tz="UTC")),
        "ingest_date": pa.array([dt.date(2026, 1, 1)] * n, pa.date32()),
    })
    pq.write_table(table, path, row_group_size=2000)


def run_beam(path: Path) -> None:
    import apache_beam as beam

    from transforms.dedup.batch import MarkDuplicates
    from transforms.dedup.rules import DedupConfig

    with beam.Pipeline("FnApiRunner") as p:
        _ = (p
             | beam.io.ReadFromParquet(str(path))
             # as `newsbeam run` on the DirectRunner does (columns joined in memory)
             | MarkDuplicates(DedupConfig(), in_memory_join=True)
             | beam.Filter(lambda a: a["duplicate_of"] is not None)
             | beam.combiners.Count.Globally()
             | beam.Map(lambda n: print("duplicates", n)))


def run_datasketch(path: Path) -> None:
    import re

    import pyarrow.parquet as pq
    from datasketch import MinHash, MinHashLSH

    from transforms.dedup.rules import UnionFind

    table = pq.read_table(path, columns=["article_id", "text"])
    lsh = MinHashLSH(threshold=0.6, num_perm=128)
    uf = UnionFind()
    for article_id, text in zip(table["article_id"].to_pylist(), table["text"].to_pylist(),
                                strict=True):
        tokens = re.findall(r"\w+", text.lower())
        shingles = {" ".join(tokens[i:i + 5]).encode() for i in range(max(1, len(tokens) - 4))}
        m = MinHash(num_perm=128)
        m.update_batch(list(shingles))
        for other in lsh.query(m):
            uf.union(article_id, other)
        lsh.insert(article_id, m)
    groups = uf.groups().values()
    print("duplicates", sum(len(g) - 1 for g in groups))


def main() -> int:
    from benchmarks.measure import measure

    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs=2, default=[10000, 100000])
    parser.add_argument("--work", type=Path, default=HERE.parent / "bench-out")
    parser.add_argument("--only", choices=["gen", "beam", "datasketch"])
    parser.add_argument("--path", type=Path)
    args = parser.parse_args()
    if args.only == "beam":
        run_beam(args.path)
        return 0
    if args.only == "datasketch":
        run_datasketch(args.path)
        return 0
    args.work.mkdir(exist_ok=True)
    results = {}
    for n in args.sizes:
        path = args.work / f"dedup-{n}.parquet"
        if not path.exists():
            t = time.monotonic()
            generate(n, path)
            print(f"generated {n} articles in {time.monotonic() - t:.1f} s")
        for name in ("beam", "datasketch"):
            m = measure([sys.executable, __file__, "--only", name, "--path", str(path)])
            if m.returncode:
                print(m.stdout[-2000:])
                return 1
            dups = [line for line in m.stdout.splitlines() if line.startswith("duplicates")]
            results[(n, name)] = m
            print(f"  {n:>7} articles  {name:<11} {n / m.seconds:8.0f} docs/s  {m.seconds:7.1f} s"
                  f"  peak RSS {m.peak_rss_mb:6.0f} MB  {dups[-1] if dups else ''}", flush=True)
    small, large = args.sizes
    for name in ("beam", "datasketch"):
        ratio = results[(large, name)].seconds / results[(small, name)].seconds
        print(f"  {name:<11} time({large})/time({small}) = {ratio:.1f}")
    for n in args.sizes:
        print(f"  {n:>7} articles  beam/datasketch docs/s = "
              f"{results[(n, 'datasketch')].seconds / results[(n, 'beam')].seconds:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
