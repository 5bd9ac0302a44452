"""The email channel through real servers: the customer's mail goes through SMTP to the
demo shop's support inbox (its own SMTP server), the shop's answers go through SMTP into a
Dovecot mailbox, and the journey reads them over IMAP: send → automatic acknowledgement →
a person's answer → the customer's answer in the thread → its acknowledgement, in the case."""

from __future__ import annotations

import pytest
from support.dovecot import DOVECOT, running_dovecot

from runner.bundled import bundled_journeys
from runner.demo import DemoSite

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not DOVECOT.exists(), reason="Dovecot is not installed "
                                 "(apt-get install dovecot-imapd)")]

# INTERNALDATE is to the second, so arrival over IMAP is known to within a second.
IMAP_PRECISION_MS = 1000.0


def test_email_conversation_over_smtp_and_imap(walk):
    with running_dovecot() as dovecot, dovecot.smtp() as business_outgoing, \
            DemoSite(smtp=business_outgoing) as shop:
        walk.base_url = shop.url
        walk.settings.mailbox = dovecot.url
        walk.settings.outgoing = f"smtp://{shop.support()['smtp']}"
        result = walk((bundled_journeys() / "email.yaml").read_text(), name="email")
        truth = [r for r in shop.truth() if r["shopper_run"] == result.journey_run_id]

    assert result.status == "passed", (result.error, [(s.name, s.status, s.error)
                                                      for s in result.steps])
    assert [f.code for f in result.findings] == []
    send, ack, human, reply, reply_ack = result.steps
    assert [s.status for s in result.steps] == ["passed"] * 5
    assert send.observed["server"].startswith("smtp://127.0.0.1:")
    assert ack.observed["mailbox"].startswith("imap://shopper:••••@")
    assert ack.measured["automatic"] and ack.measured["reference"].startswith("CS-")
    assert human.measured["human"] == "Maya Lopez" and human.measured["automatic"] is None
    assert reply.measured["reply"] is True
    assert reply_ack.measured["reference"] == ack.measured["reference"]
    assert reply_ack.measured["in_thread"] == "headers"
    sent_at = {r["kind"]: [] for r in truth}
    for record in truth:
        sent_at[record["kind"]].append(record["shown_at"] - record["trigger_at"])
    for step, site_ms in ((ack, sent_at["email-ack"][0]), (human, sent_at["email-answer"][0]),
                          (reply_ack, sent_at["email-ack"][1])):
        assert abs(step.measured["email_ms"] - site_ms) <= IMAP_PRECISION_MS + 50, step.name
