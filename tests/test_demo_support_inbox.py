"""The demo shop answers email: mail to its support address (its own SMTP server, started
with it) opens a case, gets an automatic acknowledgement and then a person's answer, each
through the shop's outgoing server; an answer in the thread joins the case. Each email switch
breaks one of these, and the shop's ground truth records when it accepted the customer's mail
and when each answer left."""

from __future__ import annotations

import smtplib
import socket
import time
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import make_msgid

import pytest

from runner.demo import DemoSite

EMAIL_SWITCHES = {"email_no_ack": False, "email_ack_delay_ms": 300, "email_no_reference": False,
                  "email_no_promise": False, "email_no_human": False,
                  "email_answer_delay_ms": 1000, "email_no_apology": False,
                  "email_thread_fork": False}


class Inbox:
    """The customer's side: an SMTP server that keeps what the shop sends."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802, ANN001
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 5.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return list(self.messages)


@pytest.fixture(scope="module")
def shop_and_inbox() -> Iterator[tuple[DemoSite, Inbox]]:
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    with DemoSite(smtp=f"127.0.0.1:{port}") as shop:
        yield shop, inbox
    controller.stop()


@pytest.fixture
def shop(shop_and_inbox) -> Iterator[tuple[DemoSite, Inbox]]:
    site, inbox = shop_and_inbox
    site.reset()
    site.set_switches(email_ack_delay_ms=50, email_answer_delay_ms=150)
    inbox.messages.clear()
    yield site, inbox
    site.reset()


def write(site: DemoSite, subject: str = "My order arrived damaged", body: str = "Broken lid.",
          answering: EmailMessage | None = None) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = "Ann Example <ann@example.com>"
    mail["To"] = site.support()["address"]
    mail["Subject"] = subject
    mail["Message-ID"] = make_msgid(domain="example.com")
    mail["X-Mystery-Shopper"] = "email-run-1"
    if answering is not None:
        mail["In-Reply-To"] = answering["Message-ID"]
        mail["References"] = answering["Message-ID"]
    mail.set_content(body)
    host, _, port = site.support()["smtp"].rpartition(":")
    with smtplib.SMTP(host, int(port), timeout=10) as smtp:
        smtp.send_message(mail)
    return mail


def test_the_switches_are_in_the_table_with_their_defaults(shop) -> None:
    site, _ = shop
    table = {row["name"]: row for row in site._call("/__control/switches/table")["switches"]}
    for name, default in EMAIL_SWITCHES.items():
        assert table[name]["default"] == default and table[name]["breaks"], name


def test_an_email_is_acknowledged_automatically_then_answered_by_a_person(shop) -> None:
    site, inbox = shop
    sent = write(site)
    ack, answer = inbox.wait_for(2)
    assert ack["Auto-Submitted"] == "auto-replied" and "noreply@" in ack["From"]
    assert ack["In-Reply-To"] == sent["Message-ID"]
    reference = ack["Subject"].split("[")[1].rstrip("]")
    assert reference.startswith("CS-") and "within 24 hours" in ack.get_content()
    assert answer["From"] == "Maya Lopez <support@northwind-goods.example>"
    assert answer["Auto-Submitted"] is None and answer["In-Reply-To"] == sent["Message-ID"]
    said = answer.get_content().replace("\r\n", "\n")
    assert "sorry" in said and "Kind regards,\nMaya Lopez" in said
    records = site.truth()
    assert [r["kind"] for r in records] == ["email-ack", "email-answer"]
    for record, delay in zip(records, (50, 150), strict=True):
        assert record["shopper_run"] == "email-run-1" and record["reference"] == reference
        assert delay <= record["shown_at"] - record["trigger_at"] < delay + 500


def test_an_answer_in_the_thread_joins_its_case(shop) -> None:
    site, inbox = shop
    write(site)
    _, answer = inbox.wait_for(2)
    reference = answer["Subject"].split("[")[1].rstrip("]")
    write(site, subject=f"Re: {answer['Subject']}", answering=answer)
    messages = inbox.wait_for(3)
    time.sleep(0.3)  # a person's answer would have come by now: it must not
    assert len(inbox.messages) == 3
    assert f"added it to your case {reference}" in messages[2].get_content()


@pytest.mark.parametrize(("switch", "check"), [
    ("email_no_reference", lambda ack, answer: "CS-" not in ack["Subject"] + ack.get_content()),
    ("email_no_promise", lambda ack, answer: "within" not in ack.get_content()
     and "soon" in ack.get_content()),
    ("email_no_apology", lambda ack, answer: "sorry" not in answer.get_content().lower()),
])
def test_each_switch_changes_its_answer(shop, switch, check) -> None:
    site, inbox = shop
    site.set_switches(email_ack_delay_ms=50, email_answer_delay_ms=150, **{switch: True})
    write(site)
    ack, answer = inbox.wait_for(2)
    assert check(ack, answer)


def test_no_acknowledgement_and_no_person_leave_their_records_empty(shop) -> None:
    site, inbox = shop
    site.set_switches(email_no_ack=True, email_no_human=True)
    write(site)
    time.sleep(0.5)
    assert inbox.messages == []
    assert [(r["kind"], r["shown_at"]) for r in site.truth()] == [("email-ack", None),
                                                                  ("email-answer", None)]


def test_a_forked_thread_files_the_answer_as_a_new_case(shop) -> None:
    site, inbox = shop
    site.set_switches(email_ack_delay_ms=50, email_answer_delay_ms=150, email_thread_fork=True)
    write(site)
    first_ack, answer = inbox.wait_for(2)
    write(site, subject=f"Re: {answer['Subject']}", answering=answer)
    second_ack = inbox.wait_for(3)[2]
    assert second_ack["Subject"] != first_ack["Subject"]
    assert "Your case number is CS-" in second_ack.get_content()
