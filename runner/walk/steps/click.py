"""`click`: the customer clicks. Timed until the resulting navigation or DOM change settles."""

from __future__ import annotations

from runner.journey.model import Step
from runner.walk.outcomes import Outcome
from runner.walk.session import Session
from runner.walk.steps.base import action


@action("click")
def click(session: Session, step: Step) -> Outcome:
    target = session.locate(step.value)
    timeout = session.timeout_for(step)
    duration = session.customer_action(
        step, lambda: target.click(timeout=timeout),
        what=f"clicking {step.value.describe()}")
    return Outcome(duration_ms=duration)
