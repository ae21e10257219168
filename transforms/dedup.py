"""Dedup stage (placeholder until near-duplicate detection lands).

Every article is its own canonical (`duplicate_of` null) and its own story
(`story_id` = article_id). Input and output: article records.
"""

from __future__ import annotations

import apache_beam as beam

from transforms.base import Record


def mark_unique(article: Record) -> Record:
    return {**article, "duplicate_of": None, "story_id": article["article_id"]}


class MarkDuplicates(beam.PTransform):
    """Articles → articles with `duplicate_of` and `story_id`."""

    def expand(self, articles):
        return articles | "MarkUnique" >> beam.Map(mark_unique)
