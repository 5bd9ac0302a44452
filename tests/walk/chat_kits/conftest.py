"""The chat-kit widget site (one per test process) and a walker for it, on the session's shared
browser (tests/conftest.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from kit_site import KitSite

from runner.checks import CheckContext, judge
from runner.checks.landing import landing_judge
from runner.config import load_settings
from runner.journey.load import load_journeys
from runner.patterns import Patterns
from runner.results.model import RunResult
from runner.walk.engine import RunOptions, new_run_id, run_journey


@pytest.fixture(scope="session")
def kit_site() -> Iterator[KitSite]:
    with KitSite() as site:
        yield site


class KitWalker:
    """Writes a journey file, loads it as `shopper run` would, walks it on the kit site, judges
    it."""

    def __init__(self, pw, browser, info, tmp_path: Path, site: KitSite):
        self.pw, self.browser, self.info, self.site = pw, browser, info, site
        self.folder = tmp_path / "journeys"
        self.folder.mkdir(exist_ok=True)
        self.out = tmp_path / "reports"
        self.settings = load_settings(None, os.environ)

    def __call__(self, text: str) -> RunResult:
        path = self.folder / "chat.yaml"
        path.write_text(text)
        loaded = load_journeys([path], self.settings, os.environ)
        assert not loaded.errors, "\n".join(e.render() for e in loaded.errors)
        run_id = new_run_id()
        run = RunOptions(run_id=run_id, run_dir=self.out / "runs" / run_id,
                         settings=self.settings, base_url=self.site.url,
                         landing_judge=landing_judge(Patterns.from_settings({})), trace="off")
        self.site.reset()
        result = run_journey(self.pw, self.browser, self.info, loaded.journeys[0], run)
        return judge(result, CheckContext())


@pytest.fixture
def kit_walk(playwright_session, shared_browser, tmp_path, kit_site) -> KitWalker:
    browser, info = shared_browser
    return KitWalker(playwright_session, browser, info, tmp_path, kit_site)
