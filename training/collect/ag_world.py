#!/usr/bin/env python3
"""Rebuild ag_world.jsonl: the AG News test split's World items (real 2004 news leads).

Two annotators labelled 600 of them against ACLED's codebook
(training/data/ag_world_labels.jsonl holds their labels and each text's SHA-1, not the text:
AG News is for non-commercial research use). Reads the repository snapshot named in
training/PROVENANCE.md from NEWSBEAM_MIRROR (<owner>+<repo>/ git dirs).
Usage: python3 ag_world.py   (writes NEWSBEAM_AG_WORLD_OUT, default ag_world.jsonl)
"""
import csv
import hashlib
import html
import io
import json
import os
import re
import subprocess

MIRROR = os.environ.get("NEWSBEAM_MIRROR", "mirror")
OUT = os.environ.get("NEWSBEAM_AG_WORLD_OUT", "ag_world.jsonl")
REPO = "madhubandru+Text-Classification-on-News-Articles-using-BERT-Framework"
COMMIT = "082f2db7c08a8fa3e19c46df0b4b5b0a5f81d1cd"
PATH = "ag_news_csv/test.csv"  # label,title,description; 1 = World
WORLD = "1"


def clean(text: str) -> str:
    text = text.replace("\\n", " ").replace("\\", " ")
    text = re.sub(r" ?#39;", "'", text)
    text = re.sub(r" ?quot;", '"', text)
    return " ".join(html.unescape(text).split())


def main() -> None:
    gitdir = os.path.join(MIRROR, REPO, "repo")
    data = subprocess.run(["git", "--git-dir", gitdir, "show", f"{COMMIT}:{PATH}"],
                          check=True, capture_output=True).stdout.decode("utf-8", "replace")
    items = {}
    for row in csv.reader(io.StringIO(data)):
        if row and row[0] == WORLD:
            text = clean(row[2])
            digest = hashlib.sha1(text.encode()).hexdigest()
            items.setdefault(digest, {"id": "agw-" + digest[:10], "title": clean(row[1]),
                                      "text": text, "text_sha1": digest})
    with open(OUT, "w", encoding="utf-8") as f:
        for item in sorted(items.values(), key=lambda it: it["id"]):
            f.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(len(items), "World items")


if __name__ == "__main__":
    main()
