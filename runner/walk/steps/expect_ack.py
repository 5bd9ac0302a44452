"""`expect_ack`: did anything tell the customer "we got your message"?

The acknowledgement is the text that appeared after the triggering customer action (SPEC §2
"What is new"), read from the in-page probe with the page's own timestamps. The time to it
runs from the moment the action reached the page to the moment matching text appeared.
Patterns are matched here, in Python. Waiting past the match is kept short: only when a
reference or a promise is asked for and not yet seen, the tool gives the page a brief grace
to finish writing its confirmation.
"""

from __future__ import annotations

import re
import time

from runner.journey.model import AckSpec, Step
from runner.patterns import compile_all, first_match, normalise
from runner.walk.outcomes import Outcome, StepFailed
from runner.walk.session import POLL_MS, Session
from runner.walk.steps.base import action

GRACE_MS = 1_000.0  # after the match, for a reference or promise still being written
EVIDENCE_LIMIT = 4_000


@action("expect_ack")
def expect_ack(session: Session, step: Step) -> Outcome:
    spec: AckSpec = step.value
    if session.trigger is None:
        raise StepFailed("no customer action came before this acknowledgement")
    patterns = compile_all(spec.text) if spec.text else session.patterns.family("acknowledgement")
    reference = re.compile(spec.reference, re.IGNORECASE) if spec.reference else None
    promises = session.patterns.family("promise")
    budget = session.budgets["acknowledgement"]
    trigger = session.trigger
    window_end = trigger.at + spec.within_ms  # epoch ms, the page's clock
    grace_end: float | None = None
    matched_at: float | None = None
    matched_pattern: str | None = None
    text = ""

    while True:
        session.collect_changes()
        session.raise_for_http_errors()
        text = normalise("\n".join(c.text for c in session.new_text_since_trigger()))
        if matched_at is None:
            matched_at, matched_pattern = _first_matching_moment(session, patterns)
        if matched_at is not None:
            complete = ((reference is None or reference.search(text))
                        and (not spec.promise or first_match(promises, text)))
            now = time.time() * 1000.0
            grace_end = grace_end or now + GRACE_MS
            if complete or now >= min(grace_end, window_end):
                break
        elif time.time() * 1000.0 >= window_end or session.remaining_ms() <= 0:
            break
        session.wait(POLL_MS)

    observed = {"acknowledgement": text[:EVIDENCE_LIMIT], "trigger": trigger.type,
                "trigger_at": trigger.at, "trigger_step": trigger.step_index,
                "url": session.page.url,
                "asked": {"reference": spec.reference, "promise": spec.promise,
                          "text": list(spec.text)}}
    measured: dict = {"window_ms": spec.within_ms, "budget_ms": budget}
    if matched_at is None or matched_at > window_end:
        if session.remaining_ms() <= 0:
            raise session.fail_for_timeout(step, spec.within_ms, "waiting for an acknowledgement")
        measured["ack_ms"] = None
        return Outcome(measured=measured, observed=observed,
                       missing=f"nothing acknowledged the customer within "
                               f"{spec.within_ms / 1000:g} s")
    measured["ack_ms"] = round(matched_at - trigger.at, 1)
    measured["matched"] = matched_pattern
    captured = None
    if reference is not None:
        found = reference.search(text)
        if found:
            captured = found.groupdict().get("ref") or found.group(0)
        measured["reference"] = captured
    promise = first_match(promises, text)
    measured["promise"] = promise.group(0) if promise else None
    return Outcome(measured=measured, observed=observed, captured=captured)


def _first_matching_moment(session: Session, patterns: list[re.Pattern[str]]
                           ) -> tuple[float | None, str | None]:
    """The first moment the new text, accumulated in order, matched any pattern."""
    seen = ""
    for change in session.new_text_since_trigger():
        seen = seen + "\n" + normalise(change.text)
        found = first_match(patterns, seen)
        if found:
            return change.at, found.re.pattern
    return None, None
