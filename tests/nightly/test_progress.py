"""Live progress: while journeys walk, each worker's journey, the step it is on and for how
long, how many are done of how many, and the retries. On a terminal a block redrawn in
place under the verdict lines; in a CI log plain lines, one per step begun and per retry.
(A 53 s journey once printed nothing until it ended.)"""

from __future__ import annotations

import io
import os
import pty
import re
import select
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from runner.nightly.progress import LiveProgress, Progress, progress_for
from runner.nightly.tasks import Task
from runner.results.model import RunResult


class Journey:
    def __init__(self, name: str, steps: int) -> None:
        self.name, self.steps = name, [object()] * steps


class Options:
    attempt = 1


def task(key: int, name: str, steps: int = 3) -> Task:
    return Task(key, Journey(name, steps), Options())  # type: ignore[arg-type]


def result(name: str, status: str = "passed", attempt: int = 1) -> RunResult:
    return RunResult(run_id="r", journey={"id": name, "name": name, "channel": "other",
                                          "file": "j.yaml"},
                     persona={"id": None, "name": None}, journey_run_id="j-r-1",
                     started_at="2026-12-01T02:00:00.000Z", status=status, attempt=attempt,
                     error="no connection to the site" if status == "error" else None)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_lines_say_worker_journey_step_elapsed_and_count():
    out, clock = io.StringIO(), Clock()
    progress = Progress(total=2, out=out, clock=clock)
    contact, refund = task(1, "Contact form"), task(2, "Refund", steps=5)
    progress.heard("started", 1, contact, {})
    progress.heard("started", 2, refund, {})
    clock.now += 1.25
    progress.heard("step", 1, contact, {"index": 1, "name": "Fill in the form"})
    progress.retrying(refund, result("Refund", "error"))
    progress.finished(contact, result("Contact form"),
                      lambda r: print(f" ✓ {r.journey['name']}  passed", file=out))
    assert out.getvalue().splitlines() == [
        "· [0/2 done] w1 Contact form: step 2/3 Fill in the form  1.2 s",
        "↻ Refund: attempt 1 ended error (no connection to the site); walking it again "
        "(attempt 2)",
        " ✓ Contact form  passed",
    ]
    assert "\x1b" not in out.getvalue()  # nothing a CI log shows as garbage


def test_on_a_terminal_the_block_is_redrawn_in_place_under_the_verdict_lines():
    out, clock = Terminal(), Clock()
    progress = progress_for(2, out)
    assert isinstance(progress, LiveProgress)
    progress.clock = clock
    contact, refund = task(1, "Contact form"), task(2, "Refund", steps=5)
    progress.heard("started", 1, contact, {})
    progress.heard("started", 2, refund, {})
    progress.heard("step", 2, refund, {"index": 0, "name": "goto /refund"})
    clock.now += 53.0
    progress.tick()
    screen = out.getvalue().split("\x1b[3F\x1b[J")[-1]  # what the last redraw left
    assert screen.splitlines() == ["  0/2 journeys done",
                                   "  w1 Contact form: starting  53.0 s",
                                   "  w2 Refund: step 1/5 goto /refund  53.0 s"]
    progress.retrying(refund, result("Refund", "error"))
    progress.finished(contact, result("Contact form"),
                      lambda r: print(" ✓ Contact form  passed", file=out))
    tail = out.getvalue()
    # The verdict line is printed where the block was, and the block comes back under it.
    assert tail.endswith(" ✓ Contact form  passed\n  1/2 journeys done, 1 retry\n")
    progress.close()
    assert out.getvalue().endswith("\x1b[1F\x1b[J")  # the block is gone at the end


def test_a_line_wider_than_the_terminal_is_cut_so_the_block_erases_cleanly(monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    out = Terminal()
    progress = LiveProgress(total=1, out=out, clock=Clock())
    progress.heard("started", 1, task(1, "A journey with a very long name indeed, longer"), {})
    drawn = out.getvalue().splitlines()
    assert [len(line) for line in drawn] == [len("  0/1 journeys done"), 39]
    assert drawn[1].endswith("…")


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def journeys_folder(tmp_path: Path, pages) -> Path:
    pages.page("/", '<html lang="en"><title>Help</title><main><h1>Help</h1>'
                    "<p>How can we help?</p></main>")
    folder = tmp_path / "journeys"
    folder.mkdir()
    (folder / "help.yaml").write_text("name: Help page\nsteps:\n  - goto: /\n"
                                      "  - expect: {text: How can we help}\n")
    (folder / "down.yaml").write_text(
        f"name: Site down\nsteps:\n  - goto: http://127.0.0.1:{closed_port()}/\n")
    return folder


def shopper_run(folder: Path, pages, tmp_path: Path, *more: str) -> list[str]:
    return [sys.executable, "-m", "runner.cli", "run", str(folder), "--base-url", pages.url,
            "--out", str(tmp_path / "out"), "--trace", "off", "--retries", "1", *more]


@pytest.mark.browser
def test_a_ci_log_gets_a_line_per_step_and_per_retry(tmp_path: Path, pages):
    folder = journeys_folder(tmp_path, pages)
    done = subprocess.run(shopper_run(folder, pages, tmp_path), capture_output=True,
                          text=True, timeout=180, cwd=tmp_path)
    lines = done.stdout.splitlines()
    assert re.search(r"^· \[\d/2 done\] w1 Help page: step 2/2 expect text \"How can we "
                     r"help\"  \d+\.\d s$", done.stdout, re.M), done.stdout
    retry = next(n for n, line in enumerate(lines) if line.startswith("↻ Site down: attempt 1"))
    assert "walking it again (attempt 2)" in lines[retry]
    assert any(line.startswith("· ") and "Site down: step 1/1" in line and "(attempt 2)" in line
               for line in lines[retry:]), done.stdout
    verdicts = [line for line in lines if line.startswith(" ")]
    assert len(verdicts) == 2  # the verdict lines are as they were, one per journey
    quiet = subprocess.run(shopper_run(folder, pages, tmp_path, "--no-progress"),
                           capture_output=True, text=True, timeout=180, cwd=tmp_path)
    assert not [line for line in quiet.stdout.splitlines() if line[:1] in "·↻"]


@pytest.mark.browser
def test_a_terminal_gets_the_live_block(tmp_path: Path, pages):
    folder = journeys_folder(tmp_path, pages)
    leader, follower = pty.openpty()
    process = subprocess.Popen(shopper_run(folder, pages, tmp_path), stdout=follower,
                               stderr=subprocess.DEVNULL, cwd=tmp_path)
    os.close(follower)
    seen = b""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 1.0)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the process ended and closed its side
                break
            if not chunk:
                break
            seen += chunk
        elif process.poll() is not None:
            break
    process.wait(timeout=30)
    os.close(leader)
    text = seen.decode(errors="replace")
    assert "journeys done" in text and "\x1b[" in text, text
    assert re.search(r"w1 (Help page|Site down): ", text), text
    assert "2/2 journeys done" not in text.rsplit("Report:", 1)[-1]  # erased before the end
    assert " ✓ Help page  passed" in text
