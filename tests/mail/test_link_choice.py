"""Which link of an email the customer takes (SPEC §2 `open_email_link`'s default)."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from runner.mail.message import parse_mail
from runner.walk.outcomes import StepFailed
from runner.walk.steps.open_email_link import customers_link


def order_mail(*, plain: bool = True) -> bytes:
    message = EmailMessage()
    message["From"] = "Tickets <no-reply@shop.example>"
    message["To"] = "ann@example.com"
    message["Subject"] = "Your order TK7Q2"
    if plain:
        message.set_content("Thanks for your order TK7Q2.\n"
                            "See it here: https://shop.example/orders/TK7Q2?t=abc\n"
                            "Newsletter: https://shop.example/news\n")
    html = ("<html><body><a href='https://events.example/summer-fest'><img alt='Summer Fest'>"
            "</a><p>Thanks for your order <b>TK7Q2</b>.</p>"
            "<p><a href='https://shop.example/orders/TK7Q2?t=abc'>View your order</a></p>"
            "<p><a href='https://shop.example/help'>Help</a></p></body></html>")
    if plain:
        message.add_alternative(html, subtype="html")
    else:
        message.set_content(html, subtype="html")
    return message.as_bytes()


def test_the_link_that_carries_the_saved_reference_wins_over_a_banner():
    mail = parse_mail(order_mail(), 0.0)
    assert mail.links[0] == "https://events.example/summer-fest"  # what was taken before
    url, why = customers_link(mail, ["TK7Q2"])
    assert url == "https://shop.example/orders/TK7Q2?t=abc"
    assert why == "the first link that carries the saved reference TK7Q2"


def test_without_a_saved_reference_the_text_parts_first_link():
    url, why = customers_link(parse_mail(order_mail(), 0.0), [])
    assert (url, why) == ("https://shop.example/orders/TK7Q2?t=abc",
                          "the first link of the email's text")


def test_an_html_only_email_gives_its_first_link():
    mail = parse_mail(order_mail(plain=False), 0.0)
    assert mail.text_links == []
    assert customers_link(mail, ["nothing-like-it"]) == (
        "https://events.example/summer-fest", "the first link of the email's HTML")


def test_a_reference_encoded_in_the_link_is_still_found():
    mail = parse_mail(order_mail(), 0.0)
    mail.links.insert(0, "https://shop.example/track?order=CS%2D20931")
    assert customers_link(mail, ["CS-20931"])[0] == "https://shop.example/track?order=CS%2D20931"


def test_an_email_without_web_links_fails_the_step_naming_it():
    mail = parse_mail(order_mail(), 0.0)
    mail.links, mail.text_links, mail.html_links = ["mailto:help@shop.example"], [], []
    with pytest.raises(StepFailed, match="has no link"):
        customers_link(mail, [])
