"""The built-in phrase lists on wording the demo site never uses."""

from __future__ import annotations

import pytest

from runner.patterns import Patterns, first_match, normalise

PATTERNS = Patterns.from_settings({})


@pytest.mark.parametrize("text", [
    "Thanks! Our team has your note.",
    "Your enquiry has been submitted.",
    "We’ve received your request and a ticket was created.",
    "Message sent successfully. Someone will be in touch.",
    "Got it — we received your message.",
])
def test_acknowledgement_phrases_are_recognised(text):
    assert first_match(PATTERNS.family("acknowledgement"), normalise(text))


@pytest.mark.parametrize("text", [
    "Please fill in all required fields.",
    "Our opening hours are 9 to 5.",
    "Sign in to continue",
])
def test_non_acknowledgements_are_not(text):
    assert not first_match(PATTERNS.family("acknowledgement"), normalise(text))


@pytest.mark.parametrize("text", [
    "Expect an answer within 2 working days.",
    "An agent will reply by tomorrow.",
    "We aim to respond in the next few hours.",
    "You'll hear from us within one business day.",
    "We typically respond within 48 hours.",
    "Our team will call you back by 5pm.",
    "An agent will be with you in a few minutes.",
    "Expect a reply within the next hour.",
])
def test_response_promises_are_recognised(text):
    assert first_match(PATTERNS.family("promise"), normalise(text))


@pytest.mark.parametrize("text", [
    "Thanks, your reference is AB-1234.",
    "We have received your message.",
    "Order 24 of 48 shipped.",
    "We will get back to you shortly.",  # names no time (SPEC §3 no-response-promise)
    "Someone will be in touch soon.",
    "We will reply as soon as possible.",
])
def test_texts_without_a_when_are_not_promises(text):
    assert not first_match(PATTERNS.family("promise"), normalise(text))


def test_shopper_yaml_patterns_extend_the_built_in_lists():
    dutch = Patterns.from_settings({"promise": ["binnen \\d+ uur"]})
    assert first_match(dutch.family("promise"), "We reageren binnen 24 uur.")
    assert first_match(dutch.family("promise"), "within 3 days")  # built-ins stay


def test_normalise_makes_curly_quotes_and_spacing_plain():
    assert normalise("We’ve   received\u00a0it\n\n“ok”") == "We've received it\n\"ok\""
