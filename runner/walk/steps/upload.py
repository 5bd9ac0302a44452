"""`upload`: the customer attaches files (paths were resolved against the journey file)."""

from __future__ import annotations

from runner.journey.model import Step
from runner.walk.outcomes import Outcome
from runner.walk.session import Session
from runner.walk.steps.base import action


@action("upload")
def upload(session: Session, step: Step) -> Outcome:
    timeout = session.timeout_for(step)
    files = [(session.locate(f.locator, visible=False), session.render(f.value))
             for f in step.value]

    def attach() -> None:
        for element, path in files:
            element.set_input_files(path, timeout=timeout)

    what = "attaching " + ", ".join(path for _, path in files)
    return Outcome(duration_ms=session.customer_action(step, attach, what=what))
