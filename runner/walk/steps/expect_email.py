"""`expect_email`: did the confirmation email reach the customer's inbox, and does it quote
the reference the page gave? On the email channel: did the business answer the customer's
mail, acknowledge it (reference, promise), and did a person answer?

The mailbox is asked for messages to the persona's address (or `to`) that arrived after the
journey began; the newest whose subject matches is the one. Its delay (`email_ms`) runs from
the moment the last customer action reached the page (the trigger) to its arrival in the
mailbox, both epoch ms. Mail that came before this step began counts: a fast shop is not
punished because the customer looked at the page first.

With `text`, `reference` or `promise` (README "Email journeys") the answer is judged as an
acknowledgement, and with `human: true` it must come from a person. Then the answer is the
*first* message after the trigger (after `send_email`, the moment the customer's mail was
accepted) that qualifies, not the newest, and never one an earlier step already took: the
acknowledgement is what came first, and a person's answer is the first that is not automatic
and carries a name.
"""

from __future__ import annotations

import re
import time

from runner.journey.model import EmailSpec, Step
from runner.mail import Mail, NoMailbox, open_mailbox
from runner.mail.automatic import automatic_reason
from runner.mail.people import person_in_email
from runner.mail.threads import thread_relation
from runner.patterns import compile_all, first_match, normalise
from runner.walk.email_thread import NothingSent, thread_of
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
    channel = spec.is_acknowledgement or spec.human
    thread = thread_of(session)
    if channel and thread.unsent and _answers_a_send(session, thread):
        raise NothingSent(thread.unsent)
    if not session.mailbox_url:
        raise NoMailbox("no mailbox to read: set `mailbox:` in shopper.yaml, pass --mailbox, "
                        "or give the persona a `mailbox:`")
    if session.mailbox is None:
        # shopper.yaml keeps `${secrets.…}` as templates: filled in here, for the reader only.
        session.mailbox = open_mailbox(session.render(session.mailbox_url), session.mail_sinks)
    mailbox = session.mailbox
    budget = session.budgets.get("email")
    started = time.time() * 1000.0
    measured_from = session.trigger.at if session.trigger is not None else started
    window_end = measured_from + spec.within_ms
    # A server that stamps arrival to the second (IMAP INTERNALDATE) can date an answer that
    # came 300 ms after the trigger up to a second before it.
    precision = float(getattr(mailbox, "arrival_precision_ms", 0.0))
    judge = _Answer(session, spec, thread) if channel else None
    since = measured_from - precision
    if channel and thread.last_send_began is not None and session.trigger is not None \
            and session.trigger.step_index == thread.last_send_step:
        since = min(since, thread.last_send_began)
    pause = FIRST_POLL_MS

    while True:
        # The same second-stamping at the journey's start: a mail that came in the journey's
        # first second may be dated before it.
        messages = mailbox.messages_since(session.began_at - precision)
        if judge is None:
            mail = _newest_match(messages, address, subject, window_end)
        else:
            mail = judge.first(messages, address, subject, since, window_end)
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
    if judge is not None:
        observed["asked"].update({"channel": True, "text": list(spec.text),
                                  "reference": spec.reference, "promise": spec.promise,
                                  "human": spec.human})
        observed["answers_step"] = session.trigger.step_index if session.trigger else None
        if precision:
            measured["arrival_precision_ms"] = precision
        if judge.passed_over:
            observed["passed_over"] = judge.passed_over[:10]
    if mail is None:
        measured["email_ms"] = None
        if judge is not None:
            if spec.is_acknowledgement:
                measured["ack_ms"] = None
            if spec.human:
                measured["human"] = None
            if judge.passed_over:
                # What did come, for the finding to quote (automatic answers, other words).
                observed["answer_text"] = judge.passed_over[0].get("excerpt")
        return Outcome(measured=measured, observed=observed,
                       missing=_what_never_came(spec, address, judge))
    session.last_email = mail
    email_ms = round(mail.arrived_at - measured_from, 1)
    if judge is not None:
        # An answer cannot come before the mail it answers: stamped to the second (IMAP), or
        # sent while the customer's server was still saying "accepted", it came at once.
        email_ms = max(email_ms, 0.0)
    measured["email_ms"] = email_ms
    measured["subject"] = mail.subject
    evidence = {**mail.evidence(), "email_ms": email_ms, "step": step.index}
    if expected is not None:
        found = normalise(expected).lower() in normalise(f"{mail.subject}\n{mail.text}").lower()
        measured["contains"] = expected
        measured["contains_found"] = found
        evidence["contains"] = expected
        evidence["contains_found"] = found
        if found and thread.reference is None:
            thread.reference = expected  # the page's reference: the case this thread is
    captured = None
    if subject is not None:
        found_subject = subject.search(mail.subject)
        if found_subject:
            captured = found_subject.groupdict().get("ref") or found_subject.group(0)
    if judge is not None:
        reference = judge.record(mail, measured, evidence, email_ms)
        if spec.reference:  # what `save` keeps: the reference, as for expect_ack (model.py)
            captured = reference
    thread.take(_key(mail), mail.message_id)
    session.emails.append({k: session.mask(v) if isinstance(v, str) else v
                           for k, v in evidence.items()})
    return Outcome(measured=measured, observed=observed, captured=captured)


class _Answer:
    """Which message is the business's answer on the email channel, and what it says."""

    def __init__(self, session: Session, spec: EmailSpec, thread) -> None:  # noqa: ANN001
        self.session, self.spec, self.thread = session, spec, thread
        patterns = session.patterns
        language = session.journey.language
        self.acknowledgements = (compile_all(spec.text) if spec.text
                                 else patterns.family("acknowledgement", language=language))
        self.promises = compile_all(spec.promise_patterns) + patterns.family(
            "promise", language=language)
        self.bot_labels = patterns.family("bot_label")
        # Case-sensitive: a reference format is defined by its case (README).
        self.reference = re.compile(spec.reference) if spec.reference else None
        self.passed_over: list[dict] = []
        self._seen: set[tuple] = set()

    def first(self, messages: list[Mail], address: str, subject: re.Pattern[str] | None,
              since: float, window_end: float) -> Mail | None:
        candidates = sorted((m for m in messages if m.is_for(address)
                             and since <= m.arrived_at <= window_end
                             and (subject is None or subject.search(m.subject))
                             and not self.thread.taken(_key(m), m.message_id)),
                            key=lambda m: m.arrived_at)
        for mail in candidates:
            why_not = self._why_not(mail)
            if why_not is None:
                return mail
            if _key(mail) not in self._seen:
                self._seen.add(_key(mail))
                self.passed_over.append({"subject": mail.subject, "from": mail.sender,
                                         "arrived_at": mail.arrived_at, "why": why_not,
                                         "excerpt": self.session.mask(mail.text[:500])})
        return None

    def _why_not(self, mail: Mail) -> str | None:
        if self.spec.human:
            automatic = automatic_reason(mail)
            if automatic:
                return f"an automatic answer ({automatic})"
            if person_in_email(mail.sender, mail.text, self.bot_labels) is None:
                return "no person's name or signature in it"
        if self.spec.is_acknowledgement and first_match(
                self.acknowledgements, normalise(f"{mail.subject}\n{mail.text}")) is None:
            return "it does not read as an acknowledgement"
        return None

    def record(self, mail: Mail, measured: dict, evidence: dict, email_ms: float) -> str | None:
        spec, thread = self.spec, self.thread
        text = f"{mail.subject}\n{mail.text}"
        automatic = automatic_reason(mail)
        person = person_in_email(mail.sender, mail.text, self.bot_labels)
        measured["automatic"] = automatic
        measured["human"] = person[0] if person and not automatic else None
        if spec.human:
            measured["human_ms"] = email_ms
        captured = None
        if spec.is_acknowledgement:
            measured["ack_ms"] = email_ms
            if self.reference is not None:
                found = self.reference.search(text)
                captured = (found.groupdict().get("ref") or found.group(0)) if found else None
                measured["reference"] = captured
            promise = first_match(self.promises, normalise(text))
            measured["promise"] = promise.group(0) if promise else None
        relation = thread_relation(mail, thread.sent_ids, thread.reference)
        measured["in_thread"] = relation
        if thread.last_send_was_reply and spec.is_acknowledgement:
            # The customer answered in the thread: this acknowledgement should carry the case
            # the thread is about, not a new one.
            measured["thread_reference"] = thread.reference
        if captured and thread.reference is None:
            thread.reference = captured
        evidence.update({"direction": "received", "automatic": automatic,
                         "person": measured["human"], "reference": measured.get("reference"),
                         "in_thread": relation, "acknowledgement": spec.is_acknowledgement,
                         "human_asked": spec.human,
                         "answers_step": self.session.trigger.step_index
                         if self.session.trigger else None})
        return captured


def _answers_a_send(session: Session, thread) -> bool:  # noqa: ANN001
    """The waiting step answers the customer's last `send_email`: no customer action came
    after it (a page's, or an earlier email's, trigger is older)."""
    return session.trigger is None or thread.last_send_step is None \
        or session.trigger.step_index <= thread.last_send_step


def _what_never_came(spec: EmailSpec, address: str, judge: _Answer | None) -> str:
    window = f"within {spec.within_ms / 1000:g} s"
    if judge is None:
        return (f"no email to {address}" + (f" with a subject like {spec.subject!r}"
                                            if spec.subject else "") + f" {window}")
    came = f" ({len(judge.passed_over)} other message(s) came)" if judge.passed_over else ""
    if spec.human:
        return f"no answer from a person reached {address} {window}{came}"
    return f"no email acknowledging the customer reached {address} {window}{came}"


def _key(mail: Mail) -> tuple:
    return (mail.message_id, mail.arrived_at, mail.subject)


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
