"""`select`: the customer chooses options (matched by value or visible label)."""

from __future__ import annotations

from runner.journey.model import Step
from runner.walk.outcomes import Outcome
from runner.walk.session import Session
from runner.walk.steps.base import action


@action("select")
def select(session: Session, step: Step) -> Outcome:
    timeout = session.timeout_for(step)
    choices = [(session.locate(c.locator), session.render(c.value)) for c in step.value]

    def choose() -> None:
        for element, option in choices:
            element.select_option(option, timeout=timeout)

    what = "choosing " + ", ".join(f"{c.value!r} in {c.locator.describe()}" for c in step.value)
    return Outcome(duration_ms=session.customer_action(step, choose, what=what))
