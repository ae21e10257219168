"""ACLED event and sub-event types of English sentences.

Pure module. `classify_all(sentences)` gives each sentence its sub-event type and the
confidence that it reports an event ACLED would code. The learned model
(transforms/events/model.py, trained on real ACLED notes and real news) decides relevance
and type; the codebook's precedence overrides the type where its cues are reliable: how
violence was delivered (a suicide bomb, a chemical weapon, an air or drone strike) decides
before what else the sentence tells; who takes a place (transforms/events/actors.py) decides
between the two battles over territory (also where the model says armed clash but the
sentence names a place taken), and a place taken without a fight is a non-violent transfer;
demonstrators' own violence makes a violent demonstration, not excessive force. Attribution
("…, police said") and background clauses ("following a spate of killings") are set aside
before the cues are read. The cues themselves (what a sentence must say) are in type_cues.py;
this module holds the decisions that read them.
"""

from __future__ import annotations

import re

from transforms.events.actors import STATE_FORCES, UNARMED, find_actors, forces_of
from transforms.events.cues import has, rx, strip_reporting
from transforms.events.model import predict
from transforms.events.relevance import non_incident_factors, sentence_confidence
from transforms.events.type_cues import (
    AGAINST_AGREEMENT,
    AGREED_BY_SIDES,
    AGREEMENT_MADE,
    AGREEMENT_WORD,
    AIR,
    ARMED_ASSAILANTS,
    ARREST,
    ARREST_GROUNDS,
    ATTEMPTED_TAKING,
    BASE,
    BY_AGENT,
    CHEMICAL,
    COMBAT,
    COMBAT_WORDS,
    COMMUNAL,
    CROWD,
    CROWD_ASSAILS,
    DEMOLITION,
    DEMONSTRATION_TOLD,
    DEMONSTRATORS_CLASH,
    DEPLOYMENT,
    DISPERSAL,
    DISRUPTED,
    EXPLOSIVE,
    EXPLOSIVE_WORD,
    FIGHT,
    FORCES_STOPPED,
    FROM_LOSER,
    GATHERING,
    GOVERNMENT_AFFILIATE,
    GRAVE_FORCE,
    GRENADE,
    GROUP_REMADE,
    HARM,
    INTERVENTION,
    LESS_LETHAL,
    LETHAL_FORCE,
    MASS_GRAVE,
    NO_FIGHT,
    NO_HARM,
    NOT_SUBJECT,
    PAST_TIME,
    PEOPLE_HARMED,
    PLACE_TAKEN,
    POLITICAL_CONTROL,
    POWER_SEIZED,
    PROPERTY_DESTROYED,
    PROPERTY_TAKEN,
    PROTEST_CAUSE,
    PROTEST_WORD,
    REGAINING,
    RELEASE_TOLD,
    RIOT_TOLD,
    RIOTING,
    SETTLEMENT,
    SEXUAL,
    SHELLING,
    STOPPED_WORDS,
    SUICIDE,
    TAKEN_PEOPLE,
    TAKES,
    TAKING,
    TAKING_BACKGROUND,
    TERRITORY,
    TWO_ARMED_SIDES,
    UNARMED_VICTIMS,
    UNILATERAL_TRUCE,
    UNREST,
    WEAPON_STOPPED,
    WEAPONS_TEST,
    WITHDRAWAL,
    WITHOUT_FIGHT,
)

SUB_EVENT_TYPES: dict[str, str] = {
    "Armed clash": "Battles",
    "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Chemical weapon": "Explosions/Remote violence",
    "Air/drone strike": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence",
    "Sexual violence": "Violence against civilians",
    "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Peaceful protest": "Protests",
    "Protest with intervention": "Protests",
    "Excessive force against protesters": "Protests",
    "Violent demonstration": "Riots",
    "Mob violence": "Riots",
    "Agreement": "Strategic developments",
    "Arrests": "Strategic developments",
    "Change to group/activity": "Strategic developments",
    "Disrupted weapons use": "Strategic developments",
    "Headquarters or base established": "Strategic developments",
    "Looting/property destruction": "Strategic developments",
    "Non-violent transfer of territory": "Strategic developments",
    "Other": "Strategic developments",
}


_PROTEST_TYPES = ("Peaceful protest", "Protest with intervention", "Excessive force against protesters")
_RELEASE_READS = ("Abduction/forced disappearance", "Arrests", "Other", "Change to group/activity")


def _first_sentence(s: str) -> str:
    """The news of a text read as one: its first sentence; a later one tells what followed."""
    return s.split(". ")[0]


def release_is_news(s: str) -> bool:
    """Captives released, freed or rescued is what the sentence tells, not their taking."""
    released = RELEASE_TOLD.search(_first_sentence(s))
    if released is None or has(HARM, s):
        return False
    # where the release verb itself stands ("were kidnapped and released": after the taking)
    at = released.start() + max(released.group().rfind(verb) for verb in ("releas", "free", "rescu"))
    # "Three aircrew kidnapped in Darfur were released": with the release told in the passive,
    # a taking in the participle with no clause between it and the release describes the
    # captives ("kidnapped on Monday and two were released" tells the taking).
    passive = released.group("passive") is not None
    for taking in TAKING.finditer(s[:at]):
        before, after = s[max(0, taking.start() - 40):taking.start()], s[taking.end():]
        describes_captives = (passive and taking.group().endswith(("ed", "en"))
                              and not _CLAUSE_BREAK.search(s[taking.end():at]))
        if not (describes_captives or TAKING_BACKGROUND.search(before) or PAST_TIME.search(after)):
            return False
    return True


_CLAUSE_BREAK = re.compile(r"[,;]| (?:and|but|while|before|then) ")


# A crowd's, a weapon's or a territorial reading stays the model's.
_NOT_PROPERTY_READS = ("Mob violence", "Violent demonstration", "Peaceful protest", "Protest with intervention",
                       "Excessive force against protesters", "Abduction/forced disappearance", "Sexual violence",
                       "Looting/property destruction", "Arrests", "Shelling/artillery/missile attack",
                       "Air/drone strike", "Government regains territory", "Non-state actor overtakes territory")
# What the model reads such a development as; a protest, bombing or arrest about a coup stays that.
_OTHER_READS = ("Agreement", "Change to group/activity", "Disrupted weapons use", "Headquarters or base established",
                "Non-violent transfer of territory", "Government regains territory",
                "Non-state actor overtakes territory", "Abduction/forced disappearance",
                "Shelling/artillery/missile attack", "Attack", "Peaceful protest", "Violent demonstration")
_STOPPED_TOP = ("Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Air/drone strike", "Attack",
                "Armed clash", "Looting/property destruction", "Abduction/forced disappearance", "Other",
                "Change to group/activity", "Suicide bomb", "Grenade")
# Weapons that decide after the instruments (DECIDING), each unless its sentence tells what
# takes the weapon's use out of its own type: the fighting it was part of (the codebook: an
# armed clash) or the weapon found, defused or intercepted (disrupted weapons use).
GUARDED = (
    ("Remote explosive/landmine/IED", EXPLOSIVE,
     rx(*COMBAT_WORDS, *STOPPED_WORDS, r"grenade", r"hand bomb", r"petrol bomb", r"molotov", r"mortar",
         r"shell", r"rocket", r"artillery", r"missile", r"bombard")),
    # "tear gas shells" at a protest are no shelling
    ("Shelling/artillery/missile attack", SHELLING,
     rx(*COMBAT_WORDS, *STOPPED_WORDS, r"tear ?gas", r"rubber bullets", r"water cannon", r"protest",
         r"demonstrat", r"rally", r"shot (?:dead|and killed)", r"besieg", r"repel", r"storm(?:ed|s|ing)?\b",
         r"rifles?\b", r"ground (?:assault|offensive|operation|troops)", r"offensive\b")),
)


_GOVERNMENT_REGAINS = "Government regains territory"
_NON_STATE_OVERTAKES = "Non-state actor overtakes territory"
_NON_VIOLENT_TRANSFER = "Non-violent transfer of territory"


def _fighting_told(s: str) -> bool:
    """Does lower-cased `s` tell of fighting? "without a fight", "no clashes" do not."""
    return has(FIGHT, NO_FIGHT.sub(" ", s))


def _taken_without_fight(s: str) -> bool:
    """A withdrawal, a hand-over or "no fighting" told, and no fighting: a non-violent transfer."""
    return has(WITHOUT_FIGHT, s) and not _fighting_told(s)


def _armed_actors(window: str) -> list[tuple[int, str, str]]:
    """The armed actors the lexicon finds in `window`, in order."""
    return [a for a in find_actors(window, None) if a[2] not in UNARMED]


def _first_taking(s: str) -> re.Match[str] | None:
    """The first taking verb of lower-cased `s` ("took the town" is a taking too)."""
    found = [m for m in (TAKES.search(s), PLACE_TAKEN.search(s)) if m is not None]
    return min(found, key=lambda m: m.start()) if found else None


def _gaining_actor(s: str) -> tuple[int, str, str] | None:
    """Who takes the place in lower-cased sentence `s`: a passive's agent ("was captured by
    rebels", "fell to the army"), else the last armed actor named before the first taking
    verb; None when unsure."""
    taking = _first_taking(s)
    if taking is None:
        return None
    fell = "fell" in taking.re.groupindex and taking.group("fell")
    after = s[taking.end():taking.end() + 80]
    agent = None if fell else BY_AGENT.match(after)
    if fell or agent:
        passive = _armed_actors(after[agent.end() if agent else 0:][:40])
        if passive:
            return passive[0]
    # "liberated from Russian forces", "retook the town from the rebels": who follows "from"
    # lost the place, so it is not the gainer even when named last before the verb.
    losing = FROM_LOSER.match(after)
    lost_by = {a[1] for a in _armed_actors(after[losing.end():][:40])} if losing else set()
    start = max(0, taking.start() - 100)
    # The taking's own sentence first (an actor is listed once, where first named); the
    # sentence before when its own names none ("... clashed. The village was liberated").
    boundary = max(s.rfind(". ", start, taking.start()), s.rfind("; ", start, taking.start()))
    if boundary >= 0 and [a for a in _armed_actors(s[boundary:taking.start()]) if a[1] not in lost_by]:
        start = boundary
    active = [a for a in _armed_actors(s[start:taking.start()]) if a[1] not in lost_by]
    # The last actor named is the taker unless it is named as a helper or an object of an
    # earlier one ("the army, backed by militias, retook", "troops clashed with rebels and
    # took"): then the earlier one is.
    k = len(active) - 1
    while k > 0 and NOT_SUBJECT.search(s[max(start, start + active[k][0] - 40):start + active[k][0]]) \
            and not re.search(r"[.;]", s[start + active[k - 1][0]:start + active[k][0]]):
        k -= 1
    return active[k] if active else None


def _crowd_assails(s: str) -> bool:
    """Unorganised people assail others (active voice), and no armed actor is named."""
    crowd = CROWD_ASSAILS.search(s)
    return crowd is not None and not has(ARMED_ASSAILANTS, s)


def _territory_gainer(s: str) -> str | None:
    """Government regains or Non-state actor overtakes territory, by who takes the place:
    state forces regain, any other armed actor (rebels, militias) overtakes."""
    actor = _gaining_actor(s)
    if actor is None:
        # no taker named that the lexicon knows: a place taken back, or taken by forces loyal
        # to a government, is the codebook's regaining (government forces or their affiliates)
        return _GOVERNMENT_REGAINS if has(REGAINING, s) else None
    if actor[2] == STATE_FORCES or (actor[2] != "Rebel group" and _affiliate_takes(s)):
        return _GOVERNMENT_REGAINS
    return _NON_STATE_OVERTAKES


def _affiliate_takes(s: str) -> bool:
    """A group fighting for the government is named before the taking ("the pro-government
    militia took Hatra"; not "seized the base from pro-government forces"): the codebook's
    government forces "or their affiliates" regain."""
    taking = _first_taking(s)
    return taking is not None and has(GOVERNMENT_AFFILIATE, s[:taking.start()])


def territory_in_country(sentence: str, sub_event_type: str, country_name: str | None) -> str:
    """Once the event's country is known: a place taken by another state's forces ("Russian
    forces seized Milove", in Ukraine) is overtaken, not regained. ACLED's notes code it so:
    of their territorial records whose first force named by nationality is foreign, 32
    overtake and 4 regain."""
    if sub_event_type != _GOVERNMENT_REGAINS or not country_name:
        return sub_event_type
    actor = _gaining_actor(cue_reading(sentence))
    if actor is None or " of " not in actor[1] or actor[1].endswith(f" of {forces_of(country_name)}"):
        return sub_event_type
    return _NON_STATE_OVERTAKES


_GAINER_DECIDES = (_GOVERNMENT_REGAINS, _NON_STATE_OVERTAKES)
_EXCESSIVE_FORCE = "Excessive force against protesters"
_WITH_INTERVENTION = "Protest with intervention"
# The model's types that a place told as taken overrides (a battle; a residual "Other").
_TAKING_OVERRIDES = ("Armed clash", "Other")

# An abduction or a looting in which people are killed or hurt is coded by that violence
# (the codebook: abduction and looting are recorded as such only without further violence).
_SPARING = ("Abduction/forced disappearance", "Looting/property destruction")


def people_harmed(s: str) -> bool:
    """People killed or hurt told in lower-cased `s` ("no injuries were reported" is not)."""
    return has(PEOPLE_HARMED, NO_HARM.sub(" ", s))


def _other_development(s: str, learned: str) -> bool:
    """A mass grave found (the bodies in it are no harm done now), a coup or a weapons test,
    with no fighting, arrest, harm, protest or gathering told. A coup foiled stays the
    disrupted weapons use the model reads. The rare cues first: most sentences stop there."""
    grave = MASS_GRAVE.search(s)
    if not grave and (learned == "Disrupted weapons use"
                      or not (POWER_SEIZED.search(s) or WEAPONS_TEST.search(s))):
        return False
    if any(has(told, s) for told in (COMBAT, ARREST, PROTEST_WORD, GATHERING)):
        return False
    return not people_harmed(MASS_GRAVE.sub(" ", s) if grave else s)


def _property_destroyed(s: str) -> bool:
    """Property looted, stolen, burned or destroyed with no one harmed, no fight, no weapon and
    no crowd told (a crowd's is a riot's or a mob's)."""
    return bool(PROPERTY_DESTROYED.search(s) or PROPERTY_TAKEN.search(s)) and not any(
        has(told, s) for told in (PROTEST_WORD, CROWD, TWO_ARMED_SIDES, EXPLOSIVE_WORD, SHELLING, SEXUAL, HARM,
                                   TAKEN_PEOPLE)
    ) and not people_harmed(s)


# Kinds of event that a report always names: a chemical attack names its agent, a
# territorial change says who took or left what. Without its cue, the model's next choice.
# Instruments in the codebook's order: the first whose cue the sentence has is its type.
DECIDING = (("Suicide bomb", SUICIDE), ("Chemical weapon", CHEMICAL), ("Air/drone strike", AIR))
_GROUP_CHANGE = "Change to group/activity"
# Read as a base, a looting or already a change: the deployment rule leaves it.
_NOT_GROUP_READS = (_GROUP_CHANGE, "Headquarters or base established", "Looting/property destruction")
# Anything of these anywhere in the sentence: no mere deployment.
_NOT_DEPLOYMENT = (HARM, COMBAT, DEMONSTRATION_TOLD, RIOTING, DISPERSAL, EXPLOSIVE_WORD, SHELLING, AIR, ARREST, UNREST)
_CROWD_READS = (*_PROTEST_TYPES, "Violent demonstration", "Mob violence")
# Anything of these anywhere in the sentence: not only a group remade (an oath of loyalty at a
# surrender is the agreement; a group merging to fight on, the fighting).
_NOT_REMADE = (HARM, COMBAT, ARREST, DEMONSTRATION_TOLD, RIOTING, SETTLEMENT, EXPLOSIVE_WORD, SHELLING, AIR, UNREST)
NEEDS_CUE = {
    **dict(DECIDING),
    "Government regains territory": TERRITORY,
    "Non-state actor overtakes territory": TERRITORY,
    "Non-violent transfer of territory": TERRITORY,
    "Headquarters or base established": BASE,
    "Disrupted weapons use": DISRUPTED,
    "Arrests": ARREST,
    "Grenade": GRENADE,
    "Remote explosive/landmine/IED": EXPLOSIVE_WORD,
    "Sexual violence": SEXUAL,
    "Excessive force against protesters": HARM,
    "Agreement": AGREEMENT_WORD,
}


def cue_reading(sentence: str) -> str:
    """The lower-cased sentence as the cues read it: without its attribution and background,
    attempted takings and control won at the ballot box."""
    return POLITICAL_CONTROL.sub(" ", ATTEMPTED_TAKING.sub(" ", strip_reporting(sentence.lower())))


def precedence(sentence: str, learned: str | list[str]) -> str:
    """The codebook's precedence where its cues are reliable: how violence was delivered
    (suicide bomb, chemical weapon, air or drone strike) decides the sub-event type, also at a
    rally or in a battle; then a remote explosive or shelling, unless fighting or a weapon
    found or intercepted is told (GUARDED); a weapon stopped (intercepted, defused, seized)
    stays Disrupted weapons use, which needs that cue. A mass grave found, a coup or a weapons
    test, with no violence told, is Other; captives released as the news, with no one harmed, is
    an Agreement; a ceasefire one side declares, ends or will not extend, with no other side told
    agreeing and no fighting, a change to group/activity (UNILATERAL_TRUCE); forces deployed or
    security measures ordered, with no violence told, a change to group/activity, and so is a group disbanded, merged, renamed or sworn to another with no
    violence or settlement told; forces withdrawn, read as a change of activity with no fighting
    told, a non-violent transfer of territory; buildings demolished, or property destroyed or
    taken, with no one harmed, looting; unorganised people assailing others, mob violence; an arrest in which people are
    hurt, that violence. Protest types need a sign of people protesting (DEMONSTRATION_TOLD); an
    agreement read needs no one killed or hurt told.
    `learned`: the model's types, most likely first; a type whose cue the sentence lacks is
    passed over."""
    ranked = [learned] if isinstance(learned, str) else learned
    lowered = sentence.lower()  # the whole sentence, background included
    s = cue_reading(sentence)
    happened = PROTEST_CAUSE.sub(" ", s)  # without what a protest is about
    if ranked[0] in _OTHER_READS and _other_development(s, ranked[0]):
        return "Other"
    if ranked[0] == "Disrupted weapons use" and has(DISRUPTED, s):
        return ranked[0]
    if (ranked[0] in _STOPPED_TOP and WEAPON_STOPPED.search(s) and not has(COMBAT, s)
            and not people_harmed(s)):
        return "Disrupted weapons use"
    for sub, cue in DECIDING:
        if has(cue, s):
            return sub
    if ranked[0] not in _NOT_GROUP_READS and has(DEPLOYMENT, s) and not any(
            has(told, lowered) for told in _NOT_DEPLOYMENT):
        return _GROUP_CHANGE
    if ranked[0] == _GROUP_CHANGE and has(WITHDRAWAL, s) and _armed_actors(s) and not _fighting_told(lowered):
        return _NON_VIOLENT_TRANSFER
    if ranked[0] != _GROUP_CHANGE and has(GROUP_REMADE, s) and not any(
            has(told, lowered) for told in _NOT_REMADE) and not people_harmed(lowered):
        return _GROUP_CHANGE
    if ranked[0] not in _CROWD_READS and has(DEMOLITION, s) and not people_harmed(s):
        return "Looting/property destruction"
    for sub, cue, unless in GUARDED:
        if has(cue, s) and not has(unless, s):
            return sub
    if ranked[0] in _RELEASE_READS and release_is_news(s):
        return "Agreement"
    if ranked[0] not in _NOT_PROPERTY_READS and _property_destroyed(s):
        return "Looting/property destruction"
    place_taken = ranked[0] in _TAKING_OVERRIDES and has(PLACE_TAKEN, s)
    if place_taken or (ranked[0] in _TAKING_OVERRIDES and has(TAKES, s)):
        # armed actors named: "rivals seized the market after the firm withdrew" is no transfer
        if _taken_without_fight(s) and _armed_actors(s):
            return _NON_VIOLENT_TRANSFER
        gainer = _territory_gainer(s) if place_taken else None
        if gainer is not None:
            return gainer
    if ranked[0] == "Armed clash" and DEMONSTRATORS_CLASH.search(_first_sentence(s)):
        return "Violent demonstration"
    if ranked[0] == "Armed clash" and has(UNARMED_VICTIMS, s) and not has(TWO_ARMED_SIDES, s):
        return "Attack"
    if ranked[0] == "Attack" and _crowd_assails(s):
        return "Mob violence"
    if (ranked[0] in _SPARING and people_harmed(s)) or (
            ranked[0] == "Arrests" and people_harmed(ARREST_GROUNDS.sub(" ", s))):
        return "Armed clash" if has(TWO_ARMED_SIDES, s) else "Attack"
    # a ceasefire one side declares, ends or will not extend: its change of activity
    if (ranked[0] in ("Agreement", _GROUP_CHANGE, "Armed clash", "Other") and UNILATERAL_TRUCE.search(s)
            and not AGREED_BY_SIDES.search(s) and not people_harmed(s) and not has(COMBAT, s)):
        return _GROUP_CHANGE
    if (ranked[0] != "Agreement" and AGREEMENT_MADE.search(s) and not has(AGAINST_AGREEMENT, s)
            and not people_harmed(s)):
        return "Agreement"
    # demonstrators' own violence makes a violent demonstration, whatever force met it
    if ranked[0] in (_WITH_INTERVENTION, "Peaceful protest") and has(RIOTING, happened):
        return "Violent demonstration"
    if ranked[0] == "Violent demonstration" and has(COMMUNAL, s) and not has(PROTEST_WORD, s):
        return "Mob violence"
    if (ranked[0] == "Violent demonstration" and not has(RIOTING, s) and not RIOT_TOLD.search(s)
            and "clash" not in s and has(DISPERSAL, happened) and not has(HARM, LESS_LETHAL.sub(" ", happened))):
        return _WITH_INTERVENTION
    if ranked[0] == "Peaceful protest" and has(LETHAL_FORCE, happened) and not has(RIOTING, s):
        return _EXCESSIVE_FORCE
    # an intervention that killed, or a vehicle driven into the crowd: grave force
    if ranked[0] == _WITH_INTERVENTION and has(GRAVE_FORCE, happened) and not has(RIOTING, s):
        return _EXCESSIVE_FORCE
    # a peaceful protest met with tear gas, water cannon or batons, or blocked, stopped or
    # broken up by the forces, no one hurt: an intervention
    if (ranked[0] == "Peaceful protest" and (has(DISPERSAL, happened) or FORCES_STOPPED.search(happened))
            and not has(HARM, LESS_LETHAL.sub(" ", happened))):
        return _WITH_INTERVENTION
    for sub in ranked:
        if sub in (_WITH_INTERVENTION, "Peaceful protest") and has(RIOTING, happened):
            return "Violent demonstration"  # the first protest type read, with the crowd's violence
        if sub in _PROTEST_TYPES and not has(DEMONSTRATION_TOLD, lowered):
            continue
        if sub == "Agreement" and people_harmed(s):
            continue  # an agreement carries no fatalities: the killing told is the event coded
        cue = NEEDS_CUE.get(sub)
        if cue is None or has(cue, s):
            if sub == _EXCESSIVE_FORCE:
                if has(RIOTING, s):
                    return "Violent demonstration"
                if not has(HARM, happened):
                    continue  # the harm is what the protest is about, not what was done to it
            if sub == _WITH_INTERVENTION and not has(INTERVENTION, happened):
                continue  # no intervention told, only a protest about the police
            if sub == _NON_VIOLENT_TRANSFER and _fighting_told(s):
                continue  # fighting told: whatever changed hands, not without violence
            if sub in _GAINER_DECIDES:
                if _taken_without_fight(s):
                    return _NON_VIOLENT_TRANSFER
                return _territory_gainer(s) or sub
            return sub
    return ranked[0]


def classify_all(sentences: list[str], threshold: float = 0.0,
                 article: float | None = None) -> list[tuple[str | None, float]]:
    """Per sentence of one text, in order (an accident told in one sentence holds back the
    toll told in the next: relevance.non_incident_factors): (sub-event type, confidence that
    it reports an ACLED event), from the
    learned model (transforms/events/model.py) under the codebook's precedence (applied
    only from `threshold` up: below it the type is not used). With `article`, the
    probability of the article's context (context_probability), the confidence is the
    sentence's combined with the article's."""
    texts = [" ".join(s.split()) for s in sentences]
    learned = predict(texts)
    out = []
    for text, (ranked, probability), factor in zip(texts, learned, non_incident_factors(texts), strict=True):
        if not text or not any(ch.islower() for ch in text):
            out.append((None, 0.0))  # a heading in capitals is not a report
        else:
            confidence = sentence_confidence(text, probability, article, factor)
            out.append((precedence(text, ranked) if confidence >= threshold else ranked[0],
                        confidence))
    return out


def classify(sentence: str) -> tuple[str | None, float]:
    return classify_all([sentence])[0]


def event_type(sub_event_type: str) -> str:
    return SUB_EVENT_TYPES[sub_event_type]
