"""`shopper run --browser-endpoint`: journeys walked in a browser another process serves.

The server is runner/browser_server.py (the Node bundled with Playwright running
`chromium.launchServer` on the system Chromium); `shopper` runs in its own process, as it
would on a CI machine borrowing a browser box.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from runner import browser_server
from runner.browser_server import BrowserServer

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SHOPPER = Path(sys.executable).parent / "shopper"


@dataclass(frozen=True)
class Member:
    """A process seen in /proc, told apart from a later one reusing its pid by its start."""

    pid: int
    name: str
    started: int

    def alive(self) -> bool:
        stat = _stat(self.pid)
        return stat is not None and stat[2] != "Z" and stat[3] == self.started


def _stat(pid: int) -> tuple[str, int, str, int] | None:
    """(name, parent, state, start time) of a process, or None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rfind(")") + 2:].split()
    return text[text.find("(") + 1:text.rfind(")")], int(fields[1]), fields[0], int(fields[19])


def process_tree(pid: int) -> list[Member]:
    """`pid` and every process below it."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))):
            parents.setdefault(stat[1], []).append(int(entry.name))
    tree, waiting = [], [pid]
    while waiting:
        current = waiting.pop()
        if stat := _stat(current):
            tree.append(Member(current, stat[0], stat[3]))
        waiting += parents.get(current, [])
    return tree


def shopper(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(SHOPPER), *args], capture_output=True, text=True, timeout=180,
                          cwd=ROOT)


def test_contact_journey_walks_in_a_served_browser_and_nothing_outlives_the_server(
        tmp_path, site, mail_sink):
    out = tmp_path / "reports"
    server = BrowserServer()
    with server as endpoint:
        assert endpoint.startswith("ws://127.0.0.1:")
        assert server.source == "system: /usr/bin/chromium"
        done = shopper("run", "journeys/contact_form.yaml", "--base-url", site.url,
                       "--browser-endpoint", endpoint, "--out", str(out), "--trace", "off",
                       # the session's sink receives the demo site's mail; read its Maildir
                       "--mailbox", f"maildir:{mail_sink.maildir_path}")
        node = server.pid
        served = process_tree(node)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"(remote: {endpoint})" in done.stdout
    result = json.loads(next((out / "runs").glob("*/contact_form.json")).read_text())
    assert result["status"] == "passed"
    assert result["browser"]["source"] == f"remote: {endpoint}"
    assert result["browser"]["version"].startswith("156.")  # Debian's Chromium, served
    email = next(s for s in result["steps"] if s["action"] == "expect_email")
    assert email["status"] == "passed"
    # The server really was node with Chromium under it, and none of them is left.
    assert served[0].pid == node and any(m.name == "chromium" for m in served[1:])
    assert [m for m in served if m.alive()] == []
    assert server.process is None


def test_browser_server_stops_cleanly_when_nobody_connected():
    server = BrowserServer()
    with server:
        served = process_tree(server.pid)
    assert any(member.name == "chromium" for member in served)
    assert [m for m in served if m.alive()] == []


def test_a_server_deaf_to_the_polite_close_is_killed_with_everything_under_it(monkeypatch):
    monkeypatch.setattr(browser_server, "STOP_TIMEOUT_S", 1.0)
    monkeypatch.setattr(browser_server, "KILL_TIMEOUT_S", 1.0)
    server = BrowserServer()
    with server:
        served = process_tree(server.pid)
        for member in served:  # frozen: deaf to stdin closing and to SIGTERM alike
            os.kill(member.pid, signal.SIGSTOP)
    assert any(member.name == "chromium" for member in served)
    assert [m for m in served if m.alive()] == []


def test_browser_server_without_a_browser_fails_in_one_line(tmp_path):
    with pytest.raises(browser_server.BrowserUnavailable) as failed:
        BrowserServer(executable_path=str(tmp_path / "no-chromium")).__enter__()
    assert str(failed.value) == (f"{tmp_path / 'no-chromium'} does not exist: point "
                                 "executable_path at a Chromium executable")


def test_unreachable_endpoint_exits_3_with_one_clear_line(tmp_path):
    with socket.socket() as sock:  # a free port: nobody listens there once it is closed
        sock.bind(("127.0.0.1", 0))
        nowhere = f"ws://127.0.0.1:{sock.getsockname()[1]}/none"
    done = shopper("run", "journeys/contact_form.yaml", "--base-url", "http://127.0.0.1:9",
                   "--browser-endpoint", nowhere, "--out", str(tmp_path / "reports"))
    assert done.returncode == 3
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"shopper: could not reach remote: {nowhere}: ")
    assert "ECONNREFUSED" in lines[0]
