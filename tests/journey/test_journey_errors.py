"""Broken journeys: every problem is reported at its file, line and column, all at once."""

from __future__ import annotations

from pathlib import Path

from runner.config import Settings
from runner.journey.load import load_journeys


def test_a_misspelt_step_key_suggests_the_right_one(problems):
    assert problems("""
name: x
steps:
  - goto: /
  - expect_ak: {within: 20s}
""") == ["4:5: unknown key `expect_ak` in this step (did you mean `expect_ack`?)"]


def test_a_misspelt_journey_key_suggests_the_right_one(problems):
    assert problems("name: x\nchanel: chat\nsteps: [{goto: /}]\n") == [
        "2:1: unknown key `chanel` (did you mean `channel`?)"]


def test_two_actions_in_one_step_are_named(problems):
    assert problems("""
name: x
steps:
  - click: "#send"
    fill: {"#a": b}
""") == ["4:5: a step has exactly one action; this one has `click` and `fill`: split it "
         "into 2 steps"]


def test_a_step_without_an_action_lists_the_actions(problems):
    [problem] = problems("name: x\nsteps:\n  - name: nothing\n")
    assert problem.startswith("3:5: this step has no action; a step needs one of goto, click,")


def test_a_bad_locator_is_pointed_at(problems):
    assert problems("""
name: x
steps:
  - click: {role: button, nam: Send}
  - click: {role: button, label: Send}
  - click: {label: Email, name: x}
""") == [
        "3:27: unknown key `nam` in `click` in step 1 (did you mean `name`?)",
        "4:27: a locator uses one of role, label, text, placeholder, testid, alt, title; this "
        "one has both `role` and `label`",
        "5:27: `name` (the accessible name) goes with `role`",
    ]


def test_a_regex_that_does_not_compile_is_an_error_at_its_place(problems):
    assert problems("""
name: x
steps:
  - expect_ack: {text: ["thanks", "(unclosed"]}
""") == ["3:36: `(unclosed` is not a valid regular expression: missing ), unterminated "
         "subpattern (at character 1)"]


def test_a_duration_without_a_known_unit(problems):
    assert problems("name: x\nsteps:\n  - wait: 5 parsecs\n") == [
        "3:11: `wait` in step 1 should be a duration like 250ms, 5s, 2m or 1h, not `5 parsecs`"]


def test_a_window_shorter_than_its_budget(problems):
    assert problems("""
name: x
sla: {acknowledgement: 10s}
steps:
  - expect_ack: {within: 5s}
""") == ["4:26: `within: 5s` is shorter than the acknowledgement budget (10s): the window "
         "must leave room to be late; use at least 10s (or lower `sla.acknowledgement`)"]


def test_a_saved_value_used_before_it_is_saved(problems):
    assert problems("""
name: x
persona: {email: a@example.com}
steps:
  - expect_email: {contains: "${saved.ticket}"}
  - expect_ack: {reference: "CS-\\\\d+"}
    save: ticket
""") == ["4:31: `${saved.ticket}` is used before any step saves it (the `save:` comes later)"]


def test_save_on_a_step_that_captures_nothing(problems):
    assert problems("name: x\nsteps:\n  - click: '#a'\n    save: x\n") == [
        "4:5: `save` on a `click` step: it captures nothing to save (expect_ack with "
        "`reference`, expect_reply with `text` and expect_email do)"]


def test_a_persona_field_the_persona_lacks(problems):
    assert problems("""
name: x
persona: ann
steps:
  - fill: {"#n": "Dear ${persona.nmae}"}
""", personas="ann: {name: Ann}\n") == [
        "4:24: persona `ann` has no field `nmae` (did you mean `name`?)"]


def test_an_unknown_persona_names_the_personas_file(load, journeys_dir: Path):
    loaded = load("name: x\npersona: anne\nsteps: [{goto: /}]\n",
                  personas="ann: {name: Ann}\n")
    [error] = loaded.errors
    assert (error.location.line, error.location.column) == (2, 10)
    assert error.message == f"persona `anne` is not in {journeys_dir / 'personas.yaml'}"
    assert error.hint == "did you mean `ann`?"


def test_unknown_interpolations_are_errors_not_empty_strings(problems):
    assert problems("""
name: x
steps:
  - goto: "/?a=${foo.x}&b=${run.other}&c=${persona}"
""") == [
        "3:16: unknown value `${foo.x}`: the kinds are `env`, `secrets`, `persona`, `saved`, "
        "`run`",
        "3:27: unknown value `${run.other}`: the only run value is `${run.id}`",
        "3:42: `${persona}` is not a value: write ${env.NAME}, ${secrets.NAME}, "
        "${persona.FIELD}, ${saved.NAME} or ${run.id}",
    ]


def test_run_values_are_not_known_outside_steps(problems):
    assert problems("name: x\nbase_url: http://${persona.host}\nsteps: [{goto: /}]\n") == [
        "2:18: `${persona.host}` cannot be used here: only ${env.…} can"]


def test_an_unset_environment_variable_without_default(problems):
    assert problems("name: x\nbase_url: ${env.SHOP_URL}\nsteps: [{goto: /}]\n") == [
        "2:11: the environment variable `SHOP_URL` is not set (give a default with "
        "`${env.SHOP_URL:-…}`)"]


def test_chat_actions_need_a_chat_block_and_a_say_first(problems):
    assert problems("""
name: x
steps:
  - expect_reply: {}
  - say: hi
""") == [
        "3:5: `expect_reply` needs a `chat:` block in the journey: where the chat widget lives",
        "4:5: `say` needs a `chat:` block in the journey: where the chat widget lives",
    ]
    assert problems("""
name: x
chat: {input: "#i", agent_messages: ".m"}
steps:
  - expect_reply: {}
""") == ["4:5: `expect_reply` waits for an answer to the customer's message: add a `say` "
         "step before it"]


def test_open_email_link_needs_an_expect_email_first(problems):
    assert problems("name: x\nsteps:\n  - open_email_link:\n") == [
        "3:5: `open_email_link` opens a link from the email an earlier `expect_email` found: "
        "add one before it"]


def test_expect_email_needs_an_address(problems):
    assert problems("name: x\nsteps:\n  - expect_email: {subject: hi}\n") == [
        "3:5: `expect_email` needs `to:` or a persona with an `email` field"]


def test_a_schedule_must_be_one_of_the_phrases(problems):
    [problem] = problems("name: x\nschedule: at dawn\nsteps: [{goto: /}]\n")
    assert problem.startswith("2:11: `at dawn` is not a schedule; write one of: every N")


def test_missing_name_and_empty_steps(problems):
    assert problems("channel: chat\nsteps: []\n") == [
        "1:1: the journey is missing `name`", "2:8: `steps` must not be empty"]


def test_an_upload_file_that_does_not_exist(problems, journeys_dir: Path):
    [problem] = problems("name: x\nsteps:\n  - upload: {'#f': missing.pdf}\n")
    assert problem.startswith("3:20: no file to upload at ")


def test_duplicate_keys_are_an_error(problems):
    assert problems("name: x\nname: y\nsteps: [{goto: /}]\n") == [
        "2:1: `name` appears twice in this mapping (first on line 1)"]


def test_every_problem_in_every_file_is_reported(write, journeys_dir: Path):
    write("a.yaml", "name: a\nsteps:\n  - wait: soon\n  - clik: x\n")
    write("b.yaml", "steps: [{goto: /}]\n")
    write("c.yaml", "name: ok\nsteps: [{goto: /}]\n")
    loaded = load_journeys([journeys_dir], Settings(), {})
    assert [journey.id for journey in loaded.journeys] == ["c"]
    assert [(Path(e.location.file).name, e.location.line) for e in loaded.errors] == [
        ("a.yaml", 3), ("a.yaml", 4), ("b.yaml", 1)]


def test_an_error_renders_with_the_source_line_and_a_caret(load):
    [error] = load("name: x\nsteps:\n  - expect_ak: {}\n").errors
    assert error.render().splitlines()[1:] == [
        "3 |   - expect_ak: {}",
        "        ^",
        "  hint: did you mean `expect_ack`?"]


def test_secrets_are_a_warning_when_validating_and_an_error_when_running(load):
    journey = "name: x\nsteps:\n  - fill: {'#k': '${secrets.API_KEY}'}\n"
    validating = load(journey)
    assert validating.errors == [] and len(validating.journeys) == 1
    [warning] = validating.warnings
    assert warning.endswith("j.yaml:3:19: the secret `API_KEY` is not set (export API_KEY=… "
                            "before running)")
    running = load(journey, secrets_required=True)
    assert running.journeys == [] and "API_KEY" in str(running.errors[0])
