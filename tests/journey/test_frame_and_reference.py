"""`frame:` on any step, and a `reference` pattern that could capture an ordinary word."""

from __future__ import annotations

import pytest

from runner.journey.locators import Locator
from runner.journey.patterns_check import ordinary_word_captured

ONE_STEP = """name: Embedded form
steps:
  - goto: https://shop.example/contact
  - fill: {{"#email": ann@example.com}}
    frame: {frame}
"""


def test_a_frame_is_one_locator_or_a_list_outermost_first(load_one):
    step = load_one(ONE_STEP.format(frame="\"iframe[title='Contact form']\"")).steps[1]
    assert step.frame == (Locator(selector="iframe[title='Contact form']"),)
    step = load_one(ONE_STEP.format(frame="[\"#outer\", {title: Contact form}]")).steps[1]
    assert step.frame == (Locator(selector="#outer"),
                          Locator(by="title", value="Contact form"))
    assert load_one(ONE_STEP.format(frame='"#f"')).steps[0].frame == ()


@pytest.mark.parametrize("frame", ["[]", "{color: blue}", "12"])
def test_a_frame_that_is_no_locator_is_an_error_at_its_line(problems, frame):
    found = problems(ONE_STEP.format(frame=frame))
    assert found and all(problem.startswith("5:") for problem in found), found


def test_a_reference_that_can_capture_an_ordinary_word_is_a_warning(load):
    loaded = load("""name: Tickets
steps:
  - goto: https://tickets.example/buy
  - click: {role: button, name: Buy}
  - expect_ack:
      reference: "Order (?P<ref>[A-Z0-9]{5})"
    save: order
""")
    assert not loaded.errors and len(loaded.journeys) == 1
    assert len(loaded.warnings) == 1
    assert loaded.warnings[0].split("j.yaml:", 1)[1].startswith(
        "6:18: `reference` can capture the ordinary word \"LATER\"")


@pytest.mark.parametrize(("pattern", "word"), [
    (r"Order (?P<ref>[A-Z0-9]{5})", "LATER"),
    (r"(?P<ref>\w{5,6})", "later"),
    (r"#(?P<ref>\S+)|Order (?P<x>\S+)", None),  # the ref group needs a '#'
    (r"(?P<ref>\b[A-Z]{2,6}-\d{3,}\b)", None),
    (r"(?P<ref>\b(?=[A-Z]*\d)[A-Z0-9]{5}\b)", None),
    (r"CS-${saved.ticket}", None),
])
def test_which_reference_patterns_can_capture_a_word(pattern, word):
    assert ordinary_word_captured(pattern) == word
