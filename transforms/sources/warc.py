"""WARC input: crawl archives (`.warc`, `.warc.gz`, per-record gzip as Common Crawl writes it).

Read with warcio (webrecorder's streaming WARC library): it undoes per-record gzip, and a
record's `content_stream()` undoes chunked transfer encoding and content encodings.

- Each HTTP `response` record with an HTML payload becomes a raw record (kind `html`):
  `url` from WARC-Target-URI, `fetched_at` from WARC-Date, `charset` from the HTTP
  Content-Type header (decode tries it first), `source_offset` the record's byte offset.
- A non-HTML response, a `revisit` record and a truncated record (WARC-Truncated) are
  rejects naming their offset. warcinfo, request and metadata records describe the crawl,
  not documents: they are skipped.
- One huge archive spreads over workers: `warc_ranges` walks it once (payloads are skipped,
  not kept) and cuts it into ranges of `RECORDS_PER_RANGE` records at record boundaries;
  the ranges are reshuffled and each is read by seeking to its offset. Memory stays one
  record (at most `max_document_bytes` of payload) per worker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from transforms.base import Record, Rejected, stable_id

RECORDS_PER_RANGE = 100
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_warc(path: str) -> bool:
    name = path.rsplit("/", 1)[-1].lower()
    return name.endswith((".warc", ".warc.gz"))


def warc_ranges(path: str, open_fn: Callable[[str], BinaryIO],
                per_range: int = RECORDS_PER_RANGE) -> Iterator[Record]:
    """{path, start, end} ranges of `per_range` records each (end None: to the end)."""
    starts: list[int] = []
    try:
        with open_fn(path) as handle:
            records = ArchiveIterator(handle, no_record_parse=True)
            for record in records:
                if record.format != "warc":  # warcio also reads old ARC files, and lines of junk as ARC
                    raise Rejected("BadWARC", f"not a WARC file: a {record.format} record at "
                                              f"offset {records.offset}")
                starts.append(records.offset)
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as e:
        if not starts:
            raise Rejected("BadWARC", f"not a readable WARC file: {str(e).splitlines()[0][:200]}") from None
        # A damaged tail: the ranges before it are read, the damage is reported there.
    if not starts:
        raise Rejected("EmptyFile", "the WARC file holds no records")
    for first in range(0, len(starts), per_range):
        end = starts[first + per_range] if first + per_range < len(starts) else None
        yield {"path": path, "source_uri": path, "start": starts[first], "end": end}


def _fetched_at(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(dt.UTC)
    except ValueError:
        return None


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("'\"").lower()
    return None


def read_warc_range(span: Record, open_fn: Callable[[str], BinaryIO],
                    max_bytes: int) -> Iterator[Record | Rejected]:
    """Raw records (or Rejected, each for one record) of one range of a WARC file."""
    path, start, end = span["path"], span["start"], span["end"]
    with open_fn(path) as handle:
        handle.seek(start)
        records = ArchiveIterator(handle)
        try:
            for record in records:
                offset = records.offset  # this record's start in the file (get_record_offset() would consume it)
                if end is not None and offset >= end:
                    break
                found = _from_record(path, offset, record, max_bytes)
                if found is not None:
                    yield found
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as e:
            yield _rejected(path, None, "BadWARC",
                            f"the archive is damaged after offset {start}: "
                            f"{str(e).splitlines()[0][:200]}")


def _rejected(path: str, offset: int | None, error: str, detail: str) -> Rejected:
    return Rejected(error, detail, {"source_uri": path, "source_offset": offset,
                                    "article_id": stable_id(path, offset)})


def _from_record(path: str, offset: int, record, max_bytes: int) -> Record | Rejected | None:
    kind = record.rec_type
    headers = record.rec_headers
    url = headers.get_header("WARC-Target-URI")
    where = f"record at offset {offset}" + (f" ({url})" if url else "")
    if kind == "revisit":
        return _rejected(path, offset, "Revisit",
                         f"{where} is a revisit: the crawl stored no new payload")
    if kind != "response":
        return None
    if headers.get_header("WARC-Truncated"):
        return _rejected(path, offset, "TruncatedRecord",
                         f"{where} was truncated by the crawler "
                         f"({headers.get_header('WARC-Truncated')})")
    http = record.http_headers
    content_type = (http.get_header("Content-Type") or "") if http else ""
    if http is None or not content_type.lower().startswith(_HTML_TYPES):
        shown = content_type or "no HTTP content type"
        return _rejected(path, offset, "NotHTML", f"{where} is {shown}, not an HTML page")
    try:
        data = record.content_stream().read(max_bytes + 1)
    except Exception as e:  # noqa: BLE001 - a broken content encoding is this record's fault
        return _rejected(path, offset, "BadContentEncoding", f"{where}: {e}")
    if len(data) > max_bytes:
        return _rejected(path, offset, "TooLarge", f"{where} is over {max_bytes} bytes")
    if not data.strip():
        return _rejected(path, offset, "EmptyFile", f"{where} has an empty payload")
    return {"source_uri": path, "source_line": None, "source_offset": offset, "kind": "html",
            "data": data, "url": url, "charset": _charset(content_type),
            "fetched_at": _fetched_at(headers.get_header("WARC-Date")),
            "article_id": stable_id(path, offset, data)}
