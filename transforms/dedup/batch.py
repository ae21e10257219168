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
    """Article → its facts; tagged "article": (id, the article packed)."""

    def __init__(self, config: DedupConfig) -> None:
        self._config = config

    def process(self, article):
        yield rules.dedup_facts(article, self._config)
        yield beam.pvalue.TaggedOutput("article", (article["article_id"], pack_record(article)))


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
    """(pair of nodes, fingerprints they share) within one shard's fingerprint buckets.

    Most fingerprints belong to one article and make no pair. The shard's fingerprints are
    sorted once (numpy) and only runs held by two or more members are looked at: a dict of
    every fingerprint as a Python int took ~10x the memory, the peak of dedup at 100k."""
    nodes: list[Node] = []
    arrays: list[np.ndarray] = []
    for node, packed in members:
        nodes.append(node)
        arrays.append(np.frombuffer(packed, dtype=np.uint64))
    if not nodes:
        return
    fingerprints = np.concatenate(arrays)
    owners = np.repeat(np.arange(len(nodes)), [len(a) for a in arrays])
    order = np.argsort(fingerprints, kind="stable")
    fingerprints, owners = fingerprints[order], owners[order]
    starts = np.flatnonzero(np.r_[True, fingerprints[1:] != fingerprints[:-1]])
    ends = np.r_[starts[1:], len(fingerprints)]
    shared_runs = ends - starts > 1
    shared: Counter = Counter()
    for start, end in zip(starts[shared_runs].tolist(), ends[shared_runs].tolist(), strict=True):
        for pair, one in rules.story_pairs([nodes[i] for i in owners[start:end].tolist()], config):
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


def _columns(joined: tuple[str, dict[str, list]]):
    """An article's facts (None when not kept) joined with its copy, story and overlap →
    (id, (its dedup columns, its facts))."""
    article_id, parts = joined
    facts = parts["facts"][0] if parts["facts"] else None
    return article_id, (rules.dedup_columns(article_id, parts), facts)


def _final_row(packed: bytes, columns: Record, link: Record | None) -> Record:
    """An article (packed) with its in-run columns, changed where earlier days linked it."""
    return {**unpack_record(packed), **columns, **(link or {})}


def _apply_side_columns(keyed: tuple[str, bytes], columns: dict, links: dict | None = None
                        ) -> Record:
    """The final row of an article whose columns and links are side inputs (MarkDuplicates'
    in-memory join)."""
    article_id, packed = keyed
    return _final_row(packed, columns[article_id], (links or {}).get(article_id))


def _apply_dedup(joined: tuple[str, dict[str, list]]) -> Iterator[Record]:
    """An article (packed) joined with its columns and, when linked to earlier days, the
    columns that changed → the article with its final columns."""
    _, parts = joined
    link = parts["link"][0] if parts.get("link") else None
    for packed in parts["article"]:
        yield _final_row(packed, parts["columns"][0], link)


class MarkDuplicates(beam.PTransform):
    """Articles → articles with duplicate_of, dup_similarity, story_id, story_overlap.

    Only ids, fingerprints and (once per article) signatures are shuffled to find copies
    and stories. days: a LinkToEarlierDays (transforms/dedup/days.py), which links the
    run's articles to earlier days from their facts and in-run columns. Article texts are
    shuffled once, for the final join with their columns (and the changes days made).

    in_memory_join: instead of that shuffle, every article's columns (~0.5 KB each) reach
    the articles as a side input. For a runner whose workers can hold the run's columns (the
    local engine, where the shuffle copied every packed article twice: the peak of dedup at
    100k); the shuffle is what scales to millions of articles on Flink or Dataflow. The
    rows are the same either way."""

    def __init__(self, config: DedupConfig | None = None, days: beam.PTransform | None = None,
                 in_memory_join: bool = False) -> None:
        super().__init__()
        self._config = config or DedupConfig()
        self._days = days
        self._in_memory_join = in_memory_join

    def expand(self, articles):
        config = self._config
        facts, keyed = (articles
                        | "Facts" >> beam.ParDo(_FactsFn(config))
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

        # Each article's columns; with its facts when later days are linked from them.
        keep_facts = self._days is not None
        columns = (
            {"facts": facts | "FactsById" >> beam.Map(
                lambda f: (f["id"], f if keep_facts else None)),
             "copy": copies, "story": stories, "overlap": by_group.overlap}
            | "JoinColumns" >> beam.CoGroupByKey()
            | "Columns" >> beam.Map(_columns))
        parts = {"article": keyed,
                 "columns": columns | "ColumnsOnly" >> beam.MapTuple(lambda i, cf: (i, cf[0]))}
        if self._days is not None:
            parts["link"] = (columns
                             | "DayFacts" >> beam.MapTuple(lambda _, cf: {**cf[1], **cf[0]})
                             | "DedupDays" >> self._days)
        # Articles (keyed, packed by _FactsFn: see transforms/base.pack_record) wait for
        # their columns.
        if self._in_memory_join:
            side = {"columns": beam.pvalue.AsDict(parts["columns"])}
            if "link" in parts:
                side["links"] = beam.pvalue.AsDict(parts["link"])
            return keyed | "ApplyDedup" >> beam.Map(_apply_side_columns, **side)
        return (parts
                | "JoinDedup" >> beam.CoGroupByKey()
                | "ApplyDedup" >> beam.FlatMap(_apply_dedup))
