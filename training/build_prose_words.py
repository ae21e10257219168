#!/usr/bin/env python3
"""Build transforms/data/prose_words.txt: the words that real news prose writes in lower case.

A headline in Title Case ("Russian Airstrike Hits Base In Western Ukraine, Kills 35")
capitalises every word, and the events model reads a capitalised word it does not know as
a name (model.words): the headline's news disappears into placeholders. model.prose_case
gives such a headline back the case prose would give it, reading this list: a word is
listed when sentence-case prose writes it in lower case at least MIN_COUNT times and at
least LOWER_SHARE of the times it appears inside a sentence. No labels are read.

Sources (unlabelled text only; see training/PROVENANCE.md): the Wikipedia Current events
portal's items (current_events.jsonl, CC0 / CC BY-SA) and ACLED coders' notes
(acled_records.jsonl; a list of common words derived from them, like the model's weights).
Headlines are not read: they are what the list is for.

Usage: python training/build_prose_words.py current_events.jsonl acled_records.jsonl
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from transforms.events.model import PROSE_WORD, PROSE_WORDS_PATH  # noqa: E402

MIN_COUNT = 3
LOWER_SHARE = 0.6
# A sentence's first word is capitalised whatever it is: only words after these count.
_SENTENCE_END = re.compile(r"[.!?:;]\s+")


def count_cases(texts) -> tuple[Counter, Counter]:
    """(lower-case occurrences, capitalised occurrences) of each lower-cased word, not counting
    the first word of a sentence."""
    lower, capital = Counter(), Counter()
    for text in texts:
        for sentence in _SENTENCE_END.split(text):
            for token in PROSE_WORD.findall(sentence)[1:]:
                key = token.lower()
                if token[0].islower():
                    lower[key] += 1
                else:
                    capital[key] += 1
    return lower, capital


def prose_words(lower: Counter, capital: Counter) -> list[str]:
    return sorted(w for w, n in lower.items()
                  if n >= MIN_COUNT and n >= LOWER_SHARE * (n + capital[w]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("jsonl", type=Path, nargs="+", help="files of records with a `text` field")
    parser.add_argument("--out", type=Path, default=PROSE_WORDS_PATH)
    args = parser.parse_args()
    missing = [p for p in args.jsonl if not p.exists()]
    if missing:
        print(f"error: no such file: {missing[0]}", file=sys.stderr)
        return 2

    def texts():
        for path in args.jsonl:
            with path.open(encoding="utf-8") as lines:
                for line in lines:
                    yield json.loads(line).get("text") or ""

    words = prose_words(*count_cases(texts()))
    header = ("# Words real news prose writes in lower case (training/build_prose_words.py, from the\n"
              "# Wikipedia Current events portal's items and ACLED coders' notes): model.prose_case\n"
              "# lowers them in a Title-Case headline.\n")
    args.out.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
