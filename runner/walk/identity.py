"""Saying who is shopping, where it costs nothing: in the user agent.

With `identify: true` (the default) the user agent ends with
`MysteryShopper/<version> (run <journey_run_id>)`: every access log already records it, so a
business can set its own test tickets and chats apart from its customers'. `identify: header`
also sends `X-Mystery-Shopper: <journey_run_id>` to the journey's own site (the engine's
route); intercepting requests to add it costs CPU on every request, so it is opt-in.

A tab is opened before its journey is known (runner/walk/tabs.py opens them ahead), so the
context carries the token without the run, the same for every journey, and the run is added
to the tab's own user agent when the journey takes it: one DevTools call (Chromium). The
DevTools session is never detached (an override ends with the session that set it): it
lives as long as the tab, and closes with the journey's context. Pages the site opens
itself (a popup) carry the context's token, without the run.
"""

from __future__ import annotations

from playwright.sync_api import BrowserContext, Error, Page

from runner import __version__
from runner.walk import untraced

TOKEN = f"MysteryShopper/{__version__}"


def marked(user_agent: str) -> str:
    """The browser's user agent with the tool's token, as every tab of the run has it."""
    return f"{user_agent} {TOKEN}"


def with_run(user_agent: str, journey_run_id: str) -> str:
    return f"{user_agent} (run {journey_run_id})"


def tell_the_run(context: BrowserContext, page: Page, user_agent: str,
                 journey_run_id: str) -> object | None:
    """Give `page` the user agent that names the journey run. Returns the DevTools session
    that holds the override (Playwright keeps it until the context closes), or None where
    the browser has none (Firefox, WebKit, a remote browser that refuses): the context's
    token still says who is shopping, without the run."""
    try:
        devtools = untraced.new_cdp_session(context, page)
        untraced.send(devtools, "Emulation.setUserAgentOverride",
                      {"userAgent": with_run(user_agent, journey_run_id)})
    except Error:
        return None
    return devtools
