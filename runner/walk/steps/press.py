"""`press`: the customer presses keys, in a field or on the page."""

from __future__ import annotations

from runner.journey.model import Step
from runner.walk.outcomes import Outcome
from runner.walk.session import Session
from runner.walk.steps.base import action


@action("press")
def press(session: Session, step: Step) -> Outcome:
    timeout = session.timeout_for(step)
    keys = [(session.locate(k.locator) if k.locator else None, session.render(k.value))
            for k in step.value]

    def press_keys() -> None:
        for element, key in keys:
            if element is None:
                session.page.keyboard.press(key)
            else:
                element.press(key, timeout=timeout)

    what = "pressing " + ", ".join(key for _, key in keys)
    return Outcome(duration_ms=session.customer_action(step, press_keys, what=what))
