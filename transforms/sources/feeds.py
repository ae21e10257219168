"""Feed documents (RSS 0.9x/2.0, RSS 1.0/RDF, Atom) → entry records, with feedparser.

Pure module: no I/O, no Beam. The caller fetches; :func:`parse_feed` only ever parses the
bytes it is given. (``feedparser.parse`` fetches when handed a URL string and *opens a local
file* when handed bytes or a string that happens to name one, so the bytes are always wrapped
in a stream.)

* :func:`parse_feed` — a feed document's bytes → its entries as :class:`FeedEntry`, or
  ``Rejected("BadFeed", detail)`` when the bytes are not a feed with entries.
* :func:`read_feed_list` — the text of a feed-list file → feed URLs.
* :func:`entry_link_problem` — why an entry's link cannot be fetched (``None`` if it can).

Entity-expansion bombs ("billion laughs"): documents whose DOCTYPE declares entities are
refused before parsing. Feeds have no legitimate need for them, and although feedparser strips
most such declarations and recent expat (>= 2.4) limits amplification, neither protection is
something to count on for every layout of the declarations or every expat a Python links.
"""

from __future__ import annotations

import calendar
import io
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from transforms.base import Rejected, stable_id
from transforms.text.dates import parse_date

__all__ = ["FeedEntry", "entry_link_problem", "parse_feed", "read_feed_list"]

BAD_FEED = "BadFeed"
EMPTY_FEED = "EmptyFeed"   # a feed document without entries (a stream just polls it again)

_HTML_TYPES = ("text/html", "application/xhtml+xml")
# feedparser labels every RSS description text/html; call it HTML only if it has markup.
_MARKUP = re.compile(r"<[A-Za-z/!]|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]\w*);")


@dataclass(frozen=True)
class FeedEntry:
    """One entry (item) of a feed.

    ``entry_id`` is the entry's own id (RSS ``guid``, Atom/RDF ``id``/``rdf:about``), else its
    link, else ``"urn:newsbeam:entry:" + stable_id(title, summary-or-content)`` — stable across
    runs, so an entry with neither id nor link keeps its identity as long as its text does.
    ``link`` is the entry's article URL, absolute (resolved against xml:base and the feed URL).
    ``content`` is the entry's own body: its first ``content`` element (Atom content, RSS
    ``content:encoded``), else its summary/description; HTML is kept (feedparser sanitizes it)
    and ``content_is_html`` says it is HTML: declared so *and* containing a tag or an entity
    (feedparser labels every RSS description HTML, even plain sentences). ``published`` is timezone-aware UTC (the
    published date, else the updated date). Empty strings become ``None``.
    """

    entry_id: str
    link: str | None
    title: str | None
    content: str | None
    content_is_html: bool
    published: datetime | None
    author: str | None


# --- entity-bomb guard -------------------------------------------------------------------------

# '<!ENTITY' and '<!DOCTYPE' in the encodings a document may arrive in (feedparser sniffs
# UTF-16/32 from BOMs and '<?xm' markers); compared case-insensitively on lowered bytes.
_ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
_ENTITY_MARKS = tuple({"<!entity".encode(e) for e in _ENCODINGS})
_DOCTYPE_MARKS = tuple({"<!doctype".encode(e) for e in _ENCODINGS})


def _declares_entities(data: bytes) -> bool:
    """True when a DOCTYPE is present and '<!ENTITY' follows it anywhere.

    Entity declarations can only live in a DOCTYPE's internal subset; looking anywhere after
    the DOCTYPE (not just up to its apparent end) keeps tricks with ']>' inside quoted entity
    values from hiding a declaration. Escaped text (``&lt;!ENTITY``) never matches.
    """
    lowered = data.lower()
    for doctype in _DOCTYPE_MARKS:
        at = lowered.find(doctype)
        if at >= 0 and any(lowered.find(mark, at) >= 0 for mark in _ENTITY_MARKS):
            return True
    return False


# --- parse_feed --------------------------------------------------------------------------------

_HTML_ROOT = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<!doctype\s+html|<html[\s>]",
                        re.IGNORECASE | re.DOTALL)


def _looks_like_html(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    return bool(_HTML_ROOT.search(head))


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def _utc_from_struct(parsed: Any) -> datetime | None:
    if not isinstance(parsed, time.struct_time):
        return None
    try:
        # feedparser's *_parsed values are UTC struct_times.
        value = datetime.fromtimestamp(calendar.timegm(parsed), UTC)
    except (OverflowError, ValueError, OSError):
        return None
    return value if 1900 <= value.year <= 2100 else None


def _published(entry: Any) -> datetime | None:
    for key in ("published", "updated", "created"):
        value = _utc_from_struct(entry.get(f"{key}_parsed"))
        if value is not None:
            return value
    for key in ("published", "updated", "created"):
        raw = _clean(entry.get(key))
        if raw:
            value = parse_date(raw)
            if value is not None:
                return value
    return None


def _is_html(value: str, media_type: str | None) -> bool:
    return (media_type or "").lower() in _HTML_TYPES and bool(_MARKUP.search(value))


def _content(entry: Any) -> tuple[str | None, bool]:
    for part in entry.get("content") or ():
        value = _clean(part.get("value"))
        if value:
            return value, _is_html(value, part.get("type"))
    value = _clean(entry.get("summary"))
    if value:
        return value, _is_html(value, (entry.get("summary_detail") or {}).get("type"))
    return None, False


def _link(entry: Any, feed_url: str) -> str | None:
    link = _clean(entry.get("link"))
    if link is None:
        # No alternate link: take the first "self"/"related" link with an href.
        for candidate in entry.get("links") or ():
            link = _clean(candidate.get("href"))
            if link and candidate.get("rel", "alternate") in ("alternate", "self", "related"):
                break
            link = None
    if link is None:
        return None
    try:
        return urljoin(feed_url, link) if feed_url else link
    except ValueError:
        return link


def _entry(entry: Any, feed_url: str) -> FeedEntry:
    title = _clean(entry.get("title"))
    link = _link(entry, feed_url)
    content, content_is_html = _content(entry)
    entry_id = _clean(entry.get("id")) or link
    if entry_id is None:
        summary = _clean(entry.get("summary")) or content
        entry_id = "urn:newsbeam:entry:" + stable_id(title, summary)
    return FeedEntry(entry_id=entry_id, link=link, title=title, content=content,
                     content_is_html=content_is_html, published=_published(entry),
                     author=_clean(entry.get("author")))


def _describe(exc: BaseException | None) -> str:
    if exc is None:
        return "unknown error"
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


def parse_feed(data: bytes, feed_url: str, content_type: str | None = None) -> list[FeedEntry]:
    """The entries of the feed document ``data``, fetched from ``feed_url``, in feed order.

    ``content_type`` is the HTTP Content-Type the document came with (its charset is honoured
    as RFC 3023 says; without one the XML declaration / BOM decides, defaulting to UTF-8).
    Relative links resolve against xml:base and ``feed_url``. Entries repeating an earlier
    entry's id are dropped. A slightly broken ("bozo") feed that still yields entries is
    accepted. Never fetches anything.

    Raises ``Rejected("BadFeed", detail)`` for empty bytes, an HTML page, anything that is not
    a feed, and documents declaring XML entities (expansion risk); ``Rejected("EmptyFeed",
    detail)`` for a feed without entries.
    """
    if not data or not data.lstrip(b"\xef\xbb\xbf").strip():
        raise Rejected(BAD_FEED, "empty document")
    if _declares_entities(data):
        raise Rejected(BAD_FEED, "entity declarations refused (entity-expansion risk)")
    headers = {"content-location": feed_url or "",
               "content-type": (content_type or "").strip() or "application/xml"}
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers,
                              resolve_relative_uris=True, sanitize_html=True)
    entries = parsed.get("entries") or []
    version = parsed.get("version") or ""
    if not version and _looks_like_html(data):
        raise Rejected(BAD_FEED, "an HTML page, not a feed")
    if not entries:
        if version:
            raise Rejected(EMPTY_FEED, f"{version} feed has no entries")
        if parsed.get("bozo"):
            raise Rejected(BAD_FEED, f"not a usable feed ({_describe(parsed.get('bozo_exception'))})")
        raise Rejected(BAD_FEED, "not a feed (no RSS/Atom structure found)")
    out: list[FeedEntry] = []
    seen: set[str] = set()
    for raw in entries:
        entry = _entry(raw, feed_url)
        if entry.entry_id in seen:
            continue
        seen.add(entry.entry_id)
        out.append(entry)
    return out


# --- feed lists and links ----------------------------------------------------------------------

_INLINE_COMMENT = re.compile(r"\s+#.*$")


def read_feed_list(text: str) -> list[str]:
    """Feed URLs from a feed-list file: one per line.

    Whitespace is stripped; blank lines, lines starting with ``#`` and trailing
    `` # comments`` (a ``#`` after whitespace; a ``#`` inside a URL is its fragment) are
    ignored. A URL listed twice is returned once, at its first position.
    """
    urls: list[str] = []
    seen: set[str] = set()
    for line in text.lstrip("\ufeff").splitlines():
        line = _INLINE_COMMENT.sub("", line.strip()).strip()
        if not line or line.startswith("#") or line in seen:
            continue
        seen.add(line)
        urls.append(line)
    return urls


def entry_link_problem(link: str | None) -> str | None:
    """None when ``link`` can be fetched (an http/https URL with a host), else a short reason."""
    if link is None or not link.strip():
        return "entry has no link"
    link = link.strip()
    try:
        parts = urlsplit(link)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        return "link is not a valid URL"
    scheme = parts.scheme.lower()
    if not scheme:
        return "link is not absolute"
    if scheme not in ("http", "https"):
        return f"link scheme {scheme!r} is not http(s)"
    if not host:
        return "link has no host"
    if any(c.isspace() or ord(c) < 32 for c in link):
        return "link contains whitespace or control characters"
    return None
