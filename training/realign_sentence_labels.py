#!/usr/bin/env python3
"""Move whole-article sentence labels from the sentence split they were made on to the current one.

The FA-KES sentence labels (`training/data/fakes_sentence_labels.jsonl`,
`fakes_train_sentence_labels.jsonl`; PROVENANCE 4d) name each sentence by its article and its
index in the events stage's split, with the sentence's SHA-1. Until the twenty-ninth round the
split ended a sentence at every full stop before a capital, abbreviations too ("Maj.", "Gen.",
"the U.S. Congress"). Where the current split joins such pieces, the joined sentence takes each
labeller's label of its pieces: their one event label when they give one, NONE when none does.
(Two different event labels in one joined sentence stop the script: that needs labelling again.)
A joined sentence is kept only when every piece was labelled; the indices after it shift.

    python training/realign_sentence_labels.py fakes.jsonl training/data/fakes_sentence_labels.jsonl [...]

Rewrites each labels file in place and prints the joined sentences.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from transforms.events.model import NONE  # noqa: E402
from transforms.events.rules import split_sentences  # noqa: E402

# The events stage's sentence split until the twenty-eighth round.
EARLIER_SPLIT = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"“'‘(]?[A-Z0-9])|\n+")


def earlier_sentences(text: str) -> list[str]:
    return [s.strip() for s in EARLIER_SPLIT.split(text) if s and s.strip()]


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def pieces_of(earlier: list[str], current: list[str]) -> list[list[int]]:
    """For each current sentence, the indices of the earlier sentences it is made of."""
    def spaced(text: str) -> str:
        return " ".join(text.split())

    out, j = [], 0
    for sentence in map(spaced, current):
        joined: list[int] = []
        while j < len(earlier) and spaced(" ".join(earlier[i] for i in joined)) != sentence:
            joined.append(j)
            j += 1
        if spaced(" ".join(earlier[i] for i in joined)) != sentence:
            raise ValueError(f"the current split is not a joining of the earlier one at {sentence[:60]!r}")
        out.append(joined)
    return out


def joined_label(labels: list[str]) -> str:
    events = sorted(set(labels) - {NONE})
    if len(events) > 1:
        raise ValueError(f"pieces with different event labels {events}: label the joined sentence again")
    return events[0] if events else NONE


def realign(rows: list[dict], texts: dict[str, str]) -> tuple[list[dict], list[str]]:
    """The label rows on the current split, and a line per joined sentence."""
    by_article: dict[str, dict[int, dict]] = {}
    for row in rows:
        article, index = row["id"].rsplit(":", 1)
        by_article.setdefault(article, {})[int(index)] = row
    out, joined_lines = [], []
    for article, labelled in by_article.items():
        earlier, current = earlier_sentences(texts[article]), split_sentences(texts[article])
        if [_digest(earlier[i]) for i in sorted(labelled)] != [labelled[i]["text_sha1"] for i in sorted(labelled)]:
            if [_digest(current[i]) for i in sorted(labelled)] == [labelled[i]["text_sha1"] for i in sorted(labelled)]:
                out.extend(labelled[i] for i in sorted(labelled))  # already on the current split
                continue
            raise ValueError(f"{article}: the labels fit neither split")
        for index, pieces in enumerate(pieces_of(earlier, current)):
            if not pieces or not all(i in labelled for i in pieces):
                continue
            first = labelled[pieces[0]]
            row = {**first, "id": f"{article}:{index}", "text_sha1": _digest(current[index]),
                   "labeller_a": joined_label([labelled[i]["labeller_a"] for i in pieces]),
                   "labeller_b": joined_label([labelled[i]["labeller_b"] for i in pieces])}
            out.append(row)
            if len(pieces) > 1:
                joined_lines.append(f"{row['id']} from {len(pieces)} pieces: {row['labeller_a']} | "
                                    f"{row['labeller_b']}: {current[index][:100]}")
    return out, joined_lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=Path, help="training/collect/fakes.py's output")
    parser.add_argument("labels", type=Path, nargs="+")
    args = parser.parse_args(argv)
    for path in (args.articles, *args.labels):
        if not path.is_file():
            parser.error(f"{path}: no such file")
    texts = {item["id"]: item["text"] for item in map(json.loads, args.articles.read_text().splitlines())}
    for path in args.labels:
        rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        try:
            realigned, joined = realign(rows, texts)
        except ValueError as e:
            print(f"{path}: {e}", file=sys.stderr)
            return 1
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in realigned))
        print(f"{path}: {len(rows)} rows → {len(realigned)}, {len(joined)} joined sentences")
        for line in joined:
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
