"""How sure the events stage is that a sentence reports an event ACLED would code.

Pure module. The learned model's event probability is held back for a sentence telling an
accident, a disaster or a court's proceedings with no violence (non_incident_factor), and
combined with its article's context (article_context, context_probability), so that an
article about a game or a company holds back its one sentence that sounds like war.
"""

from __future__ import annotations

import re

from transforms.events.cues import has, rx, strip_reporting
from transforms.events.model import predict

LEAD_SENTENCES = 3


def article_context(title: str | None, sentences: list[str]) -> str | None:
    """What the article is about: its title and first sentences, read as one text; None for
    an untitled text no longer than that (a snippet is its own context). A short text under
    a headline (a feed entry's summary, a news brief) is read in its headline's context."""
    if len(sentences) <= LEAD_SENTENCES and not (title or "").strip():
        return None
    return " ".join([title or "", *sentences[:LEAD_SENTENCES]])


def combine(sentence_probability: float, article_probability: float) -> float:
    """A sentence's confidence in its article's context: both must say event, so an article
    about a game or a company holds back its one sentence that sounds like war."""
    return float(sentence_probability * article_probability)


def context_probability(context: str | None) -> float | None:
    """The probability that an article's context (article_context) reports an ACLED event;
    None without a context. No sentence's confidence in that article can exceed it."""
    return None if context is None else predict([context])[0][1]


# An accident or a disaster told with no armed actor, weapon or violence: ACLED codes none of
# them, but "killing 12 people" reads like an attack to the model. Such a sentence keeps a
# fifth of its confidence: under the default threshold whatever the model says, but still
# ranked (and written by a user who lowers --events-min-confidence far enough).
HAZARD = rx(r"(?:military |army |air force |navy |police )?(?:plane|aircraft|airliner|helicopter|jet|transport)s? "
             r"(?:\w+ ){0,3}crash(?:ed|es)?\b", r"(?:coal )?mine (?:explosion|blast|fire)s?",
             r"crash(?:ed|es)?\b", r"collid", r"collision", r"derailment", r"(?:train|locomotive)s? (?:\w+ )?derailed",
             r"capsiz", r"sank\b", r"sinking", r"shipwreck", r"accident", r"fire broke out", r"blaze",
             r"wildfire", r"bushfire", r"forest fire", r"earthquake", r"quake", r"flood", r"landslide",
             r"mudslide", r"(?:snow|rain|sand|dust|hail|tropical )?storms?\b", r"cyclone", r"hurricane", r"typhoon",
             r"tornado", r"avalanche", r"volcan", r"heat ?wave", r"drought", r"tsunami", r"stampede",
             r"(?:building|bridge|mine|dam|roof|wall|tunnel|stand|hotel|school|factory|house|home|church|mosque|temple|"
             r"market|block) (?:\w+ )?collaps",
             r"lightning", r"gas (?:leak|explosion|blast)", r"coal mine", r"mine (?:collapse|disaster|flood)",
             r"(?:mining|industrial) (?:accident|disaster)",
             r"(?:factory|plant|refinery|warehouse|chemical|boiler|tanker|fireworks?) (?:fire|explosion|blast)",
             r"drown", r"fire (?:breaks|broke) out", r"sinks\b", r"overturn", r"(?:caught|catches) fire")
VIOLENCE = rx(r"attack", r"gunm[ae]n", r"militan", r"rebel", r"insurgen", r"terror", r"bomb", r"shot\b",
               r"shoot", r"gun", r"fighting", r"fought", r"clash", r"troops", r"soldier", r"army", r"military",
               r"protest", r"demonstrat", r"riot", r"arson", r"sabotag", r"kidnap", r"abduct", r"shell",
               r"rocket", r"missile", r"air ?strike", r"airstrike", r"drone", r"explo", r"ieds?\b", r"grenade",
               r"massacre", r"loot", r"torch", r"set (?:\w+ )?(?:on )?fire", r"arrest", r"killed by", r"murder",
               r"assassin", r"war\b", r"jihad", r"extremist", r"police", r"storm(?:ed|ing)", r"beat(?:en|ing)?\b",
               r"assault", r"lynch", r"mob\b", r"vandal", r"hostilit", r"violen", r"raid", r"fired\b",
               r"barricad", r"block(?:ed|ing|ade)", r"ablaze", r"alight", r"stone", r"landmine",
               r"open(?:ed)? fire", r"vigil", r"march", r"rall(?:y|ies|ied)", r"molotov")
NON_INCIDENT_FACTOR = 0.2
# A court's or prosecutor's proceedings (a sentence, a verdict, a charge): told without
# violence, what they are about is history or ordinary crime, and the codebook codes neither.
JUDICIAL = rx(r"sentenced", r"sentences? (?:him|her|them)", r"(?:found|pleads?|pleaded) (?:not )?guilty",
               r"convict", r"acquit", r"court (?:\w+ )?(?:rules?|ruled|orders?|ordered|grants?|granted|finds?|found|"
               r"upholds?|upheld|hears?|heard|rejects?|rejected|dismiss)", r"charged with", r"charges? against",
               r"indict", r"on trial", r"trial of", r"verdict", r"jailed for", r"(?:prison|life|death) sentence",
               r"extradit", r"lawsuit", r"sues\b", r"sued\b", r"charges? (?:\w+ ){1,4}with", r"go(?:es)? on trial")
# What a court case is about ("convicted of the murder of", "charged with attacks") is no violence
# told now: the grounds are left out when looking for violence.
_JUDICIAL_GROUNDS = re.compile(
    r"\b(?:convicted (?:\w+ ){0,4}?of|charged with|charges? (?:\w+ ){1,4}with|accused (?:\w+ ){0,3}?of|guilty (?:of|to)|"
    r"acquitted (?:\w+ ){0,3}?of|"
    r"sentenced (?:\w+ ){0,8}?(?:for|over)|on trial (?:for|over)|trials? (?:of|for|over)|indicted (?:for|on|over))"
    r"(?:(?! (?:after|as|while|when|following|before|amid|during) )[^.;,])*")


def non_incident_factor(sentence: str) -> float:
    """NON_INCIDENT_FACTOR for a sentence telling an accident, a disaster or a court's
    proceedings and no violence, else 1."""
    s = sentence.lower()
    if not (has(HAZARD, s) or has(JUDICIAL, s)):
        return 1.0
    # "…, police said" tells who reported it, and "a gas explosion" is the hazard itself:
    # neither is the violence that rules an accident out
    told = _JUDICIAL_GROUNDS.sub(" ", HAZARD.sub(" ", strip_reporting(s)))
    return 1.0 if has(VIOLENCE, told) else NON_INCIDENT_FACTOR


def sentence_confidence(text: str, probability: float, article: float | None = None) -> float:
    """The shipped confidence of a sentence: the model's event probability, held back for an
    accident, a disaster or a court's proceedings (non_incident_factor), in its article's
    context when it has one (combine). training/train_events.py measures this same figure."""
    probability *= non_incident_factor(text)
    return probability if article is None else combine(probability, article)
