"""The conductor: for each journey, ask the engine for a result, judge it, write it at once.

One browser serves the run, with a fresh context per journey. A browser that dies takes only
its journey down (status `error`); the next journey gets a new browser. (Worker processes,
retries and sharding come with the nightly issue, on this same loop.)
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, Playwright, sync_playwright

from runner import store
from runner.browser import BrowserInfo, choose_browser, describe, launch
from runner.checks import CheckContext, judge
from runner.checks.landing import landing_judge
from runner.engine import RunOptions, mailbox_for, run_journey
from runner.errors import ShopperError
from runner.history import earlier_runs
from runner.journey.model import Journey
from runner.mail.sinks import run_sinks
from runner.patterns import Patterns
from runner.results import RunResult, write_result


class ResultsNotWritable(ShopperError):
    """The results folder cannot be written: the tool cannot work (exit 3)."""


@dataclass
class BrowserRequest:
    name: str = "chromium"
    endpoint: str | None = None
    headed: bool = False


@dataclass
class RunOutcome:
    results: list[RunResult] = field(default_factory=list)
    paths: list[Path] = field(default_factory=list)
    browser: BrowserInfo | None = None


def run_all(journeys: list[Journey], options: RunOptions, request: BrowserRequest,
            on_result: Callable[[RunResult], None] | None = None) -> RunOutcome:
    outcome = RunOutcome()
    context = CheckContext(patterns=Patterns.from_settings(options.settings.patterns))
    options.landing_judge = options.landing_judge or landing_judge(context.patterns)
    _ensure_writable(options.run_dir)
    # Shared services of the run live here, in the parent: the SMTP sinks above all.
    mailboxes = [mailbox_for(j.persona, options) for j in journeys
                 if any(s.action == "expect_email" for s in j.steps)]
    mail_folder = options.run_dir.parent.parent / "mail" / options.run_id
    with run_sinks(mailboxes, mail_folder, options.mail_sinks) as sinks, \
            sync_playwright() as pw:
        options.mail_sinks = sinks
        choice = choose_browser(pw, request.name, request.endpoint)
        browser: Browser | None = None
        try:
            for journey in journeys:
                if browser is None or not browser.is_connected():
                    browser = launch(pw, choice, headed=request.headed)
                    outcome.browser = describe(browser, choice)
                result = shop(pw, browser, outcome.browser, journey, options, context)
                path = _write(options, result)
                outcome.paths.append(path)
                _remember(options, result, path)
                outcome.results.append(result)
                if on_result is not None:
                    on_result(result)
        finally:
            _close(browser)
    return outcome


def shop(pw: Playwright, browser: Browser, info: BrowserInfo, journey: Journey,
         options: RunOptions, context: CheckContext) -> RunResult:
    """Walk one journey and judge it against its own earlier runs; nothing is written.

    The one way a journey becomes a judged result, shared by `shopper run`, the scheduler
    and the pytest plugin."""
    options.landing_judge = options.landing_judge or landing_judge(context.patterns)
    result = run_journey(pw, browser, info, journey, options)
    context.history = earlier_runs(options.run_dir.parent.parent, journey.id,
                                   before_run=options.run_id)
    judge(result, context)
    return result


def _write(options: RunOptions, result: RunResult) -> Path:
    try:
        return write_result(options.run_dir, result, repeat_index=options.repeat_index)
    except OSError as exc:
        raise ResultsNotWritable(f"cannot write results to {options.run_dir}: "
                                 f"{exc.strerror or exc}") from exc


def _remember(options: RunOptions, result: RunResult, path: Path) -> None:
    """The history row comes right after the result file; the file is the truth, so a
    history that cannot be written is only a warning (`shopper report --rebuild` mends it)."""
    out_dir = options.run_dir.parent.parent
    try:
        conn = store.connect(out_dir)
        try:
            store.record(conn, result.to_json(), str(path.relative_to(out_dir)))
        finally:
            conn.close()
    except sqlite3.Error as exc:
        print(f"warning: history.sqlite not updated ({exc}); the result file is kept",
              file=sys.stderr)


def _ensure_writable(run_dir: Path) -> None:
    try:
        run_dir.mkdir(parents=True, exist_ok=True)
        probe = run_dir / ".writable"
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        raise ResultsNotWritable(f"cannot write results to {run_dir}: "
                                 f"{exc.strerror or exc}") from exc


def _close(browser: Browser | None) -> None:
    if browser is None:
        return
    try:
        browser.close()
    except Exception:  # noqa: BLE001 - closing a dead browser must not hide the results
        pass
