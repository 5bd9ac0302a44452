"""Fixtures: webhook receivers on loopback (stdlib http.server in a thread) and a temporary
reports folder with its history."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from webhook_server import WebhookServer

from runner.results import store


@pytest.fixture
def webhook() -> Iterator[WebhookServer]:
    server = WebhookServer()
    yield server
    server.close()


@pytest.fixture
def other_webhook() -> Iterator[WebhookServer]:
    """Another host: 127.0.0.2 is loopback too, but not the first hook's host."""
    server = WebhookServer(host="127.0.0.2")
    yield server
    server.close()


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    return tmp_path / "reports"


@pytest.fixture
def history(out_dir: Path) -> Iterator[sqlite3.Connection]:
    conn = store.connect(out_dir)
    yield conn
    conn.close()


@pytest.fixture
def logs() -> list[str]:
    return []
