"""Feeds end to end: a real HTTP server on 127.0.0.1 serves feeds and pages; the CLI
fetches each feed once; good entries become articles, bad feeds and entries reject rows."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.conftest import read_table, run_cli
from tests.feedserver import page_html, rss_xml

pytestmark = pytest.mark.slow


_page = page_html
_rss = rss_xml


@pytest.fixture(scope="module")
def feed_server(real_bodies):
    routes: dict[str, tuple[int, str, bytes]] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            status, kind, body = routes.get(self.path, (404, "text/plain", b"not found"))
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    routes["/a"] = (200, "text/html; charset=utf-8", _page("First story", real_bodies[10]))
    routes["/b"] = (200, "text/html; charset=utf-8", _page("Second story", real_bodies[11]))
    items = [
        {"title": "First story", "guid": "g1", "link": "BASE/a"},
        {"title": "Second story", "guid": "g2", "link": "BASE/b"},
        {"title": "Second story again", "guid": "g2", "link": "BASE/b"},  # duplicate guid
        {"title": "Gone page", "guid": "g3", "link": "BASE/missing",
         "description": real_bodies[12][:1500]},                      # falls back to its content
        {"title": "No link, no content", "guid": "g4", "link": "mailto:desk@example.com"},
    ]
    routes["/feed.xml"] = (200, "application/rss+xml", _rss(base, items))
    routes["/not-a-feed"] = (200, "text/html", b"<html><body><p>Just a page</p></body></html>")
    routes["/broken"] = (500, "text/plain", b"server error")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()


@pytest.fixture(scope="module")
def feed_run(feed_server, tmp_path_factory):
    out = tmp_path_factory.mktemp("feeds-out")
    listing = tmp_path_factory.mktemp("list") / "feeds.txt"
    listing.write_text(f"# feeds\n{feed_server}/not-a-feed\n\n{feed_server}/broken\n")
    status = run_cli("--feeds", f"{feed_server}/feed.xml", str(listing), "--output", str(out),
                     "--allow-private-addresses", "--politeness-delay", "0",
                     "--fetch-timeout", "2")
    return feed_server, out, status


def test_feed_run_completes(feed_run):
    assert feed_run[2] == 0


def test_entries_become_articles_with_feed_metadata(feed_run):
    base, out, _ = feed_run
    articles = {a["title"]: a for a in read_table(out, "articles")}
    assert {"First story", "Second story", "Gone page"} <= set(articles)
    first = articles["First story"]
    assert first["source_uri"] == f"{base}/feed.xml" and first["url"] == f"{base}/a"
    assert first["fetched_from"] == "page" and len(first["text"]) > 500
    assert articles["Gone page"]["fetched_from"] == "entry"
    assert first["published_at"].isoformat().startswith("2013-02-07T12:03")
    assert sum(a["title"].startswith("Second story") for a in read_table(out, "articles")) == 1


def test_bad_feeds_and_entries_are_reject_rows(feed_run):
    base, out, _ = feed_run
    rejects = {(r["source_uri"], r["stage"]): r for r in read_table(out, "rejects")}
    assert (f"{base}/not-a-feed", "feed") in rejects
    assert (f"{base}/broken", "feed") in rejects
    entry_rejects = [r for (uri, stage), r in rejects.items() if stage == "fetch"]
    assert len(entry_rejects) == 1 and "mailto" in entry_rejects[0]["detail"]


def test_private_addresses_are_refused_by_default(feed_server, tmp_path):
    out = tmp_path / "out"
    assert run_cli("--feeds", f"{feed_server}/feed.xml", "--output", str(out)) == 0
    (reject,) = read_table(out, "rejects")
    assert reject["stage"] == "feed" and reject["error"] == "PrivateAddress"
    assert read_table(out, "articles") == []


def test_feed_argument_that_is_neither_url_nor_file_is_a_usage_error(tmp_path):
    assert run_cli("--feeds", "ftp://example.com/feed", "--output", str(tmp_path / "o")) == 2


def test_the_ledger_counts_each_feed_entry_and_each_failed_feed(feed_server):
    """The run's ledger (pipeline/ledger.py) covers feed runs: the entries left after
    de-duplication count as records, failed feeds as read rejects; the CLI run above wrote
    exactly that many rows, so it passed the check."""
    import apache_beam as beam

    from pipeline.ledger import counter_total
    from transforms.base import LEDGER_FEED_ENTRIES, LEDGER_FEED_REJECTS
    from transforms.sources.http import FetchConfig
    from transforms.sources.read_feeds import ReadFeeds

    config = FetchConfig(timeout=2, retries=0, politeness_delay=0, allow_private_addresses=True)
    p = beam.Pipeline(runner="FnApiRunner")
    _ = (p | beam.Create([f"{feed_server}/feed.xml", f"{feed_server}/not-a-feed",
                          f"{feed_server}/broken"])
         | ReadFeeds(config))
    result = p.run()
    result.wait_until_finish()
    assert counter_total(result, LEDGER_FEED_ENTRIES) == 4  # g1, g2 (once), g3, g4
    assert counter_total(result, LEDGER_FEED_REJECTS) == 2


def test_a_feed_run_writes_as_many_rows_as_its_ledger_counts(feed_run):
    _, out, status = feed_run
    assert status == 0
    assert len(read_table(out, "articles")) + len(read_table(out, "rejects")) == 4 + 2


def test_pages_are_fetched_several_at_a_time_into_the_same_rows(real_bodies, tmp_path):
    """--fetch-concurrency: a feed's pages are fetched together (the server answers several
    at once), and the articles are the ones fetched one at a time."""
    from tests.feedserver import NewsSite

    with NewsSite() as site:
        site.page_delay = 0.2  # every page keeps its request open a while
        for i in range(8):
            site.add_entry("/feed.xml", f"Story {i}", real_bodies[20 + i], f"urn:s{i}", f"/s{i}")
        rows, most_at_once = {}, {}
        for concurrency in (1, 4):
            site.max_in_flight = 0
            out = tmp_path / f"out{concurrency}"
            assert run_cli("--feeds", site.feed_url("/feed.xml"), "--output", str(out),
                           "--allow-private-addresses", "--politeness-delay", "0",
                           "--fetch-concurrency", str(concurrency)) == 0
            most_at_once[concurrency] = site.max_in_flight
            rows[concurrency] = sorted(
                tuple(sorted((k, str(v)) for k, v in r.items() if k not in ("run_id", "ingested_at")))
                for r in read_table(out, "articles"))
    assert most_at_once[1] == 1
    assert most_at_once[4] >= 2
    assert len(rows[1]) == 8 and rows[4] == rows[1]


def test_fetch_concurrency_below_one_is_a_usage_error(tmp_path, capsys):
    assert run_cli("--feeds", "http://127.0.0.1:9/feed.xml", "--output", str(tmp_path / "o"),
                   "--fetch-concurrency", "0") == 2
    assert "concurrency" in capsys.readouterr().err
