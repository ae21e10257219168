"""Events stage: English articles → ACLED-coded event rows, fused across articles.

Per article (pure `extract_events`): sentences → sub-event type (transforms/events/types.py)
→ fatalities and day (transforms/events/numbers.py) → place (transforms/events/gazetteer.py) →
actors (transforms/data/actors.json). Sentences that only state a cumulative toll are not
events. One event = one place, one day, one kind of activity: sentences of an article that
agree on all three are one row, their evidence joined and the largest stated count kept
(each count is already the conservative figure of its sentence). A sentence that names no
place, day or other incident of its own goes on telling the event just told (within three
sentences): it joins that row, and a row told over several sentences is typed from all of
them, as ACLED types a note. The row read in the lead (first or second sentence) is typed
with the article's headline before it.

Across articles (`FuseEvents`): rows of the same sub-event type at the same place (or the
same country, for country-level rows) whose days are compatible (equal or one apart, or
unknown) and whose counts are compatible (unknown, or within a factor of two) share an
event_cluster_id; `story_count` says how many distinct stories reported it (copies count
once: their story_id is their canonical's). Deterministic: ids are hashes of content.

Other languages produce no events rather than wrong ones.
Output columns: schemas.tables.EVENTS.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from transforms.base import Record, stable_id
from transforms.events.actors import actor_countries, actor_lexicon, country_label, find_actors
from transforms.events.cues import ANOTHER_INCIDENT, OTHER_INCIDENT_TOLD
from transforms.events.gazetteer import (
    AREA_KINDS,
    DEMONYMS,
    MONTH_ABBREVIATIONS,
    NAMESAKE_ABROAD,
    OPENING_PREPOSITIONS,
    Place,
    admin_unit_countries,
    capital,
    context_countries,
    country,
    mentions,
    people_countries,
    resolve,
)
from transforms.events.model import model, prose_case
from transforms.events.numbers import (
    dead_sides,
    event_day,
    fatalities,
    is_cumulative,
    told_as_history,
)
from transforms.events.relevance import article_context, context_probability
from transforms.events.sides import acled_sides, claimed_by, initiator_and_target
from transforms.events.types import classify_all, event_type, territory_in_country

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"“'‘(]?[A-Z0-9])|\n+")
_SENTENCE_END_KEPT = re.compile(f"({_SENTENCE_END.pattern})")  # split keeping the separators
# Words whose full stop never ends a sentence before a capital: titles, ranks and place
# words ("Maj. Gen. Ali", "Brgy. San Vicente", "St. Louis").
_TITLE_ABBREVIATION = re.compile(
    r"(?:^|[\s(\"“'‘-])(?:Mr|Mrs|Ms|Messrs|Dr|Prof|Gen|Lt|Col|Maj|Capt|Cpt|Sgt|Cpl|Pvt|Pfc|Adm|Cmdr|Cdr|Brig|"
    r"Supt|Insp|Gov|Sen|Rep|Rev|Hon|Pres|Amb|Atty|Engr|Fr|St|Ste|Sta|Sto|Mt|Ft|Brgy|Bgy|Bgry|Dept|Govt|Univ|"
    r"Ave|Blvd|Rd|Sq)\.$")
# Full stops that end a sentence only before a word that can start one: "No. 5", "Nov. 2".
_NUMBER_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:No|Nos|Vol|Art|Sec|"
                                  + "|".join(sorted(m.capitalize() for m in MONTH_ABBREVIATIONS)) + r")\.$")
# Initials and company suffixes ("the U.S. State Department", "John F. Kennedy", "Apple Inc.
# shares") go on unless the next word is one a sentence starts with ("... by the U.S. The move").
_INITIALS = re.compile(r"(?:^|[\s(\"“])(?:(?:[A-Z]\.){1,3}|Inc\.|Co\.|Corp\.|Ltd\.|Jr\.|Sr\.|Bros\.)$")
_SHORT_CAPITALISED = re.compile(r"(?<![A-Za-z])[A-Z][A-Za-z.]{0,6}$")
_SENTENCE_OPENERS = frozenset(
    "the a an he she it they we i you his her its their our this that these those there here "
    "in on at of for from by with after before during when while as if but and or so yet "
    "however meanwhile earlier later also then now today yesterday some many most several "
    "all both one two three four five six seven eight nine ten no not what who why how".split())
# A page's list of other articles flattened into its text ("110 Related Syrian Army Destroys
# ... Syrian Army Gains Control of ..."): other stories' headlines, not this one's news.
_LINK_LIST = re.compile(r"^\W*(?:\d+\s+)?(?:related(?:\s+(?:articles|stories|news|posts|coverage))?|see also|"
                        r"more from|you may also like)\b\s*:?\s+(?-i:[A-Z])", re.IGNORECASE)
_NATIONWIDE = re.compile(r"\b(?:nationwide|across the country|countrywide|throughout the country|"
                         r"across (?:the )?(?:nation|territory))\b", re.IGNORECASE)
# What a sentence tells happened besides deaths; a count without any of these ("More than 22
# people were killed by Saturday afternoon") is the toll of the event told just before it.
_ACTION = re.compile(
    r"\b(?:attack|assault|clash|fight|battl|bomb|blast|explo|shell|mortar|rocket|missile|"
    r"strike|struck|raid|air ?strike|air[- ]raid|drone|fired|firing|fire\b|shot|shoot|gun|"
    r"ambush|storm|stab|behead|massacr|execut(?:ed|ion|ing)|grenade|landmine|mines?\b|ied\b|"
    r"protest|demonstrat|march|rall(?:y|ies|ied)|riot|mob\b|lynch|abduct|kidnap|arrest|"
    r"detain|seiz|captur|overr[au]n|loot|torch|burn|set fire|crash|collapse|flood|quake)")
STORY_DAY = "text:story"  # event_day_source of a day inherited from the story's last told day
_NO_DAY_TOLD = ("published", STORY_DAY, None)  # sources of a day the sentence itself does not tell
_TOLD_BEFORE = re.compile(r"\b(?:the|this|that|its|their)\s+(?:[\w-]+\s+){0,2}$")


def _new_action(lowered: str) -> bool:
    """Does the sentence tell an action of its own, not only the one just told ("An infant dies
    during the raid", "The clerk died in the fire": the raid and fire already told)?"""
    return any(not _TOLD_BEFORE.search(lowered, max(0, m.start() - 40), m.start()) for m in _ACTION.finditer(lowered))


# A sentence opening on the event just told or its people: "The attack ...", "During the
# incident, ...", "The protesters ..." ("After the blast, ..." tells what came next).
_REFERS_BACK = re.compile(
    r"\W*(?:(?:during|in|as a result of|in the course of)\s+)?(?:the|this|that|these|those)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:attacks?|incidents?|explosions?|blasts?|bombings?|clash(?:es)?|fighting|protests?|"
    r"demonstrations?|rall(?:y|ies)|riots?|raids?|strikes?|air ?strikes?|ambush(?:es)?|assaults?|shootings?|"
    r"violence|confrontations?|attackers|assailants|gunmen|perpetrators|protesters|demonstrators|rioters|"
    r"victims?|patrol|mob|suspects?|act)\b", re.IGNORECASE)
_HAPPENED = re.compile(r"\s+(?:\w+ly\s+)?(?:happened|occurred|took place|came|unfolded)\b", re.IGNORECASE)
_ALSO_DID = re.compile(r"^\W*(?:also|additionally|in addition)\b|\balso\s+(?:[\w-]+\s+)?(?:struck|hit|shelled|fired|opened|"
                       r"attacked|targeted|bombed|dropped|launched|raided|shot)\b", re.IGNORECASE)
_CAME_NEXT = re.compile(r"\W*(?:after|following|later|then|afterwards|subsequently)\b", re.IGNORECASE)
_SAME_PLACE = re.compile(r"\b(?:in|at|near|around)\s+(?:the\s+)?same\s+(?:location|area|place|spot|locality|village|"
                         r"town|city|neighbou?rhood)\b", re.IGNORECASE)
_COUNTRY_OR_COARSER = ("country", "article", "none")  # geo_precision of a row placed no finer than its country
# How many sentences after an event's last one a sentence may go on telling it.
_CONTINUATION_WINDOW = 3
_ANOTHER_DEAD = re.compile(r"\banother (?:[\w-]+ ){0,2}?(?:died|dies|was killed|was shot dead|succumbed)\b", re.IGNORECASE)
_ALSO_KILLED = re.compile(r"\balso\b[^.;]{0,40}\b(?:killed|died|dead|slain)\b|\b(?:killed|died|dead)\b[^.;]{0,30}\bas well\b",
                          re.IGNORECASE)
# One demonstration's forms: what became of it decides its type.
_DEMONSTRATION = frozenset({"Peaceful protest", "Protest with intervention", "Excessive force against protesters",
                            "Violent demonstration"})
_DATELINE = re.compile(r"^\s*([A-Z][A-Za-z'’ .-]{2,40}?)(?:,\s*[A-Z][A-Za-z .]+)?\s*(?:\([^)]{2,30}\))?\s*[-–—:]\s")
# "around the capital", "the Egyptian capital", "the country's capital" (not "capital of X").
_CAPITAL = re.compile(r"\b(the|its|their|country's|country’s|nation's|nation’s|[a-z]+(?: [a-z]+)?)"
                      r"\s+capital(?:['’]s)?\b(?!\s+(?:of|punishment|gains?|markets?|city of))")


@dataclass(frozen=True)
class EventsConfig:
    languages: tuple[str, ...] = ("en",)
    max_day_gap: int = 1          # days apart that still describe one event (fusion)
    max_count_ratio: float = 2.0  # counts further apart are different events (fusion)
    # Sentences the model gives a lower event probability are not events; None: the
    # threshold chosen on the dev data and shipped with the model (training/events_report.json).
    min_confidence: float | None = None


_ENGLISH_WORDS = frozenset("the of in on and a an to was were by at from with after for".split())


def looks_english(text: str) -> bool:
    """For short texts langdetect leaves undetermined (a one-line news brief): mostly ASCII
    letters and several English function words."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters or sum(ch.isascii() for ch in letters) < 0.9 * len(letters):
        return False
    return len(_ENGLISH_WORDS & set(re.findall(r"[a-z]+", text.lower()))) >= 3


def split_sentences(text: str) -> list[str]:
    """Sentences of `text`: split after ., ! or ? before a capital, and at line ends, but not
    after a title, rank or place abbreviation, nor after initials that a name goes on from."""
    pieces = _SENTENCE_END_KEPT.split(text)  # sentence, separator, sentence, …
    sentences, current = [], pieces[0]
    for separator, following in zip(pieces[1::2], pieces[2::2], strict=True):
        # most full stops end a lower-case word or a number: only a short capitalised word's is looked at
        if (current.endswith(".") and "\n" not in separator
                and _SHORT_CAPITALISED.search(current, max(0, len(current) - 9))
                and _abbreviation(current[-12:], following[:20])):
            current += separator + following
        else:
            sentences.append(current)
            current = following
    sentences.append(current)
    return [s.strip() for s in sentences if s.strip()]


def _abbreviation(before: str, after: str) -> bool:
    """Whether the full stop ending `before` (its last few characters) is an abbreviation's
    that the text after it (its first few) goes on from."""
    if _TITLE_ABBREVIATION.search(before):
        return True
    if _NUMBER_ABBREVIATION.search(before):
        return after[:1].isdigit()
    if _INITIALS.search(before):
        word = re.match(r"[\"“'‘(]?([A-Za-z]+)", after)
        return bool(word) and word.group(1).lower() not in _SENTENCE_OPENERS
    return False


# "Pikit town, Cotabato province", "Budalin township (Monywa district)": where the text calls one
# name a town, a name it calls a province or district is the area the town is in, whatever town
# of that name the gazetteer has. (Without a town named as one, "district" is often a city's
# quarter: "the capital's Abbasiyeen district and a road in ..." keeps Abbasiyeen.)
_ADMIN_AREA_AFTER = re.compile(r"\s+(?:province|district|region|state|county|governorate|department|prefecture|"
                               r"regency|division|zone|oblast|raion)\b", re.IGNORECASE)
# (not "district": often a city's quarter)
_PROVINCE_AFTER = re.compile(r"\s+(?:province|region|state|county|governorate|department|prefecture|oblast)\b",
                             re.IGNORECASE)
_SETTLEMENT_AFTER = re.compile(r"\s+(?:town|township|village|city|municipality)\b", re.IGNORECASE)


def _places_named(sentence: str) -> list:
    """The sentence's place mentions but towns inside an armed group's name ("Abu Sayyaf",
    "the Moro Islamic Liberation Front"): neither the event's place nor a pointer to the
    story's country. A region or country a group is named after ("Tigray forces") still is."""
    found = mentions(sentence)
    return [m for m in found if (m.candidates and m.candidates[0].kind in (*AREA_KINDS, "country"))
            or not _inside_actor_name(sentence, m)]


@lru_cache(maxsize=1)
def _actor_name_words() -> frozenset[str]:
    """Every word the actor lexicon's patterns spell (a superset of its names' words)."""
    return frozenset(re.findall(r"[a-z]{2,}", actor_lexicon()[0].pattern.lower()))


def _inside_actor_name(sentence: str, m) -> bool:
    # most places share no word with any group's name: no search for them
    if not any(word in _actor_name_words() for word in re.findall(r"[a-z]+", m.surface.lower())):
        return False
    # the lexicon's names are a few words long: only the mention's neighbourhood is searched
    offset = max(0, m.start - 40)
    window = sentence[offset:m.end + 40].lower()
    return any(a.start() + offset <= m.start and m.end <= a.end() + offset
               for a in actor_lexicon()[0].finditer(window))


def _place_of(sentence: str, found: list, context,
              default: tuple[Place, str] | None) -> tuple[Place | None, str | None, str]:
    """(place, name as written, precision) of a sentence's event (`found`: its mentions)."""
    local = [m for m in found if not m.known or m.candidates[0].kind != "country"]
    home = context.most_common(1)[0][0] if context else None
    # The story's own country first ("as leaders met in Istanbul, troops shelled Qusair"),
    # then places the gazetteer knows or the text locates ("Goska (Jema'a, Kaduna)"), then
    # places introduced as places ("in", "near", "the town of"), then text order.
    # A town before the state or province it is in ("Kandi (Kandi, Alibori)").
    resolved = [(m, resolve(m, context)) for m in local]
    settled = any(_SETTLEMENT_AFTER.match(sentence, m.end) for m in local)
    # The place a sentence opens with sets the scene ("In Damascus, clashes around Jobar ..."):
    # a place the sentence goes on to introduce is finer.
    # A place in an aside about someone ("…, who is in detention in Kampala") is where they are,
    # not where the sentence's event happened: any other place first.
    ranked = sorted(resolved, key=lambda mp: (_ASIDE_BEFORE.search(sentence, 0, mp[0].start) is not None,
                                              mp[1].country_code not in (home, None), mp[1].kind in AREA_KINDS,
                                              settled and bool(_ADMIN_AREA_AFTER.match(sentence, mp[0].end)),
                                              # a name whose namesakes all lie abroad: any place known here first
                                              not (mp[0].known or mp[0].candidates or mp[1].kind == "city") or mp[1].kind == NAMESAKE_ABROAD,
                                              not mp[0].after_preposition,
                                              sentence[:mp[0].start].strip() in OPENING_PREPOSITIONS,
                                              mp[0].start))
    if ranked:
        m, place = ranked[0]
        # "the eastern Iğdır Province", "Lamu County": the area named after its seat, not the town
        named_area = _PROVINCE_AFTER.match(sentence, m.end) is not None
        return place, m.surface, ("region" if place.kind in AREA_KINDS or named_area else
                                  "place" if (m.known and place.kind != NAMESAKE_ABROAD)
                                  or (not m.known and place.kind == "city") else "approximate")
    named_capital = _capital_in(sentence, home)
    if named_capital is not None:
        return named_capital, named_capital.name, "place"
    countries = [m for m in found if m.known and m.candidates[0].kind == "country"]
    if countries:
        # where it happened ("in northern Nigeria") before who took part ("the Chad army")
        where = [m for m in countries if _WHERE_BEFORE.search(sentence, max(0, m.start - 40), m.start)]
        # and where something came from is not where it happened: "drones from Lebanon",
        # "acting on requests from neighbouring Italy"
        not_origin = [m for m in countries if not _FROM_BEFORE.search(sentence, max(0, m.start - 30), m.start)]
        # (where it names only origins, the story's own country: "the Israeli Navy intercepts
        # drones from Lebanon in Israeli airspace")
        if where or not_origin:
            chosen = (where or not_origin)[0].candidates[0]
        else:
            origins = {m.candidates[0].country_code for m in countries}
            chosen = (country(home) if home and home not in origins else None) or countries[0].candidates[0]
        return chosen, chosen.name, "country"
    if _NATIONWIDE.search(sentence) and context:
        top = country(context.most_common(1)[0][0])
        if top:
            return top, top.name, "country"
    if default is not None:
        return default[0], default[1], "article"
    if context:
        top = country(context.most_common(1)[0][0])
        if top:
            return top, top.name, "country"
    return None, None, "none"


# (to its next comma, unless a name follows it: "…, who rioted in Cianjur city, West Java province")
_ASIDE_BEFORE = re.compile(r",\s+(?:who|whom|whose)\b(?:[^,;.()]|,(?=\s+[A-Z]|\s*$))*$")
_WHERE_BEFORE = re.compile(r"\b(?:[Ii]n|[Aa]t|[Nn]ear|[Ii]nside|[Aa]cross|[Oo]utside|[Aa]round|[Ii]nto|[Tt]hroughout|"
                           r"[Oo]ff)\s+(?:the\s+)?(?:(?:north|south|east|west|central|far)(?:-?(?:east|west))?"
                           r"(?:ern)?\s+)?$")


_FROM_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?(?:neighbou?ring\s+|nearby\s+)?$", re.IGNORECASE)


def _capital_in(sentence: str, home: str | None) -> Place | None:
    """The capital a sentence names without its name: the story's country's, or the one a
    demonym points to ("the Egyptian capital")."""
    for m in _CAPITAL.finditer(sentence.lower()):
        words = m.group(1).split()
        if words[-1] in ("the", "its", "their") or words[-1].startswith(("country", "nation")):
            code = home
        else:
            code = DEMONYMS.get(" ".join(words), DEMONYMS.get(words[-1]))
        if code:
            return capital(code)
    return None


def _dateline_place(text: str, context) -> tuple[Place, str] | None:
    m = _DATELINE.match(text)
    if not m:
        return None
    found = [x for x in mentions(m.group(1)) if x.known and x.candidates[0].kind != "country"]
    return (resolve(found[0], context), found[0].surface) if found else None


def extract_events(article: Record, config: EventsConfig | None = None) -> list[Record]:
    """Event rows of one article (without event_cluster_id), in text order."""
    config = config or EventsConfig()
    language = article.get("language")
    if language not in config.languages and not (
            language == "und" and "en" in config.languages and looks_english(article.get("text") or "")):
        return []
    text = article.get("text") or ""
    title = article.get("title") or ""
    sentences = split_sentences(text)
    threshold = model().threshold if config.min_confidence is None else config.min_confidence
    # The model reads the headline as prose: a Title-Case one would be all names to it.
    headline = prose_case(title)
    article_p = context_probability(article_context(headline, sentences))
    if article_p is not None and article_p < threshold:
        return []  # a sentence's confidence is at most its article's: most articles stop here
    coded = classify_all(sentences, threshold, article_p)
    if not any(confidence >= threshold for _, confidence in coded):
        return []  # most articles: nothing ACLED would code, and no place lookups spent
    found = [_places_named(s) for s in sentences]
    # a country's own administrative units ("Muna Regency", "Brgy.") weigh as its places do
    context = (context_countries(f"{title}\n{text}", mentions(title) + [m for ms in found for m in ms])
               + admin_unit_countries(f"{title}\n{text}"))
    if not context:  # no country or known place named: the actors or peoples may say where it is
        context = actor_countries(f"{title}\n{text}") + people_countries(f"{title}\n{text}")
    default_place = _dateline_place(text, context)
    published = article.get("published_at")
    events: dict[tuple, Record] = {}
    last_place: tuple[Place, str] | None = None
    story_day = None  # the day the story last told an event on
    last_event: Record | None = None
    for index, sentence in enumerate(sentences):
        if _LINK_LIST.match(sentence):
            continue  # other articles' headlines: neither an event nor more of one
        sub, confidence = coded[index]
        if confidence < threshold:
            sub = None
        continues = (last_event is not None and not _places_of_its_own(sentence, found[index], last_event)
                     and not _NATIONWIDE.search(sentence)  # a place of its own: the country
                     and not _CAPITAL.search(sentence.lower())  # or its capital
                     and index - last_event["last_index"] <= _CONTINUATION_WINDOW)
        after_event = continues and last_event["fatalities"] is None
        if last_event is not None and index - last_event["last_index"] <= _CONTINUATION_WINDOW:
            claimed_by(last_event, sentence)  # "… JNIM claimed responsibility."
        # "Two suspects were killed in a shootout with the police. One policeman was also
        # killed.": more dead of the event just told, added to its count (ACLED sums them), as
        # are the other side's dead ("Two soldiers were killed in the clash. Three rebels died.")
        if continues and last_event["fatalities"] and _tells_more_dead(last_event, sentence):
            more, more_groups = fatalities(sentence)
            if more:
                _tell(last_event, sentence, index)
                _add_count(last_event, more, more_groups)
                continue
        if (sub is None and not after_event) or is_cumulative(sentence) or told_as_history(sentence, published):
            continue
        killed, breakdown = fatalities(sentence)
        other_incident = OTHER_INCIDENT_TOLD.search(sentence) is not None
        # "… retook the village. 11 fighters were killed.": a count without a place or an
        # instrument of its own completes the event just told: a count that tells no action
        # (whatever type the model gives it: it has nothing else to go on), or one the model
        # reads as the fighting or attack just told. "… died when a bridge collapsed" is not,
        # nor "In a separate attack, three traders died".
        if after_event and killed is not None and not other_incident and (
                sub in ("Attack", "Armed clash") or not _new_action(sentence.lower())):
            # The count of an event already told ("64 killed … 21 civilians, 32 rebels and
            # 11 soldiers") belongs to that event, not to the one just before.
            told = next(_rows_counting(events, killed), last_event)
            _tell(told, sentence, index, retype=True)
            told.update(_fatality_columns(killed, breakdown), counted_in=sentence)
            continue
        if sub is None:
            continue
        day, day_source = event_day(sentence, published)
        if day_source not in _NO_DAY_TOLD:
            story_day = day
        # "… clashed with gunmen in Adavi. Three were arrested. Casualties unknown.": a sentence
        # with no place, day or other incident of its own goes on telling the event just told
        # (ACLED codes one event there), whatever type the model reads in it alone.
        # So does one that opens on the event or its people ("The attack is suspected to be
        # related to a land dispute in Marioshoni area", "The incident took place at Kagumo-ini
        # village"), whatever places it names: a place finer than the event's is where it happened.
        opening = _REFERS_BACK.match(sentence)
        refers_back = (not continues and last_event is not None and opening is not None
                       and index - last_event["last_index"] <= _CONTINUATION_WINDOW)
        # One that says when or amid what it happened keeps its day ("The armed clash happened
        # during the ceasefire, effective 19 March to 15 April").
        about_it = opening is not None and _HAPPENED.match(sentence, opening.end()) is not None
        if ((continues or refers_back) and not other_incident and not ANOTHER_INCIDENT.search(sentence)
                and (day_source in ("published", None) or day == last_event["event_date"] or about_it)):
            # what it says of the event ("The attack happened a day after soldiers fired artillery
            # shells") does not type it
            _tell(last_event, sentence, index, retype=not refers_back)
            if refers_back:
                _place_finer(last_event, sentence, found[index], context, events)
            # "People protested in Ambo. Police killed three of them.": its count is the event's,
            # if it has none yet (a later claim does not raise a count already told)
            elif killed is not None and last_event["fatalities"] is None:
                last_event.update(_fatality_columns(killed, breakdown), counted_in=sentence)
            continue
        # A sentence that names no place continues the story's last place, else the dateline.
        place, location, precision = _place_of(sentence, found[index], context,
                                               last_place or default_place)
        if precision in ("place", "approximate"):
            last_place = (place, location)
        country_name = country_label(place.country_code) if place else None
        sub = territory_in_country(sentence, sub, country_name)
        actors = find_actors(sentence, country_name)
        actor1, actor2 = initiator_and_target(sentence, actors, sub)
        key = (sub, (location or "").casefold())
        row = events.get(key)
        if row is not None and not _same_day(row, day, day_source):
            # the first row of this type and place is of another day: this day's, if told
            row = events.get((*key, day), row)
        # "People protested in Adaba. Soldiers shot and killed 18 protesters in Adaba.": one
        # demonstration, coded by what became of it (typed again from both sentences below).
        if (row is None and last_event is not None and sub in _DEMONSTRATION
                and last_event["sub_event_type"] in _DEMONSTRATION
                and (last_event["location"] or "").casefold() == key[1]
                and index - last_event["last_index"] <= _CONTINUATION_WINDOW and _same_day(last_event, day, day_source)):
            row = last_event
            row["retype"] = True
        # "A riot broke out after a rider was killed in an accident. The truck was burned by the
        # angry mob in Bogor city.": an event told first with no place finer than its country,
        # then of the same kind at a place, happened there. Not when both tell a count: "blasts
        # hit Syria, killing 42 ... 30 were killed in Tartous" is a toll and one of its parts.
        if (row is None and last_event is not None and precision in _LOCAL
                and last_event["geo_precision"] in _COUNTRY_OR_COARSER
                and (killed is None or last_event["fatalities"] is None)
                and (sub == last_event["sub_event_type"]
                     or {sub, last_event["sub_event_type"]} <= _DEMONSTRATION)
                and not other_incident and not ANOTHER_INCIDENT.search(sentence) and not _CAME_NEXT.match(sentence)
                and index - last_event["last_index"] <= _CONTINUATION_WINDOW and _same_day(last_event, day, day_source)):
            row = last_event
            row["retype"] = row["retype"] or sub != row["sub_event_type"]
            _place_at(row, place, location, precision, events)
        # "Gunmen killed two farmers in Mandera. In another attack, three traders died.": ACLED
        # aggregates incidents of one type, place, day and actors into one event, their dead
        # summed; another incident by other actors is an event of its own.
        if row is not None and _same_day(row, day, day_source) and other_incident:
            if _same_sides(row, actor1, actor2):
                _tell(row, sentence, index)
                if killed:
                    _add_count(row, killed, breakdown)
                last_event = row
                continue
            key = (*key, day, index)
            row = None
        if row is not None and _same_day(row, day, day_source):
            _tell(row, sentence, index)
            row["confidence"] = max(row["confidence"], round(confidence, 4))
            if row["event_day_source"] in _NO_DAY_TOLD and day_source not in _NO_DAY_TOLD:
                row["event_date"], row["event_day_source"] = day, day_source
            if killed is not None and (row["fatalities"] is None or killed > row["fatalities"]):
                row.update(_fatality_columns(killed, breakdown), counted_in=sentence)
            last_event = row
            continue
        # The same count told again ("killed at least 64 … 21 civilians, 32 rebels and 11
        # soldiers") is the same event, whatever place the later sentence inherits.
        # A lone death told twice is as likely two incidents ("a soldier was killed" in two towns).
        retold = next((r for r in _rows_counting(events, killed)
                       if killed and killed > 1 and not other_incident and _same_day(r, day, day_source)), None)
        if retold is not None:
            _tell(retold, sentence, index)
            last_event = retold
            continue
        if row is not None:
            key = (*key, day)
        # "On 7 April, warplanes struck Shujaiyya. Helicopters also fired on east Gaza City.": an
        # event told with no day of its own happened on the day the story last told, not on the
        # day of publication (it still joins rows of any day, as a publication day does)
        if day_source in ("published", None) and story_day is not None:
            day, day_source = story_day, STORY_DAY
        events[key] = {
            "event_id": stable_id(article["article_id"], index, sub, location, day),
            "article_id": article["article_id"],
            "event_type": event_type(sub),
            "sub_event_type": sub,
            "event_date": day,
            "event_day_source": day_source,
            **_place_columns(place, location, precision),
            **_fatality_columns(killed, breakdown),
            "actor1": actor1[1] if actor1 else None,
            "actor1_category": actor1[2] if actor1 else None,
            "actor2": actor2[1] if actor2 else None,
            "actor2_category": actor2[2] if actor2 else None,
            "evidence": sentence,
            "confidence": round(confidence, 4),
            "sentence_index": index,
            "last_index": index,  # of the last sentence telling it
            "counted_in": sentence,  # the sentence its count comes from
            "retype": False,  # told over sentences that type it together (_type_from_all_told)
        }
        last_event = events[key]
    # a row placed later is also filed under its new place: each row once
    rows = sorted({id(e): e for e in events.values()}.values(), key=lambda e: e["sentence_index"])
    _type_from_all_told(rows, headline, article_p, article["article_id"])
    rows = _joined_after_retyping(rows)
    for row in rows:
        del row["last_index"], row["retype"], row["counted_in"]
        acled_sides(row)
    return rows


def _type_from_all_told(rows: list[Record], title: str, article_p: float | None, article_id: str) -> None:
    """Types again a row told over several sentences from all of them, as ACLED types a note
    ("arrested ... then executed"), and the row read in the lead with its headline, as a
    reader (and our annotators) read a lead."""
    lead = rows[0] if rows and title.strip() and rows[0]["sentence_index"] <= 1 else None
    retype = [row for row in rows if row["retype"] or row is lead]
    if not retype:
        return
    texts = [f"{title.strip().rstrip('.')}. {row['evidence']}" if row is lead else row["evidence"]
             for row in retype]
    for row, (sub, _) in zip(retype, classify_all(texts, 0.0, article_p), strict=True):
        sub = sub and territory_in_country(row["evidence"], sub, country_label(row["country_code"]))
        if sub is not None and sub != row["sub_event_type"]:
            row["sub_event_type"], row["event_type"] = sub, event_type(sub)
            row["event_id"] = stable_id(article_id, row["sentence_index"], sub, row["location"], row["event_date"])


def _first_sides_differ(a: Record, b: Record) -> bool:
    """Do rows a and b both name a first side, and not the same one?"""
    return bool(a.get("actor1") and b.get("actor1") and a["actor1"] != b["actor1"])


def _joined_after_retyping(rows: list[Record]) -> list[Record]:
    """Rows that typing them from all they tell brought to one type, place and day, with no
    first sides that differ, are one event told twice ("The army has launched an all-out
    offensive on the areas surrounding the capital." ... "clashes around Damascus were the
    heaviest for a long time"): the first keeps the others' evidence and the larger count."""
    kept: list[Record] = []
    for row in rows:
        same = next((k for k in kept if (k["sub_event_type"], (k["location"] or "").casefold(), k["event_date"])
                     == (row["sub_event_type"], (row["location"] or "").casefold(), row["event_date"])
                     and not _first_sides_differ(k, row)), None)
        if same is None:
            kept.append(row)
            continue
        same["evidence"] += " " + row["evidence"]
        same["confidence"] = max(same["confidence"], row["confidence"])
        if row["fatalities"] is not None and (same["fatalities"] is None or row["fatalities"] > same["fatalities"]):
            same.update({k: row[k] for k in ("fatalities", "fatalities_civilians", "fatalities_state_forces",
                                             "fatalities_armed_groups", "fatality_breakdown")})
        for side in ("actor1", "actor2"):
            if same[side] is None and row[side] is not None and row[side] not in (same["actor1"], same["actor2"]):
                same[side], same[f"{side}_category"] = row[side], row[f"{side}_category"]
    return kept


def _tell(row: Record, sentence: str, index: int, retype: bool = False) -> None:
    """The sentence goes on telling the row's event (with `retype`, one the row is typed from).
    A side the event lacks may be told here ("… protested in Kediri. The police intervened.")."""
    row["evidence"] += " " + sentence
    row["last_index"] = index
    row["retype"] = row["retype"] or retype
    if row["actor2"] is None:
        told = [a for a in find_actors(sentence, country_label(row["country_code"]))
                if a[1] != row["actor1"] and (row["actor1"] is not None or a[2] != "Civilians")]
        if told:
            if row["actor1"] is None:
                row["actor1"], row["actor1_category"] = told[0][1:]
            else:
                row["actor2"], row["actor2_category"] = told[0][1:]


def _places_of_its_own(sentence: str, found: list, row: Record) -> list:
    """The sentence's place mentions that the event just told does not have already: a place
    its sentences named ("… entered Tringa. 12 persons were killed in Tringa.") or its own
    country ("… a bomb exploded. Four Myanmar soldiers died.") is no place of its own, nor a
    street or building "in the same area"."""
    if _SAME_PLACE.search(sentence):
        return []
    return [m for m in found if m.surface not in row["evidence"]
            and not (m.known and m.candidates[0].kind == "country"
                     and m.candidates[0].country_code == row["country_code"])]


def _place_finer(row: Record, sentence: str, found: list, context, events: dict[tuple, Record]) -> None:
    """The row takes the sentence's place where the row has none finer than its country."""
    if row["geo_precision"] not in _COUNTRY_OR_COARSER:
        return
    place, location, precision = _place_of(sentence, found, context, None)
    if precision in _LOCAL:
        _place_at(row, place, location, precision, events)


def _place_at(row: Record, place: Place, location: str, precision: str, events: dict[tuple, Record]) -> None:
    """Places the row where a later sentence told it happened; the article's later sentences
    of its type at that place find it there."""
    row.update(_place_columns(place, location, precision))
    events.setdefault((row["sub_event_type"], location.casefold()), row)


def _place_columns(place: Place | None, location: str | None, precision: str) -> Record:
    """A row's place: as written, as resolved, its precision and coordinates."""
    return {"location": location, "location_resolved": place.name if place else None, "geo_precision": precision,
            "country_code": place.country_code if place else None,
            "latitude": place.latitude if place else None, "longitude": place.longitude if place else None}


def _rows_counting(events: dict[tuple, Record], killed: int | None) -> Iterator[Record]:
    """The article's rows already stating this count: a count told again is their event."""
    return (r for r in events.values() if killed is not None and r["fatalities"] == killed)


def _same_day(row: Record, day, source: str | None) -> bool:
    """One event when the days agree, or when either day is only the publication day."""
    return row["event_date"] == day or row["event_day_source"] in _NO_DAY_TOLD or source in _NO_DAY_TOLD


_STATE = re.compile(r"soldier|troop|police|officer|security|army|government|servicem|guard|gendarm", re.I)
_ARMED = re.compile(r"rebel|militant|insurgent|fighter|jihadist|gunm|attacker|assailant|militia", re.I)


def _same_sides(row: Record, actor1: tuple | None, actor2: tuple | None) -> bool:
    """Does a sentence's pair of sides name no armed or state actor the row's event lacks?
    (Civilians are any attack's victims, filled in later where unnamed.)"""
    told = {a[1] for a in (actor1, actor2) if a and a[2] != "Civilians"}
    return told <= {row["actor1"], row["actor2"]}


def _add_count(row: Record, more: int, groups: dict[str, int]) -> None:
    """Adds `more` dead to the row's count; its breakdown stays only where both counts had one."""
    if row["fatalities"] is None:
        row.update(_fatality_columns(more, groups), counted_in=None)
        return
    told = json.loads(row["fatality_breakdown"]) if row["fatality_breakdown"] else {}
    merged = {label: told.get(label, 0) + groups.get(label, 0) for label in {*told, *groups}} if told and groups else {}
    row.update(_fatality_columns(row["fatalities"] + more, merged), counted_in=None)  # both sides now


def _tells_more_dead(row: Record, sentence: str) -> bool:
    """Does the sentence tell more dead of the row's event: "also killed", another strike told
    with "also", another death ("Another protester died of her wounds a month later"), or the
    other side's dead; and no
    other incident, nor a running toll?"""
    another = _ANOTHER_DEAD.search(sentence)
    # ("Also, warplanes struck a shop in the same location, killing three": another strike of
    # the event, its dead added as ACLED sums them)
    also_struck = _ALSO_DID.search(sentence) is not None and _new_action(sentence.lower())
    if not (_ALSO_KILLED.search(sentence) or another or also_struck or _other_side_dead(row, sentence)):
        return False
    rest = _ANOTHER_DEAD.sub(" ", sentence) if another else sentence  # its own "another" is no other incident
    return not ANOTHER_INCIDENT.search(rest) and not is_cumulative(sentence)


def _other_side_dead(row: Record, sentence: str) -> bool:
    """Does the sentence count the dead of one side only, and the row's count, known to be of
    some side, not that side's ("Three soldiers and two civilians were killed. The two
    bombers died in the blast.")?"""
    told = dead_sides(row["counted_in"]) if row["counted_in"] else frozenset()
    if not told - {None}:
        return False
    more = dead_sides(sentence)
    return len(more) == 1 and None not in more and not more & told


def _fatality_columns(killed: int | None, groups: dict[str, int]) -> Record:
    """The count and its breakdown (civilians, state forces, armed groups) when stated."""
    split = {"fatalities_civilians": None, "fatalities_state_forces": None,
             "fatalities_armed_groups": None}
    for label, n in groups.items():
        column = ("fatalities_state_forces" if _STATE.search(label) else
                  "fatalities_armed_groups" if _ARMED.search(label) else "fatalities_civilians")
        split[column] = (split[column] or 0) + n
    return {"fatalities": killed, **split,
            "fatality_breakdown": json.dumps(groups, sort_keys=True) if groups else None}


# --- fusion across articles ----------------------------------------------------------------


def fusion_key(event: Record) -> tuple[str, str]:
    """Events can only fuse within one sub-event type at one resolved place (spellings
    differ between articles: Yarmuk, Yarmouk) or one country."""
    where = (event.get("location_resolved") or "").casefold()
    return event["sub_event_type"], f"{event.get('country_code')}:{where}"


_LOCAL = ("place", "approximate")  # a named town, district or camp, not a country or a guess


def compatible_events(a: Record, b: Record, config: EventsConfig) -> bool:
    """Could rows a and b report one real-world event? Days and counts must not disagree;
    rows of different stories also need evidence of one event: both at a named place (city
    level or finer, so country-level rows of different stories never fuse) and actors that
    do not contradict each other. Rows of one article fuse only on the same day and first
    side: its extraction told them apart by day or by sides ("Gunmen killed two farmers in
    Mandera on Monday. On Tuesday, ..."; "In a separate attack, police shot dead ...")."""
    if a.get("article_id") is not None and a.get("article_id") == b.get("article_id") and (
            a.get("event_date") != b.get("event_date")
            or _first_sides_differ(a, b)):
        return False
    if (a.get("story_id") or a.get("article_id")) != (b.get("story_id") or b.get("article_id")):
        if a.get("geo_precision") not in _LOCAL or b.get("geo_precision") not in _LOCAL:
            return False
        sides_a = {a.get("actor1_category"), a.get("actor2_category")} - {None}
        sides_b = {b.get("actor1_category"), b.get("actor2_category")} - {None}
        if sides_a and sides_b and not sides_a & sides_b:
            return False
    da, db = a.get("event_date"), b.get("event_date")
    if da is not None and db is not None and abs((da - db).days) > config.max_day_gap:
        return False
    fa, fb = a.get("fatalities"), b.get("fatalities")
    if fa and fb and max(fa, fb) > config.max_count_ratio * min(fa, fb):
        return False
    return True


def story_keys(rows: Iterable[Record]) -> set[str]:
    """The distinct stories of a cluster's rows: copies count once (their story_id is their
    canonical's); an article without a story_id is its own story."""
    return {r.get("story_id") or r["article_id"] for r in rows}


def choose_cluster(fits: list, dated: bool):
    """Which of the compatible clusters `fits` a row (or cluster) joins, or None to stand
    alone: a dated one joins the latest fit; an undated one joins only when exactly one
    cluster fits, since nothing else tells the candidates apart."""
    if dated:
        return fits[-1] if fits else None
    return fits[0] if len(fits) == 1 else None


def fuse_group(events: Iterable[Record], config: EventsConfig) -> Iterator[Record]:
    """Rows of one fusion key with event_cluster_id, story_count and cluster_head.

    Dated rows are swept in day order and chained while compatible; an undated row joins
    the cluster it is compatible with when there is exactly one, else stands alone."""
    rows = sorted(events, key=lambda e: e["event_id"])
    dated = sorted((e for e in rows if e.get("event_date") is not None),
                   key=lambda e: (e["event_date"], e["event_id"]))
    clusters: list[list[Record]] = []
    for e in dated:
        if clusters and all(compatible_events(e, other, config) for other in clusters[-1][-3:]):
            clusters[-1].append(e)
        else:
            clusters.append([e])
    for e in (e for e in rows if e.get("event_date") is None):
        fits = [c for c in clusters if all(compatible_events(e, other, config) for other in c[:3])]
        match = choose_cluster(fits, dated=False)
        if match is not None:
            match.append(e)
        else:
            clusters.append([e])
    for cluster in clusters:
        cluster_id = stable_id("event", min(e["event_id"] for e in cluster))
        stories = len(story_keys(cluster))
        head = cluster_head(cluster)
        for e in cluster:
            yield {**e, "event_cluster_id": cluster_id, "story_count": stories,
                   "cluster_head": e["event_id"] == head}


def cluster_head(cluster: list[Record]) -> str:
    """The event_id of the row that stands for its cluster: the largest stated count (ACLED
    codes one figure per event), then the smallest id."""
    return min(cluster, key=lambda e: (-(e.get("fatalities") or -1), e["event_id"]))["event_id"]
