"""Chat journeys on widgets drawn with real chat UI kits (SPEC §2 "Chat", "Timing"), written as a
user would write them: no `chat.sender`, only where the input, the Send button and the agent
messages are.

The kits draw each message as a name label above the bubble: @chatscope/chat-ui-kit-react a
header with the sender's name, the app's role badge and the sent time (and the author again in
the message's aria-label, "Sam Rivera: 10:42", and the avatar's alt text); react-chat-elements
a title "Sam Rivera · Customer Care" beside an initials avatar ("SR"). The tool must read the
name without the badge or time, tell the badge-labelled assistant from the person, keep the
label out of the message text, and time each reply from its own element, even when the widget
re-renders its whole list for every message.
"""

from __future__ import annotations

import pytest
from kit_site import KITS, MODES, agent_messages

pytestmark = pytest.mark.browser

TOLERANCE_MS = 20.0

JOURNEY = """
name: Chat on {kit}
channel: chat
persona: {{name: Ann Example, email: "ann@example.com"}}
sla: {{reply: 1s}}
chat:
  input: "#chat-input"
  send: "#chat-send"
  agent_messages: "{agent}"
steps:
  - goto: /chat/{kit}/{language}/{mode}/{script}
  - say: "{first}"
  - name: First reply
    expect_reply: {{within: 2s}}
  - say: "{second}"
  - name: A person
    expect_reply: {{within: {within}, handoff: true}}
  - wait: 300ms  # the page's ground truth reaches the test server (a beacon)
"""

SAID = {"en": ("My order 10482 arrived damaged.", "Can I talk to a person, please?"),
        "de": ("Meine Bestellung 10482 ist beschädigt angekommen.",
               "Kann ich bitte mit einem Menschen sprechen?")}
BADGES = {"en": ("Virtual assistant", "Customer Care"),
          "de": ("Virtueller Assistent", "Kundenservice")}


def journey(kit: str, mode: str, language: str = "en", script: str = "handoff",
            within: str = "3s") -> str:
    first, second = SAID[language]
    return JOURNEY.format(kit=kit, agent=agent_messages(kit), language=language, mode=mode,
                          script=script, first=first, second=second, within=within)


def codes(result) -> list[tuple[str, int | None]]:
    """The findings about the conversation; what axe-core says of a kit's own stylesheet is
    tested on its own (test_the_kits_markup_is_judged_for_accessibility_too)."""
    return sorted((f.code, f.step["index"] if f.step else None) for f in result.findings
                  if f.code != "inaccessible")


def agents(result) -> list[dict]:
    return [e for e in result.transcript if e["from"] == "agent"]


def timing(result, truth: list[dict]) -> list[tuple[str, float, float]]:
    """Each moment the tool measured against the page's own: (what, |tool − page|, distance
    from the span the page pins it to). The page takes a message's moment right after
    inserting it (shownAt) and again at the end of that task, after the probe's observer ran
    (settledAt); the send in its click handler (triggerAt), after the probe's listener, and as
    the event was stamped on its way in (triggerStamp). On an idle machine each span is a
    millisecond or two; on a busy one the renderer can stall inside it, and the tool is right
    anywhere within it."""
    found = []
    for entry, page in zip(agents(result), truth, strict=True):
        found.append((f"{page['key']} appeared", abs(entry["at"] - page["shownAt"]),
                      distance(entry["at"], page["shownAt"], page["settledAt"])))
    waits = [(result.steps[2].measured["reply_ms"], truth[0]),
             (result.steps[4].measured["reply_ms"], truth[1])]
    if result.steps[4].measured.get("human_ms") is not None:
        waits.append((result.steps[4].measured["human_ms"], truth[2]))
    for waited, page in waits:
        found.append((f"waited for {page['key']}", abs(waited - (page["shownAt"]
                                                                  - page["triggerAt"])),
                      distance(waited, page["shownAt"] - page["triggerAt"],
                               page["settledAt"] - page["triggerStamp"])))
    return found


def distance(value: float, low: float, high: float) -> float:
    return max(low - value, value - high, 0.0)


def within_tolerance(found: list[tuple[str, float, float]]) -> bool:
    return all(span < TOLERANCE_MS for _, _, span in found)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("kit", KITS)
def test_a_named_person_taking_over_is_read_from_the_kits_own_labels(kit_walk, kit_site, kit,
                                                                      mode):
    result = kit_walk(journey(kit, mode))
    assert result.status == "passed", result.steps
    assert codes(result) == []  # no no-human-route: Sam Rivera took over
    person = result.steps[4].measured
    assert person["handoff"] is True
    assert person["human"] == "Sam Rivera"
    assert result.steps[2].measured["sender"] == "Ava"
    assert result.steps[2].measured["badge"] == "Virtual assistant"

    said = [(e["from"], e["sender"], e.get("badge")) for e in result.transcript]
    assert said == [("customer", "Ann Example", None),
                    ("agent", "Ava", "Virtual assistant"),
                    ("customer", "Ann Example", None),
                    ("agent", "Ava", "Virtual assistant"),
                    ("agent", "Sam Rivera", "Customer Care")]

    truth = kit_site.records(3)
    # The message text without the name label, badge, time stamp or avatar initials.
    assert [e["text"] for e in agents(result)] == [t["text"] for t in truth]
    times = [e["at"] for e in result.transcript]
    assert times == sorted(times)  # page order is the order they came in
    # By the reply's own element; after a re-render the tool had not yet read (a busy
    # machine), that element is younger than the message: then by the probe's first record.
    timings = {result.steps[i].measured["timing"] for i in (2, 4)}
    assert timings == {"element"} if mode == "append" else timings <= {"element", "probe"}
    found = timing(result, truth)
    print(f"\n{kit} {mode}: |tool − page| ms " + ", ".join(
        f"{what} {error:.1f}" for what, error, _ in found))
    assert within_tolerance(found), found


@pytest.mark.parametrize("kit", KITS)
def test_an_assistant_with_a_badge_is_no_person_whatever_its_name(kit_walk, kit_site, kit):
    result = kit_walk(journey(kit, "rerender", script="bot-only", within="1500ms"))
    assert codes(result) == [("no-human-route", 4)]
    person = result.steps[4].measured
    assert person["handoff"] is False and person["human"] is None
    assert person["sender"] == "Ava" and person["badge"] == "Virtual assistant"
    assert [(e["sender"], e.get("badge")) for e in agents(result)] == [
        ("Ava", "Virtual assistant"), ("Ava", "Virtual assistant")]
    assert within_tolerance(timing(result, kit_site.records(2)))


@pytest.mark.parametrize("kit", KITS)
def test_a_reply_redrawn_before_the_tool_first_read_it_keeps_its_moment(kit_walk, kit_site,
                                                                        kit):
    # The reply (100 ms) and a redraw of the whole list (200 ms) both come while the `say`
    # step waits for the widget's server (400 ms): the element the tool first reads is 100 ms
    # younger than the reply, so the probe's first record of the reply's lines times it.
    result = kit_walk(journey(kit, "append", script="redrawn-while-sending"))
    assert codes(result) == []
    first = result.steps[2].measured
    assert first["timing"] == "probe" and first["sender"] == "Ava"
    assert [e["sender"] for e in agents(result)] == ["Ava", "Ava", "Sam Rivera"]
    assert within_tolerance(timing(result, kit_site.records(3)))


@pytest.mark.parametrize("kit", KITS)
def test_badges_in_german_tell_the_assistant_from_the_person(kit_walk, kit_site, kit):
    result = kit_walk(journey(kit, "rerender", language="de"))
    assert codes(result) == []
    person = result.steps[4].measured
    assert person["handoff"] is True and person["human"] == "Sam Rivera"
    bot, human = BADGES["de"]
    assert [(e["sender"], e.get("badge")) for e in agents(result)] == [
        ("Ava", bot), ("Ava", bot), ("Sam Rivera", human)]
    assert within_tolerance(timing(result, kit_site.records(3)))


@pytest.mark.parametrize("kit", KITS)
def test_the_kits_markup_is_judged_for_accessibility_too(kit_walk, kit_site, kit):
    """react-chat-elements draws the sender's name in a grey too faint to read (axe-core:
    color-contrast) and scrolls its message list where a keyboard cannot, on elements the
    customer did not use: minor barriers. chatscope's markup has none that would stop a
    customer."""
    result = kit_walk(journey(kit, "append"))
    barriers = {(f.evidence["rule"], f.severity) for f in result.findings
                if f.code == "inaccessible"}
    if kit == "chat-elements":
        assert ("color-contrast", "minor") in barriers
        assert {severity for _, severity in barriers} == {"minor"}
    else:
        assert barriers == set()
