"""`${…}`: environment at load time, the rest at run time, unknown names never empty."""

from __future__ import annotations

import pytest

from runner.errors import MissingEnvValue, MissingSavedValue, ShopperError
from runner.journey.values import Scope, problems, references, render, resolve_env, secret_values


def test_env_is_filled_in_and_the_rest_is_left_for_the_run():
    text = "${env.SHOP}/c?who=${persona.email}&run=${run.id}"
    assert resolve_env(text, {"SHOP": "http://x"}) == "http://x/c?who=${persona.email}&run=${run.id}"


def test_an_env_default_stands_in_for_unset_and_empty_values():
    assert resolve_env("${env.SHOP:-http://127.0.0.1:8000}", {}) == "http://127.0.0.1:8000"
    assert resolve_env("${env.SHOP:-d}", {"SHOP": ""}) == "d"
    assert resolve_env("${env.SHOP:-d}", {"SHOP": "s"}) == "s"


def test_an_unset_env_without_default_is_an_error():
    with pytest.raises(MissingEnvValue) as raised:
        resolve_env("${env.SHOP}", {})
    assert raised.value.name == "SHOP"
    assert "SHOP" in str(raised.value)


def test_run_time_values_are_rendered_from_the_scope():
    scope = Scope(persona={"email": "ann+${run.id}@example.com", "name": "Ann"},
                  saved={"ticket": "CS-20931"}, run_id="cf-20261122t020000z-4f3a-1",
                  env={"API_KEY": "s3cret", "SHOP": "http://x"})
    assert render("${persona.name} <${persona.email}> ${saved.ticket} ${secrets.API_KEY} "
                  "${env.SHOP}", scope) == (
        "Ann <ann+cf-20261122t020000z-4f3a-1@example.com> CS-20931 s3cret http://x")


def test_a_saved_value_never_captured_raises_missing_saved_value():
    with pytest.raises(MissingSavedValue) as raised:
        render("${saved.ticket}", Scope({}, {}, "r", {}))
    assert raised.value.name == "ticket"


def test_an_unset_secret_at_run_time_is_a_user_error():
    with pytest.raises(ShopperError):
        render("${secrets.NOPE}", Scope({}, {}, "r", {}))


def test_dollar_dollar_brace_is_a_literal():
    assert render("price: $${total}", Scope({}, {}, "r", {})) == "price: ${total}"
    assert resolve_env("$${env.X}", {}) == "$${env.X}"


def test_references_lists_kind_and_name():
    assert references("${env.A:-x} ${secrets.B} ${persona.c} ${saved.d} ${run.id} $${no.pe}") == [
        ("env", "A"), ("secrets", "B"), ("persona", "c"), ("saved", "d"), ("run", "id")]


def test_unknown_kinds_and_names_are_problems():
    assert [message for _, message in problems("${foo.x} ${run.other} ${}")] == [
        "unknown value `${foo.x}`: the kinds are `env`, `secrets`, `persona`, `saved`, `run`",
        "unknown value `${run.other}`: the only run value is `${run.id}`",
        "`${}` is not a value: write ${env.NAME}, ${secrets.NAME}, ${persona.FIELD}, "
        "${saved.NAME} or ${run.id}"]


def test_secret_values_are_the_ones_to_mask():
    scope = Scope({}, {}, "r", {"A": "alpha", "B": "", "C": "gamma"})
    assert secret_values(scope, ["A", "B", "D"]) == {"alpha"}


def test_run_id_in_a_journey_is_valid_everywhere_in_steps(load_one):
    journey = load_one("name: x\nsteps:\n  - fill: {'#e': 'shopper+${run.id}@example.com'}\n")
    assert journey.steps[0].value[0].value == "shopper+${run.id}@example.com"
