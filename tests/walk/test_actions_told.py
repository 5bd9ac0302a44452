"""The customer's action reaches Python with the settle that ends it, or as the page leaves
(probe.js `tell`, session.py QUIET_JS): an acknowledgement is timed from the click or the
submission that reached the page, whether the page stayed, left for another, or the action
was in a frame; and an action answered in place costs no round trip of its own."""

from __future__ import annotations

import time

import pytest
from support.pages import page
from support.protocol import methods_sent

pytestmark = pytest.mark.browser

CONTACT = """
name: Contact
channel: contact-form
steps:
  - goto: /contact
  - fill: {"#message": "My parcel never came"}
  - click: {role: button, name: Send}
  - expect_ack: {within: 10s}
"""
THANKS = page("<h1>Thank you, we have received your message.</h1>", title="Thanks")


def test_an_action_answered_in_place_is_told_with_its_settle(walk, pages):
    pages.page("/contact", page(
        '<textarea id="message" aria-label="Message"></textarea>'
        '<button onclick="setTimeout(() => { document.getElementById(\'ack\').textContent ='
        ' \'Thank you, we have received your message.\'; }, 400)">Send</button>'
        '<p id="ack"></p>'))
    walk.base_url = pages.url
    with methods_sent(walk.browser) as sent:
        result = walk(CONTACT)
    ack = result.steps[-1]
    assert ack.status == "passed", ack.error
    assert ack.observed["trigger"] == "click"
    assert ack.observed["trigger_step"] == 2
    assert 400 <= ack.measured["ack_ms"] < 600, ack.measured
    assert "resolve" not in sent, sent  # no binding call answered: nothing told apart


def test_a_submission_that_leaves_the_page_is_told_as_it_leaves(walk, pages):
    """A classic form post: the page is gone before any settle could read it, so its probe
    tells of the submission through the binding as it begins to leave."""
    pages.page("/contact", page(
        '<form method="post" action="/sent"><textarea id="message" name="message" '
        'aria-label="Message"></textarea><button>Send</button></form>'))

    def slow_thanks(handler) -> None:  # noqa: ANN001 - the pages server's handler
        time.sleep(0.3)
        handler.send(200, THANKS)

    pages.route("/sent", slow_thanks)
    walk.base_url = pages.url
    result = walk(CONTACT)
    ack = result.steps[-1]
    assert ack.status == "passed", ack.error
    # The submission, not the new page's navigation, starts the clock: the 300 ms the
    # server took are the customer's wait.
    assert ack.observed["trigger"] == "submit", ack.observed
    assert ack.measured["ack_ms"] >= 300, ack.measured


def test_an_action_in_a_frame_is_told_at_once(walk, pages):
    """A frame's probe tells of its actions through the binding as they happen: the settle
    reads one document, and a chat widget's frame is not the one it reads
    (tests/walk/test_chat.py times that reply against the site's own record)."""
    pages.page("/contact", page('<iframe src="/form" title="Contact form" '
                                'style="width:600px;height:300px"></iframe>'))
    pages.page("/form", page(
        '<textarea id="message" aria-label="Message"></textarea>'
        '<button onclick="setTimeout(() => { document.getElementById(\'ack\').textContent ='
        ' \'Thank you, we have received your message.\'; }, 300)">Send</button>'
        '<p id="ack"></p>'))
    walk.base_url = pages.url
    with methods_sent(walk.browser) as sent:
        result = walk(CONTACT.replace('{"#message": "My parcel never came"}',
                                      '{"#message": "My parcel never came"}\n    frame: iframe')
                      .replace("{role: button, name: Send}", "{role: button, name: Send}\n"
                               "    frame: iframe"))
    ack = result.steps[-1]
    assert ack.status == "passed", ack.error
    assert ack.observed["trigger"] == "click", ack.observed
    assert 300 <= ack.measured["ack_ms"] < 500, ack.measured
    assert "resolve" in sent, sent  # told through the binding, not with the settle
