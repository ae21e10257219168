"""Cue matching shared by the events stage's typing rules (types.py) and relevance factors
(relevance.py): lower-cased regular expressions, and the reading of a sentence without its
attribution ("…, police said") and background ("following a spate of killings")."""

from __future__ import annotations

import re


def rx(*patterns: str) -> re.Pattern[str]:
    """One pattern matching any of `patterns` from a word boundary, for a lower-cased text."""
    # Matched against the lower-cased sentence: 3-4x faster than re.IGNORECASE here. The
    # pattern is lower-cased too, so an upper-case escape (\S, \W, \D, \B) would flip its sense.
    joined = "|".join(patterns)
    if re.search(r"\\[SWDBAZ]", joined):
        raise ValueError(f"upper-case escape in a lower-cased pattern: {joined[:60]}")
    return re.compile((r"\b(?:" + joined + r")").lower())


def has(pattern: re.Pattern[str], text: str) -> bool:
    """Whether `pattern` occurs anywhere in `text`."""
    return pattern.search(text) is not None


# Who said it is not what happened: "…, police said", "according to residents".
_REPORTING = re.compile(
    r"\b(?:(?:police|officials?|witnesses|residents|sources|"
    r"authorities|army|military|spokesm[ae]n|spokesperson|media|activists|medics|doctors|observatory|"
    r"monitors?|group|ministry|governor|diocese|agency|un|united nations)\s+(?:said|say|says|told|reported|confirmed)"
    r"(?:\s+on\s+\w+)?|according to (?:[^\s,.;]+ ?){1,6}(?=[,.;]|$))")
# Causes and background in a subordinate phrase are not the reported event:
# "imposed a curfew following a spate of killings", "…, who was killed last month".
_BACKGROUND_EVENT = (r"(?:killings?|violence|clashes|attacks?|unrest|fighting|protests?|raids?|abductions?|"
                     r"invasion|bombard\w*)\b")
_BACKGROUND = re.compile(
    # ("control over the villages following the clashes" is control of the villages)
    r"\b(?:following|amid|after|in response to|in the wake of|(?<!control )over(?! \d)|to end|to stop|pledging to end)\s+"
    r"[^,.;]{0,60}?\b" + _BACKGROUND_EVENT + r"(?:\s+(?:and|or)\s+(?:[\w-]+\s+){0,2}?" + _BACKGROUND_EVENT + r")?"
    # what an operation is meant to stop or answers is not what it did: "an offensive aimed at
    # stopping militants firing rockets", "air strikes in response to rocket fire"
    r"|\b(?:to stop|stopping|to halt|halting|in response to|in retaliation for)\s+[^,.;]{0,60}?\b"
    r"(?:rockets?|rocket fire|mortars?|mortar fire|shelling)\b"
    r"|\b(?:who|which) (?:was|were|had been) (?:[\w-]+ ){0,6}?(?:last (?:week|month|year)|in \d{4}|earlier this \w+)")
_ATTRIBUTION_WORD = re.compile(r"\b(?:said|say|says|told|reported|confirmed|according)\b")
_BACKGROUND_WORD = re.compile(r"\b(?:following|amid|after|response|retaliation|wake|over|end|stop|stopping|halt|"
                              r"halting|who|which)\b")


def strip_reporting(s: str) -> str:
    """A lower-cased sentence without its attribution and background phrases."""
    if _ATTRIBUTION_WORD.search(s):
        s = _REPORTING.sub(" ", s)
    if _BACKGROUND_WORD.search(s):
        s = _BACKGROUND.sub(" ", s)
    return s


# Words that open another incident than the one just told: "Elsewhere, …", "In a separate
# attack, …". A sentence with one does not go on telling the last event (or accident).
ANOTHER_INCIDENT = re.compile(r"\b(?:elsewhere|separate(?:ly)?|another|meanwhile|earlier|previous(?:ly)?|"
                              r"similar)\b", re.IGNORECASE)

# A sentence that says outright it tells another incident ("In a separate attack, …",
# opening "Elsewhere, …", "A second bomb …"): never the same count told again, nor the same event.
OTHER_INCIDENT_TOLD = re.compile(
    r"^\W*elsewhere\b|\b(?:(?:in\s+)?(?:another|a\s+separate|separate|a\s+second|a\s+similar|a\s+different)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:incidents?|attacks?|raids?|clash(?:es)?|ambush(?:es)?|shootings?|bombings?|"
    r"explosions?|blasts?|strikes?|air ?strikes?|assaults?|operations?|encounters?|killings?|protests?|"
    r"demonstrations?|cases?|events?|bombs?|devices?)\b)", re.IGNORECASE)
