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
