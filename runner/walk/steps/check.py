"""`check`: the customer ticks a box."""

from __future__ import annotations

from runner.journey.model import Step
from runner.walk.outcomes import Outcome
from runner.walk.session import Session
from runner.walk.steps.base import action


@action("check")
def check(session: Session, step: Step) -> Outcome:
    box = session.locate(step.value)
    timeout = session.timeout_for(step)
    duration = session.customer_action(step, lambda: box.check(timeout=timeout),
                                       what=f"ticking {step.value.describe()}")
    return Outcome(duration_ms=duration)
