"""Fixtures for the nightly machinery: small purpose-built pages, journeys written inline.

The pages are served on 127.0.0.1 by a stdlib server whose routes a test sets; each route
counts its visits, so a page can answer differently the second time (a flaky site).
"""

from __future__ import annotations

import os
import textwrap
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from runner.config import Settings, load_settings
from runner.journey.load import load_journeys
from runner.journey.model import Journey

# A page is a function of how many times it has been asked for (1, 2, …): (status, html).
Page = Callable[[int], tuple[int, str]]


@dataclass
class Pages:
    url: str = ""
    routes: dict[str, Page] = field(default_factory=dict)
    visits: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, path: str) -> tuple[int, str]:
        with self.lock:
            self.visits[path] = self.visits.get(path, 0) + 1
            count = self.visits[path]
        page = self.routes.get(path)
        return page(count) if page else (404, "<title>Not found</title><h1>Not found</h1>")


@pytest.fixture
def pages() -> Iterator[Pages]:
    served = Pages()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            status, html = served.answer(self.path.split("?")[0])
            body = html.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    served.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield served
    server.shutdown()
    server.server_close()


@dataclass
class Journeys:
    folder: Path
    settings: Settings

    def write(self, name: str, text: str) -> Path:
        path = self.folder / f"{name}.yaml"
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def load(self, *names: str) -> list[Journey]:
        files = [self.folder / f"{name}.yaml" for name in names]
        loaded = load_journeys(files, self.settings, os.environ, secrets_required=True)
        assert not loaded.errors, [e.render() for e in loaded.errors]
        return loaded.journeys


@pytest.fixture
def journeys(tmp_path: Path) -> Journeys:
    folder = tmp_path / "journeys"
    folder.mkdir()
    return Journeys(folder, load_settings(None, os.environ))
