"""Which browser build a run gets: the headless shell where nobody watches, the full browser
where somebody does, and whatever the user named, always."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from runner.walk.browser import pick_browser


def installed(folder: Path, *names: str) -> None:
    folder.mkdir(exist_ok=True)
    for name in names:
        program = folder / name
        program.write_text("#!/bin/sh\n")
        program.chmod(0o755)


@pytest.fixture
def path(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    return folder


def test_a_run_nobody_watches_takes_the_headless_shell(path):
    installed(path, "chromium", "chromium-headless-shell")
    choice = pick_browser("chromium", None, {}, lambda: None)
    assert choice.executable == str(path / "chromium-headless-shell")
    assert choice.build == "headless-shell"


def test_a_headed_run_takes_the_full_browser(path):
    installed(path, "chromium", "chromium-headless-shell")
    choice = pick_browser("chromium", None, {}, lambda: None, headed=True)
    assert choice.executable == str(path / "chromium")
    assert choice.build == "full"


def test_without_the_shell_the_full_browser_serves(path):
    installed(path, "chromium")
    choice = pick_browser("chromium", None, {}, lambda: None)
    assert (choice.executable, choice.build) == (str(path / "chromium"), "full")


def test_the_browser_the_user_names_wins(path, tmp_path):
    installed(path, "chromium-headless-shell")
    installed(tmp_path / "mine", "chrome")
    named = str(tmp_path / "mine" / "chrome")
    choice = pick_browser("chromium", None, {"SHOPPER_BROWSER_PATH": named}, lambda: None)
    assert choice.executable == named and choice.build is None


def test_playwrights_own_shell_is_launched_by_playwright_itself(path):
    installed(path, "chromium-headless-shell")
    choice = pick_browser("chromium", None, {}, lambda: "/pw/chromium-1/chrome-linux/chrome",
                          playwright_shell=lambda: "/pw/chromium_headless_shell-1/x/shell")
    assert choice.executable is None  # Playwright picks its shell for a headless launch
    assert (choice.build, choice.source) == ("headless-shell",
                                            "playwright: /pw/chromium_headless_shell-1/x/shell")
    headed = pick_browser("chromium", None, {}, lambda: "/pw/chromium-1/chrome-linux/chrome",
                          headed=True, playwright_shell=lambda: "/pw/x/shell")
    assert headed.build == "full"


@pytest.mark.skipif(not os.path.exists("/usr/bin/chromium-headless-shell")
                    or bool(os.environ.get("SHOPPER_BROWSER_PATH")),
                    reason="Debian's chromium-headless-shell is not installed, or a browser "
                    "is named by SHOPPER_BROWSER_PATH")
def test_the_result_says_which_build_walked(playwright_session):
    from runner.walk.browser import choose_browser, describe, launch

    choice = choose_browser(playwright_session)
    browser = launch(playwright_session, choice)
    try:
        assert describe(browser, choice).as_dict()["build"] == "headless-shell"
    finally:
        browser.close()
