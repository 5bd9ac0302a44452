"""What a recording proposes, without a browser: the acknowledgement's `expect_ack`, persona
values as `${persona.…}`, the order of locators, and YAML that reads back as written."""

from __future__ import annotations

import re

import yaml

from runner.journey.personas import Persona
from runner.record.acknowledgement import propose, reference_pattern, references_in
from runner.record.locators import ordered
from runner.record.personas import PersonaValues, best_persona
from runner.record.steps import Action, journey_steps
from runner.record.writer import journey_yaml, scalar


def test_a_reference_pattern_has_the_tokens_shape_not_its_value():
    pattern = reference_pattern("CS-48213")
    assert pattern == r"(?P<ref>\b[A-Z]{2}-\d{5}\b)"
    assert re.search(pattern, "Your reference is CS-90210.").group("ref") == "CS-90210"
    assert not re.search(pattern, "cs-90210")  # references are case-sensitive
    assert re.search(reference_pattern("RF-00912-B"), "RF-12345-Z")


def test_code_like_tokens_leave_out_plain_numbers_words_and_what_was_typed():
    text = "Order 10482 (ORDER-10482) is on its way. Case CS-48213, shipped UPS, 2 items."
    assert references_in(text, typed=["ORDER-10482"]) == ["CS-48213"]
    assert references_in("Thanks! We will reply TODAY.") == []


def test_a_built_in_acknowledgement_needs_no_text_and_a_time_is_a_promise():
    assert propose(["Thank you, Ann. We have received your message. Your reference is "
                    "CS-48213. We will reply within 24 hours."], "en") == {
        "reference": r"(?P<ref>\b[A-Z]{2}-\d{5}\b)", "promise": True}
    # German, judged with the German phrases (the page said <html lang="de">).
    assert propose(["Vielen Dank! Ihre Anfrage ist bei uns eingegangen."], "de") == {}


def test_wording_no_phrase_knows_is_quoted_and_vague_words_are_no_promise():
    assert propose(["Form processed (ok). We will be in contact shortly."], "en") == {
        "text": [r"Form processed \(ok\)\. We will be in contact shortly\."]}
    assert propose([], "en") is None  # nothing appeared: nothing to expect


def test_persona_values_are_found_whole_inside_text_and_with_any_run_id():
    ann = PersonaValues.of(Persona("returning_customer", {
        "name": "Ann Example", "email": "shopper+${run.id}@example.com", "order": "10482",
        "phone": "${secrets.PHONE}"}))
    assert ann.substituted("shopper+rec-1@example.com") == "${persona.email}"
    assert ann.substituted("Ann Example") == "${persona.name}"
    assert ann.substituted("Order 10482 arrived damaged.") == \
        "Order ${persona.order} arrived damaged."
    assert ann.substituted("Order 104821 and 10482x") == "Order 104821 and 10482x"
    assert ann.substituted("${secrets.PHONE}") == "${secrets.PHONE}"  # never a guess


def test_an_option_that_is_a_persona_value_is_chosen_as_the_personas():
    ann = PersonaValues.of(Persona("ann", {"country": "France", "order": "10482"}))
    steps = journey_steps([Action("select", {"label": "Country"}, "France"),
                           Action("select", {"label": "Size"}, "10482 cm")], "http://s", ann)
    assert steps == [{"select": [{"locator": {"label": "Country"}, "value": "${persona.country}"},
                                 {"locator": {"label": "Size"}, "value": "10482 cm"}]}]


def test_the_persona_most_typed_values_belong_to_is_chosen_unless_one_is_named():
    book = {"ann": Persona("ann", {"name": "Ann Example", "order": "10482"}),
            "sam": Persona("sam", {"name": "Sam Newcomer", "order": "20317"})}
    assert best_persona(book, ["Sam Newcomer", "20317", "hello"]).name == "sam"
    assert best_persona(book, ["nobody"]) is None
    assert best_persona(book, ["Sam Newcomer"], wanted="ann").name == "ann"


def test_fields_are_known_by_their_label_and_buttons_by_role_and_name():
    candidates = [{"locator": "#email", "count": 1},
                  {"locator": {"testid": "email"}, "count": 1},
                  {"locator": {"label": "Email"}, "count": 1},
                  {"locator": {"role": "textbox", "name": "Email"}, "count": 1}]
    assert ordered(candidates, field=True)[0]["locator"] == {"label": "Email"}
    assert ordered(candidates, field=False)[0]["locator"] == {"role": "textbox",
                                                             "name": "Email"}
    assert ordered(candidates)[-1]["locator"] == "#email"  # CSS only as the last resort


def test_the_written_yaml_reads_back_as_the_steps_it_was_made_from():
    actions = [Action("goto", value="http://shop.test/contact?from=home"),
               Action("fill", {"label": "Your name"}, "Ann: #1 {fan}"),
               Action("fill", "#order", "10482"),
               Action("fill", {"label": "Your name"}, "Ann Example"),
               Action("click", {"role": "button", "name": "Send", "exact": True},
                      submitted=True, texts=["Thanks! Case AB-1234."]),
               Action("goto", value="https://elsewhere.test/help")]
    steps = journey_steps(actions, "http://shop.test", None)
    text = journey_yaml({"name": "Contact: us", "channel": "contact-form",
                         "base_url": "http://shop.test", "persona": None}, steps, ["made"])
    data = yaml.safe_load(text)
    assert data["name"] == "Contact: us" and "persona" not in data
    assert data["steps"] == [
        {"goto": "/contact?from=home"},
        {"fill": [{"locator": {"label": "Your name"}, "value": "Ann Example"},
                  {"locator": "#order", "value": "10482"}]},
        {"click": {"role": "button", "name": "Send", "exact": True}},
        {"name": "Acknowledgement", "save": "reference",
         "expect_ack": {"reference": r"(?P<ref>\b[A-Z]{2}-\d{4}\b)"}},
        {"goto": "https://elsewhere.test/help"},
    ]
    assert scalar("10482") == '"10482"' and scalar("yes") == '"yes"' and scalar("Send") == "Send"


def test_an_unknown_persona_is_refused_before_the_walk_is_recorded(tmp_path, capsys):
    from runner.cli import main

    (tmp_path / "personas.yaml").write_text("ann:\n  name: Ann Example\n")
    code = main(["record", "--headless", "http://127.0.0.1:1/contact", "-o",
                 str(tmp_path / "contact.yaml"), "--persona", "bob"])
    assert code == 2
    assert capsys.readouterr().err.strip() == (
        f"shopper: --persona bob: no such persona in {tmp_path / 'personas.yaml'} "
        "(known: ann)")
    assert not (tmp_path / "contact.yaml").exists()
