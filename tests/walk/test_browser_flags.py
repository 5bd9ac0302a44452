"""The Chromium switches that keep a fresh context per journey cheap, and what they replace.

Chromium reads only the last `--disable-features`, so runner/walk/browser.py repeats Playwright's
own list before adding ours; if a Playwright upgrade changes that list, the first test says so.
Also what the browser says it is (its user agent), asked without opening a tab.
"""

from __future__ import annotations

import re
from pathlib import Path

import playwright
import pytest

from runner.walk.browser import CHROMIUM_ARGS, PLAYWRIGHT_DISABLED_FEATURES, UNSEEN_PER_CONTEXT


def playwrights_disabled_features() -> set[str]:
    bundle = Path(playwright.__file__).parent / "driver" / "package" / "lib" / "coreBundle.js"
    text = bundle.read_text(encoding="utf-8")
    found = re.search(r"disabledFeatures\s*=\s*\[(.*?)\]", text, re.S)
    assert found, f"Playwright's disabled features are no longer listed in {bundle}: " \
                  "check runner/walk/browser.py's copy by hand"
    return set(re.findall(r'"([^"]+)"', found.group(1)))


def test_our_switch_keeps_every_feature_playwright_disables():
    theirs = playwrights_disabled_features()
    assert theirs, "Playwright's list was found empty"
    assert theirs <= set(PLAYWRIGHT_DISABLED_FEATURES), sorted(theirs - set(
        PLAYWRIGHT_DISABLED_FEATURES))
    switches = [arg for arg in CHROMIUM_ARGS if arg.startswith("--disable-features=")]
    assert len(switches) == 1
    assert set(switches[0].split("=", 1)[1].split(",")) == theirs | set(UNSEEN_PER_CONTEXT) \
        | set(PLAYWRIGHT_DISABLED_FEATURES)


def unseen_targets(browser) -> list[str]:  # noqa: ANN001 - a Playwright Browser
    """Open a context and tab as a journey does; return the browser UI pages it brought."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.wait_for_timeout(300)  # the preloads start right after the context
        cdp = browser.new_browser_cdp_session()
        try:
            targets = cdp.send("Target.getTargets", {"filter": [{}]})["targetInfos"]
        finally:
            cdp.detach()
    finally:
        context.close()
    return [t["url"] for t in targets if t["type"] == "browser_ui"]


def test_a_fresh_context_opens_no_hidden_browser_pages(shared_browser):
    browser, info = shared_browser
    if info.name != "chromium":
        pytest.skip("Chromium switches")
    assert unseen_targets(browser) == []


@pytest.mark.slow
def test_without_the_switch_chromium_preloads_the_omnibox_popup(playwright_session):
    """The control: Chromium as Playwright starts it does open them (else the test above
    proves nothing). Should a Chromium release stop doing it, this says the switch is moot.
    The full browser's doing: the headless shell has no omnibox at all."""
    from runner.walk.browser import choose_browser

    choice = choose_browser(playwright_session, headed=True)
    if choice.name != "chromium" or choice.endpoint:
        pytest.skip("a local Chromium")
    plain = [arg for arg in CHROMIUM_ARGS if not arg.startswith("--disable-features=")]
    browser = playwright_session.chromium.launch(executable_path=choice.executable, args=plain)
    try:
        assert any("omnibox-popup" in url for url in unseen_targets(browser))
    finally:
        browser.close()


@pytest.mark.browser
def test_the_user_agent_is_asked_of_the_browser_and_is_what_its_pages_say(shared_browser):
    # Asked over CDP: opening a tab to read it cost the first journey ~100 ms.
    from runner.walk.engine import _asked_user_agent, _default_user_agent, _read_user_agent

    browser, _ = shared_browser
    asked = _asked_user_agent(browser)
    assert asked and "Mozilla/5.0" in asked
    assert asked == _read_user_agent(browser)
    assert _default_user_agent(browser) == asked
