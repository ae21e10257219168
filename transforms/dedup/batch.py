"""Dedup, batch: every article of the run at once (the rules are in transforms/dedup/rules.py).

Only ids, fingerprints and (once per article) signatures are shuffled; article texts are
shuffled once, for the final join. Components are found by union-find over all edges in one
worker (see rules.py for the bound). Counters: `dedup_copy_edges`.
"""

from __future__ import annotations

from collections.abc import Iterator

import apache_beam as beam
import numpy as np

from transforms.base import Record
from transforms.dedup import rules
from transforms.dedup.rules import DedupConfig


class _FactsFn(beam.DoFn):
    def __init__(self, config: DedupConfig) -> None:
        self._config = config

    def process(self, article):
        yield rules.dedup_facts(article, self._config)


def _band_entries(facts: Record, config: DedupConfig) -> Iterator[tuple[str, str]]:
    if facts["has_text"]:
        signature = np.frombuffer(facts["signature"], dtype=np.uint32)
        for key in rules.band_keys(signature, config.bands, config.rows):
            yield key, facts["id"]


def _fingerprint_entries(facts: Record) -> Iterator[tuple[int, tuple[str, int]]]:
    fingerprints = np.frombuffer(facts["fingerprints"], dtype=np.uint64)
    node = (facts["id"], len(fingerprints))
    for fp in fingerprints.tolist():
        yield fp, node


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


class MarkDuplicates(beam.PTransform):
    """Articles → articles with duplicate_of, dup_similarity, story_id, story_overlap.

    Only ids, fingerprints and (once per article) signatures are shuffled; article texts
    are shuffled once, for the final join."""

    def __init__(self, config: DedupConfig | None = None) -> None:
        super().__init__()
        self._config = config or DedupConfig()

    def expand(self, articles):
        config = self._config
        facts = articles | "Facts" >> beam.ParDo(_FactsFn(config))
        signatures = facts | "Signature" >> beam.Map(lambda f: (f["id"], f["signature"]))

        # Copies: LSH band buckets → candidate pairs → verified on both signatures.
        pairs = (
            facts
            | "BandKeys" >> beam.FlatMap(_band_entries, config)
            | "GroupBands" >> beam.GroupByKey()
            | "CandidatePairs" >> beam.FlatMapTuple(lambda _, ids: rules.candidate_pairs(ids, config))
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
            | "Fingerprints" >> beam.FlatMap(_fingerprint_entries)
            | "GroupFingerprints" >> beam.GroupByKey()
            | "PairsSharing" >> beam.FlatMapTuple(lambda _, nodes: rules.story_pairs(nodes, config))
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

        keyed = articles | "KeyById" >> beam.Map(lambda a: (a["article_id"], a))
        return ({"article": keyed, "copy": copies, "story": stories, "overlap": by_group.overlap}
                | "JoinDedup" >> beam.CoGroupByKey()
                | "ApplyDedup" >> beam.FlatMap(rules.apply_dedup))
