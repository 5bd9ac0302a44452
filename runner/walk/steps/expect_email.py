"""`expect_email`: did the confirmation email reach the customer's inbox, and does it quote
the reference the page gave?

The mailbox is asked for messages to the persona's address (or `to`) that arrived after the
journey began; the newest whose subject matches is the one. Its delay (`email_ms`) runs from
the moment the last customer action reached the page (the trigger) to its arrival in the
mailbox, both epoch ms. Mail that came before this step began counts: a fast shop is not
punished because the customer looked at the page first.
"""

from __future__ import annotations

import re
import time

from runner.journey.model import EmailSpec, Step
from runner.mail import Mail, NoMailbox, open_mailbox
from runner.patterns import normalise
from runner.walk.outcomes import Outcome, StepFailed
from runner.walk.session import Session
from runner.walk.steps.base import action

FIRST_POLL_MS = 100.0


@action("expect_email")
def expect_email(session: Session, step: Step) -> Outcome:
    spec: EmailSpec = step.value
    address = session.render(spec.to) if spec.to else session.scope.persona.get("email")
    if not address:
        raise StepFailed("no address to expect mail at: give `to:` or a persona `email`")
    expected = session.render(spec.contains) if spec.contains else None
    subject = re.compile(spec.subject, re.IGNORECASE) if spec.subject else None
    if not session.mailbox_url:
        raise NoMailbox("no mailbox to read: set `mailbox:` in shopper.yaml, pass --mailbox, "
                        "or give the persona a `mailbox:`")
    if session.mailbox is None:
        session.mailbox = open_mailbox(session.mailbox_url, session.mail_sinks)
    mailbox = session.mailbox
    budget = session.budgets.get("email")
    started = time.time() * 1000.0
    measured_from = session.trigger.at if session.trigger is not None else started
    window_end = measured_from + spec.within_ms
    pause = FIRST_POLL_MS

    while True:
        mail = _newest_match(mailbox.messages_since(session.began_at), address, subject,
                             window_end)
        now = time.time() * 1000.0
        if mail is not None or now >= window_end:
            break
        if session.remaining_ms() <= 0:
            raise session.fail_for_timeout(step, spec.within_ms, "waiting for an email")
        pause = min(max(pause * 1.5, FIRST_POLL_MS), max(mailbox.poll_ms, FIRST_POLL_MS))
        session.wait(min(pause, max(1.0, window_end - now), session.remaining_ms()))

    measured: dict = {"window_ms": spec.within_ms, "budget_ms": budget, "to": address}
    observed: dict = {"asked": {"subject": spec.subject, "contains": expected, "to": address},
                      "trigger_at": measured_from, "mailbox": _public(session.mailbox_url)}
    if mail is None:
        measured["email_ms"] = None
        return Outcome(measured=measured, observed=observed,
                       missing=f"no email to {address}"
                               + (f" with a subject like {spec.subject!r}" if spec.subject
                                  else "")
                               + f" within {spec.within_ms / 1000:g} s")
    session.last_email = mail
    email_ms = round(mail.arrived_at - measured_from, 1)
    measured["email_ms"] = email_ms
    measured["subject"] = mail.subject
    evidence = {**mail.evidence(), "email_ms": email_ms, "step": step.index}
    if expected is not None:
        found = normalise(expected).lower() in normalise(f"{mail.subject}\n{mail.text}").lower()
        measured["contains"] = expected
        measured["contains_found"] = found
        evidence["contains"] = expected
        evidence["contains_found"] = found
    session.emails.append({k: session.mask(v) if isinstance(v, str) else v
                           for k, v in evidence.items()})
    captured = None
    if subject is not None:
        found_subject = subject.search(mail.subject)
        if found_subject:
            captured = found_subject.groupdict().get("ref") or found_subject.group(0)
    return Outcome(measured=measured, observed=observed, captured=captured)


def _newest_match(messages: list[Mail], address: str, subject: re.Pattern[str] | None,
                  window_end: float) -> Mail | None:
    matching = [m for m in messages if m.is_for(address) and m.arrived_at <= window_end
                and (subject is None or subject.search(m.subject))]
    return max(matching, key=lambda m: m.arrived_at) if matching else None


def _public(url: str | None) -> str | None:
    """The mailbox address without its password (it is evidence, written to disk)."""
    if url is None:
        return None
    return re.sub(r"^(imaps?://[^:/@]*):[^@/]*@", r"\1:••••@", url)
