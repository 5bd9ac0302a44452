"""The email channel's steps as the loader reads them: `send_email` and `expect_email`'s
acknowledgement and `human` keys, with what they must not be written without."""

from __future__ import annotations

from runner.config import load_settings
from runner.journey.model import EmailSpec, SendEmailSpec

HEADER = """
name: Email
channel: email
persona: {name: Ann Example, email: "ann+${run.id}@example.com"}
steps:
"""


def test_send_email_and_the_answer_judged_as_an_acknowledgement(load_one, write):
    write("photo.jpg", "jpeg")
    journey = load_one(HEADER + """
  - send_email:
      to: support@shop.example
      subject: "Order ${persona.name}"
      body: "Broken lid"
      attachments: [photo.jpg]
  - expect_email:
      text: ["received your (email|message)"]
      reference: "(?P<ref>CS-\\\\d+)"
      promise: ["binnen 24 uur"]
    save: case
  - expect_email: {human: true, contains: "${saved.case}"}
  - send_email: {reply: true, body: "Thanks"}
""")
    send, ack, human, reply = journey.steps
    photo = write("photo.jpg", "jpeg").resolve()
    assert send.value == SendEmailSpec(to="support@shop.example", subject="Order ${persona.name}",
                                       body="Broken lid", attachments=(str(photo),))
    assert send.name == 'send email "Order ${persona.name}"'
    assert isinstance(ack.value, EmailSpec) and ack.value.is_acknowledgement
    assert ack.value.reference == "(?P<ref>CS-\\d+)" and ack.value.promise
    assert ack.value.promise_patterns == ("binnen 24 uur",)
    assert ack.captures == "reference" and ack.save == "case"
    assert human.value.human and not human.value.is_acknowledgement
    assert human.captures == "subject"
    assert reply.value.reply and reply.value.to is None and reply.name == "reply by email"


def test_a_reply_needs_an_email_before_it(problems):
    assert any("answers the email an earlier `expect_email` found" in p
               for p in problems(HEADER + "  - send_email: {reply: true, body: hi}\n"))


def test_a_new_email_needs_an_address_and_a_subject(problems):
    assert any("needs `to:`" in p for p in problems(HEADER + "  - send_email: {body: hi}\n"))
    assert any("needs a `subject:`" in p
               for p in problems(HEADER + "  - send_email: {to: a@b.example}\n"))


def test_the_persona_writes_so_it_needs_an_address(problems):
    text = HEADER.replace('persona: {name: Ann Example, email: "ann+${run.id}@example.com"}',
                          "persona: {name: Ann Example}")
    said = problems(text + "  - send_email: {to: a@b.example, subject: Hi}\n")
    assert any("needs a persona with an `email` field" in p for p in said)


def test_a_missing_attachment_and_a_misspelt_key_are_precise(problems):
    said = problems(HEADER + "  - send_email: {to: a@b.example, subject: Hi, "
                             "attachments: [nope.pdf]}\n")
    assert any("no file to attach" in p for p in said)
    said = problems(HEADER + "  - expect_email: {humane: true}\n")
    assert any("humane" in p for p in said)


def test_outgoing_in_settings_is_checked_and_keeps_secrets_as_templates(tmp_path):
    good = tmp_path / "shopper.yaml"
    good.write_text("outgoing: smtps://ann:${secrets.MAIL_PASS}@mail.example.com:465\n")
    settings = load_settings(good, {})
    assert settings.outgoing == "smtps://ann:${secrets.MAIL_PASS}@mail.example.com:465"
    assert "MAIL_PASS" in settings.secrets
    bad = tmp_path / "bad.yaml"
    bad.write_text("outgoing: imap://mail.example.com\n")
    try:
        load_settings(bad, {})
    except Exception as error:  # noqa: BLE001 - ConfigError, with its place
        assert "bad.yaml:1" in str(error.location) and "smtp" in str(error)
    else:
        raise AssertionError("an imap:// outgoing server was accepted")
