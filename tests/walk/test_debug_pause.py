"""`shopper run --debug` stops before each step: the step's lines of YAML are shown, then the
Playwright Inspector holds the page (page.pause()). Here the Inspector is replaced by a hook
that looks at the page where it stopped, which proves the stop comes before the step's
action: the field is still empty when the walk stops before the `fill`."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from runner.config import load_settings
from runner.journey.load import load_journeys
from runner.walk import debug

pytestmark = pytest.mark.browser

FORM = """<!doctype html><html lang="en"><title>Contact</title>
<form onsubmit="event.preventDefault(); document.querySelector('#out').textContent =
  'Thank you, we have received your message.'">
<label for=msg>Message</label><textarea id=msg></textarea><button>Send</button></form>
<p id=out></p>"""

JOURNEY = """\
name: Contact form
steps:
  - goto: /contact

  # what the customer writes
  - name: Write the message
    fill:
      "#msg": Where is my order?
  - click: {role: button, name: Send}
  - expect_ack: {within: 10s}
"""


def test_the_engine_stops_before_each_step_with_the_page_as_it_was(walk, pages):
    pages.page("/contact", FORM)
    walk.base_url = pages.url
    stops = []

    def before_step(page, journey, step) -> None:
        typed = page.evaluate("() => document.querySelector('#msg')?.value ?? null")
        stops.append((step.index, step.action, typed))

    result = walk(JOURNEY, before_step=before_step)
    assert result.status == "passed"
    assert stops == [(0, "goto", None), (1, "fill", ""),
                     (2, "click", "Where is my order?"), (3, "expect_ack", "Where is my order?")]


# `shopper run --debug` in a process of its own (its Playwright must be the only one in its
# thread), with the Inspector replaced by a hook that reads the page where the walk stopped
# and resumes. No display here: the window is left out; where the walk stops is the test.
DEBUG_RUN = """
import sys
import runner.walk.browser as browser
import runner.walk.debug as debug
import runner.walk.display as display
from runner.cli import main

display.display_problem = lambda env, platform="linux": None
real_launch = browser.launch
browser.launch = lambda pw, choice, headed=False: real_launch(pw, choice, headed=False)

def inspector(page):
    typed = page.evaluate("() => document.querySelector('#msg')?.value ?? null")
    print(f"[inspector: field holds {typed!r}; resumed]")

debug.inspect = inspector
sys.exit(main(sys.argv[1:]))
"""


def test_run_debug_shows_each_steps_yaml_and_pauses_before_it(pages, tmp_path):
    pages.page("/contact", FORM)
    journey = tmp_path / "journeys" / "contact.yaml"
    journey.parent.mkdir()
    journey.write_text(JOURNEY)
    done = subprocess.run([sys.executable, "-c", DEBUG_RUN, "run", str(journey), "--debug",
                           "--base-url", pages.url, "--out", str(tmp_path / "out"),
                           "--trace", "off"], capture_output=True, text=True, timeout=120)
    out = done.stdout
    assert done.returncode == 0, out + done.stderr
    assert re.findall(r"\[inspector: field holds (.*); resumed\]", out) == [
        "None", "''", "'Where is my order?'", "'Where is my order?'"]
    # The fill step's own lines, as written (comments and blank lines around it left out),
    # shown before the Inspector takes over.
    shown = out.split("⏸ step 2/4 of Contact form")[1].split("[inspector")[0]
    assert f"({journey}:6)" in shown
    assert shown.splitlines()[1:4] == ["      - name: Write the message", "        fill:",
                                       '          "#msg": Where is my order?']
    assert "# what the customer writes" not in shown
    assert out.index("Browser: ") < out.index("⏸ step 1/4")  # said before the first stop
    assert " ✓ Contact form  passed" in out  # the verdict line, as without --debug
    assert "· [" not in out  # no progress lines in between: the person reads the steps


def test_step_source_ends_where_the_steps_list_ends(tmp_path: Path):
    path = tmp_path / "j.yaml"
    path.write_text("name: J\nsteps:\n  - goto: /\n  - expect:\n      text: Hello\n"
                    "tags: [x]\n")
    loaded = load_journeys([path], load_settings(None, {}), {})
    journey = loaded.journeys[0]
    assert debug.step_source(journey, journey.steps[0]) == ["  - goto: /"]
    assert debug.step_source(journey, journey.steps[1]) == ["  - expect:", "      text: Hello"]
