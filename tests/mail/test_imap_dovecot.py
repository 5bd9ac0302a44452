"""`ImapMailbox` against a real IMAP server: Dovecot, started for the test on a free port with
a throwaway config (plain login, one user, a Maildir per user). Skipped where Dovecot is not
installed (`apt-get install dovecot-imapd`, see scripts/setup.sh)."""

from __future__ import annotations

import time

import pytest
from support.dovecot import DOVECOT, running_dovecot

from runner.mail import MailboxUnreachable, open_mailbox

pytestmark = pytest.mark.skipif(not DOVECOT.exists(),
                                reason="Dovecot is not installed (apt-get install dovecot-imapd)")


@pytest.fixture
def dovecot():
    with running_dovecot() as server:
        yield server.port, server.deliver


def test_dovecot_inbox_is_read_with_internaldate_and_new_mail_seen(dovecot):
    port, deliver = dovecot
    now = int(time.time())
    deliver("1.old", "To: ann@example.com\nSubject: Old\n\nold\n", now - 7200)
    deliver("2.ack", "To: ann+r1@example.com\nSubject: =?utf-8?q?We_received_CS-5?=\n\n"
                     "Case CS-5: http://shop.example/cases/CS-5\n", now)
    box = open_mailbox(f"imap://shopper:s3cret@127.0.0.1:{port}/INBOX")
    try:
        [mail] = box.messages_since((now - 60) * 1000)
        assert mail.subject == "We received CS-5"
        assert mail.arrived_at == now * 1000
        assert mail.links == ["http://shop.example/cases/CS-5"]
        deliver("3.new", "To: ann+r1@example.com\nSubject: Later\n\nx\n", now + 1)
        assert [m.subject for m in box.messages_since((now - 60) * 1000)] == [
            "We received CS-5", "Later"]
    finally:
        box.close()


def test_dovecot_refuses_a_wrong_password_as_unreachable(dovecot):
    port, _ = dovecot
    with pytest.raises(MailboxUnreachable, match="cannot open"):
        open_mailbox(f"imap://shopper:wrong@127.0.0.1:{port}/INBOX").messages_since(0)
