#!/usr/bin/env python3
"""Build transforms/data/word_vectors.npz: a vector per word, learned from unlabelled news text.

The events model reads hashed words and character n-grams: a word no training event used
tells it nothing, however close in meaning to one that did ("gunmen" and "militants"). These
vectors give words that are used alike similar values, so that what the model learned for one
carries to the other. They are the classic count-based kind (Levy, Goldberg and Dagan 2015):
co-occurrence counts in a window, positive pointwise mutual information with the context
distribution smoothed (power 0.75), a truncated SVD, rows U·√S, each scaled to unit length and
then by SIF's weight a / (a + p(word)) (Arora et al. 2017), so that frequent words count less in
a sentence's sum. Words are read as the model reads them (model.words: lower case, digits as 0,
names as one placeholder). No labels are read; deterministic (ARPACK from a fixed start).

Sources (unlabelled text only; training/PROVENANCE.md §7): the Wikipedia Current events
portal's items (current_events.jsonl; items of the frozen test set are left out, by id), ACLED
coders' notes (acled_records.jsonl, read as the model reads them, train_events.acled_text),
and the real news of news.jsonl, ag_world.jsonl and huffpost_world.jsonl.

Usage: python training/build_word_vectors.py --current-events current_events.jsonl \
    --acled acled_records.jsonl --news news.jsonl ag_world.jsonl huffpost_world.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from training.train_events import acled_text  # noqa: E402
from transforms.events.model import VECTORS_PATH, words  # noqa: E402

FROZEN = ROOT / "training" / "data" / "current_events_frozen_labels.jsonl"
MIN_COUNT = 5
MAX_WORDS = 40_000
WINDOW = 4
DIMENSIONS = 96
SIF_A = 1e-3


def _records(path: Path):
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def corpus(current_events: Path, acled: Path, news: list[Path]) -> list[list[str]]:
    frozen = {r["id"] for r in _records(FROZEN)}
    texts = [r["text"] for r in _records(current_events) if r["id"] not in frozen]
    texts += [acled_text(r["text"]) for r in _records(acled)]
    for path in news:
        texts += [". ".join(t for t in (r.get("title"), r.get("text")) if t) for r in _records(path)]
    return [words(t) for t in texts]


def cooccurrence(documents: list[list[str]], vocabulary: dict[str, int]):
    """Counts of (word, context word) within WINDOW, each pair weighted 1/distance."""
    from scipy.sparse import coo_matrix

    ids = np.array([vocabulary.get(w, -1) for doc in documents for w in doc], dtype=np.int64)
    doc = np.repeat(np.arange(len(documents)), [len(d) for d in documents])
    rows, cols, values = [], [], []
    for distance in range(1, WINDOW + 1):
        a, b = ids[:-distance], ids[distance:]
        keep = (doc[:-distance] == doc[distance:]) & (a >= 0) & (b >= 0)
        for left, right in ((a[keep], b[keep]), (b[keep], a[keep])):
            rows.append(left)
            cols.append(right)
            values.append(np.full(len(left), 1.0 / distance, dtype=np.float32))
    size = len(vocabulary)
    return coo_matrix((np.concatenate(values), (np.concatenate(rows), np.concatenate(cols))),
                      shape=(size, size)).tocsr()


def vectors(counts, frequency: np.ndarray, dimensions: int = DIMENSIONS) -> np.ndarray:
    """Rows U·√S of the PPMI matrix's truncated SVD, unit length, times SIF's weight."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.linalg import svds

    total = counts.sum()
    word_p = np.asarray(counts.sum(axis=1)).ravel() / total
    context = np.asarray(counts.sum(axis=0)).ravel() ** 0.75
    context_p = context / context.sum()
    pmi = counts.tocoo()
    values = np.log(pmi.data / total / (word_p[pmi.row] * context_p[pmi.col]))
    keep = values > 0
    ppmi = csr_matrix((values[keep].astype(np.float32), (pmi.row[keep], pmi.col[keep])), shape=counts.shape)
    rng = np.random.default_rng(0)
    u, s, _ = svds(ppmi, k=dimensions, v0=rng.standard_normal(ppmi.shape[0]))
    order = np.argsort(-s)
    u, s = u[:, order], s[order]
    u *= np.sign(u[np.abs(u).argmax(axis=0), np.arange(dimensions)])  # a fixed sign per dimension
    v = u * np.sqrt(s)
    v /= np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)
    p = frequency / frequency.sum()
    return (v * (SIF_A / (SIF_A + p))[:, None]).astype(np.float32)


def word_table(documents: list[list[str]], min_count: int = MIN_COUNT, max_words: int = MAX_WORDS,
               dimensions: int = DIMENSIONS) -> tuple[list[str], np.ndarray]:
    """(words, their vectors) of the words seen at least `min_count` times, most frequent first."""
    frequency = Counter(w for doc in documents for w in doc)
    kept = sorted((w for w, n in frequency.items() if n >= min_count), key=lambda w: (-frequency[w], w))
    kept = kept[:max_words]
    counts = cooccurrence(documents, {w: i for i, w in enumerate(kept)})
    return kept, vectors(counts, np.array([frequency[w] for w in kept], dtype=float), dimensions)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--current-events", type=Path, required=True)
    parser.add_argument("--acled", type=Path, required=True)
    parser.add_argument("--news", type=Path, nargs="*", default=[])
    parser.add_argument("--out", type=Path, default=VECTORS_PATH)
    args = parser.parse_args()
    documents = corpus(args.current_events, args.acled, args.news)
    kept, table = word_table(documents)
    # int8 with one scale per word: SIF weights span two orders of magnitude.
    scale = np.maximum(np.abs(table).max(axis=1), 1e-12) / 127.0
    np.savez_compressed(args.out, words=np.array(kept), vectors=np.round(table / scale[:, None]).astype(np.int8),
                        scale=scale.astype(np.float32))
    tokens = sum(len(d) for d in documents)
    print(f"{len(documents)} texts, {tokens} words; {len(kept)} words kept; {args.out} "
          f"{args.out.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
