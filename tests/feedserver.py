"""A real news site on 127.0.0.1 for feed tests and the streaming benchmark.

`NewsSite` serves RSS feeds and article pages over HTTP (ThreadingHTTPServer on a free
loopback port). Feeds and pages can be added and changed while a pipeline polls it; feeds
answer conditional GETs (ETag / If-None-Match) with 304, and the site counts requests.
"""

from __future__ import annotations

import hashlib
import html
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def page_html(title: str, body: str) -> bytes:
    """An article page with site chrome around the body's paragraphs."""
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n") if p.strip())
    return (f"<html><head><title>{html.escape(title)}</title></head><body><nav><a href='/'>"
            f"Home</a></nav><article><h1>{html.escape(title)}</h1>{paragraphs}</article>"
            f"<footer>© Example News</footer></body></html>").encode()


def rss_xml(base: str, items: list[dict]) -> bytes:
    """RSS 2.0 with the items (title, guid, link with BASE for the site, description)."""
    parts = []
    for item in items:
        fields = [f"<title>{html.escape(item['title'])}</title>", f"<guid>{item['guid']}</guid>"]
        if item.get("link"):
            fields.append(f"<link>{html.escape(item['link'].replace('BASE', base))}</link>")
        if item.get("description"):
            fields.append(f"<description>{html.escape(item['description'])}</description>")
        fields.append(f"<pubDate>{item.get('pubDate', 'Thu, 07 Feb 2013 12:03:00 +0000')}</pubDate>")
        parts.append("<item>" + "".join(fields) + "</item>")
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
            f"<link>{base}/</link><description>d</description>{''.join(parts)}"
            f"</channel></rss>").encode()


class NewsSite:
    """Feeds and pages served on 127.0.0.1; use as a context manager."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._routes: dict[str, tuple[int, str, bytes, dict]] = {}
        self._feeds: dict[str, list[dict]] = {}
        self.requests: dict[str, int] = {}
        self.not_modified = 0
        self.added_at: dict[str, float] = {}     # guid → when its entry was published here
        self.page_delay = 0.0       # seconds each page (not feed) takes to answer
        self.in_flight = 0          # page requests being answered now
        self.max_in_flight = 0      # the most answered at once
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's naming
                with site._lock:
                    site.requests[self.path] = site.requests.get(self.path, 0) + 1
                    status, kind, body, headers = site._routes.get(
                        self.path, (404, "text/plain", b"not found", {}))
                if site.page_delay and self.path not in site._feeds:
                    with site._lock:
                        site.in_flight += 1
                        site.max_in_flight = max(site.max_in_flight, site.in_flight)
                    time.sleep(site.page_delay)
                    with site._lock:
                        site.in_flight -= 1
                etag = '"' + hashlib.sha1(body).hexdigest() + '"'
                if status == 200 and self.headers.get("If-None-Match") == etag:
                    with site._lock:
                        site.not_modified += 1
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name, value)
                if status == 200:
                    self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> NewsSite:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def route(self, path: str, status: int, kind: str, body: bytes,
              headers: dict[str, str] | None = None) -> None:
        with self._lock:
            self._routes[path] = (status, kind, body, headers or {})

    def add_page(self, path: str, title: str, body: str) -> str:
        self.route(path, 200, "text/html; charset=utf-8", page_html(title, body))
        return self.base + path

    def add_entry(self, feed_path: str, title: str, body: str | None, guid: str,
                  page_path: str | None = None, description: str | None = None) -> None:
        """Publish an entry (and its page, when `body` is given) on a feed."""
        if page_path and body is not None:
            self.add_page(page_path, title, body)
        item = {"title": title, "guid": guid, "link": f"BASE{page_path}" if page_path else None,
                "description": description,
                "pubDate": formatdate(time.time(), usegmt=True)}
        with self._lock:
            items = self._feeds.setdefault(feed_path, [])
            items.insert(0, item)
            self.added_at[guid] = time.time()
        self._publish(feed_path)

    def _publish(self, feed_path: str) -> None:
        with self._lock:
            items = list(self._feeds.get(feed_path, []))
        self.route(feed_path, 200, "application/rss+xml", rss_xml(self.base, items))

    def feed_url(self, feed_path: str) -> str:
        if feed_path not in self._feeds:
            with self._lock:
                self._feeds[feed_path] = []
            self._publish(feed_path)
        return self.base + feed_path
