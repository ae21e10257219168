"""Language stage: ISO 639-1 code of an article's clean text, `und` when not confident.

langdetect is seeded (deterministic across runs and workers) and sees only a bounded prefix
of the text: 1,000 characters decide the language of a news article as well as the whole
text does, at a fifth of the cost. A quick look at 400 characters with 3 trials decides
when a second witness agrees (the page's <html lang>, else the next 400 characters); see
benchmarks/language_eval.py for agreement and speed on real pages. Input: article records with `text`; output: the same
with `language`. Counter: `language_<code>`. No rejects: undetermined is a value.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import apache_beam as beam

from transforms.base import freeze_worker_heap
from transforms.progress import count

UNDETERMINED = "und"
_LETTER = re.compile(r"[^\W\d_]")
# langdetect's regional Chinese profiles; ISO 639-1 has one code for both.
_CODE_MAP = {"zh-cn": "zh", "zh-tw": "zh"}


@dataclass(frozen=True)
class LanguageConfig:
    prefix_chars: int = 1000     # characters of clean text the detector sees
    min_letters: int = 20        # fewer letters than this: `und`
    min_probability: float = 0.80  # top language's probability below this: `und`
    trials: int = 7              # langdetect's random trials on the full sample (its default)
    quick_chars: int = 400       # the quick look's sample, and its second witness's (0: off)
    quick_trials: int = 3


PROFILES = Path(__file__).resolve().parent.parent / "data" / "langdetect_profiles.npz"
_detector_ready = False


def profiles_from_langdetect() -> tuple[list[str], dict[str, list[float]]]:
    """langdetect's own profiles, loaded as its factory loads them but in a fixed order
    (sorted by language; its loader follows os.listdir, which differs across file systems)."""
    from langdetect import DetectorFactory
    from langdetect.detector_factory import PROFILES_DIRECTORY

    names = sorted(n for n in os.listdir(PROFILES_DIRECTORY) if not n.startswith("."))
    factory = DetectorFactory()
    factory.load_json_profile([Path(PROFILES_DIRECTORY, n).read_text(encoding="utf-8")
                               for n in names])
    return factory.langlist, factory.word_lang_prob_map


def write_profiles(path: Path = PROFILES) -> None:
    """Save langdetect's n-gram probabilities sparsely (~1.5 MB instead of ~60 MB of lists
    that take 0.4 s to load): `python -m transforms.text.language`."""
    import numpy as np

    languages, table = profiles_from_langdetect()
    grams = sorted(table)
    offsets, which, probs = [0], [], []
    for gram in grams:
        for i, p in enumerate(table[gram]):
            if p:
                which.append(i)
                probs.append(p)
        offsets.append(len(which))
    np.savez_compressed(path, languages=np.array(languages),
                        grams=np.frombuffer("\n".join(grams).encode("utf-8"), dtype=np.uint8),
                        offsets=np.array(offsets, dtype=np.int32),
                        language_index=np.array(which, dtype=np.uint8),
                        probability=np.array(probs, dtype=np.float64))


class CompactProfiles:
    """langdetect's `word_lang_prob_map` (n-gram → probability per language) read from the
    shipped sparse arrays: a gram's list is built on first lookup."""

    def __init__(self, path: Path = PROFILES) -> None:
        import numpy as np

        with np.load(path) as data:
            self.languages = [str(x) for x in data["languages"]]
            grams = data["grams"].tobytes().decode("utf-8").split("\n")
            self._offsets = data["offsets"].tolist()
            self._which = data["language_index"]
            self._probs = data["probability"]
        self.rows = {gram: row for row, gram in enumerate(grams)}
        self._built: dict[str, list[float]] = {}
        self._vectors: dict[str, object] = {}
        # a word's known n-grams (_FastDetector), filled as words are met
        self.word_grams: dict[str, list[str]] = {}

    def __contains__(self, gram: object) -> bool:
        return gram in self.rows

    def __getitem__(self, gram: str) -> list[float]:
        found = self._built.get(gram)
        if found is None:
            row = self.rows[gram]
            start, end = self._offsets[row], self._offsets[row + 1]
            found = [0.0] * len(self.languages)
            for i, p in zip(self._which[start:end].tolist(), self._probs[start:end].tolist(),
                                strict=True):
                found[i] = p
            self._built[gram] = found
        return found

    def vector(self, gram: str):
        """A gram's probabilities per language as a numpy array (built on first lookup)."""
        found = self._vectors.get(gram)
        if found is None:
            import numpy as np

            found = self._vectors[gram] = np.array(self[gram])
        return found

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)


class _Normalized(dict):
    """Character code → langdetect's normalised character (NGram.normalize), filled on
    first use; a str.translate table, so a text is normalised in C."""

    def __missing__(self, code: int) -> str:
        from langdetect.utils.ngram import NGram

        self[code] = NGram.normalize(chr(code))
        return self[code]


_NORMALIZED = _Normalized()


def _word_grams(padded: str, known) -> list[str]:
    """The known 1- to 3-grams langdetect's NGram buffer gives for one word (" word" plus a
    space when one follows): each character ends a 1-, 2- and 3-gram, except inside a run
    of capitals (its `capitalword`)."""
    grams = []
    for i in range(1, len(padded)):
        ch = padded[i]
        if ch.isupper() and padded[i - 1].isupper():
            continue
        if ch != " " and ch in known:
            grams.append(ch)
        if padded[i - 1:i + 1] in known:
            grams.append(padded[i - 1:i + 1])
        if i >= 2 and padded[i - 2:i + 1] in known:
            grams.append(padded[i - 2:i + 1])
    return grams


def _fast_detector_class():
    """langdetect's Detector with its hot loops written tighter. The n-grams, the random
    draws and the floating-point operations are the same, in the same order, so the answer
    is the same to the last bit (tests/test_language.py compares the two on real pages);
    it takes about half the time."""
    from langdetect.detector import Detector
    from langdetect.lang_detect_exception import ErrorCode, LangDetectException

    class FastDetector(Detector):
        def _extract_ngrams(self) -> list[str]:
            # NGram.add_char and the 1- to 3-gram loop of Detector._extract_ngrams, a word
            # at a time: its buffer starts afresh after every space, so a word's n-grams
            # depend only on the word (and on whether a space follows it), and are cached.
            profiles = self.word_lang_prob_map  # CompactProfiles (_init_detector)
            known, cache = profiles.rows, profiles.word_grams
            if len(cache) > 200_000:  # bounded; results do not depend on it
                cache.clear()
            words = self.text.translate(_NORMALIZED).split(" ")
            last = len(words) - 1
            result: list[str] = []
            for k, word in enumerate(words):
                if not word:
                    continue
                padded = " " + word + " " if k < last else " " + word
                grams = cache.get(padded)
                if grams is None:
                    grams = cache[padded] = _word_grams(padded, known)
                result.extend(grams)
            return result

        def _detect_block(self) -> None:
            # Detector._detect_block with the per-language products in numpy: each is the
            # same IEEE operation, and the sums that normalise stay Python's left-to-right
            # sum, so every probability is bit for bit langdetect's.
            import numpy as np

            self.cleaning_text()
            ngrams = self._extract_ngrams()
            if not ngrams:
                raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
            vectors = self.word_lang_prob_map.vector
            languages = len(self.langlist)
            self.langprob = [0.0] * languages
            rand = self.random
            rand.seed(self.seed)
            for _ in range(self.n_trial):
                prob = np.array(self._init_probability())
                alpha = self.alpha + rand.gauss(0.0, 1.0) * self.ALPHA_WIDTH
                weight = alpha / self.BASE_FREQ
                i = 0
                while True:
                    prob *= weight + vectors(rand.choice(ngrams))
                    if i % 5 == 0:
                        prob /= sum(prob.tolist())
                        if prob.max() > self.CONV_THRESHOLD or i >= self.ITERATION_LIMIT:
                            break
                    i += 1
                for j, p in enumerate(prob.tolist()):
                    self.langprob[j] += p / self.n_trial

    return FastDetector


_FastDetector = None


def _init_detector() -> None:
    """Load the language profiles once per process (~0.05 s) and fix langdetect's seed."""
    global _detector_ready
    if not _detector_ready:
        from langdetect import DetectorFactory, detector_factory

        DetectorFactory.seed = 0
        factory = DetectorFactory()
        profiles = CompactProfiles()
        factory.langlist, factory.word_lang_prob_map = profiles.languages, profiles
        detector_factory._factory = factory
        global _FastDetector
        _FastDetector = _fast_detector_class()
        _detector_ready = True


def text_prefix(text: str, limit: int) -> str:
    """At most `limit` characters of `text`, cut at a word boundary."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit]


def _langdetect(sample: str, trials: int) -> tuple[str, float]:
    from langdetect import detector_factory
    from langdetect.lang_detect_exception import LangDetectException

    detector = _FastDetector(detector_factory._factory)
    detector.n_trial = trials
    detector.append(sample)
    try:
        ranked = detector.get_probabilities()
    except LangDetectException:
        return UNDETERMINED, 0.0
    # zh-cn and zh-tw are one ISO 639-1 language: their probabilities add up.
    totals: dict[str, float] = {}
    for candidate in ranked:
        code = _CODE_MAP.get(candidate.lang, candidate.lang)
        totals[code] = totals.get(code, 0.0) + candidate.prob
    if not totals:
        return UNDETERMINED, 0.0
    return max(totals.items(), key=lambda item: (item[1], item[0]))


def detect_language(text: str, config: LanguageConfig = LanguageConfig(),
                    declared: str | None = None) -> tuple[str, float]:
    """(ISO 639-1 code or `und`, probability of the top language) for `text`.

    A quick look first (the first `quick_chars`, `quick_trials` random trials); it settles
    the language when a second witness agrees: the page's declared language (`declared`,
    from <html lang>), else a quick look at the next part of the sample. Otherwise (mixed
    or unclear text, a template's wrong lang attribute) the full sample decides."""
    sample = text_prefix(text, config.prefix_chars)
    if len(_LETTER.findall(sample)) < config.min_letters:
        return UNDETERMINED, 0.0
    _init_detector()
    language, probability = _full_or_quick(sample, config, declared)
    if probability < config.min_probability:
        return UNDETERMINED, probability
    return language, probability


def _full_or_quick(sample: str, config: LanguageConfig,
                   declared: str | None) -> tuple[str, float]:
    if config.quick_chars and len(sample) > config.quick_chars:
        head = text_prefix(sample, config.quick_chars)
        quick = _langdetect(head, config.quick_trials)
        if quick[0] != UNDETERMINED and quick[1] >= config.min_probability:
            if declared is not None:
                if quick[0] == declared:
                    return quick
            else:
                rest = text_prefix(sample[len(head):].lstrip(), config.quick_chars)
                if (len(_LETTER.findall(rest)) >= config.min_letters
                        and _langdetect(rest, config.quick_trials)[0] == quick[0]):
                    return quick
    return _langdetect(sample, config.trials)


class _DetectFn(beam.DoFn):
    def __init__(self, config: LanguageConfig) -> None:
        self._config = config

    def setup(self) -> None:
        _init_detector()  # once per worker, not per element
        freeze_worker_heap()

    def process(self, record):
        article = dict(record)
        declared = article.pop("declared_language", None)
        language, _ = detect_language(article["text"], self._config, declared)
        count(f"language_{language}")
        count("language_out")
        article["language"] = language
        yield article


class DetectLanguage(beam.PTransform):
    """Articles → articles with `language`."""

    def __init__(self, config: LanguageConfig = LanguageConfig()) -> None:
        super().__init__()
        self._config = config

    def expand(self, articles):
        return articles | "DetectLanguage" >> beam.ParDo(_DetectFn(self._config))


if __name__ == "__main__":
    # Rebuild the shipped profiles after upgrading langdetect.
    write_profiles()
    print(f"wrote {PROFILES} ({PROFILES.stat().st_size / 1e6:.1f} MB)")
