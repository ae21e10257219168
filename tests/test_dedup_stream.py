"""Dedup over time: the streaming memory links copies and stories to earlier windows."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from transforms.dedup.rules import DedupConfig, dedup_facts
from transforms.dedup.stream import DedupIndex, MemoryConfig, chunk_time

HOUR = 3600.0
CONFIG = DedupConfig()


def _article(article_id: str, text: str, hours: float = 0) -> dict:
    published = dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(hours=hours)
    return {"article_id": article_id, "text": text, "published_at": published,
            "ingest_date": published.date()}


def _facts(article_id: str, text: str, hours: float = 0) -> dict:
    return dedup_facts(_article(article_id, text, hours), CONFIG)


def _reworded(text: str, seed: int, share: float = 0.02) -> str:
    """The text with a share of its words replaced (a lightly edited wire copy)."""
    rng = random.Random(seed)
    words = text.split()
    for i in rng.sample(range(len(words)), int(len(words) * share)):
        words[i] = f"w{rng.randrange(10**6)}"
    return " ".join(words)


@pytest.fixture()
def index() -> DedupIndex:
    return DedupIndex(CONFIG, MemoryConfig(horizon_seconds=7 * 24 * HOUR))


def test_copy_arriving_hours_later_is_marked_duplicate_of_the_first(index, real_bodies):
    first = index.add_window([_facts("a", real_bodies[0])], time=0)
    later = index.add_window([_facts("b", _reworded(real_bodies[0], 1), hours=5)], time=5 * HOUR)
    assert first["a"]["duplicate_of"] is None
    assert later["b"]["duplicate_of"] == "a"
    assert later["b"]["dup_similarity"] >= CONFIG.copy_threshold
    assert later["b"]["story_id"] == "a"


def test_unrelated_articles_stay_apart(index, real_bodies):
    cols = index.add_window([_facts(str(i), body) for i, body in enumerate(real_bodies[:8])], 0)
    assert all(c["duplicate_of"] is None for c in cols.values())
    assert all(c["story_id"] == i for i, c in cols.items())


def test_copy_of_a_copy_links_to_the_canonical(index, real_bodies):
    index.add_window([_facts("a", real_bodies[1])], 0)
    index.add_window([_facts("b", _reworded(real_bodies[1], 2))], HOUR)
    cols = index.add_window([_facts("c", _reworded(real_bodies[1], 3))], 2 * HOUR)
    assert cols["c"]["duplicate_of"] == "a"


def test_shared_story_links_to_the_earlier_article(index, real_bodies):
    body = real_bodies[2]
    paragraphs = body.split("\n")
    quoted = "\n".join(paragraphs[: max(2, len(paragraphs) // 3)])
    rewrite = real_bodies[3] + "\n" + quoted   # another write-up quoting a third of the story
    index.add_window([_facts("wire", body)], 0)
    cols = index.add_window([_facts("paper", rewrite)], 3 * HOUR)
    assert cols["paper"]["duplicate_of"] is None
    assert cols["paper"]["story_id"] == "wire"
    assert cols["paper"]["story_overlap"] >= CONFIG.story_min_containment


def test_within_a_window_the_earliest_published_is_canonical(index, real_bodies):
    early = _facts("z-early", real_bodies[4], hours=0)
    late = _facts("a-late", _reworded(real_bodies[4], 4), hours=2)
    cols = index.add_window([late, early], 0)       # arrival order does not matter
    assert cols["a-late"]["duplicate_of"] == "z-early"
    assert cols["z-early"]["duplicate_of"] is None


def test_copies_beyond_the_horizon_are_forgotten(real_bodies):
    index = DedupIndex(CONFIG, MemoryConfig(horizon_seconds=24 * HOUR))
    index.add_window([_facts("a", real_bodies[5])], 0)
    cols = index.add_window([_facts("b", _reworded(real_bodies[5], 5))], 25 * HOUR)
    assert cols["b"]["duplicate_of"] is None
    assert "a" not in index and len(index) == 1


def test_memory_is_capped_oldest_first(real_bodies):
    index = DedupIndex(CONFIG, MemoryConfig(max_articles=3))
    for i, body in enumerate(real_bodies[:5]):
        index.add_window([_facts(str(i), body)], i)
    assert len(index) == 3
    assert "0" not in index and "1" not in index and "4" in index


def test_an_article_seen_again_keeps_its_columns(index, real_bodies):
    index.add_window([_facts("a", real_bodies[6])], 0)
    index.add_window([_facts("b", _reworded(real_bodies[6], 6))], HOUR)
    again = index.add_window([_facts("b", _reworded(real_bodies[6], 6)),
                              _facts("a", real_bodies[6])], 2 * HOUR)
    assert again["a"]["duplicate_of"] is None       # never a duplicate of itself
    assert again["b"]["duplicate_of"] == "a"


def test_saved_chunks_restore_the_same_memory(index, real_bodies):
    first = index.add_window([_facts("a", real_bodies[7]), _facts("x", real_bodies[8])], 0)
    chunk = index.chunk(first)
    assert chunk_time(chunk) == 0
    restored = DedupIndex(CONFIG, MemoryConfig())
    restored.restore(chunk)
    copy = _facts("b", _reworded(real_bodies[7], 7))
    assert restored.add_window([copy], HOUR) == index.add_window([copy], HOUR)


def test_memory_config_validates():
    with pytest.raises(ValueError):
        MemoryConfig(horizon_seconds=0)
    with pytest.raises(ValueError):
        MemoryConfig(max_articles=0)
