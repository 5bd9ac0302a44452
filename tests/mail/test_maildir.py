"""Reading a Maildir: encoded headers and bodies are decoded, HTML-only mail is reduced to
text (scripts never included), links are found, and arrival comes from the sink's stamp or
the file's time."""

from __future__ import annotations

import mailbox
import os
import time
from email.message import EmailMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import pytest

from runner.mail import MailboxUnreachable, open_mailbox
from runner.mail.maildir import MaildirMailbox


def deliver(folder: Path, raw: bytes, arrived_ms: float | None = None) -> None:
    box = mailbox.Maildir(str(folder), create=True)
    stamp = f"X-Shopper-Arrived: {arrived_ms:.1f}\r\n".encode() if arrived_ms else b""
    box.add(mailbox.MaildirMessage(stamp + raw))


def test_encoded_subject_and_quoted_printable_body_are_decoded(tmp_path):
    raw = (b"From: =?utf-8?q?Caf=C3=A9_Care?= <care@example.com>\r\n"
           b"To: ann+r1@example.com\r\n"
           b"Subject: =?utf-8?b?V2UgcmVjZWl2ZWQgeW91ciBtZXNzYWdlIOKAkyBDUy0xMjM0NQ==?=\r\n"
           b"MIME-Version: 1.0\r\n"
           b"Content-Type: text/plain; charset=utf-8\r\n"
           b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
           b"Caf=C3=A9 reference CS-12345, see https://shop.example/cases/CS-12345.\r\n")
    deliver(tmp_path / "box", raw, arrived_ms=1_000_000.0)
    [mail] = MaildirMailbox(tmp_path / "box").messages_since(0)
    assert mail.subject == "We received your message – CS-12345"
    assert mail.sender == "Café Care <care@example.com>"
    assert mail.text == "Café reference CS-12345, see https://shop.example/cases/CS-12345."
    assert mail.links == ["https://shop.example/cases/CS-12345"]
    assert mail.arrived_at == 1_000_000.0
    assert mail.is_for("ANN+r1@example.com") and not mail.is_for("ann+r2@example.com")


def test_html_only_base64_mail_is_reduced_to_text_with_its_links(tmp_path):
    html = ("<html><head><style>p{color:red}</style><title>t</title></head><body>"
            "<script>alert('x')</script><p>Refund request <b>RF-1001</b> received.</p>"
            "<p><a href=\"http://shop.example/cases/RF-1001\">Follow it</a> &amp; relax</p>"
            "<a href=\"mailto:care@example.com\">mail us</a></body></html>")
    message = MIMEText(html, "html", "utf-8")  # base64 for utf-8
    message["Subject"] = "Refund request RF-1001 received"
    message["To"] = "Ann <ann@example.com>"
    message["From"] = "care@example.com"
    assert "base64" in message.as_string()
    deliver(tmp_path / "box", message.as_bytes())
    [mail] = MaildirMailbox(tmp_path / "box").messages_since(0)
    assert mail.text == "Refund request RF-1001 received.\nFollow it & relax\nmail us"
    assert "alert" not in mail.text and "color" not in mail.text
    assert mail.links == ["http://shop.example/cases/RF-1001"]
    assert mail.to == ["ann@example.com"]


def test_multipart_prefers_the_plain_text_and_keeps_links_of_both(tmp_path):
    message = MIMEMultipart("alternative")
    message["Subject"] = "Hello"
    message["To"] = "ann@example.com"
    message.attach(MIMEText("Plain CS-1 http://a.example/x", "plain"))
    message.attach(MIMEText('<p>Html <a href="https://b.example/y">y</a></p>', "html"))
    deliver(tmp_path / "box", message.as_bytes())
    [mail] = MaildirMailbox(tmp_path / "box").messages_since(0)
    assert mail.text == "Plain CS-1 http://a.example/x"
    assert mail.links == ["https://b.example/y", "http://a.example/x"]


def test_only_mail_from_the_moment_on_counts_and_the_file_time_stands_in(tmp_path):
    message = EmailMessage()
    message["To"] = "ann@example.com"
    message["Subject"] = "old"
    message.set_content("old")
    deliver(tmp_path / "box", message.as_bytes())  # no stamp: the file's time is the arrival
    for path in (tmp_path / "box" / "new").iterdir():
        os.utime(path, (time.time() - 3600, time.time() - 3600))
    box = open_mailbox(f"maildir:{tmp_path / 'box'}")
    assert box.messages_since(time.time() * 1000 - 60_000) == []
    assert [m.subject for m in box.messages_since(0)] == ["old"]


def test_a_folder_that_is_not_a_maildir_is_unreachable(tmp_path):
    with pytest.raises(MailboxUnreachable, match="not a Maildir"):
        open_mailbox(f"maildir:{tmp_path / 'nothing'}").messages_since(0)


def test_smtp_mailbox_without_a_sink_of_this_run_is_unreachable():
    with pytest.raises(MailboxUnreachable, match="no mail sink"):
        open_mailbox("smtp://127.0.0.1:2525", {})


def test_old_files_are_not_even_read(tmp_path, monkeypatch):
    import os
    import time

    from runner.mail import maildir as module
    from runner.mail.maildir import MaildirMailbox

    for folder in ("new", "cur", "tmp"):
        (tmp_path / folder).mkdir()
    old = tmp_path / "new" / "1.old"
    old.write_bytes(b"Subject: old\r\n\r\nbody\r\n")
    long_ago = time.time() - 3600
    os.utime(old, (long_ago, long_ago))
    fresh = tmp_path / "new" / "2.fresh"
    fresh.write_bytes(b"Subject: fresh\r\n\r\nbody\r\n")
    parsed = []
    real = module.parse_mail
    monkeypatch.setattr(module, "parse_mail", lambda raw, at: parsed.append(raw) or real(raw, at))
    found = MaildirMailbox(tmp_path).messages_since(time.time() * 1000 - 5000)
    assert [m.subject for m in found] == ["fresh"]
    assert len(parsed) == 1  # the hour-old file was skipped by its time, not parsed


def test_mail_that_came_before_the_moment_asked_about_is_not_parsed(tmp_path, monkeypatch):
    """A shared mailbox holds the other journeys' mail of the last minute: only what came
    after the journey began is parsed (a parse costs ~10-20 ms), also when asked again."""
    import runner.mail.maildir as maildir

    now = time.time() * 1000.0
    plain = b"From: care@example.com\r\nTo: ann@example.com\r\nSubject: %s\r\n\r\nHello\r\n"
    for n in range(5):
        deliver(tmp_path / "box", plain % f"earlier {n}".encode(), arrived_ms=now - 5_000 + n)
    deliver(tmp_path / "box", plain % b"ours", arrived_ms=now + 10)
    parsed: list[bytes] = []
    real_parse = maildir.parse_mail
    monkeypatch.setattr(maildir, "parse_mail",
                        lambda raw, arrived: parsed.append(raw) or real_parse(raw, arrived))
    opened: list[str] = []
    real_open = MaildirMailbox._parse
    monkeypatch.setattr(MaildirMailbox, "_parse",
                        lambda self, entry, since: opened.append(entry.name)
                        or real_open(self, entry, since))
    box = MaildirMailbox(tmp_path / "box")
    for _ in range(3):  # a journey polls
        assert [mail.subject for mail in box.messages_since(now)] == ["ours"]
    assert len(parsed) == 1
    assert len(opened) == 6  # each file read once: the earlier ones' arrival is remembered
    # Asked about an earlier moment, the earlier mail is read after all.
    assert len(box.messages_since(now - 10_000)) == 6
