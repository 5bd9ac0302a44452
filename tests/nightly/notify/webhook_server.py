"""A webhook receiver for tests: stdlib http.server on a loopback address, in a thread."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOOK_PATH = "/services/T0NOTIFY/B0HOOK/xoxb-hook-token-4f3a9c"
HANG = "hang"  # read the request, never answer
ENDLESS = "endless"  # answer 200, then a body that never ends


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.body)


class WebhookServer:
    """Records every request; answers from a queue of (status, headers) or HANG, then 200.

    `always` answers every request once the queue is empty (default 200)."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.received: list[Received] = []
        self.queue: list[tuple[int, dict[str, str]] | str] = []
        self.always: tuple[int, dict[str, str]] | str = (200, {})
        self.release = threading.Event()  # lets hanging handlers go at teardown
        self.lock = threading.Lock()
        self.host = host
        self.httpd = ThreadingHTTPServer((host, 0), self._handler())
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,),
                                       daemon=True)  # a quick shutdown at teardown
        self.thread.start()

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    def url(self, path: str = HOOK_PATH) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def respond(self, *answers: tuple[int, dict[str, str]] | int | str) -> None:
        self.queue.extend((a, {}) if isinstance(a, int) else a for a in answers)

    def bodies(self) -> list[dict]:
        return [request.json for request in self.received]

    def _next(self) -> tuple[int, dict[str, str]] | str:
        with self.lock:
            return self.queue.pop(0) if self.queue else self.always

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with server.lock:
                    server.received.append(Received(self.command, self.path,
                                                    dict(self.headers), body))
                answer = server._next()
                if answer == HANG:
                    server.release.wait(30)
                    return
                if answer == ENDLESS:
                    self._endless()
                    return
                status, headers = answer
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def _endless(self) -> None:
                self.send_response(200)
                self.send_header("Content-Length", str(10**12))
                self.end_headers()
                try:
                    while not server.release.wait(0.01):
                        self.wfile.write(b"x" * 65536)
                except OSError:
                    pass  # the client hung up: what a client should do

            do_POST = do_GET = _answer

            def log_message(self, *args) -> None:  # keep pytest's output clean
                pass

        return Handler

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
