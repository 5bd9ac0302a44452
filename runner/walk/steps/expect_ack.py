"""`expect_ack`: did anything tell the customer "we got your message"?

The acknowledgement is the text that appeared after the triggering customer action (README
"What is new"), read from the in-page probe with the page's own timestamps. The time to it
runs from the moment the action reached the page to the moment matching text appeared.
Patterns are matched here, in Python.

The acknowledgement is judged as it stands, not as it first flashed up: a reference or a
promise that the page adds a moment after "Thanks!" (fetched, polled) still counts. Once the
acknowledgement matched, a reference or promise not yet seen is waited for until the
acknowledgement budget after the trigger, and at least READ_ON_MS after the match.
"""

from __future__ import annotations

import re
import time

from runner.journey.model import AckSpec, Step
from runner.patterns import compile_all, first_match, normalise
from runner.walk.ack_text import evidence_text, language_in_force, lines_before
from runner.walk.outcomes import Outcome, StepFailed
from runner.walk.session import LOOK_AGAIN_MS, Change, Session
from runner.walk.steps.base import action

READ_ON_MS = 1_000.0  # after the match, at least, for a reference or promise still coming
EVIDENCE_LIMIT = 4_000


@action("expect_ack")
def expect_ack(session: Session, step: Step) -> Outcome:
    spec: AckSpec = step.value
    if session.trigger is None:
        raise StepFailed("no customer action came before this acknowledgement")
    trigger = session.trigger
    budget = session.budgets["acknowledgement"]
    window_end = trigger.at + spec.within_ms  # epoch ms, the page's clock
    # Case-sensitive: a reference format is defined by its case (README).
    reference = re.compile(spec.reference) if spec.reference else None
    matched_at: float | None = None
    matched_pattern: str | None = None
    changes: list[Change] = []
    language = ""

    seen = None  # the page's last change as the last wait saw it (Session.wait_for_change)
    while True:
        session.collect_changes()
        session.raise_for_http_errors()
        changes = session.new_text_since_trigger()
        language = language_in_force(session, changes)
        patterns = (compile_all(spec.text) if spec.text
                    else session.patterns.family("acknowledgement", language=language or None))
        if matched_at is None:
            matched_at, matched_pattern = _first_moment(changes, patterns)
        now = time.time() * 1000.0
        until = window_end
        if matched_at is not None:
            text = _joined(changes)
            complete = ((reference is None or reference.search(text))
                        and (not spec.promise or first_match(_promises(session, spec, language),
                                                             text)))
            until = max(matched_at + READ_ON_MS, trigger.at + budget)
            if complete or now >= until:
                break
        elif now >= window_end:
            break
        if session.remaining_ms() <= 0:
            break
        # Woken by the page changing, not a poll: the text's moments are the probe's records,
        # whenever they are read. A change in another frame is read within LOOK_AGAIN_MS.
        seen = session.wait_for_change(session.page.main_frame, seen,
                                       min(until - now, session.remaining_ms(), LOOK_AGAIN_MS))

    text = _joined(changes)
    earlier = lines_before(changes, matched_at)
    shown = session.still_shown(earlier) if earlier else set()
    observed = {"acknowledgement": evidence_text(changes, matched_at, shown)[:EVIDENCE_LIMIT],
                "trigger": trigger.type, "trigger_at": trigger.at,
                "trigger_step": trigger.step_index, "url": session.page.url,
                "language": language or None,
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
            at, _ = _first_moment(changes, [reference])
            measured["reference_ms"] = round(at - trigger.at, 1) if at is not None else None
        measured["reference"] = captured
    promise = first_match(_promises(session, spec, language), text)
    measured["promise"] = promise.group(0) if promise else None
    return Outcome(measured=measured, observed=observed, captured=captured)


def _promises(session: Session, spec: AckSpec, language: str) -> list[re.Pattern[str]]:
    own = compile_all(spec.promise_patterns)
    return own + session.patterns.family("promise", language=language or None)


def _joined(changes: list[Change]) -> str:
    return normalise("\n".join(c.text for c in changes))


def _first_moment(changes: list[Change], patterns: list[re.Pattern[str]]
                  ) -> tuple[float | None, str | None]:
    """The first moment the new text, accumulated in order, matched any pattern."""
    seen = ""
    for change in changes:
        seen = seen + "\n" + normalise(change.text)
        found = first_match(patterns, seen)
        if found:
            return change.at, found.re.pattern
    return None, None
