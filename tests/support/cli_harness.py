"""`shopper` in a process of its own, against pages on 127.0.0.1 (pages.py), and what it leaves.

For the faults that only a whole process shows: a worker ended by the watchdog, a browser
killed under a journey, the tool itself killed, two runs sharing a folder, a disk that fills,
a hostile file refused in bounded memory.

- `ShopperProcess`: `python -m runner.cli …` started with Popen. While it runs, a thread
  records its process tree every 50 ms with `runner.nightly.processes.descendants` (pid and start
  time, so a reused pid is never mistaken for a survivor); every process is also marked by an
  environment variable, which finds the ones that left the tree (Chromium's crash handler
  forks itself away from its parent).
- `Shopper`: `shopper …` (or a Python snippet) run to its end, marked the same way so its
  browser processes can be found afterwards (the `shopper` fixture).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from runner.nightly.processes import alive, descendants

ROOT = Path(__file__).resolve().parents[2]
SHOPPER = ROOT / ".venv" / "bin" / "shopper"
MARK_VARIABLE = "SHOPPER_TEST_PROCESS_MARK"


def write_journey(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def quick_journey(folder: Path, name: str, path: str = "/", text: str = "Welcome") -> Path:
    """A journey that passes in a fraction of a second on a page showing `text`."""
    return write_journey(folder, name, f"""
        name: {name}
        channel: browse
        steps:
          - goto: {path}
          - expect: {{text: {text}}}
        """)


# --- processes -----------------------------------------------------------------------------

def start_time(pid: int) -> int | None:
    """The kernel's start time of `pid` (clock ticks since boot): with the pid, a process's
    identity, since pids are reused."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat[stat.rfind(")") + 2:].split()[19])


def command_line(pid: int) -> str:
    """Chromium rewrites its own argv into one string: read either form as one line."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(
            errors="replace").strip()
    except OSError:
        return ""


def is_chromium(command: str) -> bool:
    program = command.split(" ", 1)[0]
    return "chrom" in Path(program).name or "headless_shell" in program


def parent_of(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return 0


def is_browser_main(command: str) -> bool:
    return is_chromium(command) and "--type=" not in command


def is_renderer(command: str) -> bool:
    return is_chromium(command) and "--type=renderer" in command


@dataclass(frozen=True)
class Seen:
    pid: int
    started: int
    command: str
    parent: int = 0

    @property
    def alive(self) -> bool:
        return alive(self.pid) and start_time(self.pid) == self.started


@dataclass
class ShopperProcess:
    """`shopper ARGS…` running in `cwd`; `finish()` waits and returns (code, stdout, stderr)."""

    cwd: Path
    args: tuple[str, ...]
    env: dict[str, str] = field(default_factory=dict)
    command: list[str] | None = None  # to run it some other way (inside a namespace)
    mark: str = field(default_factory=lambda: uuid.uuid4().hex)
    seen: dict[tuple[int, int], Seen] = field(default_factory=dict)

    def __post_init__(self) -> None:
        environment = {**os.environ, **self.env, MARK_VARIABLE: self.mark}
        command = self.command or [sys.executable, "-m", "runner.cli", *self.args]
        self.process = subprocess.Popen(command, cwd=self.cwd, env=environment, text=True,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self._watching = threading.Thread(target=self._watch, daemon=True)
        self._watching.start()

    @property
    def pid(self) -> int:
        return self.process.pid

    def _watch(self) -> None:
        while self.process.poll() is None:
            self.record_tree()
            time.sleep(0.05)

    def record_tree(self) -> list[Seen]:
        now = []
        for pid in descendants(self.pid):
            started = start_time(pid)
            if started is None:
                continue
            # Read every time: a process first seen between fork and exec still shows its
            # parent's command line.
            seen = Seen(pid, started, command_line(pid) or self.seen.get(
                (pid, started), Seen(pid, started, "")).command, parent_of(pid))
            self.seen[(pid, started)] = seen
            now.append(seen)
        return now

    def browsers_started(self) -> list[Seen]:
        """Chromium main processes seen, not counting a child caught between fork and exec
        (it still shows its parent's command line, and is ended as that) by its parent."""
        chromium = {seen.pid for seen in self.seen.values() if is_chromium(seen.command)}
        return [seen for seen in self.seen.values()
                if is_browser_main(seen.command) and seen.parent not in chromium]

    def chromium_now(self) -> list[Seen]:
        return [seen for seen in self.record_tree() if is_chromium(seen.command)]

    def wait_for_browser(self, within_s: float = 30) -> Seen:
        deadline = time.monotonic() + within_s
        while time.monotonic() < deadline:
            main = [seen for seen in self.chromium_now() if is_browser_main(seen.command)]
            if main:
                return main[0]
            time.sleep(0.05)
        raise AssertionError(f"no Chromium started below shopper (pid {self.pid})")

    def finish(self, timeout: float = 90) -> tuple[int, str, str]:
        try:
            out, err = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill_everything()
            out, err = self.process.communicate()
            raise AssertionError(f"shopper did not finish in {timeout} s:\n{out}\n{err}"
                                 ) from None
        self._watching.join(5)
        return self.process.returncode, out, err

    def kill(self) -> None:
        """SIGKILL the `shopper` process alone, as the kernel's OOM killer or `kill -9` would,
        and reap it (its output pipes stay open while anything it started still runs)."""
        self.record_tree()
        os.kill(self.pid, signal.SIGKILL)
        self.process.wait(10)
        self._watching.join(5)

    def survivors(self) -> list[Seen]:
        """Every process this run started (seen in its tree, or carrying its mark) still alive."""
        found = {(s.pid, s.started): s for s in self.seen.values() if s.alive}
        needle = f"{MARK_VARIABLE}={self.mark}".encode()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) == self.pid:
                continue
            try:
                marked = needle in (entry / "environ").read_bytes().split(b"\0")
            except OSError:
                continue
            pid = int(entry.name)
            started = start_time(pid)
            if marked and started is not None and alive(pid):
                found.setdefault((pid, started), Seen(pid, started, command_line(pid)))
        return sorted(found.values(), key=lambda s: s.pid)

    def wait_for_no_survivors(self, within_s: float = 3.0) -> list[Seen]:
        deadline = time.monotonic() + within_s
        while (left := self.survivors()) and time.monotonic() < deadline:
            time.sleep(0.1)
        return left

    def kill_everything(self) -> None:
        """Clean-up for a failed test: nothing of this run may outlive it."""
        for seen in self.survivors():
            try:
                os.kill(seen.pid, signal.SIGKILL)
            except OSError:
                pass
        if self.process.poll() is None:
            self.process.kill()


def describe(processes: list[Seen]) -> str:
    return "; ".join(f"{s.pid} {s.command[:90]}" for s in processes)


def results_in(out: Path) -> dict[str, dict]:
    """Every result file under `out/runs` by its path relative to `out`, parsed."""
    return {str(path.relative_to(out)): json.loads(path.read_text(encoding="utf-8"))
            for path in sorted((out / "runs").glob("*/*.json"))}


def only_result(out: Path, journey_id: str) -> dict:
    found = [data for data in results_in(out).values() if data["journey"]["id"] == journey_id]
    assert len(found) == 1, f"{len(found)} results for {journey_id} in {out}"
    return found[0]


def one_clear_line(stderr: str) -> str:
    """The error boundary's promise: one line, no traceback."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got:\n{stderr}"
    assert "Traceback" not in stderr
    return lines[0]


# --- `shopper` run to its end -------------------------------------------------------------

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
        running = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                if needle in (entry / "environ").read_bytes().split(b"\0"):
                    running.append(int(entry.name))
            except OSError:
                continue
        return running

    def wait_for_no_leftovers(self, within_s: float = 5.0) -> list[int]:
        deadline = time.monotonic() + within_s
        while (running := self.leftovers()) and time.monotonic() < deadline:
            time.sleep(0.1)
        return running
