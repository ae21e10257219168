#!/usr/bin/env python3
"""Rebuild fakes.jsonl: the FA-KES articles (804 whole news articles on the Syrian war, 2011-2018,
from 15 outlets; Abu Salem et al., ICWSM 2019; CC BY 4.0, Zenodo 10.5281/zenodo.2607278).

Whole articles, not leads: the events stage reads every sentence of them, background and
reactions included, as it reads what users feed it. The dataset's commas were stripped by its
authors; the text is otherwise the outlets'. Two annotators labelled a sample of their
sentences (training/data/fakes_sentence_labels.jsonl; `training/eval_article_sentences.py`).
Reads the repository snapshot named in training/PROVENANCE.md from NEWSBEAM_MIRROR.
Usage: python3 fakes.py   (writes NEWSBEAM_FAKES_OUT, default fakes.jsonl)
"""
import csv
import hashlib
import io
import os
import sys
from datetime import date

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from acledlib import git_blob, write_leads

OUT = os.environ.get("NEWSBEAM_FAKES_OUT", "fakes.jsonl")
REPO = "fmohsen/Fake-news-res"
COMMIT = "396124a80e3c4ae447d3b708487a5033cf82b400"
PATH = "FA-KES-Dataset.csv"  # unit_id,article_title,article_content,source,date,location,labels


def published(mdy: str) -> str | None:
    """'4/5/2017' -> '2017-04-05T12:00:00+00:00' (noon: the dataset gives the day only)."""
    try:
        month, day, year = (int(x) for x in mdy.split("/"))
        return date(year, month, day).isoformat() + "T12:00:00+00:00"
    except ValueError:
        return None


def main() -> None:
    data = git_blob(REPO, COMMIT, PATH).decode("latin-1")
    items = {}
    for row in csv.DictReader(io.StringIO(data)):
        text = " ".join(row["article_content"].split())
        digest = hashlib.sha1(text.encode()).hexdigest()
        items.setdefault(row["unit_id"], {
            "id": "fakes-" + row["unit_id"], "title": " ".join(row["article_title"].split()), "text": text,
            "text_sha1": digest, "outlet": row["source"], "published_at": published(row["date"])})
    write_leads(OUT, items.values())
    print(len(items), "articles")


if __name__ == "__main__":
    main()
