"""`fill`: the customer types into fields. Records the form they filled (for `long-form`)."""

from __future__ import annotations

from runner.journey.model import Step
from runner.walk.outcomes import Outcome
from runner.walk.session import Session
from runner.walk.steps.base import action


@action("fill")
def fill(session: Session, step: Step) -> Outcome:
    timeout = session.timeout_for(step)
    fields = [(session.locate(f.locator), f) for f in step.value]
    values = [session.render(f.value) for f in step.value]  # before the timer: may skip

    def type_everything() -> None:
        for (element, _), value in zip(fields, values, strict=True):
            element.fill(value, timeout=timeout)

    # A field holding a secret is covered in every screenshot from now on.
    session.secret_fields.extend(element for (element, _), value in zip(fields, values,
                                                                        strict=True)
                                 if session.mask(value) != value)
    what = "filling " + ", ".join(f.locator.describe() for _, f in fields)
    duration = session.customer_action(step, type_everything, what=what, settle=False,
                                       triggers=False)
    form = session.form_of([element for element, _ in fields])
    return Outcome(
        measured={"fields_filled": len(fields)},
        observed={"form": form, "filled": [
            {"locator": f.locator.describe(), "value": session.mask(value)}
            for (_, f), value in zip(fields, values, strict=True)]},
        duration_ms=duration)
