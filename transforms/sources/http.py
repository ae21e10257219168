"""A careful HTTP client for feeds and article pages (no Beam here; I/O is this module's job).

`Fetcher.get(url)` does one HTTP GET the way a polite, defensive crawler should:

- only `http`/`https`; redirects are followed here (at most `max_redirects` hops), so every
  hop is checked like the first;
- before each request the host is resolved with `socket.getaddrinfo` and refused if any of
  its addresses is loopback, private, link-local, multicast, reserved, unspecified or
  otherwise not globally routable (IPv4 and IPv6, IPv4-mapped/6to4/Teredo/NAT64 included),
  unless `allow_private_addresses`; the connection then goes to the checked address itself
  (Host header and TLS SNI/certificate check keep the name), so a second DNS answer cannot
  swap in another target;
- conditional GET (`If-None-Match`, `If-Modified-Since`) with 304 reported as
  `not_modified`;
- gzip/deflate accepted and decoded by urllib3; the body is streamed and refused as soon as
  it exceeds `max_bytes`; each attempt also has an overall deadline (`timeout * 3`) enforced
  by a watchdog that shuts the socket down, so neither an endless nor a trickling response
  can hang a worker;
- one deadline per URL (`url_deadline`, default 60 s) across all its attempts, backoff waits
  and redirect hops: a chain of slow hops cannot hold a fetch longer than that;
- retries with exponential backoff (0.5 s, 1 s, ...) on connection errors, timeouts, 5xx and
  429 (a `Retry-After` of up to a few seconds is honoured, a longer one ends the fetch);
  other 4xx fail at once;
- at least `politeness_delay` seconds between two requests to one host in this process;
- a descriptive User-Agent on every request.

Failures raise `FetchError(error, detail)`; `error` is one of Timeout, TooLarge, HTTPStatus,
TooManyRedirects, BadScheme, PrivateAddress, ConnectionError, BadURL, DecodeError (a body
that claims gzip/deflate but does not decode).

A `Fetcher` holds no socket until its first request and drops its connection pool when
pickled, so Beam DoFns can carry one.
"""

from __future__ import annotations

import email.utils
import ipaddress
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import (
    ConnectTimeoutError,
    DecodeError,
    HTTPError,
    LocationParseError,
    NewConnectionError,
    ReadTimeoutError,
    SSLError,
)
from urllib3.util import parse_url

__all__ = ["FetchConfig", "FetchError", "FetchResult", "Fetcher"]

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_BACKOFF_BASE = 0.5            # seconds before the first retry; doubles each time
_MAX_RETRY_AFTER = 5.0         # a longer Retry-After ends the fetch instead of waiting
_DEADLINE_FACTOR = 3.0         # overall seconds per attempt = timeout * this
_CHUNK = 64 * 1024
_DRAIN_LIMIT = 64 * 1024       # error/redirect bodies up to this size are drained for reuse


@dataclass(frozen=True)
class FetchConfig:
    """How a `Fetcher` behaves; immutable and picklable."""

    timeout: float = 10.0            # connect+read seconds per attempt
    retries: int = 2                 # extra attempts on connection errors / 5xx / 429, exponential backoff (0.5 s, 1 s, ...)
    max_redirects: int = 5
    url_deadline: float = 60.0       # seconds for one URL, all attempts and redirects included
    max_bytes: int = 8 * 1024 * 1024 # response body cap (after gzip decoding); stop reading beyond it
    user_agent: str = "newsbeam/0.1 (+https://github.com/newsbeam; news ingestion)"
    politeness_delay: float = 1.0    # minimum seconds between two requests to the same host (per process)
    allow_private_addresses: bool = False  # loopback/private/link-local/reserved targets refused unless True
    # Pages fetched at once per worker process: one slow server must not hold up the others'
    # pages (the politeness delay still spaces the requests to each host).
    concurrency: int = 8

    def __post_init__(self) -> None:
        if self.timeout <= 0 or self.max_bytes <= 0 or self.url_deadline <= 0:
            raise ValueError("fetch timeout, deadline and size cap must be positive")
        if self.retries < 0 or self.max_redirects < 0 or self.politeness_delay < 0:
            raise ValueError("fetch retries, redirects and politeness delay must be 0 or more")
        if self.concurrency < 1:
            raise ValueError("fetch concurrency must be 1 or more")


@dataclass(frozen=True)
class FetchResult:
    """The outcome of a successful GET (2xx, or 304 on a conditional GET)."""

    url: str                 # final URL after redirects
    status: int
    body: bytes
    content_type: str | None
    etag: str | None
    last_modified: str | None
    not_modified: bool       # 304 on a conditional GET


class FetchError(Exception):
    """A failed fetch: `error` is a short class, `detail` a readable reason incl. the URL.

    `status` is the HTTP status when one was received (HTTPStatus), else None.
    """

    def __init__(self, error: str, detail: str, status: int | None = None) -> None:
        super().__init__(f"{error}: {detail}")
        self.error = error
        self.detail = detail
        self.status = status

    def __reduce__(self):
        return (FetchError, (self.error, self.detail, self.status))


# --------------------------------------------------------------------------- addresses

_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def _forbidden_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True for addresses a fetch must not reach: anything not globally routable unicast."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None and _forbidden_address(embedded):
            return True
    return (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
            or ip.is_reserved or ip.is_unspecified or not ip.is_global)


# --------------------------------------------------------------------------- politeness

_POLITE_LOCK = threading.Lock()
_NEXT_SLOT: dict[str, float] = {}   # host -> monotonic time of its latest (reserved) request


def _wait_turn(host: str, delay: float) -> None:
    """Reserve the next request slot for `host` and sleep until it comes."""
    with _POLITE_LOCK:
        now = time.monotonic()
        slot = max(now, _NEXT_SLOT.get(host, -float("inf")) + delay)
        _NEXT_SLOT[host] = slot
        if len(_NEXT_SLOT) > 10_000:    # forget hosts not seen for a while
            for name, when in list(_NEXT_SLOT.items()):
                if when < now - 3600:
                    del _NEXT_SLOT[name]
    if slot > now:
        time.sleep(slot - now)


# --------------------------------------------------------------------------- deadline watchdog

_CURRENT = threading.local()


class _Deadline:
    """Shuts the socket of the attempt's connection down once `seconds` have passed."""

    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds
        self.expired = False
        self._lock = threading.Lock()
        self._conn: HTTPConnection | None = None
        self._done = False
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        _CURRENT.deadline = self
        self._timer.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        with self._lock:
            self._done = True
        self._timer.cancel()
        _CURRENT.deadline = None

    def attach(self, conn: HTTPConnection) -> None:
        with self._lock:
            self._conn = conn

    def passed(self) -> bool:
        return self.expired or time.monotonic() >= self.at

    def _fire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.expired = True
            sock = getattr(self._conn, "sock", None)
            if sock is not None:
                try:    # the plain socket's shutdown, also under TLS: unblocks a pending recv
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)
                except OSError:
                    pass


def _attach_current(conn: HTTPConnection) -> None:
    deadline = getattr(_CURRENT, "deadline", None)
    if deadline is not None:
        deadline.attach(conn)


class _Watched:
    """Connection mixin: the current attempt's deadline watches the socket."""

    def connect(self) -> None:
        _attach_current(self)
        super().connect()

    def request(self, *args: Any, **kwargs: Any) -> None:
        _attach_current(self)
        super().request(*args, **kwargs)


class _WatchedHTTPConnection(_Watched, HTTPConnection):
    pass


class _WatchedHTTPSConnection(_Watched, HTTPSConnection):
    pass


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


# --------------------------------------------------------------------------- helpers


@dataclass(frozen=True)
class _Target:
    url: str
    scheme: str
    host: str          # IDNA/lowercase, no brackets
    port: int
    host_header: str
    request_uri: str


def _short(url: str) -> str:
    return url if len(url) <= 300 else url[:297] + "..."


def _parse_target(url: str) -> _Target:
    try:
        parsed = parse_url(url)
    except (LocationParseError, ValueError) as e:
        raise FetchError("BadURL", f"cannot parse URL {_short(url)!r}: {e}") from None
    scheme = (parsed.scheme or "").lower()
    if scheme not in ("http", "https"):
        what = f"scheme {scheme!r}" if scheme else "no scheme"
        raise FetchError("BadScheme", f"{what} in {_short(url)!r}; only http and https")
    host = (parsed.host or "").strip("[]").rstrip(".").lower()
    if not host:
        raise FetchError("BadURL", f"no host in {_short(url)!r}")
    try:
        host.encode("ascii")
    except UnicodeEncodeError:
        raise FetchError("BadURL", f"host is not a valid name in {_short(url)!r}") from None
    port = parsed.port or (443 if scheme == "https" else 80)
    if not 0 < port < 65536:
        raise FetchError("BadURL", f"port out of range in {_short(url)!r}")
    literal = f"[{host}]" if ":" in host else host
    default = port == (443 if scheme == "https" else 80)
    host_header = literal if default else f"{literal}:{port}"
    return _Target(url, scheme, host, port, host_header, parsed.request_uri or "/")


def _header_value(value: str | None) -> str | None:
    """A validator fit to send back (printable ASCII only; anything else is dropped)."""
    if not value:
        return None
    value = value.strip()
    return value if value.isascii() and value.isprintable() else None


def _retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or HTTP date), None if absent."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def _discard(resp: urllib3.BaseHTTPResponse) -> None:
    """Let go of a response whose body is not wanted; keep the connection if that is cheap."""
    try:
        remaining = getattr(resp, "length_remaining", None)
        if remaining is not None and remaining <= _DRAIN_LIMIT:
            resp.drain_conn()
        else:
            resp.close()
    except Exception:    # noqa: BLE001 - a failure to clean up must not mask the result
        pass
    resp.release_conn()


class _Retryable(Exception):
    """One attempt failed in a way another attempt may fix."""

    def __init__(self, error: FetchError, wait: float | None = None) -> None:
        super().__init__(error.detail)
        self.error = error
        self.wait = wait


# --------------------------------------------------------------------------- fetcher


class Fetcher:
    """Polite, defensive HTTP GETs; thread-safe; picklable (the pool is created lazily)."""

    def __init__(self, config: FetchConfig = FetchConfig()) -> None:
        self.config = config
        self._lock = threading.Lock()
        self._pool: urllib3.PoolManager | None = None

    # Beam pickles DoFns holding a Fetcher: never ship a connection pool.
    def __getstate__(self) -> dict[str, Any]:
        return {"config": self.config}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.config = state["config"]
        self._lock = threading.Lock()
        self._pool = None

    def close(self) -> None:
        """Close pooled connections (a later `get` opens new ones)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.clear()

    def _manager(self) -> urllib3.PoolManager:
        with self._lock:
            if self._pool is None:
                # a connection kept per fetching thread (more would be dropped with a warning)
                pool = urllib3.PoolManager(num_pools=32, maxsize=max(4, self.config.concurrency),
                                           retries=False)
                pool.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}
                self._pool = pool
            return self._pool

    # ------------------------------------------------------------------ public

    def get(self, url: str, etag: str | None = None,
            last_modified: str | None = None) -> FetchResult:
        """GET `url` (following redirects); raise `FetchError` on any failure.

        With `etag` / `last_modified` the request is conditional; a 304 answer gives
        `not_modified=True`, an empty body and the validators (the server's, else the given).
        """
        cfg = self.config
        headers = {
            "User-Agent": cfg.user_agent,
            "Accept-Encoding": "gzip, deflate",
            "Accept": "*/*",
        }
        etag, last_modified = _header_value(etag), _header_value(last_modified)
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        conditional = bool(etag or last_modified)

        current = url
        failures = 0
        hops = 0
        ends = time.monotonic() + cfg.url_deadline

        def out_of_time(last: FetchError | None) -> FetchError:
            reason = f": {last.detail}" if last is not None else ""
            return FetchError("Timeout", f"gave up on {_short(url)!r} after the "
                                         f"{cfg.url_deadline:g} s deadline per URL ({failures + 1} "
                                         f"attempt(s), {hops} redirect(s)){reason}")

        while True:
            target = _parse_target(current)
            remaining = ends - time.monotonic()
            if remaining <= 0:
                raise out_of_time(None)
            try:
                outcome = self._attempt(target, headers, conditional, etag, last_modified,
                                        ends)
            except _Retryable as r:
                if failures >= cfg.retries:
                    raise r.error from None
                wait = _BACKOFF_BASE * (2 ** failures)
                if r.wait is not None:
                    wait = max(wait, r.wait)
                if time.monotonic() + wait >= ends:
                    raise out_of_time(r.error) from None
                failures += 1
                time.sleep(wait)
                continue
            if isinstance(outcome, FetchResult):
                return outcome
            hops += 1
            if hops > cfg.max_redirects:
                raise FetchError("TooManyRedirects",
                                 f"more than {cfg.max_redirects} redirects fetching "
                                 f"{_short(url)!r} (last to {_short(outcome)!r})")
            current = outcome

    # ------------------------------------------------------------------ internals

    def _resolve(self, target: _Target) -> list[str]:
        """The target's addresses, each checked; refused if any is not public."""
        try:
            infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM,
                                       proto=socket.IPPROTO_TCP)
        except (socket.gaierror, UnicodeError, OSError) as e:
            error = FetchError("ConnectionError",
                               f"cannot resolve {target.host!r} for {_short(target.url)!r}: {e}")
            if isinstance(e, socket.gaierror) and e.errno == socket.EAI_AGAIN:
                raise _Retryable(error) from None
            raise error from None
        addresses: list[str] = []
        for info in infos:
            raw = str(info[4][0])
            try:
                ip = ipaddress.ip_address(raw)
            except ValueError:
                raise FetchError("PrivateAddress",
                                 f"{target.host!r} resolved to unparsable address {raw!r} "
                                 f"({_short(target.url)!r})") from None
            if not self.config.allow_private_addresses and _forbidden_address(ip):
                raise FetchError("PrivateAddress",
                                 f"{target.host!r} resolves to non-public address {ip} "
                                 f"({_short(target.url)!r})")
            if raw not in addresses:
                addresses.append(raw)
        if not addresses:
            raise FetchError("ConnectionError", f"no address for {target.host!r} "
                                                f"({_short(target.url)!r})")
        return addresses

    def _attempt(self, target: _Target, headers: dict[str, str], conditional: bool,
                 etag: str | None, last_modified: str | None,
                 ends: float) -> FetchResult | str:
        """One request to `target`, ending by `ends` (the URL's deadline, monotonic): a
        result, a redirect location, or an exception."""
        cfg = self.config
        addresses = self._resolve(target)
        _wait_turn(target.host, cfg.politeness_delay)
        remaining = max(0.001, ends - time.monotonic())
        request_headers = dict(headers, Host=target.host_header)
        per_call = min(cfg.timeout, remaining)
        timeout = urllib3.Timeout(connect=per_call, read=per_call)
        url = _short(target.url)
        with _Deadline(min(cfg.timeout * _DEADLINE_FACTOR, remaining)) as deadline:
            try:
                resp = self._send(target, addresses, request_headers, timeout)
                return self._handle(target, resp, deadline, conditional, etag, last_modified)
            except (FetchError, _Retryable):
                raise
            except (ReadTimeoutError, TimeoutError) as e:
                raise _Retryable(FetchError("Timeout",
                                            f"timed out fetching {url!r}: {e}")) from None
            except NewConnectionError as e:
                raise _Retryable(FetchError("ConnectionError",
                                            f"cannot connect for {url!r}: {e}")) from None
            except ConnectTimeoutError as e:
                raise _Retryable(FetchError("Timeout",
                                            f"connect timed out for {url!r}: {e}")) from None
            except SSLError as e:
                raise FetchError("ConnectionError", f"TLS failure for {url!r}: {e}") from None
            except DecodeError as e:
                raise FetchError("DecodeError", f"undecodable body from {url!r}: {e}") from None
            except (HTTPError, OSError) as e:
                if deadline.passed():
                    raise _Retryable(FetchError(
                        "Timeout", f"gave up on {url!r} after "
                                   f"{cfg.timeout * _DEADLINE_FACTOR:g} s")) from None
                raise _Retryable(FetchError("ConnectionError",
                                            f"connection failed for {url!r}: {e}")) from None

    def _send(self, target: _Target, addresses: list[str], headers: dict[str, str],
              timeout: urllib3.Timeout) -> urllib3.BaseHTTPResponse:
        """Send the request to the first checked address that accepts a connection."""
        manager = self._manager()
        pool_kwargs = None
        if target.scheme == "https":
            pool_kwargs = {"server_hostname": target.host, "assert_hostname": target.host}
        for i, address in enumerate(addresses):
            pool = manager.connection_from_host(address, target.port, target.scheme,
                                                pool_kwargs=pool_kwargs)
            try:
                return pool.urlopen("GET", target.request_uri, headers=headers,
                                    retries=False, redirect=False, preload_content=False,
                                    decode_content=True, timeout=timeout,
                                    assert_same_host=False)
            except NewConnectionError:
                if i == len(addresses) - 1:
                    raise
        raise AssertionError("unreachable")

    def _handle(self, target: _Target, resp: urllib3.BaseHTTPResponse, deadline: _Deadline,
                conditional: bool, etag: str | None,
                last_modified: str | None) -> FetchResult | str:
        status = resp.status
        url = _short(target.url)
        if status in _REDIRECT_STATUSES:
            location = resp.headers.get("Location")
            _discard(resp)
            if not location:
                raise FetchError("HTTPStatus", f"HTTP {status} without Location from {url!r}",
                                 status)
            return urljoin(target.url, location.strip())
        if status == 304 and conditional:
            _discard(resp)
            return FetchResult(url=target.url, status=304, body=b"",
                               content_type=resp.headers.get("Content-Type"),
                               etag=resp.headers.get("ETag") or etag,
                               last_modified=resp.headers.get("Last-Modified") or last_modified,
                               not_modified=True)
        if status == 429 or 500 <= status < 600:
            wait = _retry_after(resp.headers.get("Retry-After"))
            _discard(resp)
            error = FetchError("HTTPStatus", f"HTTP {status} from {url!r}", status)
            if wait is not None and wait > _MAX_RETRY_AFTER:
                raise FetchError("HTTPStatus", f"HTTP {status} from {url!r} "
                                               f"(Retry-After {wait:.0f} s)", status)
            raise _Retryable(error, wait)
        if not 200 <= status < 300:
            _discard(resp)
            raise FetchError("HTTPStatus", f"HTTP {status} from {url!r}", status)

        cap = self.config.max_bytes
        too_large = FetchError("TooLarge", f"body of {url!r} exceeds {cap} bytes")
        length = resp.headers.get("Content-Length", "")
        if (length.strip().isdigit() and int(length) > cap
                and not resp.headers.get("Content-Encoding")):
            _discard(resp)
            raise too_large
        chunks: list[bytes] = []
        size = 0
        try:
            while True:
                if deadline.passed():
                    raise _Retryable(FetchError(
                        "Timeout", f"body of {url!r} not complete after "
                                   f"{self.config.timeout * _DEADLINE_FACTOR:g} s"))
                chunk = resp.read1(_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > cap:
                    raise too_large
                chunks.append(chunk)
        except BaseException:
            resp.close()
            resp.release_conn()
            raise
        if deadline.expired:    # the watchdog cut the connection: the body may be partial
            resp.close()
            resp.release_conn()
            raise _Retryable(FetchError("Timeout", f"body of {url!r} not complete in time"))
        resp.release_conn()
        return FetchResult(url=target.url, status=status, body=b"".join(chunks),
                           content_type=resp.headers.get("Content-Type"),
                           etag=resp.headers.get("ETag"),
                           last_modified=resp.headers.get("Last-Modified"),
                           not_modified=False)
