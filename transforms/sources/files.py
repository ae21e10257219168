"""Read stage: file patterns in, one raw record per article-to-be out.

Input: file patterns (local paths or any Beam FileSystems scheme). Output records:
`{article_id, source_uri, source_line, kind, data}` where kind is `text`, `html` or `jsonl`
(one record per non-blank line of a .jsonl file) and `data` is the raw bytes, gunzipped.
Rejects (stage `read`): UnsupportedKind, EmptyFile, TooLarge, CorruptGzip, TruncatedGzip,
ReadError. Counters: `read_in`, `read_out`, `read_rejected_<error>`.
Determinism: article_id = stable_id(source_uri, source_line, content bytes).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

import apache_beam as beam
from apache_beam.io import fileio
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems

from transforms.base import Record, Rejected, apply_stage, stable_id

STAGE = "read"
KINDS = {".txt": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}


@dataclass(frozen=True)
class ReadConfig:
    """Limits of the read stage.

    max_document_bytes: a .txt/.html article (after gunzip) larger than this is rejected;
      also the cap for one .jsonl line.
    max_jsonl_bytes: a whole .jsonl file (after gunzip) larger than this is rejected.
    """

    max_document_bytes: int = 16 * 1024 * 1024
    max_jsonl_bytes: int = 1024 * 1024 * 1024

    def __post_init__(self) -> None:
        if self.max_document_bytes <= 0 or self.max_jsonl_bytes <= 0:
            raise ValueError("read limits must be positive")


def input_kind(path: str) -> tuple[str, bool]:
    """(kind, gzipped) from the file name; raises Rejected for names the contract lacks."""
    name = path.rsplit("/", 1)[-1].lower()
    gzipped = name.endswith(".gz")
    if gzipped:
        name = name[:-3]
    dot = name.rfind(".")
    kind = KINDS.get(name[dot:]) if dot >= 0 else None
    if kind is None:
        raise Rejected("UnsupportedKind",
                       f"{path.rsplit('/', 1)[-1]!r}: not .txt, .html, .htm or .jsonl (optionally .gz)")
    return kind, gzipped


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def gunzip(data: bytes, limit: int) -> bytes:
    """Decompress (possibly multi-member) gzip data, refusing output beyond `limit` bytes."""
    out: list[bytes] = []
    total = 0
    while data:
        d = zlib.decompressobj(wbits=47)  # 32 + 15: gzip or zlib header, auto-detected
        try:
            chunk = d.decompress(data, limit - total + 1)
        except zlib.error as e:
            raise Rejected("CorruptGzip", f"not valid gzip data: {e}") from None
        total += len(chunk)
        out.append(chunk)
        if total > limit:
            raise Rejected("TooLarge", f"over {_mb(limit)} once decompressed")
        if not d.eof:
            if d.unconsumed_tail:  # stopped by the limit, not by the end of the data
                raise Rejected("TooLarge", f"over {_mb(limit)} once decompressed")
            raise Rejected("TruncatedGzip", "gzip stream ends early: the file is truncated")
        data = d.unused_data.lstrip(b"\x00")  # members may be followed by padding
    return b"".join(out)


def split_jsonl(data: bytes) -> Iterator[tuple[int, bytes]]:
    """(1-based line number, line bytes) for each non-blank line."""
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.strip():
            yield number, line.rstrip(b"\r")


def read_record(path: str, size: int | None, open_fn: Callable[[str], BinaryIO],
                config: ReadConfig) -> Iterator[Record]:
    """Records for the file at `path`; `open_fn` opens it as raw (still compressed) bytes."""
    base: Record = {"source_uri": path, "source_line": None, "article_id": stable_id(path)}
    kind, gzipped = input_kind(path)
    limit = config.max_jsonl_bytes if kind == "jsonl" else config.max_document_bytes
    if size is not None and size > limit:
        raise Rejected("TooLarge", f"file is {_mb(size)}, over the {_mb(limit)} limit")
    try:
        with open_fn(path) as handle:
            data = handle.read(limit + 1)
    except OSError as e:
        raise Rejected("ReadError", f"cannot read: {e}") from None
    if not data:
        raise Rejected("EmptyFile", "the file is empty (0 bytes)")
    if gzipped:
        data = gunzip(data, limit)
    if len(data) > limit:
        raise Rejected("TooLarge", f"over the {_mb(limit)} limit")
    if kind != "jsonl":
        yield {**base, "kind": kind, "data": data, "article_id": stable_id(path, None, data)}
        return
    lines = 0
    for number, line in split_jsonl(data):
        lines += 1
        yield {"source_uri": path, "source_line": number, "kind": "jsonl", "data": line,
               "article_id": stable_id(path, number, line)}
    if not lines:
        raise Rejected("EmptyFile", "the .jsonl file has no non-blank lines")


def _open_raw(path: str) -> BinaryIO:
    return FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED)


class ReadFileFn:
    """Picklable per-file reader bound to a config."""

    def __init__(self, config: ReadConfig) -> None:
        self._config = config

    def __call__(self, metadata: Record) -> Iterator[Record]:
        return read_record(metadata["path"], metadata["size"], _open_raw, self._config)


class CapLineFn:
    def __init__(self, config: ReadConfig) -> None:
        self._limit = config.max_document_bytes

    def __call__(self, record: Record) -> Iterator[Record]:
        if len(record["data"]) > self._limit:
            raise Rejected("TooLarge", f"line {record['source_line']} is over {_mb(self._limit)}")
        yield record


class ReadArticles(beam.PTransform):
    """Patterns → (raw records, rejects). Files are matched with fileio and spread across
    workers before reading, so one pattern's files do not all land in one bundle."""

    def __init__(self, config: ReadConfig = ReadConfig(), literal_files: tuple[str, ...] = ()) -> None:
        super().__init__()
        self._config = config
        self._literal_files = literal_files

    def expand(self, patterns):
        matched = (patterns
                   | "MatchFiles" >> fileio.MatchAll()
                   | "Metadata" >> beam.Map(lambda m: {"path": m.path, "size": m.size_in_bytes,
                                                       "source_uri": m.path}))
        literal = (patterns.pipeline
                   | "LiteralFiles" >> beam.Create([{"path": f, "size": None, "source_uri": f}
                                                    for f in self._literal_files]))
        files = ((matched, literal)
                 | "AllFiles" >> beam.Flatten()
                 | "SpreadFiles" >> beam.Reshuffle())
        return files | "ReadFiles" >> ReadFiles(self._config)


class ReadFiles(beam.PTransform):
    """File metadata records ({path, size, source_uri}) → (raw records, rejects)."""

    def __init__(self, config: ReadConfig = ReadConfig()) -> None:
        super().__init__()
        self._config = config

    def expand(self, files):
        records, file_rejects = apply_stage(files, "ReadFile", STAGE, ReadFileFn(self._config))
        records, line_rejects = apply_stage(records, "CapLines", STAGE, CapLineFn(self._config))
        return records, (file_rejects, line_rejects) | "ReadRejects" >> beam.Flatten()
