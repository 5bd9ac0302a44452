"""Journeys walked one at a time in this very process, for `shopper run --debug`.

A person debugging sits at the walk: the Inspector holds it for as long as they look, their
Ctrl-C is this process's, and what the step prints reaches their terminal in order. The
same face as the worker pool (workers.py) for the conductor (pool.py), without the worker
processes and their watchdog, which would end a journey paused longer than its cap.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from runner.nightly.tasks import BrowserRequest, Task
from runner.results.model import RunResult
from runner.walk.browser import BrowserInfo


@dataclass
class AtHandPool:
    size: int  # one journey at a time, whatever is asked: kept for the pool's face
    request: BrowserRequest
    browser: BrowserInfo | None = None
    listener: Callable[[str, int, Task, dict], None] | None = None  # as the worker pool's
    _pending: deque[Task] = field(default_factory=deque)
    _pw: object = None
    _browser: object = None

    def __enter__(self) -> AtHandPool:
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self._browser is not None:
                self._browser.close()
        except Exception:  # noqa: BLE001 - a browser the person closed is closed
            pass
        self._pw.stop()

    def submit(self, task: Task) -> None:
        self._pending.append(task)

    @property
    def idle(self) -> bool:
        return not self._pending

    def poll(self, timeout: float) -> list[tuple[Task, RunResult]]:  # noqa: ARG002
        """Walk the next journey to its end (however long the person pauses it); the first
        call only starts the browser."""
        from runner.checks import CheckContext
        from runner.nightly.shop import shop
        from runner.patterns import Patterns
        from runner.walk.browser import choose_browser, describe, launch

        if not self._pending:
            return []
        if self._browser is None or not self._browser.is_connected():
            choice = choose_browser(self._pw, self.request.name, self.request.endpoint,
                                    headed=self.request.headed)
            self._browser = launch(self._pw, choice, headed=self.request.headed)
            self.browser = describe(self._browser, choice)
            return []  # the run says which browser before the first journey begins
        task = self._pending.popleft()
        options = task.options
        if self.listener is not None:  # on a copy: a retry's task is made from the task's
            self.listener("started", 1, task, {})
            options = replace(options, before_step=self._telling(task, options.before_step))
        context = CheckContext(Patterns.from_settings(options.settings.patterns))
        return [(task, shop(self._pw, self._browser, self.browser, task.journey, options,
                            context))]

    def _telling(self, task: Task, then):  # noqa: ANN001, ANN202 - a before_step
        def before_step(page, journey, step) -> None:  # noqa: ANN001
            self.listener("step", 1, task, {"index": step.index, "name": step.name})
            if then is not None:
                then(page, journey, step)
        return before_step

    def abort(self, reason: str) -> list[tuple[Task, RunResult]]:
        from runner.nightly.workers import unfinished

        dropped = [(task, unfinished(task, "skipped", f"not begun: {reason}"))
                   for task in self._pending]
        self._pending.clear()
        return dropped
