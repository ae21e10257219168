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

import lxml.html
import trafilatura
import trafilatura.utils
from htmldate import find_date
from lxml import etree
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import set_date_params
from trafilatura.utils import DOCTYPE_TAG, FAULTY_HTML, HTML_PARSER, load_html
from trafilatura.xml import xmltotxt

from transforms.text.byline import page_author

# trafilatura logs an ERROR for every page it cannot parse; such a page is already a reject
# row with its reason, so the line adds only noise (in every worker, hence here).
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

# trafilatura's parser (lxml.html's) picks each element's proxy class in a Python method,
# called for every element touched: an eighth of extraction time. lxml's C-level default
# lookup gives every element the plain HtmlElement; neither trafilatura nor this module uses
# the form/input subclasses' extras, and the 181 benchmark pages extract byte-identically.
trafilatura.utils.HTML_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
    element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity))

# The characters libxml2 rejects (trafilatura.utils.INVALID_XML_CHARS), as UTF-8 bytes.
_CONTROL_BYTES = bytes([*range(0, 9), 11, 12, *range(14, 32)])
_NONCHARACTERS = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")  # U+FFFE, U+FFFF


def parse_page(html: str):
    """trafilatura's `load_html` for a decoded page: the same tree, ~1 ms sooner. It strips
    libxml2's invalid characters with a regex over the whole page (0.8 ms a page); here
    the page's UTF-8 bytes are tested for them in C and, as they are almost never there,
    parsed as they are (the parser's encoding is fixed to UTF-8). Any other case goes
    through `load_html` itself."""
    try:
        data = html.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates
        return load_html(html)
    if (len(data.translate(None, _CONTROL_BYTES)) != len(data)
            or any(bad in data for bad in _NONCHARACTERS)):
        return load_html(html)
    beginning = html[:50].lower()
    repaired = html
    # the rest of trafilatura's repair_faulty_html, as it does it
    if "doctype" in beginning:
        firstline, _, rest = repaired.partition("\n")
        repaired = DOCTYPE_TAG.sub("", firstline, count=1) + "\n" + rest
    for line in repaired[:4096].splitlines()[:4]:
        if "<html" in line and line.endswith("/>"):
            repaired = FAULTY_HTML.sub(r"\1>", repaired, count=1)
            break
    if repaired != html:
        data = repaired.encode("utf-8")
    try:
        tree = lxml.html.fromstring(data, parser=HTML_PARSER)
    except Exception:  # noqa: BLE001 - load_html has the fallbacks and their logging
        return load_html(html)
    if tree is None or len(tree) < 2:  # load_html's second pass and dubious-page rules
        return load_html(html)
    return tree


@dataclass(frozen=True)
class ExtractedHtml:
    title: str | None
    text: str  # main text, paragraphs joined by "\n\n"
    published_raw: str | None  # date string found by trafilatura/htmldate, unparsed
    author: str | None
    site_name: str | None
    url: str | None  # canonical URL if the page states one
    language: str | None = None  # the page's own <html lang>, as an ISO 639-1 code


def declared_language(tree) -> str | None:
    """The ISO 639-1 code a page declares on its root (`lang`, `xml:lang`): "en-GB" → "en"."""
    value = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
    code = value.strip().replace("_", "-").split("-")[0].lower()
    return code if len(code) == 2 and code.isalpha() else None


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


_NON_WORD = re.compile(r"\W+")


def _word_chars(text: str) -> int:
    """Characters inside words (what the word regex would match), counted in C."""
    return len(_NON_WORD.sub("", text))


def _link_density(element) -> float | None:
    """Share of the element's word characters inside its <a> elements (None: no words).
    Word characters add up over pieces of text, so each side is one regex call."""
    total = _word_chars("".join(element.itertext()))
    if not total:
        return None
    return _word_chars("".join([t for a in element.iter("a") for t in a.itertext()])) / total


def _has_link(element) -> bool:
    return next(element.iter("a"), None) is not None


def _is_link_item(item) -> bool:
    """A list item whose link density is above the list threshold."""
    anchors = list(item.iter("a"))
    if not anchors:
        return False
    text = "".join(item.itertext())
    linked = "".join([t for a in anchors for t in a.itertext()])
    if linked == text:  # all of it is linked (a menu item): density 1 if it has words
        return _WORD.search(text) is not None
    total = _word_chars(text)
    return bool(total) and _word_chars(linked) / total > _LIST_LINK_DENSITY


def _prune_link_dense(tree) -> None:
    # A block without a link has density 0 and stays: only blocks with links are measured.
    for lst in list(tree.iter("ul", "ol")):
        items = lst.findall("li")
        if items and all(map(_is_link_item, items)):
            lst.drop_tree()
    for block in list(tree.iter(*_BLOCK_TAGS)):
        if not _has_link(block):
            continue
        density = _link_density(block)
        if density is not None and density > _BLOCK_LINK_DENSITY:
            block.drop_tree()


def page_metadata(tree, url: str | None):
    """trafilatura's `extract_metadata` reduced to the fields the tables use (title, author,
    canonical URL, date, site name), step for step the same: categories, tags and licence,
    a third of its cost, are skipped."""
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None
    try:
        metadata = extract_meta_json(tree, metadata)
    except Exception:  # noqa: BLE001 - trafilatura's JSON-LD reader has bugs; it logs and goes on too
        pass
    if not metadata.title:
        metadata.title = extract_title(tree)
    if not metadata.author:
        metadata.author = page_author(tree)
    if not metadata.url:
        metadata.url = extract_url(tree, url)
    date_config = set_date_params(True)
    date_config["url"] = metadata.url
    metadata.date = find_date(tree, **date_config)
    if not metadata.sitename:
        metadata.sitename = extract_sitename(tree)
    if metadata.sitename:
        metadata.sitename = metadata.sitename.lstrip("@")
        if metadata.sitename and "." not in metadata.sitename and not metadata.sitename[0].isupper():
            metadata.sitename = metadata.sitename.title()
    elif metadata.url:
        match = META_URL.match(metadata.url)
        if match:
            metadata.sitename = match[1]
    metadata.clean_and_trim()
    return metadata


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
    tree = parse_page(html)
    if tree is None:
        return None
    # metadata (and canonical URL) from the untouched page: bylines and dates
    # often sit in link-dense blocks that the pruning below removes
    meta = page_metadata(tree, url)
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
        language=declared_language(tree),
    )
