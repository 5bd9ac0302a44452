"""`send_email`: the customer writes to the business, as the persona, through the outgoing
server of shopper.yaml.

Plain text (and attachments), a Message-ID of its own (the business's answer names it in
In-Reply-To, which is how the thread is followed), and, as for web requests, the journey run's
identity in `X-Mystery-Shopper` so the business can filter its own test mail (unless
`identify: false`; in a mail the header costs nothing, unlike on a page's requests). With
`reply: true` it answers the last email an `expect_email` matched:
to its Reply-To (else its sender), "Re: " its subject, In-Reply-To its Message-ID and
References its chain.

The moment the server accepted the message is the trigger of the next waiting step: the
business's answer is timed from it. A server that cannot take the mail (unreachable, login
refused, recipient refused) leaves the journey not measured, never a finding.
"""

from __future__ import annotations

import mimetypes
import time
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid, parseaddr
from pathlib import Path

from runner.journey.model import SendEmailSpec, Step
from runner.mail.outgoing import OutgoingUnavailable, parse_outgoing, send
from runner.mail.threads import references_for_reply, reply_subject
from runner.walk.email_thread import NothingSent, thread_of
from runner.walk.outcomes import NotMeasured, Outcome
from runner.walk.session import Session, Trigger
from runner.walk.steps.base import action


@action("send_email")
def send_email(session: Session, step: Step) -> Outcome:
    spec: SendEmailSpec = step.value
    thread = thread_of(session)
    thread.last_send_step = step.index
    thread.last_send_was_reply = spec.reply
    if not session.outgoing:
        thread.unsent = "the customer's email was never sent: no `outgoing:` server"
        raise NothingSent("no outgoing mail server: set `outgoing:` in shopper.yaml to send "
                          "the customer's email")
    answered = session.last_email if spec.reply else None
    if spec.reply and answered is None:
        thread.unsent = "the customer's reply was never sent: no email came to reply to"
        raise NothingSent("no email came to reply to (the `expect_email` before found none)")
    thread.unsent = None

    persona = session.scope.persona
    sender = persona.get("email") or ""
    to = session.render(spec.to) if spec.to else _reply_address(answered)
    subject = session.render(spec.subject) if spec.subject else reply_subject(answered.subject)
    message = EmailMessage()
    message["From"] = formataddr((persona.get("name") or "", sender))
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    if session.says_who_shops:
        message["X-Mystery-Shopper"] = session.journey_run_id or session.scope.run_id
    if answered is not None and answered.message_id:
        message["In-Reply-To"] = answered.message_id
        message["References"] = references_for_reply(answered)
    body = session.render(spec.body)
    message.set_content(body)
    for path in (Path(session.render(p)) for p in spec.attachments):
        kind, _ = mimetypes.guess_type(path.name)
        main, _, sub = (kind or "application/octet-stream").partition("/")
        message.add_attachment(path.read_bytes(), maintype=main, subtype=sub,
                               filename=path.name)

    server = parse_outgoing(session.render(session.outgoing))
    thread.last_send_began = time.time() * 1000.0
    started = time.perf_counter()
    try:
        accepted_at = send(server, message, sender, [parseaddr(to)[1] or to])
    except OutgoingUnavailable as exc:
        raise NotMeasured(session.mask(str(exc))) from exc
    duration_ms = (time.perf_counter() - started) * 1000.0

    # The business's answer is timed from here, as a page's acknowledgement is from the click.
    session.trigger = Trigger(at=accepted_at, type="email", doc=None, step_index=step.index)
    thread.sent_ids.append(message["Message-ID"])
    session.emails.append({k: session.mask(v) if isinstance(v, str) else v for k, v in {
        "direction": "sent", "step": step.index, "from": message["From"], "to": [to],
        "subject": subject, "message_id": message["Message-ID"], "sent_at": accepted_at,
        "in_reply_to": message["In-Reply-To"], "excerpt": body[:500],
        "attachments": [p.rpartition("/")[2] for p in spec.attachments]}.items()})
    measured = {"accepted_at": accepted_at, "to": to, "subject": subject,
                "message_id": message["Message-ID"], "reply": spec.reply}
    observed = {"server": server.where, "in_reply_to": message["In-Reply-To"],
                "trigger_at": accepted_at}
    return Outcome(measured={k: session.mask(v) if isinstance(v, str) else v
                             for k, v in measured.items()},
                   observed=observed, duration_ms=duration_ms)


def _reply_address(mail) -> str:  # noqa: ANN001 - a runner.mail.Mail
    """Where an answer goes: the Reply-To a helpdesk sets (its inbound address), else From."""
    reply_to = mail.headers.get("reply-to")
    return parseaddr(reply_to)[1] if reply_to and parseaddr(reply_to)[1] \
        else parseaddr(mail.sender)[1] or mail.sender
