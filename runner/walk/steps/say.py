"""`say`: the customer types a message into the chat and sends it.

The first `say` opens the widget when its input is hidden. The send (the click on `send`, or
Enter) is the customer action later replies are timed from; the agent messages already in the
widget are remembered, because they are never replies to this message.
"""

from __future__ import annotations

from runner.journey.model import Step
from runner.walk import chat
from runner.walk.outcomes import Outcome
from runner.walk.session import Session
from runner.walk.steps.base import action


@action("say")
def say(session: Session, step: Step) -> Outcome:
    widget = chat.widget(session)
    text = session.render(step.value)
    scope = chat.root(session)
    field = session.locate(widget.input, scope)
    timeout = session.timeout_for(step)
    remembered = chat.memory(session)
    before: list[chat.AgentMessage] = []
    if session.mask(text) != text:
        session.secret_fields.append(field)  # covered in every screenshot from now on

    def send() -> None:
        nonlocal before
        if widget.open is not None and not field.is_visible():
            session.locate(widget.open, scope).click(timeout=timeout)
        field.fill(text, timeout=timeout)
        before = chat.read_messages(session)
        if widget.send is not None:
            session.locate(widget.send, scope).click(timeout=timeout)
        else:
            field.press("Enter", timeout=timeout)

    duration = session.customer_action(step, send, what=f"sending the chat message {text!r}")
    trigger = session.trigger
    remembered.trigger = trigger
    remembered.before = before
    remembered.senders_before |= {m.sender for m in before if m.sender}
    remembered.senders_before |= {e["sender"] for e in session.transcript
                                  if e.get("from") == "agent" and e.get("sender")}
    remembered.replies = []
    remembered.claimed = set()
    session.transcript.append({"at": trigger.at if trigger else None, "from": "customer",
                               "sender": session.scope.persona.get("name") or None,
                               "text": session.mask(text)})
    remembered.start = len(session.transcript)
    return Outcome(duration_ms=duration,
                   measured={"sent_at": trigger.at if trigger else None},
                   observed={"said": session.mask(text), "trigger": trigger.type if trigger
                             else None, "agent_messages_before": len(before)})
