"""Shared fixtures: one demo site and one browser per test session, a fresh context per test;
purpose-built pages per test (support/pages.py) and `shopper` in a process of its own.

Everything listens on 127.0.0.1 and stops by itself when its test or the session ends.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from support.cli_harness import Shopper
from support.pages import PageServer, loopback_pages

from runner.bundled import bundled_journeys
from runner.checks import CheckContext, judge
from runner.checks.landing import landing_judge
from runner.config import load_settings
from runner.demo import DemoSite
from runner.journey.load import load_journeys
from runner.mail.smtp_sink import SmtpSink
from runner.patterns import Patterns
from runner.results.model import RunResult
from runner.walk.browser import BrowserInfo, choose_browser, describe, launch
from runner.walk.engine import RunOptions, new_run_id, run_journey


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "no_context_left: after each walk, fail if the engine left a browser "
        "context open")


@pytest.fixture
def pages() -> Iterator[PageServer]:
    """Pages a test sets, on a free port of 127.0.0.1, for this test only."""
    with loopback_pages() as server:
        yield server


@pytest.fixture
def shopper(tmp_path: Path) -> Shopper:
    return Shopper(tmp_path)


@pytest.fixture(scope="session")
def mail_sink(tmp_path_factory) -> Iterator[SmtpSink]:
    """One SMTP sink for the session: the demo site sends its confirmation emails here."""
    with SmtpSink(tmp_path_factory.mktemp("mail") / "maildir") as sink:
        yield sink


@pytest.fixture(scope="session")
def demo_site(mail_sink: SmtpSink) -> Iterator[DemoSite]:
    with DemoSite(smtp=mail_sink.address) as site:
        yield site


@pytest.fixture
def site(demo_site: DemoSite) -> Iterator[DemoSite]:
    """The demo site, healthy at the start of every test."""
    demo_site.reset()
    yield demo_site
    demo_site.reset()


@pytest.fixture(scope="session")
def playwright_session():
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def shared_browser(playwright_session):
    choice = choose_browser(playwright_session)
    browser = launch(playwright_session, choice)
    yield browser, describe(browser, choice)
    browser.close()


class Walker:
    """Writes a journey file, loads it like `shopper run` would, walks it, judges it."""

    def __init__(self, pw, browser, info: BrowserInfo, tmp_path: Path, base_url: str,
                 mail_sink: SmtpSink | None = None):
        self.pw, self.browser, self.info = pw, browser, info
        self.folder = tmp_path / "journeys"
        self.folder.mkdir(exist_ok=True)
        self.out = tmp_path / "reports"
        self.base_url = base_url
        self.settings = load_settings(None, os.environ)
        # Journeys read the session's sink, as `shopper run` would with an smtp:// mailbox.
        self.mail_sinks = {mail_sink.address: mail_sink.maildir_path} if mail_sink else {}
        if mail_sink is not None:
            self.settings.mailbox = f"smtp://{mail_sink.address}"
        bundled_personas = (bundled_journeys() / "personas.yaml").read_text()
        (self.folder / "personas.yaml").write_text(
            bundled_personas + "\nann:\n  name: Ann Example\n"
            "  email: ann+${run.id}@example.com\n  order: \"10482\"\n")

    def __call__(self, text: str, name: str = "journey", **options) -> RunResult:
        path = self.folder / f"{name}.yaml"
        path.write_text(text)
        loaded = load_journeys([path], self.settings, os.environ)
        assert not loaded.errors, "\n".join(e.render() for e in loaded.errors)
        run_id = options.pop("run_id", None) or new_run_id()  # journeys of one run share it
        tabs = options.pop("tabs", None)  # a worker's (runner/walk/tabs.py), else one per walk
        run = RunOptions(run_id=run_id, run_dir=self.out / "runs" / run_id,
                         settings=self.settings, base_url=self.base_url,
                         landing_judge=landing_judge(Patterns.from_settings({})),
                         mail_sinks=options.pop("mail_sinks", self.mail_sinks),
                         trace=options.pop("trace", "off"), **options)
        result = run_journey(self.pw, self.browser, self.info, loaded.journeys[0], run,
                             tabs=tabs)
        return judge(result, CheckContext())


@pytest.fixture
def walk(playwright_session, shared_browser, tmp_path, site, mail_sink, request
         ) -> Iterator[Walker]:
    """The walker; for a test marked `no_context_left`, it also checks afterwards that the
    engine closed every browser context it opened."""
    browser, info = shared_browser
    yield Walker(playwright_session, browser, info, tmp_path, site.url, mail_sink)
    if request.node.get_closest_marker("no_context_left"):
        assert browser.contexts == [], "the engine left a browser context open"
