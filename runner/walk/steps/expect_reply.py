"""`expect_reply`: did someone answer the customer's last chat message, and who?

A reply is an agent message that was not in the widget when the customer sent their last
message. It is timed like an acknowledgement (README): from the send, as it reached
the page, to the moment the message appeared, both on the page's clock. That moment is when
the message's own element first showed text (the probe's `seenAt`, "element"), so a widget that
re-renders its whole list, each message with its sender and time, cannot move a reply the
tool has seen. The probe's change records still serve where the element cannot: an element
that was already there (a placeholder whose text was swapped for the reply) and one younger
than its message (the list re-rendered before the tool first read it) are timed by the first
record showing the message ("probe": all its lines; "probe-text": its text inside one). A
swapped-in reply word for word the same as one already shown is no new text to the probe: it is
timed by the probe's last DOM change as the tool first saw it ("last-change"); a repeat in an
element of its own is timed by that element like any other. Every agent message seen goes into
the transcript, in the order the page shows them.

With `handoff: true` the customer needs a person: someone new, not labelled as a bot by their
name or their badge, must answer after the message. "Connecting you to a colleague…" alone is
not that, so the step keeps waiting inside its window for the newcomer.
"""

from __future__ import annotations

import re
import time

from playwright.sync_api import Error

from runner.journey.model import ReplySpec, Step
from runner.patterns import compile_all, first_match, normalise
from runner.senders import is_bot
from runner.walk import chat, untraced
from runner.walk.outcomes import Outcome, StepFailed
from runner.walk.session import LOOK_AGAIN_MS, Change, Session
from runner.walk.steps.base import action

EVIDENCE_LIMIT = 4_000
SINCE_SLACK_MS = 1.0  # the send and the widget may sit in different documents (frames)
DISTINCT_TEXT = 16  # characters: a reply this long is told from others by its text alone


@action("expect_reply")
def expect_reply(session: Session, step: Step) -> Outcome:
    spec: ReplySpec = step.value
    remembered = chat.memory(session)
    trigger = remembered.trigger
    if trigger is None:
        raise StepFailed("no chat message was sent before this reply")
    patterns = compile_all(spec.text) if spec.text else []
    bot_labels = session.patterns.family("bot_label")
    handoff_phrases = session.patterns.family("handoff")
    budget = session.budgets["reply"]
    window_end = trigger.at + spec.within_ms  # epoch ms, the page's clock
    reply: tuple[chat.Reply, re.Match[str] | None] | None = None
    human: chat.Reply | None = None

    widget_frame, seen = None, None
    # The widget's last DOM change known before the last look at it (its page's clock): a
    # message that look did not show, it did not show before that change either.
    looked_after = trigger.at
    while True:
        session.collect_changes()
        session.raise_for_http_errors()
        now = chat.read_messages(session, since=trigger.at - SINCE_SLACK_MS)
        fresh = chat.new_messages(now, remembered.before)
        _take_in(session, remembered, fresh, looked_after)
        if seen is not None:
            looked_after = seen
        reply, human = _judge(remembered, patterns, bot_labels)
        done = reply is not None and (not spec.handoff or human is not None)
        if done or time.time() * 1000.0 >= window_end or session.remaining_ms() <= 0:
            break
        # Until the widget's page changes (a message, a typing indicator), not a poll.
        left = min(window_end - time.time() * 1000.0, session.remaining_ms(), LOOK_AGAIN_MS)
        if widget_frame is None or widget_frame.is_detached():
            widget_frame = chat.frame(session, timeout_ms=left)  # replaced, or not there yet
        seen = session.wait_for_change(widget_frame, seen, left)

    replies = [r.message for r in remembered.replies]
    observed = {"replies": [{"sender": m.sender, "badge": m.badge,
                             "text": m.text[:EVIDENCE_LIMIT]} for m in replies],
                "trigger": trigger.type, "trigger_at": trigger.at, "url": session.page.url,
                "asked": {"text": list(spec.text), "handoff": spec.handoff},
                "senders_before": sorted(remembered.senders_before)}
    measured: dict = {"window_ms": spec.within_ms, "budget_ms": budget}
    if spec.handoff:
        in_time = human is not None and human.at <= window_end
        measured["handoff"] = in_time
        measured["human"] = human.message.sender if in_time and human else None
        measured["human_ms"] = round(human.at - trigger.at, 1) if in_time and human else None
        phrase = next((found.group(0) for m in replies
                       if (found := first_match(handoff_phrases, m.text))), None)
        observed["handoff_phrase"] = phrase
    if reply is None or reply[0].at > window_end:
        if session.remaining_ms() <= 0:
            raise session.fail_for_timeout(step, spec.within_ms, "waiting for a chat reply")
        measured["reply_ms"] = None
        heard = "no reply" if not replies else "no reply matching what was expected"
        return Outcome(measured=measured, observed=observed,
                       missing=f"{heard} within {spec.within_ms / 1000:g} s")
    first, found = reply
    message = first.message
    measured["reply_ms"] = round(first.at - trigger.at, 1)
    measured["timing"] = first.timing
    measured["sender"] = message.sender
    if message.badge:
        measured["badge"] = message.badge
    observed["reply"] = message.text[:EVIDENCE_LIMIT]
    captured = None
    if found is not None:
        captured = found.groupdict().get("ref") or found.group(0)
        measured["matched"] = found.re.pattern
    return Outcome(measured=measured, observed=observed, captured=captured)


def _judge(remembered: chat.ChatMemory, patterns: list[re.Pattern[str]],
           bot_labels: list[re.Pattern[str]]
           ) -> tuple[tuple[chat.Reply, re.Match[str] | None] | None, chat.Reply | None]:
    """The first reply matching the patterns, and the first reply from a new person."""
    reply = human = None
    for seen in remembered.replies:
        message = seen.message
        found = first_match(patterns, message.text) if patterns else None
        if reply is None and (found or not patterns):
            reply = (seen, found)
        if human is None and message.sender and message.sender not in remembered.senders_before \
                and not is_bot(message.sender, bot_labels, message.badge):
            human = seen
    return reply, human


def _take_in(session: Session, remembered: chat.ChatMemory,
             fresh: list[chat.AgentMessage], looked_after: float) -> None:
    """Time each message seen for the first time (the last look, after the widget's change
    at `looked_after`, did not show it), keep the replies in page order, and put them in
    the transcript after the customer's message."""
    known = list(remembered.replies)
    present: list[chat.Reply] = []
    for message in fresh:
        same = next((r for r in known if r.message.key == message.key), None)
        if same is not None:
            known.remove(same)
            if same.message.sender is None and message.sender:
                same.message = message
            present.append(same)
            continue
        at, timing = _appeared_at(session, remembered, message, looked_after)
        present.append(chat.Reply(message=message, at=at, timing=timing))
    remembered.replies = _in_page_order(remembered.replies, present, gone=known)
    session.transcript[remembered.start:] = [
        {"at": round(r.at, 1), "from": "agent", "sender": r.message.sender,
         **({"badge": r.message.badge} if r.message.badge else {}), "text": r.message.text}
        for r in remembered.replies]


def _in_page_order(previous: list[chat.Reply], present: list[chat.Reply],
                   gone: list[chat.Reply]) -> list[chat.Reply]:
    """The replies on the page in its order; one no longer shown stays after the reply it
    followed (the customer saw it)."""
    if not gone:
        return present
    following: dict[int | None, list[chat.Reply]] = {}
    last: chat.Reply | None = None
    for reply in previous:
        if any(reply is g for g in gone):
            following.setdefault(id(last) if last else None, []).append(reply)
        else:
            last = reply
    ordered = list(following.get(None, []))
    for reply in present:
        ordered.append(reply)
        ordered.extend(following.get(id(reply), []))
    return ordered


def _appeared_at(session: Session, remembered: chat.ChatMemory,
                 message: chat.AgentMessage, looked_after: float) -> tuple[float, str]:
    shown = _first_record(session, remembered, message)
    # Its own element, as the probe saw it appear; unless the message was on screen before
    # that element was: a widget that re-renders its whole list replaces every message's
    # element with each new one, and the tool may first read the list after such a re-render
    # (a busy machine, or messages coming while the `say` step was still settling). Only a
    # record with all its lines, long enough to be this message and no other ("OK" may be
    # the customer's own), says so.
    if message.seen_at is not None and (
            shown is None or shown[1] != "probe" or len(message.text) < DISTINCT_TEXT
            or shown[0].at >= message.seen_at - 0.5):
        return message.seen_at, "element"
    if shown is not None:
        return shown[0].at, shown[1]
    # Same words as a message already shown: no new text for the probe; its last DOM change
    # is the message going in (the tool is woken by it), unless that change was already there
    # at the last look, which did not show the message: then it was shown by something the
    # probe does not watch (an attribute, an animation's end): the tool's look is all there is.
    frame = chat.frame(session)
    try:
        last = untraced.evaluate(frame, "() => window.__shopperProbe ? "
                                        "window.__shopperProbe.lastChangeAt : null"
                                 ) if frame else None
    except Error:
        last = None
    if isinstance(last, (int, float)) and last > looked_after:
        return float(last), "last-change"
    return time.time() * 1000.0, "tool"


def _first_record(session: Session, remembered: chat.ChatMemory,
                  message: chat.AgentMessage) -> tuple[Change, str] | None:
    """The probe's first record since the send that shows the message: every line of it
    ("probe"), else its text inside a line ("probe-text"). Each record serves a message said
    twice only once."""
    changes = [c for c in session.new_text_since_trigger()
               if c.at >= remembered.trigger.at - 0.5]
    for how in ("probe", "probe-text"):
        for position, change in enumerate(changes):
            if (position, message.key) in remembered.claimed:
                continue
            text = normalise(change.text)
            if how == "probe":
                lines = set(text.split("\n"))
                found = bool(message.lines) and all(line in lines for line in message.lines) \
                    or text.replace("\n", " ") == message.full
            else:
                found = bool(message.text) and message.text in text.replace("\n", " ")
            if found:
                remembered.claimed.add((position, message.key))
                return change, how
    return None
