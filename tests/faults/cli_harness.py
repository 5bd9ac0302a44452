"""`shopper run` in a process of its own, against pages served on 127.0.0.1, and what it leaves.

For the faults that only a whole process shows: a worker ended by the watchdog, a browser
killed under a journey, the tool itself killed, two runs sharing a folder, a disk that fills.

- `LoopbackPages`: a stdlib HTTP server with a page per path; it notes every visit, so a test
  can wait until a journey stands on a given page (and so is inside the step after it).
- `ShopperProcess`: `python -m runner.cli …` started with Popen. While it runs, a thread
  records its process tree every 50 ms with `runner.nightly.processes.descendants` (pid and start
  time, so a reused pid is never mistaken for a survivor); every process is also marked by an
  environment variable, which finds the ones that left the tree (Chromium's crash handler
  forks itself away from its parent).
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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from runner.nightly.processes import alive, descendants

MARK_VARIABLE = "SHOPPER_TEST_PROCESS_MARK"


# --- pages ---------------------------------------------------------------------------------

class LoopbackPages(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict[str, str] = {}
        self.visits: dict[str, int] = {}
        self.visited = threading.Condition()
        self.gates: dict[str, threading.Barrier] = {}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def page(self, path: str, body: str, title: str = "Shop") -> None:
        self.routes[path] = (f"<!doctype html><html><head><meta charset=utf-8><title>{title}"
                             f"</title></head><body><main>{body}</main></body></html>")

    def gate(self, path: str, parties: int) -> None:
        """Hold each request for `path` until `parties` of them wait, then answer all at once
        (journeys in different processes finishing at the same moment)."""
        self.gates[path] = threading.Barrier(parties)

    def note(self, path: str) -> None:
        with self.visited:
            self.visits[path] = self.visits.get(path, 0) + 1
            self.visited.notify_all()

    def wait_for_visit(self, path: str, within_s: float, count: int = 1) -> bool:
        with self.visited:
            return self.visited.wait_for(lambda: self.visits.get(path, 0) >= count, within_s)

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001 - quiet
        pass


class _Handler(BaseHTTPRequestHandler):
    server: LoopbackPages

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        path = self.path.split("?", 1)[0]
        gate = self.server.gates.get(path)
        if gate is not None and self.command == "GET":
            try:
                gate.wait(30)
            except threading.BrokenBarrierError:
                pass
        html = self.server.routes.get(path)
        status = 200 if html is not None else 404
        body = (html or "<title>Not found</title><h1>Not found</h1>").encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.server.note(path)

    do_HEAD = do_GET

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def loopback_pages() -> Iterator[LoopbackPages]:
    server = LoopbackPages()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


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
