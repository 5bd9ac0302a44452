"""The conversation checks, judged on stored results, and the chat phrase lists they use
(tested with wording the demo site never uses)."""

from __future__ import annotations

import pytest

from runner.checks import CheckContext
from runner.checks.conversation import conversation
from runner.patterns import Patterns, first_match, normalise
from runner.results.model import RunResult, StepResult
from runner.senders import (
    Drawn,
    Label,
    author_in_markup,
    is_bot,
    is_time,
    label_in_first_line,
    personal_name,
    read_sender,
    sender_in_text,
    split_label,
)

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


# --- senders as widgets draw them: a name label, a role badge, a time -----------------------

@pytest.mark.parametrize("label, name, badge, time", [
    ("Sam · Customer Care · 10:42", "Sam", "Customer Care", "10:42"),
    ("Sam Rivera\nCustomer Care\n10:42", "Sam Rivera", "Customer Care", "10:42"),
    ("Ava (Virtual assistant)\n2 min ago", "Ava", "Virtual assistant", "2 min ago"),
    ("SR\nSam Rivera · Customer Care", "Sam Rivera", "Customer Care", None),  # initials avatar
    ("Priya | Agent | 3:05 PM", "Priya", "Agent", "3:05 PM"),
    ("Tom B. 10:42 AM", "Tom B.", None, "10:42 AM"),
    ("Jean-Luc – Support Team – Yesterday 09:15", "Jean-Luc", "Support Team", "Yesterday 09:15"),
    ("Shopbot (virtual assistant)", "Shopbot", "virtual assistant", None),
    ("Bot", None, "Bot", None),
    ("Customer care", None, "Customer care", None),
    ("sam_r · today at 10:42", "sam_r", None, "today at 10:42"),
    ("Nora | Virtueller Assistent | vor 2 Min.", "Nora", "Virtueller Assistent", "vor 2 Min."),
    ("Jonas\nKundenservice\n14:05 Uhr", "Jonas", "Kundenservice", "14:05 Uhr"),
    ("Léa – Assistant virtuel – il y a 3 min", "Léa", "Assistant virtuel", "il y a 3 min"),
    ("Lucía, Asistente virtual, hace 5 minutos", "Lucía", "Asistente virtual",
     "hace 5 minutos"),
    ("Marta · Atención al cliente · 10:42", "Marta", "Atención al cliente", "10:42"),
])
def test_a_name_label_splits_into_name_badge_and_time(label, name, badge, time):
    assert split_label(label) == Label(name=name, badge=badge, time=time)


def test_a_labels_own_name_element_is_the_name():
    assert split_label("Ava\nVirtual assistant\n10:40", name="Ava") == Label(
        "Ava", "Virtual assistant", "10:40")


@pytest.mark.parametrize("text", ["10:42", "10:42 AM", "9.05", "14h05", "2 min ago",
                                  "5 minutes ago", "an hour ago", "just now", "Yesterday",
                                  "Yesterday 09:15", "Mon 10:42", "12/03/2024", "3 Mar",
                                  "vor 2 Min.", "gerade eben", "il y a 3 min", "hace 5 minutos",
                                  "Samedi 10:42"])
def test_times_as_chats_show_them(text):
    assert is_time(text)


@pytest.mark.parametrize("text", ["Sam", "Di", "Do", "Mar", "Marco", "Am", "Customer Care",
                                  "Thanks for waiting", "Order 10482"])
def test_names_and_words_are_not_times(text):
    assert not is_time(text)


@pytest.mark.parametrize("value, name", [
    ("Sam Rivera: 10:42", "Sam Rivera"),  # @chatscope/chat-ui-kit-react's aria-label
    ("Message from Sam", "Sam"),
    ("Sam said: I can help", "Sam"),
    ("Nachricht von Jonas", "Jonas"),
    ("Sam Rivera", "Sam Rivera"),  # an avatar's alt text
    ("avatar", None),
    ("User avatar", None),
    ("Incoming message", None),
])
def test_authors_in_the_markup(value, name):
    assert author_in_markup(value).name == name


@pytest.mark.parametrize("line, own, label", [
    ("Sam", True, Label("Sam")),
    ("Sam · 10:42", False, Label("Sam", None, "10:42")),
    ("Virtual assistant", True, Label(None, "Virtual assistant")),
    ("Sam", False, None),  # a line of running text: a name alone may be the message
    ("Hello there", True, None),
    ("Thanks Sam", True, None),
    ("I can help.", True, None),
    ("Great, thanks · 10:42", False, None),
])
def test_a_first_line_is_a_label_only_when_it_reads_as_one(line, own, label):
    assert label_in_first_line(line, own) == label


def test_the_kits_label_element_gives_name_badge_and_a_text_without_them():
    read = read_sender(Drawn(
        text="Sam Rivera\nCustomer Care\n10:42\nHello, Sam here. A replacement ships today.",
        label="Sam Rivera\nCustomer Care\n10:42", name="Sam Rivera",
        aria="Sam Rivera: 10:42", avatar="Sam Rivera"))
    assert (read.name, read.badge, read.time, read.source) == (
        "Sam Rivera", "Customer Care", "10:42", "label")
    assert read.text == "Hello, Sam here. A replacement ships today."


def test_an_initials_avatar_inside_the_label_is_not_the_name():
    read = read_sender(Drawn(text="SR\nSam Rivera · Customer Care\nHello there.",
                             label="SR\nSam Rivera · Customer Care"))
    assert (read.sender, read.badge, read.text) == ("Sam Rivera", "Customer Care",
                                                    "Hello there.")


def test_a_label_drawn_inline_before_the_text():
    read = read_sender(Drawn(text="Shopbot (virtual assistant) Hi! How can I help?",
                             label="Shopbot (virtual assistant)"))
    assert (read.name, read.badge, read.text) == ("Shopbot", "virtual assistant",
                                                  "Hi! How can I help?")


def test_a_name_mentioned_in_the_text_is_no_label():
    read = read_sender(Drawn(text="I found your order, Ann. It ships today.", label="Ann"))
    assert read.name is None and read.text == "I found your order, Ann. It ships today."


def test_time_stamps_and_avatars_outside_the_label_leave_the_text():
    read = read_sender(Drawn(text="Priya\nIt is on its way.\n2 min ago", label="Priya",
                             extras=(("time", "2 min ago"),)))
    assert (read.name, read.time, read.text) == ("Priya", "2 min ago", "It is on its way.")
    plain = read_sender(Drawn(text="PK\nIt is on its way.\n10:42", first_own=True,
                              extras=(("avatar", "PK"),)))
    assert (plain.time, plain.text) == ("10:42", "It is on its way.")


def test_a_short_first_block_of_its_own_is_the_label():
    read = read_sender(Drawn(text="Priya · Agent\nI can help with that.", first_own=True))
    assert (read.name, read.badge, read.source, read.text) == (
        "Priya", "Agent", "first-line", "I can help with that.")
    running = read_sender(Drawn(text="Hello there\nI can help with that.", first_own=True))
    assert running.name is None and running.text == "Hello there\nI can help with that."


def test_without_a_label_the_markup_then_the_text_names_the_sender():
    assert read_sender(Drawn(text="Sorted!", author="Sam")).sender == "Sam"
    assert read_sender(Drawn(text="Sorted!", aria="Message from Priya")).sender == "Priya"
    assert read_sender(Drawn(text="Sorted!", avatar="avatar")).sender is None
    written = read_sender(Drawn(text="Priya: Let me check that for you."))
    assert (written.sender, written.source, written.text) == (
        "Priya", "text", "Let me check that for you.")


def test_a_badge_with_no_name_is_who_spoke():
    read = read_sender(Drawn(text="Virtual assistant\nHow can I help?", first_own=True))
    assert (read.name, read.badge, read.sender) == (None, "Virtual assistant",
                                                    "Virtual assistant")


@pytest.mark.parametrize("badge", ["Virtual assistant", "Virtueller Assistent",
                                   "Assistant virtuel", "Asistente virtual", "KI-Assistent",
                                   "Bot", "Chatbot", "Automated"])
def test_a_bot_badge_makes_any_name_a_bot(badge):
    bots = PATTERNS.family("bot_label")
    assert is_bot("Ava", bots, badge)
    assert personal_name("Ava", "Hello!", bots, badge=badge) is None


@pytest.mark.parametrize("badge", ["Customer Care", "Kundenservice", "Service client",
                                   "Atención al cliente", "Agent", "Support", None])
def test_a_role_badge_leaves_a_person_a_person(badge):
    bots = PATTERNS.family("bot_label")
    assert not is_bot("Sam Rivera", bots, badge)
    assert personal_name("Sam Rivera", "Hello!", bots, badge=badge) == "Sam Rivera"


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
