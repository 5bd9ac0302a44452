"""When the customer heard back, on the same time axis as the step waterfall.

Steps are timed from the journey's start on the runner's monotonic clock (`start_ms`). The
moment an acknowledgement or a chat reply appeared is an epoch time taken in the page (the
in-page probe), the moment an email arrived an epoch time taken by the mailbox. `started_at`
ties the two clocks together to a few milliseconds (it is taken just before the step clock
starts); what skew remains is fitted away with the customer actions whose page time is known:
a chat message's send (`say`, `measured.sent_at`) and the action that triggered an
acknowledgement (`observed.trigger_step`) must each fall inside their own step's bar.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from runner.report.reading import parse_moment
from runner.report.values import as_dict, as_list, format_duration, number_or_none, text_or

MOMENT_KINDS = ("acknowledgement", "reply", "email")
WAITING_ACTIONS = {"expect_ack": "acknowledgement", "expect_reply": "reply",
                   "expect_email": "email"}
SAME_INSTANT_MS = 0.5  # epoch times copied between records are equal up to rounding


@dataclass(frozen=True)
class StepTime:
    """Where one step's bar lies on the waterfall, in ms from the journey's start."""

    index: int | None
    action: str
    start_ms: float
    duration_ms: float | None

    @property
    def end_ms(self) -> float:
        return self.start_ms + (self.duration_ms or 0.0)


def step_times(steps: list[Any]) -> list[StepTime]:
    """Each step's start and duration; without `start_ms`, steps are laid end to end."""
    times = []
    elapsed = 0.0
    for step in steps:
        if not isinstance(step, dict):
            continue
        duration = number_or_none(step.get("duration_ms"))
        start = number_or_none(step.get("start_ms"))
        start = elapsed if start is None else start
        elapsed = start + (duration or 0.0)
        index = step.get("index") if isinstance(step.get("index"), int) else None
        times.append(StepTime(index, text_or(step.get("action"), "") or "", start, duration))
    return times


@dataclass(frozen=True)
class JourneyClock:
    """Turns an epoch time (page or mailbox) into ms on the waterfall."""

    zero_epoch_ms: float

    def journey_ms(self, epoch_ms: float) -> float:
        return epoch_ms - self.zero_epoch_ms


def fit_clock(data: dict[str, Any], times: list[StepTime]) -> JourneyClock | None:
    """The clock for one result; None when nothing ties page times to the steps."""
    anchors = known_triggers(as_list(data.get("steps")), times)
    started = parse_moment(data.get("started_at"))
    if started is not None:
        zero = started.timestamp() * 1000.0
    elif anchors:
        zero = anchors[0][0] - anchors[0][1].end_ms
    else:
        return None
    # Each anchor allows a correction in [start - raw, end - raw]; take the smallest one
    # that satisfies them all. Anchors that contradict each other leave started_at alone.
    low, high = float("-inf"), float("inf")
    for epoch, time in anchors:
        raw = epoch - zero
        low, high = max(low, time.start_ms - raw), min(high, time.end_ms - raw)
    correction = 0.0 if low > high else min(max(0.0, low), high)
    return JourneyClock(zero_epoch_ms=zero - correction)


def known_triggers(steps: list[Any], times: list[StepTime]) -> list[tuple[float, StepTime]]:
    """(epoch ms, step) for every customer action whose page time the result records."""
    by_index = {time.index: time for time in times if time.index is not None}
    anchors = []
    for step, time in zip((s for s in steps if isinstance(s, dict)), times, strict=False):
        if not time.duration_ms:
            continue
        sent_at = number_or_none(as_dict(step.get("measured")).get("sent_at"))
        if time.action == "say" and sent_at is not None:
            anchors.append((sent_at, time))
        observed = as_dict(step.get("observed"))
        trigger_at = number_or_none(observed.get("trigger_at"))
        trigger_step = by_index.get(observed.get("trigger_step"))
        if trigger_at is not None and trigger_step is not None and trigger_step.duration_ms:
            anchors.append((trigger_at, trigger_step))
    return anchors


@dataclass(frozen=True)
class Moment:
    """The customer heard back: an acknowledgement appeared, a reply came, an email arrived."""

    kind: str  # one of MOMENT_KINDS
    at_ms: float  # on the waterfall
    trigger_ms: float | None  # when the customer's action it answers reached the page
    waited_ms: float | None  # from that action to this moment: what the budget is about
    budget_ms: float | None
    step_index: int | None  # the waiting step that measured it, when known
    who: str | None = None  # a reply's sender, an email's subject
    person_took_over: bool = False

    @property
    def late(self) -> bool:
        return (self.waited_ms is not None and self.budget_ms is not None
                and self.waited_ms > self.budget_ms)

    @property
    def title(self) -> str:
        if self.kind == "acknowledgement":
            return "Acknowledgement"
        if self.kind == "email":
            return "Email" + (f" “{self.who}”" if self.who else "")
        if self.person_took_over:
            return f"A person ({self.who}) took over" if self.who else "A person took over"
        return "Reply" + (f" from {self.who}" if self.who else "")

    @property
    def label(self) -> str:
        """One sentence for the mark's tooltip, screen readers and print."""
        after = "message" if self.kind == "reply" else "action"
        parts = [f"{self.title} at {format_duration(self.at_ms)}"]
        if self.waited_ms is not None:
            parts.append(f"{format_duration(self.waited_ms)} after the customer’s {after}")
        if self.budget_ms is not None:
            verdict = "late" if self.late else "within budget"
            parts.append(f"budget {format_duration(self.budget_ms)}, {verdict}")
        return ", ".join(parts)


def moments(data: dict[str, Any], times: list[StepTime],
            clock: JourneyClock | None) -> list[Moment]:
    """Every moment the result lets us place, in time order."""
    if clock is None:
        return []
    steps = [step for step in as_list(data.get("steps")) if isinstance(step, dict)]
    budgets = as_dict(data.get("budgets"))
    found = (acknowledgements(steps, clock)
             + replies(data, steps, clock, budgets)
             + emails(data, steps, clock, budgets))
    return sorted(found, key=lambda moment: moment.at_ms)


def acknowledgements(steps: list[dict[str, Any]], clock: JourneyClock) -> list[Moment]:
    found = []
    for step in steps:
        if step.get("action") != "expect_ack":
            continue
        moment = waited_moment(step, "acknowledgement", "ack_ms", index_of(step), clock)
        if moment is not None:
            found.append(moment)
    return found


def waited_moment(step: dict[str, Any], kind: str, key: str, step_index: int | None,
                  clock: JourneyClock, who: str | None = None) -> Moment | None:
    """A waiting step's moment from its own measurements: the trigger plus what it waited."""
    measured, observed = as_dict(step.get("measured")), as_dict(step.get("observed"))
    waited = number_or_none(measured.get(key))
    trigger_at = number_or_none(observed.get("trigger_at"))
    if waited is None or trigger_at is None:
        return None
    return Moment(kind=kind, at_ms=clock.journey_ms(trigger_at + waited),
                  trigger_ms=clock.journey_ms(trigger_at), waited_ms=waited,
                  budget_ms=number_or_none(measured.get("budget_ms")), step_index=step_index,
                  who=who)


def replies(data: dict[str, Any], steps: list[dict[str, Any]], clock: JourneyClock,
            budgets: dict[str, Any]) -> list[Moment]:
    """Each agent message of the transcript; a reply step's own measure when it has none."""
    reply_steps = [step for step in steps if step.get("action") == "expect_reply"]
    found = []
    answered_steps: set[int | None] = set()
    for message in transcript_messages(data):
        moment = reply_moment(message, reply_steps, clock, budgets)
        if moment is not None:
            found.append(moment)
            if moment.step_index is not None:
                answered_steps.add(moment.step_index)
    for step in reply_steps:
        measured, observed = as_dict(step.get("measured")), as_dict(step.get("observed"))
        waited = number_or_none(measured.get("reply_ms"))
        trigger_at = number_or_none(observed.get("trigger_at"))
        if index_of(step) in answered_steps or waited is None or trigger_at is None:
            continue
        found.append(Moment(
            kind="reply", at_ms=clock.journey_ms(trigger_at + waited),
            trigger_ms=clock.journey_ms(trigger_at), waited_ms=waited,
            budget_ms=number_or_none(measured.get("budget_ms")), step_index=index_of(step),
            who=text_or(measured.get("sender"), None)))
    return found


def reply_moment(message: TranscriptMessage, reply_steps: list[dict[str, Any]],
                 clock: JourneyClock, budgets: dict[str, Any]) -> Moment | None:
    """An agent message as a reply: when it came, what the customer waited, its budget."""
    if message.who != "agent" or message.at is None:
        return None
    step = reply_step_for(reply_steps, message.answers)
    measured = as_dict(step.get("measured")) if step else {}
    human = text_or(measured.get("human"), None)
    budget = measured.get("budget_ms") if step else budgets.get("reply")
    return Moment(
        kind="reply", at_ms=clock.journey_ms(message.at),
        trigger_ms=None if message.answers is None else clock.journey_ms(message.answers),
        waited_ms=None if message.answers is None else message.at - message.answers,
        budget_ms=number_or_none(budget), step_index=index_of(step) if step else None,
        who=message.sender, person_took_over=bool(human) and human == message.sender)


def emails(data: dict[str, Any], steps: list[dict[str, Any]], clock: JourneyClock,
           budgets: dict[str, Any]) -> list[Moment]:
    """Each received email; an email step's own measure when no email was recorded for it."""
    email_steps = {index_of(step): step for step in steps
                   if step.get("action") == "expect_email"}
    found = []
    for email in as_list(data.get("emails")):
        moment = email_moment(as_dict(email), email_steps, clock, budgets)
        if moment is not None:
            found.append(moment)
            email_steps.pop(moment.step_index, None)
    for step_index, step in email_steps.items():
        subject = text_or(as_dict(step.get("measured")).get("subject"), None)
        moment = waited_moment(step, "email", "email_ms", step_index, clock, who=subject)
        if moment is not None:
            found.append(moment)
    return found


def email_moment(email: dict[str, Any], email_steps: dict[int | None, dict[str, Any]],
                 clock: JourneyClock, budgets: dict[str, Any]) -> Moment | None:
    """A received email (README `emails`): when it arrived, the wait, its budget."""
    arrived = number_or_none(email.get("arrived_at"))
    if arrived is None:
        return None
    step_index = email.get("step") if isinstance(email.get("step"), int) else None
    step = email_steps.get(step_index) if step_index is not None else None
    waited = number_or_none(email.get("email_ms"))
    budget = as_dict(step.get("measured")).get("budget_ms") if step else budgets.get("email")
    return Moment(
        kind="email", at_ms=clock.journey_ms(arrived),
        trigger_ms=None if waited is None else clock.journey_ms(arrived - waited),
        waited_ms=waited, budget_ms=number_or_none(budget), step_index=step_index,
        who=text_or(email.get("subject"), None))


@dataclass(frozen=True)
class TranscriptMessage:
    """One chat message as recorded, with the customer message it answers (epoch ms)."""

    who: str  # "customer" | "agent" | anything else the result says
    sender: str | None
    text: str
    at: float | None
    answers: float | None  # an agent message: when the customer's last message was sent


def transcript_messages(data: dict[str, Any]) -> list[TranscriptMessage]:
    messages = []
    last_sent: float | None = None
    for entry in as_list(data.get("transcript")):
        entry = as_dict(entry)
        who = text_or(entry.get("from"), "unknown") or "unknown"
        at = number_or_none(entry.get("at"))
        messages.append(TranscriptMessage(
            who=who, sender=text_or(entry.get("sender"), None),
            text=entry.get("text") if isinstance(entry.get("text"), str) else "",
            at=at, answers=last_sent if who != "customer" else None))
        if who == "customer":
            last_sent = at
    return messages


def reply_step_for(reply_steps: list[dict[str, Any]], sent_at: float | None
                   ) -> dict[str, Any] | None:
    """The reply step that waited for an answer to the message sent at `sent_at`."""
    if sent_at is None:
        return None
    for step in reply_steps:
        trigger_at = number_or_none(as_dict(step.get("observed")).get("trigger_at"))
        if trigger_at is not None and abs(trigger_at - sent_at) <= SAME_INSTANT_MS:
            return step
    return None


def index_of(step: dict[str, Any]) -> int | None:
    return step.get("index") if isinstance(step.get("index"), int) else None
