"""The corpus's pages are what they claim to be, seen by plain Playwright without the tool:
the closed shadow root is closed, the iframe is another origin, the consent dialog really
takes the click, the hidden twin is hidden, the CMS thank-you page thanks only in its chrome,
and the in-page ground truth reaches the server. If one of these broke, a verdict test could
pass or fail for the wrong reason."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from corpus_site import CorpusSite

from runner.patterns import Patterns, first_match, normalise

pytestmark = pytest.mark.browser


@pytest.fixture
def page(shared_browser, corpus_site: CorpusSite) -> Iterator:
    browser, _ = shared_browser
    context = browser.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()


def test_the_page_truth_reaches_the_server_with_the_server_s_delay(page, corpus_site):
    corpus_site.truth.clear()
    page.goto(corpus_site.url + "/outdoor/support")
    page.get_by_label("Email").fill("ann@example.com")
    page.get_by_role("button", name="Send message").click()
    page.get_by_text("SR-48213").wait_for()
    truth = corpus_site.wait_for_truth(("actionAt", "ackShownAt"))
    shown_after = truth["ackShownAt"]["at"] - truth["actionAt"]["at"]
    assert 350 <= shown_after < 1500  # the API answers after 350 ms


def test_the_callback_form_is_in_a_closed_shadow_root(page, corpus_site):
    page.goto(corpus_site.url + "/energy/callback")
    assert page.evaluate("() => document.querySelector('callback-widget').shadowRoot") is None
    assert page.get_by_label("Email").count() == 0
    assert page.get_by_text("Request a call back").is_visible()


def test_the_closed_flash_message_is_out_of_every_script_s_reach(page, corpus_site):
    page.goto(corpus_site.url + "/hc/requests/new")
    assert page.evaluate("() => document.querySelector('hd-flash').shadowRoot") is None


def test_the_embedded_form_is_served_by_another_origin(page, corpus_site):
    page.goto(corpus_site.url + "/pages/contact-us")
    frame = page.frame_locator("iframe#hs-form-iframe-0")
    frame.get_by_label("Email").wait_for()
    origins = {urlsplit(f.url).netloc for f in page.frames}
    assert len(origins) == 2
    assert page.evaluate(
        "() => document.getElementById('hs-form-iframe-0').contentDocument") is None
    assert page.get_by_label("Email").count() == 0  # not without the frame


def test_the_consent_dialog_takes_the_click_meant_for_send(page, corpus_site):
    page.goto(corpus_site.url + "/tea/contact")
    send = page.get_by_role("button", name="Send", exact=True)
    box = send.bounding_box()
    taker = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('[role=dialog]')?.id",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
    assert taker == "CybotCookiebotDialog"
    page.get_by_role("button", name="Allow all").click()
    send.click(timeout=2000)  # answered, the dialog is gone


def test_the_first_of_the_twin_forms_is_hidden(page, corpus_site):
    page.goto(corpus_site.url + "/billing/help")
    fields = page.get_by_label("Email", exact=True)
    assert fields.count() == 2
    assert not fields.nth(0).is_visible()
    assert fields.nth(1).is_visible()


def test_the_cms_thank_you_page_thanks_only_in_its_chrome(page, corpus_site):
    acknowledgement = Patterns.from_settings({}).family("acknowledgement")
    page.goto(corpus_site.url + "/dental/thank-you")
    main = normalise(page.locator("main").inner_text())
    chrome = normalise(page.locator("header").inner_text() + "\n"
                       + page.locator("footer").inner_text())
    assert first_match(acknowledgement, main) is None, main
    assert first_match(acknowledgement, chrome) is not None


def test_the_thanks_and_powered_by_sit_in_the_footer_s_nav_before_any_click(page, corpus_site):
    page.goto(corpus_site.url + "/store/contact")
    credit = page.locator("footer nav .credit")
    assert "Thank you for visiting" in credit.inner_text()
    assert "Powered by" in credit.inner_text()
