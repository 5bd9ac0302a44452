"""A pool of worker processes, watched by the parent.

Each worker (worker.py) owns one browser and walks one journey at a time. The parent hands
out tasks, collects results, and keeps the clock: a worker that dies, or stays silent past
its journey's cap plus a margin (a page in an endless script loop never returns from
`evaluate`, nor from `close`), is ended with its whole process tree and replaced, and its
journey comes back as `error`. One pipe per worker, so ending one never garbles another's
messages. Each worker keeps its temporary files (its browser's profile, trace artifacts) in
a folder of its own, removed when the worker ends, however it ends.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path

from runner.errors import ShopperError
from runner.nightly.processes import kill_members, kill_tree, members, still_running
from runner.nightly.tasks import BrowserRequest, Task
from runner.nightly.worker import serve
from runner.results.model import RunResult, utc_now_iso
from runner.walk.browser import BrowserInfo, BrowserUnavailable
from runner.walk.engine import new_result

RECYCLE_AFTER = 25  # journeys per browser before a fresh one (memory stays flat)
LAUNCH_ALLOWANCE_S = 60.0  # a new worker may take this long to import and start its browser
WATCHDOG_MARGIN_S = 20.0  # beyond a journey's own cap before its worker is ended
WATCHDOG_MARGIN_ENV = "SHOPPER_WATCHDOG_MARGIN_S"  # overrides it (tests want it short)
CLOSE_GRACE_S = 10.0  # for a worker told to stop to end its browser and driver


@dataclass
class Slot:
    """One worker process and the task it holds, if any."""

    process: BaseProcess
    conn: Connection
    scratch: Path  # the worker's temporary folder: its browser's profile and artifacts
    number: int = 1  # "w1", "w2"… on the terminal: the lowest free when it started
    task: Task | None = None
    since: float = 0.0  # monotonic: when the task was handed over, then when it started
    walking: bool = False  # the worker said "started": the journey's own clock runs

    def deadline(self, margin_s: float) -> float:
        if not self.walking:
            return self.since + LAUNCH_ALLOWANCE_S
        return self.since + self.task.journey.timeout_ms / 1000.0 + margin_s


@dataclass
class WorkerPool:
    size: int
    request: BrowserRequest
    recycle_after: int = RECYCLE_AFTER
    watchdog_margin_s: float = field(default_factory=lambda: watchdog_margin(os.environ))
    browser: BrowserInfo | None = None  # the first browser a worker started, for the log
    # Hears ("started" | "step", worker number, task, detail) as journeys and steps begin.
    listener: Callable[[str, int, Task, dict], None] | None = None
    _slots: list[Slot] = field(default_factory=list)
    _pending: deque[Task] = field(default_factory=deque)

    def __post_init__(self) -> None:
        # spawn, not fork: the parent runs threads (the SMTP sinks), which fork would copy
        # in whatever state they happen to be.
        self._mp = multiprocessing.get_context("spawn")

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- what the conductor sees ----------------------------------------------------------

    def submit(self, task: Task) -> None:
        self._pending.append(task)
        self._dispatch()

    def running(self) -> list[Task]:
        return [slot.task for slot in self._slots if slot.task is not None]

    def walking(self, journey_id: str) -> bool:
        return any(task.journey.id == journey_id for task in self.running()) or any(
            task.journey.id == journey_id for task in self._pending)

    @property
    def idle(self) -> bool:
        return not self._pending and not self.running()

    def poll(self, timeout: float) -> list[tuple[Task, RunResult]]:
        """Wait up to `timeout` seconds; return the journeys finished meanwhile (including
        those whose worker died or was ended)."""
        finished: list[tuple[Task, RunResult]] = []
        busy = {slot.conn: slot for slot in self._slots if slot.task is not None}
        for conn in wait(list(busy), timeout) if busy else _sleep(timeout):
            slot = busy[conn]
            try:
                while slot.task is not None and conn.poll():
                    finished.extend(self._hear(slot, conn.recv()))
            except (EOFError, OSError):
                pass  # the worker is gone; _watch below turns that into an error result
        finished.extend(self._watch())
        self._dispatch()
        return finished

    def abort(self, reason: str) -> list[tuple[Task, RunResult]]:
        """End every running journey now (its worker too): `aborted`; those not yet begun
        are `skipped`. A result already waiting in a worker's pipe is kept as it is."""
        ended = self.drop_pending(f"not begun: {reason}")
        for slot in [s for s in self._slots if s.task is not None]:
            try:
                while slot.task is not None and slot.conn.poll():
                    ended.extend(self._hear(slot, slot.conn.recv()))
            except (EOFError, OSError):
                pass
            if slot.task is not None:
                ended.append((slot.task, unfinished(slot.task, "aborted", reason)))
                self._end(slot)
        return ended

    def drop_pending(self, reason: str) -> list[tuple[Task, RunResult]]:
        """Take back the tasks no worker has begun, recorded as `skipped`."""
        dropped = [(task, unfinished(task, "skipped", reason)) for task in self._pending]
        self._pending.clear()
        return dropped

    def close(self) -> None:
        """Stop every worker: each is told to (and ends its browser and driver), then by
        force."""
        # Seen with their start times, so a pid reused by then is never mistaken for ours.
        trees = [members(slot.process.pid) for slot in self._slots
                 if slot.process.pid is not None]
        for slot in self._slots:
            try:
                slot.conn.send(None)
            except (OSError, ValueError):
                pass
        stop_by = time.monotonic() + CLOSE_GRACE_S
        for slot in self._slots:
            slot.process.join(max(0.0, stop_by - time.monotonic()))
        for slot in self._slots:
            if slot.process.is_alive():
                kill_tree(slot.process.pid)
                slot.process.join(5)
            slot.conn.close()
        # A worker that exited leaves its browser re-parented, not ended, if it crashed.
        for tree in trees:
            kill_members(still_running(tree))
        for slot in self._slots:
            shutil.rmtree(slot.scratch, ignore_errors=True)
        self._slots.clear()

    # --- inside ---------------------------------------------------------------------------

    def _hear(self, slot: Slot, message: tuple) -> list[tuple[Task, RunResult]]:
        kind, key, payload = message
        if slot.task is None or key != slot.task.key:
            return []  # an answer to a task already written off
        if kind == "started":
            slot.walking, slot.since = True, time.monotonic()
            if payload and self.browser is None:
                self.browser = BrowserInfo(**payload)
            self._tell("started", slot, {})
            return []
        if kind == "step":
            self._tell("step", slot, payload)
            return []
        if kind == "unavailable":
            if self.browser is None:  # no browser ever started: the tool cannot work
                raise BrowserUnavailable(payload)
            # One failed relaunch (after a crash, a recycle, a restarted remote browser)
            # costs this journey only; the worker is gone, a new one takes the next.
            task, slot.task = slot.task, None
            return [(task, unfinished(task, "error", f"the browser could not be started "
                                                     f"again: {payload}"))]
        task, slot.task, slot.walking = slot.task, None, False
        return [(task, RunResult.from_json(payload))]

    def _tell(self, event: str, slot: Slot, detail: dict) -> None:
        if self.listener is not None and slot.task is not None:
            self.listener(event, slot.number, slot.task, detail)

    def _watch(self) -> list[tuple[Task, RunResult]]:
        ended: list[tuple[Task, RunResult]] = []
        now = time.monotonic()
        for slot in list(self._slots):
            if slot.task is None:
                if not slot.process.is_alive():
                    self._end(slot)
                continue
            if not slot.process.is_alive():
                code = slot.process.exitcode
                ended.append((slot.task, unfinished(
                    slot.task, "error", f"the worker process died (exit code {code}); "
                    "its browser or the tool crashed")))
                self._end(slot)
            elif (now > slot.deadline(self.watchdog_margin_s)
                  and not self._answered(slot, ended)  # it may have just said "started"
                  and now > slot.deadline(self.watchdog_margin_s)):
                waited = now - slot.since
                what = "walking the journey" if slot.walking else "starting its browser"
                ended.append((slot.task, unfinished(
                    slot.task, "error", f"the browser stopped answering while {what}: "
                    f"ended after {waited:.0f} s (the page may be stuck in a script loop)")))
                self._end(slot)
        return ended

    def _answered(self, slot: Slot, ended: list[tuple[Task, RunResult]]) -> bool:
        """Read what the worker already sent before ending it: a result that came in just
        at the deadline is kept, not replaced by an error."""
        try:
            while slot.task is not None and slot.conn.poll():
                ended.extend(self._hear(slot, slot.conn.recv()))
        except (EOFError, OSError):
            return False
        return slot.task is None

    def _end(self, slot: Slot) -> None:
        if slot.process.pid is not None and slot.process.is_alive():
            kill_tree(slot.process.pid)
        slot.process.join(5)
        slot.conn.close()
        shutil.rmtree(slot.scratch, ignore_errors=True)  # what its killed browser left
        slot.task = None
        self._slots.remove(slot)

    def _dispatch(self) -> None:
        while self._pending:
            slot = next((s for s in self._slots if s.task is None), None)
            if slot is None:
                if len(self._slots) >= self.size:
                    return
                slot = self._start_worker()
            task = self._pending.popleft()
            slot.task, slot.since, slot.walking = task, time.monotonic(), False
            try:
                slot.conn.send(task)
            except OSError:  # the worker died while idle: hand the task to a new one
                slot.task = None
                self._pending.appendleft(task)
                self._end(slot)

    def _start_worker(self) -> Slot:
        parent_end, child_end = self._mp.Pipe()
        scratch = Path(tempfile.mkdtemp(prefix="shopper-worker-"))
        process = self._mp.Process(target=serve, args=(child_end, self.request,
                                                       self.recycle_after, str(scratch)),
                                   name="shopper-worker")
        _start_without_main(process)
        child_end.close()
        taken = {s.number for s in self._slots}
        number = next(n for n in range(1, len(taken) + 2) if n not in taken)
        slot = Slot(process=process, conn=parent_end, scratch=scratch, number=number)
        self._slots.append(slot)
        return slot


def _start_without_main(process: BaseProcess) -> None:
    """Start a spawned worker without importing the parent's main module in it again, as
    multiprocessing does so that functions defined there can be sent. Nothing a worker is
    sent lives there (its target and tasks are runner.*'s), and the import only delays its
    browser: the `shopper` command's ~90 ms, a script embedding run_all all it imports.
    multiprocessing finds the main module by its __spec__ and __file__, read in start()."""
    main = sys.modules.get("__main__")
    hidden = {name: getattr(main, name) for name in ("__spec__", "__file__")
              if main is not None and hasattr(main, name)}
    try:
        if "__spec__" in hidden:
            main.__spec__ = None  # read, so it must exist
        if "__file__" in hidden:
            del main.__file__
        process.start()
    finally:
        for name, value in hidden.items():
            setattr(main, name, value)


def watchdog_margin(env: dict[str, str] | os._Environ) -> float:
    """Seconds beyond a journey's own cap before its worker is ended: WATCHDOG_MARGIN_S, or
    SHOPPER_WATCHDOG_MARGIN_S when set (a night with slow pages may want more, a test less)."""
    text = env.get(WATCHDOG_MARGIN_ENV, "").strip()
    if not text:
        return WATCHDOG_MARGIN_S
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0 or value == float("inf"):
        raise ShopperError(f"{WATCHDOG_MARGIN_ENV}={text!r} is not a number of seconds "
                           "(0 or more)")
    return value


def unfinished(task: Task, status: str, reason: str) -> RunResult:
    """The record of a journey run the engine never finished: `error` (the tool failed),
    `aborted` (stopped by the user or the scheduler) or `skipped` (never begun)."""
    result = new_result(task.journey, task.options, browser={})
    result.status = status
    result.error = reason
    result.finished_at = utc_now_iso()
    for step in result.steps:
        step.skip_reason = step.skip_reason or f"not reached: {reason}"
    return result


def _sleep(seconds: float) -> list:
    time.sleep(seconds)
    return []
