"""`expect`: the customer needs to see something to go on. If it never comes: a dead end.

Text is literal (case-insensitive, whitespace and quotes normalised); `url` and `title` are
regular expressions searched in Python, never in the page.
"""

from __future__ import annotations

import re
import time

from playwright.sync_api import Error

from runner.journey.model import Expectation, Step
from runner.patterns import normalise
from runner.walk.outcomes import Outcome, StepFailed
from runner.walk.session import POLL_MS, Session
from runner.walk.steps.base import action

POLL_EXPECT_MS = 50.0


@action("expect")
def expect(session: Session, step: Step) -> Outcome:
    spec: Expectation = step.value
    timeout = session.timeout_for(step)
    if spec.kind == "visible":
        element = session.locate(spec.locator)
        what = f"waiting for {spec.locator.describe()} to be visible"
        session.guard(lambda: element.wait_for(state="visible", timeout=timeout), step,
                      timeout, what)
        return Outcome()
    if spec.kind == "not_text":
        unwanted = _flat(session.render(spec.text))
        if unwanted in _flat(session.page_text()):
            raise StepFailed(f"the page says {session.render(spec.text)!r}")
        return Outcome()
    probe = _prober(session, spec)
    deadline = time.perf_counter() + timeout / 1000.0
    while True:
        seen = probe()
        if seen is True:
            return Outcome()
        if time.perf_counter() >= deadline:
            raise _not_seen(session, step, spec, timeout, seen)
        session.wait(max(POLL_MS, POLL_EXPECT_MS))


def _prober(session: Session, spec: Expectation):
    if spec.kind == "text":
        wanted = _flat(session.render(spec.text))
        return lambda: True if wanted in _flat(session.page_text()) else None
    pattern = re.compile(session.render(spec.text), re.IGNORECASE)
    if spec.kind == "url":
        return lambda: True if pattern.search(session.page.url) else session.page.url
    return lambda: True if pattern.search(_title(session)) else _title(session)


def _not_seen(session: Session, step: Step, spec: Expectation, timeout: float,
              seen: str | None) -> StepFailed:
    failure = session.fail_for_timeout(step, timeout, f"waiting for {spec.kind} "
                                       f"{session.render(spec.text)!r}")
    if seen is not None:
        failure.args = (f"{failure.args[0]} (it was {session.mask(seen)!r})",)
    return failure


def _flat(text: str) -> str:
    return " ".join(normalise(text).split()).casefold()


def _title(session: Session) -> str:
    try:
        return session.page.title()
    except Error:
        return ""
