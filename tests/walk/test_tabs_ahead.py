"""Tabs opened ahead (runner/walk/tabs.py): the next journey's tab opens while this one waits.

What must hold: a tab opened ahead is a fresh context all the same (nothing of the journey
before reaches it), a journey that needs other context options never gets it, and a browser
that dies meanwhile costs the next journey an `error`, never a hang.
"""

from __future__ import annotations

import pytest
from support.pages import page
from test_site_faults import SIGNED_IN, who_am_i

from runner.walk.browser import choose_browser, describe, launch
from runner.walk.engine import PROBE_BINDING, PROBE_JS
from runner.walk.tabs import Tabs

pytestmark = [pytest.mark.browser, pytest.mark.no_context_left]

SIGN_IN_AND_WAIT = """
name: A signs in
channel: browse
steps:
  - goto: /sign-in
  - expect: {text: "Signed in as Ann"}
  - wait: 200ms
"""

STRANGER = """
name: B is a stranger
channel: browse
{device}steps:
  - goto: /whoami
  - expect: {{text: "server saw cookie: none"}}
  - expect: {{text: "script saw cookie: none, local storage: {{}}, session storage: {{}}"}}
"""


class CountedTabs(Tabs):
    """Tabs that remember what they handed out."""

    def open(self, options: dict):
        tab = super().open(options)
        self.handed = [*getattr(self, "handed", []), tab]
        return tab


@pytest.fixture
def tabs(shared_browser):
    browser, _ = shared_browser
    tabs = CountedTabs(browser, PROBE_JS, PROBE_BINDING, ahead=True)
    yield tabs
    tabs.close()  # before the fixture below checks that no context is left open


def test_a_tab_opened_ahead_starts_as_fresh_as_any(walk, pages, tabs):
    pages.page("/sign-in", SIGNED_IN, headers={
        "Set-Cookie": "session=ann-secret-session; Path=/; HttpOnly"})
    pages.route("/whoami", who_am_i)
    walk.base_url = pages.url
    first = walk(SIGN_IN_AND_WAIT, name="a", tabs=tabs)
    assert first.status == "passed", [s.error for s in first.steps]
    second = walk(STRANGER.format(device=""), name="b", tabs=tabs)
    assert second.status == "passed", [s.error for s in second.steps]
    assert [tab.early for tab in tabs.handed] == [False, True]
    assert tabs.handed[0].context is not tabs.handed[1].context


def test_a_journey_with_other_context_options_gets_a_tab_of_its_own(walk, pages, tabs,
                                                                    shared_browser):
    pages.page("/sign-in", SIGNED_IN)
    pages.route("/whoami", who_am_i)
    walk.base_url = pages.url
    assert walk(SIGN_IN_AND_WAIT, name="a", tabs=tabs).status == "passed"
    phone = walk(STRANGER.format(device="device: iPhone 13\n"), name="b", tabs=tabs)
    assert phone.status == "passed", [s.error for s in phone.steps]
    assert [tab.early for tab in tabs.handed] == [False, False]
    assert tabs.handed[1].page.viewport_size["width"] < 500  # the phone's, not the desktop's
    tabs.close()
    browser, _ = shared_browser
    assert browser.contexts == []  # the unused tab opened ahead was closed too


def test_a_retry_traced_in_full_takes_the_tab_opened_ahead(walk, pages, tabs):
    """Tracing starts when a journey takes its tab, so a tab opened ahead serves whatever
    the trace's depth: a retry (traced in full) after a first attempt (traced lightly)."""
    pages.page("/sign-in", SIGNED_IN)
    pages.route("/whoami", who_am_i)
    walk.base_url = pages.url
    light = walk(SIGN_IN_AND_WAIT, name="a", tabs=tabs, trace="retain-on-failure")
    assert light.status == "passed"
    retry = walk(STRANGER.format(device=""), name="b", tabs=tabs, trace="retain-on-failure",
                 attempt=2)
    assert retry.status == "passed", [s.error for s in retry.steps]
    assert [tab.early for tab in tabs.handed] == [False, True]


def test_a_browser_gone_while_the_next_tab_opened_is_an_error_not_a_hang(
        walk, pages, playwright_session):
    pages.page("/calm", page("<h1>All calm</h1>"))
    choice = choose_browser(playwright_session)
    browser = launch(playwright_session, choice)
    walk.browser, walk.info = browser, describe(browser, choice)
    walk.base_url = pages.url
    tabs = Tabs(browser, PROBE_JS, PROBE_BINDING, ahead=True)
    calm = """
name: Calm
channel: browse
steps:
  - goto: /calm
  - wait: 100ms
"""
    assert walk(calm, name="first", tabs=tabs).status == "passed"
    browser.close()  # with the tab it was opening for the next journey
    second = walk(calm, name="second", tabs=tabs)
    assert second.status == "error"
    assert second.error.startswith("the browser failed"), second.error


def test_no_tab_is_being_opened_while_a_customer_action_is_timed(walk, pages, tabs,
                                                                 monkeypatch):
    """The browser's work of opening the next tab would slow the action it overlaps."""
    from runner.walk.session import Session

    pages.page("/calm", page('<h1>All calm</h1>'
                             '<button onclick="this.textContent=\'Done\'">Go</button>'))
    walk.base_url = pages.url
    opening_during_actions: list[bool] = []
    timed = Session.customer_action

    def watched(self, step, perform, **kwargs):
        opening_during_actions.append(tabs.opening)
        return timed(self, step, perform, **kwargs)

    monkeypatch.setattr(Session, "customer_action", watched)
    result = walk("""
name: Pause, then act
channel: browse
steps:
  - goto: /calm
  - wait: 1ms
  - click: {role: button, name: Go}
  - wait: 300ms
  - click: {role: button, name: Done}
""", name="pause", tabs=tabs)
    assert result.status == "passed", [s.error for s in result.steps]
    assert opening_during_actions == [False, False, False]
    assert tabs._ready  # it was opened, during the pauses


CALM = """
name: {name}
channel: browse
steps:
  - goto: /calm
{wait}"""


def test_a_journey_that_waits_opens_tabs_for_the_journeys_to_come(walk, pages,
                                                                  shared_browser):
    """Up to `ahead` of them, one after another while it waits; the journeys that follow
    start on them even though they never wait themselves."""
    pages.page("/calm", page("<h1>All calm</h1>"))
    walk.base_url = pages.url
    browser, _ = shared_browser
    tabs = CountedTabs(browser, PROBE_JS, PROBE_BINDING, ahead=3)
    try:
        assert walk(CALM.format(name="Waits", wait="  - wait: 900ms\n"), name="waits",
                    tabs=tabs).status == "passed"
        assert len(tabs._ready) == 3
        for n in range(3):
            assert walk(CALM.format(name=f"Hurries {n}", wait=""), name=f"hurries-{n}",
                        tabs=tabs).status == "passed"
        assert [tab.early for tab in tabs.handed] == [False, True, True, True]
        # A journey that never waits opens only the next one's tab, at its end: more would
        # still be opening when that journey starts, and slow it down.
        assert len(tabs._ready) == 1
    finally:
        tabs.close()


def test_a_tab_opened_ahead_says_who_is_shopping_and_is_traced(walk, pages, tabs):
    """The route and the tracing are set up as the tab opens: the journey that gets it sends
    its own run id (header and user agent), not the one of the journey that opened it, and
    its trace is kept."""
    import zipfile

    heard: list[str | None] = []
    agents: list[str] = []

    def pixel(handler) -> None:
        # Only the page's own loads: with DOM snapshots on, Playwright's tracing loads an
        # image once more for the trace, from the browser, without the page's headers.
        if handler.headers.get("Sec-Fetch-Dest") == "image":
            heard.append(handler.headers.get("X-Mystery-Shopper"))
            agents.append(handler.headers.get("User-Agent", ""))
        handler.send(200, b"GIF89a", {"Content-Type": "image/gif"})

    pages.route("/pixel", pixel)
    pages.page("/calm", page('<h1>All calm</h1><img src="/pixel">'))
    walk.base_url = pages.url
    walk.settings.identify = "header"
    first = walk(CALM.format(name="Waits", wait="  - wait: 300ms\n"), name="waits",
                 tabs=tabs, trace="retain-on-failure")
    never = '  - expect: {text: "Never there"}\n    timeout: 1s\n'
    second = walk(CALM.format(name="Expects", wait=never),
                  name="expects", tabs=tabs, trace="retain-on-failure")
    assert [tab.early for tab in tabs.handed] == [False, True]
    assert heard == [first.journey_run_id, second.journey_run_id]
    assert [agent.rpartition("(run ")[2] for agent in agents] == [
        f"{first.journey_run_id})", f"{second.journey_run_id})"]
    assert second.status == "failed"
    trace = walk.out / "runs" / second.run_id / second.artifacts["trace"]
    with zipfile.ZipFile(trace) as kept:
        actions = kept.read("trace.trace").decode()
    assert '"Frame.goto"' in actions or '"goto"' in actions



def test_the_journey_before_is_closed_before_the_next_one_acts(walk, pages, tabs,
                                                               shared_browser, monkeypatch):
    """A worker's journey leaves its context closing while it is judged; the next journey
    waits for that before its first customer action, as for a tab still opening."""
    from runner.walk.session import Session

    browser, _ = shared_browser
    pages.page("/calm", page("<h1>All calm</h1>"))
    # A page that keeps its renderer busy makes its context slow to close.
    pages.page("/busy", page("<h1>Busy</h1><script>addEventListener('pagehide', () => {"
                             "const end = Date.now() + 600; while (Date.now() < end) {}"
                             "})</script>"))
    walk.base_url = pages.url
    busy = CALM.format(name="First", wait="").replace("/calm", "/busy")
    assert walk(busy, name="first", tabs=tabs).status == "passed"
    before = tabs.handed[0].context
    still_open: list[bool] = []
    timed = Session.customer_action

    def watched(self, step, perform, **kwargs):
        still_open.append(before in browser.contexts)
        return timed(self, step, perform, **kwargs)

    monkeypatch.setattr(Session, "customer_action", watched)
    assert walk(CALM.format(name="Second", wait=""), name="second",
                tabs=tabs).status == "passed"
    assert still_open == [False]
