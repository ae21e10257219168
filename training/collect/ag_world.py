#!/usr/bin/env python3
"""Rebuild ag_world.jsonl: the AG News test split's World items (real 2004 news leads).

Two annotators labelled them against ACLED's codebook
(training/data/ag_world_labels.jsonl holds their labels and each text's SHA-1, not the text:
AG News is for non-commercial research use). Reads the repository snapshot named in
training/PROVENANCE.md from NEWSBEAM_MIRROR (<owner>+<repo>/ git dirs).
Usage: python3 ag_world.py   (writes NEWSBEAM_AG_WORLD_OUT, default ag_world.jsonl)
"""
import csv
import hashlib
import html
import io
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from acledlib import git_blob, write_leads

OUT = os.environ.get("NEWSBEAM_AG_WORLD_OUT", "ag_world.jsonl")
REPO = "madhubandru/Text-Classification-on-News-Articles-using-BERT-Framework"
COMMIT = "082f2db7c08a8fa3e19c46df0b4b5b0a5f81d1cd"
PATH = "ag_news_csv/test.csv"  # label,title,description; 1 = World
WORLD = "1"


def clean(text: str) -> str:
    text = text.replace("\\n", " ").replace("\\", " ")
    text = re.sub(r" ?#39;", "'", text)
    text = re.sub(r" ?quot;", '"', text)
    return " ".join(html.unescape(text).split())


def main() -> None:
    data = git_blob(REPO, COMMIT, PATH).decode("utf-8", "replace")
    items = {}
    for row in csv.reader(io.StringIO(data)):
        if row and row[0] == WORLD:
            text = clean(row[2])
            digest = hashlib.sha1(text.encode()).hexdigest()
            items.setdefault(digest, {"id": "agw-" + digest[:10], "title": clean(row[1]),
                                      "text": text, "text_sha1": digest})
    write_leads(OUT, items.values())
    print(len(items), "World items")


if __name__ == "__main__":
    main()
