"""`wait`: a customer's pause. Never friction: it is the customer's own time."""

from __future__ import annotations

from runner.journey.model import Step
from runner.walk.outcomes import Outcome
from runner.walk.session import Session
from runner.walk.steps.base import action


@action("wait")
def wait(session: Session, step: Step) -> Outcome:
    pause = min(float(step.value), session.remaining_ms())
    session.wait(pause)
    if pause < float(step.value):
        raise session.fail_for_timeout(step, pause, "pausing")
    return Outcome()
