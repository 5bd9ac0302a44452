"""Confirmation emails, end to end on the demo site: each mail finding comes from its switch,
an unreadable mailbox is the tool's error (never missing-email), and journeys with
plus-addressed personas only ever read their own mail."""

from __future__ import annotations

import smtplib
import socket
from email.message import EmailMessage

import pytest

pytestmark = pytest.mark.browser

CONTACT = """
name: Contact with email
channel: contact-form
persona: {persona}
sla: {{acknowledgement: 2s, email: {budget}}}
steps:
  - goto: /contact
  - fill:
      "#name": ${{persona.name}}
      "#email": ${{persona.email}}
      "#message": "My order ${{persona.order}} arrived damaged."
  - click: {{role: button, name: Send}}
  - expect_ack:
      within: 4s
      reference: "(?P<ref>\\\\bCS-\\\\d{{3,}}\\\\b)"
    save: ticket
  - name: Confirmation email
    expect_email:
      within: {within}
      subject: "we received your message \\\\[(?P<ref>CS-\\\\d+)\\\\]"
      contains: ${{saved.ticket}}
    save: emailed
{more}"""


def contact(persona: str = "ann", budget: str = "2s", within: str = "4s", more: str = "") -> str:
    return CONTACT.format(persona=persona, budget=budget, within=within, more=more)


def codes(result) -> list[str]:
    return sorted(f.code for f in result.findings)


def test_email_is_matched_timed_and_its_link_opened(walk, site):
    more = ("  - open_email_link: {pattern: \"/cases/\"}\n"
            "  - expect: {text: \"${saved.emailed}\"}\n")
    result = walk(contact(more=more))
    assert result.status == "passed", result.error
    assert codes(result) == []
    step = result.steps[4]
    assert step.status == "passed"
    assert 0 <= step.measured["email_ms"] < 2000
    assert step.measured["contains_found"] is True
    [email] = result.emails
    assert set(email) >= {"subject", "from", "to", "arrived_at", "email_ms", "excerpt", "links"}
    reference = result.steps[3].measured["reference"]
    assert email["subject"] == f"We received your message [{reference}]"
    assert reference in email["excerpt"]
    assert any(link.endswith(f"/cases/{reference}") for link in email["links"])
    assert result.steps[5].measured["http_status"] == 200
    assert result.steps[5].url.endswith(f"/cases/{reference}")


def test_no_mail_is_missing_email_and_the_journey_goes_on(walk, site):
    site.set_switches(no_mail=True)
    result = walk(contact(within="2s", budget="1s",
                          more="  - expect: {text: \"${saved.ticket}\"}\n"))
    assert result.status == "passed"
    assert [(f.code, f.severity, f.step["index"]) for f in result.findings] == [
        ("missing-email", "major", 4)]
    assert result.steps[4].status == "failed"
    assert result.steps[5].status == "passed"
    assert result.emails == []


def test_a_late_email_is_slow_email(walk, site):
    site.set_switches(mail_delay_ms=1500)
    result = walk(contact(budget="1s", within="4s"))
    assert [(f.code, f.severity) for f in result.findings] == [("slow-email", "minor")]
    finding = result.findings[0]
    assert finding.unit == "ms" and finding.budget == 1000
    assert 1500 <= finding.measured < 4000


def test_an_email_quoting_another_reference_is_reference_mismatch(walk, site):
    site.set_switches(mail_wrong_reference=True)
    result = walk(contact())
    assert [(f.code, f.severity) for f in result.findings] == [("reference-mismatch", "major")]
    assert result.steps[4].measured["contains_found"] is False


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("mailbox", [
    "imap://shopper:secret@127.0.0.1:{port}/INBOX",
    "maildir:/nonexistent/mystery-shopper/maildir",
])
def test_an_unreachable_mailbox_is_an_error_not_missing_email(walk, site, mailbox):
    mailbox = mailbox.format(port=_closed_port())
    (walk.folder / "personas.yaml").write_text(
        (walk.folder / "personas.yaml").read_text()
        + f"\nboxed:\n  name: Bo Xed\n  email: bo+${{run.id}}@example.com\n"
          f"  order: \"10482\"\n  mailbox: {mailbox}\n")
    result = walk(contact(persona="boxed"))
    assert result.status == "error"
    assert "mailbox cannot be read" in result.error
    assert result.score is None
    assert "secret" not in result.error
    assert codes(result) == []


def test_plus_addressed_journeys_never_read_each_others_mail(walk, site, mail_sink):
    """A newer message with the same subject to another plus-address arrives while the
    journey waits: it must not be taken for this customer's confirmation."""
    def send_decoy(record) -> None:
        if record.index != 2:  # right after the customer pressed Send
            return
        decoy = EmailMessage()
        decoy["From"] = "care@northwind-goods.example"
        decoy["To"] = "ann+someone-else@example.com"
        decoy["Subject"] = "We received your message [CS-99999]"
        decoy.set_content("Not yours: CS-99999")
        host, port = mail_sink.address.split(":")
        with smtplib.SMTP(host, int(port)) as smtp:
            smtp.send_message(decoy)

    first = walk(contact(), name="first", on_step=send_decoy)
    second = walk(contact(), name="second", on_step=send_decoy)
    for result in (first, second):
        assert codes(result) == [], result.findings
        [email] = result.emails
        assert email["to"] == [result.steps[4].measured["to"]]
        assert "CS-99999" not in email["subject"]
    assert first.emails[0]["to"] != second.emails[0]["to"]
    assert first.steps[4].measured["to"].startswith("ann+first-")


def test_without_a_mailbox_the_mail_steps_are_skipped_with_the_reason(walk, site):
    walk.settings.mailbox = None
    walk.mail_sinks = {}
    more = ("  - open_email_link: {pattern: \"/cases/\"}\n"
            "  - expect: {text: \"${saved.ticket}\"}\n")
    result = walk(contact(more=more))
    assert result.status == "passed"
    assert codes(result) == []
    assert [s.status for s in result.steps[4:]] == ["skipped", "skipped", "passed"]
    assert "no mailbox" in result.steps[4].skip_reason
