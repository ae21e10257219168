import pytest

from transforms.text.language import LanguageConfig, detect_language, text_prefix

SAMPLES = {
    "en": "The army launched a fierce assault around the capital on Wednesday, witnesses said, "
          "as prospects for peace talks dimmed and the opposition rejected the offer.",
    "ru": "Армия начала мощное наступление вокруг столицы в среду, сообщили свидетели, "
          "а перспективы мирных переговоров тускнеют.",
    "fr": "L'armée a lancé mercredi un violent assaut autour de la capitale, ont indiqué des "
          "témoins, alors que les perspectives de pourparlers de paix s'amenuisent.",
    "de": "Die Armee hat am Mittwoch einen heftigen Angriff rund um die Hauptstadt gestartet, "
          "sagten Zeugen, während die Aussichten auf Friedensgespräche schwinden.",
    "ar": "شن الجيش هجوما عنيفا حول العاصمة يوم الأربعاء، بحسب شهود عيان، في وقت تتضاءل فيه "
          "آفاق محادثات السلام.",
}


@pytest.mark.parametrize("code,text", sorted(SAMPLES.items()))
def test_detects_language(code, text):
    assert detect_language(text)[0] == code


@pytest.mark.parametrize("text", ["", "Hello", "12 345 678 — 2024", "OK OK"])
def test_too_little_text_is_undetermined(text):
    assert detect_language(text)[0] == "und"


def test_detection_is_deterministic():
    mixed = "Der Präsident said the talks were over, mais les négociations continuent."
    assert len({detect_language(mixed) for _ in range(20)}) == 1


def test_only_a_prefix_is_examined():
    text = SAMPLES["en"] * 3 + " " + SAMPLES["ru"] * 30
    assert detect_language(text, LanguageConfig(prefix_chars=400))[0] == "en"


def test_prefix_cuts_at_a_word_boundary():
    assert text_prefix("alpha beta gamma", 12) == "alpha beta"
    assert text_prefix("short", 100) == "short"


def test_the_shipped_profiles_are_langdetects_own():
    """transforms/data/langdetect_profiles.npz is rebuilt by `python -m transforms.text.language`:
    every n-gram's probabilities per language equal what langdetect's loader builds."""
    from transforms.text.language import CompactProfiles, profiles_from_langdetect

    languages, table = profiles_from_langdetect()
    shipped = CompactProfiles()
    assert shipped.languages == languages
    assert sorted(shipped) == sorted(table)
    assert all(shipped[gram] == probs for gram, probs in table.items())


def _real_texts() -> list[str]:
    """Clean text of real pages in several scripts: the readability test pages (en, es, fr,
    cs, pt, de, zh, ja and unlabelled), 20 Chinese news pages and 30 ScrapingHub pages."""
    import gzip
    import itertools
    import json
    from pathlib import Path

    from transforms.text.html import extract_html

    data = Path(__file__).resolve().parent.parent / "benchmarks" / "data"
    pages = []
    for name, limit in (("readability", None), ("cwced-zh", 20)):
        with gzip.open(data / "html_dev" / f"{name}.jsonl.gz", "rt", encoding="utf-8") as rows:
            pages += [json.loads(row)["html"] for row in itertools.islice(rows, limit)]
    for path in sorted((data / "article-extraction" / "html").glob("*.html.gz"))[:30]:
        pages.append(gzip.open(path, "rt", encoding="utf-8", errors="replace").read())
    texts = [found.text for found in map(extract_html, pages) if found is not None]
    return texts + list(SAMPLES.values())


def test_the_fast_detector_gives_langdetects_probabilities_bit_for_bit():
    """_FastDetector rewrites langdetect's hot loops; on real text in several scripts it
    must draw the same n-grams and give the same probabilities, for the quick look and the
    full sample."""
    from langdetect import detector_factory
    from langdetect.detector import Detector
    from langdetect.lang_detect_exception import LangDetectException

    from transforms.text import language

    language._init_detector()
    factory = detector_factory._factory

    def probabilities(detector_class, sample: str, trials: int):
        detector = detector_class(factory)
        detector.n_trial = trials
        detector.append(sample)
        try:
            return [(found.lang, found.prob) for found in detector.get_probabilities()]
        except LangDetectException as error:
            return str(error)

    texts = _real_texts()
    assert len(texts) > 100
    for text in texts:
        for chars, trials in ((400, 3), (1000, 7)):
            sample = text_prefix(text, chars)
            assert (probabilities(language._FastDetector, sample, trials)
                    == probabilities(Detector, sample, trials)), sample[:80]
