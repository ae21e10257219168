"""The word vectors of the events model: training/build_word_vectors.py and the shipped table."""

import importlib.util
from pathlib import Path

import numpy as np

from transforms.events.model import VECTORS_PATH, vector_dimensions, word_vector, words

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("build_word_vectors", ROOT / "training" / "build_word_vectors.py")
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)


def _cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_words_used_alike_get_alike_vectors_and_the_build_is_deterministic():
    # "rebels" and "insurgents" share every context; "goal" and "match" share others.
    conflict = ["{} attacked the town at night", "the army fought the {} near the river",
                "{} seized the base after heavy fighting", "troops killed six {} in an ambush"]
    sport = ["the striker scored a {} in the final", "the {} ended in a draw after extra time",
             "fans cheered the late {} at the stadium", "the coach praised the {} on saturday"]
    texts = ([t.format(w) for t in conflict for w in ("rebels", "insurgents")] * 5
             + [t.format(w) for t in sport for w in ("goal", "match")] * 5)
    documents = [t.split() for t in texts]
    kept, table = build.word_table(documents, min_count=2, dimensions=8)
    again = build.word_table(documents, min_count=2, dimensions=8)
    assert kept == again[0] and np.array_equal(table, again[1])
    v = {w: table[i] for i, w in enumerate(kept)}
    assert _cosine(v["rebels"], v["insurgents"]) > 0.9
    assert _cosine(v["rebels"], v["insurgents"]) > _cosine(v["rebels"], v["goal"]) + 0.5
    assert _cosine(v["goal"], v["match"]) > _cosine(v["goal"], v["insurgents"]) + 0.5


def test_the_shipped_vectors_read_words_as_the_model_does_and_place_them_by_meaning():
    assert VECTORS_PATH.stat().st_size <= 5 * 1024 * 1024
    assert word_vector("zzzqqqx") is None
    assert len(word_vector("gunmen")) == vector_dimensions()
    # The model's own tokens: digits folded, names as one placeholder.
    assert all(word_vector(w) is not None for w in words("Gunmen killed 12 soldiers in Mosul on Sunday"))

    def near(a: str, b: str) -> float:
        return _cosine(word_vector(a), word_vector(b))

    for word, close, far in (("gunmen", "assailants", "football"), ("protesters", "demonstrators", "shares"),
                             ("ceasefire", "truce", "album"), ("abducted", "kidnapped", "elected")):
        assert near(word, close) > near(word, far) + 0.3, (word, close, far)
