"""Journey files are data: nothing in one can run code, exhaust memory or crash the loader."""

from __future__ import annotations

import time

import pytest


def first_error(load, text: str) -> str:
    loaded = load(text)
    assert loaded.journeys == []
    return str(loaded.errors[0]).split("j.yaml:", 1)[-1]


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['touch /tmp/pwned']",
                                 "!foo bar", "!!str text"])
def test_tags_are_refused_whatever_they_are(load, tag):
    assert first_error(load, f"name: {tag}\nsteps: [{{goto: /}}]\n").startswith(
        "1:7: tags are not allowed")


def test_an_alias_bomb_is_refused_quickly(load):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for name, previous in zip("bcdefghi", "abcdefgh", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    started = time.perf_counter()
    problem = first_error(load, "\n".join(lines) + "\n")
    assert time.perf_counter() - started < 1
    assert problem == "2:8: aliases (`*a`) are not allowed: write the value out in full"


def test_an_empty_file(load):
    assert first_error(load, "# only a comment\n") == "1:1: the file is empty"


def test_a_file_that_is_not_yaml_shows_where_the_parser_stopped(load):
    assert first_error(load, "name: x\nsteps: [goto: /\n") == (
        "3:1: not valid YAML: expected ',' or ']', but got '<stream end>' "
        "(while parsing a flow sequence)")


def test_text_that_is_not_a_mapping(load):
    assert first_error(load, "just some words\n") == (
        "1:1: a journey file is a mapping with `name:` and `steps:`, not str")


def test_a_binary_file(write, journeys_dir):
    from runner.config import Settings
    from runner.journey.load import load_journeys

    (journeys_dir / "j.yaml").write_bytes(b"name: x\n\xff\xfe\x00")
    [error] = load_journeys([journeys_dir], Settings(), {}).errors
    assert (error.location.line, error.message) == (2, "not a YAML file: it is not UTF-8 text")


def test_deep_nesting_is_refused(load):
    assert first_error(load, "name: " + "[" * 200 + "]" * 200 + "\n").startswith(
        "1:56: nested deeper than 50 levels")


def test_a_huge_file_is_refused_before_it_is_parsed(load):
    assert first_error(load, "name: x\n" + "# padding\n" * 250_000) == (
        "1:1: the file is 2500 kB; the limit is 2000 kB")


def test_a_huge_string_is_refused(load):
    assert first_error(load, "name: " + "x" * 100_001 + "\nsteps: [{goto: /}]\n") == (
        "1:7: a value of 100001 characters; the limit is 100000")


def test_too_many_steps(load):
    assert first_error(load, "name: x\nsteps:\n" + "  - goto: /\n" * 2001) == (
        "2:1: 2001 steps; the limit is 2000")


def test_yaml_one_one_booleans_do_not_eat_keys_or_numbers(load_one):
    journey = load_one("name: x\npersona: {zip: 01234, on: yes}\nsteps: [{goto: /}]\n")
    assert journey.persona == {"zip": "01234", "on": "yes"}


def test_an_unquoted_interpolation_in_a_flow_mapping_gets_a_hint(load):
    [error] = load("name: x\nsteps:\n  - fill: {'#n': ${persona.name}}\n").errors
    assert error.hint == 'inside { } or [ ], put ${…} in quotes: "${env.NAME}"'
