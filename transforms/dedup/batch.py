"""Dedup, batch: every article of the run at once (the rules are in transforms/dedup/rules.py).

Only ids, fingerprints and (once per article) signatures are shuffled, band keys and
fingerprints packed per shard; article texts are shuffled once, compressed, for the final
join. Components are found by union-find over all edges in one
worker (see rules.py for the bound). Counters: `dedup_copy_edges`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Iterator
from typing import Any

import apache_beam as beam
import numpy as np

from transforms.base import Record, pack_record, unpack_record
from transforms.dedup import rules
from transforms.dedup.rules import DedupConfig

Node = tuple[str, int]  # (article_id, number of the article's passage fingerprints)


class _FactsFn(beam.DoFn):
    """Article → its facts; tagged "article": (id, the article packed), with its facts when
    `keep_facts` (then under rules.FACTS_FIELD, for LinkToEarlierDays to reuse)."""

    def __init__(self, config: DedupConfig, keep_facts: bool) -> None:
        self._config = config
        self._keep_facts = keep_facts

    def process(self, article):
        facts = rules.dedup_facts(article, self._config)
        yield facts
        kept = {**article, rules.FACTS_FIELD: facts} if self._keep_facts else article
        yield beam.pvalue.TaggedOutput("article", (article["article_id"], pack_record(kept)))


def _band_shards(facts: Record, config: DedupConfig) -> Iterator[tuple[int, tuple[str, list[str]]]]:
    """An article's LSH band keys, one element per shard: (shard, (id, its keys there))."""
    if not facts["has_text"]:
        return
    signature = np.frombuffer(facts["signature"], dtype=np.uint32)
    by_shard: dict[int, list[str]] = defaultdict(list)
    for key in rules.band_keys(signature, config.bands, config.rows):
        by_shard[int(key[-8:], 16) % config.bucket_shards].append(key)
    for shard, keys in sorted(by_shard.items()):
        yield shard, (facts["id"], keys)


def _buckets(members: Iterable[tuple[Any, Iterable[Hashable]]]) -> dict[Hashable, list]:
    """One shard's buckets: each key with the members that have it, in arrival order."""
    buckets: dict[Hashable, list] = defaultdict(list)
    for member, keys in members:
        for key in keys:
            buckets[key].append(member)
    return buckets


def _shard_candidate_pairs(members: Iterable[tuple[str, list[str]]],
                           config: DedupConfig) -> Iterator[tuple[str, str]]:
    """The candidate copy pairs of one shard's band buckets, each once."""
    pairs: set[tuple[str, str]] = set()
    for ids in _buckets(members).values():
        if len(ids) > 1:
            pairs.update(rules.candidate_pairs(ids, config))
    yield from pairs


def _fingerprint_shards(facts: Record, shards: int) -> Iterator[tuple[int, tuple[Node, bytes]]]:
    """An article's passage fingerprints, one element per shard: (shard, (node, packed))."""
    fingerprints = np.frombuffer(facts["fingerprints"], dtype=np.uint64)
    node = (facts["id"], len(fingerprints))
    shard_of = fingerprints % np.uint64(shards)
    for shard in np.unique(shard_of).tolist():
        yield shard, (node, fingerprints[shard_of == shard].tobytes())


def _shard_shared_counts(members: Iterable[tuple[Node, bytes]],
                         config: DedupConfig) -> Iterator[tuple[tuple[Node, Node], int]]:
    """(pair of nodes, fingerprints they share) within one shard's fingerprint buckets."""
    buckets = _buckets((node, np.frombuffer(packed, dtype=np.uint64).tolist())
                       for node, packed in members)
    shared: Counter = Counter()
    for nodes in buckets.values():
        if len(nodes) > 1:
            for pair, one in rules.story_pairs(nodes, config):
                shared[pair] += one
    yield from shared.items()


def _send_signature_to_partner(joined: tuple[str, dict[str, list]]):
    """Pairs keyed by their first id, joined with its signature → keyed by the second id."""
    a, parts = joined
    for signature in parts["signature"]:
        for b in parts["pairs"]:
            yield b, (a, signature)


def _verify_copies(joined: tuple[str, dict[str, list]], threshold: float):
    b, parts = joined
    for signature_b in parts["signature"]:
        for a, signature_a in parts["partners"]:
            similarity = rules.estimated_jaccard(signature_a, signature_b)
            if similarity >= threshold:
                beam.metrics.Metrics.counter("newsbeam", "dedup_copy_edges").inc()
                yield "copy", a, b, similarity


def _by_group(joined: tuple[str, dict[str, list]]):
    """An article's groups joined with its rank and signature → keyed by each group."""
    article_id, parts = joined
    for facts in parts["facts"]:
        for groups in parts["groups"]:
            if groups["copy_group"] is not None:
                yield beam.pvalue.TaggedOutput(
                    "copy", (groups["copy_group"], (article_id, facts[0], facts[1])))
            yield beam.pvalue.TaggedOutput("story", (groups["story_group"], (article_id, facts[0])))
            if groups["story_overlap"] is not None:
                yield beam.pvalue.TaggedOutput("overlap", (article_id, groups["story_overlap"]))


def _apply_dedup(joined: tuple[str, dict[str, list]]) -> Iterator[Record]:
    article_id, parts = joined
    articles = [unpack_record(packed) for packed in parts["article"]]
    return rules.apply_dedup((article_id, {**parts, "article": articles}))


class MarkDuplicates(beam.PTransform):
    """Articles → articles with duplicate_of, dup_similarity, story_id, story_overlap.

    Only ids, fingerprints and (once per article) signatures are shuffled; article texts
    are shuffled once, for the final join. keep_facts: each article keeps its dedup facts
    under rules.FACTS_FIELD, so that LinkToEarlierDays, which removes them, need not
    compute them again (~2 ms per article)."""

    def __init__(self, config: DedupConfig | None = None, keep_facts: bool = False) -> None:
        super().__init__()
        self._config = config or DedupConfig()
        self._keep_facts = keep_facts

    def expand(self, articles):
        config = self._config
        facts, keyed = (articles
                        | "Facts" >> beam.ParDo(_FactsFn(config, self._keep_facts))
                        .with_outputs("article", main="facts"))
        signatures = facts | "Signature" >> beam.Map(lambda f: (f["id"], f["signature"]))

        # Copies: LSH band buckets → candidate pairs → verified on both signatures.
        pairs = (
            facts
            | "BandKeys" >> beam.FlatMap(_band_shards, config)
            | "GroupBands" >> beam.GroupByKey()
            | "CandidatePairs" >> beam.FlatMapTuple(
                lambda _, members: _shard_candidate_pairs(members, config))
            | "OncePerPair" >> beam.Distinct())
        partners = (
            {"pairs": pairs, "signature": signatures}
            | "JoinFirstSignature" >> beam.CoGroupByKey()
            | "ToSecond" >> beam.FlatMap(_send_signature_to_partner))
        copy_edges = (
            {"partners": partners, "signature": signatures}
            | "JoinSecondSignature" >> beam.CoGroupByKey()
            | "Verify" >> beam.FlatMap(_verify_copies, config.copy_threshold))

        # Stories: fingerprint buckets → shared counts per pair → thresholded edges.
        story_edges = (
            facts
            | "Fingerprints" >> beam.FlatMap(_fingerprint_shards, config.bucket_shards)
            | "GroupFingerprints" >> beam.GroupByKey()
            | "PairsSharing" >> beam.FlatMapTuple(
                lambda _, members: _shard_shared_counts(members, config))
            | "CountShared" >> beam.CombinePerKey(sum)
            | "KeepStoryPairs" >> beam.Filter(lambda kv: rules.is_story_edge(kv[0], kv[1], config))
            | "StoryEdge" >> beam.MapTuple(
                lambda pair, shared: ("story", pair[0][0], pair[1][0],
                                      round(rules.story_containment(pair, shared), 4))))

        # Connected components in one worker (see the module docstring for the bound).
        groups = (
            (copy_edges, story_edges)
            | "AllEdges" >> beam.Flatten()
            | "OneGraph" >> beam.Map(lambda edge: (None, edge))
            | "GatherGraph" >> beam.GroupByKey()
            | "Components" >> beam.FlatMapTuple(lambda _, edges: rules.components(edges)))

        # Canonical and story name per group, by rank.
        ranked = facts | "Rank" >> beam.Map(lambda f: (f["id"], (f["rank"], f["signature"])))
        by_group = (
            {"groups": groups, "facts": ranked}
            | "JoinRanks" >> beam.CoGroupByKey()
            | "ByGroup" >> beam.FlatMap(_by_group).with_outputs("copy", "story", "overlap"))
        copies = (
            by_group.copy
            | "GroupCopies" >> beam.GroupByKey()
            | "Canonical" >> beam.FlatMapTuple(lambda _, members: rules.choose_canonical(members)))
        stories = (
            by_group.story
            | "GroupStories" >> beam.GroupByKey()
            | "StoryId" >> beam.FlatMapTuple(lambda _, members: rules.choose_story(members)))

        # Articles (keyed, packed by _FactsFn: see transforms/base.pack_record) wait for
        # their columns.
        return ({"article": keyed, "copy": copies, "story": stories, "overlap": by_group.overlap}
                | "JoinDedup" >> beam.CoGroupByKey()
                | "ApplyDedup" >> beam.FlatMap(_apply_dedup))
