#!/usr/bin/env python3
"""Rebuild huffpost_world.jsonl: the WORLD NEWS items of the HuffPost News Category Dataset v3
(its first 10,000 records, 2022: real news headlines and short descriptions).

Two annotators labelled them against ACLED's codebook (training/data/huffpost_world_labels.jsonl:
labels and each text's SHA-1; the items training/collect/negatives.py already uses as
diplomacy negatives were left out of the labelling). Reads the repository snapshot named in
training/PROVENANCE.md from NEWSBEAM_MIRROR (<owner>+<repo>/ git dirs).
Usage: python3 huffpost_world.py   (writes NEWSBEAM_HUFFPOST_WORLD_OUT, default huffpost_world.jsonl)
"""
import hashlib
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from acledlib import git_blob, write_leads

OUT = os.environ.get("NEWSBEAM_HUFFPOST_WORLD_OUT", "huffpost_world.jsonl")
REPO = "Fred-Stock/Correlated-Topic-Modeling-In-Pytorch"
COMMIT = "65ae8edd71e5cc0ba2d32f9d02be0520fe90b006"
PATH = "News_Category_Dataset_v3.json"
MIN_LEAD = 30  # a shorter description leaves the headline to speak for the item


def main() -> None:
    data = git_blob(REPO, COMMIT, PATH).decode("utf-8", "replace")
    items = {}
    for line in data.splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        if record["category"] != "WORLD NEWS":
            continue
        title, lead = record["headline"].strip(), record.get("short_description", "").strip()
        # The same text as negatives.py makes of an item, so that the two can be told apart.
        digest = hashlib.sha1((title.rstrip(".") + ". " + lead).encode()).hexdigest()
        items.setdefault(digest, {"id": "hpw-" + digest[:10], "title": title,
                                  "text": lead if len(lead) >= MIN_LEAD else title,
                                  "text_sha1": digest})
    write_leads(OUT, items.values())
    print(len(items), "WORLD NEWS items")


if __name__ == "__main__":
    main()
