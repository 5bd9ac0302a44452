"""Which files become journey tests, and what a broken one looks like. No browser needed."""

from __future__ import annotations

import pytest

BUNDLED = ["journeys/chat.yaml::chat", "journeys/contact_form.yaml::contact_form",
           "journeys/email.yaml::email",
           "journeys/refund.yaml::refund"]


def collected(result: pytest.RunResult) -> list[str]:
    return sorted(line for line in result.outlines if "::" in line)


def stray_yaml(project) -> None:
    project.write(".github/workflows/ci.yml", "on: push\njobs: {}\n")
    project.write("config/stray.yaml", "name: not a journey\nsteps: 3\n")
    project.write("tests/test_unit.py", "def test_unit():\n    assert True\n")


def test_without_opt_in_no_yaml_is_collected(project):
    stray_yaml(project)
    result = project.pytest("--collect-only", "-q", "journeys", "config", ".github")
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED
    assert collected(result) == []


def test_the_ini_option_collects_the_listed_journeys_and_nothing_else(project):
    stray_yaml(project)
    project.write("pytest.ini", "[pytest]\ntestpaths = tests\nshopper_journeys = journeys\n")
    everything = project.pytest("--collect-only", "-q")
    # testpaths point elsewhere, yet the listed journeys join a plain `pytest`;
    # personas.yaml, CI configs and other YAML never do.
    assert collected(everything) == sorted([*BUNDLED, "tests/test_unit.py::test_unit"])

    named = project.pytest("--collect-only", "-q", "tests/test_unit.py")
    assert collected(named) == ["tests/test_unit.py::test_unit"]

    one = project.pytest("--collect-only", "-q", "journeys/refund.yaml")
    assert collected(one) == ["journeys/refund.yaml::refund"]


def test_the_shopper_flag_collects_the_journeys_folder_selectable_by_tag(project):
    stray_yaml(project)
    project.write("pytest.ini", "[pytest]\ntestpaths = tests\n")
    result = project.pytest("--collect-only", "-q", "--shopper")
    assert collected(result) == sorted([*BUNDLED, "tests/test_unit.py::test_unit"])

    refunds = project.pytest("--collect-only", "-q", "--shopper", "-k", "refunds")
    assert collected(refunds) == ["journeys/refund.yaml::refund"]


def test_an_invalid_journey_is_a_collection_error_naming_file_and_line(project):
    project.write("journeys/typo.yaml",
                  "name: Typo\nchannel: browse\nsteps:\n  - goto: /\n  - clik: '#send'\n")
    project.write("journeys/unclosed.yaml", "name: Unclosed\nchannel: browse\nsteps: [\n")
    result = project.pytest("--shopper")
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines([
        "*ERROR collecting journeys/typo.yaml*",
        "journeys/typo.yaml:5:5: unknown key `clik` in this step",
        "*hint: did you mean `click`?",
    ])
    result.stdout.fnmatch_lines(["*ERROR collecting journeys/unclosed.yaml*",
                                 "journeys/unclosed.yaml:4:*"])
    result.stdout.fnmatch_lines(["*2 errors*"])
    assert "passed" not in result.stdout.str()


def test_opting_in_without_a_journeys_folder_is_a_usage_error(project, pytester):
    project.write("pytest.ini", "[pytest]\nshopper_journeys = customer-journeys\n")
    result = project.pytest("--collect-only")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*shopper: *customer-journeys: no such journey file or folder"])
