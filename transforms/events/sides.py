"""The two sides of an event row (actor1, actor2), as ACLED codes them. Pure functions: the
events stage (`rules.extract_events`) calls `initiator_and_target` on a sentence's actors,
`claimed_by` on the sentences that go on telling a row, and `acled_sides` on each finished row."""

from __future__ import annotations

import re

from transforms.base import Record
from transforms.events.actors import STATE_FORCES, UNARMED, country_label, find_actors, forces_of
from transforms.events.type_cues import NO_HARM
from transforms.events.types import people_harmed

# "... by Boko Haram", "... by suspected Afghan militants": the agent of a passive
_PASSIVE_BY = re.compile(r"\b(?:by|from)\s+(?:the\s+)?(?:suspected\s+)?$|\bby\s+(?:the\s+|an?\s+)?(?:suspected\s+|alleged\s+)?"
                         r"(?:[a-z][\w-]+\s+){0,2}$", re.IGNORECASE)  # "planted by IS Sahel militants"
# "A Ukrainian military helicopter ... is shot down", "two soldiers were killed": a side told
# suffering the act is its target (its agent, if told, follows "by")
_SUFFERS = re.compile(r"[^,.;:]{0,60}?\b(?:is|are|was|were|has been|have been|had been)\s+(?:reportedly\s+|allegedly\s+)?"
                      r"(?:shot down|attacked|ambushed|targeted|hit|struck|killed|shot dead|wounded|injured|bombed|"
                      r"shelled|overrun|abducted|kidnapped)\b(?!\s+by\b)", re.IGNORECASE)

_PROTEST = frozenset({"Peaceful protest", "Protest with intervention", "Excessive force against protesters"})
_INTERVENED = frozenset({"Protest with intervention", "Excessive force against protesters"})
_RIOT = frozenset({"Violent demonstration", "Mob violence"})
_AGAINST_CIVILIANS = frozenset({"Attack", "Abduction/forced disappearance", "Sexual violence"})
# Explosions ACLED codes to an unidentified armed group when no one is named.
_UNCLAIMED = frozenset({"Remote explosive/landmine/IED", "Grenade", "Suicide bomb"})
_REMOTE = frozenset({*_UNCLAIMED, "Air/drone strike", "Shelling/artillery/missile attack", "Chemical weapon"})
_FORCE_ACTS = re.compile(r"\b(?:military|army|troops|soldiers|police|forces|tatmadaw|junta|regime)\b"
                         r"(?:\s+[\w-]+){0,3}?\s+(?:planted|laid|detonated|threw|hurled|fired|used|set off|"
                         r"triggered|bombed|attacked|dropped|launched|shelled)\b"
                         # "a landmine planted by the Myanmar military"
                         r"|\b(?:planted|laid|placed|detonated|thrown|hurled|fired|dropped|launched)\s+by\s+(?:the\s+)?"
                         r"(?:[\w-]+\s+){0,2}?(?:military|army|troops|soldiers|police|forces|tatmadaw|junta|regime)\b")
# ACLED codes no unarmed second side in a battle (0 of the dev exports' 2,409), and none at all
# for a group's change of activity or its new base (91% and 100%).
_BETWEEN_ARMED = frozenset({"Armed clash", "Government regains territory", "Non-state actor overtakes territory"})
_OWN_KIND = re.compile(r"\b(?:rival|opposing|competing)\s+(?:[\w-]+\s+)?(?:militias|factions|groups|gangs|clans|"
                       r"tribes|units|forces|fighters|rebels)\b|\bamong themselves\b", re.IGNORECASE)
_ONE_SIDED = frozenset({"Change to group/activity", "Headquarters or base established"})
# Non-state armed sides and foreign forces: the sides that claim attacks.
_ARMED_GROUPS = frozenset({"Rebel group", "Political militia", "Identity militia", "External/Other forces"})
_HARM_COUNTED = re.compile(r"\bfatalit|\bcasualties\b(?! (?:are |were )?unknown)")
# Where people live, shelter or gather: a strike or shelling aimed at one targets civilians,
# as ACLED codes it ("Israeli warplanes struck a house", "the military shelled the village's church").
# (Or homes destroyed or damaged by it: "shelled the quarter, causing houses to be destroyed";
# an aid convoy or an ambulance is no armed target either.)
_CIVILIAN_SITE = (r"(?:houses?|homes?|residential|apartments?|residences?|dwellings?|tents?|shelters?|refugee camps?|"
                  r"idp camps?|schools?|mosques?|churches|church|monaster(?:y|ies)|temples?|hospitals?|clinics?|"
                  r"markets?|shops?|villages?|neighbo(?:u)?rhoods?|civilian areas?|(?:aid|humanitarian|relief|icrc|un) "
                  r"(?:[\w-]+ )?convoys?|ambulances?)\b")
_SITE_WORDS = (r"(?:(?:an?|the|two|three|four|several|some|many|dozens of|\d+|civilian|residential|nearby|local|"
               r"displaced|people's|family|families'?|idp)\s+){0,3}")
_HOMES_HIT = re.compile(
    r"\b(?:struck|strikes?|striking|shelled|shelling|hit|hitting|targeted|targeting|bombed|bombing|"
    r"(?:fired|firing|opened fire|shots?|rounds)\b(?: [\w-]+){0,3}? (?:at|on|into|toward|towards|near)|landed (?:in|on)|"
    r"fell (?:in|on)|destroy(?:ed|ing)|damag(?:ed|ing)|flatten(?:ed|ing)|levell?(?:ed|ing))"
    r"\s+" + _SITE_WORDS + _CIVILIAN_SITE
    + r"|\b(?:houses?|homes?|residential buildings?|apartments?|dwellings?|shops?)\s+(?:were |was |to be |being |had been )?"
    r"(?:destroyed|damaged|flattened|razed)\b")
# A mob against a group of its kind: "two groups clashed", "rival villagers fought".
_CROWDS_CLASH = re.compile(r"\b(?:clash\w*|fight\w*|fought)\b[^.;]{0,40}\b(?:between|with)\b|"
                           r"\b(?:two|rival|opposing) (?:groups|factions|communities|clans|families|villages)\b")


def acled_sides(row: Record) -> None:
    """The sides as ACLED codes them by type (its codebook; 95-100% of its records of each type):
    a protest is the protesters' (a force that intervenes is the other side) and a riot the
    rioters'. Otherwise civilians are never the first side; violence against civilians has them
    on the other side and, when no one is named, an unidentified armed group on the first, as
    an unclaimed bomb has; a strike or bomb that harms people no side is named for harms
    civilians. A group that claimed the event (`claimed_by`) acted."""
    sub, name = row["sub_event_type"], country_label(row["country_code"])
    side1 = (row["actor1"], row["actor1_category"]) if row["actor1"] else None
    side2 = (row["actor2"], row["actor2_category"]) if row["actor2"] else None
    claimant = row.pop("claimant", None)
    if claimant is not None and (side1 is None or side1[1] not in _ARMED_GROUPS or side1[0].startswith("Unidentified")):
        # the claimant acted; whoever the row had first was hit ("… Three soldiers were killed.")
        if side1 is not None and side1[1] != "Civilians" and (side2 is None or side2 == claimant):
            side2 = side1
        elif side2 == claimant:
            side2 = None
        side1 = claimant

    def named(label: str, category: str) -> tuple[str, str]:
        return (f"{label} ({name})" if name else label, category)

    police = (f"Police Forces of {forces_of(name)}" if name else "Police Forces", STATE_FORCES)

    if sub in _PROTEST or sub in _RIOT:
        crowd = "Protesters" if sub in _PROTEST else "Rioters"
        # "Police fired tear gas at protesters", "19 people were killed by security forces as
        # protests continued": a force named is the side that intervened; a mob's victims are
        # civilians; the crowd's own people are no other side
        others = [x for x in (side1, side2) if x is not None and x[1] != crowd]
        side2 = (next((x for x in others if x[1] == STATE_FORCES), None)
                 or next((x for x in others if x[1] not in ("Civilians", "Protesters", "Rioters")), None))
        if side2 is None and sub == "Mob violence":
            # two crowds that fought are each other's rioters; otherwise a mob's victims are
            # civilians, ACLED's most common coding of mob violence
            clash = _CROWDS_CLASH.search(row["evidence"].lower())
            side2 = named("Rioters", "Rioters") if clash else named("Civilians", "Civilians")
        side1 = named(crowd, crowd)
        if sub in _INTERVENED and side2 is None:  # ACLED's default: the police intervened
            side2 = police
        elif sub == "Peaceful protest":  # no one intervened: no other side (1,242 of ACLED's 1,243 dev notes)
            side2 = None
        return _set_sides(row, side1, side2)
    if side1 is not None and side1[1] == "Civilians":
        # civilians are never the first side outside a crowd's event: "villagers were attacked",
        # "eight people died when a car bomb went off"
        side1, side2 = (side2 if side2 is not None and side2[1] != "Civilians" else None), side1
    if sub == "Arrests":  # the police arrest (ACLED's default), and whom they arrest is a civilian
        side1 = side1 or police
        side2 = side2 or named("Civilians", "Civilians")
    elif sub == "Looting/property destruction":
        side2 = side2 or named("Civilians", "Civilians")
    elif sub in _AGAINST_CIVILIANS:
        # its victims are civilians by definition ("FAMa and Wagner forces killed two civilians":
        # Wagner is FAMa's ally, not its victim)
        if side2 is None or side2[1] != "Civilians":
            side2 = named("Civilians", "Civilians")
        if side1 is None:
            side1 = named("Unidentified Armed Group", "Political militia")
    elif sub in _REMOTE:
        # "a bomb exploded near the military's office", "a landmine hit a military vehicle": a
        # state force the sentence does not tell planting or throwing it is what was hit
        if (sub in _UNCLAIMED and side1 is not None and side1[1] == STATE_FORCES
                and (side2 is None or side2[1] == "Civilians") and not _FORCE_ACTS.search(row["evidence"].lower())):
            side1, side2 = None, side1
        if sub in _UNCLAIMED and side1 is None:
            side1 = named("Unidentified Armed Group", "Political militia")
        # a strike that kills or hurts people it names as no armed side hits civilians
        told = row["evidence"].lower()
        if side2 is None and (people_harmed(told) or _HARM_COUNTED.search(NO_HARM.sub(" ", told))
                              or (sub not in _UNCLAIMED and _HOMES_HIT.search(told))):
            side2 = named("Civilians", "Civilians")
    elif sub in _BETWEEN_ARMED and side1 is None and side2 is not None and side2[1] not in UNARMED:
        # only the side attacked is named: its attackers are unidentified, as ACLED codes them
        side1 = named("Unidentified Armed Group", "Political militia")
    elif sub in _BETWEEN_ARMED and (side2 is None or side2[1] in UNARMED):
        # a battle is fought between armed sides: the civilians caught in it are no side, the
        # other armed side named is; "clashes between rival militias": the group's own kind
        told = row["evidence"]
        side2 = next((a[1:] for a in find_actors(told, name) if a[2] not in UNARMED and a[1:] != side1
                      and not _ALLY_BEFORE.search(told[max(0, a[0] - 40):a[0]])),
                     side1 if side1 is not None and _OWN_KIND.search(told) else None)
    elif sub in _ONE_SIDED:
        side2 = None  # a group's change or new base: no other side
    _set_sides(row, side1, side2)


def _set_sides(row: Record, side1: tuple[str, str] | None, side2: tuple[str, str] | None) -> None:
    row["actor1"], row["actor1_category"] = side1 if side1 else (None, None)
    row["actor2"], row["actor2_category"] = side2 if side2 else (None, None)


_TARGETED = re.compile(r"(?<![\w-])(?:at|on|near|outside|targeting|targeted|against|hit|hitting|struck|striking|"
                       r"injuring|wounding|killing|killed|ambush(?:ed|ing)?|attack(?:ed|ing)?|raid(?:ed|ing)?|"
                       r"storm(?:ed|ing)?|overr[au]n)\s+(?:(?:an?|the|two|three|"
                       r"four|five|several|some|at least|almost|nearly|about|dozens|scores|members|\d+|of)\s+)*"
                       r"(?:[\w-]+\s+)?$", re.IGNORECASE)


# "FAMa and Wagner forces", "JNIM and/or ISGS militants", "police and soldiers": armed sides
# named together act together (ACLED's associated actor), unless the sentence sets them against
# each other ("clashes between FAMa and JNIM", "troops and rebels fought").
_JOINED = re.compile(r"[\w'.-]+(?: [\w'.-]+){0,2}? (?:and|and/or|or|&) ")
_SUPPORT = r"(?:reinforced|backed|supported|accompanied|joined|aided|helped|assisted|escorted)"
_SUPPORTED_BY = re.compile(rf"[\w'.-]+(?: [\w'.-]+){{0,3}}? {_SUPPORT} by (?:[\w'-]+ )?")
# "reinforced by Hezbollah", "the government's ally Hezbollah": an ally, not an agent or a target
_ALLY_BEFORE = re.compile(rf"\b(?:{_SUPPORT}\s+by|ally|allies|allied|loyal to)\s+(?:[\w'-]+\s+){{0,2}}$", re.IGNORECASE)
# "retook the town from rebels": whom a place is taken from is the side that lost it
_TAKEN_FROM = re.compile(r"\b(?:took|taken|takes|retook|retaken|retakes|recaptured?|recaptures|captured?|captures|seized?|"
                         r"seizes|wrested|wrests|liberated|liberates|freed|frees|regained|regains|won)\b[^.;]{0,60}\bfrom\s+"
                         r"(?:the\s+)?(?:[\w-]+\s+)?$", re.IGNORECASE)
# "a gunfight between cattle-raiding militants and police officers": the two sides, not allies
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+(?:[\w'-]+\s+){0,3}$", re.IGNORECASE)
_AGAINST_EACH_OTHER = re.compile(r"\b(?:clash(?:ed|es|ing)?|fight(?:s|ing)?|fought|battl(?:ed|es|ing)|exchang\w*|"
                                 r"confront\w*|skirmish\w*)\b")  # not "fighters"


def _allies_dropped(sentence: str, actors: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """The actors less those named joined to the armed side before them (or to its allies:
    "troops supported by Wagner and MINUSCA")."""
    kept, allies = [actors[0]], set()
    for before, a in zip(actors, actors[1:], strict=False):
        armed = before[2] not in UNARMED and a[2] not in UNARMED
        allied = armed and (_SUPPORTED_BY.fullmatch(sentence, before[0], a[0]) is not None or (
            _JOINED.fullmatch(sentence, before[0], a[0]) is not None
            and _BETWEEN_BEFORE.search(sentence, max(0, before[0] - 40), before[0]) is None
            # an ally's partner is an ally too, whatever the verb after them
            and (before in allies or not _AGAINST_EACH_OTHER.search(sentence[a[0]:a[0] + 50].lower()))))
        if allied:
            allies.add(a)
        else:
            kept.append(a)
    return kept


def initiator_and_target(sentence: str, actors: list[tuple[int, str, str]],
                          sub_event_type: str) -> tuple[tuple | None, tuple | None]:
    if not actors:
        return None, None
    actors = _allies_dropped(sentence, actors)
    if sub_event_type.startswith(("Peaceful protest", "Protest with", "Violent demonstration")):
        protesters = [a for a in actors if a[2] in ("Protesters", "Rioters")]
        first = protesters[0] if protesters else actors[0]
        others = [a for a in actors if a is not first and a[2] == "State forces"]
        return first, (others[0] if others else None)
    # Passive voice: "... were killed by Boko Haram militants" → the agent acts.
    for a in actors:
        if (_PASSIVE_BY.search(sentence[:a[0]]) and not _ALLY_BEFORE.search(sentence[max(0, a[0] - 40):a[0]])
                and not _TAKEN_FROM.search(sentence[max(0, a[0] - 80):a[0]])):
            rest = [b for b in actors if b is not a]
            return a, (rest[0] if rest else None)
    # "A bomb exploded near a military convoy", "a mine attack on Myanmar military forces":
    # a side named as what was hit is the target, whoever the sentence names first.
    targets = [a for a in actors if _TARGETED.search(sentence[max(0, a[0] - 60):a[0]])
               or (a[2] != "Civilians" and _SUFFERS.match(sentence, a[0]))]
    if targets:
        others = [a for a in actors if a not in targets and a[2] != "Civilians"]
        if others:
            return others[0], targets[0]
        # (in a battle too: "a police officer was attacked by men armed with machetes" names
        # only the side attacked)
        if sub_event_type in _AGAINST_CIVILIANS or sub_event_type in _REMOTE or (
                sub_event_type in _BETWEEN_ARMED and targets[0][2] not in UNARMED
                and len({a[1] for a in actors if a[2] not in UNARMED}) == 1):
            return None, targets[0]
    rest = actors[1:]
    target = next((b for b in rest if b[2] != actors[0][2]), rest[0] if rest else None)
    return actors[0], target


# "JNIM claimed responsibility", "Amaq claims ISIL is responsible for the attack"
_CLAIMED = re.compile(r"\bclaim\w*\b[^.;]{0,60}\bresponsib|\bresponsible for the (?:attack|bombing|blast|"
                      r"explosion|killing|ambush)|\bclaimed (?:the|an|a) (?:attack|bombing|blast|killing|ambush)",
                      re.IGNORECASE)


def claimed_by(row: Record, sentence: str) -> None:
    """Notes the group a later sentence says claimed the row's event ("… JNIM claimed
    responsibility."): `acled_sides` makes it the first side where the row names no one else."""
    if not _CLAIMED.search(sentence):
        return
    claimant = next((a for a in find_actors(sentence, country_label(row["country_code"]))
                     if a[2] in _ARMED_GROUPS and not a[1].startswith("Unidentified")), None)
    if claimant is not None:
        row["claimant"] = claimant[1:]
