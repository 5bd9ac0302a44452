"""`open_email_link`: the customer clicks a link in the email `expect_email` found.

A customer action like `goto`: it becomes the trigger, records the status code, and a 4xx/5xx
answer is `http-error` (a stop).
"""

from __future__ import annotations

import re

from runner.journey.model import EmailLinkSpec, Step
from runner.mail import NoMailbox
from runner.walk.outcomes import Outcome, StepFailed
from runner.walk.session import Session
from runner.walk.steps.base import action
from runner.walk.steps.goto import open_page


@action("open_email_link")
def open_email_link(session: Session, step: Step) -> Outcome:
    spec: EmailLinkSpec = step.value or EmailLinkSpec()
    mail = session.last_email
    if mail is None and session.mailbox_url is None:
        raise NoMailbox("no mailbox to read, so no email to open a link from")
    if mail is None:
        raise StepFailed("no email was found earlier, so there is no link to open")
    links = [u for u in mail.links if u.lower().startswith(("http://", "https://"))]
    if spec.pattern:
        wanted = re.compile(spec.pattern, re.IGNORECASE)
        links = [u for u in links if wanted.search(u)]
    if not links:
        what = f"matching {spec.pattern!r}" if spec.pattern else "(http or https)"
        raise StepFailed(f"the email {mail.subject!r} has no link {what}")
    url = links[0]
    outcome = open_page(session, step, url)
    outcome.measured["link"] = session.mask(url)
    return outcome
