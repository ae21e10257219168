"""Dedup stage: near-identical copies (MinHash + LSH) and shared wire stories (passages).

Copies. Each article's clean text becomes word 5-shingles, hashed to 64 bits and reduced to
a MinHash signature (`num_perm` multiply-shift permutations, vectorised with numpy). The
signature is cut into `bands` × `rows`; articles sharing a band key are candidates, and a
candidate pair is a copy when the signatures' estimated Jaccard ≥ `copy_threshold`. Copies
of copies end in one cluster (connected components); its canonical is the earliest
published, then earliest ingested, then smallest article_id. Every other member gets
`duplicate_of` = the canonical and `dup_similarity` = estimated Jaccard to it.

Stories. A passage fingerprint is a hashed word 8-gram; a deterministic quarter of them
(hash mod 4 = 0) is kept, so a shared passage of ~20 words still leaves several in common.
Two articles carry the same story when they share ≥ `story_min_shared` fingerprints and
those are ≥ `story_min_containment` of the smaller article's fingerprints: a reworded
write-up that quotes the same sources shares a few phrases, not a tenth of its text.
Story clusters are connected components over story and copy edges, so copies always sit in
their canonical's story; story_id is the article_id of the story's earliest article.

Cost is linear: no all-pairs comparison anywhere. A bucket (band key or fingerprint) with
more than `max_bucket_pairs` members links each member to its bucket's first two members
instead of to all, so one story syndicated to 10,000 sites costs ~2 edges per copy and
band. In batch, band keys and fingerprints are grouped in `bucket_shards` shards (an
article sends one element per shard with its keys there, not one per key: at 100k articles
that is 1.6M shuffled elements instead of 14M); each shard builds its buckets in memory
(~1.5 KB per article / shards). Candidates are verified by joining each side's signature
(signatures are shuffled once per join, never per band). Components are found by union-find over the edges in one
worker: its memory grows with the number of articles that have any copy or story partner
(~300 bytes each: ids and union-find entries), a few million such articles per GB; beyond
that the step would need a distributed algorithm (e.g. large-star/small-star rounds).
Canonicals and story names are then chosen per group, in parallel.

Input: article records. Output: the same with `duplicate_of`, `dup_similarity`,
`story_id`, `story_overlap`. Counters: `dedup_copy_edges`, `dedup_story_edges`,
`dedup_duplicates`, `dedup_shared_stories`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from transforms.base import Record

_TOKEN = re.compile(r"\w+")
_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)


@dataclass(frozen=True)
class DedupConfig:
    """Settings of the dedup stage (defaults measured on benchmarks/syndication.py)."""

    shingle_size: int = 5             # words per shingle for copy detection
    num_perm: int = 128               # MinHash permutations
    bands: int = 32                   # LSH bands (bands × rows = num_perm)
    rows: int = 4                     # rows per band: candidate threshold ≈ (1/bands)^(1/rows)
    copy_threshold: float = 0.6       # estimated Jaccard that makes a candidate a copy
    passage_size: int = 8             # words per passage fingerprint
    passage_sample: int = 4           # keep fingerprints whose hash % this == 0
    story_min_shared: int = 3         # shared fingerprints for a story link …
    story_min_containment: float = 0.1  # … that are this share of the smaller article's
    max_bucket_pairs: int = 16        # larger buckets link members to their first two only
    bucket_shards: int = 16           # batch: band and fingerprint buckets, grouped by shard

    def __post_init__(self) -> None:
        if self.bands * self.rows != self.num_perm:
            raise ValueError(f"bands × rows ({self.bands} × {self.rows}) must equal num_perm "
                             f"({self.num_perm})")
        if not 0 < self.copy_threshold <= 1 or not 0 < self.story_min_containment <= 1:
            raise ValueError("thresholds must be in (0, 1]")
        if min(self.shingle_size, self.passage_size, self.passage_sample,
               self.story_min_shared, self.max_bucket_pairs, self.bucket_shards) < 1:
            raise ValueError("sizes and counts must be at least 1")


# --- hashing -------------------------------------------------------------------------------

_token_cache: dict[str, int] = {}


def token_hashes(text: str) -> np.ndarray:
    """64-bit hashes of the text's lower-cased word tokens (punctuation, quotes and
    whitespace never matter), in order. Stable across processes (blake2b, not hash())."""
    cache = _token_cache
    if len(cache) > 500_000:  # bound the per-process cache; results do not depend on it
        cache.clear()
    tokens = _TOKEN.findall(text.lower())
    hashes = list(map(cache.get, tokens))  # looked up in C; most tokens are known
    if None in hashes:
        for i, token in enumerate(tokens):
            if hashes[i] is None:
                digest = hashlib.blake2b(token.encode(), digest_size=8).digest()
                hashes[i] = cache[token] = int.from_bytes(digest, "little")
    return np.array(hashes, dtype=np.uint64)


@lru_cache(maxsize=64)
def _multipliers(n: int, salt: int) -> np.ndarray:
    # a new RNG costs ~50 µs: once per (n, salt) per process, read-only
    rng = np.random.default_rng(salt)
    mult = rng.integers(1, 2**63, size=n, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    mult.flags.writeable = False
    return mult


def ngram_hashes(tokens: np.ndarray, n: int, salt: int) -> np.ndarray:
    """Unique 64-bit hashes of the token n-grams (a text shorter than n is one n-gram)."""
    if len(tokens) == 0:
        return np.zeros(0, dtype=np.uint64)
    n = min(n, len(tokens))
    mult = _multipliers(n, salt)
    count = len(tokens) - n + 1
    with np.errstate(over="ignore"):
        h = np.zeros(count, dtype=np.uint64)
        for j in range(n):
            h = h * np.uint64(0x9E3779B97F4A7C15) + tokens[j:j + count] * mult[j]
    return np.unique(h)


_PERMS: dict[int, tuple[np.ndarray, np.ndarray]] = {}


def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    if num_perm not in _PERMS:
        rng = np.random.default_rng(20130207)
        a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
        b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
        _PERMS[num_perm] = (a[:, None], b[:, None])
    return _PERMS[num_perm]


def minhash(shingles: np.ndarray, num_perm: int) -> np.ndarray:
    """MinHash signature (uint32 × num_perm) of a set of 64-bit shingle hashes.

    Permutation i maps h to the top 32 bits of (a_i·h + b_i) mod 2^64 (multiply-shift
    hashing, a_i odd). An empty set gets the all-ones signature, which matches nothing
    but another empty text."""
    if len(shingles) == 0:
        return np.full(num_perm, 0xFFFFFFFF, dtype=np.uint32)
    a, b = _permutations(num_perm)
    sig = np.full(num_perm, np.iinfo(np.uint64).max, dtype=np.uint64)
    block = np.empty((num_perm, min(len(shingles), 4096)), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for start in range(0, len(shingles), 4096):  # bound the (perm × shingle) matrix
            part = shingles[None, start:start + 4096]
            out = block[:, :part.shape[1]]
            # in place: one (perm × shingle) buffer, not three
            np.multiply(a, part, out=out)
            out += b
            out >>= np.uint64(32)
            np.minimum(sig, out.min(axis=1), out=sig)
    return sig.astype(np.uint32)


def estimated_jaccard(sig_a: bytes | np.ndarray, sig_b: bytes | np.ndarray) -> float:
    a = np.frombuffer(sig_a, dtype=np.uint32) if isinstance(sig_a, bytes) else sig_a
    b = np.frombuffer(sig_b, dtype=np.uint32) if isinstance(sig_b, bytes) else sig_b
    return float(np.mean(a == b))


def band_keys(signature: np.ndarray, bands: int, rows: int) -> list[str]:
    """One key per band: the band's index and a hash of its rows."""
    keys = []
    for i in range(bands):
        digest = hashlib.blake2b(signature[i * rows:(i + 1) * rows].tobytes(), digest_size=8)
        keys.append(f"{i}:{digest.hexdigest()}")
    return keys


def passage_fingerprints(tokens: np.ndarray, size: int, sample: int) -> np.ndarray:
    """The sampled passage fingerprints (hashed word `size`-grams with hash % sample == 0)."""
    if len(tokens) < size:
        return np.zeros(0, dtype=np.uint64)
    grams = ngram_hashes(tokens, size, salt=8)
    return grams[grams % np.uint64(sample) == 0]


# --- per-article dedup facts ---------------------------------------------------------------

Rank = tuple[int, int, int, str]


def canonical_rank(article: Record) -> Rank:
    """Sort key of the canonical rule: earliest published (undated last), then earliest
    ingested, then smallest article_id. Plain ints and strings: a deterministic coder."""
    published = article.get("published_at")
    ingest = article.get("ingest_date")
    ingest_day = ingest.toordinal() if isinstance(ingest, dt.date) else 0
    if isinstance(published, dt.datetime):
        micros = int(published.timestamp() * 1_000_000)
        return (0, micros, ingest_day, article["article_id"])
    return (1, 0, ingest_day, article["article_id"])


def dedup_facts(article: Record, config: DedupConfig) -> Record:
    """What the dedup stage needs of an article: its rank, signature and fingerprints."""
    tokens = token_hashes(article["text"])
    shingles = ngram_hashes(tokens, config.shingle_size, salt=5)
    signature = minhash(shingles, config.num_perm)
    fingerprints = passage_fingerprints(tokens, config.passage_size, config.passage_sample)
    return {"id": article["article_id"], "rank": canonical_rank(article),
            "signature": signature.tobytes(), "has_text": len(tokens) > 0,
            "fingerprints": fingerprints.tobytes()}


def bucket_pairs(members: list, max_pairs: int) -> Iterator[tuple[Any, Any]]:
    """Pairs to examine in one bucket, members sorted: all pairs while the bucket is small,
    else each member with the bucket's first two (linear in the bucket's size)."""
    if len(members) <= max_pairs:
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                yield a, b
        return
    first, second = members[0], members[1]
    yield first, second
    for m in members[2:]:
        yield first, m
        yield second, m


def bucket_partners(earlier: Sequence[Any], cap: int) -> Sequence[Any]:
    """The members a newcomer to a bucket is linked to, when members arrive one by one (a
    stream): every earlier one while there are fewer than `cap`, else the first two. It is
    `bucket_pairs` applied as the bucket grows, with the same cap, so a bucket never needs
    to hold more than `cap` members."""
    return earlier if len(earlier) < cap else earlier[:2]


def candidate_pairs(bucket: Iterable[str], config: DedupConfig) -> Iterator[tuple[str, str]]:
    """Candidate copy pairs (id_a < id_b) of one LSH bucket."""
    return bucket_pairs(sorted(set(bucket)), config.max_bucket_pairs)


def story_pairs(bucket: Iterable[tuple[str, int]],
                config: DedupConfig) -> Iterator[tuple[tuple[tuple[str, int], tuple[str, int]], int]]:
    """((node_a, node_b), 1) for the pairs of one passage-fingerprint bucket;
    node = (article_id, number of fingerprints of the article)."""
    for a, b in bucket_pairs(sorted(set(bucket)), config.max_bucket_pairs):
        yield (a, b), 1


def containment(shared: int, n_a: int, n_b: int) -> float:
    """Shared fingerprints as a share of the smaller article's fingerprints."""
    return shared / max(1, min(n_a, n_b))


def is_story_link(shared: int, n_a: int, n_b: int, config: DedupConfig) -> bool:
    """The story rule: two articles of n_a and n_b fingerprints, `shared` of them in common,
    carry one story (batch and streaming both decide with this)."""
    return (shared >= config.story_min_shared
            and containment(shared, n_a, n_b) >= config.story_min_containment)


def story_containment(pair: tuple, shared: int) -> float:
    (_, n_a), (_, n_b) = pair
    return containment(shared, n_a, n_b)


def is_story_edge(pair: tuple, shared: int, config: DedupConfig) -> bool:
    (_, n_a), (_, n_b) = pair
    return is_story_link(shared, n_a, n_b, config)


# --- components ----------------------------------------------------------------------------


class UnionFind:
    """Disjoint sets over hashable ids, with path halving and union by size."""

    def __init__(self) -> None:
        self._parent: dict[str, str] = {}
        self._size: dict[str, int] = {}

    def find(self, x: str) -> str:
        parent = self._parent
        if x not in parent:
            parent[x] = x
            self._size[x] = 1
            return x
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if self._size[ra] < self._size[rb]:
            ra, rb = rb, ra
        self._parent[rb] = ra
        self._size[ra] += self._size[rb]

    def groups(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for x in self._parent:
            out.setdefault(self.find(x), []).append(x)
        return out


def components(edges: Iterable[tuple[str, str, str, float]]) -> Iterator[tuple[str, Record]]:
    """(article_id, {copy_group, story_group, story_overlap}) for every article with an edge.

    edges: (kind, id_a, id_b, weight) with kind "copy" or "story". Groups are named by their
    smallest member, so they do not depend on edge order; copy edges count as story edges
    (a copy is always in its canonical's story)."""
    copies, stories = UnionFind(), UnionFind()
    overlap: dict[str, float] = {}
    for kind, a, b, weight in edges:
        stories.union(a, b)
        if kind == "copy":
            copies.union(a, b)
        else:
            overlap[a] = max(overlap.get(a, 0.0), weight)
            overlap[b] = max(overlap.get(b, 0.0), weight)
    copy_group = {m: min(g) for g in copies.groups().values() for m in g}
    for group in stories.groups().values():
        name = min(group)
        for m in group:
            yield m, {"copy_group": copy_group.get(m), "story_group": name,
                      "story_overlap": overlap.get(m)}


def choose_canonical(members: Iterable[tuple[str, Rank, bytes]]) -> Iterator[tuple[str, Record]]:
    """(member, {duplicate_of, dup_similarity}) for one copy group: the canonical is the
    member of smallest rank (earliest published, then ingested, then smallest id)."""
    members = list(members)
    canonical = min(members, key=lambda m: m[1])
    for article_id, _, signature in members:
        if article_id == canonical[0]:
            yield article_id, {"duplicate_of": None, "dup_similarity": None}
        else:
            yield article_id, {"duplicate_of": canonical[0],
                               "dup_similarity": round(estimated_jaccard(signature, canonical[2]), 4)}


def choose_story(members: Iterable[tuple[str, Rank]]) -> Iterator[tuple[str, str]]:
    """(member, story_id) for one story group: the story is named by its earliest article."""
    members = list(members)
    story = min(members, key=lambda m: m[1])[0]
    for article_id, _ in members:
        yield article_id, story


def dedup_columns(article_id: str, parts: dict[str, list]) -> Record:
    """An article's dedup columns from its joined copy, story and overlap (default: its own
    canonical and story)."""
    copy = parts["copy"][0] if parts["copy"] else {"duplicate_of": None, "dup_similarity": None}
    story = parts["story"][0] if parts["story"] else article_id
    overlap = parts["overlap"][0] if parts["overlap"] else None
    return {**copy, "story_id": story, "story_overlap": overlap}

