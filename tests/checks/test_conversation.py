"""The conversation checks, judged on stored results, and the chat phrase lists they use
(tested with wording the demo site never uses)."""

from __future__ import annotations

import pytest

from runner.checks import CheckContext
from runner.checks.conversation import conversation
from runner.patterns import Patterns, first_match, normalise
from runner.results.model import RunResult, StepResult
from runner.senders import personal_name, sender_in_text

PATTERNS = Patterns.from_settings({})


def matches(family: str, text: str) -> bool:
    return first_match(PATTERNS.family(family), normalise(text)) is not None


@pytest.mark.parametrize("text", [
    "The lamp turned up cracked down one side",
    "Parcel 5521 still hasn't come and it's been two weeks",
    "You sent me the wrong size jumper",
    "I'd like my money back for this",
    "The kettle stopped working after a day",
    "I was double charged for one order",
    "My delivery is overdue",
])
def test_complaints_in_other_words(text):
    assert matches("complaint", text)


@pytest.mark.parametrize("text", [
    "Can I talk to a person?", "What are your opening hours?", "Do you have this in blue?",
    "I'd like to buy a gift card", "What is the latest model?", "Hello there",
])
def test_questions_are_not_complaints(text):
    assert not matches("complaint", text)


@pytest.mark.parametrize("text", [
    "Oh no, I do apologise for that.",
    "Apologies for the mix-up with your parcel.",
    "That really should not have happened.",
    "We regret the delay to your order.",
    "How frustrating, let me look into it.",
    "So sorry about this!",
])
def test_apologies_in_other_words(text):
    assert matches("apology", text)


@pytest.mark.parametrize("text", [
    "I can help with that.", "Please tell me your order number.",
    "Thanks for your message.", "Your refund has been issued.",
])
def test_plain_answers_are_not_apologies(text):
    assert not matches("apology", text)


@pytest.mark.parametrize("text", [
    "Let me transfer you to our returns team.",
    "I'm passing this over to a specialist.",
    "An advisor will join the chat shortly.",
    "Please hold while I put you through.",
    "You are now chatting with Priya.",
    "You are number 3 in the queue for the next available agent.",
])
def test_handoff_phrases_in_other_words(text):
    assert matches("handoff", text)


@pytest.mark.parametrize("text", ["I can help with that.", "Is there anything else?",
                                  "Your order is on its way."])
def test_ordinary_replies_are_not_handoffs(text):
    assert not matches("handoff", text)


@pytest.mark.parametrize("sender", ["HelpBot", "Ava, your digital assistant", "Automated reply",
                                    "AI agent", "Bot", "Virtual Agent", "System"])
def test_bot_labels(sender):
    assert matches("bot_label", sender)


@pytest.mark.parametrize("sender", ["Priya", "Tom B.", "Jo from the returns team", "Talbot",
                                    "Customer care"])
def test_people_and_teams_are_not_bot_labels(sender):
    assert not matches("bot_label", sender)


@pytest.mark.parametrize("text, name", [
    ("Priya: Let me check that for you.", "Priya"),
    ("I have refunded it. Kind regards, Sam", "Sam"),
    ("All sorted now. — Tom B.", "Tom B."),
    ("Thanks for waiting, I found it.", None),
    ("Thanks, Support", None),
    ("Let me check that for you.", None),
])
def test_senders_written_in_the_message(text, name):
    assert sender_in_text(text) == name


def test_a_name_or_signature_makes_a_reply_personal():
    bots = PATTERNS.family("bot_label")
    assert personal_name("Priya", "Hello", bots) == "Priya"
    assert personal_name(None, "Hello, my name is Oliver and I'll help.", bots) == "Oliver"
    assert personal_name("Support", "Cheers, Alex from the returns team", bots) == "Alex"
    assert personal_name("Support", "I can help with that.", bots) is None
    assert personal_name("HelpBot", "I can help.", bots) is None
    assert personal_name(None, "I'm sorry to hear that.", bots) is None


# --- the checks, on stored results -----------------------------------------------------------

def reply_step(index: int, *, reply_ms: float | None, budget: float = 1000,
               window: float = 2000, handoff: bool | None = None,
               replies: list[dict] | None = None) -> StepResult:
    measured: dict = {"reply_ms": reply_ms, "budget_ms": budget, "window_ms": window}
    asked: dict = {"text": [], "handoff": handoff is not None}
    if handoff is not None:
        measured["handoff"] = handoff
    status = "passed" if reply_ms is not None else "failed"
    return StepResult(index=index, name=f"Reply {index}", action="expect_reply", line=1,
                      status=status, measured=measured,
                      observed={"asked": asked, "replies": replies or []})


def customer(text: str, at: float = 0) -> dict:
    return {"at": at, "from": "customer", "sender": "Ann Example", "text": text}


def agent(text: str, sender: str | None = "Priya", at: float = 1) -> dict:
    return {"at": at, "from": "agent", "sender": sender, "text": text}


def run(steps: list[StepResult], transcript: list[dict]) -> RunResult:
    return RunResult(run_id="r", journey={"id": "chat", "name": "Chat", "channel": "chat",
                                          "file": "chat.yaml"},
                     persona={"id": "ann", "name": "Ann Example"}, journey_run_id="chat-r-1",
                     steps=steps, transcript=transcript)


def judged(steps: list[StepResult], transcript: list[dict]) -> list[tuple[str, int | None]]:
    return sorted((f.code, f.step["index"] if f.step else None)
                  for f in conversation(run(steps, transcript), CheckContext()))


def test_a_named_person_apologising_quickly_gives_no_findings():
    transcript = [customer("My parcel never turned up"), agent("Oh no, apologies for that.")]
    assert judged([reply_step(1, reply_ms=400)], transcript) == []


def test_no_reply_in_the_window_is_unanswered_and_nothing_else():
    assert judged([reply_step(1, reply_ms=None)], [customer("It came broken")]) == [
        ("chat-unanswered", 1)]


def test_a_reply_over_budget_is_slow():
    transcript = [customer("Hello"), agent("Hi, Priya here")]
    assert judged([reply_step(1, reply_ms=1500)], transcript) == [("slow-reply", 1)]


def test_handoff_asked_and_nobody_new_came():
    transcript = [customer("Can I speak to someone?"),
                  agent("Transferring you now.", sender="HelpBot")]
    assert judged([reply_step(1, reply_ms=300, handoff=False)], transcript) == [
        ("no-human-route", 1)]


def test_a_bot_saying_the_same_thing_twice_is_no_human_route_once():
    same = "I can help with orders. What would you like to do?"
    transcript = [customer("Hi"), agent(same, "HelpBot"), customer("Hello?"),
                  agent(same, "HelpBot"), customer("Anyone?"), agent(same, "HelpBot")]
    steps = [reply_step(1, reply_ms=300), reply_step(3, reply_ms=300),
             reply_step(5, reply_ms=300)]
    findings = conversation(run(steps, transcript), CheckContext())
    assert [(f.code, f.step) for f in findings] == [("no-human-route", None)]
    assert findings[0].evidence["text"] == same


def test_a_complaint_with_no_apology_afterwards():
    transcript = [customer("Hi"), agent("Hello, Priya here."),
                  customer("The vase came in pieces, it is smashed"),
                  agent("Please send a photo.")]
    assert judged([reply_step(1, reply_ms=300), reply_step(3, reply_ms=300)], transcript) == [
        ("no-apology", None)]


def test_an_apology_before_the_complaint_does_not_count():
    transcript = [customer("Hi"), agent("Sorry for the wait, Priya here."),
                  customer("I got the wrong colour"), agent("Please send a photo.")]
    assert ("no-apology", None) in judged([reply_step(1, reply_ms=300)], transcript)


def test_replies_without_any_name_are_impersonal():
    transcript = [customer("Where is my order?"), agent("It is on its way.", sender="Support"),
                  customer("Thanks"), agent("Anything else?", sender=None)]
    assert judged([reply_step(1, reply_ms=300), reply_step(3, reply_ms=300)], transcript) == [
        ("impersonal-reply", None)]


def test_a_sign_off_is_enough_to_be_personal():
    transcript = [customer("Where is my order?"),
                  agent("It is on its way. Best wishes, Oliver", sender="Support")]
    assert judged([reply_step(1, reply_ms=300)], transcript) == []
