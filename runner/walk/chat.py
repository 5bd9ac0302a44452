"""The chat widget, as the customer sees it: where it lives, its agent messages, who sent them.

`say` and `expect_reply` share what the customer remembers about the conversation through
`memory(session)`: the moment their last message was sent and the agent messages that were
already there (those never count as replies). Senders are read from the widget's `sender`
element inside a message, else from the message itself (a leading "Name:" or a sign-off).

Who a sender is (a name, a bot, nobody in particular) is decided by the pure rules in
runner/senders.py, which the conversation checks share to judge a stored transcript.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from playwright.sync_api import Error, Frame

from runner.patterns import normalise
from runner.senders import sender_in_text, without_leading_name
from runner.walk import untraced

if TYPE_CHECKING:
    from playwright.sync_api import Locator as PWLocator

    from runner.journey.model import ChatWidget, Locator
    from runner.walk.session import Session, Trigger

# Playwright selector engines: a selector using one cannot go to querySelector.
_ENGINE = re.compile(r"^\s*(?:[a-z_-]+=|/|\(|\.\.)|>>|:has-text|:text|:visible|:nth-match")


@dataclass
class AgentMessage:
    text: str  # the message without its sender label, normalised
    sender: str | None
    full: str  # everything the message element shows, normalised


@dataclass
class ChatMemory:
    """What the customer knows about the conversation since their last message."""

    trigger: Trigger | None = None  # when the last `say` was sent
    before: list[AgentMessage] = field(default_factory=list)  # agent messages already there
    senders_before: set[str] = field(default_factory=set)  # everyone who spoke before it
    recorded: int = 0  # new agent messages already put in the transcript
    times: list[tuple[float, str]] = field(default_factory=list)  # their page time, timing
    claimed: set[int] = field(default_factory=set)  # probe records already tied to a message


def memory(session: Session) -> ChatMemory:
    """The conversation memory of this session (kept beside it, created on first use)."""
    found = session.__dict__.get("_chat_memory")
    if found is None:
        found = session.__dict__["_chat_memory"] = ChatMemory()
    return found


def widget(session: Session) -> ChatWidget:
    chat = session.journey.chat
    if chat is None:  # the loader refuses this; kept for journeys built in code
        from runner.walk.outcomes import StepFailed
        raise StepFailed("this journey has no `chat:` block: where does the chat widget live?")
    return chat


def root(session: Session) -> Any:
    """Where the widget's locators are resolved: the page, or the frame it lives in."""
    chat = widget(session)
    if chat.frame:
        return session.page.frame_locator(session.render(chat.frame)).first
    return session.page


def frame(session: Session) -> Frame | None:
    """The widget's document (for the probe's clock); None while its frame is not there."""
    chat = widget(session)
    if not chat.frame:
        return session.page.main_frame
    try:
        handle = session.page.locator(session.render(chat.frame)).first.element_handle(
            timeout=500)
        return handle.content_frame() if handle else None
    except Error:
        return None


def every(session: Session, locator: Locator, scope: Any) -> PWLocator:
    """Every element a locator finds (Session.locate keeps only the first)."""
    if locator.selector is not None:
        return scope.locator(locator.selector)
    value = session.render(locator.value or "")
    if locator.by == "role":
        name = session.render(locator.name) if locator.name else None
        return scope.get_by_role(value, name=name, exact=locator.exact)
    if locator.by == "testid":
        return scope.get_by_test_id(value)
    finder = {"label": scope.get_by_label, "text": scope.get_by_text,
              "placeholder": scope.get_by_placeholder, "alt": scope.get_by_alt_text,
              "title": scope.get_by_title}[locator.by or "text"]
    return finder(value, exact=locator.exact)


def read_messages(session: Session) -> list[AgentMessage]:
    """The agent messages the widget shows now, oldest first."""
    chat = widget(session)
    messages = every(session, chat.agent_messages, root(session))
    css = chat.sender.selector if chat.sender is not None and chat.sender.selector else None
    if css is not None and _ENGINE.search(css):
        css = None
    try:
        raw = untraced.evaluate_all(
            messages,
            "(els, sel) => els.map((e) => { const who = sel ? e.querySelector(sel) : null;"
            " return {text: e.innerText || '', sender: who ? (who.innerText || '') : null}; })",
            css)
    except Error:
        return []
    if chat.sender is not None and css is None:  # a Playwright locator: one element at a time
        for index, item in enumerate(raw):
            try:
                who = every(session, chat.sender, messages.nth(index))
                item["sender"] = who.first.inner_text(timeout=200) if who.count() else None
            except Error:
                item["sender"] = None
    return [_message(session.mask(item["text"]), item["sender"]) for item in raw]


def _message(text: str, label: str | None) -> AgentMessage:
    full = normalise(text).replace("\n", " ")
    label = normalise(label).replace("\n", " ") if label else None
    body = full
    if label and body.startswith(label):
        body = body[len(label):].lstrip(" :-–—")
    sender = label or sender_in_text(body)
    if not label and sender:
        body = without_leading_name(body)
    return AgentMessage(text=body, sender=sender or None, full=full)


def new_messages(now: list[AgentMessage], before: list[AgentMessage]) -> list[AgentMessage]:
    """The messages that were not there before the customer's last message."""
    if len(now) >= len(before) and all(a.full == b.full for a, b in zip(now, before, strict=False)):
        return now[len(before):]
    # The widget dropped or rewrote old messages: whatever is not among the old ones is new.
    left = [m.full for m in before]
    fresh = []
    for message in now:
        if message.full in left:
            left.remove(message.full)
        else:
            fresh.append(message)
    return fresh
