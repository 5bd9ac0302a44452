"""`language:` on a journey and `promise:` as patterns (SPEC §2 "Languages", `expect_ack`)."""

from __future__ import annotations

import pytest

from runner.patterns import LANGUAGES

ACK_STEPS = """
steps:
  - goto: /kontakt
  - click: {role: button, name: Senden}
"""


def test_a_journey_names_the_language_its_site_speaks(load_one):
    journey = load_one("name: Kontakt\nlanguage: de\n" + ACK_STEPS)
    assert journey.language == "de"


def test_without_language_the_journey_is_judged_in_english_alone(load_one):
    assert load_one("name: Contact\n" + ACK_STEPS).language is None


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_shipped_language_is_accepted(load_one, code):
    assert load_one(f"name: x\nlanguage: {code}\n" + ACK_STEPS).language == code


@pytest.mark.parametrize(("written", "meant"), [
    ("de-DE", "de"), ("pt_BR", "pt"), ("FR", "fr"), ("Dutch", "nl"), ("español", "es")])
def test_a_near_miss_is_an_error_that_names_the_code(problems, written, meant):
    assert problems(f"name: x\nlanguage: {written}\n" + ACK_STEPS) == [
        f"2:11: `language` should be one of en, de, fr, es, it, nl, pt (the languages the "
        f"tool has phrases for), not `{written}` (did you mean `{meant}`?)"]


def test_a_language_without_phrases_says_how_to_add_them(problems):
    assert problems("name: x\nlanguage: ja\n" + ACK_STEPS) == [
        "2:11: `language` should be one of en, de, fr, es, it, nl, pt (the languages the tool "
        "has phrases for), not `ja` (for another language, leave `language` out and add its "
        "phrases to `patterns:` in shopper.yaml)"]


def test_a_language_that_is_not_text_is_pointed_at(problems):
    assert problems("name: x\nlanguage: [de, fr]\n" + ACK_STEPS) == [
        "2:11: `language` should be text, not a list"]


def test_promise_true_asks_for_the_built_in_promise_phrases(load_one):
    journey = load_one("name: x\n" + ACK_STEPS + "  - expect_ack: {promise: true}\n")
    spec = journey.steps[-1].value
    assert spec.promise is True
    assert spec.promise_patterns == ()


def test_no_promise_asked_by_default_or_with_false(load_one):
    journey = load_one("name: x\n" + ACK_STEPS
                       + "  - expect_ack:\n  - expect_ack: {promise: false}\n")
    assert [(s.value.promise, s.value.promise_patterns) for s in journey.steps[2:]] == [
        (False, ()), (False, ())]


def test_promise_patterns_ask_for_a_promise_worded_the_site_s_way(load_one):
    journey = load_one("name: x\n" + ACK_STEPS + """\
  - expect_ack:
      promise: ["binnen een etmaal", "uiterlijk \\\\d+ uur"]
""")
    spec = journey.steps[-1].value
    assert spec.promise is True
    assert spec.promise_patterns == ("binnen een etmaal", r"uiterlijk \d+ uur")


def test_one_promise_pattern_may_be_written_without_a_list(load_one):
    journey = load_one("name: x\n" + ACK_STEPS + '  - expect_ack: {promise: "sous 72 h"}\n')
    assert journey.steps[-1].value.promise_patterns == ("sous 72 h",)


def test_a_promise_pattern_that_does_not_compile_is_an_error_at_its_place(problems):
    assert problems("name: x\n" + ACK_STEPS
                    + '  - expect_ack: {promise: ["binnen 24 uur", "(binnen"]}\n') == [
        "6:46: `(binnen` is not a valid regular expression: missing ), unterminated "
        "subpattern (at character 1)"]


@pytest.mark.parametrize(("value", "problem"), [
    ("[]", "`expect_ack.promise` in step 3 must not be empty"),
    ("5", "`expect_ack.promise` in step 3 should be true or false, or a pattern or list of "
          "patterns of a promise, not the number 5"),
    ("{within: 24h}", "`expect_ack.promise` in step 3 should be true or false, or a pattern "
                      "or list of patterns of a promise, not a mapping"),
])
def test_a_promise_of_the_wrong_kind_says_what_it_takes(problems, value, problem):
    assert problems("name: x\n" + ACK_STEPS + f"  - expect_ack: {{promise: {value}}}\n") == [
        f"6:27: {problem}"]
