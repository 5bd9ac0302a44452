"""The email channel, end to end on the demo site: the customer's mail goes through the
site's own SMTP server (its support inbox), the answers come back through the run's SMTP
sink, and each email switch gives exactly its finding on the right step. Timings are held
against the site's own record of when it accepted the customer's mail and sent each answer."""

from __future__ import annotations

import pytest

from runner.bundled import bundled_journeys

pytestmark = pytest.mark.browser

TOLERANCE_MS = 50.0


@pytest.fixture
def email_walk(walk, site):
    walk.settings.outgoing = f"smtp://{site.support()['smtp']}"
    return walk


def journey() -> str:
    return (bundled_journeys() / "email.yaml").read_text()


def found(result) -> list[tuple[str, int | None]]:
    return sorted((f.code, f.step["index"] if f.step else None) for f in result.findings)


def truth_of(site, kind: str, shopper_run: str) -> list[dict]:
    return [r for r in site.truth() if r["kind"] == kind and r["shopper_run"] == shopper_run]


def test_healthy_email_journey_passes_with_timings_of_the_sites_own_record(email_walk, site):
    result = email_walk(journey(), name="email")
    assert result.status == "passed", result.error
    assert found(result) == []
    ack, human, reply_ack = result.steps[1], result.steps[2], result.steps[4]
    assert ack.measured["reference"].startswith("CS-")
    assert ack.measured["automatic"].startswith("Auto-Submitted")
    assert human.measured["human"] == "Maya Lopez"
    assert human.measured["in_thread"] == "headers"
    assert reply_ack.measured["reference"] == ack.measured["reference"]
    assert reply_ack.measured["thread_reference"] == ack.measured["reference"]
    [first_ack, second_ack] = truth_of(site, "email-ack", result.journey_run_id)
    [answer] = truth_of(site, "email-answer", result.journey_run_id)
    for step, record in ((ack, first_ack), (human, answer), (reply_ack, second_ack)):
        site_ms = record["shown_at"] - record["trigger_at"]
        assert abs(step.measured["email_ms"] - site_ms) < TOLERANCE_MS, (step.name, site_ms)
    sent = [e for e in result.emails if e.get("direction") == "sent"]
    assert len(sent) == 2 and sent[1]["in_reply_to"]


@pytest.mark.parametrize(("switches", "expected"), [
    ({"email_no_ack": True}, [("missing-acknowledgement", 1)]),
    # Every acknowledgement is slow: the first and the one of the reply in the thread.
    ({"email_ack_delay_ms": 5600}, [("slow-acknowledgement", 1), ("slow-acknowledgement", 4)]),
    ({"email_no_reference": True}, [("no-reference", 1)]),
    ({"email_no_promise": True}, [("no-response-promise", 1)]),
    ({"email_no_human": True}, [("no-human-route", 2)]),
    ({"email_no_apology": True}, [("no-apology", 2)]),
    ({"email_thread_fork": True}, [("thread-broken", 4)]),
])
def test_each_email_switch_gives_exactly_its_finding(email_walk, site, switches, expected):
    site.set_switches(**switches)
    result = email_walk(journey(), name="email")
    assert found(result) == expected, [f.message for f in result.findings]
