"""The email conversation of one journey run (the email channel), drawn like the chat
transcript: who wrote, when, how long after the customer's email each answer came (late
against its budget), whether a machine or a person answered, the case reference, and whether
the answer stayed in the customer's thread.

Read from the result's `emails`: the customer's mails (`direction: sent`) and the business's
answers judged on the channel (`direction: received`). Confirmation emails read without the
channel keep their own section ("Emails received"). Everything here came from the site or the
persona: plain `str`, escaped by the template.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import parseaddr
from typing import Any

from runner.report.conversation import format_offset, text_with_links
from runner.report.moments import JourneyClock, index_of
from runner.report.values import Link, as_dict, as_list, format_duration, number_or_none, text_or

THREAD_WORDS = {"headers": "in the customer's thread (it answers their email)",
                "reference": "in the customer's thread (it quotes their case)"}


@dataclass(frozen=True)
class EmailMessageView:
    speaker_class: str  # "customer" or "agent", as the chat transcript draws them
    speaker: str
    subject: str
    parts: list[Link]
    at_text: str | None  # from the journey's start
    waited_text: str | None  # an answer: how long after the customer's email
    budget_text: str | None
    late: bool
    automatic: str | None  # why it reads as sent by a machine
    person: str | None  # the person who answered, by name
    reference: str | None
    thread: str | None
    attachments: list[str]
    step_index: int | None
    at_epoch: float | None


def is_channel_email(email: Any) -> bool:
    return isinstance(email, dict) and email.get("direction") in ("sent", "received")


def email_conversation_view(data: dict[str, Any], clock: JourneyClock | None
                            ) -> list[EmailMessageView]:
    steps = {index_of(step): step for step in as_list(data.get("steps"))
             if isinstance(step, dict)}
    views = [_view(email, steps, clock) for email in as_list(data.get("emails"))
             if is_channel_email(email)]
    return sorted(views, key=lambda view: (view.at_epoch is None, view.at_epoch or 0.0))


def _view(email: dict[str, Any], steps: dict[int | None, dict], clock: JourneyClock | None
          ) -> EmailMessageView:
    sent = email.get("direction") == "sent"
    at = number_or_none(email.get("sent_at") if sent else email.get("arrived_at"))
    step_index = email.get("step") if isinstance(email.get("step"), int) else None
    measured = as_dict(steps.get(step_index, {}).get("measured"))
    waited = None if sent else number_or_none(email.get("email_ms"))
    budget = number_or_none(measured.get("budget_ms"))
    sender = text_or(email.get("from"), None) or ""
    name, address = parseaddr(sender)
    person = text_or(email.get("person"), None)
    automatic = text_or(email.get("automatic"), None)
    if sent:
        speaker = f"{name or address or 'Customer'} (customer)"
    elif automatic:
        speaker = f"{name or address or 'The business'} (automatic)"
    else:
        speaker = person or name or address or "The business (no name given)"
    excerpt = email.get("excerpt")
    return EmailMessageView(
        speaker_class="customer" if sent else "agent",
        speaker=speaker,
        subject=text_or(email.get("subject"), "(no subject)") or "(no subject)",
        parts=text_with_links(excerpt) if isinstance(excerpt, str) else [],
        at_text=format_offset(clock.journey_ms(at)) if clock and at is not None else None,
        waited_text=(f"{format_duration(waited)} after the customer’s email"
                     if waited is not None else None),
        budget_text=format_duration(budget) if budget is not None and not sent else None,
        late=bool(waited is not None and budget is not None and waited > budget),
        automatic=automatic,
        person=person if not automatic else None,
        # The reference it gave, else the case it quoted (`contains`, found in it).
        reference=text_or(email.get("reference"), None) or (
            text_or(email.get("contains"), None) if email.get("contains_found") else None),
        thread=THREAD_WORDS.get(email.get("in_thread") or "") if not sent else None,
        attachments=[str(a) for a in as_list(email.get("attachments")) if isinstance(a, str)],
        step_index=step_index,
        at_epoch=at,
    )
