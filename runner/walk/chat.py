"""The chat widget, as the customer sees it: where it lives, its agent messages, who sent them.

`say` and `expect_reply` share what the customer remembers about the conversation through
`memory(session)`: the moment their last message was sent, the agent messages that were
already there (those never count as replies) and the replies seen since, each timed once.

Senders are read from the widget's `sender` element inside a message (`chat.sender`, the
override), else from the message as real widgets draw it (README): the page reports
the parts of each message element (its name label element, the name inside it, time stamps,
badges and avatars outside it, an author in the markup), and the pure rules of
runner/senders.py, which the conversation checks share, say who spoke, with what badge, and
what the message says without them.

Each message also reports when its own element first showed text (the probe's `seenAt`), so a
reply is timed by its element rather than by finding its text among the probe's change records,
which a widget that re-renders its whole list (each message with its sender and time) fills
with many messages at once (expect_reply.py says when the records still serve). The messages
are read in page order, and a read of a list re-rendered while Playwright was reading it (its
elements already detached) is read again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from playwright.sync_api import Error, Frame

from runner.patterns import normalise
from runner.senders import Drawn, read_sender, sender_in_text, without_leading_name
from runner.walk.page_scripts import PageScript

if TYPE_CHECKING:

    from runner.journey.model import ChatWidget
    from runner.walk.session import Session, Trigger

# Playwright selector engines: a selector using one cannot go to querySelector.
_ENGINE = re.compile(r"^\s*(?:[a-z_-]+=|/|\(|\.\.)|>>|:has-text|:text|:visible|:nth-match")


@dataclass
class AgentMessage:
    text: str  # the message without its sender label, badge and time, normalised
    sender: str | None  # who spoke: the name, or the badge when the widget shows only that
    full: str  # everything the message element shows, normalised
    badge: str | None = None  # the role drawn beside the name ("Virtual assistant")
    seen_at: float | None = None  # when its element first showed text (page clock, epoch ms)
    lines: tuple[str, ...] = ()  # the message's own lines, as `text` before they were joined

    @property
    def key(self) -> str:
        """What makes it the same message from one read to the next (not its time stamp,
        which a widget may rewrite: "1 min ago", "2 min ago")."""
        return self.text or self.full


@dataclass
class Reply:
    """A new agent message since the customer's last one, as it was first seen."""

    message: AgentMessage
    at: float  # when it appeared, page clock (epoch ms)
    timing: str  # how that moment was found (expect_reply.py)


@dataclass
class ChatMemory:
    """What the customer knows about the conversation since their last message."""

    trigger: Trigger | None = None  # when the last `say` was sent
    before: list[AgentMessage] = field(default_factory=list)  # agent messages already there
    senders_before: set[str] = field(default_factory=set)  # everyone who spoke before it
    replies: list[Reply] = field(default_factory=list)  # new messages since, in page order
    start: int = 0  # where they begin in the session's transcript
    claimed: set[tuple[int, str]] = field(default_factory=set)  # (probe record, message) tied


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


def frame(session: Session, timeout_ms: float = 500.0) -> Frame | None:
    """The widget's document (for the probe's clock); None while its frame is not there
    (looked for up to `timeout_ms`)."""
    chat = widget(session)
    if not chat.frame:
        return session.page.main_frame
    try:
        handle = session.page.locator(session.render(chat.frame)).first.element_handle(
            timeout=max(1.0, timeout_ms))
        return handle.content_frame() if handle else None
    except Error:
        return None


STALE_READS = 5  # reads of a list re-rendered while it was being read, before giving up

# Per agent message element: its text, and when its own element first showed text (the probe's
# seenAt), if that was at or after `since`. Without `chat.sender`, also the parts a widget
# draws a message with (read once per element and text: this runs every poll); with a CSS
# `chat.sender`, that element's text.
MESSAGES_JS = r"""(els, [sel, read, since]) => {
  const probe = window.__shopperProbe;
  const NAMES = 'name|author|sender|user|username|nick|nickname|from|who|displayname|handle';
  const NAME = new RegExp('^(?:' + NAMES + ')$');
  const LABEL = new RegExp('^(?:' + NAMES + '|title|header|heading|byline|meta)$');
  const TIME = /^(?:time|date|timestamp|datetime|stamp|ago)$/;
  const BADGE = /^(?:badge|role|tag|pill|chip)$/;
  const AVATAR = /^(?:avatar|initials|letter|picture|photo)$/;
  const ANY = new RegExp(NAMES + '|title|header|heading|byline|meta|time|date|stamp|ago|badge'
                         + '|role|tag|pill|chip|avatar|initials|letter|picture|photo', 'i');
  const ATTRS = ['data-author', 'data-sender', 'data-user', 'data-username', 'data-user-name',
                 'data-sender-name', 'data-author-name', 'data-name'];
  const HOLDERS = ATTRS.map((a) => '[' + a + ']').join(',');
  const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
  // The last word of each class name, without BEM modifiers: cs-message__sender-name -> name.
  const kindsOf = new Map();
  const kinds = (el) => {
    let found = kindsOf.get(el);
    if (found) return found;
    const raw = typeof el.className === 'string' ? el.className : (el.getAttribute('class') || '');
    found = !ANY.test(raw) ? [] : raw.split(/\s+/).filter(Boolean).map((c) => {
      const words = c.replace(/--.*$/, '').replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()
        .split(/[^a-z0-9]+/).filter(Boolean);
      return words[words.length - 1] || '';
    });
    kindsOf.set(el, found);
    return found;
  };
  const is = (el, re) => kinds(el).some((k) => re.test(k));
  const textOf = (el) => norm(el.innerText);
  const attrOf = (el) => {
    for (const name of ATTRS) {
      const value = el.getAttribute(name);
      if (value && value.trim()) return value.trim();
    }
    return null;
  };
  // An element already showing text before `since` had its text swapped in place: Python
  // then times it by the probe's records.
  const seen = (e) => {
    if (since === null || !probe || !probe.seenAt) return null;
    const at = probe.seenAt(e);
    return at !== null && at >= since ? at : null;
  };
  const drawn = (e, text) => {
    const total = norm(text).length;
    const all = [...e.querySelectorAll('*')];
    let label = null;
    let labelText = '';
    for (const el of all) {
      if (!is(el, LABEL)) continue;
      const t = textOf(el);
      if (t && t.length <= 120 && t.length < total) { label = el; labelText = el.innerText; break; }
    }
    const nameEl = label ? [label, ...label.querySelectorAll('*')].find(
      (el) => is(el, NAME) && textOf(el)) : null;
    const extras = [];
    for (const el of all) {
      if (label && label.contains(el)) continue;
      const kind = el.tagName === 'TIME' || is(el, TIME) ? 'time'
        : is(el, BADGE) ? 'badge' : is(el, AVATAR) ? 'avatar' : null;
      const t = kind ? textOf(el) : '';
      if (t && t.length <= 60) extras.push([kind, t]);
    }
    let firstOwn = false;
    if (!label) {
      const first = norm(text.split('\n').find((line) => line.trim()) || '');
      firstOwn = first.length > 0 && first.length < total && all.some(
        (el) => norm(el.textContent) === first && textOf(el) === first);
    }
    let author = attrOf(e);
    if (!author) {
      const holder = e.querySelector(HOLDERS);
      author = holder ? attrOf(holder) : null;
    }
    const named = (el) => el.getAttribute('title') || el.getAttribute('aria-label');
    const img = all.find((el) => el.tagName === 'IMG' && norm(el.getAttribute('alt')));
    const picture = img ? null : all.find((el) => is(el, AVATAR) && named(el));
    const avatar = img ? img.getAttribute('alt') : picture ? named(picture) : null;
    return {label: label ? labelText : null, name: nameEl ? nameEl.innerText : null,
            first_own: firstOwn, extras, author, aria: e.getAttribute('aria-label'), avatar};
  };
  // Playwright finds the elements, then calls this: a list re-rendered in between has left
  // them detached, where innerText is their bare textContent. Python reads again.
  if (els.some((e) => !e.isConnected)) return null;
  // The parts of a message element are read once, and again only when its text changes.
  let known = window.__shopperChatParts;
  if (!known) {
    known = new WeakMap();
    Object.defineProperty(window, '__shopperChatParts', {value: known, enumerable: false});
  }
  // A message in the list but not shown (a widget inserting it hidden, to animate it in once
  // "typing…" is over) is no message yet: innerText would give its text all the same. An
  // element that is `display: contents` (a web component's host, often) has no box of its
  // own, so the browser calls it invisible: whether its parent is shown says.
  const shown = (el) => {
    if (!el.checkVisibility || el.checkVisibility({visibilityProperty: true})) return true;
    if (getComputedStyle(el).display !== 'contents') return false;
    const parent = el.parentElement || (el.getRootNode && el.getRootNode().host);
    return !parent || shown(parent);
  };
  return els.map((e) => {
    if (!shown(e)) return {text: '', sender: null, seen: null, hidden: true};
    const text = e.innerText || '';
    const item = {text, sender: null, seen: seen(e)};
    if (sel) {
      const who = e.querySelector(sel);
      item.sender = who ? (who.innerText || '') : null;
    } else if (read) {
      const before = known.get(e);
      item.drawn = before && before.text === text ? before.drawn : drawn(e, text);
      known.set(e, {text, drawn: item.drawn});
    }
    return item;
  });
}"""


MESSAGES = PageScript("chatMessages", MESSAGES_JS)  # installed with the probe


def read_messages(session: Session, since: float | None = None) -> list[AgentMessage]:
    """The agent messages the widget shows now, in page order; with `since` (epoch ms, page
    clock), each with the moment its element appeared, if that was at or after `since`."""
    chat = widget(session)
    messages = session.every_match(chat.agent_messages, root(session))
    css = chat.sender.selector if chat.sender is not None and chat.sender.selector else None
    if css is not None and _ENGINE.search(css):
        css = None
    raw = None
    for _ in range(STALE_READS):
        try:
            raw = MESSAGES.call_all(messages, [css, chat.sender is None, since])
        except Error:
            return []
        if raw is not None:
            break
    if raw is None:
        return []
    if chat.sender is not None and css is None:  # a Playwright locator: one element at a time
        for index, item in enumerate(raw):
            if item.get("hidden"):
                continue
            try:
                who = session.every_match(chat.sender, messages.nth(index))
                item["sender"] = who.first.inner_text(timeout=200) if who.count() else None
            except Error:
                item["sender"] = None
    return [_message(session, item) for item in raw if not item.get("hidden")]


def _message(session: Session, item: dict) -> AgentMessage:
    seen = item.get("seen")
    seen_at = float(seen) if isinstance(seen, (int, float)) else None
    text = session.mask(item.get("text") or "")
    full = normalise(text).replace("\n", " ")
    drawn = item.get("drawn")
    if drawn is None:  # `chat.sender` says where the sender is: taken as it is written
        return _labelled(full, item.get("sender"), seen_at)
    sender = read_sender(Drawn(
        text=text, label=_masked(session, drawn.get("label")),
        name=_masked(session, drawn.get("name")), first_own=bool(drawn.get("first_own")),
        extras=tuple((kind, session.mask(value)) for kind, value in drawn.get("extras") or []),
        author=_masked(session, drawn.get("author")), aria=_masked(session, drawn.get("aria")),
        avatar=_masked(session, drawn.get("avatar"))))
    return AgentMessage(text=sender.text.replace("\n", " "), sender=sender.sender, full=full,
                        badge=sender.badge if sender.name else None, seen_at=seen_at,
                        lines=tuple(line for line in sender.text.split("\n") if line))


def _masked(session: Session, value: str | None) -> str | None:
    return session.mask(value) if value else None


def _labelled(full: str, label: str | None, seen_at: float | None) -> AgentMessage:
    label = normalise(label).replace("\n", " ") if label else None
    body = full
    if label and body.startswith(label):
        body = body[len(label):].lstrip(" :-–—")
    sender = label or sender_in_text(body)
    if not label and sender:
        body = without_leading_name(body)
    return AgentMessage(text=body, sender=sender or None, full=full, seen_at=seen_at,
                        lines=(body,) if body else ())


def new_messages(now: list[AgentMessage], before: list[AgentMessage]) -> list[AgentMessage]:
    """The messages that were not there before the customer's last message, in page order."""
    if len(now) >= len(before) and all(a.key == b.key for a, b in zip(now, before, strict=False)):
        return now[len(before):]
    # The widget dropped or rewrote old messages: whatever is not among the old ones is new.
    left = [m.key for m in before]
    fresh = []
    for message in now:
        if message.key in left:
            left.remove(message.key)
        else:
            fresh.append(message)
    return fresh
