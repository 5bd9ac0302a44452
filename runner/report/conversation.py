"""The chat transcript and the emails of one journey run, as the reader of a run page sees them.

Every word here came from the site under test (or from the persona, masked by the runner):
it stays plain `str` for autoescape, cut into pieces so that only the http(s) URLs inside it
become links; `javascript:`, `data:` and anything else stays text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from runner.report.moments import (
    JourneyClock,
    Moment,
    email_moment,
    index_of,
    reply_moment,
    transcript_messages,
)
from runner.report.values import (
    Link,
    as_dict,
    as_list,
    format_duration,
    link,
    number_or_none,
    text_or,
)

URL_IN_TEXT = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
NOT_PART_OF_A_URL = ".,;:!?)]}’”'\""  # punctuation that ends a sentence around a URL
SPEAKER_CLASSES = ("customer", "agent")


def text_with_links(text: str) -> list[Link]:
    """`text` in pieces: plain text, and each http(s) URL in it as a link."""
    pieces: list[Link] = []
    position = 0
    for found in URL_IN_TEXT.finditer(text):
        url = found.group(0).rstrip(NOT_PART_OF_A_URL)
        if "://" not in url or url.endswith("://"):
            continue
        if found.start() > position:
            pieces.append(Link(text=text[position:found.start()]))
        pieces.append(Link(text=url, href=url))
        position = found.start() + len(url)
    if position < len(text):
        pieces.append(Link(text=text[position:]))
    return pieces


def format_offset(ms: float | None) -> str | None:
    """A time from the journey's start, as a transcript shows it: `0.96 s`, `2 min 11.9 s`."""
    if ms is None:
        return None
    seconds = round(max(ms, 0.0) / 10) / 100
    if seconds < 60:
        return f"{seconds:.2f} s"
    minutes, seconds = divmod(round(ms / 100) / 10, 60)
    return f"{int(minutes)} min {seconds:.1f} s"


@dataclass(frozen=True)
class MessageView:
    speaker_class: str  # "customer", "agent" or "other": how the message is drawn
    speaker: str  # who said it, in words
    parts: list[Link]
    at_ms: float | None  # from the journey's start, on the waterfall's axis
    at_text: str | None
    waited_text: str | None  # an agent message: how long after the customer's message
    late: bool
    person_took_over: bool
    step_index: int | None

    @property
    def text(self) -> str:
        return "".join(part.text for part in self.parts)


def transcript_view(data: dict[str, Any], clock: JourneyClock | None) -> list[MessageView]:
    steps = [step for step in as_list(data.get("steps")) if isinstance(step, dict)]
    reply_steps = [step for step in steps if step.get("action") == "expect_reply"]
    sends = {number_or_none(as_dict(step.get("measured")).get("sent_at")): index_of(step)
             for step in steps if step.get("action") == "say"}
    budgets = as_dict(data.get("budgets"))
    views = []
    # Waits and budgets need no clock: without one, only the times from the start are unknown.
    measuring = clock or JourneyClock(zero_epoch_ms=0.0)
    for message in transcript_messages(data):
        moment = reply_moment(message, reply_steps, measuring, budgets)
        waited = moment.waited_ms if moment else None
        at_ms = clock.journey_ms(message.at) if clock and message.at is not None else None
        views.append(MessageView(
            speaker_class=message.who if message.who in SPEAKER_CLASSES else "other",
            speaker=speaker(message.who, message.sender),
            parts=text_with_links(message.text),
            at_ms=at_ms,
            at_text=format_offset(at_ms),
            waited_text=(f"{format_duration(waited)} after the customer’s message"
                         if waited is not None else None),
            late=bool(moment and moment.late),
            person_took_over=bool(moment and moment.person_took_over),
            step_index=moment.step_index if moment else sends.get(message.at)
            if message.who == "customer" and message.at is not None else None,
        ))
    return views


def speaker(who: str, sender: str | None) -> str:
    if who == "customer":
        return f"{sender} (customer)" if sender else "Customer"
    if who == "agent":
        return sender or "Agent (no name shown)"
    return f"{sender} ({who})" if sender else who


@dataclass(frozen=True)
class EmailView:
    subject: str
    sender: str | None
    to: list[str]
    arrived_text: str | None  # from the journey's start
    waited_text: str | None  # from the customer's action
    budget_text: str | None
    late: bool
    excerpt: list[Link]
    links: list[Link]
    contains: str | None  # the reference the page gave, looked for in the email
    contains_found: bool | None
    step_index: int | None


def email_views(data: dict[str, Any], clock: JourneyClock | None) -> list[EmailView]:
    email_steps = {index_of(step): step for step in as_list(data.get("steps"))
                   if isinstance(step, dict) and step.get("action") == "expect_email"}
    budgets = as_dict(data.get("budgets"))
    measuring = clock or JourneyClock(zero_epoch_ms=0.0)
    views = []
    for email in as_list(data.get("emails")):
        if not isinstance(email, dict) or email.get("direction") in ("sent", "received"):
            continue  # the email channel's conversation has its own view
        moment: Moment | None = email_moment(email, email_steps, measuring, budgets)
        waited = number_or_none(email.get("email_ms"))
        budget = moment.budget_ms if moment else None
        excerpt = email.get("excerpt")
        to = email.get("to")
        views.append(EmailView(
            subject=text_or(email.get("subject"), "(no subject)") or "(no subject)",
            sender=text_or(email.get("from"), None),
            to=[to] if isinstance(to, str) else [str(a) for a in as_list(to)
                                                  if isinstance(a, str | int | float)],
            arrived_text=format_offset(moment.at_ms) if moment and clock else None,
            waited_text=(f"{format_duration(waited)} after the customer’s action"
                         if waited is not None else None),
            budget_text=format_duration(budget) if budget is not None else None,
            late=bool(moment and moment.late),
            excerpt=text_with_links(excerpt) if isinstance(excerpt, str) else [],
            links=[found for url in as_list(email.get("links")) if (found := link(url))],
            contains=text_or(email.get("contains"), None),
            contains_found=email.get("contains_found")
            if isinstance(email.get("contains_found"), bool) else None,
            step_index=email.get("step") if isinstance(email.get("step"), int) else None,
        ))
    return views
