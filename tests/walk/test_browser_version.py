"""Case 11: the browser is not the one Playwright was built for, or not a browser at all.

Debian's Chromium is a few versions behind the one this Playwright expects; it works, but a
timing that looks odd may come from that, so the start-up line says both versions. A path to
something that is not a browser is the tool's problem: exit 3, one line, nothing walked.
"""

from __future__ import annotations

import json
import os
from importlib import metadata
from pathlib import Path

import playwright
import pytest
from support.cli_harness import (
    ShopperProcess,
    describe,
    one_clear_line,
    only_result,
    quick_journey,
    results_in,
)
from support.pages import loopback_pages, page

pytestmark = pytest.mark.browser


def built_for() -> str:
    """Read here independently of runner.walk.browser: the driver's own list."""
    listing = Path(playwright.__file__).parent / "driver" / "package" / "browsers.json"
    browsers = json.loads(listing.read_text())["browsers"]
    return next(entry["browserVersion"] for entry in browsers if entry["name"] == "chromium")


@pytest.mark.slow
def test_the_start_up_line_names_the_browser_and_the_version_playwright_was_built_for(
        tmp_path):
    quick_journey(tmp_path / "journeys", "a_normal")
    quick_journey(tmp_path / "journeys", "b_normal")
    with loopback_pages() as pages:
        pages.page("/", page("<h1>Welcome</h1>"))
        run = ShopperProcess(tmp_path, ("run", "journeys", "--base-url", pages.url,
                                        "--out", "out"))
        try:
            code, out, err = run.finish(60)
        finally:
            run.kill_everything()
    assert code == 0, out + err
    browser = only_result(tmp_path / "out", "a_normal")["browser"]
    lines = out.splitlines()
    announced = [n for n, line in enumerate(lines) if line.startswith("Browser: ")]
    assert len(announced) == 1, out
    line = lines[announced[0]]
    assert line.startswith(f"Browser: chromium {browser['version']} ({browser['source']})")
    expected = built_for()
    if browser["version"] != expected:
        assert line.endswith(f" was built for chromium {expected}"), line
        assert f"; Playwright {metadata.version('playwright')} was built for" in line
    else:
        assert "built for" not in line, line
    # Said at start-up: before the first journey's progress line, not after the run.
    first_progress = next(n for n, line in enumerate(lines) if "passed" in line)
    assert announced[0] < first_progress, out


@pytest.mark.slow
def test_a_browser_path_that_is_not_a_browser_exits_3_with_one_clear_line(tmp_path):
    quick_journey(tmp_path / "journeys", "a_normal")
    run = ShopperProcess(tmp_path, ("run", "journeys", "--base-url", "http://127.0.0.1:9",
                                    "--out", "out"), env={"SHOPPER_BROWSER_PATH": "/bin/true"})
    try:
        code, out, err = run.finish(60)
        left = run.wait_for_no_survivors(3)
    finally:
        run.kill_everything()
    assert code == 3, out + err
    line = one_clear_line(err)
    assert line.startswith("shopper: could not start SHOPPER_BROWSER_PATH: /bin/true: ")
    assert "exited at once (exit code 0) without starting a browser" in line, line
    assert not results_in(tmp_path / "out"), "nothing should have been walked"
    assert not left, describe(left)


def test_a_browser_path_that_cannot_be_executed_is_named_before_any_launch(tmp_path):
    quick_journey(tmp_path / "journeys", "a_normal")
    not_a_program = tmp_path / "chromium"
    not_a_program.write_text("not a browser")
    os.chmod(not_a_program, 0o644)
    run = ShopperProcess(tmp_path, ("run", "journeys", "--base-url", "http://127.0.0.1:9",
                                    "--out", "out"),
                         env={"SHOPPER_BROWSER_PATH": str(not_a_program)})
    code, out, err = run.finish(60)
    assert code == 3, out + err
    assert one_clear_line(err) == (f"shopper: SHOPPER_BROWSER_PATH={not_a_program} is not "
                                   "executable: point it at a browser executable or unset it")
