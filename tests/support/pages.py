"""Pages for the tests, on 127.0.0.1: one stdlib HTTP server on a free port, whose routes a
test sets, and that stops with the test (the `pages` fixture, or `with loopback_pages()`).

A route is a page of HTML (`page`), a page that answers by how many times it was asked for
(`page_by_visit`: a flaky site, a site that goes down and comes back), or a behaviour that a
real site shows on a bad night (`hang`, `reset`, `slow_headers`, `headers_then_hang`,
`trickle`, or any function of the request). The server keeps what it saw: every request
(`seen`), and each path's visits once answered (`visits`, `wait_for_visit`), so a test can
wait until a journey stands on a page. A `gate` holds requests until several wait at once
(journeys in different processes finishing at the same moment). Hanging handlers are
released when the server stops, so nothing outlives the test.
"""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HANG_LIMIT_S = 60.0  # a hanging handler gives up by itself after this, whatever happens
GATE_LIMIT_S = 30.0  # a gate that never fills opens after this
NOT_FOUND = "<title>Not found</title><h1>Not found</h1>"

Behaviour = Callable[["PageHandler"], None]
# A page as a function of how many times its path has been asked for (1, 2, …): (status, html).
Answer = Callable[[int], tuple[int, str]]


class PageHandler(BaseHTTPRequestHandler):
    server: PageServer
    protocol_version = "HTTP/1.1"
    body: bytes = b""  # what a POST sent
    visit: int = 0  # this request is the n-th for its path

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._serve()

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve()

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        self.body = self.rfile.read(length) if length else b""
        self._serve()

    def _serve(self) -> None:
        path = self.path.split("?", 1)[0]
        self.visit = self.server.arrived(self.command, self.path, dict(self.headers))
        gate = self.server.gates.get(path)
        if gate is not None and self.command == "GET":
            try:
                gate.wait(GATE_LIMIT_S)
            except threading.BrokenBarrierError:
                pass
        behaviour = self.server.routes.get(path)
        if behaviour is None:
            self.send(404, NOT_FOUND)
        else:
            behaviour(self)
        self.server.visited(path)

    def send(self, status: int, body: str | bytes, headers: dict[str, str] | None = None
             ) -> None:
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        for name, value in {"Content-Type": "text/html; charset=utf-8", **(headers or {})
                            }.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


class PageServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), PageHandler)
        self.routes: dict[str, Behaviour] = {}
        self.gates: dict[str, threading.Barrier] = {}
        self.seen: list[tuple[str, str, dict]] = []  # (method, path and query, headers)
        self.asked: dict[str, int] = {}  # requests per path, counted as they arrive
        self.visits: dict[str, int] = {}  # requests per path, counted once answered
        self.released = threading.Event()
        self._changed = threading.Condition()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    @property
    def port(self) -> int:
        return self.server_address[1]

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001 - quiet
        pass

    # --- what a test sets -----------------------------------------------------------------

    def page(self, path: str, html: str, status: int = 200,
             headers: dict[str, str] | None = None) -> None:
        self.routes[path] = lambda h: h.send(status, html, headers)

    def page_by_visit(self, path: str, answer: Answer) -> None:
        self.routes[path] = lambda h: h.send(*answer(h.visit))

    def route(self, path: str, behaviour: Behaviour) -> None:
        self.routes[path] = behaviour

    def gate(self, path: str, parties: int) -> None:
        """Hold each GET of `path` until `parties` of them wait, then answer all at once."""
        self.gates[path] = threading.Barrier(parties)

    # --- what a test reads ----------------------------------------------------------------

    def arrived(self, method: str, path: str, headers: dict) -> int:
        with self._changed:
            self.seen.append((method, path, headers))
            path = path.split("?", 1)[0]
            self.asked[path] = self.asked.get(path, 0) + 1
            return self.asked[path]

    def visited(self, path: str) -> None:
        with self._changed:
            self.visits[path] = self.visits.get(path, 0) + 1
            self._changed.notify_all()

    def wait_for_visit(self, path: str, within_s: float, count: int = 1) -> bool:
        """True once `path` was answered `count` times: the browser has the page."""
        with self._changed:
            return self._changed.wait_for(lambda: self.visits.get(path, 0) >= count, within_s)

    def paths_seen(self) -> list[str]:
        return [path for _, path, _ in self.seen]

    # --- how a bad site behaves -----------------------------------------------------------

    def hang(self, handler: PageHandler) -> None:
        """Accept the connection, read the request, never answer."""
        self.released.wait(HANG_LIMIT_S)
        handler.close_connection = True

    def reset(self, handler: PageHandler) -> None:
        """Tear the connection down (TCP RST) before any response."""
        connection = handler.connection
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.close_connection = True
        connection.close()

    def slow_headers(self, seconds: float, html: str = "<h1>Finally</h1>") -> Behaviour:
        """Answer, but only after `seconds` (or when the test ends)."""
        def behave(handler: PageHandler) -> None:
            self.released.wait(seconds)
            try:
                handler.send(200, html)
            except OSError:
                pass
        return behave

    def headers_then_hang(self, handler: PageHandler) -> None:
        """Say 200 and promise a body that never comes."""
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        handler.wfile.write(b"<html><body><h1>Loading")
        handler.wfile.flush()
        self.released.wait(HANG_LIMIT_S)
        handler.close_connection = True

    def trickle(self, every_s: float = 0.2) -> Behaviour:
        """A slow-loris answer: one byte of the status line at a time, forever."""
        def behave(handler: PageHandler) -> None:
            line = b"HTTP/1.1 200 OK\r\nX-Padding: " + b"a" * 10_000
            for byte in line:
                if self.released.wait(every_s):
                    break
                try:
                    handler.wfile.write(bytes([byte]))
                    handler.wfile.flush()
                except OSError:
                    break
            handler.close_connection = True
        return behave


@contextmanager
def loopback_pages() -> Iterator[PageServer]:
    """A `PageServer` answering from a thread until the block ends; then hanging handlers
    are released and the port is closed."""
    server = PageServer()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.released.set()
        server.shutdown()
        server.server_close()


def free_port() -> int:
    with socket.socket() as sock:  # nobody listens there once it is closed
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def page(body: str, title: str = "Shop", head: str = "", lang: str | None = "en") -> str:
    """A page as real sites write it: a language (None: a page that declares none), a title."""
    declared = f' lang="{lang}"' if lang else ""
    return (f"<!doctype html><html{declared}><head><meta charset=utf-8><title>{title}</title>"
            f"{head}</head><body><main>{body}</main></body></html>")
