"""`open_email_link`: the customer clicks a link in the email `expect_email` found.

A customer action like `goto`: it becomes the trigger, records the status code, and a 4xx/5xx
answer is `http-error` (a stop).

Without a `pattern`, the link is the one a customer would take (README): the first that
carries the reference the journey saved (their case, their order), else the first of the text
part, else the first of the HTML part (which often opens with a banner or an event page). The
link chosen, and why, is recorded.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from runner.journey.model import EmailLinkSpec, Step
from runner.mail import Mail, NoMailbox
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
    if spec.pattern:
        wanted = re.compile(spec.pattern, re.IGNORECASE)
        found = [u for u in _web(mail.links) if wanted.search(u)]
        if not found:
            raise StepFailed(f"the email {mail.subject!r} has no link matching "
                             f"{spec.pattern!r}")
        url, why = found[0], f"the first link matching {spec.pattern!r}"
    else:
        url, why = customers_link(mail, list(session.scope.saved.values()))
    outcome = open_page(session, step, url)
    outcome.measured["link"] = session.mask(url)
    outcome.observed["link_chosen"] = {"url": session.mask(url), "why": why}
    return outcome


def customers_link(mail: Mail, saved: list[str]) -> tuple[str, str]:
    """The link a customer would take, and why that one."""
    for value in saved:
        if len(value) >= 3:
            for url in _web(mail.links):
                if value in unquote(url):
                    return url, f"the first link that carries the saved reference {value}"
    text_links = _web(mail.text_links)
    if text_links:
        return text_links[0], "the first link of the email's text"
    html_links = _web(mail.html_links) or _web(mail.links)
    if html_links:
        return html_links[0], "the first link of the email's HTML"
    raise StepFailed(f"the email {mail.subject!r} has no link (http or https)")


def _web(links: list[str]) -> list[str]:
    return [u for u in links if u.lower().startswith(("http://", "https://"))]
