"""Inner pytest runs for the plugin's tests: each in its own process (its own Playwright).

`pytester` is switched on from a hook rather than `pytest_plugins`: pytest accepts
`pytest_plugins` only in a top-level conftest, and this one is not when the whole suite runs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from runner.bundled import bundled_journeys
from runner.walk.video import browsers_folder

INNER_RUN_TIMEOUT_S = 180
# Where this run's Playwright finds its browsers and ffmpeg, read before pytester moves the
# working directory (a relative PLAYWRIGHT_BROWSERS_PATH is relative to where it started).
BROWSERS = browsers_folder()


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
    # pytester points HOME at a temporary folder and runs in another working directory, and
    # Playwright finds its browsers and ffmpeg through HOME or a PLAYWRIGHT_BROWSERS_PATH
    # that may be relative: tell the inner runs, absolutely, where this run finds them.
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(BROWSERS))
    return Project(pytester)
