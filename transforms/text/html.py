"""Main-text and metadata extraction from article HTML pages.

Pure module: no I/O and no Beam. Built on trafilatura, with a few general rules on top
that were chosen on the ScrapingHub article-extraction benchmark (see
benchmarks/html_quality.py) with 2-fold cross-validation:

1. before extraction, drop link-dense blocks from the HTML (related-story lists,
   "READ MORE: <link>" paragraphs, teaser headlines): trafilatura in recall mode keeps them;
2. trafilatura ``bare_extraction`` in fast + favour-recall mode;
3. after extraction, drop the repeated headline and standfirst headings at the top,
   headings left dangling at the end (newsletter/promo boxes) and paragraphs that open
   with a well-known call to action ("Read more", "Sign up", "Follow us", ...).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import trafilatura
from trafilatura.metadata import extract_metadata, extract_url
from trafilatura.settings import set_date_params
from trafilatura.utils import load_html
from trafilatura.xml import xmltotxt

# trafilatura logs an ERROR for every page it cannot parse; such a page is already a reject
# row with its reason, so the line adds only noise (in every worker, hence here).
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

@dataclass(frozen=True)
class ExtractedHtml:
    title: str | None
    text: str  # main text, paragraphs joined by "\n\n"
    published_raw: str | None  # date string found by trafilatura/htmldate, unparsed
    author: str | None
    site_name: str | None
    url: str | None  # canonical URL if the page states one


_WORD = re.compile(r"\w+")

# Share of a block's word characters that sit inside <a>: above these, a list / paragraph /
# heading is navigation or a teaser, not article prose (cross-validated; 0.6-0.8 all work).
_LIST_LINK_DENSITY = 0.8
_BLOCK_LINK_DENSITY = 0.7
_BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6")

# Short paragraphs that open like this are calls to action or cross-links, not reporting.
# Kept narrow (word boundaries, a colon or end of line after ambiguous words) so that
# prose such as "Related research shows..." or "Copyright law..." survives.
_BOILERPLATE = re.compile(
    r"^\W*(read more\b|see more\b|also read\b|don'?t miss\b|click here\b|sign up\b"
    r"|subscribe\b|follow (us|him|her|me)\b|you may also like|like this story"
    r"|share (this|on)\b|(related|recommended|most read|more from)\b[^.!?]{0,40}(:|$)"
    r"|advertisement$|\d* ?comments?$|copyright\s*(©|\(c\)|\d{4})|©|all rights reserved)",
    re.IGNORECASE,
)
_BOILERPLATE_MAX_WORDS = 40

# A page "has article text" when some block is at least sentence-sized (word characters,
# so that unspaced scripts such as Japanese count too).
_MIN_LONGEST_BLOCK_CHARS = 40


def _words(text: str | None) -> list[str]:
    return _WORD.findall((text or "").lower())


def _word_chars(text: str) -> int:
    return sum(len(w) for w in _WORD.findall(text))


def _link_density(element) -> float | None:
    total = _word_chars("".join(element.itertext()))
    if not total:
        return None
    linked = sum(_word_chars("".join(a.itertext())) for a in element.iter("a"))
    return linked / total


def _prune_link_dense(tree) -> None:
    for lst in list(tree.iter("ul", "ol")):
        items = lst.findall("li")
        if items and all((_link_density(li) or 0.0) > _LIST_LINK_DENSITY for li in items):
            lst.drop_tree()
    for block in list(tree.iter(*_BLOCK_TAGS)):
        density = _link_density(block)
        if density is not None and density > _BLOCK_LINK_DENSITY:
            block.drop_tree()


def _block_text(block) -> str:
    return "".join(block.itertext()).strip()


def _clean_body(body, title: str | None) -> None:
    """Post-filter trafilatura's output tree (top-level blocks: head, p, list, quote...)."""
    # the headline is returned as ``title``; the on-page h1 is often the <title> minus a
    # " - Site Name" suffix, hence the containment test
    title_words = " ".join(_words(title))
    for block in list(body)[:2]:
        words = " ".join(_words(_block_text(block)))
        if block.tag == "head" and words and title_words and words in title_words:
            body.remove(block)
        else:
            break
    # headings before the first paragraph are standfirsts/kickers, not body text
    while len(body) > 1 and body[0].tag == "head" and any(b.tag == "p" for b in body[1:]):
        body.remove(body[0])
    # headings with nothing after them belong to promo/newsletter boxes below the article
    while len(body) and body[-1].tag == "head":
        body.remove(body[-1])
    for block in list(body.iter("p", "head", "item")):
        parent = block.getparent()
        text = _block_text(block)
        if (
            parent is not None
            and _BOILERPLATE.match(text)
            and len(_words(text)) <= _BOILERPLATE_MAX_WORDS
        ):
            parent.remove(block)


def extract_html(html: str, url: str | None = None) -> ExtractedHtml | None:
    """Extract the article of one page; None when the page has no article text."""
    tree = load_html(html)
    if tree is None:
        return None
    # metadata (and canonical URL) from the untouched page: bylines and dates
    # often sit in link-dense blocks that the pruning below removes
    meta = extract_metadata(tree, url, set_date_params(True))
    canonical = extract_url(tree)

    _prune_link_dense(tree)
    doc = trafilatura.bare_extraction(
        tree,  # bare_extraction works on its own copy
        url=url,
        include_comments=False,
        # no process-global dedup cache: results must not depend on page order
        deduplicate=False,
        # measured on the benchmark: skipping the readability/justext fallback and
        # favouring recall is both faster and more accurate than the defaults
        fast=True,
        favor_recall=True,
    )
    if doc is None or doc.body is None:
        return None
    _clean_body(doc.body, meta.title)
    paragraphs = [line.strip() for line in xmltotxt(doc.body, False).splitlines()]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs or max(map(_word_chars, paragraphs)) < _MIN_LONGEST_BLOCK_CHARS:
        return None
    return ExtractedHtml(
        title=meta.title or None,
        text="\n\n".join(paragraphs),
        published_raw=meta.date or None,
        author=meta.author or None,
        site_name=meta.sitename or None,
        url=canonical or None,
    )
