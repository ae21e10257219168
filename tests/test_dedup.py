"""Copies, stories, the canonical rule, determinism and a large cluster."""

from __future__ import annotations

import datetime as dt
import json
import random
import tempfile

import apache_beam as beam
import numpy as np
import pytest
from apache_beam.testing.util import assert_that, equal_to

from transforms.dedup.batch import MarkDuplicates
from transforms.dedup.rules import (
    DedupConfig,
    UnionFind,
    bucket_pairs,
    canonical_rank,
    choose_canonical,
    choose_story,
    components,
    estimated_jaccard,
    minhash,
    ngram_hashes,
    token_hashes,
)

UTC = dt.UTC


def _article(i: str, text: str, published: dt.datetime | None = None,
             ingest: dt.date = dt.date(2026, 1, 1)) -> dict:
    return {"article_id": i, "text": text, "published_at": published, "ingest_date": ingest}


def _copy_of(body: str, rng: random.Random) -> str:
    """A syndicated copy: dateline, curly quotes, last paragraph dropped, one typo."""
    paragraphs = [p for p in body.split("\n") if p.strip()]
    if len(paragraphs) > 6:
        paragraphs = paragraphs[:-1]
    text = "WASHINGTON (AP) - " + "\n\n".join(paragraphs)
    text = text.replace('"', "\u201c")
    words = text.split(" ")
    k = rng.randrange(10, len(words) - 10)
    if len(words[k]) > 3:
        w = words[k]
        words[k] = w[1] + w[0] + w[2:]
    return " ".join(words)


DEDUP_COLUMNS = ("article_id", "duplicate_of", "dup_similarity", "story_id", "story_overlap")


def _run(articles: list[dict], config: DedupConfig | None = None,
         in_memory_join: bool = False) -> dict[str, dict]:
    """Run MarkDuplicates on the DirectRunner's engine; the dedup columns per article id."""
    with tempfile.TemporaryDirectory() as tmp:
        with beam.Pipeline("FnApiRunner") as p:
            out = p | beam.Create(articles) | MarkDuplicates(config or DedupConfig(),
                                                             in_memory_join=in_memory_join)
            _ = (out
                 | beam.Map(lambda r: json.dumps({k: r[k] for k in DEDUP_COLUMNS}))
                 | beam.io.WriteToText(f"{tmp}/rows", shard_name_template=""))
            assert_that(out | "Count" >> beam.combiners.Count.Globally(),
                        equal_to([len(articles)]))
        with open(f"{tmp}/rows") as handle:
            rows = [json.loads(line) for line in handle]
    return {r["article_id"]: r for r in rows}


def test_tokens_ignore_case_punctuation_and_quote_style():
    a = token_hashes('He said: "The army is determined," officials noted.')
    b = token_hashes("he said \u201cthe army is determined\u201d officials   noted")
    assert np.array_equal(a, b)


def test_minhash_estimates_jaccard():
    rng = np.random.default_rng(1)
    universe = rng.integers(0, 2**63, size=3000, dtype=np.uint64)
    a, b = universe[:2000], universe[1000:3000]  # true Jaccard 1000/3000
    estimate = estimated_jaccard(minhash(np.unique(a), 256), minhash(np.unique(b), 256))
    assert abs(estimate - 1 / 3) < 0.08
    assert estimated_jaccard(minhash(a, 128), minhash(a, 128)) == 1.0


def test_short_text_still_gets_one_shingle():
    assert len(ngram_hashes(token_hashes("only three words"), 5, salt=5)) == 1


def test_bucket_pairs_are_linear_for_large_buckets():
    assert len(list(bucket_pairs(list(range(5)), 16))) == 10
    assert len(list(bucket_pairs(list(range(10_000)), 16))) == 1 + 2 * 9_998


def test_union_find_joins_chains():
    uf = UnionFind()
    for a, b in [("a", "b"), ("c", "d"), ("b", "c"), ("x", "y")]:
        uf.union(a, b)
    groups = sorted(sorted(g) for g in uf.groups().values())
    assert groups == [["a", "b", "c", "d"], ["x", "y"]]


def test_canonical_rule_earliest_published_then_ingested_then_id():
    early = _article("z", "t", dt.datetime(2013, 2, 6, tzinfo=UTC))
    later = _article("a", "t", dt.datetime(2013, 2, 7, tzinfo=UTC))
    undated_old = _article("b", "t", None, dt.date(2020, 1, 1))
    undated_new = _article("a2", "t", None, dt.date(2021, 1, 1))
    order = sorted([undated_new, later, undated_old, early], key=canonical_rank)
    assert [a["article_id"] for a in order] == ["z", "a", "b", "a2"]


def test_components_join_copies_of_copies_and_put_copies_in_their_story():
    edges = [("copy", "b", "c", 0.9), ("copy", "a", "b", 0.9), ("story", "c", "d", 0.3)]
    groups = dict(components(edges))
    assert {g["copy_group"] for k, g in groups.items() if k in "abc"} == {"a"}
    assert groups["d"]["copy_group"] is None and groups["d"]["story_overlap"] == 0.3
    assert {g["story_group"] for g in groups.values()} == {"a"}
    assert "e" not in groups


def test_canonical_and_story_follow_the_rank():
    sig = minhash(np.arange(1, 50, dtype=np.uint64), 128).tobytes()
    day = dt.datetime(2013, 2, 7, tzinfo=UTC)
    ranks = {"a": canonical_rank(_article("a", "", None)),
             "b": canonical_rank(_article("b", "", day)),
             "c": canonical_rank(_article("c", "", day - dt.timedelta(hours=1)))}
    chosen = dict(choose_canonical((k, r, sig) for k, r in ranks.items()))
    assert chosen["c"]["duplicate_of"] is None
    assert chosen["a"] == {"duplicate_of": "c", "dup_similarity": 1.0}
    assert dict(choose_story(ranks.items())) == {"a": "c", "b": "c", "c": "c"}


@pytest.fixture(scope="module")
def syndicated(real_bodies):
    """Story 0 with 3 copies and a partial edition; story 1 alone; story 2 with 1 copy."""
    rng = random.Random(7)
    b0, b1, b2, filler = real_bodies[0], real_bodies[1], real_bodies[2], real_bodies[3]
    p0 = [p for p in b0.split("\n") if p.strip()]
    partial = "\n".join(p0[: max(2, len(p0) // 2)] + [p for p in filler.split("\n") if p.strip()])
    day = dt.datetime(2024, 5, 1, 12, tzinfo=UTC)
    articles = [
        _article("orig0", b0, day),
        _article("copy0a", _copy_of(b0, rng), day + dt.timedelta(hours=2)),
        _article("copy0b", _copy_of(b0, rng), None),
        _article("copy0c", _copy_of(_copy_of(b0, rng), rng), day + dt.timedelta(hours=5)),
        _article("partial0", partial, day + dt.timedelta(days=1)),
        _article("lone1", b1, day),
        _article("orig2", b2, None, dt.date(2026, 1, 1)),
        _article("copy2", _copy_of(b2, rng), None, dt.date(2026, 1, 2)),
    ]
    return articles


def test_copies_point_at_the_canonical(syndicated):
    out = _run(syndicated)
    assert {k for k, r in out.items() if r["duplicate_of"] == "orig0"} == {"copy0a", "copy0b", "copy0c"}
    assert out["copy2"]["duplicate_of"] == "orig2"  # same publication (none): earlier ingest
    for k in ("orig0", "partial0", "lone1", "orig2"):
        assert out[k]["duplicate_of"] is None, k
    assert all(0.6 <= out[k]["dup_similarity"] <= 1 for k in ("copy0a", "copy0b", "copy0c"))


def test_partial_edition_shares_the_story_not_the_copy(syndicated):
    out = _run(syndicated)
    story = out["orig0"]["story_id"]
    assert story == "orig0"
    assert {k for k, r in out.items() if r["story_id"] == story} == {
        "orig0", "copy0a", "copy0b", "copy0c", "partial0"}
    assert out["lone1"]["story_id"] == "lone1"
    assert out["copy2"]["story_id"] == out["orig2"]["story_id"] == "orig2"


def test_dedup_is_deterministic_across_runs_and_input_order(syndicated):
    first = _run(syndicated)
    second = _run(list(reversed(syndicated)))
    assert first == second


def test_the_bucket_shards_change_the_work_not_the_rows(syndicated, real_bodies):
    # Copies and stories among real bodies: one shard (every bucket in one element group)
    # and many shards (buckets split across groups) must decide exactly the same.
    rng = random.Random(11)
    extra = [_article(f"r{i}", body, None) for i, body in enumerate(real_bodies[8:40])]
    extra += [_article(f"r{i}copy", _copy_of(real_bodies[8 + i], rng), None) for i in range(0, 32, 3)]
    articles = syndicated + extra
    one = _run(articles, DedupConfig(bucket_shards=1))
    many = _run(articles, DedupConfig(bucket_shards=7))
    assert one == many
    assert sum(r["duplicate_of"] is not None for r in one.values()) >= 4 + 11


def test_the_in_memory_join_gives_the_shuffle_joins_rows(syndicated, real_bodies):
    rng = random.Random(13)
    articles = syndicated + [_article(f"r{i}copy", _copy_of(real_bodies[i], rng)) for i in range(6)]
    articles += [_article(f"r{i}", body) for i, body in enumerate(real_bodies[:12])]
    shuffled = _run(articles)
    assert _run(articles, in_memory_join=True) == shuffled
    assert sum(r["duplicate_of"] is not None for r in shuffled.values()) >= 6


def test_a_large_cluster_stays_linear(real_bodies):
    rng = random.Random(3)
    base = real_bodies[5]
    n = 3000
    articles = [_article(f"c{i:05d}", _copy_of(base, rng), None) for i in range(n)]
    articles.append(_article("other", real_bodies[6], None))
    out = _run(articles)
    canonicals = {r["duplicate_of"] for k, r in out.items() if k != "other"} - {None}
    assert canonicals == {"c00000"}
    assert sum(r["duplicate_of"] is None for r in out.values()) == 2
    assert out["other"]["story_id"] == "other"


@pytest.mark.parametrize("count", [1, 700, 4096, 10_001])
def test_minhash_is_the_minimum_of_each_permutation_over_all_shingles(count):
    """The chunked, in-place minhash equals its definition: per permutation, the smallest
    top-32-bits of a·h + b (mod 2^64) over every shingle, across chunk boundaries."""
    from transforms.dedup.rules import _permutations, minhash

    shingles = np.random.default_rng(count).integers(0, 2**63, size=count, dtype=np.uint64)
    a, b = _permutations(128)
    with np.errstate(over="ignore"):
        expected = ((a * shingles[None, :] + b) >> np.uint64(32)).min(axis=1).astype(np.uint32)
    assert np.array_equal(minhash(shingles, 128), expected)


def test_shared_fingerprint_counts_are_the_buckets_pairs(syndicated, real_bodies):
    # The shard's pairs and counts, found by sorting, against their definition: every
    # fingerprint's bucket of articles, each bucket's pairs counted once per fingerprint.
    from collections import Counter, defaultdict

    from transforms.dedup.batch import _fingerprint_shards, _shard_shared_counts
    from transforms.dedup.rules import dedup_facts, story_pairs

    config = DedupConfig(max_bucket_pairs=3)  # small, so that large buckets are linear too
    rng = random.Random(5)
    articles = syndicated + [_article(f"r{i}", body) for i, body in enumerate(real_bodies[:30])]
    articles += [_article(f"c{i}", _copy_of(real_bodies[i % 4], rng)) for i in range(12)]
    articles.append(articles[-1])  # the same article twice: one node, no pair with itself
    shards: dict[int, list] = defaultdict(list)
    for article in articles:
        for shard, member in _fingerprint_shards(dedup_facts(article, config), 3):
            shards[shard].append(member)
    for members in shards.values():
        buckets: dict[int, list] = defaultdict(list)
        for node, packed in members:
            for fingerprint in np.frombuffer(packed, dtype=np.uint64).tolist():
                buckets[fingerprint].append(node)
        expected: Counter = Counter()
        for nodes in buckets.values():
            for pair, one in story_pairs(nodes, config):
                expected[pair] += one
        found = dict(_shard_shared_counts(members, config))
        assert found == dict(expected)
        assert len(found) > 10 and max(found.values()) > 1
