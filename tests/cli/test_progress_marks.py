"""Issue 16 item 6 (the terminal): each journey's progress line says which of four verdicts
it came to, each with its own mark: passed, passed with findings (the worst severity named),
failed, not measured. A passed journey with a major missing acknowledgement once showed a
plain ✓."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from runner.cli import verdict
from runner.results.model import Finding, RunResult

FORM = """<!doctype html><title>Contact</title>
<form method=post action=/sent><textarea id=msg name=msg></textarea><button>Send</button></form>"""


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.browser
def test_each_verdict_has_its_own_mark_in_the_progress_lines(tmp_path: Path, pages):
    # An accessible page (a language, a title): a clean pass.
    pages.page("/", "<html lang=en><title>Help</title><h1>Help</h1><p>How can we help?</p>")
    pages.page("/contact", FORM)
    pages.page("/sent", "<title>Contact</title><p>Form processed.</p>")  # no thanks at all
    pages.page("/broken", "<title>Error</title><h1>Internal Server Error</h1>", status=500)
    folder = tmp_path / "journeys"
    folder.mkdir()
    (folder / "help.yaml").write_text("name: Help page\nsteps:\n  - goto: /\n"
                                      "  - expect: {text: How can we help}\n")
    (folder / "contact.yaml").write_text(
        "name: Contact form\nchannel: contact-form\nsteps:\n  - goto: /contact\n"
        "  - fill: {'#msg': 'Where is my order?'}\n  - click: {role: button, name: Send}\n"
        "  - expect_ack: {within: 10s}\n")
    (folder / "broken.yaml").write_text("name: Broken page\nsteps:\n  - goto: /broken\n")
    (folder / "down.yaml").write_text(
        f"name: Site down\nsteps:\n  - goto: http://127.0.0.1:{closed_port()}/\n")
    done = subprocess.run(
        [sys.executable, "-m", "runner.cli", "run", str(folder), "--base-url", pages.url,
         "--out", str(tmp_path / "out"), "--trace", "off", "--workers", "2"],
        capture_output=True, text=True, timeout=180, cwd=tmp_path)
    lines = {line.split("  ")[0][3:]: line for line in done.stdout.splitlines()
             if line.startswith(" ") and "  " in line}
    assert lines["Help page"].startswith(" ✓ Help page  passed  "), done.stdout
    assert lines["Contact form"].startswith(
        " ⚠ Contact form  passed with findings, worst major  "), done.stdout
    assert lines["Broken page"].startswith(" ✗ Broken page  failed  "), done.stdout
    assert lines["Site down"].startswith(" ○ Site down  not measured (error)  "), done.stdout
    assert done.returncode == 1  # a failed journey: --fail-on and exit codes unchanged


def result(status: str, *severities: str) -> RunResult:
    return RunResult(run_id="r", journey={"id": "j", "name": "J", "channel": "other",
                                          "file": "j.yaml"},
                     persona={"id": None, "name": None}, journey_run_id="j-r-1",
                     started_at="2026-12-01T02:00:00.000Z", status=status,
                     findings=[Finding(code="x", category="friction", severity=s, step=None,
                                       message="m", principle="p") for s in severities])


def test_verdicts_of_every_status():
    assert verdict(result("passed")) == ("✓", "passed")
    assert verdict(result("passed", "minor", "major", "info")) == (
        "⚠", "passed with findings, worst major")
    assert verdict(result("flaky", "minor")) == ("~", "flaky with findings, worst minor")
    assert verdict(result("failed", "critical")) == ("✗", "failed")
    assert verdict(result("error")) == ("○", "not measured (error)")
    assert verdict(result("skipped"))[0] != verdict(result("aborted"))[0]
