"""Pages that misbehave on purpose, on 127.0.0.1, and `shopper` in its own process.

`PageServer` is a stdlib HTTP server on a free port. A test gives it routes: a page of HTML,
or a behaviour (`hang`, `reset`, `slow_headers`, ...) that a real site shows on a bad night.
Hanging handlers are released when the test ends, so nothing outlives it.
"""

from __future__ import annotations

import os
import socket
import struct
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHOPPER = ROOT / ".venv" / "bin" / "shopper"
HANG_LIMIT_S = 60.0  # a hanging handler gives up by itself after this, whatever happens

Behaviour = Callable[["PageHandler"], None]


class PageHandler(BaseHTTPRequestHandler):
    server: PageServer
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # quiet
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
        self.server.seen.append((self.command, self.path, dict(self.headers)))
        behaviour = self.server.routes.get(path)
        if behaviour is None:
            self.send(404, "<title>Not found</title><h1>Not found</h1>")
            return
        behaviour(self)

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
        self.seen: list[tuple[str, str, dict]] = []
        self.released = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    @property
    def port(self) -> int:
        return self.server_address[1]

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001 - quiet
        pass

    def page(self, path: str, html: str, status: int = 200,
             headers: dict[str, str] | None = None) -> None:
        self.routes[path] = lambda h: h.send(status, html, headers)

    def route(self, path: str, behaviour: Behaviour) -> None:
        self.routes[path] = behaviour

    def paths_seen(self) -> list[str]:
        return [path for _, path, _ in self.seen]

    # --- how a bad site behaves ---------------------------------------------------------

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


def free_port() -> int:
    with socket.socket() as sock:  # nobody listens there once it is closed
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def page(body: str, title: str = "Shop", head: str = "") -> str:
    return (f"<!doctype html><html><head><meta charset=utf-8><title>{title}</title>{head}"
            f"</head><body><main>{body}</main></body></html>")


# --- the command line, in its own process ------------------------------------------------

class Shopper:
    """`shopper …` in a subprocess, marked so its browser processes can be found afterwards."""

    def __init__(self, cwd: Path):
        self.cwd = cwd
        self.mark = f"fault-{uuid.uuid4().hex}"

    def __call__(self, *args: str, env: dict[str, str] | None = None, timeout: float = 120
                 ) -> subprocess.CompletedProcess:
        environment = {**os.environ, **(env or {}), "SHOPPER_FAULT_MARK": self.mark}
        return subprocess.run([str(SHOPPER), *args], capture_output=True, text=True,
                              timeout=timeout, cwd=self.cwd, env=environment)

    def python(self, code: str, *args: str, timeout: float = 60
               ) -> subprocess.CompletedProcess:
        environment = {**os.environ, "SHOPPER_FAULT_MARK": self.mark}
        return subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                              text=True, timeout=timeout, cwd=self.cwd, env=environment)

    def leftovers(self) -> list[int]:
        """Processes still alive that were started by these runs (browsers included)."""
        needle = f"SHOPPER_FAULT_MARK={self.mark}".encode()
        alive = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                if needle in (entry / "environ").read_bytes().split(b"\0"):
                    alive.append(int(entry.name))
            except OSError:
                continue
        return alive

    def wait_for_no_leftovers(self, within_s: float = 5.0) -> list[int]:
        deadline = time.monotonic() + within_s
        while (alive := self.leftovers()) and time.monotonic() < deadline:
            time.sleep(0.1)
        return alive
