"""Streaming end to end, as users run it: `newsbeam run --streaming` on Beam's Prism runner
against a real news site on 127.0.0.1 and a watched folder, stopped with SIGTERM and
restarted. Rows are read back from the Parquet tables with DuckDB while the stream runs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.runners import find_prism
from tests.conftest import REPO, read_table
from tests.feedserver import NewsSite

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(find_prism() is None, reason="no Prism binary: run `make prism` (needs Go)"),
]


BOMB = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        b'<rss version="2.0"><channel><title>&c;</title></channel></rss>')
# Feeds that fail in their own way, each polled every second while the stream runs.
BAD_FEEDS = {"/broken.xml": "500", "/page.xml": "HTML", "/bomb.xml": "entit",
             "/loop.xml": "redirect"}


def _serve_bad_feeds(site: NewsSite) -> None:
    site.route("/broken.xml", 500, "text/plain", b"server error")
    site.route("/page.xml", 200, "text/html", b"<html><body><p>Just a page</p></body></html>")
    site.route("/bomb.xml", 200, "application/rss+xml", BOMB)
    site.route("/loop.xml", 302, "text/plain", b"", {"Location": "/loop2.xml"})
    site.route("/loop2.xml", 302, "text/plain", b"", {"Location": "/loop.xml"})


def _start(site: NewsSite, out: Path, watched: Path, log: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "pipeline.cli", "run", "--streaming", "--quiet",
           "--feeds", site.base + "/world.xml", site.feed_url("/empty.xml"),
           *[site.base + p for p in BAD_FEEDS],
           "--input", str(watched), "--poll-interval", "1", "--window", "2",
           "--allow-private-addresses", "--politeness-delay", "0", "--fetch-timeout", "5",
           "--output", str(out)]
    return subprocess.Popen(cmd, cwd=REPO, stdout=log.open("a"), stderr=subprocess.STDOUT,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})


def _stop(proc: subprocess.Popen) -> int:
    proc.send_signal(signal.SIGTERM)
    return proc.wait(timeout=90)


def _wait_for(predicate, what: str, proc: subprocess.Popen, log: Path, timeout: float = 90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        if proc.poll() is not None:
            pytest.fail(f"newsbeam exited ({proc.returncode}) before {what}:\n"
                        + log.read_text()[-3000:])
        time.sleep(0.5)
    proc.kill()
    pytest.fail(f"timed out waiting for {what}:\n" + log.read_text()[-3000:])


def _articles(out: Path) -> dict[str, dict]:
    return {r["url"]: r for r in read_table(out, "articles")}


def _has_urls(out: Path, *urls: str):
    def check():
        rows = _articles(out)
        return rows if all(u in rows for u in urls) else None
    return check


@pytest.fixture(scope="module")
def stream_runs(real_bodies, tmp_path_factory):
    """Two runs over one output: entries added while each runs, a SIGTERM between."""
    base = tmp_path_factory.mktemp("stream")
    out, watched, log = base / "out", base / "inbox", base / "newsbeam.log"
    watched.mkdir()
    (watched / "readme.txt").write_text(real_bodies[30], encoding="utf-8")
    facts: dict = {}
    with NewsSite() as site:
        site.add_entry("/world.xml", "Floods close the port", real_bodies[31], "g1", "/a")
        site.add_entry("/world.xml", "Mail us", None, "g0", None)     # no link, no content
        site.add_entry("/world.xml", "Local", None, "g9", "/x")
        site.route("/x", 200, "text/html", b"")                       # empty page, no content
        _serve_bad_feeds(site)
        proc = _start(site, out, watched, log)
        _wait_for(_has_urls(out, site.base + "/a"), "the first entry", proc, log)
        # Added while it runs: a new entry, the first story republished under another URL,
        # and a file dropped into the watched folder.
        site.add_entry("/world.xml", "Talks resume", real_bodies[32], "g2", "/b")
        site.add_entry("/world.xml", "Port closed by floods", real_bodies[31], "g3", "/syndicated/a")
        (watched / "late.txt").write_text(real_bodies[33], encoding="utf-8")
        rows = _wait_for(_has_urls(out, site.base + "/b", site.base + "/syndicated/a"),
                         "entries added while running", proc, log)
        # The failing feed recovers: it is polled again and its entries flow.
        site.add_entry("/broken.xml", "Back online", real_bodies[35], "r1", "/recovered")
        _wait_for(_has_urls(out, site.base + "/recovered"), "the recovered feed", proc, log)
        # Both watched files, by name: a count (5 of the 6 rows) could be met before late.txt
        # lands, and it would then arrive in the second run.
        _wait_for(lambda: {"readme.txt", "late.txt"} <= {Path(r["source_uri"]).name
                                                          for r in read_table(out, "articles")},
                  "the watched files", proc, log)
        facts["first_run"] = rows
        facts["first_status"] = _stop(proc)
        facts["after_first"] = read_table(out, "articles")
        facts["rejects"] = read_table(out, "rejects")
        facts["not_modified"] = site.not_modified
        facts["inprogress_after_stop"] = [p for p in out.rglob(".inprogress-*")]

        # Restart: nothing ingested twice; a later copy still links to the first run's row.
        site.add_entry("/world.xml", "Aid arrives", real_bodies[34], "g4", "/c")
        site.add_entry("/world.xml", "Floods: port shut", real_bodies[31], "g5", "/mirror/a")
        proc = _start(site, out, watched, log)
        _wait_for(_has_urls(out, site.base + "/c", site.base + "/mirror/a"),
                  "entries after the restart", proc, log)
        time.sleep(5)  # a few more polls: anything re-ingested would show up now
        facts["second_status"] = _stop(proc)
        facts["final"] = read_table(out, "articles")
        facts["base"] = site.base
    facts["out"] = out
    return facts


def test_entries_added_while_running_reach_parquet(stream_runs):
    base = stream_runs["base"]
    urls = {r["url"] for r in stream_runs["after_first"]}
    assert {base + "/a", base + "/b", base + "/syndicated/a"} <= urls
    sources = {r["source_uri"] for r in stream_runs["after_first"]}
    assert any(s.endswith("/inbox/readme.txt") for s in sources)
    assert any(s.endswith("/inbox/late.txt") for s in sources)


def test_copy_published_later_under_another_url_is_a_duplicate(stream_runs):
    base = stream_runs["base"]
    rows = {r["url"]: r for r in stream_runs["final"]}
    first = rows[base + "/a"]
    assert first["duplicate_of"] is None
    assert rows[base + "/syndicated/a"]["duplicate_of"] == first["article_id"]
    # published after a restart: linked through the saved dedup memory
    assert rows[base + "/mirror/a"]["duplicate_of"] == first["article_id"]


def test_bad_feeds_give_one_reject_row_each_while_the_good_one_flows(stream_runs):
    base = stream_runs["base"]
    feed_rejects = {r["source_uri"]: r for r in stream_runs["rejects"] if r["stage"] == "feed"}
    # polled every second, each reported once, with its URL and reason
    assert len([r for r in stream_runs["rejects"] if r["stage"] == "feed"]) == len(BAD_FEEDS)
    assert base + "/empty.xml" not in feed_rejects   # a feed with no entries yet is no failure
    for path, reason in BAD_FEEDS.items():
        assert reason.lower() in feed_rejects[base + path]["detail"].lower(), feed_rejects[base + path]


def test_unusable_entries_are_fetch_rejects(stream_runs):
    fetch = [r for r in stream_runs["rejects"] if r["stage"] == "fetch"]
    assert sorted(r["entry_id"].rsplit("/", 1)[-1] for r in fetch) == ["g0", "g9"]


def test_sigterm_stops_cleanly_and_restart_ingests_nothing_twice(stream_runs):
    assert stream_runs["first_status"] == 0 and stream_runs["second_status"] == 0
    final = stream_runs["final"]
    keys = [(r["source_uri"], r["entry_id"]) for r in final]
    assert len(keys) == len(set(keys))
    ids = [r["article_id"] for r in final]
    assert len(ids) == len(set(ids))
    assert len(final) == len(stream_runs["after_first"]) + 2


def test_a_failing_feed_is_polled_again_and_recovers(stream_runs):
    assert stream_runs["base"] + "/recovered" in {r["url"] for r in stream_runs["after_first"]}


def test_feeds_are_polled_with_conditional_get(stream_runs):
    assert stream_runs["not_modified"] > 0


def test_only_complete_files_after_stop(stream_runs):
    import pyarrow.parquet as pq

    for path in stream_runs["out"].rglob("*.parquet"):
        assert pq.read_metadata(path).num_rows >= 0   # every file is whole and readable
