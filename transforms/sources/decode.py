"""Decode stage: raw bytes to text, and JSON lines to fields.

Input: read records (`kind` text | html | jsonl, `data` bytes). Output: documents
`{article_id, source_uri, source_line, kind (text|html), content, encoding, url, title,
published_at, published_source}`.
Order of evidence for the encoding: a byte-order mark; the charset an HTML page declares
(if the bytes really decode with it); strict UTF-8; then statistical detection among legacy
news encodings (charset_normalizer). Text that is evidently UTF-8 but carries a few broken
sequences keeps them as U+FFFD; heavily broken UTF-8 is rejected rather than guessed.
Rejects (stage `decode`): EmptyInput, Binary, InvalidUTF8, Undecodable, InvalidJSON,
NotAnObject, NoContent, BadField.
"""

from __future__ import annotations

import codecs
import json
import re
import unicodedata
from collections.abc import Iterator

import apache_beam as beam

from transforms.base import Record, Rejected, apply_stage
from transforms.text.dates import parse_date

STAGE = "decode"

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
_MAGIC = [
    (b"%PDF", "a PDF document"), (b"\x89PNG", "a PNG image"), (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"), (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "gzip data (name it .gz)"), (b"\x7fELF", "an executable"),
    (b"RIFF", "a RIFF media file"), (b"\x00\x00\x00", "binary data"),
]
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""",
    re.IGNORECASE)
# Legacy encodings news sites actually used; restricting detection to them avoids exotic
# code pages that "decode" anything (cp1006, cp932 on Latin text).
_LEGACY = [
    "cp1252", "iso8859_15", "cp1250", "iso8859_2", "cp1251", "koi8_r", "koi8_u", "iso8859_5",
    "cp1253", "iso8859_7", "cp1254", "iso8859_9", "cp1255", "cp1256", "cp1257", "cp874",
    "shift_jis", "euc_jp", "gb18030", "big5", "euc_kr", "mac_cyrillic",
]
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# UTF-8 accented Latin letters (é = C3 A9): two of them in a text that is otherwise not UTF-8
# mean real UTF-8 mixed with other bytes; chance pairs in Cyrillic code pages are rarely these.
_UTF8_LATIN = re.compile(rb"\xc3[\x80-\xbf]")
MAX_BAD_CHAR_RATIO = 0.02


def _is_bad_char(ch: str) -> bool:
    return ((ch < " " and ch not in "\t\n\r\f") or ch == "\ufffd"
            or unicodedata.category(ch) in ("Cn", "Co", "Cs"))


def _bad_char_ratio(text: str) -> float:
    """Share of characters no real text carries: controls, unassigned, private use, U+FFFD."""
    if not text:
        return 0.0
    sample = text[:20000]
    # Each distinct character is judged once and its occurrences counted in C: a page has a
    # few hundred distinct characters among its thousands.
    bad = sum(sample.count(ch) for ch in set(sample) if _is_bad_char(ch))
    return bad / len(sample)


def _checked(text: str, encoding: str) -> tuple[str, str]:
    ratio = _bad_char_ratio(text)
    if ratio > MAX_BAD_CHAR_RATIO:
        raise Rejected("Undecodable",
                       f"decoded as {encoding}, {ratio:.0%} of characters are control or unassigned")
    return text, encoding


def _codec(name: str | None) -> str | None:
    try:
        return codecs.lookup(name).name if name else None
    except LookupError:
        return None


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML/XML head declares, normalised to a Python codec name, if known."""
    m = _DECLARED.search(data[:8192])
    if not m:
        return None
    name = (m.group(1) or m.group(2)).decode("ascii", "ignore")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, kind: str, charset: str | None = None) -> tuple[str, str]:
    """(text, encoding used) for the bytes of an article, or raise Rejected. `charset`: what
    the transport declared (an HTTP Content-Type), tried like a page's own declaration."""
    if not data.strip():
        raise Rejected("EmptyInput", "no content (only whitespace)")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data[len(bom):].decode(encoding), encoding)
            except UnicodeDecodeError as e:
                raise Rejected("Undecodable", f"starts with a {encoding} byte-order mark but "
                                              f"does not decode as {encoding}: {e.reason}") from None
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise Rejected("Binary", f"looks like {what}, not text")
    if b"\x00" in data[:65536]:
        raise Rejected("Binary", "contains NUL bytes: a binary file, not text")
    if kind == "html":
        declared = _codec(charset) or declared_charset(data)
        if declared and declared not in ("utf-8", "utf-16", "utf-32"):
            try:
                return _checked(data.decode(declared), declared)
            except UnicodeDecodeError:
                pass  # a wrong declaration is common; fall through to the evidence
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as e:
        first_error = e
    if _mostly_utf8(data) or len(_UTF8_LATIN.findall(data)) >= 2:
        # Evidently UTF-8 (valid multi-byte sequences) with broken ones: keep a few as U+FFFD,
        # reject heavy damage rather than guess a legacy code page and garble the valid part.
        text = data.decode("utf-8", errors="replace")
        broken = text.count("\ufffd")
        if broken <= max(1, len(text) // 5000):
            return text, "utf-8"
        raise Rejected("InvalidUTF8", f"{broken} invalid UTF-8 sequences (first at byte "
                                      f"{first_error.start}): the file mixes UTF-8 with other bytes")
    from charset_normalizer import from_bytes  # import here: only legacy inputs pay for it

    rank = {name: i for i, name in enumerate(_LEGACY)}
    candidates = [(str(m), m.encoding, m.chaos, m.coherence)
                  for m in from_bytes(data, cp_isolation=_LEGACY)]
    if not candidates:
        if _UTF8_MULTIBYTE.search(data):  # some UTF-8, and the rest no legacy text either
            raise Rejected("InvalidUTF8", f"invalid UTF-8 (first at byte {first_error.start}) "
                                          "and no legacy encoding fits: the file mixes UTF-8 "
                                          "with other bytes")
        raise Rejected("Undecodable", "not UTF-8 and no legacy encoding fits the bytes")
    if "cp1252" not in {c[1] for c in candidates}:
        # The detector prunes candidates early on short text; keep the web's commonest code
        # page in the race (scored as maximal chaos: it wins only on the script test below).
        try:
            candidates.append((data.decode("cp1252"), "cp1252", 1.0, 0.0))
        except UnicodeDecodeError:
            pass
    # Real words do not mix scripts ('Дrztlich' is German read as KOI8-R); then a decode in
    # which a language is recognised; then the detector's chaos and coherence; ties (cp1252
    # vs cp1250 differ in a few letters) go to the encoding the web used most.
    text, encoding, _, _ = min(candidates, key=lambda c: (
        mixed_script_words(c[0]), c[3] <= 0, round(c[2], 3), -round(c[3], 3),
        rank.get(c[1], len(rank))))
    return _checked(text, encoding)


def _mostly_utf8(data: bytes) -> bool:
    """True when valid UTF-8 multi-byte sequences hold at least a third of the bytes above
    0x7F. Legacy Cyrillic or Latin text forms a few such pairs by chance ('ё' after a KOI8-R
    letter); UTF-8 with some damage keeps most of its high bytes in valid sequences."""
    high = len(data) - len(data.translate(None, bytes(range(0x80, 0x100))))
    valid = sum(len(m) for m in _UTF8_MULTIBYTE.findall(data))
    return valid > 0 and valid * 3 >= high


_WORD = re.compile(r"[^\W\d_]{2,}")


def mixed_script_words(text: str) -> int:
    """Words whose letters come from more than one script (Latin, Cyrillic, Greek, …)."""
    count = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        scripts = {unicodedata.name(ch, "?").split(" ", 1)[0] for ch in word}
        count += len(scripts) > 1
    return count


_JSON_TEXT_FIELDS = ("url", "title", "text", "html", "published")


def parse_json_line(line: bytes) -> dict[str, str | None]:
    """The contract's fields of one .jsonl line (strings or None), or raise Rejected."""
    try:
        text = line.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise Rejected("InvalidUTF8", f"JSON line is not UTF-8 (byte {e.start})") from None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as e:
        raise Rejected("InvalidJSON", f"not JSON: {e.msg} at column {e.colno}") from None
    if not isinstance(value, dict):
        raise Rejected("NotAnObject",
                       f"a JSON {type(value).__name__}, expected an object with url/title/text/html")
    fields: dict[str, str | None] = {}
    for name in _JSON_TEXT_FIELDS:
        v = value.get(name)
        if v is not None and not isinstance(v, str):
            if name == "published" and isinstance(v, int | float) and not isinstance(v, bool):
                v = str(v)
            else:
                raise Rejected("BadField", f"field {name!r} is a {type(v).__name__}, expected a string")
        fields[name] = v.strip() if isinstance(v, str) and v.strip() else None
    if not fields["text"] and not fields["html"]:
        raise Rejected("NoContent", "the object has neither a 'text' nor an 'html' field")
    return fields


_HTML_START = re.compile(r"\s*(?:<!doctype\s+html|<html[\s>]|<\?xml[^>]*>\s*<html)", re.IGNORECASE)
_TAG = re.compile(r"</?(?:p|div|br|article|section|h[1-6]|span|a|body|head|title|ul|li|table)\b[^>]*>",
                  re.IGNORECASE)


def sniff_kind(kind: str, content: str) -> str:
    """The kind the content really is: a page saved as .txt is HTML, a .html file without a
    single tag is plain text (file names lie more often than contents)."""
    if kind == "text" and (_HTML_START.match(content) or len(_TAG.findall(content[:20000])) >= 5):
        return "html"
    if kind == "html" and not _TAG.search(content) and not _HTML_START.match(content):
        return "text"
    return kind


def decode_record(record: Record) -> Iterator[Record]:
    """A read record → a document record (see the module docstring)."""
    doc: Record = {k: record.get(k) for k in ("article_id", "source_uri", "source_line",
                                              "source_offset", "fetched_at", "url")}
    doc.update(title=None, published_at=None, published_source=None)
    if record["kind"] != "jsonl":
        content, encoding = decode_bytes(record["data"], record["kind"], record.get("charset"))
        doc.update(kind=sniff_kind(record["kind"], content), content=content, encoding=encoding)
        yield doc
        return
    fields = parse_json_line(record["data"])
    html = fields["html"]
    doc.update(kind="html" if html else "text", content=html or fields["text"], encoding="utf-8",
               url=fields["url"], title=fields["title"])
    if fields["published"]:
        published = parse_date(fields["published"])
        if published is not None:
            doc.update(published_at=published, published_source="jsonl:published")
    yield doc


class DecodeArticles(beam.PTransform):
    """Read records → (documents with text, rejects)."""

    def expand(self, records):
        return apply_stage(records, "DecodeBytes", STAGE, decode_record)
