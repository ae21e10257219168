#!/usr/bin/env python3
"""Rebuild the held-out ACLED records (PROVENANCE 1b): exports outside acled.py's sources, never
trained on, used only by training/eval_heldout_acled.py to check the shipped model and rules.

Rows are read from the git blob at the named commit; rows without notes or with a sub-event type
outside ACLED's 25 are dropped; notes already in the training records (acled_records.jsonl) or in
an earlier export here are dropped; each export keeps at most CAP records per type, those with the
smallest SHA-1 of the normalised notes (the first two exports, found in one search, share one cap).
Writes {text, sub_event_type, country, origin} lines.
Usage: python3 heldout_acled.py TRAINING_RECORDS OUT   (reads NEWSBEAM_MIRROR like acled.py)
"""
import collections
import hashlib
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from acledlib import SUB_SET, git_blob, iter_file, to_record

CAP = 300
# (search, origin, repo, commit, path, column holding the sub-event type, types kept or None for all)
EXPORTS = [
    (1, "haiti", "datapartnership/haiti-conflict-analysis", "6255ae9c63e537670b5d357fd732ae17757f9e66",
     "data/conflict/raw_acled_2026-02-09.csv", "sub_event_type", None),
    # The author renamed sub_event_type to event_type and folded Excessive force into Protest with
    # intervention: only the two protest types whose meaning is unchanged are kept.
    (1, "netherlands", "joeward2000/dutch_protest_mapper", "cf4ad6f5", "data/processed/protests_nl_cleaned.csv",
     "event_type", {"Peaceful protest", "Violent demonstration"}),
    (2, "western_africa_2021", "obengdouglas/DSI-2022", "d8ae64ea", "module3-nlp-twist/Data/acled21_fr.csv",
     "sub_event_type", None),
]
COUNTRY = {"netherlands": "Netherlands"}


def norm_text(text: str) -> str:
    return " ".join(text.split()).lower()


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: heldout_acled.py TRAINING_RECORDS OUT", file=sys.stderr)
        return 2
    training, out = sys.argv[1], sys.argv[2]
    with open(training, encoding="utf-8") as f:
        seen = {norm_text(json.loads(line)["text"]) for line in f if line.strip()}
    kept = []
    for search in sorted({e[0] for e in EXPORTS}):
        by_type = collections.defaultdict(dict)
        for _, origin, repo, commit, path, type_column, types in (e for e in EXPORTS if e[0] == search):
            read(origin, repo, commit, path, type_column, types, seen, by_type)
        n = 0
        for sub, records in sorted(by_type.items()):
            for key in sorted(records, key=lambda k: hashlib.sha1(k.encode()).hexdigest())[:CAP]:
                kept.append(records[key])
                n += 1
        seen.update(norm_text(r["text"]) for r in kept)
        print(f"search {search}: {n} records over {len(by_type)} types")
    with open(out, "w", encoding="utf-8") as f:
        for record in kept:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0


def read(origin, repo, commit, path, type_column, types, seen, by_type):
    """Add one export's new records to by_type (type -> normalised notes -> record)."""
    dropped = 0
    for row in iter_file(git_blob(repo, commit, path), path):
        sub = (row.get(type_column.replace("_", "")) or "").strip()
        notes = to_record(row)["notes"]
        if not notes or sub not in SUB_SET or (types and sub not in types):
            continue
        key = norm_text(notes)
        if key in seen:
            dropped += 1
            continue
        country = COUNTRY.get(origin) or to_record(row)["country"]
        by_type[sub].setdefault(key, {"text": notes, "sub_event_type": sub, "country": country,
                                      "origin": f"{origin}:{repo}"})
    print(f"{origin}: {dropped} notes already held elsewhere dropped")


if __name__ == "__main__":
    sys.exit(main())
