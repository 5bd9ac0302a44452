"""Fault injection fixtures: misbehaving pages on 127.0.0.1 (see fault_pages.py), the CLI in
its own process, and the shared walker with one more promise checked after every test: when
the journey is over, the engine has closed its browser context.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fault_pages import PageServer, Shopper


@pytest.fixture
def pages() -> Iterator[PageServer]:
    server = PageServer()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.released.set()
        server.shutdown()
        server.server_close()


@pytest.fixture
def walk(walk, shared_browser):
    """The shared walker, checking after each test that no browser context was left open."""
    browser, _ = shared_browser
    yield walk
    assert browser.contexts == [], "the engine left a browser context open"


@pytest.fixture
def shopper(tmp_path: Path) -> Shopper:
    return Shopper(tmp_path)
