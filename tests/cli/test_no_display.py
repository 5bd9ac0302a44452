"""`--headed`, `--debug` and `shopper record` on a machine without a display say so in one
line that names the missing DISPLAY and suggests xvfb-run, and exit 3, before any browser is
started. (A system Chromium left to fail said "/usr/bin/chromium: 9: [: 25276071936:
unexpected operator; is it a browser?".)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from runner.walk.display import display_problem

FLAGS = [["run", "JOURNEY", "--headed"], ["run", "JOURNEY", "--debug"],
         ["schedule", "JOURNEY", "--headed", "--once"],
         ["record", "http://127.0.0.1:9/contact"]]


@pytest.mark.parametrize("command", FLAGS, ids=lambda c: " ".join(c[:1] + c[2:3]))
def test_a_window_without_a_display_is_one_line_that_suggests_xvfb_run(command, tmp_path):
    journey = tmp_path / "journeys" / "help.yaml"
    journey.parent.mkdir()
    journey.write_text("name: Help\nschedule: hourly\nsteps:\n  - goto: http://127.0.0.1:9/\n")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    argv = [str(journey) if part == "JOURNEY" else part for part in command]
    done = subprocess.run([sys.executable, "-m", "runner.cli", *argv, "--out",
                           str(tmp_path / "out")] if command[0] != "record" else
                          [sys.executable, "-m", "runner.cli", *argv, "-o",
                           str(tmp_path / "journeys" / "rec.yaml")],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert done.returncode == 3, done.stdout + done.stderr
    [line] = done.stderr.splitlines()
    assert "needs a display" in line and "DISPLAY" in line and "xvfb-run shopper" in line
    assert "is it a browser" not in line
    assert not (tmp_path / "out").exists()  # nothing started, nothing written
    assert not (tmp_path / "journeys" / "rec.yaml").exists()


def test_a_display_is_looked_for_only_where_windows_need_one():
    assert display_problem({}, "linux") is not None
    assert display_problem({"DISPLAY": ":99"}, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display_problem({}, "darwin") is None
    assert display_problem({}, "win32") is None


def test_record_headless_needs_no_display(tmp_path: Path):
    """--headless is how record runs on a machine without one: it gets past the check (and
    here stops at an address Chromium will not open, which it says in one line)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    done = subprocess.run([sys.executable, "-m", "runner.cli", "record", "--headless",
                           "http://127.0.0.1:9/", "-o", str(tmp_path / "rec.yaml")],
                          capture_output=True, text=True, env=env, timeout=60,
                          stdin=subprocess.DEVNULL)
    assert "needs a display" not in done.stderr
    assert done.stderr.startswith("shopper: could not open http://127.0.0.1:9/: ")
    assert len(done.stderr.splitlines()) == 1 and done.returncode == 2
