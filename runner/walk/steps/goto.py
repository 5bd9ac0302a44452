"""`goto`: the customer opens a page. Records the status code and the time to load."""

from __future__ import annotations

from runner.journey.model import Step
from runner.walk.outcomes import HttpError, Outcome
from runner.walk.session import Session
from runner.walk.steps.base import action


@action("goto")
def goto(session: Session, step: Step) -> Outcome:
    return open_page(session, step, session.url_for(session.render(step.value)))


def open_page(session: Session, step: Step, url: str) -> Outcome:
    """Navigate as a customer action; a 4xx/5xx answer is an `http-error` (a stop)."""
    timeout = session.timeout_for(step)
    responses = []

    def navigate() -> None:
        responses.append(session.page.goto(url, wait_until="load", timeout=timeout))

    duration = session.customer_action(step, navigate, what=f"opening {session.mask(url)}")
    response = responses[0] if responses else None
    status = response.status if response is not None else None
    if status is not None and status >= 400:
        entry = {"url": session.mask(url), "method": "GET", "status": status,
                 "navigation": True, "step": step.index}
        raise HttpError(f"the site answered HTTP {status} to {session.mask(url)}", entry,
                        step.index)
    return Outcome(measured={"http_status": status}, duration_ms=duration)
