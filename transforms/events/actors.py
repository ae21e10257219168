"""The events stage's actor lexicon (transforms/data/actors.json): who a sentence names,
with ACLED's actor category. Pure module; the lexicon loads once per process."""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from transforms.events.gazetteer import DEMONYMS, country, fold, index
from transforms.text.trie import trie_regex

ACTORS = Path(__file__).resolve().parent.parent / "data" / "actors.json"
STATE_FORCES = "State forces"
# Categories that are not armed actors: they never take or hold territory.
UNARMED = frozenset({"Protesters", "Rioters", "Civilians"})


# A state's force named by its own name takes a following kind word: "FARDC troops" is one
# actor, not also the event country's "troops".
_FORCE_KIND = r"(?: (?:troops|soldiers|forces|army|military|units?|personnel|officers|police))?"


@lru_cache(maxsize=1)
def _lexicon_entries() -> list[list[str]]:
    """The lexicon's entries: [pattern, name, category(, country)], in its order."""
    return json.loads(ACTORS.read_text(encoding="utf-8"))["actors"]


@lru_cache(maxsize=1)
def actor_lexicon() -> tuple[re.Pattern[str], list[tuple[str, str]]]:
    """One regular expression with a named group per lexicon entry (one pass per sentence;
    at a position, the earlier entry wins, as the lexicon's order intends)."""
    entries = [(name, category) for _, name, category, *_ in _lexicon_entries()]
    patterns = [f"(?:{pattern}){_FORCE_KIND}" if category == STATE_FORCES and "{country}" not in name
                else pattern for pattern, name, category, *_ in _lexicon_entries()]
    # Matched on lower-cased text: much faster than re.IGNORECASE on a long alternation.
    alternation = "|".join(f"(?P<a{i}>{pattern.lower()})" for i, pattern in enumerate(patterns))
    return re.compile(rf"\b(?:{alternation})\b"), entries


@lru_cache(maxsize=1)
def _actor_homes() -> dict[int, str]:
    """Lexicon entry → the one country its group fights in: a state's force named by its own
    name ("FAMa": Mali) or a group the lexicon gives a country ("NPA": the Philippines)."""
    names = {country_label(code): code for code in index().countries}
    homes = {}
    for i, (_, name, category, *home) in enumerate(_lexicon_entries()):
        if home:
            homes[i] = home[0]
        elif category == STATE_FORCES and (m := re.fullmatch(r".+ of (?:the )?(.+)", name)) and m.group(1) in names:
            homes[i] = names[m.group(1)]
    return homes


def actor_countries(text: str) -> Counter:
    """The countries the text's single-country actors point at (one vote per mention): where
    a story that names no country or known place is set ("NPA rebels ambushed a patrol in
    Barangay Tagbac")."""
    pattern, _ = actor_lexicon()
    homes = _actor_homes()
    return Counter(homes[i] for m in pattern.finditer(text.lower()) if (i := int(m.lastgroup[1:])) in homes)


# ACLED's names for countries the gazetteer names otherwise, and the countries whose forces
# ACLED names with "the" ("Military Forces of the Philippines", but "Civilians (Philippines)").
_ACLED_COUNTRY = {"PS": "Palestine", "CD": "Democratic Republic of Congo", "CG": "Republic of Congo"}
_WITH_THE = frozenset({"Philippines", "Central African Republic", "Democratic Republic of Congo",
                       "Republic of Congo", "United States", "United Kingdom", "Netherlands", "Gambia",
                       "United Arab Emirates", "Comoros", "Maldives", "Bahamas", "Czech Republic",
                       "Dominican Republic"})


def country_label(code: str | None) -> str | None:
    """A country's name as ACLED's actor names write it."""
    place = country(code)
    return _ACLED_COUNTRY.get(code or "", place.name if place else None)


# A territory whose military, named without a nationality, is another state's: in Gaza and the West
# Bank "troops", "warplanes" and "the army" are Israel's (ACLED's exports code 3,880 rows to the
# Military Forces of Israel and none to a military of Palestine).
_MILITARY_OF = {"Palestine": "Israel"}


def forces_of(country_name: str) -> str:
    """The country as a force's name ends: "the Philippines", "Mali"."""
    return f"the {country_name}" if country_name in _WITH_THE else country_name


# Forces are named by a state's initials too ("U.S. air strikes", "US troops", "UK forces"): only
# before a force's kind, where "us" is no pronoun.
_FORCE_NATIONS = {**DEMONYMS, "u.s.": "US", "us": "US", "u.s": "US", "u.k.": "GB", "uk": "GB"}


@lru_cache(maxsize=1)
def _force_nations() -> dict[str, str]:
    """Demonyms, initials and country names a force's kind may follow ("United States Marines")."""
    return {**index().country_names, **_FORCE_NATIONS}


@lru_cache(maxsize=1)
def _national_forces() -> re.Pattern[str]:
    """A state's forces named by its nationality ("Russian forces", "Israeli troops") or its name
    ("United States Marines", "Pakistan Army"): they are that state's, whichever country the
    event is in."""
    demonyms = trie_regex(sorted(d for d, code in _force_nations().items() if code))
    return re.compile(rf"\b(?P<demonym>{demonyms})(?:-led)? (?:(?:military|armed|security|government|"
                      rf"special|naval|ground|air|army|occupation) )?(?P<kind>forces|troops|soldiers|army|military|"
                      rf"navy|air force|warplanes|jets|aircraft|airplanes|planes|helicopters?|drones?|uavs?|warships?|gunships?|"
                      rf"(?:naval |gun)?boats|"
                      rf"air ?strikes?|air ?raids?|strikes|raids|shelling|missiles?|rockets?|bombers|"
                      rf"artillery|tanks?|gunboats|snipers|bulldozers|marines|police|"
                      rf"positions?|posts?|outposts?|bases?|checkpoints?|convoys?|patrols?|coast guard|"
                      rf"air defen[cs]es?|commandos|special forces|gendarmes|gendarmerie)\b")


@lru_cache(maxsize=1)
def _state_acting() -> re.Pattern[str]:
    """A state named acting by force ("Israel strikes …", "Kuwait foils a plot", "Iran arrests
    …"): its forces act."""
    names = trie_regex(sorted(index().country_names))
    return re.compile(rf"\b(?P<state>{names})(?:'s)?\s+(?:(?:military|army|air force|navy|armed forces|forces|"
                      rf"police|security forces)\s+)?(?P<verb>launch(?:es|ed)|strikes|struck|bomb(?:s|ed)|"
                      rf"shell(?:s|ed)|attack(?:s|ed)|fire(?:s|d)|invade(?:s|d)|carr(?:ies|ied) out|"
                      rf"conduct(?:s|ed)|seize(?:s|d)|capture(?:s|d)|recapture(?:s|d)|retakes|retook|"
                      rf"kill(?:s|ed)|arrest(?:s|ed)|detain(?:s|ed)|foil(?:s|ed)|intercept(?:s|ed)|"
                      rf"shoots down|shot down|deploy(?:s|ed))\b")


_PLACE_BEFORE = re.compile(r"\b(?:in|of|at|near|from|across|inside|outside)\s+(?:the\s+)?$")


def states_acting(lowered: str) -> list[tuple[int, int, str]]:
    """(start, end, normalised name) of each state named acting by force in lower-cased
    `lowered`: its police when it arrests or detains, else its military."""
    found = []
    for m in _state_acting().finditer(lowered):
        if _PLACE_BEFORE.search(lowered, max(0, m.start() - 8), m.start()):
            continue  # "a bomb in Farah province of Afghanistan kills four troops": a place, not the state
        name = country_label(index().country_names[m.group("state")])
        if name is not None:
            kind = "Police Forces" if m.group("verb").startswith(("arrest", "detain")) else "Military Forces"
            found.append((m.start(), m.end(), f"{kind} of {forces_of(name)}"))
    return found


def national_forces(lowered: str) -> list[tuple[int, int, str]]:
    """(start, end, normalised name) of each state force named by nationality in lower-cased
    `lowered`."""
    found = []
    for m in _national_forces().finditer(lowered):
        name = country_label(_force_nations()[m.group("demonym")])
        if name is not None:
            kind = "Police Forces" if m.group("kind") in ("police", "gendarmes", "gendarmerie") else "Military Forces"
            found.append((m.start(), m.end(), f"{kind} of {forces_of(name)}"))
    return found


# A militia named by its people or its place ("suspected Pokot militia", "Turkana raiders",
# "community militias from Upper Dixcove" is not: that name follows). ACLED names the first an
# ethnic militia and the second a communal one: "Pokot Ethnic Militia (Kenya)", "Kaduna
# Communal Militia (Nigeria)"; unnamed, "Unidentified Ethnic Militia".
_NAMED_MILITIA = re.compile(r"\b(?P<name>[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?) (?:(?P<kind>[Ee]thnic|[Cc]ommunal|[Cc]lan|[Tt]ribal) )?"
                            r"(?:[Mm]ilitia|[Mm]ilitias|[Mm]ilitiamen|raiders|pastoralists|herders|herdsmen)\b")
# Two peoples named with one kind word ("clashes between Gumuz and Oromo militias", "members of
# the Lobi and Dogosse communities clashed"): each its own militia.
_PAIRED_MILITIAS = re.compile(r"\b(?P<first>[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?) and (?:the )?(?P<name>[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?) "
                              r"(?:(?P<kind>[Ee]thnic|[Cc]ommunal|[Cc]lan|[Tt]ribal) )?"
                              r"(?:[Mm]ilitias?|[Mm]ilitiamen|communities|clans|tribes|ethnic groups|clansmen|tribesmen)\b")
_UNNAMED_MILITIA = re.compile(r"\bunidentified (?P<kind>ethnic|communal|clan|tribal) militia(?:s|men)?\b")
# Capitalised words before "militia" that name no people: sentence openers and descriptions.
_NOT_A_PEOPLE = frozenset({"the", "suspected", "unidentified", "unknown", "local", "community", "armed",
                           "ethnic", "communal", "rival", "allied", "government", "state", "civilian", "islamist",
                           "christian", "muslim", "village", "youth", "youths", "militia", "pro", "anti", "other",
                           "several", "some", "many", "two", "three", "both", "these", "those", "rebel", "tribal",
                           "clan", "shia", "shiite", "sunni", "hindu", "buddhist", "jihadist", "maoist", "communist",
                           "militant", "regional", "special", "police", "army", "cattle", "nomadic", "pastoral",
                           "alleged", "masked", "heavily", "dozens", "hundreds", "another", "one", "a", "an", "on",
                           "in"})


def _militia_label(name: str, kind: str | None) -> str | None:
    """ACLED's name for the militia of a people or town, or None when the word names no people."""
    key = fold(name)
    if key in _NOT_A_PEOPLE or key in DEMONYMS or key in index().country_names:
        return None
    kind = (kind or "").lower()
    # a town's name is a community's; a region's ("Turkana", "Somali") is its people's
    communal = kind == "communal" or (not kind and any(place.kind == "city" for place in index().names.get(key, ())))
    return f"{name} {'Communal' if communal else 'Ethnic'} Militia"


def named_militias(sentence: str, country_name: str | None) -> list[tuple[int, int, str]]:
    """(start, end, ACLED's name) of each militia the sentence names by its people or place."""
    found = []
    paired = list(_PAIRED_MILITIAS.finditer(sentence))
    for m in [*_NAMED_MILITIA.finditer(sentence), *paired]:
        label = _militia_label(m.group("name"), m.group("kind"))
        if label is None or any(label == known for _, _, known in found):
            continue  # "Oromo militia" of "Gumuz and Oromo militia", told once
        found.append((m.start("name"), m.end(), label))
    for m in paired:  # the first of the two peoples
        if (label := _militia_label(m.group("first"), m.group("kind"))) is not None:
            found.append((m.start("first"), m.end("first"), label))
    found.sort()
    for m in _UNNAMED_MILITIA.finditer(sentence.lower()):
        kind = "Communal" if m.group("kind") == "communal" else "Ethnic"
        found.append((m.start(), m.end(), f"Unidentified {kind} Militia"))
    return [(start, end, f"{label} ({country_name})" if country_name else label) for start, end, label in found]


# What a state force's word names when it is no force present ("the military wing of Al Ahrar" is Al Ahrar's).
_NOT_A_FORCE = re.compile(r"-|\s+(?:coup|court|tribunal|rule|spokesm[ae]n|spokesperson|sources?|wings?)\b")


def _backed_or_opposed(lowered: str, start: int) -> bool:
    """Is the name at `start` what someone is for or against ("pro-Russian", "anti-Taliban")?"""
    return lowered[max(0, start - 5):start].endswith(("pro-", "anti-", "pro ", "anti "))


# The lexicon's kind words: after a group's name they are that group ("JNIM militants").
_GENERIC = frozenset({"Militants", "Rebels", "Militia", "Bandits", "Unidentified Armed Group ({country})"})


# The Philippine drug war's killers told as vigilantes ("a drug suspect was shot dead by
# suspected vigilantes", "in a vigilante-style attack by unidentified assailants"): ACLED names
# them "Anti-Drug Vigilantes (Philippines)" (86 of 86 such dev notes).
_DRUG_WAR = re.compile(r"\bvigilante.*\b(?:drugs?|shabu|narcotics?)\b|\b(?:drugs?|shabu|narcotics?)\b.*\bvigilante")
_VIGILANTES = ("Anti-Drug Vigilantes (Philippines)", "Political militia")


def _drug_war_vigilantes(found: list[tuple[int, str, str]], lowered: str) -> list[tuple[int, str, str]]:
    """The unidentified attackers or militia of a drug-war killing told as vigilantes are
    ACLED's Anti-Drug Vigilantes; told by no other name, they are added where "vigilante" is."""
    unnamed = ("Unidentified Armed Group (Philippines)", "Militia")
    if any(label in unnamed for _, label, _ in found):
        return [(pos, *_VIGILANTES) if label in unnamed else (pos, label, category) for pos, label, category in found]
    if any(category not in UNARMED for _, _, category in found):
        return found  # the police or a named group did it
    return sorted([*found, (lowered.index("vigilante"), *_VIGILANTES)], key=lambda a: a[0])


def find_actors(sentence: str, country_name: str | None) -> list[tuple[int, str, str]]:
    """(position, normalised name, ACLED category) of the actors a sentence names, in order.
    A state's forces named by nationality, or a state named acting by force ("Israel
    strikes"), are that state's; otherwise state forces are the event country's
    (`country_name`, as `country_label` gives it)."""
    pattern, entries = actor_lexicon()
    lowered = sentence.lower()
    lexicon_matches = list(pattern.finditer(lowered))
    # A named group around the nationality ("Free Syrian Army") is that group.
    national = [(start, end, label) for start, end, label in national_forces(lowered) + states_acting(lowered)
                if not any(m.start() <= start < m.end() for m in lexicon_matches) and not _backed_or_opposed(lowered, start)
                and sentence[start:start + 3] not in ("us ", "uk ")]  # "told us troops …": a pronoun
    # a group the lexicon names ("Koglweogo militiamen", "Boko Haram herders") keeps its name
    militias = [x for x in named_militias(sentence, country_name)
                if not any(m.start() <= x[0] < m.end() and entries[int(m.lastgroup[1:])][0] != "Militia"
                           for m in lexicon_matches)]
    found = [(start, label, STATE_FORCES) for start, _, label in national]
    found += [(start, label, "Identity militia") for start, _, label in militias]
    named_end: int | None = None  # where the last armed group the lexicon names ends
    absorbed: set[str] = set()
    for m in lexicon_matches:
        if any(start <= m.start() < end for start, end, _ in national + militias):
            continue  # "troops" of "Israeli troops", "militia" of "Pokot militia": told already
        name, category = entries[int(m.lastgroup[1:])]
        if _backed_or_opposed(lowered, m.start()) or (category == STATE_FORCES and _NOT_A_FORCE.match(lowered, m.end())):
            # "pro-military nationalists", "an anti-Taliban cleric": whom they back or oppose;
            # "a military-owned tower", "the military coup", "a military court": no force present
            continue
        if country_name and name == "Military Forces of {country}" and country_name in _MILITARY_OF:
            label = f"Military Forces of {_MILITARY_OF[country_name]}"
        else:
            label = (name.replace(" of {country}", f" of {forces_of(country_name)}").format(country=country_name)
                     if country_name else re.sub(r"\s*\(\{country\}\)|\s+of \{country\}", "", name))
        if name in _GENERIC:
            if named_end is not None and lowered[named_end:m.start()].isspace():
                absorbed.add(label)  # "militants" of "JNIM militants", and any other "the militants"
                continue
        elif category not in UNARMED:
            named_end = m.end()
        found.append((m.start(), label, category))
    found.sort(key=lambda a: a[0])
    if country_name == "Philippines" and _DRUG_WAR.search(lowered):
        found = _drug_war_vigilantes(found, lowered)
    unique, seen = [], set(absorbed)
    for pos, label, category in found:
        if label not in seen:
            seen.add(label)
            unique.append((pos, label, category))
    return unique
