"""The events stage's actor lexicon (transforms/data/actors.json): who a sentence names,
with ACLED's actor category. Pure module; the lexicon loads once per process."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

ACTORS = Path(__file__).resolve().parent.parent / "data" / "actors.json"
STATE_FORCES = "State forces"
# Categories that are not armed actors: they never take or hold territory.
UNARMED = frozenset({"Protesters", "Rioters", "Civilians"})


@lru_cache(maxsize=1)
def actor_lexicon() -> tuple[re.Pattern[str], list[tuple[str, str]]]:
    """One regular expression with a named group per lexicon entry (one pass per sentence;
    at a position, the earlier entry wins, as the lexicon's order intends)."""
    data = json.loads(ACTORS.read_text(encoding="utf-8"))
    entries = [(name, category) for _, name, category in data["actors"]]
    # Matched on lower-cased text: much faster than re.IGNORECASE on a long alternation.
    alternation = "|".join(f"(?P<a{i}>{pattern.lower()})"
                           for i, (pattern, _, _) in enumerate(data["actors"]))
    return re.compile(rf"\b(?:{alternation})"), entries


def find_actors(sentence: str, country_name: str | None) -> list[tuple[int, str, str]]:
    """(position, normalised name, ACLED category) of the actors a sentence names, in order."""
    pattern, entries = actor_lexicon()
    found = []
    for m in pattern.finditer(sentence.lower()):
        name, category = entries[int(m.lastgroup[1:])]
        label = (name.format(country=country_name) if country_name
                 else re.sub(r"\s*\(\{country\}\)|\s+of \{country\}", "", name))
        found.append((m.start(), label, category))
    unique, seen = [], set()
    for pos, label, category in found:
        if label not in seen:
            seen.add(label)
            unique.append((pos, label, category))
    return unique
