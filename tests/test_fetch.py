"""transforms.sources.http against a real HTTP server on 127.0.0.1 (nothing beyond loopback)."""

from __future__ import annotations

import gzip
import pickle
import socket
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from transforms.sources import http as fetch
from transforms.sources.http import FetchConfig, Fetcher, FetchError, FetchResult

PAGE = ("<html><head><title>Storm hits coast</title></head><body>"
        + "<p>The storm made landfall on Tuesday night.</p>" * 200 + "</body></html>").encode()
ETAG = '"v1"'
LAST_MODIFIED = "Tue, 06 Jan 2026 10:00:00 GMT"


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _stream_forever(self, chunk: bytes, pause: float) -> None:
        stop = time.monotonic() + 20
        try:
            while time.monotonic() < stop:
                self.wfile.write(chunk)
                self.wfile.flush()
                if pause:
                    time.sleep(pause)
        except OSError:    # the client hung up, as it should
            pass

    def do_GET(self) -> None:  # noqa: C901 - one route table
        srv = self.server
        path = self.path
        with srv.lock:
            srv.log.append((path, dict(self.headers.items()), time.monotonic()))
            srv.hits[path] = srv.hits.get(path, 0) + 1
            hits = srv.hits[path]
        if path == "/gzip":
            self._send(200, gzip.compress(PAGE), {"Content-Type": "text/html; charset=utf-8",
                                                  "Content-Encoding": "gzip", "ETag": ETAG})
        elif path == "/deflate":
            self._send(200, zlib.compress(PAGE), {"Content-Encoding": "deflate"})
        elif path.startswith("/chain/"):
            n = int(path.rsplit("/", 1)[1])
            if n == 0:
                self._send(200, b"end of chain", {"Content-Type": "text/plain"})
            else:    # alternate absolute and relative Locations
                loc = (f"http://127.0.0.1:{srv.server_port}/chain/{n - 1}" if n % 2
                       else f"/chain/{n - 1}")
                self._send(302 if n % 3 else 301, b"", {"Location": loc})
        elif path.startswith("/slow-chain/"):  # each hop answers just within the timeout
            n = int(path.rsplit("/", 1)[1])
            time.sleep(0.7)
            if n == 0:
                self._send(200, b"end of slow chain", {"Content-Type": "text/plain"})
            else:
                self._send(302, b"", {"Location": f"/slow-chain/{n - 1}"})
        elif path == "/loop-a":
            self._send(302, b"", {"Location": "/loop-b"})
        elif path == "/loop-b":
            self._send(307, b"", {"Location": "/loop-a"})
        elif path == "/to-other-host":
            self._send(302, b"", {"Location": f"http://127.0.0.2:{srv.server_port}/gzip"})
        elif path == "/to-file":
            self._send(302, b"", {"Location": "file:///etc/passwd"})
        elif path == "/missing":
            self._send(404, b"not here")
        elif path == "/flaky":
            if hits == 1:
                self._send(500, b"oops")
            else:
                self._send(200, b"recovered")
        elif path == "/always-503":
            self._send(503, b"down")
        elif path == "/rate-limited":
            self._send(429, b"slow down", {"Retry-After": "3600"})
        elif path == "/endless":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self._stream_forever(b"x" * 65536, 0)
        elif path == "/declared-huge":
            self.send_response(200)
            self.send_header("Content-Length", str(10**10))
            self.end_headers()
            self._stream_forever(b"x" * 65536, 0)
        elif path == "/slow":
            time.sleep(2)
            self._send(200, b"too late")
        elif path == "/trickle-body":
            self.send_response(200)
            self.end_headers()
            self._stream_forever(b"x", 0.05)
        elif path == "/trickle-headers":
            self.wfile.write(b"HTTP/1.0 200 OK\r\nX-Slow: ")
            self._stream_forever(b"a", 0.05)
        elif path == "/conditional":
            if (self.headers.get("If-None-Match") == ETAG
                    or self.headers.get("If-Modified-Since") == LAST_MODIFIED):
                self.send_response(304)
                self.send_header("ETag", ETAG)
                self.end_headers()
            else:
                self._send(200, b"fresh", {"ETag": ETAG, "Last-Modified": LAST_MODIFIED})
        else:
            self._send(200, b"ok", {"Content-Type": "text/plain"})


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.log: list[tuple[str, dict[str, str], float]] = []
        self.hits: dict[str, int] = {}

    def requests_to(self, path: str) -> list[tuple[str, dict[str, str], float]]:
        with self.lock:
            return [r for r in self.log if r[0] == path]


@pytest.fixture(scope="module")
def server():
    srv = _Server()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def base(server) -> str:
    with server.lock:
        server.log.clear()
        server.hits.clear()
    return f"http://127.0.0.1:{server.server_port}"


def _fetcher(**kw) -> Fetcher:
    settings = {"allow_private_addresses": True, "politeness_delay": 0.0, "timeout": 2.0}
    settings.update(kw)
    return Fetcher(FetchConfig(**settings))


def _error(fetcher: Fetcher, url: str, **kw) -> FetchError:
    with pytest.raises(FetchError) as info:
        fetcher.get(url, **kw)
    return info.value


def test_gzip_body_decoded(base):
    result = _fetcher().get(base + "/gzip")
    assert isinstance(result, FetchResult)
    assert result.status == 200 and result.body == PAGE
    assert result.content_type == "text/html; charset=utf-8"
    assert result.etag == ETAG and result.not_modified is False
    assert result.url == base + "/gzip"


def test_deflate_body_decoded(base, server):
    assert _fetcher().get(base + "/deflate").body == PAGE
    headers = server.requests_to("/deflate")[0][1]
    assert "gzip" in headers["Accept-Encoding"] and "deflate" in headers["Accept-Encoding"]


def test_redirect_chain_within_limit(base, server):
    result = _fetcher(max_redirects=5).get(base + "/chain/5")
    assert result.body == b"end of chain"
    assert result.url == base + "/chain/0"
    assert len(server.requests_to("/chain/0")) == 1


def test_redirect_chain_over_limit(base):
    err = _error(_fetcher(max_redirects=3), base + "/chain/5")
    assert err.error == "TooManyRedirects"


def test_redirect_loop(base, server):
    err = _error(_fetcher(max_redirects=4), base + "/loop-a")
    assert err.error == "TooManyRedirects" and "/loop-a" in err.detail
    assert len(server.requests_to("/loop-a")) + len(server.requests_to("/loop-b")) == 5


def test_404_is_http_status_without_retry(base, server):
    err = _error(_fetcher(retries=2), base + "/missing")
    assert err.error == "HTTPStatus" and err.status == 404 and "/missing" in err.detail
    assert len(server.requests_to("/missing")) == 1


def test_500_then_200_retry_succeeds(base, server):
    result = _fetcher(retries=2).get(base + "/flaky")
    assert result.status == 200 and result.body == b"recovered"
    assert len(server.requests_to("/flaky")) == 2


def test_5xx_retries_exhausted(base, server):
    err = _error(_fetcher(retries=1), base + "/always-503")
    assert err.error == "HTTPStatus" and err.status == 503
    assert len(server.requests_to("/always-503")) == 2


def test_long_retry_after_ends_fetch(base, server):
    err = _error(_fetcher(retries=2), base + "/rate-limited")
    assert err.error == "HTTPStatus" and err.status == 429 and "Retry-After" in err.detail
    assert len(server.requests_to("/rate-limited")) == 1


def test_endless_response_too_large(base):
    start = time.monotonic()
    err = _error(_fetcher(max_bytes=1024 * 1024, retries=0), base + "/endless")
    assert err.error == "TooLarge" and "/endless" in err.detail
    assert time.monotonic() - start < 10


def test_declared_length_over_cap_refused_unread(base):
    start = time.monotonic()
    err = _error(_fetcher(max_bytes=1024 * 1024, retries=2), base + "/declared-huge")
    assert err.error == "TooLarge"
    assert time.monotonic() - start < 8


def test_slow_server_times_out(base):
    start = time.monotonic()
    err = _error(_fetcher(timeout=0.5, retries=0), base + "/slow")
    assert err.error == "Timeout" and "/slow" in err.detail
    assert time.monotonic() - start < 6


@pytest.mark.parametrize("path", ["/trickle-body", "/trickle-headers"])
def test_trickling_response_hits_overall_deadline(base, path):
    # each byte arrives well within the read timeout; only the per-attempt deadline stops it
    start = time.monotonic()
    err = _error(_fetcher(timeout=0.25, retries=0), base + path)
    assert err.error == "Timeout"
    assert time.monotonic() - start < 8


def test_conditional_get_not_modified(base, server):
    fetcher = _fetcher()
    fresh = fetcher.get(base + "/conditional")
    assert fresh.status == 200 and fresh.body == b"fresh" and not fresh.not_modified
    by_etag = fetcher.get(base + "/conditional", etag=fresh.etag)
    assert by_etag.status == 304 and by_etag.not_modified and by_etag.body == b""
    assert by_etag.etag == ETAG
    by_date = fetcher.get(base + "/conditional", last_modified=fresh.last_modified)
    assert by_date.not_modified and by_date.last_modified == LAST_MODIFIED
    sent = [r[1] for r in server.requests_to("/conditional")]
    assert "If-None-Match" not in sent[0] and "If-Modified-Since" not in sent[0]
    assert sent[1]["If-None-Match"] == ETAG
    assert sent[2]["If-Modified-Since"] == LAST_MODIFIED


def test_private_address_refused_by_default(base, server):
    fetcher = Fetcher(FetchConfig(politeness_delay=0))
    for url in (base + "/gzip", f"http://localhost:{server.server_port}/gzip"):
        err = _error(fetcher, url)
        assert err.error == "PrivateAddress" and url in err.detail
    assert server.requests_to("/gzip") == []


def test_every_redirect_hop_is_checked(base, server, monkeypatch):
    # pretend 127.0.0.1 is public and 127.0.0.2 private: the redirect target must be refused
    monkeypatch.setattr(fetch, "_forbidden_address", lambda ip: str(ip) == "127.0.0.2")
    fetcher = Fetcher(FetchConfig(politeness_delay=0))
    assert fetcher.get(base + "/gzip").body == PAGE
    err = _error(fetcher, base + "/to-other-host")
    assert err.error == "PrivateAddress" and "127.0.0.2" in err.detail


def test_connects_to_checked_address_with_original_host_header(base, server, monkeypatch):
    real = socket.getaddrinfo

    def fake(host, *args, **kwargs):
        return real("127.0.0.1" if host == "news.test" else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    port = server.server_port
    assert _fetcher().get(f"http://news.test:{port}/host").body == b"ok"
    assert server.requests_to("/host")[0][1]["Host"] == f"news.test:{port}"
    err = _error(Fetcher(FetchConfig(politeness_delay=0)), f"http://news.test:{port}/host")
    assert err.error == "PrivateAddress"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/feed.xml",
                                 "gopher://example.com/", "javascript:alert(1)",
                                 "example.com/no-scheme"])
def test_non_http_scheme_refused(url):
    assert _error(_fetcher(), url).error == "BadScheme"


def test_redirect_to_non_http_scheme_refused(base):
    assert _error(_fetcher(), base + "/to-file").error == "BadScheme"


@pytest.mark.parametrize("url", ["http:///path", "http://example.com:99999/", "http://[::1/"])
def test_bad_url(url):
    assert _error(_fetcher(), url).error == "BadURL"


def test_user_agent_sent(base, server):
    _fetcher().get(base + "/ua")
    assert server.requests_to("/ua")[0][1]["User-Agent"] == FetchConfig().user_agent
    _fetcher(user_agent="custom-agent/2").get(base + "/ua2")
    assert server.requests_to("/ua2")[0][1]["User-Agent"] == "custom-agent/2"


def test_politeness_delay_between_requests_to_one_host(base, server):
    fetcher = _fetcher(politeness_delay=0.3)
    fetcher.get(base + "/p1")
    fetcher.get(base + "/p2")
    first, second = server.requests_to("/p1")[0][2], server.requests_to("/p2")[0][2]
    assert second - first >= 0.28


@pytest.mark.parametrize("address,forbidden", [
    ("127.0.0.1", True), ("10.1.2.3", True), ("172.16.0.1", True), ("192.168.1.1", True),
    ("169.254.169.254", True), ("100.64.0.1", True), ("0.0.0.0", True), ("224.0.0.1", True),
    ("240.0.0.1", True), ("255.255.255.255", True), ("::1", True), ("::", True),
    ("fe80::1", True), ("fc00::1", True), ("ff02::1", True), ("::ffff:127.0.0.1", True),
    ("::ffff:10.0.0.1", True), ("2002:a00:1::", True), ("64:ff9b::a00:1", True),
    ("93.184.216.34", False), ("8.8.8.8", False), ("2606:4700:4700::1111", False),
    ("::ffff:8.8.8.8", True),
])
def test_address_classification(address, forbidden):
    import ipaddress

    assert fetch._forbidden_address(ipaddress.ip_address(address)) is forbidden


def test_fetcher_pickles_without_pool(base):
    fetcher = _fetcher()
    fetcher.get(base + "/before")
    assert fetcher._pool is not None
    clone = pickle.loads(pickle.dumps(fetcher))
    assert clone._pool is None and clone.config == fetcher.config
    assert clone.get(base + "/after").body == b"ok"
    err = pickle.loads(pickle.dumps(FetchError("Timeout", "timed out fetching 'x'")))
    assert err.error == "Timeout" and err.detail == "timed out fetching 'x'"


def test_fresh_fetcher_holds_no_pool():
    assert Fetcher()._pool is None


def test_unsendable_validators_are_dropped(base, server):
    result = _fetcher().get(base + "/conditional", etag='"v1"\r\nX-Injected: 1')
    assert result.status == 200 and not result.not_modified
    sent = server.requests_to("/conditional")[0][1]
    assert "If-None-Match" not in sent and "X-Injected" not in sent


def test_one_deadline_covers_all_attempts_and_redirects_of_a_url(base, server):
    """Six hops of 0.7 s each: every hop is within the 1 s timeout, but the URL is not
    within its 2 s deadline (the old per-attempt deadline let it run all six)."""
    started = time.monotonic()
    err = _error(_fetcher(timeout=1.0, url_deadline=2.0), base + "/slow-chain/5")
    took = time.monotonic() - started
    assert err.error == "Timeout" and "deadline per URL" in err.detail
    assert len([p for p, _, _ in server.log if p.startswith("/slow-chain/")]) < 6
    assert took < 2.0 + 3.0  # the deadline, with room for a loaded machine
    # The same chain, given time enough, ends normally.
    assert _fetcher(timeout=1.0, url_deadline=30.0).get(base + "/slow-chain/2").body == \
        b"end of slow chain"


def test_the_url_deadline_is_an_option_with_a_60_s_default():
    from pipeline.options import parse_run_args

    assert FetchConfig().url_deadline == 60.0
    config = parse_run_args(["--feeds", "http://example.org/feed", "--fetch-deadline", "5"])
    assert config.fetch.url_deadline == 5.0
