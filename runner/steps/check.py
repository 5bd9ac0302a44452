"""`check`: the customer ticks a box."""

from __future__ import annotations

from runner.journey.model import Step
from runner.session import Session
from runner.steps.base import Outcome, action


@action("check")
def check(session: Session, step: Step) -> Outcome:
    box = session.locate(step.value)
    timeout = session.timeout_for(step)
    duration = session.customer_action(step, lambda: box.check(timeout=timeout),
                                       what=f"ticking {step.value.describe()}")
    return Outcome(duration_ms=duration)
