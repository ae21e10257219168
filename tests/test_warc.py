"""WARC input: a real-format archive written by this test with warcio's writer."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.conftest import read_table, run_cli
from transforms.sources.warc import read_warc_range, warc_ranges


def _page(title: str, body: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n") if p.strip())
    return (f"<html><head><title>{title}</title></head><body><nav>Home | World | Sport</nav>"
            f"<article><h1>{title}</h1>{paragraphs}</article><footer>© Site</footer></body></html>")


def _chunked(data: bytes, size: int = 500) -> bytes:
    out = b"".join(b"%x\r\n%s\r\n" % (len(data[i:i + size]), data[i:i + size])
                   for i in range(0, len(data), size))
    return out + b"0\r\n\r\n"


def write_warc(path: Path, bodies: list[str], gzipped: bool) -> dict[str, str]:
    """A crawl of several kinds of records; returns {target url: expected outcome}."""
    expected = {}
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=gzipped)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "newsbeam-test"}))

        def response(url: str, payload: bytes, headers: list[tuple[str, str]],
                     warc_headers: dict[str, str] | None = None) -> None:
            http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                               http_headers=http, warc_headers_dict=warc_headers)
            writer.write_record(record)

        # 1. plain UTF-8 page; a request record before it (skipped, not a document)
        writer.write_record(writer.create_warc_record(
            "https://news.example/a", "request", payload=io.BytesIO(b"GET /a HTTP/1.1\r\n\r\n")))
        response("https://news.example/a", _page("Alpha", bodies[0]).encode(),
                 [("Content-Type", "text/html; charset=utf-8")])
        expected["https://news.example/a"] = "article"
        # 2. gzip content encoding inside chunked transfer encoding, charset from HTTP only
        page = _page("Вести", bodies[1]).encode("cp1251", errors="ignore")
        response("https://news.example/b", _chunked(gzip.compress(page)),
                 [("Content-Type", "text/html; charset=windows-1251"),
                  ("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")])
        expected["https://news.example/b"] = "article"
        # 3. an image
        response("https://news.example/c.png", b"\x89PNG\r\n\x1a\n" + bytes(200),
                 [("Content-Type", "image/png")])
        expected["https://news.example/c.png"] = "NotHTML"
        # 4. truncated by the crawler
        response("https://news.example/d", _page("Delta", bodies[2]).encode()[:300],
                 [("Content-Type", "text/html")], {"WARC-Truncated": "length"})
        expected["https://news.example/d"] = "TruncatedRecord"
        # 5. a revisit
        revisit = writer.create_revisit_record("https://news.example/a", digest="sha1:AAAA",
                                               refers_to_uri="https://news.example/a",
                                               refers_to_date="2026-12-01T00:00:00Z")
        writer.write_record(revisit)
        expected["revisit https://news.example/a"] = "Revisit"
        # 6. more pages, so ranges have several records
        for i, body in enumerate(bodies[3:6]):
            response(f"https://news.example/more/{i}", _page(f"More {i}", body).encode(),
                     [("Content-Type", "text/html")])
            expected[f"https://news.example/more/{i}"] = "article"
    return expected


def _open(path: str):
    return open(path, "rb")


@pytest.mark.parametrize("gzipped", [True, False])
def test_ranges_cut_at_record_boundaries_cover_every_record_once(tmp_path, real_bodies, gzipped):
    path = tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc")
    expected = write_warc(path, real_bodies, gzipped)
    whole = [r for span in warc_ranges(str(path), _open, per_range=100)
             for r in read_warc_range(span, _open, 2**20)]
    spans = list(warc_ranges(str(path), _open, per_range=2))
    assert len(spans) >= 4 and spans[0]["start"] == 0 and spans[-1]["end"] is None
    parts = [r for span in spans for r in read_warc_range(span, _open, 2**20)]
    key = lambda r: (getattr(r, "record", None) or r)["source_offset"]  # noqa: E731
    assert sorted(map(key, parts)) == sorted(map(key, whole))
    assert len(whole) == len(expected)  # warcinfo and request records are skipped


@pytest.mark.parametrize("gzipped", [True, False])
def test_a_crawl_archive_gives_articles_and_rejects_with_offsets(tmp_path, real_bodies, gzipped):
    path = tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc")
    expected = write_warc(path, real_bodies, gzipped)
    out = tmp_path / "out"
    assert run_cli("--input", str(path), "--output", str(out)) == 0
    articles, rejects = read_table(out, "articles"), read_table(out, "rejects")
    assert sorted(a["url"] for a in articles) == sorted(
        u for u, outcome in expected.items() if outcome == "article")
    assert all(a["source_uri"] == str(path) and a["source_offset"] is not None
               and a["fetched_at"] is not None for a in articles)
    cyrillic = next(a for a in articles if a["url"].endswith("/b"))
    assert cyrillic["title"] == "Вести" and real_bodies[1].split()[0] in cyrillic["text"]
    assert sorted(r["error"] for r in rejects) == sorted(
        o for o in expected.values() if o != "article")
    assert all(r["source_offset"] is not None and "offset" in r["detail"] for r in rejects)
    assert len({a["article_id"] for a in articles}) == len(articles)


def test_a_file_that_is_not_a_warc_is_one_reject(tmp_path):
    path = tmp_path / "broken.warc.gz"
    path.write_bytes(gzip.compress(b"this is not a web archive\n" * 10))
    out = tmp_path / "out"
    assert run_cli("--input", str(path), "--output", str(out)) == 0
    (reject,) = read_table(out, "rejects")
    assert reject["error"] == "BadWARC" and reject["stage"] == "read"
