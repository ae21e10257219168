"""Syndication test corpus and scorer for the near-duplicate / wire-story (dedup) stage.

    python benchmarks/syndication.py generate OUT_DIR [--stories 150 --seed 0]
    python benchmarks/syndication.py score PIPELINE_OUTPUT_DIR LABELS_JSON
    python benchmarks/syndication.py all [--stories 150 --seed 0]

Why: wire services sell one story to many sites, and each site republishes it in its own
page with small edits. The dedup stage must mark near-identical copies (`duplicate_of`) and
group articles that carry the same wire text only in part (`story_id`). This module builds a
corpus whose truth is known by construction, and scores a pipeline run against it.

What `generate` writes (deterministic for a given --stories/--seed):

- ``OUT_DIR/inputs/``: the pipeline input. ``sites/<domain>/<slug>.txt|.html`` and
  ``feeds/<domain>-NN.jsonl`` (several articles per file; lines carry url/title/text or
  url/title/html/published). Bodies are real news text (ScrapingHub article-extraction ground
  truth). Bodies are split by a hash of their id into STORY BASES and a FILLER pool. Of pages
  about the same event only one is used, any paragraph sharing a word 8-gram with another is
  dropped, and each filler paragraph is used at most once, so articles share text only where
  the construction says so. Point the pipeline at ``inputs/``, not at OUT_DIR (labels.json
  would become an ``UnsupportedKind`` reject).
- Per story: the ORIGINAL and 0..20 syndicated COPIES (other site chrome, rewritten headline,
  last 1-2 paragraphs dropped while >= 6 remain and >= 80 % of the text stays, a dateline,
  straight<->curly quotes, backslash-escaped quotes, re-wrapped lines and odd spacing, one or
  two swapped-letter typos, two paragraphs merged); 0-2 PARTIAL EDITIONS (whole base paragraphs,
  40-60 % of the base text, plus 2-6 new filler paragraphs that make up >= 1/3 of the edition,
  and a new headline; English stories only, like rewrites); sometimes a REWRITE
  (2-3 base paragraphs quoted verbatim in mostly filler text). Plus filler-only SINGLETONS.
  Bases are the first 10-14 paragraphs of a body; beyond ~104 stories, later disjoint chunks
  of long bodies become stories too (same topic, no shared text: a fair hard negative). At
  most 155 stories exist; the default 150 gives ~900 articles in ~700 files.
- ``OUT_DIR/labels.json``: ``{identifier: {"copy_group", "story", "kind", "ops"}}``. The
  identifier is the input's path relative to ``inputs/``, with ``#LINE`` (1-based) appended
  for a ``.jsonl`` line. ``copy_group`` is the set {original + its copies}; partial editions,
  rewrites and singletons are copy groups of their own. ``kind`` and ``ops`` (the
  transformations applied) are for error analysis only.

`score` matches an ``articles`` row to a label by its ``source_uri`` (the longest path
suffix that is a label key, ``file://`` allowed) plus ``#source_line`` when that is not
null. It reports pairwise precision/recall and the adjusted Rand index, for copies (predicted
cluster = ``duplicate_of`` or the row's own id) and for stories (``story_id``). A labelled
input missing from the output (rejected) counts as a predicted singleton.

Importable: ``generate(out_dir, stories, seed) -> labels path``, ``score(output_dir,
labels_path) -> dict``, ``pair_scores(truth, pred) -> dict``.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import random
import re
import shutil
import subprocess
import sys
import textwrap
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TRUTH = HERE / "data" / "article-extraction" / "ground-truth.json"

FILLER_PERCENT = 35          # share of bodies (by hash of id) that feed the filler pool
MIN_PARAGRAPH_CHARS = 40     # shorter lines (subheads, captions, "___") are not paragraphs
MIN_BASE_PARAGRAPHS = 5
EVENT_SHINGLES = 3           # bodies sharing this many word 8-grams report the same event


def _hash(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:12], 16)


_STRAIGHT = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"})


def _norm(paragraph: str) -> str:
    return " ".join(paragraph.translate(_STRAIGHT).casefold().split())


# ---------------------------------------------------------------------------------------
# Source text: story bases and filler


@dataclass
class Base:
    key: str
    headline: str
    paragraphs: list[str]
    english: bool  # only English stories get partial editions and rewrites (English filler)


class Filler:
    """Paragraphs of the filler bodies, handed out in order, each at most once."""

    def __init__(self, paragraphs: list[str]):
        self.paragraphs, self.next = paragraphs, 0

    def left(self) -> int:
        return len(self.paragraphs) - self.next

    def take(self, n: int) -> list[str]:
        if n > self.left():
            raise ValueError("filler pool exhausted")
        self.next += n
        return self.paragraphs[self.next - n : self.next]


def _slug_headline(url: str) -> str | None:
    slug = url.rstrip("/").rsplit("/", 1)[-1].split(".")[0]
    words = [w for w in re.split(r"[-_]+", slug) if w.isalnum() and not w.isdigit() or w.isdigit() and len(w) < 5]
    if len(words) < 4:
        return None
    return " ".join(words[:12]).capitalize()


def _lead_headline(paragraph: str, skip: int = 0, size: int = 9) -> str:
    first = re.split(r"(?<=[.!?])\s", paragraph.strip(), maxsplit=1)[0]
    words = re.sub(r"^\(?[A-Z][\w .]*\)?\s*[-—–]\s*", "", first).split()
    return " ".join(words[skip : skip + size]).strip(" ,;:.\"'“”‘’—-").capitalize() or "News"


_EN_STOPWORDS = set("the and of to in a is that for on with was it as said by at from".split())


def _shingles(paragraph: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", _norm(paragraph))
    return {tuple(words[i : i + 8]) for i in range(max(1, len(words) - 7))} if words else set()


def _prose(paragraph: str) -> bool:
    """A sentence paragraph, not a subhead, caption, list item or table row."""
    return (len(paragraph) >= MIN_PARAGRAPH_CHARS and len(paragraph.split()) >= 6
            and paragraph[-1] in ".!?:;)\"”’»…。")


def _english(paragraphs: list[str]) -> bool:
    """Prose in English (not another language, not score tables): its filler can mix."""
    words = re.findall(r"\w+", " ".join(paragraphs).lower())
    return sum(w in _EN_STOPWORDS for w in words) >= 0.12 * max(1, len(words))


def load_sources(truth_path: Path = TRUTH) -> tuple[list[Base], list[str]]:
    """(story bases in order of use, filler paragraphs) from the ground-truth bodies.

    Some benchmark pages report the same event and quote the same statements: of bodies
    sharing EVENT_SHINGLES word 8-grams only the first (by hash) is used, and a paragraph
    that shares any 8-gram with another paragraph (repeated quotes, boilerplate) is dropped,
    as are paragraphs that are not prose. Filler comes from English prose bodies only, so
    partial editions never mix languages.
    """
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    raw: dict[str, list[str]] = {}
    owner: dict[tuple, str] = {}
    for key in sorted(truth, key=_hash):
        ps = [p.strip() for p in truth[key]["articleBody"].split("\n") if p.strip()]
        grams = set().union(*map(_shingles, ps))
        if max(Counter(owner[g] for g in grams if g in owner).values(), default=0) \
                >= EVENT_SHINGLES:
            continue  # another page about the same event is already in
        owner.update(dict.fromkeys(grams, key))
        raw[key] = ps
    uses = Counter(g for ps in raw.values() for p in ps for g in _shingles(p))
    rounds: list[list[Base]] = [[], [], [], []]
    filler: list[str] = []
    for key in raw:
        ps = [p for p in raw[key] if _prose(p) and all(uses[g] == 1 for g in _shingles(p))]
        english = _english(raw[key])
        if english and (_hash("filler:" + key) % 100 < FILLER_PERCENT
                        or len(ps) < MIN_BASE_PARAGRAPHS):
            filler.extend(ps)
            continue
        size = 10 + _hash("size:" + key) % 5  # a wire story of 10-14 paragraphs
        for r in range(len(rounds)):
            chunk = ps[r * size : (r + 1) * size]
            if len(chunk) < (MIN_BASE_PARAGRAPHS if r == 0 else 6):
                break
            headline = (r == 0 and _slug_headline(truth[key].get("url", ""))) or \
                _lead_headline(chunk[0])
            rounds[r].append(Base(f"{key[:10]}.{r}", headline, chunk, english))
    return [b for r in rounds for b in r], filler


# ---------------------------------------------------------------------------------------
# Sites and their chrome


@dataclass(frozen=True)
class Site:
    name: str
    domain: str
    nav: tuple[str, ...]
    top: tuple[str, ...]        # lines under the masthead: prompts, tickers
    footer: tuple[str, ...]
    ad: str = "Advertisement"


SITES = [
    Site("The Northern Courier", "northern-courier.com",
         ("Home", "News", "World", "Business", "Opinion", "Sport", "Weather"),
         ("Subscribe now for unlimited access", "Sign in"),
         ("© 2024 Northern Courier Media Ltd. All rights reserved.", "Privacy Policy | Terms of Use")),
    Site("Metro Ledger", "metroledger.net",
         ("Latest", "Local", "Nation", "World", "Money", "Tech", "Life"),
         ("Breaking News Alerts", "Get the app"),
         ("Copyright © 2024 Metro Ledger", "Contact us  ·  Advertise  ·  Careers"), "ADVERTISEMENT"),
    Site("Bayside Times", "baysidetimes.com",
         ("Menu", "Search", "News", "Politics", "Markets", "Culture"),
         ("Share on Facebook", "Share on Twitter", "Email"),
         ("Bayside Times © 2024", "Do not sell my personal information"), "Sponsored"),
    Site("Capital Post", "capitalpost.co.uk",
         ("UK", "World", "Business", "Politics", "Tech", "Science", "Health"),
         ("Follow us on Twitter", "Listen to this article"),
         ("© Capital Post Group plc 2024", "Cookie settings", "Accessibility")),
    Site("Valley Tribune", "valley-tribune.com",
         ("Front Page", "Community", "Obituaries", "Sports", "Classifieds"),
         ("Support local journalism. Subscribe today.",),
         ("© 2024 Valley Tribune, a Lakeshore Media company", "Terms | Privacy | Site Map")),
    Site("NewsDesk 24", "newsdesk24.com",
         ("Top Stories", "World", "US", "Economy", "Entertainment", "Video"),
         ("Trending:", "Live updates"),
         ("NewsDesk 24 © 2024. All Rights Reserved.", "About  Contact  RSS"), "Story continues below advertisement"),
    Site("Global Dispatch", "globaldispatch.org",
         ("Africa", "Americas", "Asia", "Europe", "Middle East", "Analysis"),
         ("Donate", "Newsletter sign-up"),
         ("Global Dispatch is a nonprofit newsroom. © 2024", "Republish our stories")),
    Site("The Morning Standard", "morningstandard.in",
         ("India", "World", "Business", "Cities", "Sport", "Lifestyle"),
         ("Download the Morning Standard app", "E-paper"),
         ("Copyright © 2024 The Morning Standard", "All rights reserved")),
    Site("Harbour Herald", "harbourherald.com.au",
         ("National", "World", "Business", "Entertainment", "Lifestyle", "Travel"),
         ("Log in", "Subscribe"),
         ("© 2024 Harbour Herald Pty Ltd", "Privacy  Terms  Help")),
    Site("Continental Wire", "continentalwire.eu",
         ("EU Affairs", "Economy", "Energy", "Tech", "Features"),
         ("Read in: EN | FR | DE",),
         ("© Continental Wire 2024 — reproduction prohibited", "Imprint · Data protection")),
]
AGENCIES = ["Reuters", "AP", "AFP", "Bloomberg", "dpa"]
CITIES = ["LONDON", "NEW YORK", "WASHINGTON", "PARIS", "BERLIN", "TOKYO", "SINGAPORE",
          "SAN FRANCISCO", "MOSCOW", "SYDNEY", "MUMBAI", "BRUSSELS"]
PROMPTS = ["Share this article", "Subscribe to our newsletter", "Sign up for our daily briefing",
           "Read more", "Leave a comment", "Most popular", "Show comments",
           "Like this story? Share it with a friend", "Click here to subscribe"]
SECTIONS = ["news", "world", "business", "tech", "politics", "culture"]


# ---------------------------------------------------------------------------------------
# Transformations (paragraph lists in, paragraph lists out)


def _curly(text: str) -> str:
    text = re.sub(r"(?<=\w)'", "’", text)
    text = re.sub(r"'(?=\w)", "‘", text)
    text = re.sub(r'"(?=\w)', "“", text)
    return text.replace('"', "”").replace("'", "’")


def _typo(paragraph: str, rng: random.Random) -> str:
    """One swapped pair of different adjacent letters inside a word."""
    spots = [m.start() for m in re.finditer(r"(?<=[a-z])([a-z])(?!\1)[a-z](?=[a-z])",
                                                 paragraph)]
    if not spots:
        return paragraph
    i = rng.choice(spots)
    return paragraph[:i] + paragraph[i + 1] + paragraph[i] + paragraph[i + 2 :]


def _chars(ps: list[str]) -> int:
    return sum(len(p) for p in ps)


def _apply(ps: list[str], ops: list[str], op: str, fn) -> tuple[list[str], list[str]]:
    """fn applied to every paragraph; op is recorded only when something changed."""
    new = [fn(p) for p in ps]
    return new, ops + [op] if new != ps else ops


def make_copy(paragraphs: list[str], rng: random.Random) -> tuple[list[str], list[str], dict]:
    """A syndicated copy: (paragraphs, ops applied, layout hints for rendering)."""
    ps, ops, layout = list(paragraphs), [], {}
    drop = rng.choice([1, 2])
    if (rng.random() < 0.35 and len(ps) - drop >= 6
            and _chars(ps[:-drop]) >= 0.8 * _chars(paragraphs)):
        ps, ops = ps[:-drop], ops + [f"drop_last_{drop}"]
    if rng.random() < 0.4:
        ps[0] = f"{rng.choice(CITIES)} ({rng.choice(AGENCIES)}) {rng.choice(['-', '—', '–'])} {ps[0]}"
        ops.append("dateline")
    if rng.random() < 0.4:
        straight = any(c in p for p in ps for c in "“”’")
        ps, ops = _apply(ps, ops, "quotes_straight" if straight else "quotes_curly",
                         lambda p: p.translate(_STRAIGHT) if straight else _curly(p))
    if rng.random() < 0.15:
        ps, ops = _apply(ps, ops, "escaped_quotes", lambda p: p.translate(_STRAIGHT)
                         .replace('"', '\\"').replace("'", "\\'"))
    if rng.random() < 0.3:
        where = {rng.randrange(len(ps)) for _ in range(rng.choice([1, 2]))}
        typos = iter([_typo(p, rng) if i in where else p for i, p in enumerate(ps)])
        ps, ops = _apply(ps, ops, "typos", lambda _: next(typos))
    if rng.random() < 0.25 and len(ps) >= 3:
        i = rng.randrange(len(ps) - 1)
        ps[i : i + 2] = [ps[i] + " " + ps[i + 1]]
        ops.append("merged_paragraphs")
    if rng.random() < 0.4:
        layout = {"wrap": rng.choice([60, 72, 80]), "sep": rng.choice(["\n\n", "\n"]),
                  "spaces": rng.random() < 0.5}
        ops.append("whitespace")
    return ps, ops, layout


def make_partial(paragraphs: list[str], filler: Filler, rng: random.Random) -> list[str]:
    """An updated edition: whole base paragraphs, in order, 40-60 % of the base text, and
    2-6 new filler paragraphs that make up at least a third of the edition.

    Sizes are checked in characters, not only paragraphs, so that an edition is never
    nearly a subset of the original (that would be a copy): it shares at most ~60 % of the
    base and at most ~2/3 of itself with it.
    """
    total = _chars(paragraphs)
    best: list[str] = []
    for _ in range(30):
        n = max(2, round(len(paragraphs) * rng.uniform(0.4, 0.6)))
        if rng.random() < 0.5:
            start = rng.randrange(len(paragraphs) - n + 1)
            kept = paragraphs[start : start + n]
        else:
            kept = [paragraphs[i] for i in sorted(rng.sample(range(len(paragraphs)), n))]
        if abs(_chars(kept) / total - 0.5) < abs(_chars(best) / total - 0.5):
            best = kept
        if 0.4 <= _chars(best) / total <= 0.6:
            break
    new = filler.take(2)
    while len(new) < 6 and (len(new) < 5 and rng.random() < 0.4
                            or _chars(new) < 0.5 * _chars(best)):
        new += filler.take(1)
    lead = rng.randint(1, len(new))  # new paragraphs lead the update, the rest go inside
    out = new[:lead] + best
    for p in new[lead:]:
        out.insert(rng.randint(lead, len(out)), p)
    return out


def make_rewrite(paragraphs: list[str], filler: Filler, rng: random.Random) -> list[str]:
    """A rewrite: mostly new text that quotes 2-3 wire paragraphs verbatim."""
    quoted = rng.sample(paragraphs, rng.choice([2, 3]))
    out = filler.take(rng.randint(len(quoted) + 1, 5))
    for p in quoted:
        out.insert(rng.randint(1, len(out)), p)
    return out


def copy_headline(base: Base, rng: random.Random) -> str:
    h = base.headline
    return rng.choice([
        _lead_headline(base.paragraphs[0], skip=0, size=rng.randint(7, 11)),
        _lead_headline(base.paragraphs[0], skip=2, size=8),
        f"UPDATE {rng.randint(1, 4)}-{h}",
        f"{h} - sources",
        f"What we know: {h[0].lower() + h[1:]}",
        f"EXCLUSIVE: {h}",
        h.title(),
    ])


# ---------------------------------------------------------------------------------------
# Rendering


@dataclass
class Article:
    title: str
    paragraphs: list[str]
    site: Site
    published: datetime
    label: dict
    layout: dict = field(default_factory=dict)
    url: str = ""


def _body_lines(a: Article, rng: random.Random) -> list[str]:
    """Body paragraphs as text, re-wrapped/spaced per layout, with an ad line or two inside."""
    ps = a.paragraphs
    if a.layout.get("spaces"):
        ps = [p.replace(". ", ".  ").replace(", ", rng.choice([", ", " , ", ",  "])) + "  "
              for p in ps]
    if a.layout.get("wrap"):
        ps = [textwrap.fill(p, a.layout["wrap"]) for p in ps]
    out = []
    ads = set(rng.sample(range(1, len(ps)), min(len(ps) - 1, rng.randint(0, 2))))
    for i, p in enumerate(ps):
        if i in ads:
            out.append(a.site.ad)
        out.append(p)
    return out


def render_text(a: Article, rng: random.Random) -> str:
    nav = list(a.site.nav[: rng.randint(3, len(a.site.nav))])
    head = [rng.choice([" | ".join(nav), "\n".join(nav), "  ".join(nav)]), a.site.name]
    head += rng.sample(a.site.top, rng.randint(0, len(a.site.top)))
    date = a.published.strftime(rng.choice(["%d %B %Y", "%B %d, %Y %H:%M", "%Y-%m-%d"]))
    byline = rng.choice([f"Published {date}", f"{date} | Staff and wire reports", date])
    foot = rng.sample(PROMPTS, rng.randint(1, 3)) + list(a.site.footer)
    sep = a.layout.get("sep", "\n\n")
    parts = ["\n".join(head), a.title, byline, sep.join(_body_lines(a, rng)), "\n".join(foot)]
    return "\n\n".join(parts) + "\n"


def render_html(a: Article, rng: random.Random, related: list[str]) -> str:
    e = html.escape
    nav = "".join(f'<li><a href="/{e(n.lower().replace(" ", "-"))}/">{e(n)}</a></li>'
                  for n in a.site.nav)
    paras = []
    for line in _body_lines(a, rng):
        if line == a.site.ad:
            paras.append(f'<div class="ad-slot" aria-hidden="true"><span>{e(line)}</span></div>')
        else:
            paras.append(f"<p>{e(line)}</p>")
    share = "".join(f'<li><a href="#">{e(p)}</a></li>' for p in rng.sample(PROMPTS, 2))
    rel = "".join(f'<li><a href="https://{a.site.domain}/news/{_slug(t)}">{e(t)}</a></li>'
                  for t in related)
    iso = a.published.strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{e(a.title)} | {e(a.site.name)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:title" content="{e(a.title)}">
<meta property="og:site_name" content="{e(a.site.name)}">
<meta property="article:published_time" content="{iso}">
<link rel="canonical" href="{e(a.url)}">
</head><body class="{rng.choice(['article', 'story-page', 'post single'])}">
<header class="site-header"><a class="logo" href="/">{e(a.site.name)}</a>
<nav class="main-nav"><ul>{nav}</ul></nav>
<div class="top-bar">{" · ".join(e(t) for t in a.site.top)}</div></header>
<main><article>
<h1 class="headline">{e(a.title)}</h1>
<div class="meta"><time datetime="{iso}">{a.published:%d %B %Y}</time></div>
<div class="article-body">
{chr(10).join(paras)}
</div>
<ul class="share-tools">{share}</ul>
</article>
<aside class="related"><h3>{rng.choice(["Related", "More stories", "You may also like"])}</h3><ul>{rel}</ul></aside>
</main>
<footer class="site-footer">{"".join(f"<p>{e(f)}</p>" for f in a.site.footer)}</footer>
</body></html>
"""


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "story"


# ---------------------------------------------------------------------------------------
# Generator


def _copies_count(rng: random.Random) -> int:
    r = rng.random()
    if r < 0.15:
        return 0
    if r < 0.60:
        return rng.randint(1, 3)
    if r < 0.90:
        return rng.randint(4, 8)
    return rng.randint(9, 20)


def build_articles(stories: int, seed: int) -> list[Article]:
    """The articles of the corpus with their labels, before they are given files."""
    bases, pool = load_sources()
    if stories > len(bases):
        print(f"only {len(bases)} story bases available; using them all", file=sys.stderr)
    rng = random.Random(seed)
    filler = Filler(pool)
    start = datetime(2024, 3, 1, 6, 0)
    articles: list[Article] = []

    def add(title, ps, label, layout=None, when=None):
        articles.append(Article(title, ps, rng.choice(SITES), when or start, label, layout or {}))

    for i in range(max(1, stories // 4)):  # singletons first: they always get their filler
        ps = filler.take(min(filler.left(), rng.randint(3, 6)))
        add(_lead_headline(ps[0]), ps, {"copy_group": f"x{i:04d}", "story": f"x{i:04d}",
                                        "kind": "singleton", "ops": []},
            when=start + timedelta(hours=rng.randint(0, 24 * 60)))
    for s, base in enumerate(bases[:stories]):
        story = f"s{s:04d}"
        when = start + timedelta(hours=rng.randint(0, 24 * 60))
        add(base.headline, base.paragraphs, {"copy_group": story, "story": story,
                                             "kind": "original", "ops": []}, when=when)
        for _ in range(_copies_count(rng)):
            ps, ops, layout = make_copy(base.paragraphs, rng)
            title = base.headline
            if rng.random() < 0.7:
                title, ops = copy_headline(base, rng), ["headline", *ops]
            add(title, ps, {"copy_group": story, "story": story, "kind": "copy", "ops": ops},
                layout, when + timedelta(minutes=rng.randint(5, 2880)))
        n_partial = rng.choices([0, 1, 2], [0.4, 0.4, 0.2])[0]
        for p in range(n_partial):
            if filler.left() < 6 or not base.english:
                break
            ps = make_partial(base.paragraphs, filler, rng)
            add(f"UPDATE {p + 2}-" + _lead_headline(ps[0]), ps,
                {"copy_group": f"{story}.p{p + 1}", "story": story, "kind": "partial",
                 "ops": []}, None, when + timedelta(hours=rng.randint(2, 48)))
        if rng.random() < 0.25 and filler.left() >= 5 and base.english:
            ps = make_rewrite(base.paragraphs, filler, rng)
            add(_lead_headline(ps[0]), ps, {"copy_group": f"{story}.r", "story": story,
                                            "kind": "rewrite", "ops": []})
    if filler.left() < 10:
        print("filler pool (nearly) exhausted: the last stories may lack partial editions, "
              "rewrites or singletons", file=sys.stderr)
    return articles


def generate(out_dir: Path | str, stories: int = 150, seed: int = 0) -> Path:
    """Write the corpus under out_dir/inputs and its truth to out_dir/labels.json."""
    out = Path(out_dir)
    inputs = out / "inputs"
    shutil.rmtree(inputs, ignore_errors=True)
    articles = build_articles(stories, seed)
    rng = random.Random(seed + 1)
    rng.shuffle(articles)  # files and feed lines must not reveal the construction order
    titles = [a.title for a in articles]
    labels: dict[str, dict] = {}
    feeds: dict[str, list[str]] = defaultdict(list)  # domain -> jsonl lines
    feed_labels: dict[str, list[dict]] = defaultdict(list)
    for a in articles:
        token = hashlib.sha256(f"{seed}:{len(labels) + sum(map(len, feeds.values()))}"
                               .encode()).hexdigest()[:8]
        slug = f"{_slug(a.title)}-{token}"
        a.url = (f"https://www.{a.site.domain}/{rng.choice(SECTIONS)}/"
                 f"{a.published:%Y/%m/%d}/{slug}")
        kind = rng.choices(["txt", "html", "jsonl"], [0.4, 0.35, 0.25])[0]
        if kind == "jsonl":
            if rng.random() < 0.5:
                text = "\n\n".join(_body_lines(a, rng))
                rec = {"url": a.url, "title": a.title, "text": text}
            else:
                rec = {"url": a.url, "title": a.title,
                       "html": render_html(a, rng, rng.sample(titles, 4)),
                       "published": a.published.strftime("%Y-%m-%dT%H:%M:%SZ")}
            feeds[a.site.domain].append(json.dumps(rec, ensure_ascii=rng.random() < 0.5))
            feed_labels[a.site.domain].append(a.label)
            continue
        rel = f"sites/{a.site.domain}/{slug}.{kind}"
        path = inputs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        body = render_text(a, rng) if kind == "txt" else render_html(a, rng, rng.sample(titles, 4))
        path.write_text(body, encoding="utf-8")
        labels[rel] = a.label
    for domain, lines in sorted(feeds.items()):
        for f, i in enumerate(range(0, len(lines), 25)):
            rel = f"feeds/{domain}-{f:02d}.jsonl"
            (inputs / "feeds").mkdir(parents=True, exist_ok=True)
            (inputs / rel).write_text("\n".join(lines[i : i + 25]) + "\n", encoding="utf-8")
            for n, label in enumerate(feed_labels[domain][i : i + 25], start=1):
                labels[f"{rel}#{n}"] = label
    path = out / "labels.json"
    path.write_text(json.dumps(dict(sorted(labels.items())), indent=1, ensure_ascii=False),
                    encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------
# Scorer


def _pairs(counts: np.ndarray) -> float:
    counts = counts.astype(np.float64)
    return float((counts * (counts - 1) / 2).sum())


def pair_scores(truth: list, pred: list) -> dict:
    """Pairwise precision/recall and adjusted Rand index of two clusterings of the same items.

    Computed from the contingency table. With no predicted (true) pairs, precision (recall)
    is 1.0; ARI is 1.0 when both clusterings are trivial in the same way.
    """
    _, t = np.unique(np.asarray(truth, dtype=object).astype(str), return_inverse=True)
    _, p = np.unique(np.asarray(pred, dtype=object).astype(str), return_inverse=True)
    n = len(t)
    cells = np.unique(t.astype(np.int64) * (p.max(initial=0) + 1) + p, return_counts=True)[1]
    both = _pairs(cells)
    true_pairs, pred_pairs = _pairs(np.bincount(t)), _pairs(np.bincount(p))
    total = n * (n - 1) / 2
    expected = true_pairs * pred_pairs / total if total else 0.0
    top = (true_pairs + pred_pairs) / 2 - expected
    return {
        "precision": both / pred_pairs if pred_pairs else 1.0,
        "recall": both / true_pairs if true_pairs else 1.0,
        "ari": (both - expected) / top if top else 1.0,
        "true_pairs": int(true_pairs), "predicted_pairs": int(pred_pairs),
        "correct_pairs": int(both),
    }


def _label_key(uri: str, line: int | None, labels: dict) -> str | None:
    parts = re.sub(r"^file://", "", uri).replace("\\", "/").split("/")
    suffix = f"#{line}" if line is not None else ""
    for i in range(len(parts)):
        key = "/".join(parts[i:]) + suffix
        if key in labels:
            return key
    return None


def score(output_dir: Path | str, labels_path: Path | str) -> dict:
    """Scores of a pipeline run's articles table against labels.json (see module doc)."""
    import duckdb

    labels = json.loads(Path(labels_path).read_text(encoding="utf-8"))
    rows = duckdb.sql(
        "SELECT article_id, source_uri, source_line, duplicate_of, story_id FROM read_parquet("
        f"'{Path(output_dir)}/articles/**/*.parquet', hive_partitioning = true)").fetchall()
    found: dict[str, tuple] = {}
    unlabelled = 0
    by_id = {r[0]: r for r in rows}
    for r in rows:
        key = _label_key(r[1], r[2], labels)
        if key is None or key in found:
            unlabelled += 1
        else:
            found[key] = r
    keys = sorted(labels)
    copy_pred, story_pred = [], []
    for k in keys:  # an input missing from the output is a singleton of its own
        aid, _, _, dup, story = found.get(k, (f"missing:{k}", None, None, None, f"missing:{k}"))
        copy_pred.append(dup or aid)
        story_pred.append(story)
    result = {
        "labelled": len(labels), "matched": len(found), "missing": len(labels) - len(found),
        "unlabelled_rows": unlabelled,
        "copies": pair_scores([labels[k]["copy_group"] for k in keys], copy_pred),
        "stories": pair_scores([labels[k]["story"] for k in keys], story_pred),
    }
    # Consistency of the predictions themselves.
    dups = [r for r in rows if r[3] is not None]
    result["duplicate_of_not_canonical"] = sum(
        1 for r in dups if r[3] not in by_id or by_id[r[3]][3] is not None)
    result["copy_outside_canonical_story"] = sum(
        1 for r in dups if r[3] in by_id and by_id[r[3]][4] != r[4])
    result["by_kind"] = _diagnostics(keys, labels, copy_pred, story_pred)
    return result


def _diagnostics(keys, labels, copy_pred, story_pred) -> dict:
    """How often each kind (and each copy op) lands with its story's original."""
    original = {labels[k]["story"]: i for i, k in enumerate(keys)
                if labels[k]["kind"] == "original"}
    stats: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for i, k in enumerate(keys):
        lab = labels[k]
        o = original.get(lab["story"])
        if lab["kind"] in ("original", "singleton") or o is None:
            continue
        hit = copy_pred[i] == copy_pred[o] if lab["kind"] == "copy" else \
            story_pred[i] == story_pred[o]
        for name in [lab["kind"]] + [f"copy:{op}" for op in lab["ops"]]:
            stats[name][0] += hit
            stats[name][1] += 1
        # partial editions and rewrites must not be marked as copies of the original
        if lab["kind"] != "copy":
            stats[f"{lab['kind']}_wrongly_copy"][0] += copy_pred[i] == copy_pred[o]
            stats[f"{lab['kind']}_wrongly_copy"][1] += 1
    return {k: {"hit": v[0], "of": v[1]} for k, v in sorted(stats.items())}


def report(result: dict) -> str:
    lines = [f"articles: {result['labelled']} labelled, {result['matched']} found in output, "
             f"{result['missing']} missing, {result['unlabelled_rows']} unlabelled rows"]
    for name in ("copies", "stories"):
        s = result[name]
        lines.append(f"{name:8s} P={s['precision']:.4f} R={s['recall']:.4f} ARI={s['ari']:.4f}"
                     f"  (pairs: true {s['true_pairs']}, predicted {s['predicted_pairs']}, "
                     f"correct {s['correct_pairs']})")
    lines.append(f"duplicate_of not a canonical: {result['duplicate_of_not_canonical']}, "
                 f"copy outside its canonical's story: {result['copy_outside_canonical_story']}")
    lines.append("with the original (copies: same copy cluster; others: same story):")
    for k, v in result["by_kind"].items():
        lines.append(f"  {k:28s} {v['hit']:5d} / {v['of']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate", help="write a corpus and its labels")
    g.add_argument("out_dir", type=Path)
    s = sub.add_parser("score", help="score a pipeline output against labels")
    s.add_argument("output_dir", type=Path)
    s.add_argument("labels", type=Path)
    a = sub.add_parser("all", help="generate into bench-out/syndication, run newsbeam, score")
    for p in (g, a):
        p.add_argument("--stories", type=int, default=150)
        p.add_argument("--seed", type=int, default=0)
    s.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = ap.parse_args(argv)

    if args.cmd == "generate":
        path = generate(args.out_dir, args.stories, args.seed)
        print(f"{len(json.loads(path.read_text()))} articles under {args.out_dir}/inputs, "
              f"labels in {path}")
        return 0
    if args.cmd == "score":
        result = score(args.output_dir, args.labels)
        print(json.dumps(result, indent=1) if args.json else report(result))
        return 0
    corpus, output = REPO / "bench-out" / "syndication", REPO / "bench-out" / "syndication-out"
    labels = generate(corpus, args.stories, args.seed)
    cmd = [str(REPO / ".venv" / "bin" / "newsbeam"), "run", "--quiet",
           "--input", str(corpus / "inputs"), "--output", str(output)]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, cwd=REPO)
    if done.returncode != 0:
        return done.returncode
    print(f"pipeline: {time.perf_counter() - t0:.1f} s")
    print(report(score(output, labels)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
