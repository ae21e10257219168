"""Main-text and metadata extraction from article HTML pages.

Pure module: no I/O and no Beam. Built on trafilatura's ``bare_extraction``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import trafilatura
from trafilatura.metadata import extract_url
from trafilatura.utils import load_html
from trafilatura.xml import xmltotxt


@dataclass(frozen=True)
class ExtractedHtml:
    title: str | None
    text: str  # main text, paragraphs joined by "\n\n"
    published_raw: str | None  # date string found by trafilatura/htmldate, unparsed
    author: str | None
    site_name: str | None
    url: str | None  # canonical URL if the page states one
    language_hint: str | None  # <html lang> / meta if present


_WORD = re.compile(r"\w+")


def _words(text: str | None) -> list[str]:
    return _WORD.findall((text or "").lower())


def _language_hint(tree) -> str | None:
    lang = tree.get("lang") or tree.get("xml:lang")
    if not lang:
        for meta in tree.iterfind(".//head/meta[@content]"):
            key = (meta.get("http-equiv") or meta.get("property") or meta.get("name") or "").lower()
            if key in ("content-language", "og:locale", "language", "dc.language"):
                lang = meta.get("content")
                break
    lang = (lang or "").strip().replace("_", "-")
    return lang or None


def _drop_leading_title(body, title: str | None) -> None:
    """The headline is returned as ``title``; repeating it at the top of the text is noise."""
    title_words = " ".join(_words(title))
    if not title_words:
        return
    for block in list(body)[:2]:
        words = " ".join(_words("".join(block.itertext())))
        # the on-page h1 is often the <title> minus a " - Site Name" suffix
        if block.tag == "head" and words and words in title_words:
            body.remove(block)
        else:
            break


def extract_html(html: str, url: str | None = None) -> ExtractedHtml | None:
    """Extract the article of one page; None when the page has no article text."""
    tree = load_html(html)
    if tree is None:
        return None
    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
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
    _drop_leading_title(doc.body, doc.title)
    paragraphs = [line.strip() for line in xmltotxt(doc.body, False).splitlines()]
    text = "\n\n".join(p for p in paragraphs if p)
    if not text:
        return None
    return ExtractedHtml(
        title=doc.title or None,
        text=text,
        published_raw=doc.date or None,
        author=doc.author or None,
        site_name=doc.sitename or None,
        url=extract_url(tree) or None,
        language_hint=_language_hint(tree),
    )
