"""Tests for transforms.text.dates: finding and parsing publication dates in many languages."""

from datetime import UTC, datetime

import pytest

from transforms.text.dates import DateMatch, find_dates, parse_date


def dt(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def only(text: str) -> DateMatch:
    matches = find_dates(text)
    assert len(matches) == 1, matches
    return matches[0]


# --- forms and languages --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        # Russian genitive month and time after a comma, at the end of a headline line.
        (
            "Peace hopes dim as Syrian army targets Damascus area 07 февраля 2013, 12:03",
            "07 февраля 2013, 12:03",
            dt(2013, 2, 7, 12, 3),
        ),
        ("Published 7 February 2013 by Reuters", "7 February 2013", dt(2013, 2, 7)),
        ("WASHINGTON, February 7, 2013 -- Officials said", "February 7, 2013", dt(2013, 2, 7)),
        ("Posted Feb 7th, 2013 3:45 PM", "Feb 7th, 2013 3:45 PM", dt(2013, 2, 7, 15, 45)),
        ("Posted Feb 7th, 2013 12:10 am", "Feb 7th, 2013 12:10 am", dt(2013, 2, 7, 0, 10)),
        ("Feb. 7, 2013 — The council voted", "Feb. 7, 2013", dt(2013, 2, 7)),
        ("Madrid, 7 de febrero de 2013", "7 de febrero de 2013", dt(2013, 2, 7)),
        (
            "Lisboa, 7 de fevereiro de 2013 às 12:03",
            "7 de fevereiro de 2013 às 12:03",
            dt(2013, 2, 7, 12, 3),
        ),
        ("Berlin, 7. Februar 2013 um 12:03 Uhr", "7. Februar 2013 um 12:03", dt(2013, 2, 7, 12, 3)),
        ("Mis à jour le 7 févr. 2013 à 12h03", "7 févr. 2013 à 12h03", dt(2013, 2, 7, 12, 3)),
        ("Roma, 7 febbraio 2013", "7 febbraio 2013", dt(2013, 2, 7)),
        ("Amsterdam, 7 februari 2013 12:03", "7 februari 2013 12:03", dt(2013, 2, 7, 12, 3)),
        (
            "Warszawa, 7 lutego 2013 r., godz. 12:03",
            "7 lutego 2013 r., godz. 12:03",
            dt(2013, 2, 7, 12, 3),
        ),
        ("Praha 7. února 2013", "7. února 2013", dt(2013, 2, 7)),
        ("Київ, 7 лютого 2013 року", "7 лютого 2013 року", dt(2013, 2, 7)),
        ("Budapest, 2013. február 7.", "2013. február 7.", dt(2013, 2, 7)),
        ("İstanbul, 7 Şubat 2013", "7 Şubat 2013", dt(2013, 2, 7)),
        ("Αθήνα, 7 Φεβρουαρίου 2013", "7 Φεβρουαρίου 2013", dt(2013, 2, 7)),
        ("Stockholm 7 februari 2013 kl. 12:03", "7 februari 2013 kl. 12:03", dt(2013, 2, 7, 12, 3)),
        ("Helsinki 7. helmikuuta 2013", "7. helmikuuta 2013", dt(2013, 2, 7)),
        ("Jakarta, 7 Februari 2013", "7 Februari 2013", dt(2013, 2, 7)),
        ("Bucureşti, 7 februarie 2013", "7 februarie 2013", dt(2013, 2, 7)),
        ("القاهرة 7 فبراير 2013", "7 فبراير 2013", dt(2013, 2, 7)),
        ("القاهرة ٧ فبراير ٢٠١٣", "٧ فبراير ٢٠١٣", dt(2013, 2, 7)),  # Arabic-Indic digits
        ("تهران ۱۹ آوریل ۲۰۲۴", "۱۹ آوریل ۲۰۲۴", dt(2024, 4, 19)),  # Persian digits
        ("ירושלים, 7 בפברואר 2013", "7 בפברואר 2013", dt(2013, 2, 7)),
        ("北京 2013年2月7日 12:03", "2013年2月7日 12:03", dt(2013, 2, 7, 12, 3)),
        ("서울 2013년 2월 7일", "2013년 2월 7일", dt(2013, 2, 7)),
        ("Updated 2013-02-07", "2013-02-07", dt(2013, 2, 7)),
        ("Archive: 2013/02/07", "2013/02/07", dt(2013, 2, 7)),
        ("Москва, 07.02.2013 12:03", "07.02.2013 12:03", dt(2013, 2, 7, 12, 3)),
        ("Обновлено 12:03 07.02.2013", "12:03 07.02.2013", dt(2013, 2, 7, 12, 3)),
        ("Wien, 7.2.2013", "7.2.2013", dt(2013, 2, 7)),
        ("Last modified 07 Feb 2013 12:03:45", "07 Feb 2013 12:03:45", dt(2013, 2, 7, 12, 3, 45)),
        ("7 SEPT 2013", "7 SEPT 2013", dt(2013, 9, 7)),  # case, and "Sept" (not in CLDR en)
    ],
)
def test_forms(text: str, span: str, value: datetime) -> None:
    m = only(text)
    assert m.text == span
    assert text[m.start : m.end] == span
    assert m.value == value
    assert m.value.tzinfo is UTC


def test_masthead_with_weekday() -> None:
    text = "Editor in Chief: John Smith Friday, April 19th, 2024"
    m = only(text)
    assert m.text == "Friday, April 19th, 2024"
    assert m.value == dt(2024, 4, 19)
    assert m.has_weekday
    assert not m.has_time


@pytest.mark.parametrize(
    "text",
    [
        "Thu, 07 Feb 2013 12:03:00 +0000",
        "четверг, 7 февраля 2013",
        "Donnerstag, 7. Februar 2013",
        "jeudi 7 février 2013",
        "Perşembe, 7 Şubat 2013",
        "الخميس 7 فبراير 2013",
    ],
)
def test_weekday_is_part_of_span(text: str) -> None:
    m = only(text)
    assert m.has_weekday
    assert m.start == 0 and m.end == len(text)
    assert m.value.date() == dt(2013, 2, 7).date()


def test_flags() -> None:
    assert only("7 February 2013").has_time is False
    assert only("7 February 2013").has_weekday is False
    assert only("7 February 2013, 12:03").has_time is True
    assert only("2013-02-07T00:00:00Z").has_time is True  # midnight stated is still a time


# --- time zones -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2013-02-07T12:03:00+03:00", dt(2013, 2, 7, 9, 3)),
        ("2013-02-07T12:03:00Z", dt(2013, 2, 7, 12, 3)),
        ("2013-02-07T12:03:00.250-05:00", dt(2013, 2, 7, 17, 3, 0, 250000)),
        ("1999-12-31T23:30:00-05:00", dt(2000, 1, 1, 4, 30)),  # crosses midnight and year
        ("7 Feb 2013 12:03 GMT", dt(2013, 2, 7, 12, 3)),
        ("7 Feb 2013 12:03 UTC", dt(2013, 2, 7, 12, 3)),
        ("7 Feb 2013 12:03 +0300", dt(2013, 2, 7, 9, 3)),
        ("7 Feb 2013 12:03 GMT+3", dt(2013, 2, 7, 9, 3)),
        ("7 Feb 2013 12:03 EST", dt(2013, 2, 7, 17, 3)),
        ("7 Feb 2013 12:03 MSK", dt(2013, 2, 7, 9, 3)),
        ("7 Feb 2013 12:03 (MSK)", dt(2013, 2, 7, 9, 3)),
        ("Kamis, 7 Februari 2013 12:03 WIB", dt(2013, 2, 7, 5, 3)),
        ("Feb 7, 2013 3:45 PM EDT", dt(2013, 2, 7, 19, 45)),
        ("7 Feb 2013 12:03", dt(2013, 2, 7, 12, 3)),  # no zone: taken as UTC
    ],
)
def test_utc_conversion(text: str, value: datetime) -> None:
    m = only(text)
    assert m.text == text
    assert m.value == value
    assert m.has_time


def test_zone_words_are_case_sensitive() -> None:
    # Spanish "est" is not Eastern Standard Time; the time is kept, the word is not.
    m = only("7 Feb 2013 12:03 est")
    assert m.text == "7 Feb 2013 12:03"
    assert m.value == dt(2013, 2, 7, 12, 3)


# --- numeric dates and the ambiguity rule ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("19/04/2024", dt(2024, 4, 19)),  # day > 12: D/M/Y
        ("04/19/2024", dt(2024, 4, 19)),  # second part > 12: M/D/Y
        ("13-02-2013", dt(2013, 2, 13)),
        ("05/05/2013", dt(2013, 5, 5)),  # both equal: no ambiguity
        ("07.02.2013", dt(2013, 2, 7)),  # dots are always D.M.Y
        ("2013.02.07", dt(2013, 2, 7)),  # year first is always Y-M-D
    ],
)
def test_numeric_unambiguous(text: str, value: datetime) -> None:
    assert only(text).value == value


@pytest.mark.parametrize("text", ["07/02/2013", "07-02-2013", "1/2/2013"])
def test_numeric_ambiguous_rejected(text: str) -> None:
    assert find_dates(text) == []


# --- rejections -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "The talks resumed on Thursday.",
        "Feb 30, 2013",  # no such day
        "31.04.2013",
        "2013-02-30",
        "7 February 1850",  # year out of range
        "2101-01-01",
        "The war began in 2011 and ended in 2015.",  # bare years
        "Unrest has grown since March 2011.",  # month + year only: no day
        "The fair opens on 7 February.",  # no year
        "Call 388 81 09 or +7(700) 123 45 67",
        "Sales reached 2.5 million in 2013",
        "Upgrade to v1.2.2013 or 10.2.2013.1 now",
        "Host 192.168.07.02.2013 is down",
        "The meeting starts at 12:03 GMT",  # a time alone
        "In 2013 may 7 people have left",
        "Page 12 of 2013 results",
    ],
)
def test_rejections(text: str) -> None:
    assert find_dates(text) == []


# --- several dates, offsets -----------------------------------------------------------------------


def test_several_dates_in_order() -> None:
    text = "07 lutego 2013, 12:03 | Aktualizacja: 08 lutego 2013, 09:15"
    matches = find_dates(text)
    assert [m.text for m in matches] == ["07 lutego 2013, 12:03", "08 lutego 2013, 09:15"]
    assert [m.value for m in matches] == [dt(2013, 2, 7, 12, 3), dt(2013, 2, 8, 9, 15)]
    for m in matches:
        assert text[m.start : m.end] == m.text


def test_close_dates_are_both_found() -> None:
    matches = find_dates("2013-02-06 / 2013-02-07")
    assert [m.value for m in matches] == [dt(2013, 2, 6), dt(2013, 2, 7)]


def test_date_match_is_frozen() -> None:
    m = only("7 February 2013")
    with pytest.raises(AttributeError):
        m.start = 3  # type: ignore[misc]


# --- parse_date -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2013-02-07", dt(2013, 2, 7)),
        ("2013-02-07T12:03:00", dt(2013, 2, 7, 12, 3)),  # naive: UTC
        ("2013-02-07T12:03:00Z", dt(2013, 2, 7, 12, 3)),
        ("2013-02-07T12:03:00+03:00", dt(2013, 2, 7, 9, 3)),
        ("2013-02-07 12:03:00.123456+00:00", dt(2013, 2, 7, 12, 3, 0, 123456)),
        ("20130207", dt(2013, 2, 7)),
        ("Thu, 07 Feb 2013 12:03:00 +0000", dt(2013, 2, 7, 12, 3)),  # RSS pubDate
        ("Thu, 07 Feb 2013 12:03:00 GMT", dt(2013, 2, 7, 12, 3)),
        ("Thu, 07 Feb 2013 12:03:00 -0500", dt(2013, 2, 7, 17, 3)),
        ("  7 февраля 2013  ", dt(2013, 2, 7)),
        ("February 7, 2013", dt(2013, 2, 7)),
        ("7 de febrero de 2013", dt(2013, 2, 7)),
    ],
)
def test_parse_date(value: str, expected: datetime) -> None:
    parsed = parse_date(value)
    assert parsed == expected
    assert parsed is not None and parsed.tzinfo is not None
    assert parsed.utcoffset().total_seconds() == 0


@pytest.mark.parametrize(
    "value",
    ["", "   ", "garbage", "2013", "March 2011", "1850-01-01", "2013-02-30", "yesterday", "12:03"],
)
def test_parse_date_rejects(value: str) -> None:
    assert parse_date(value) is None


# --- speed ----------------------------------------------------------------------------------------


def test_speed() -> None:
    lines = [
        "Peace hopes dim as Syrian army targets Damascus area 07 февраля 2013, 12:03 " * 2,
        "In 2013 the company, founded in March 2011, reported 2.5 million users in 12 countries "
        "and expects growth to continue through 2014 and 2015, its chief executive said today.",
        "The quick brown fox jumps over the lazy dog and then keeps running through the field "
        "until it reaches the river, where it stops to drink and rest in the shade of a tree.",
    ]
    # Speed is measured in benchmarks, not here: this only checks that these lines parse.
    for line in lines:
        find_dates(line)


def test_the_shipped_month_and_weekday_names_are_what_cldr_gives():
    """transforms/data/date_names.json is rebuilt by `python -m transforms.text.dates`."""
    import json

    from transforms.text.dates import DATE_NAMES, names_from_cldr

    months, weekdays = names_from_cldr()
    shipped = json.loads(DATE_NAMES.read_text(encoding="utf-8"))
    assert shipped == {"months": months, "weekdays": weekdays}
    assert months["février"] == 2 and weekdays["montag"] == 0
