"""The conductor: hand journeys to worker processes, settle each result, write it at once.

Each journey run comes back from a worker (workers.py) walked and judged; here it is
retried when the failure could be the tool's or the network's, then written (the JSON file
first, the history row right after) before anything else happens with it. The run's shared
services, the SMTP sinks above all, live here in the parent for the whole run.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from runner.errors import ShopperError
from runner.journey.model import Journey
from runner.mail.sinks import run_sinks
from runner.nightly.at_hand import AtHandPool
from runner.nightly.progress import Progress
from runner.nightly.tasks import BrowserRequest, Task
from runner.nightly.workers import WorkerPool
from runner.results import store
from runner.results.model import RunResult, write_result
from runner.walk.browser import BrowserInfo
from runner.walk.engine import RunOptions, mailbox_for

__all__ = ["BrowserRequest", "ResultsNotWritable", "RunOutcome", "Plan", "run_all"]

# Codes by which the site itself said no: retrying cannot change the answer.
SITE_ANSWERED = frozenset({"http-error", "error-page", "forced-login", "validation-rejected",
                           "captcha"})
# Steps that read the persona's mailbox.
MAIL_ACTIONS = ("expect_email", "open_email_link")


class ResultsNotWritable(ShopperError):
    """The results folder cannot be written: the tool cannot work (exit 3)."""


@dataclass
class Plan:
    """How many times to walk each journey, and with how many workers."""

    workers: int = 1
    retries: int = 0  # extra attempts for a run that failed in a way that may not be the site's
    repeat: int = 1  # walks of each journey (consistency over one night)
    # Retry even after a form was sent (settings `retry_after_submit: true`, or the flag):
    # only for a site where sending twice makes no second ticket, order or refund.
    retry_after_submit: bool = False
    # Walk in this process, one journey at a time (`--debug`: a person pauses the walk).
    at_hand: bool = False


@dataclass
class RunOutcome:
    results: list[RunResult] = field(default_factory=list)
    paths: list[Path] = field(default_factory=list)
    browser: BrowserInfo | None = None


def run_all(journeys: list[Journey], options: RunOptions, request: BrowserRequest,
            on_result: Callable[[RunResult], None] | None = None,
            plan: Plan | None = None,
            on_browser: Callable[[BrowserInfo], None] | None = None,
            stopping: Callable[[], bool] = lambda: False,
            progress: Progress | None = None) -> RunOutcome:
    """Walk every task and write each result as it comes; `on_browser` hears once which
    browser the first worker started (before any journey has finished). When `stopping()`
    turns true (a signal handler sets it), running journeys are ended and recorded as
    `aborted`, those not begun as `skipped`, and KeyboardInterrupt is raised — only between
    results, so a result that came back is always written. `progress` hears what each worker
    walks, and prints the verdict lines (`on_result`) between its own."""
    plan = plan or Plan()
    outcome = RunOutcome()
    ensure_writable(options.run_dir)
    mailboxes = run_mailboxes(journeys, options)
    mail_folder = options.run_dir.parent.parent / "mail" / options.run_id
    tasks = list(plan_tasks(journeys, options, plan.repeat))
    try:
        _walk(tasks, options, request, plan, outcome, mailboxes, mail_folder, on_result,
              on_browser, stopping, progress)
    finally:
        if progress is not None:
            progress.close()
        # A run that could not start (no browser, a mail port taken) leaves nothing behind.
        for folder in (options.run_dir, mail_folder, mail_folder.parent):
            remove_if_empty(folder)
    return outcome


def _walk(tasks: list[Task], options: RunOptions, request: BrowserRequest, plan: Plan,
          outcome: RunOutcome, mailboxes: list[str | None], mail_folder: Path,
          on_result: Callable[[RunResult], None] | None,
          on_browser: Callable[[BrowserInfo], None] | None,
          stopping: Callable[[], bool], progress: Progress | None) -> None:
    pool_type = AtHandPool if plan.at_hand else WorkerPool

    def shown(task: Task) -> Callable[[RunResult], None] | None:
        if progress is None:
            return on_result
        return lambda result: progress.finished(task, result, on_result)

    with run_sinks(mailboxes, mail_folder, options.mail_sinks) as sinks, \
            pool_type(max(1, min(plan.workers, len(tasks))), request) as pool:
        if progress is not None:
            pool.listener = progress.heard
        for task in tasks:
            task.options.mail_sinks = dict(sinks)
            pool.submit(task)
        while not pool.idle:
            finished = pool.poll(0.5)
            if pool.browser is not None and outcome.browser is None:
                outcome.browser = pool.browser
                if on_browser is not None:
                    browser = pool.browser
                    if progress is None:
                        on_browser(browser)
                    else:
                        progress.printing(partial(on_browser, browser))
            for task, result in finished:
                again = settle(task, result, 0 if stopping() else plan.retries, outcome,
                               shown(task), retry_after_submit=plan.retry_after_submit)
                if again is not None:
                    if progress is not None:
                        progress.retrying(task, result)
                    pool.submit(again)
            if stopping():
                for task, result in pool.abort("interrupted by the user"):
                    settle(task, result, 0, outcome, shown(task))
                raise KeyboardInterrupt
            if progress is not None:
                progress.tick()


def remove_if_empty(folder: Path) -> None:
    """Remove `folder` and the empty folders in it, if nothing else is there."""
    if not folder.is_dir() or any(not p.is_dir() for p in folder.rglob("*")):
        return  # something was written there: keep it all
    try:
        for child in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
            child.rmdir()
        folder.rmdir()
    except OSError:
        pass  # something arrived meanwhile: it stays


def run_mailboxes(journeys: list[Journey], options: RunOptions) -> list[str | None]:
    """Every mailbox configured for the run (--mailbox, shopper.yaml's, each journey's
    persona's), whatever steps the journeys hold: a site that sends mail while a form is
    submitted may fail the submit when nothing listens, so a journey without a mail step
    needs the sink as much as one with (its result must not depend on the others in the
    run)."""
    return [options.mailbox, options.settings.mailbox,
            *(mailbox_for(j.persona, options) for j in journeys)]


def mail_without_mailbox(journeys: list[Journey], options: RunOptions) -> list[Journey]:
    """Journeys with mail steps whose mail has nowhere to be read (those steps are skipped)."""
    return [j for j in journeys if any(s.action in MAIL_ACTIONS for s in j.steps)
            and not mailbox_for(j.persona, options)]


def plan_tasks(journeys: list[Journey], options: RunOptions, repeat: int) -> Iterator[Task]:
    """One task per journey and repeat, each with its own copy of the options: every journey
    once, then every journey again. Repeats spread over the run are samples of the site at
    different moments (back to back they would all see the same minute), and a journey
    that waits long opens the tabs of the different journeys after it (runner/walk/tabs.py)."""
    key = 0
    for n in range(1, repeat + 1):
        for journey in journeys:
            key += 1
            yield Task(key, journey, replace(options, repeat_index=n if repeat > 1 else None,
                                             landing_judge=None, on_step=None))


def settle(task: Task, result: RunResult, retries: int, outcome: RunOutcome,
           on_result: Callable[[RunResult], None] | None, *,
           retry_after_submit: bool = False) -> Task | None:
    """Write a finished journey run. Returns the next attempt's task when it is retried."""
    options = task.options
    after_submit = retry_after_submit or bool(getattr(task.journey, "retry_after_submit", False))
    if result.attempt <= retries and retryable(result, after_submit=after_submit):
        _remember(options, result, _write(options, result, earlier_attempt=True))
        key = task.key + 1_000_000 * result.attempt  # distinct from every first attempt
        return Task(key, task.journey, replace(options, attempt=result.attempt + 1))
    if result.attempt > 1 and result.status == "passed":
        result.status = "flaky"  # it passed, but only on a later attempt
    path = _write(options, result)
    _remember(options, result, path)
    outcome.paths.append(path)
    outcome.results.append(result)
    if result.browser and outcome.browser is None:
        outcome.browser = BrowserInfo(**result.browser)
    if on_result is not None:
        on_result(result)
    return None


def retryable(result: RunResult, *, after_submit: bool = False) -> bool:
    """Could another attempt go differently, and is it safe? An infrastructure `error` may; a
    journey that stopped may, unless the site answered it plainly (a 500, an error page, a
    sign-in). Never once a request that changes something (a form's POST) reached the site,
    unless `after_submit`: walking again would send it again, a second real ticket."""
    if not after_submit and sent_to_the_site(result):
        return False
    if result.status == "error":
        return True
    return result.status == "failed" and not any(f.code in SITE_ANSWERED
                                                 for f in result.findings)


# Methods that change nothing on the site (RFC 9110's safe methods).
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# Chromium's words for a request that never left the machine: it cannot have been received.
NEVER_SENT = ("ERR_CONNECTION_REFUSED", "ERR_NAME_NOT_RESOLVED", "ERR_NAME_RESOLUTION_FAILED",
              "ERR_ADDRESS_UNREACHABLE", "ERR_INTERNET_DISCONNECTED", "ERR_BLOCKED_BY_CLIENT",
              "ERR_PROXY_CONNECTION_FAILED", "ERR_ADDRESS_INVALID")


def sent_to_the_site(result: RunResult) -> bool:
    """Did a request other than GET/HEAD reach the site during the walk? Read from the
    requests each step recorded (`observed.responses`: method, status, failure): one the site
    answered did; one still unanswered, or that failed after it may have been received (reset,
    timed out), is taken as received too: a second ticket is worse than a missed retry."""
    for step in result.steps:
        for entry in (step.observed or {}).get("responses", []):
            if str(entry.get("method") or "GET").upper() in SAFE_METHODS:
                continue
            if entry.get("status") is not None:
                return True
            failure = str(entry.get("failure") or "")
            if not failure or not any(code in failure for code in NEVER_SENT):
                return True
    return False


def _write(options: RunOptions, result: RunResult, *, earlier_attempt: bool = False) -> Path:
    try:
        return write_result(options.run_dir, result, repeat_index=options.repeat_index,
                            earlier_attempt=earlier_attempt)
    except OSError as exc:
        raise ResultsNotWritable(f"cannot write results to {options.run_dir}: "
                                 f"{exc.strerror or exc}") from exc


def _remember(options: RunOptions, result: RunResult, path: Path) -> None:
    """The history row comes right after the result file. The file is the truth, so a
    history that cannot be read or updated is only a warning (`shopper report --rebuild`
    mends it), unless the disk is full or read-only: then nothing more can be written, and
    the run stops with exit 3 rather than walk journeys whose results would be lost."""
    out_dir = options.run_dir.parent.parent
    try:
        conn = store.connect(out_dir)
        try:
            store.record(conn, result.to_json(), str(path.relative_to(out_dir)))
        finally:
            conn.close()
    except sqlite3.Error as exc:
        if _cannot_write(exc):
            raise ResultsNotWritable(f"cannot write the history {out_dir / 'history.sqlite'}"
                                     f": {exc} (the result file {path.name} is kept)") from exc
        print(f"warning: history.sqlite not updated ({exc}); the result file is kept",
              file=sys.stderr)
    except OSError as exc:
        raise ResultsNotWritable(f"cannot write the history in {out_dir}: "
                                 f"{exc.strerror or exc}") from exc


def _cannot_write(exc: sqlite3.Error) -> bool:
    """SQLite's words for a disk that is full or read-only (it has no errno to give)."""
    text = str(exc).lower()
    return any(words in text for words in ("disk is full", "readonly database",
                                           "read-only", "disk i/o error",
                                           "unable to open database file"))


def ensure_writable(run_dir: Path) -> None:
    try:
        run_dir.mkdir(parents=True, exist_ok=True)
        probe = run_dir / ".writable"
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        raise ResultsNotWritable(f"cannot write results to {run_dir}: "
                                 f"{exc.strerror or exc}") from exc
