"""Chat journeys on the demo site: replies timed in the page like the site's own truth, a
person taking over, and each chat defect switch giving exactly its finding on the right step."""

from __future__ import annotations

import time

import pytest

from runner.bundled import bundled_journeys

pytestmark = pytest.mark.browser

WIDGET = """
chat:
  {frame}open: "#chat-launcher"
  input: "#chat-input"
  send: {{role: button, name: Send}}
  agent_messages: ".msg.agent"
  sender: ".who"
"""

CHAT = """
name: Chat
channel: chat
persona: ann
sla: {{reply: 1s}}
{widget}
steps:
  - goto: /chat
  - say: "My order ${{persona.order}} arrived damaged."
  - name: First reply
    expect_reply: {{within: 2s}}
  - say: "Can I talk to a person, please?"
  - name: A person
    expect_reply: {{within: 3s, handoff: true}}
"""

# Two messages, no hand-off asked: the bot is judged on what it says, not on handing over.
TWO_MESSAGES = """
name: Chat twice
channel: chat
persona: ann
sla: {{reply: 1s}}
{widget}
steps:
  - goto: /chat
  - say: "My order ${{persona.order}} arrived damaged."
  - name: First reply
    expect_reply: {{within: 2s}}
  - say: "It is order ${{persona.order}}."
  - name: Second reply
    expect_reply: {{within: 2s}}
"""


def journey(template: str = CHAT, frame: str | None = None) -> str:
    widget = WIDGET.format(frame=f'frame: "{frame}"\n  ' if frame else "")
    return template.format(widget=widget)


def found(result) -> list[tuple[str, int | None, str]]:
    return sorted((f.code, f.step["index"] if f.step else None, f.severity)
                  for f in result.findings)


def replies_in_truth(site, count: int) -> list[dict]:
    """The site's own reply records (its keepalive report may trail the page a little)."""
    deadline = time.monotonic() + 2.0
    while True:
        records = [r for r in site.truth() if r["kind"] == "reply"]
        if len(records) >= count or time.monotonic() > deadline:
            return records
        time.sleep(0.05)


@pytest.fixture(autouse=True)
def quick_replies(site):
    site.set_switches(reply_delay_ms=200)


def test_healthy_chat_is_answered_by_a_person_in_the_time_the_site_measured(walk, site):
    result = walk(journey())
    assert result.status == "passed"
    assert found(result) == []
    first, person = result.steps[2], result.steps[4]
    assert person.measured["handoff"] is True
    assert person.measured["human"] == "Maya"
    truth = replies_in_truth(site, 3)
    assert len(truth) == 3
    ours = [first.measured["reply_ms"], person.measured["reply_ms"], person.measured["human_ms"]]
    theirs = [r["shown_at"] - r["trigger_at"] for r in truth]
    assert all(abs(a - b) < 20 for a, b in zip(ours, theirs, strict=True)), (ours, theirs)


def test_transcript_holds_both_sides_in_order(walk, site):
    result = walk(journey())
    said = [(e["from"], e["sender"]) for e in result.transcript]
    assert said == [("customer", "Ann Example"), ("agent", "Shopbot (virtual assistant)"),
                    ("customer", "Ann Example"), ("agent", "Shopbot (virtual assistant)"),
                    ("agent", "Maya")]
    assert result.transcript[0]["text"] == "My order 10482 arrived damaged."
    assert result.transcript[4]["text"].startswith("Hi, I'm Maya")
    times = [e["at"] for e in result.transcript]
    assert times == sorted(times)


def test_bundled_chat_journey_passes_on_the_healthy_site(walk, site):
    text = (bundled_journeys() / "chat.yaml").read_text().replace("persona: returning_customer",
                                                                   "persona: ann")
    result = walk(text, name="chat")
    assert result.status == "passed"
    assert found(result) == []


def test_silent_chat_is_unanswered(walk, site):
    site.set_switches(reply_delay_ms=200, chat_silent=True)
    result = walk(journey())
    assert found(result) == [("chat-unanswered", 2, "major"), ("chat-unanswered", 4, "major")]


def test_slow_reply(walk, site):
    site.set_switches(reply_delay_ms=1100)
    result = walk(journey())
    assert found(result) == [("slow-reply", 2, "minor"), ("slow-reply", 4, "minor")]
    slow = result.findings[0]
    assert slow.budget == 1000 and 1000 < slow.measured < 1300 and slow.unit == "ms"


def test_no_apology(walk, site):
    site.set_switches(reply_delay_ms=200, chat_no_apology=True)
    result = walk(journey())
    assert found(result) == [("no-apology", None, "minor")]


def test_no_handoff_is_no_human_route_on_the_handoff_step(walk, site):
    site.set_switches(reply_delay_ms=200, chat_no_handoff=True)
    result = walk(journey())
    assert found(result) == [("no-human-route", 4, "major")]
    assert result.steps[4].measured["handoff"] is False


def test_a_bot_repeating_itself_is_no_human_route(walk, site):
    site.set_switches(reply_delay_ms=200, chat_repeat=True)
    result = walk(journey(TWO_MESSAGES))
    assert found(result) == [("no-human-route", None, "major")]
    finding = result.findings[0]
    assert "didn't quite catch that" in finding.evidence["text"]
    # The repeat is word for word; it is timed by its own element, on the page's clock.
    second = result.steps[4].measured
    assert second["timing"] == "element"
    truth = replies_in_truth(site, 2)[1]
    assert abs(second["reply_ms"] - (truth["shown_at"] - truth["trigger_at"])) < 20


def test_repeating_bot_fails_the_handoff_once(walk, site):
    site.set_switches(reply_delay_ms=200, chat_repeat=True)
    result = walk(journey())
    assert found(result) == [("no-human-route", 4, "major")]


def test_impersonal(walk, site):
    site.set_switches(reply_delay_ms=200, chat_impersonal=True)
    result = walk(journey())
    assert found(result) == [("impersonal-reply", None, "info")]


def test_widget_in_a_frame(walk, site):
    site.set_switches(reply_delay_ms=200, chat_in_iframe=True)
    result = walk(journey(frame="#chat-frame"))
    assert result.status == "passed"
    assert found(result) == []
    assert result.steps[4].measured["human"] == "Maya"
    truth = replies_in_truth(site, 1)
    assert abs(result.steps[2].measured["reply_ms"]
               - (truth[0]["shown_at"] - truth[0]["trigger_at"])) < 20
