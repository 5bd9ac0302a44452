"""`expect_reply`: did someone answer the customer's last chat message, and who?

A reply is an agent message that was not in the widget when the customer sent their last
message. It is timed like an acknowledgement (SPEC §2 "Timing"): from the send, as it reached
the page, to the moment the message appeared, both on the page's clock. The moment comes from
the in-page probe's record of the message; when no record can be tied to it (a reply word for
word the same as one already shown is not new *text* to the probe), from the probe's last DOM
change as the tool first saw the message. Every agent message seen goes into the transcript.

With `handoff: true` the customer needs a person: someone new, not labelled as a bot, must
answer after the message. "Connecting you to a colleague…" alone is not that, so the step
keeps waiting inside its window for the newcomer.
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
from runner.walk.session import POLL_MS, Change, Session
from runner.walk.steps.base import action

EVIDENCE_LIMIT = 4_000


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
    fresh: list[chat.AgentMessage] = []
    reply: tuple[chat.AgentMessage, float, re.Match[str] | None] | None = None
    human: tuple[chat.AgentMessage, float] | None = None

    while True:
        session.collect_changes()
        session.raise_for_http_errors()
        fresh = chat.new_messages(chat.read_messages(session), remembered.before)
        _time_new(session, remembered, fresh)
        reply, human = _judge(fresh, remembered, patterns, bot_labels)
        done = reply is not None and (not spec.handoff or human is not None)
        if done or time.time() * 1000.0 >= window_end or session.remaining_ms() <= 0:
            break
        session.wait(POLL_MS)

    observed = {"replies": [{"sender": m.sender, "text": m.text[:EVIDENCE_LIMIT]}
                            for m in fresh],
                "trigger": trigger.type, "trigger_at": trigger.at, "url": session.page.url,
                "asked": {"text": list(spec.text), "handoff": spec.handoff},
                "senders_before": sorted(remembered.senders_before)}
    measured: dict = {"window_ms": spec.within_ms, "budget_ms": budget}
    if spec.handoff:
        in_time = human is not None and human[1] <= window_end
        measured["handoff"] = in_time
        measured["human"] = human[0].sender if in_time else None
        measured["human_ms"] = round(human[1] - trigger.at, 1) if in_time else None
        phrase = next((found.group(0) for m in fresh
                       if (found := first_match(handoff_phrases, m.text))), None)
        observed["handoff_phrase"] = phrase
    if reply is None or reply[1] > window_end:
        if session.remaining_ms() <= 0:
            raise session.fail_for_timeout(step, spec.within_ms, "waiting for a chat reply")
        measured["reply_ms"] = None
        heard = "no reply" if not fresh else "no reply matching what was expected"
        return Outcome(measured=measured, observed=observed,
                       missing=f"{heard} within {spec.within_ms / 1000:g} s")
    message, at, found = reply
    measured["reply_ms"] = round(at - trigger.at, 1)
    measured["timing"] = remembered.times[fresh.index(message)][1]
    measured["sender"] = message.sender
    observed["reply"] = message.text[:EVIDENCE_LIMIT]
    captured = None
    if found is not None:
        captured = found.groupdict().get("ref") or found.group(0)
        measured["matched"] = found.re.pattern
    return Outcome(measured=measured, observed=observed, captured=captured)


def _judge(fresh: list[chat.AgentMessage], remembered: chat.ChatMemory,
           patterns: list[re.Pattern[str]], bot_labels: list[re.Pattern[str]]):  # noqa: ANN202
    """The first reply matching the patterns, and the first reply from a new person."""
    reply = human = None
    for message, (at, _) in zip(fresh, remembered.times, strict=False):
        found = first_match(patterns, message.text) if patterns else None
        if reply is None and (found or not patterns):
            reply = (message, at, found)
        if human is None and message.sender and message.sender not in remembered.senders_before \
                and not is_bot(message.sender, bot_labels):
            human = (message, at)
    return reply, human


def _time_new(session: Session, remembered: chat.ChatMemory,
              fresh: list[chat.AgentMessage]) -> None:
    """Give each newly seen message its page time and put it in the transcript."""
    changes = [c for c in session.new_text_since_trigger()
               if c.at >= remembered.trigger.at - 0.5]
    for message in fresh[len(remembered.times):]:
        at, how = _appeared_at(session, message, changes, remembered.claimed)
        remembered.times.append((at, how))
    for message, (at, _) in list(zip(fresh, remembered.times, strict=False))[remembered.recorded:]:
        session.transcript.append({"at": round(at, 1), "from": "agent",
                                   "sender": message.sender, "text": message.text})
        remembered.recorded += 1


def _appeared_at(session: Session, message: chat.AgentMessage, changes: list[Change],
                 claimed: set[int]) -> tuple[float, str]:
    # The probe's record of the message element itself, else the first record holding its text.
    for exact in (True, False):
        for position, change in enumerate(changes):
            if position in claimed:
                continue
            text = normalise(change.text).replace("\n", " ")
            if (text == message.full) if exact else (message.text and message.text in text):
                claimed.add(position)
                return change.at, "probe" if exact else "probe-text"
    # Same words as a message already shown: no new text for the probe; its last DOM change
    # is the message going in (the tool saw it within one poll).
    frame = chat.frame(session)
    try:
        last = untraced.evaluate(frame, "() => window.__shopperProbe ? "
                                        "window.__shopperProbe.lastChangeAt : null"
                                 ) if frame else None
    except Error:
        last = None
    if isinstance(last, (int, float)):
        return float(last), "last-change"
    return time.time() * 1000.0, "tool"
