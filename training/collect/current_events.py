#!/usr/bin/env python3
"""Rebuild current_events.jsonl: the Wikipedia Current events portal's daily items (real
one-sentence news summaries by Wikipedia editors, CC BY-SA), each with the portal heading it
was listed under ("Armed conflicts and attacks", "Disasters and accidents", ...).

Reads the repository snapshot named in training/PROVENANCE.md from NEWSBEAM_MIRROR
(<owner>+<repo>/ git dirs). Only the portal's own items are kept: the files of the
`dataset:` layout (2026) were written by a language model, not by Wikipedia's editors.
Usage: python3 current_events.py   (writes NEWSBEAM_CURRENT_EVENTS_OUT, default current_events.jsonl)
"""
import hashlib
import json
import os
import re
import subprocess
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from acledlib import gitdir

OUT = os.environ.get("NEWSBEAM_CURRENT_EVENTS_OUT", "current_events.jsonl")
REPO = "ianrastall/current-events-context"
COMMIT = "4ff6f7d243c81c1df4a919fb4280d9d7e9559bd8"
HEADINGS = {"Armed conflicts and attacks", "Politics and elections", "Law and crime",
            "Disasters and accidents", "International relations", "Health and environment",
            "Business and economy", "Arts and culture", "Sports", "Science and technology"}
# The portal's own spelling variants of its headings.
VARIANTS = {"Armed conflict and attacks": "Armed conflicts and attacks",
            "Armed conflicts and incidents": "Armed conflicts and attacks",
            "Armed attacks and conflicts": "Armed conflicts and attacks",
            "Disasters": "Disasters and accidents", "Sport": "Sports",
            "Politics": "Politics and elections", "Business and economics": "Business and economy",
            "Science": "Science and technology", "Health": "Health and environment",
            "Health and medicine": "Health and environment"}
# An item ends with its news sources in brackets: "... killing 140 people. (BBC) (AP via News24)"
_CITED = re.compile(r"^(.*?[.!?\"”’])\s*((?:\([^()]*\)\s*)+)$")
MIN_WORDS = 6  # shorter bullets are story titles ("Siege of Mariupol"), not items


def day_files(git_dir: str) -> list[str]:
    listing = subprocess.run(["git", "--git-dir", git_dir, "ls-tree", "-r", "--name-only", COMMIT],
                             capture_output=True, text=True, check=True).stdout.splitlines()
    return sorted(p for p in listing if p[:2] == "20" and p.endswith(".yaml"))


def read_blobs(git_dir: str, paths: list[str]) -> dict[str, str]:
    request = "".join(f"{COMMIT}:{p}\n" for p in paths).encode()
    raw = subprocess.run(["git", "--git-dir", git_dir, "cat-file", "--batch"], input=request,
                         capture_output=True, check=True).stdout
    blobs, at = {}, 0
    for path in paths:
        end = raw.index(b"\n", at)
        size = int(raw[at:end].split()[2])
        blobs[path] = raw[end + 1:end + 1 + size].decode("utf-8", "replace")
        at = end + 1 + size + 1
    return blobs


def items_of(path: str, text: str) -> list[dict]:
    try:
        day = yaml.safe_load(text)
    except yaml.YAMLError:
        return []
    if not isinstance(day, dict) or not isinstance(day.get("Intelligence_Payload"), dict):
        return []  # not the portal's layout (the model-written `dataset:` files among them)
    out = []
    for heading, bullets in day["Intelligence_Payload"].items():
        heading = VARIANTS.get(heading, heading)
        for bullet in bullets if isinstance(bullets, list) else []:
            if not isinstance(bullet, str):
                continue
            bullet = " ".join(bullet.split())
            cited = _CITED.match(bullet)
            body = cited.group(1) if cited else bullet if bullet.endswith(".") else ""
            if len(body.split()) < MIN_WORDS:
                continue
            digest = hashlib.sha1(body.encode()).hexdigest()
            out.append({"id": "cep-" + digest[:10], "date": str(day.get("Date", "")), "text": body,
                        "heading": heading if heading in HEADINGS else None, "text_sha1": digest,
                        "origin": f"{REPO}:{path}@{COMMIT}"})
    return out


def main() -> None:
    git_dir = gitdir(REPO)
    paths = day_files(git_dir)
    items = {}
    for path, text in read_blobs(git_dir, paths).items():
        for item in items_of(path, text):
            items.setdefault(item["text_sha1"], item)
    with open(OUT, "w", encoding="utf-8") as f:
        for item in sorted(items.values(), key=lambda it: it["id"]):
            f.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(len(items), "items,", sum(1 for it in items.values() if it["heading"]), "under a portal heading")


if __name__ == "__main__":
    main()
