"""The run's SMTP sink: what smtplib sends is in its Maildir, stamped with its arrival; a
port that is taken fails at once with one clear line (exit 3 from `shopper run`)."""

from __future__ import annotations

import smtplib
import socket
import time
from email.message import EmailMessage

import pytest

from runner.cli import main
from runner.mail import open_mailbox
from runner.mail.smtp_sink import MailSinkUnavailable, SmtpSink


def test_mail_sent_with_smtplib_is_read_back_with_its_arrival(tmp_path):
    with SmtpSink(tmp_path / "maildir") as sink:
        before = time.time() * 1000
        message = EmailMessage()
        message["From"] = "care@shop.example"
        message["To"] = "ann+run-1@example.com"
        message["Subject"] = "We received your message [CS-4242]"
        message.set_content("Case CS-4242: http://127.0.0.1:1/cases/CS-4242\n")
        host, port = sink.address.split(":")
        with smtplib.SMTP(host, int(port)) as smtp:
            smtp.send_message(message, to_addrs=["ann+run-1@example.com", "bcc@example.com"])
        after = time.time() * 1000
        [mail] = open_mailbox(f"smtp://{sink.address}", {sink.address: tmp_path / "maildir"}
                              ).messages_since(before - 1)
    assert before <= mail.arrived_at <= after
    assert mail.subject == "We received your message [CS-4242]"
    assert mail.is_for("ann+run-1@example.com") and mail.is_for("bcc@example.com")
    assert mail.links == ["http://127.0.0.1:1/cases/CS-4242"]


def test_a_taken_port_fails_at_once(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        started = time.monotonic()
        with pytest.raises(MailSinkUnavailable, match="already in use"):
            SmtpSink(tmp_path / "m", port=port).start()
        assert time.monotonic() - started < 1


JOURNEY = """
name: Mail
channel: contact-form
base_url: http://127.0.0.1:9
persona: {name: Ann, email: ann@example.com}
steps:
  - goto: /contact
  - expect_email: {subject: "we received"}
"""


def test_shopper_run_with_a_taken_sink_port_exits_3(tmp_path, capsys):
    (tmp_path / "j.yaml").write_text(JOURNEY)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        status = main(["run", str(tmp_path / "j.yaml"), "--out", str(tmp_path / "out"),
                       "--mailbox", f"smtp://127.0.0.1:{port}"])
    assert status == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"shopper: cannot listen for mail on smtp://127.0.0.1:{port}: "
                   f"the port is already in use"]


def test_shopper_run_rejects_a_bad_mailbox(tmp_path, capsys):
    (tmp_path / "j.yaml").write_text(JOURNEY)
    status = main(["run", str(tmp_path / "j.yaml"), "--out", str(tmp_path / "out"),
                   "--mailbox", "pop3://x"])
    assert status == 2
    assert "--mailbox" in capsys.readouterr().err
