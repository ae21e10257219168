"""The learned sentence model of the events stage: is this an ACLED event, and of which
sub-event type.

Pure module: `predict(sentences)` → per sentence, the 25 ACLED sub-event types from most to
least likely and the probability that it reports an event at all (not NONE). Two models on
the same hashed features (see `SentenceModel`): a logistic regression for relevance and, for
the type, a linear SVM or a network with one hidden layer. Features: lower-cased words and
word pairs, and character 3–5-grams of each word (so "shelled", "shelling", "re-shelled"
share evidence). Digits are folded to 0 ("64 killed" and "12 killed" are one feature); style
words and proper names are folded out (see `words`).
Hashing is CRC-32, so features, and therefore predictions, are the same in every process
and on every runner. Relevance also reads each word's vector (`word_vector`: words used alike
in unlabelled news have alike vectors, so what relevance learned for "gunmen" carries to
"assailants"), added over the same root as the features; in the weights its rows follow the
hashed ones, and a word's vector enters the word table with its features, so inference costs
the same.

The weights ship as package data (transforms/data/event_model.npz: the relevance column in
float16, a network's hidden units in int8 with one scale each), built by
training/train_events.py from the real labelled text listed in training/PROVENANCE.md. The
shipped type model is two networks of different seeds averaged, stored as one (see
train_events._with_hidden_layer). They load once per process, on first use, into float16
(sums are taken in float32).
"""

from __future__ import annotations

import re
import threading
import zlib
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

import numpy as np

from transforms.events.gazetteer import common_words

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "event_model.npz"
PROSE_WORDS_PATH = MODEL_PATH.with_name("prose_words.txt")
VECTORS_PATH = MODEL_PATH.with_name("word_vectors.npz")
NONE = "NONE"
DIMENSION = 1 << 18  # hashed feature space; collisions are rare at this size for ~300k n-grams
_DIGITS = re.compile(r"[0-9]+")


@lru_cache(maxsize=100_000)
def _word_features(word: str) -> tuple[int, ...]:
    # Cached: a language's words repeat, so most sentences are a few dictionary lookups.
    padded = f"<{word}>"
    grams = [f"w {word}"] + [padded[i:i + n] for n in (3, 4, 5)
                              for i in range(len(padded) - n + 1)]
    return tuple(zlib.crc32(g.encode()) & (DIMENSION - 1) for g in grams)


@lru_cache(maxsize=100_000)
def _pair_feature(pair: str) -> int:
    return zlib.crc32(f"p {pair}".encode()) & (DIMENSION - 1)


# Words that tell how a text was written, not what happened: news says "on Monday, police
# said" where ACLED's notes say "on 3 March"; the model is trained on both and must not learn
# the style of either.
_STYLE_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december jan feb mar apr jun jul aug "
    "sep sept oct nov dec yesterday today tonight said says say told tells according "
    "reuters afp ap reported reportedly".split())


_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’\-][A-Za-z0-9]+)*")
PROPER_NAME = "<name>"


def words(text: str) -> list[str]:
    """Lower-cased words without style words; a capitalised word that is not a common
    English word (a place, a person, a group) becomes one placeholder: where and who must
    not decide the kind of event (the training data's places are not the world's)."""
    common = common_words()
    out = []
    for position, token in enumerate(_TOKEN.findall(_DIGITS.sub("0", text))):
        lower = token.lower()
        if lower in _STYLE_WORDS:
            continue
        # The first word is capitalised anyway.
        name = position > 0 and token[0].isupper() and lower not in common
        out.append(PROPER_NAME if name else lower)
    return out


@lru_cache(maxsize=1)
def _vectors() -> tuple[dict[str, int], np.ndarray]:
    # int8 with one scale per word on disk (training/build_word_vectors.py); float32 here.
    with np.load(VECTORS_PATH, allow_pickle=False) as data:
        table = data["vectors"].astype(np.float32) * data["scale"][:, None]
        return {str(w): i for i, w in enumerate(data["words"])}, table


def word_vector(token: str) -> np.ndarray | None:
    """The word's vector (build_word_vectors.py), None for a word it lacks."""
    index, table = _vectors()
    row = index.get(token)
    return None if row is None else table[row]


def vector_dimensions() -> int:
    return _vectors()[1].shape[1]


@lru_cache(maxsize=1)
def prose_words() -> frozenset[str]:
    """Words real news prose writes in lower case (transforms/data/prose_words.txt)."""
    lines = PROSE_WORDS_PATH.read_text(encoding="utf-8").splitlines()
    return frozenset(w for w in lines if w and not w.startswith("#"))


# A word as prose_case and training/build_prose_words.py read it (letters only).
PROSE_WORD = re.compile(r"[A-Za-z]+(?:['’\-][A-Za-z]+)*")


def prose_case(headline: str) -> str:
    """A headline in Title Case ("Russian Airstrike Hits Base In Western Ukraine, Kills 35")
    with the case prose would give its words ("Russian airstrike hits base in Western
    Ukraine, kills 35"); any other text unchanged. `words` reads a capitalised word it does
    not know as a name, and the model learned from prose: a Title-Case headline's news was
    all placeholders. A word is lowered when prose writes it in lower case (prose_words.txt,
    built by training/build_prose_words.py); names and short acronyms ("US", "UN") stay."""
    found = list(PROSE_WORD.finditer(headline))
    long_words = [m.group() for m in found[1:] if len(m.group()) >= 4]
    # Title Case: most words after the first are capitalised (short ones may not be: "of").
    if len(long_words) < 2 or sum(w[0].isupper() for w in long_words) < 0.75 * len(long_words):
        return headline
    all_caps = all(w.isupper() for w in long_words)
    prose = prose_words()
    out, end = [], 0
    for m in found[1:]:
        word = m.group()
        if not word[0].isupper() or (word.isupper() and len(word) <= 4 and not all_caps):
            continue
        if word.lower() in prose:
            out += [headline[end:m.start()], word.lower()]
            end = m.end()
    return "".join(out) + headline[end:]


def _pairs(tokens: list[str]) -> list[int]:
    return [_pair_feature(f"{a} {b}") for a, b in zip(tokens, tokens[1:], strict=False)]


def features(text: str) -> list[int]:
    """Hashed feature indices of a text, repeated as often as they occur: the model's input
    is their counts divided by the square root of their number (so long and short texts
    weigh alike, and inference is a sum of weight rows)."""
    tokens = words(text)
    hashed: list[int] = []
    for token in tokens:
        hashed.extend(_word_features(token))
    return hashed + _pairs(tokens)


_WORD_TABLE_LIMIT = 200_000  # words a model keeps in its word table (SentenceModel.probabilities)


class SentenceModel:
    """Weights [DIMENSION, len(labels)] and biases of the trained model.

    Two stages in one weight matrix: NONE's column is a binary relevance model (its score is
    the log-odds that the sentence reports no ACLED event), the other columns rank the 25
    types, trained on events only. Relevance and typing learn from different data (every
    sentence vs. events), and typing is not pulled towards whatever resembles non-events.
    """

    def __init__(self, weights: np.ndarray, bias: np.ndarray, labels: tuple[str, ...],
                 threshold: float = 0.5, output: np.ndarray | None = None,
                 output_bias: np.ndarray | None = None) -> None:
        self.weights, self.bias, self.labels = weights, bias, labels
        self.none_index = labels.index(NONE)
        self.threshold = threshold  # the event probability chosen on the dev data
        # With `output` [hidden, len(labels)], the type model has one hidden layer: the weights'
        # column 0 is the relevance model, columns 1.. the hidden units (ReLU), and `output`
        # maps them to the type scores. Without it, the weights hold one column per label.
        self.output, self.output_bias = output, output_bias
        # Per word: the sum of its features' weight rows, and how many features it has.
        self._ids: dict[str, int] = {}
        self._lock = threading.Lock()  # guards _ids, _table and _counts (probabilities)
        self._table = np.zeros((4096, weights.shape[1]), dtype=np.float32)
        self._counts = np.zeros(4096)
        # The word vectors' rows of the weights (relevance reads them; train_events.fit), in
        # float32 once rather than per new word.
        self._vector_rows = weights[DIMENSION:].astype(np.float32) if len(weights) > DIMENSION else None

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> SentenceModel:
        with np.load(path, allow_pickle=False) as data:
            labels = tuple(str(x) for x in data["labels"])
            if "hidden" in data.files:  # the relevance column in float16, the hidden units in int8
                weights = np.empty((len(data["relevance"]), 1 + data["hidden"].shape[1]), dtype=np.float16)
                weights[:, 0] = data["relevance"]
                hidden, scale = data["hidden"], data["hidden_scale"]
                for unit in range(hidden.shape[1]):  # a column at a time: no float32 copy of it all
                    weights[:, 1 + unit] = hidden[:, unit] * scale[unit]
                return cls(weights, data["bias"].astype(np.float32), labels, float(data["threshold"]),
                           data["output"].astype(np.float32), data["output_bias"].astype(np.float32))
            # A linear model (or a network saved before int8): float16 on disk.
            hidden = "output" in data.files
            return cls(data["weights"].astype(np.float16), data["bias"].astype(np.float32),
                       labels, float(data["threshold"]),
                       data["output"].astype(np.float32) if hidden else None,
                       data["output_bias"].astype(np.float32) if hidden else None)

    def save(self, path: Path) -> None:
        common = {"bias": self.bias.astype(np.float32), "labels": np.array(self.labels),
                  "threshold": np.float32(self.threshold)}
        if self.output is None:
            np.savez_compressed(path, weights=self.weights.astype(np.float16), **common)
            return
        # The hidden units' weights in int8, one scale per unit (its largest weight is 127):
        # under half of float16's compressed size, so that two networks fit the 25 MB budget;
        # on the portal's texts it changes the top type of about 2 in 1,000 sentences (1 in
        # 1,000 over the threshold), near-ties (docs/events-history.md, nineteenth round). The
        # relevance column stays float16: its largest weights decide the threshold, and int8
        # moved some sentences across it.
        hidden = self.weights[:, 1:].astype(np.float32)
        scale = np.maximum(np.abs(hidden).max(axis=0), 1e-12) / 127.0
        quantized = np.clip(np.round(hidden / scale), -127, 127).astype(np.int8)
        np.savez_compressed(path, relevance=self.weights[:, 0].astype(np.float16), hidden=quantized,
                            hidden_scale=scale.astype(np.float32), output=self.output.astype(np.float32),
                            output_bias=self.output_bias.astype(np.float32), **common)

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """Label probabilities [len(texts), len(labels)]: the same linear model as over
        `features`, summed per word (a word's features add up to one cached vector)."""
        tokenized = [words(text) for text in texts]
        word_ends = list(accumulate(len(tokens) for tokens in tokenized))
        pairs: list[int] = []   # each word pair's feature
        pair_ends = []
        for tokens in tokenized:
            pairs.extend(_pairs(tokens))
            pair_ends.append(len(pairs))
        # The word table is shared by the threads of a worker (Flink's and Dataflow's SDK
        # harness run bundles in threads): a word's row is written, and the table grown, while
        # another thread reads. Unguarded, 4 threads gave 311 of 6,000 sentences other
        # probabilities (up to 0.72 apart), so rows are given and read under one lock.
        with self._lock:
            # Bounded: a long stream meets endless rare words. Emptied before a call, never
            # during one, whose earlier ids would then name other words' rows.
            if len(self._ids) + (word_ends[-1] if word_ends else 0) > _WORD_TABLE_LIMIT:
                self._ids.clear()
            index = np.array([self._word_id(t) for tokens in tokenized for t in tokens], dtype=np.intp)
            word_rows, word_counts = self._table[index], self._counts[index]
        pair_rows = self.weights[np.array(pairs, dtype=np.intp)] if pairs else None
        scores = np.zeros((len(texts), self.weights.shape[1]), dtype=np.float32)
        sizes = np.zeros(len(texts))
        for rows, ends, counts in ((word_rows, word_ends, word_counts), (pair_rows, pair_ends, None)):
            if rows is None or not len(rows):
                continue
            ends_a = np.array(ends)
            lengths = np.diff(ends_a, prepend=0)
            present = lengths > 0
            starts = (ends_a - lengths)[present]
            scores[present] += np.add.reduceat(rows.astype(np.float32, copy=False), starts, axis=0)
            sizes[present] += np.add.reduceat(counts, starts) if counts is not None else lengths[present]
        scores = scores / np.sqrt(np.maximum(sizes, 1))[:, None] + self.bias
        if self.output is not None:  # relevance in column 0, the hidden layer after it
            none = np.clip(scores[:, 0], -30.0, 30.0)
            scores = _fixed_order_product(np.maximum(scores[:, 1:], 0.0), self.output) + self.output_bias
        else:
            none = np.clip(scores[:, self.none_index], -30.0, 30.0)
        p_none = 1.0 / (1.0 + np.exp(-none))
        scores[:, self.none_index] = -np.inf
        types = np.exp(scores - scores.max(axis=1, keepdims=True))
        types *= ((1.0 - p_none) / types.sum(axis=1))[:, None]
        types[:, self.none_index] = p_none
        return types

    def _word_id(self, token: str) -> int:
        """The token's row in the word table, added when new (under self._lock)."""
        known = self._ids.get(token)
        if known is not None:
            return known
        if len(self._ids) >= len(self._table):
            grow = len(self._table)
            self._table = np.vstack([self._table, np.zeros_like(self._table[:grow])])
            self._counts = np.concatenate([self._counts, np.zeros(grow)])
        index = _word_features(token)
        new = self._ids[token] = len(self._ids)
        self._table[new] = self.weights[list(index)].sum(axis=0, dtype=np.float32)
        if self._vector_rows is not None and (vector := word_vector(token)) is not None:
            # The word's vector enters the first layer like its hashed features.
            self._table[new] += vector @ self._vector_rows
        self._counts[new] = len(index)
        return new


def _fixed_order_product(hidden: np.ndarray, output: np.ndarray) -> np.ndarray:
    """hidden @ output, each row summed in the same order whatever the batch. BLAS picks its
    kernel by the matrix's size (OpenBLAS's small-matrix kernels on AVX-512 machines), so a
    sentence scored in a batch of 20 and in one of 4,000 came out up to 1e-7 apart: a runner's
    bundle size must not change a row's confidence."""
    # einsum without optimize never calls BLAS: it sums each row's products unit by unit, in
    # order (bitwise the plain loop's result, nine times faster)
    return np.einsum("ij,jk->ik", hidden, output, optimize=False)


_chosen: list[SentenceModel] = []


@lru_cache(maxsize=1)
def _shipped() -> SentenceModel:
    return SentenceModel.load()


def model() -> SentenceModel:
    """The process's model: the shipped one, loaded once per process, unless use_model chose another."""
    return _chosen[0] if _chosen else _shipped()


def use_model(chosen: SentenceModel | None) -> None:
    """Make `chosen` the process's model (None: the shipped one again). For evaluation scripts
    that run the events stage with weights trained without the sources they measure."""
    _chosen[:] = [chosen] if chosen is not None else []


def predict(sentences: list[str]) -> list[tuple[list[str], float]]:
    """Per sentence: (sub-event types from most to least likely, probability that it
    reports an ACLED event)."""
    m = model()
    if not sentences:
        return []
    p = m.probabilities(sentences)
    event = 1.0 - p[:, m.none_index]
    p[:, m.none_index] = -1.0
    order = np.argsort(-p, axis=1, kind="stable")[:, :-1]  # NONE (-1) last, dropped
    return [([m.labels[j] for j in row], float(e)) for row, e in zip(order, event, strict=True)]
