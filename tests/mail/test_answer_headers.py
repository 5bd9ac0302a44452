"""Who wrote an answer, and which conversation it belongs to: the rules read the headers and
signatures that real mail systems and helpdesks write, not the demo site's wording."""

from __future__ import annotations

import pytest

from runner.mail.automatic import automatic_reason
from runner.mail.message import parse_mail
from runner.mail.people import own_words, person_in_email
from runner.mail.threads import answers, references_for_reply, reply_subject, thread_relation
from runner.patterns import Patterns

BOT_LABELS = Patterns.from_settings({}).family("bot_label")


def mail(headers: str, body: str = "Hello") -> object:
    return parse_mail(f"To: ann@example.com\n{headers.strip()}\n\n{body}\n".encode(), 0.0)


@pytest.mark.parametrize(("headers", "why"), [
    # RFC 3834, as Gmail's vacation responder and most helpdesk triggers write it.
    ("From: Ann's Shop <help@shop.example>\nAuto-Submitted: auto-replied", "Auto-Submitted"),
    # Exchange / Microsoft 365 automatic replies.
    ("From: Sales <sales@corp.example>\nAuto-Submitted: auto-generated\n"
     "X-Auto-Response-Suppress: All", "Auto-Submitted"),
    # Older autoresponders: cPanel's X-Autorespond, vacation's X-Autoreply.
    ("From: info@shop.example\nX-Autorespond: 1", "X-Autorespond"),
    ("From: info@shop.example\nX-Autoreply: yes", "X-Autoreply"),
    ("From: info@shop.example\nPrecedence: auto_reply", "Precedence"),
    ("From: info@shop.example\nPrecedence: bulk", "Precedence"),
    ("From: info@shop.example\nPrecedence: junk", "Precedence"),
    # Senders nobody reads.
    ("From: Northwind Goods <noreply@northwind.example>", "takes no replies"),
    ("From: Support <no-reply@help.example>", "takes no replies"),
    ("From: do-not-reply@accounts.example", "takes no replies"),
    ("From: DoNotReply@bank.example", "takes no replies"),
    ("From: notifications-noreply@service.example", "takes no replies"),
    ("From: MAILER-DAEMON@mx.example", "takes no replies"),
])
def test_automatic_answers_are_recognised(headers, why):
    assert why in (automatic_reason(mail(headers)) or "")


@pytest.mark.parametrize("headers", [
    # A person's answer sent through a helpdesk: the Outlook header asks others not to
    # auto-answer; it says nothing about who wrote this one.
    "From: Maya Lopez <support@northwind.helpscoutapp.example>\nX-Auto-Response-Suppress: All",
    "From: Maya Lopez <support@shop.example>\nAuto-Submitted: no",
    "From: Northwind Support <support@northwind.freshdesk.example>",
    "From: notifications@shop.example",  # a shared address is not a no-reply one
    "From: Maya <maya@shop.example>\nPrecedence: first-class",
])
def test_people_writing_through_helpdesks_are_not_automatic(headers):
    assert automatic_reason(mail(headers)) is None


@pytest.mark.parametrize(("sender", "body", "name"), [
    # Help Scout, Front: the agent is the sender's display name, and signs.
    ("Maya Lopez <support@shop.example>", "Hi Ann,\n\nThe parcel is on its way.\n\nMaya",
     "Maya Lopez"),
    # Zendesk: "Agent (Company)" as the sender.
    ("Maya Lopez (Northwind Goods) <support@northwind.zendesk.example>",
     "##- Please type your reply above this line -##\n\nThe parcel is on its way.",
     "Maya Lopez"),
    # Freshdesk: the company as sender; the agent's signature block names them.
    ("Northwind Support <support@northwind.freshdesk.example>",
     "Hello Ann,\n\nWe have sent a new one.\n\nKind regards,\nSam Rivera\nCustomer Care\n",
     "Sam Rivera"),
    # Gmail, from a person's own mailbox: a one-line sign-off.
    ("shop@gmail.example", "Sorry about that! A new one is on its way.\n\nThanks, Priya",
     "Priya"),
    ("care@shop.example", "Hi Ann,\n\nI'm Tom from customer care. Sorry for the wait.",
     "Tom"),
    ("kundenservice@shop.example",
     "Hallo Ann,\n\nes tut uns leid.\n\nMit freundlichen Grüßen\nJonas Weber\nKundenservice",
     "Jonas Weber"),
])
def test_a_persons_name_is_found_where_helpdesks_put_it(sender, body, name):
    assert person_in_email(sender, body, BOT_LABELS)[0] == name


@pytest.mark.parametrize(("sender", "body"), [
    ("Northwind Goods <care@northwind-goods.example>", "Thank you for your email."),
    ("Northwind Goods Customer Care <care@shop.example>", "We will reply within 24 hours."),
    ("Support Team <support@shop.example>", "Kind regards,\nThe Support Team"),
    ("Zendesk <support@northwind.zendesk.example>", "Your request (#4711) has been received."),
    # The only name is the customer's own, in the quoted mail below the answer.
    ("care@shop.example", "We have received your message.\n\nOn Mon, 1 Dec 2026, Ann Example "
                          "wrote:\n> Thanks,\n> Ann Example"),
])
def test_companies_roles_and_quoted_customers_are_nobodys_name(sender, body):
    assert person_in_email(sender, body, BOT_LABELS) is None


def test_quoted_mail_is_not_the_answers_own_words():
    body = "Done.\n\n-----Original Message-----\nFrom: ann@example.com\nKind regards, Ann"
    assert own_words(body) == "Done."


def test_an_answer_is_in_the_thread_by_its_headers_or_by_the_case_reference():
    ours = ["<c1.abc@example.com>"]
    gmail = mail("From: maya@shop.example\nIn-Reply-To: <c1.abc@example.com>\n"
                 "References: <c1.abc@example.com>\nSubject: Re: Broken lid")
    outlook = mail("From: maya@shop.example\nReferences: <x@shop.example> <C1.abc@example.com>\n"
                   "Subject: RE: Broken lid")
    zendesk = mail("From: support@northwind.zendesk.example\nReferences: <zd1@zendesk>\n"
                   "Subject: [Northwind] Re: Broken lid [CS-20931]")
    elsewhere = mail("From: news@shop.example\nSubject: Our summer sale")
    assert answers(gmail, ours) and answers(outlook, ours) and not answers(zendesk, ours)
    assert thread_relation(gmail, ours, "CS-20931") == "headers"
    assert thread_relation(zendesk, ours, "CS-20931") == "reference"
    assert thread_relation(elsewhere, ours, "CS-20931") is None


def test_an_answer_in_the_thread_is_subjected_and_referenced_as_mail_programs_do():
    answered = mail("From: maya@shop.example\nMessage-ID: <m2@shop.example>\n"
                    "In-Reply-To: <c1@example.com>\nReferences: <c0@example.com> <c1@example.com>")
    assert references_for_reply(answered) == "<c0@example.com> <c1@example.com> <m2@shop.example>"
    assert reply_subject("RE: AW: Broken lid [CS-1]") == "Re: Broken lid [CS-1]"
    assert reply_subject("Re[2]: Broken lid") == "Re: Broken lid"
    assert reply_subject("Fwd: Invoice") == "Re: Fwd: Invoice"
