"""The email channel, end to end on the demo site: the customer's mail goes through the
site's own SMTP server (its support inbox), the answers come back through the run's SMTP
sink, and each email switch gives exactly its finding on the right step. Timings are held
against the site's own record of when it accepted the customer's mail and sent each answer."""

from __future__ import annotations

import json

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


MIXED = """
name: Contact form, then an answer by email
channel: contact-form
persona: ann
sla: {acknowledgement: 2s, email: 3s}
steps:
  - goto: /contact
  - fill:
      "#name": ${persona.name}
      "#email": ${persona.email}
      "#message": "My order ${persona.order} arrived damaged."
  - click: {role: button, name: Send}
  - expect_ack:
      within: 4s
      reference: "(?P<ref>\\\\bCS-\\\\d{3,}\\\\b)"
      promise: true
    save: ticket
  - name: Confirmation email
    expect_email: {subject: "we received", contains: "${saved.ticket}"}
  - name: Answer the confirmation
    send_email:
      reply: true
      body: "Here is a photo of the broken lid."
      attachments: [lid.txt]
  - name: The answer joins the case
    expect_email:
      text: ["received your (email|message)"]
      reference: "(?P<ref>\\\\bCS-\\\\d{3,}\\\\b)"
"""


def test_a_journey_mixes_channels_form_then_a_reply_in_the_emails_thread(email_walk, site):
    (email_walk.folder / "lid.txt").write_text("a photo, as text")
    result = email_walk(MIXED, name="mixed")
    assert result.status == "passed", result.error
    assert found(result) == []
    page_reference = result.steps[3].measured["reference"]
    answered = result.steps[6]
    assert answered.measured["thread_reference"] == page_reference
    assert answered.measured["reference"] == page_reference
    sent = next(e for e in result.emails if e.get("direction") == "sent")
    assert sent["subject"].startswith("Re: We received your message")
    assert sent["to"] == ["care@northwind-goods.example"]
    assert sent["attachments"] == ["lid.txt"] and sent["in_reply_to"]


def test_a_reply_filed_as_a_new_case_breaks_the_forms_thread(email_walk, site):
    (email_walk.folder / "lid.txt").write_text("a photo, as text")
    site.set_switches(email_thread_fork=True)
    result = email_walk(MIXED, name="mixed")
    assert found(result) == [("thread-broken", 6)]
    assert result.findings[0].evidence["thread_reference"] == result.steps[3].measured[
        "reference"]


def test_an_outgoing_server_that_refuses_is_not_measured_and_names_no_password(
        walk, site, monkeypatch):
    monkeypatch.setenv("MAIL_PASSWORD", "s3cret-outgoing")
    walk.settings.outgoing = "smtp://ann:${secrets.MAIL_PASSWORD}@127.0.0.1:9"  # nothing there
    result = walk(journey(), name="email")
    assert result.status == "error"
    assert result.findings == []
    assert "not measured: cannot connect to smtp://ann@127.0.0.1:9" in result.error
    assert "s3cret" not in json.dumps(result.to_json())


def test_without_an_outgoing_server_the_email_steps_are_skipped_with_the_reason(walk, site):
    result = walk(journey(), name="email")
    assert result.status == "passed"
    assert [s.status for s in result.steps] == ["skipped"] * 5
    assert "outgoing" in result.steps[0].skip_reason
    assert "never sent" in result.steps[1].skip_reason
    assert found(result) == []


def test_a_reply_with_nothing_to_answer_is_never_sent_nor_waited_for(email_walk, site):
    site.set_switches(email_no_ack=True, email_no_human=True)
    text = journey().replace("    save: case\n", "").replace(", contains: ${saved.case}", "")
    text = text.replace("      contains: ${saved.case}\n", "")
    result = email_walk(text.replace("email: 5s", "email: 1s"), name="email")
    assert found(result) == [("missing-acknowledgement", 1), ("no-human-route", 2)]
    assert [s.status for s in result.steps[3:]] == ["skipped", "skipped"]
    assert "no email came to reply to" in result.steps[3].skip_reason
    assert "never sent" in result.steps[4].skip_reason


INSTANT = """
name: Instant helpdesk
channel: email
persona: ann
sla: {email: 2s}
steps:
  - send_email: {to: help@desk.example, subject: Broken lid, body: "The lid is broken."}
  - expect_email: {text: ["received your message"]}
"""


def test_an_answer_sent_before_the_server_said_accepted_is_its_answer(walk, tmp_path):
    """A helpdesk that files the mail and answers it while still taking the message: the
    answer reaches the mailbox before the customer's server says "accepted"."""
    import mailbox as maildirs
    import time

    from aiosmtpd.controller import Controller
    from support.dovecot import free_port

    inbox = maildirs.Maildir(str(tmp_path / "ann"), create=True)

    class Helpdesk:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802, ANN001
            customer = envelope.mail_from
            inbox.add(maildirs.MaildirMessage(
                f"X-Shopper-Arrived: {time.time() * 1000.0:.1f}\r\nTo: {customer}\r\n"
                "From: Help <noreply@desk.example>\r\nAuto-Submitted: auto-replied\r\n"
                "Subject: Re: Broken lid\r\n\r\nWe have received your message.\r\n".encode()))
            time.sleep(0.05)  # still busy filing it before it says 250
            return "250 Filed"

    port = free_port()
    controller = Controller(Helpdesk(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        walk.settings.outgoing = f"smtp://127.0.0.1:{port}"
        walk.settings.mailbox = f"maildir:{tmp_path / 'ann'}"
        result = walk(INSTANT, name="instant")
    finally:
        controller.stop()
    assert result.status == "passed", result.error
    assert found(result) == []
    assert result.steps[1].measured["email_ms"] == 0.0
