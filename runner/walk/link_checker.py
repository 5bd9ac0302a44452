"""Does this link still lead somewhere? Plain HTTP, no browser: the `check_links` step's engine.

Each link is requested the cheap way first (HEAD), and again with GET when a server cannot
answer HEAD (it failed, or said 405/501); the GET reads the status line and headers only.
Redirects are followed here, one hop at a time, so every hop is held to the same rules as
the link itself:

- only `http` and `https` are requested;
- with `same_origin`, a hop to another origin is not followed: the site's own link did its
  part by sending the customer on;
- a host that resolves to a private, loopback or link-local address is never requested,
  unless it is the page's own host (a site under test on 127.0.0.1 or a staging box) or one
  the user allowed (`allow_hosts`): a page must not be able to point the tool at the
  machines around it. The address is checked again when the connection is made, and the
  connection goes to the address that was checked (a name that answers "public" to the
  check and "127.0.0.1" to the connection, DNS rebinding, gets nowhere);
- every request ends by its deadline, however slowly the server trickles its answer: a
  watchdog closes the connection (a read timeout alone restarts with every byte).

A link is *broken* when it answers 4xx/5xx or cannot be reached at all (refused, unknown
host, timed out, more than five redirects or a loop). A link the rules forbid us to request
is recorded with the reason, and is not broken: we do not know.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookiejar import DefaultCookiePolicy
from urllib.parse import urljoin, urlsplit

import requests
from urllib3 import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import NameResolutionError, NewConnectionError

MAX_REDIRECTS = 5
CONNECT_TIMEOUT_S = 5.0
READ_TIMEOUT_S = 5.0
LINK_BUDGET_S = 15.0  # all the requests for one link, redirects included
WORKERS = 8
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
HEAD_UNSUPPORTED = frozenset({405, 501})
HTTP_SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}
IDENTITY_HEADER = "X-Mystery-Shopper"

Resolver = Callable[[str], list[str]]


@dataclass
class LinkCheck:
    """What one link answered, hop by hop."""

    url: str
    status: int | None = None  # the last answer's status
    error: str | None = None  # why it could not be reached: the link is broken
    redirects: list[str] = field(default_factory=list)  # every URL it sent us on to
    not_followed: str | None = None  # why the tool stopped without judging (not broken)
    method: str | None = None  # of the last request: HEAD or GET

    @property
    def broken(self) -> bool:
        return self.error is not None or (self.status is not None and self.status >= 400)


@dataclass
class LinkRules:
    """Whom the checker may ask, and how it introduces itself."""

    page_url: str
    same_origin: bool = True
    allow_hosts: Iterable[str] = ()
    own_origin: str | None = None  # the journey's site: the only one told who we are
    run_id: str | None = None  # the X-Mystery-Shopper value; None sends no header
    user_agent: str | None = None
    connect_timeout_s: float = CONNECT_TIMEOUT_S
    read_timeout_s: float = READ_TIMEOUT_S
    link_budget_s: float = LINK_BUDGET_S
    deadline: float | None = None  # perf_counter() after which nothing more is requested
    # Hosts requested whatever they resolve to: the page's, the journey's and allow_hosts.
    trusted_hosts: frozenset[str] = field(init=False, default=frozenset())

    def __post_init__(self) -> None:
        own = {_host(self.page_url)} | ({_host(self.own_origin)} if self.own_origin else set())
        self.trusted_hosts = frozenset(h.lower() for h in self.allow_hosts) | own


def origin_of(url: str) -> str:
    """`scheme://host[:port]`, the default port left out, as browsers compare origins."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 literal
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is not None and port != DEFAULT_PORTS.get(parts.scheme):
        host = f"{host}:{port}"
    return f"{parts.scheme}://{host}"


def check_links(urls: list[str], rules: LinkRules, *, workers: int = WORKERS,
                resolve: Resolver | None = None) -> list[LinkCheck]:
    """Check each URL; the answers come back in the order the URLs were given."""
    if not urls:
        return []
    resolve = resolve or _resolve
    with requests.Session() as http:
        adapter = _GuardedAdapter(_AddressGuard(rules, resolve), pool_maxsize=workers,
                                  max_retries=0)
        http.mount("http://", adapter)
        http.mount("https://", adapter)
        # No cookies between links (the browser's are not ours to send) and no .netrc
        # credentials handed to whatever host a page links to.
        http.cookies.set_policy(_NoCookies())
        http.trust_env = False
        checker = _Checker(http, rules, resolve)
        with ThreadPoolExecutor(max_workers=min(workers, len(urls))) as pool:
            return list(pool.map(checker.check, urls))


class _Checker:
    def __init__(self, http: requests.Session, rules: LinkRules, resolve: Resolver):
        self.http, self.rules, self.resolve = http, rules, resolve
        self.page_origin = origin_of(rules.page_url)
        self.own_origin = origin_of(rules.own_origin) if rules.own_origin else None

    def check(self, url: str) -> LinkCheck:
        result = LinkCheck(url=url)
        deadline = time.perf_counter() + self.rules.link_budget_s
        if self.rules.deadline is not None:
            deadline = min(deadline, self.rules.deadline)
        seen = {url}
        current = url
        while True:
            refusal = self._refusal(current, first=current == url)
            if refusal is not None:
                result.not_followed = refusal
                return result
            if time.perf_counter() >= deadline:
                if result.status is None and not result.redirects:
                    result.not_followed = "not checked: the time for checking links ran out"
                else:
                    result.error = "timed out following its redirects"
                return result
            try:
                status, location, method = self._ask(current, deadline)
            except _PrivateAddress as refused:
                result.not_followed = str(refused)
                return result
            except requests.RequestException as exc:
                result.error = describe_failure(exc)
                return result
            result.status, result.method = status, method
            if status not in REDIRECT_STATUSES or not location:
                return result
            target = urljoin(current, location.strip())
            target = target.split("#", 1)[0]
            if target in seen:
                result.redirects.append(target)
                result.error = "redirect loop"
                return result
            if len(result.redirects) >= MAX_REDIRECTS:
                result.error = f"too many redirects (more than {MAX_REDIRECTS})"
                return result
            result.redirects.append(target)
            seen.add(target)
            current = target

    def _refusal(self, url: str, *, first: bool) -> str | None:
        """Why this hop must not be requested, or None."""
        parts = urlsplit(url)
        if parts.scheme not in HTTP_SCHEMES:
            return f"not followed: {parts.scheme or 'no'} scheme (only http and https)"
        if not parts.hostname:
            return "not followed: no host"
        if self.rules.same_origin and origin_of(url) != self.page_origin:
            return "not followed: it leaves the site" if not first else \
                "not checked: another site"
        host = parts.hostname.lower()
        if host in self.rules.trusted_hosts:
            return None
        try:
            addresses = self.resolve(host)
        except OSError:
            return None  # the request itself will say the host is unknown
        if any(_is_internal(address) for address in addresses):
            return _private(host)
        return None

    def _ask(self, url: str, deadline: float) -> tuple[int, str | None, str]:
        headers = self._headers_for(url)
        try:
            with _Watchdog(deadline), self.http.head(url, headers=headers,
                                                     allow_redirects=False,
                                                     timeout=self._timeout(deadline)) as answer:
                if answer.status_code not in HEAD_UNSUPPORTED:
                    return answer.status_code, answer.headers.get("Location"), "HEAD"
        except requests.RequestException as exc:
            if _never_connected(exc) or time.perf_counter() >= deadline:
                raise
        # stream=True: the status line and headers are all we need; the body stays unread.
        with _Watchdog(deadline), self.http.get(url, headers=headers, allow_redirects=False,
                                                stream=True,
                                                timeout=self._timeout(deadline)) as answer:
            return answer.status_code, answer.headers.get("Location"), "GET"

    def _timeout(self, deadline: float) -> tuple[float, float]:
        left = max(0.05, deadline - time.perf_counter())
        return min(self.rules.connect_timeout_s, left), min(self.rules.read_timeout_s, left)

    def _headers_for(self, url: str) -> dict[str, str]:
        headers = {}
        if self.rules.user_agent:
            headers["User-Agent"] = self.rules.user_agent
        if self.rules.run_id and self.own_origin and origin_of(url) == self.own_origin:
            headers[IDENTITY_HEADER] = self.rules.run_id
        return headers


def _private(host: str) -> str:
    return f"not followed: {host} is a private address (add it to allow_hosts to check it)"


class _PrivateAddress(Exception):  # noqa: N818 - a refusal, raised from inside urllib3
    """The host resolved to a private address when the connection was about to be made."""


class _AddressGuard:
    """Where a connection to `host` may go: the address it resolved to, checked."""

    def __init__(self, rules: LinkRules, resolve: Resolver):
        self.rules, self.resolve = rules, resolve

    def address_for(self, host: str) -> str | None:
        """The address to connect to; None: connect as usual (a host the user trusts)."""
        if host.lower() in self.rules.trusted_hosts:
            return None
        addresses = self.resolve(host)  # socket.gaierror: the host does not exist
        if not addresses:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        if any(_is_internal(address) for address in addresses):
            raise _PrivateAddress(_private(host))
        return addresses[0]


def _guarded(connection: type[HTTPConnection], guard: _AddressGuard) -> type[HTTPConnection]:
    """`connection`, connecting only to an address `guard` allows and watched by the
    running request's `_Watchdog`."""

    class Guarded(connection):  # type: ignore[misc, valid-type]
        def _new_conn(self):  # noqa: ANN202 - urllib3's hook
            host = self._dns_host
            try:
                address = guard.address_for(host)
            except socket.gaierror as exc:
                raise NameResolutionError(self.host, self, exc) from exc
            if address is None:
                return super()._new_conn()
            self._dns_host = address  # connect to the address that was checked
            try:
                return super()._new_conn()
            finally:
                self._dns_host = host

        def connect(self) -> None:
            _Watchdog.watch(self)
            super().connect()

        def request(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
            _Watchdog.watch(self)
            super().request(*args, **kwargs)

    return Guarded


class _GuardedAdapter(requests.adapters.HTTPAdapter):
    def __init__(self, guard: _AddressGuard, **kwargs) -> None:  # noqa: ANN003
        self.guard = guard
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().init_poolmanager(*args, **kwargs)
        guard = self.guard
        http = type("GuardedHTTPPool", (HTTPConnectionPool,),
                    {"ConnectionCls": _guarded(HTTPConnection, guard)})
        https = type("GuardedHTTPSPool", (HTTPSConnectionPool,),
                     {"ConnectionCls": _guarded(HTTPSConnection, guard)})
        self.poolmanager.pool_classes_by_scheme = {"http": http, "https": https}


class _Watchdog:
    """Ends a request at its deadline: closes the connection it uses, then says "timed out".

    Socket timeouts bound each read, not the answer: a server sending one byte a second
    would hold a request for ever. Connections announce themselves (`watch`) to the watchdog
    of the request running in their thread.
    """

    _running = threading.local()
    GRACE_S = 0.05  # the per-read timeouts usually end a plain hang first, with their words

    def __init__(self, deadline: float):
        self.deadline = deadline
        self.connections: list[HTTPConnection] = []
        self.expired = False
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None

    @classmethod
    def watch(cls, connection: HTTPConnection) -> None:
        watchdog = getattr(cls._running, "current", None)
        if watchdog is not None:
            with watchdog._lock:
                watchdog.connections.append(connection)
                if watchdog.expired:
                    watchdog._close(connection)

    def __enter__(self) -> _Watchdog:
        _Watchdog._running.current = self
        left = max(0.0, self.deadline - time.perf_counter()) + self.GRACE_S
        self._timer = threading.Timer(left, self._expire)
        self._timer.daemon = True
        self._timer.start()
        return self

    def __exit__(self, kind, error, trace) -> None:  # noqa: ANN001
        self._timer.cancel()
        _Watchdog._running.current = None
        # Expired: whatever came back is cut short (http.client takes a connection closed
        # mid-headers for their end, so a trickled "200" would look like an answer).
        if self.expired and not isinstance(error, requests.Timeout):
            raise requests.Timeout("the answer did not end by its deadline") from error

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for connection in self.connections:
                self._close(connection)

    @staticmethod
    def _close(connection: HTTPConnection) -> None:
        sock = getattr(connection, "sock", None)
        if sock is None:
            return
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def describe_failure(exc: requests.RequestException) -> str:
    """The reason a link could not be reached, in a few plain words."""
    if isinstance(exc, requests.Timeout):
        return "timed out"
    if isinstance(exc, requests.exceptions.SSLError):
        return "its secure connection failed (certificate or TLS error)"
    if isinstance(exc, requests.ConnectionError):
        reason = _reason(exc)
        text = str(reason or exc)
        if "Name or service not known" in text or "NameResolution" in type(reason).__name__ \
                or "nodename nor servname" in text or "getaddrinfo" in text:
            return "its host name does not exist (DNS)"
        if "refused" in text.lower():
            return "connection refused"
        if isinstance(reason, NewConnectionError):
            return "could not connect"
        return "the connection failed"
    if isinstance(exc, requests.exceptions.InvalidURL | requests.exceptions.InvalidSchema):
        return "not a valid address"
    return f"the request failed ({type(exc).__name__})"


def _reason(exc: requests.RequestException) -> BaseException | None:
    inner = exc.args[0] if exc.args else None
    return getattr(inner, "reason", inner) if isinstance(inner, BaseException) else None


def _never_connected(exc: requests.RequestException) -> bool:
    """A failure before any HTTP was spoken: asking again with GET cannot help."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    return isinstance(exc, requests.ConnectionError) and isinstance(_reason(exc),
                                                                    NewConnectionError)


def _resolve(host: str) -> list[str]:
    return [info[4][0] for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)]


def _is_internal(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved
            or ip.is_unspecified or ip.is_multicast)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


class _NoCookies(DefaultCookiePolicy):
    def set_ok(self, cookie, request) -> bool:  # noqa: ANN001 - cookielib's signature
        return False
