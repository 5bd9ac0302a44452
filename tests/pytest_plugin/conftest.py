"""Inner pytest runs for the plugin's tests: each in its own process (its own Playwright).

`pytester` is switched on from a hook rather than `pytest_plugins`: pytest accepts
`pytest_plugins` only in a top-level conftest, and this one is not when the whole suite runs.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from runner.bundled import bundled_journeys

INNER_RUN_TIMEOUT_S = 180


def pytest_configure(config: pytest.Config) -> None:
    if not config.pluginmanager.has_plugin("pytester"):
        config.pluginmanager.import_plugin("pytester")


class Project:
    """A project folder with the bundled journeys in journeys/, and pytest runs inside it."""

    def __init__(self, pytester: pytest.Pytester) -> None:
        self.pytester = pytester
        self.path = pytester.path
        shutil.copytree(bundled_journeys(), self.path / "journeys")

    def write(self, relative: str, text: str) -> Path:
        path = self.path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def pytest(self, *args: str) -> pytest.RunResult:
        return self.pytester.runpytest_subprocess("-p", "no:cacheprovider", *args,
                                                  timeout=INNER_RUN_TIMEOUT_S)

    def line_of(self, relative: str, start: str) -> int:
        """The 1-based number of the first line of a file that starts with `start`."""
        text = (self.path / relative).read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip().startswith(start):
                return number
        raise AssertionError(f"no line starting {start!r} in {relative}")


@pytest.fixture
def project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> Project:
    # pytester points HOME at a temporary folder, and Playwright finds its own browsers
    # through HOME: tell the inner runs where they are.
    cache = Path.home() / ".cache" / "ms-playwright"
    if "PLAYWRIGHT_BROWSERS_PATH" not in os.environ and cache.is_dir():
        monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(cache))
    return Project(pytester)
