"""Find and parse publication dates in news text and metadata, in many languages.

Pure module: no I/O, no Beam, never looks at the current date or time.

Two entry points:

* :func:`find_dates` scans a line of article text ("... Damascus area 07 февраля 2013, 12:03")
  and returns every date expression it contains, with character offsets.
* :func:`parse_date` turns a metadata string that *is* a date (JSON ``published``,
  trafilatura's date, RSS/Atom ``pubDate``/``updated``) into a datetime.

Month and weekday names come from babel's CLDR data for ~50 locales, compiled once at import into
a trie-shaped regex. Every accepted expression must state a day, a month and a four-digit year in
1900..2100: a publication date needs a day, so "since March 2011", "7 February" and bare years
yield nothing.

Numeric dates (the ambiguity rule):

* year first (``2013-02-07``, ``2013/02/07``, ``2013.02.07``) is always Y-M-D;
* dots (``07.02.2013``) are always D.M.Y, the European convention -- US sites don't use dots;
* ``/`` or ``-`` with the year last (``07/02/2013``) is accepted only when unambiguous: one of
  the two leading parts is > 12 (that one is the day) or both parts are equal. ``07/02/2013``
  could be 7 February or July 2 and is rejected.

Times: ``HH:MM[:SS[.fff]]`` with optional am/pm and zone (``Z``, ``UTC``, ``GMT+3``, ``+0300``,
``+03:00``, and a few abbreviations such as ``EST`` or ``MSK``), after the date ("..., 12:03",
"um 12:03", "T12:03") or just before it ("12:03 07.02.2013"). A time without a zone is taken as
UTC; values are always returned timezone-aware in UTC.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

from transforms.text.trie import trie_regex

__all__ = ["DateMatch", "find_dates", "parse_date"]


@dataclass(frozen=True)
class DateMatch:
    """One date expression found in a string.

    ``start``/``end`` are offsets into the string given to :func:`find_dates` (``text[start:end]
    == match.text``). ``value`` is timezone-aware and in UTC; a stated zone/offset is converted,
    a time without one is taken as UTC, and a date without a time is midnight UTC.
    ``has_time`` says a clock time was stated; ``has_weekday`` says a weekday name was part of
    the span (it is not checked against the date).
    """

    start: int
    end: int
    value: datetime
    has_time: bool
    has_weekday: bool
    text: str


# --- month / weekday names from CLDR ------------------------------------------------------------

# Order matters: when two languages use one word for different months (Polish/Czech "listopad" is
# November, Croatian "listopad" is October) the earlier locale wins.
_LOCALES = (
    "en en_GB fr de es it pt nl ru uk pl cs sk ro hu tr id ms sv da nb nn fi el bg sr sr_Latn hr "
    "bs sl mk be lt lv et ca gl eu sq af sw is ga cy az kk uz ar ar_SY ar_IQ fa he hi bn ur"
).split()

# Common spellings CLDR lacks.
_EXTRA_MONTHS = {"sept": 9}


def _strip_accents(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def names_from_cldr() -> tuple[dict[str, int], dict[str, int]]:
    """Month and weekday names (lower case, with and without accents) → number, from babel's
    CLDR data: what `python -m transforms.text.dates` saves into the shipped DATE_NAMES file
    (loading ~50 locales costs ~0.5 s, too much for every worker's start)."""
    import babel

    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}

    def add(table: dict[str, int], name: str, value: int) -> None:
        name = name.strip().rstrip(".").lower()
        # Digits: CJK "2月" is handled by its own pattern. One- and two-letter abbreviations
        # would match too many ordinary words.
        if len(name) < 3 or any(c.isdigit() for c in name):
            return
        for variant in (name, _strip_accents(name)):
            table.setdefault(variant, value)

    for code in _LOCALES:
        try:
            loc = babel.Locale.parse(code)
        except (babel.UnknownLocaleError, ValueError):
            continue
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for num, name in loc.months[context][width].items():
                    add(months, name, num)
                    if code == "he":  # Hebrew prefixes the month: "7 בפברואר 2013"
                        add(months, "ב" + name, num)
                for num, name in loc.days[context][width].items():
                    add(weekdays, name, num)
    for name, num in _EXTRA_MONTHS.items():
        add(months, name, num)
    return months, weekdays


DATE_NAMES = Path(__file__).resolve().parent.parent / "data" / "date_names.json"


def _shipped_names() -> tuple[dict[str, int], dict[str, int]]:
    saved = json.loads(DATE_NAMES.read_text(encoding="utf-8"))
    return saved["months"], saved["weekdays"]


_MONTHS, _WEEKDAYS = _shipped_names()


# --- timezones ----------------------------------------------------------------------------------

# Unambiguous-enough abbreviations seen in news bylines and feeds (IST, CST-China etc. left out).
_TZ_HOURS = {
    "Z": 0, "UT": 0, "UTC": 0, "GMT": 0, "WET": 0,
    "BST": 1, "CET": 1, "WEST": 1,
    "CEST": 2, "EET": 2,
    "EEST": 3, "MSK": 3,
    "WIB": 7, "WITA": 8, "WIT": 9, "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
}  # fmt: skip


def _tz_offset(tz: str) -> timedelta:
    tz = tz.strip()
    base = re.match(r"(?:GMT|UTC)\s*", tz)
    if base and len(tz) > base.end():  # "GMT+3", "UTC+05:30"
        tz = tz[base.end() :]
    elif tz in _TZ_HOURS:
        return timedelta(hours=_TZ_HOURS[tz])
    sign = -1 if tz[0] in "-−" else 1
    digits = tz[1:].replace(":", "")
    hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    return sign * timedelta(hours=hours, minutes=minutes)


# --- patterns -----------------------------------------------------------------------------------

_MONTH = rf"(?P<mon>{trie_regex(sorted(_MONTHS))})(?![^\W\d_])\.?"
_WEEKDAY = rf"(?P<wd>(?<!\w){trie_regex(sorted(_WEEKDAYS))})(?![^\W\d_])\.?\s*[,،]?\s*"
_YEAR = r"(?<!\d)(?P<y>19\d\d|20\d\d|2100)(?!\d)"
# "2013 г.", "2013 года", "2013 r." (pl), "2013 р." (uk), "2013. godine" -- kept inside the span.
_YEAR_SUFFIX = r"(?:\.?\s*(?:г\.|года|гг\.|r\.|р\.|року|god(?:ine)?\.?)(?!\w))?"
_DAY = r"(?<!\d)(?P<d>0?[1-9]|[12]\d|3[01])(?!\d)(?:st|nd|rd|th|er|º|ª|°)?\.?"
# Between day, month and year: spaces, one punctuation mark, "de" (es/pt/ca), "of" (en).
_SEP = r"(?:\s*[,./،-]?\s*(?:(?:de|del|of)\s+)?)"


def _tz_pattern(group: str) -> str:
    # Case-sensitive: "est"/"Est" are ordinary words in several languages.
    return (
        rf"(?-i:(?P<{group}>Z|(?:GMT|UTC)\s*[-+−]\d{{1,2}}(?::?\d\d)?|[-+−](?:0\d|1[0-4]):?[0-5]\d"
        r"|" + "|".join(sorted((k for k in _TZ_HOURS if k != "Z"), key=len, reverse=True)) + r"))"
        r"(?!\w)"
    )


_TIME = (
    r"(?<!\d)(?P<H>[01]?\d|2[0-3])[:h](?P<M>[0-5]\d)(?::(?P<S>[0-5]\d)(?:[.,](?P<frac>\d{1,6})\d*)?)?"
    r"(?:\s*(?P<ap>[ap])\.?\s?m\.?(?!\w))?"
    rf"(?:\s*\(?{_tz_pattern('tz')}\)?)?"  # "12:03 MSK", "12:03 (MSK)"
    r"(?![\w:])"
)
# Date-to-time glue: "," "|" "-" "T" and a few prepositions ("um", "à", "в", "kl.", "o").
_CONN = (
    r"(?:\s*(?:[,|@–—-]|T)?\s*"
    r"(?:(?:at|um|à|a\s+las|a\s+la|às|alle|ore|в|o|kl\.?|klo\.?|godz\.?|saat|om)\s+)?)"
)
# A time stated before the date ("12:03 07.02.2013", "12:03, 7 февраля 2013").
_PRE_TIME = (
    r"(?:(?<!\d)(?P<pH>[01]?\d|2[0-3]):(?P<pM>[0-5]\d)(?::(?P<pS>[0-5]\d))?"
    rf"(?:\s*{_tz_pattern('ptz')})?\s*[,|]?\s*)"
)

# Numbers glued to a date make it something else (version, IP, phone, decimal).
_LEFT = r"(?<![\w.,/:+-])"
_RIGHT = r"(?!\w|[.,/:-]\d)"

_CORES = {
    # "07 февраля 2013", "7. Februar 2013", "7 de febrero de 2013", "Thu, 07 Feb 2013"
    "dmy": rf"{_DAY}{_SEP}{_MONTH}{_SEP}{_YEAR}{_YEAR_SUFFIX}",
    # "February 7, 2013", "Feb. 7th, 2013"
    "mdy": rf"(?<!\w){_MONTH}{_SEP}{_DAY}{_SEP}{_YEAR}",
    # Hungarian "2013. február 7.", "2013-Feb-07"
    "ymd": rf"{_YEAR}(?:\.\s*|-){_MONTH}(?:\s*|-){_DAY}",
    # "2013-02-07", "2013/02/07", "2013.02.07"
    "iso": rf"{_YEAR}(?P<s>[-/.])(?P<mo>0?[1-9]|1[0-2])(?P=s)(?P<d>0?[1-9]|[12]\d|3[01])(?!\d)",
    # "07.02.2013", "19/04/2024" (see the ambiguity rule in the module docstring)
    "num": rf"(?P<d>\d{{1,2}})(?P<s>[-/.])(?P<mo>\d{{1,2}})(?P=s){_YEAR}{_YEAR_SUFFIX}",
    # "2013年2月7日", Korean "2013년 2월 7일"
    "cjk": rf"{_YEAR}\s*[年년]\s*(?P<mo>\d{{1,2}})\s*[月월]\s*(?P<d>\d{{1,2}})\s*[日일]?",
}

@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    # compiled on first use (~0.2 s for the month names of every locale), not on import:
    # the runner's main process imports this module but never reads a date
    return {
        kind: re.compile(
            rf"{_LEFT}{_PRE_TIME}?(?:{_WEEKDAY})?{core}(?:{_CONN}{_TIME})?{_RIGHT}",
            re.IGNORECASE,
        )
        for kind, core in _CORES.items()
    }


# Every accepted form has a four-digit year. Scanning a whole line with all six patterns costs
# ~0.2 ms, so each year found is first checked against its neighbourhood with small anchored
# regexes ("gates"); only patterns whose gate passes are searched, starting just before the year.
_YEAR_HINT = re.compile(r"(?<!\d)(?:19\d\d|20\d\d|2100)(?!\d)")
# (regex, chars looked at before the year); each must match right up to the year.
@cache
def _gates() -> tuple[dict[str, tuple[re.Pattern[str], int]], dict[str, re.Pattern[str]]]:
    """(regex and chars looked at before the year, each matching right up to it; regexes
    that must match right after the year), compiled on first use."""
    before = {
        "dmy": (re.compile(rf"{_DAY}{_SEP}{_MONTH}{_SEP}$", re.IGNORECASE), 48),
        "mdy": (re.compile(rf"(?<!\w){_MONTH}{_SEP}{_DAY}{_SEP}$", re.IGNORECASE), 48),
        "num": (re.compile(r"(?<!\d)\d{1,2}([-/.])\d{1,2}\1$"), 6),
    }
    after = {
        "iso": re.compile(r"[-/.]\d"),
        "ymd": re.compile(rf"(?:\.\s*|-){_MONTH}", re.IGNORECASE),
        "cjk": re.compile(r"\s*[年년]"),
    }
    return before, after


# Longest optional prefix before a date's core: "12:03:45 GMT+05:30, Понедельник, ".
_PREFIX_MAX = 48


def _candidates(norm: str) -> list[tuple[str, re.Match[str]]]:
    """Matches of the full patterns, one search per (year, applicable pattern)."""
    found = []
    gates_before, gates_after = _gates()
    patterns = _patterns()
    for year in _YEAR_HINT.finditer(norm):
        ys, ye = year.span()
        starts = {}  # pattern -> where its core can start at the earliest
        for kind, (gate, back) in gates_before.items():
            if g := gate.search(norm, max(0, ys - back), ys):
                starts[kind] = g.start()
        for kind, gate in gates_after.items():
            if gate.match(norm, ye):
                starts[kind] = ys
        for kind, core_start in starts.items():
            pattern, pos = patterns[kind], max(0, core_start - _PREFIX_MAX)
            # Skip matches that end before this year (they belong to an earlier one).
            while (m := pattern.search(norm, pos)) and m.end() <= ys:
                pos = m.end()
            if m and m.start() <= ys:
                found.append((kind, m))
    return found


# Non-ASCII decimal digits -> ASCII, one char for one char so offsets stay valid.
_DIGITS = {
    zero + i: ord("0") + i
    for zero in (0x0660, 0x06F0, 0x0966, 0x09E6, 0x0E50, 0xFF10)  # ar, fa/ur, hi, bn, th, full
    for i in range(10)
}


def _build(m: re.Match[str], kind: str) -> datetime | None:
    g = m.groupdict()
    year, day = int(g["y"]), int(g["d"])
    if g.get("mon"):
        key = g["mon"].lower()
        month = _MONTHS.get(key) or _MONTHS.get(_strip_accents(key))
        if month is None:
            return None
    else:
        month = int(g["mo"])
        if kind == "num" and g["s"] != ".":
            # Slash/dash D/M/Y vs M/D/Y: only decide when the numbers do.
            if day > 12 >= month or day == month:
                pass
            elif month > 12 >= day:
                day, month = month, day
            else:
                return None
    hour = minute = second = micro = 0
    if g.get("H") is not None:
        hour, minute = int(g["H"]), int(g["M"])
        second = int(g["S"] or 0)
        micro = int((g["frac"] or "0").ljust(6, "0"))
        if g["ap"] and 1 <= hour <= 12:
            hour = hour % 12 + (12 if g["ap"].lower() == "p" else 0)
    elif g.get("pH") is not None:
        hour, minute, second = int(g["pH"]), int(g["pM"]), int(g["pS"] or 0)
    try:
        value = datetime(year, month, day, hour, minute, second, micro, tzinfo=UTC)
    except ValueError:  # 30 February, 31 April, ...
        return None
    tz = g.get("tz") or (g.get("ptz") if g.get("H") is None else None)
    if tz:
        value -= _tz_offset(tz)
    return value


def find_dates(text: str) -> list[DateMatch]:
    """Return every date expression in ``text``, in order of position, non-overlapping.

    Only expressions with day, month and a four-digit year (1900..2100) are returned; invalid
    calendar dates, month+year, bare years, times alone and ambiguous numeric dates are not.
    When candidate spans overlap, the one starting first (then the longest) wins.
    """
    if not text:
        return []
    norm = text.translate(_DIGITS)
    # Overlaps: the earliest start wins, then the longest span.
    candidates = sorted(_candidates(norm), key=lambda c: (c[1].start(), -c[1].end()))
    found: list[DateMatch] = []
    last_end = -1
    for kind, m in candidates:
        start, end = m.span()
        if start < last_end:
            continue
        value = _build(m, kind)
        if value is None:
            continue
        g = m.groupdict()
        found.append(
            DateMatch(
                start=start,
                end=end,
                value=value,
                has_time=g.get("H") is not None or g.get("pH") is not None,
                has_weekday=bool(g.get("wd")),
                text=text[start:end],
            )
        )
        last_end = end
    return found


_ISO_DAY = re.compile(r"\d{4}-?\d\d-?\d\d")


def parse_date(value: str) -> datetime | None:
    """Parse a string that is a date (metadata) into a timezone-aware UTC datetime.

    Accepts ISO 8601 (date only, with time, ``Z`` or offsets), RFC 822/2822 as used by feeds
    ("Thu, 07 Feb 2013 12:03:00 +0000"), and any form :func:`find_dates` knows; if the string
    holds several dates the first one is used. Naive times are taken as UTC. Returns ``None``
    for empty strings, garbage, or anything without day, month and a year in 1900..2100.
    """
    if not value or not value.strip():
        return None
    value = value.strip()
    try:
        # Fast path for the common machine-written case; 3.11 accepts "Z" and basic format.
        parsed = datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        parsed = None
    if parsed is not None and _ISO_DAY.match(value):
        if not 1900 <= parsed.year <= 2100:
            return None
        if parsed.tzinfo is None:
            return parsed.replace(tzinfo=UTC)
        return parsed.astimezone(UTC)
    matches = find_dates(value)
    return matches[0].value if matches else None


if __name__ == "__main__":
    # Rebuild the shipped month/weekday names after changing _LOCALES or babel's version.
    months, weekdays = names_from_cldr()
    DATE_NAMES.write_text(json.dumps({"months": months, "weekdays": weekdays},
                                     ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                          encoding="utf-8")
    print(f"wrote {DATE_NAMES}: {len(months)} month and {len(weekdays)} weekday names")
