"""What the run is doing while it does it: per worker the journey and the step it is on and
for how long, how many journeys are done of how many, and the retries.

On a terminal, a block at the bottom redrawn in place (the verdict lines scroll above it);
elsewhere (a CI log, a pipe) one plain line per step begun and per retry, never redrawn. The
verdict lines of finished journeys are printed by the caller, unchanged.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from runner.nightly.tasks import Task
from runner.results.model import RunResult

REDRAW_EVERY_S = 0.5  # the elapsed times on a terminal tick at this pace, no faster


@dataclass
class Walking:
    """One worker's journey in progress."""

    key: int  # the task's
    journey: str
    attempt: int
    since: float
    step: str = "starting"  # its browser is up; its first step not begun yet
    step_index: int | None = None
    steps: int = 0


@dataclass
class Progress:
    """Plain lines: the base that the live terminal block refines."""

    total: int
    out: TextIO = field(default_factory=lambda: sys.stdout)
    clock: Callable[[], float] = time.monotonic
    done: int = 0
    retries: int = 0
    walking: dict[int, Walking] = field(default_factory=dict)  # worker number -> its journey

    # --- what the pool tells ------------------------------------------------------------------

    def heard(self, event: str, worker: int, task: Task, detail: dict) -> None:
        """A worker's news: "started" (a journey begins), "step" (a step begins)."""
        if event == "started":
            self.walking[worker] = Walking(task.key, task.journey.name, task.options.attempt,
                                           self.clock(), steps=len(task.journey.steps))
            self.started(worker)
        elif event == "step" and worker in self.walking:
            now = self.walking[worker]
            now.step, now.step_index = detail.get("name", "?"), detail.get("index")
            self.stepped(worker)

    def retrying(self, task: Task, result: RunResult) -> None:
        self.retries += 1
        self._forget(task)
        self.say(f"↻ {task.journey.name}: attempt {result.attempt} ended {result.status}"
                 f"{f' ({result.error})' if result.error else ''}; walking it again "
                 f"(attempt {result.attempt + 1})")

    def finished(self, task: Task, result: RunResult,
                 show: Callable[[RunResult], None] | None) -> None:
        """A journey's result is written: count it, and let `show` print its verdict line."""
        self.done += 1
        self._forget(task)
        self.printing(lambda: show(result) if show is not None else None)

    # --- how it is shown: plain lines -----------------------------------------------------------

    def started(self, worker: int) -> None:
        pass  # its first step says it

    def stepped(self, worker: int) -> None:
        now = self.walking[worker]
        self.say(f"· [{self.done}/{self.total} done] w{worker} {now.journey}: "
                 f"{self._step_words(now)}  {self.clock() - now.since:.1f} s")

    def tick(self) -> None:
        pass

    def close(self) -> None:
        pass

    def printing(self, show: Callable[[], None]) -> None:
        show()

    def say(self, line: str) -> None:
        self.printing(lambda: print(line, file=self.out, flush=True))

    # --- inside ---------------------------------------------------------------------------------

    def _step_words(self, now: Walking) -> str:
        if now.step_index is None:
            return now.step
        retry = f" (attempt {now.attempt})" if now.attempt > 1 else ""
        return f"step {now.step_index + 1}/{now.steps} {now.step}{retry}"

    def _forget(self, task: Task) -> None:
        for worker, now in list(self.walking.items()):
            if now.key == task.key:
                del self.walking[worker]


@dataclass
class LiveProgress(Progress):
    """On a terminal: the block at the bottom, redrawn in place."""

    _drawn: int = 0  # lines of the block now on screen
    _last_draw: float = 0.0

    def started(self, worker: int) -> None:
        self._draw()

    def stepped(self, worker: int) -> None:
        self._draw()

    def tick(self) -> None:
        if self.clock() - self._last_draw >= REDRAW_EVERY_S:
            self._draw()

    def close(self) -> None:
        self._erase()

    def printing(self, show: Callable[[], None]) -> None:
        self._erase()
        show()
        self._draw()

    def _block(self) -> list[str]:
        retries = f", {self.retries} retr{'y' if self.retries == 1 else 'ies'}" \
            if self.retries else ""
        lines = [f"  {self.done}/{self.total} journeys done{retries}"]
        for worker in sorted(self.walking):
            now = self.walking[worker]
            lines.append(f"  w{worker} {now.journey}: {self._step_words(now)}  "
                         f"{self.clock() - now.since:.1f} s")
        return lines

    def _draw(self) -> None:
        self._erase()
        # A line wider than the terminal wraps onto two rows, and the block's erasing would
        # then leave its first row behind: each line is cut to the width.
        width = max(20, shutil.get_terminal_size().columns - 1)
        lines = [line if len(line) <= width else line[:width - 1] + "…"
                 for line in self._block()]
        self.out.write("\n".join(lines) + "\n")
        self.out.flush()
        self._drawn = len(lines)
        self._last_draw = self.clock()

    def _erase(self) -> None:
        if self._drawn:
            # Up to the block's first line, then clear to the end of the screen.
            self.out.write(f"\x1b[{self._drawn}F\x1b[J")
            self.out.flush()
            self._drawn = 0


def progress_for(total: int, out: TextIO | None = None) -> Progress:
    """The live block on a terminal, plain lines anywhere else."""
    out = out or sys.stdout
    live = out.isatty() if hasattr(out, "isatty") else False
    return (LiveProgress if live else Progress)(total=total, out=out)
