"""`shopper run --browser-endpoint`: journeys walked in a browser another process serves.

The server is runner/nightly/browser_server.py (the Node bundled with Playwright running
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
from pathlib import Path

import pytest

from runner.nightly import browser_server
from runner.nightly.browser_server import BrowserServer
from runner.nightly.processes import Member, member, members, name_of, still_running
from runner.walk.browser import pick_browser

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SHOPPER = Path(sys.executable).parent / "shopper"


def process_tree(pid: int) -> list[tuple[Member, str]]:
    """`pid` and every process below it, each with its command name."""
    top = member(pid)
    tree = ([top] if top else []) + members(pid)
    return [(m, name_of(m.pid)) for m in tree]


def shopper(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(SHOPPER), *args], capture_output=True, text=True, timeout=180,
                          cwd=ROOT)


def test_contact_journey_walks_in_a_served_browser_and_nothing_outlives_the_server(
        tmp_path, site, mail_sink):
    out = tmp_path / "reports"
    server = BrowserServer()
    with server as endpoint:
        assert endpoint.startswith("ws://127.0.0.1:")
        # The server serves headless: the lightest build installed.
        assert server.source == pick_browser("chromium", None, None, lambda: None).source
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
    assert served[0][0].pid == node
    assert any(name.startswith(("chrom", "headless")) for _, name in served[1:])
    assert still_running([m for m, _ in served]) == []
    assert server.process is None


def test_browser_server_stops_cleanly_when_nobody_connected():
    server = BrowserServer()
    with server:
        served = process_tree(server.pid)
    assert any(name.startswith(("chrom", "headless")) for _, name in served)
    assert still_running([m for m, _ in served]) == []


def test_a_server_deaf_to_the_polite_close_is_killed_with_everything_under_it(monkeypatch):
    monkeypatch.setattr(browser_server, "STOP_TIMEOUT_S", 1.0)
    monkeypatch.setattr(browser_server, "KILL_TIMEOUT_S", 1.0)
    server = BrowserServer()
    with server:
        served = process_tree(server.pid)
        for seen, _ in served:  # frozen: deaf to stdin closing and to SIGTERM alike
            os.kill(seen.pid, signal.SIGSTOP)
    assert any(name.startswith(("chrom", "headless")) for _, name in served)
    assert still_running([m for m, _ in served]) == []


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
