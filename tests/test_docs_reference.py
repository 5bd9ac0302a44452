"""docs/ says what the code does, and the code has nothing docs/ does not say.

Every finding code, journey key, settings key, result field, command, option and exit code
is read from where the code defines it (the catalogue, the JSON Schemas, the models, the
argparse parser) and looked for in the page that documents it; and what the pages present as
a code, an action, a key or an option must exist. Documented features built on branches not
merged yet are listed in PENDING: each must still be missing from the code here, so the day
it lands this test fails until its name is taken off the list (and the docs are checked
against it like the rest).
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import pytest

from runner.checks.codes import CODES
from runner.cli import ExitStatus, _parser
from runner.results.model import Finding, RunResult, StepResult

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SCHEMAS = ROOT / "runner" / "journey"

# Documented, built elsewhere (email channel, accessibility, identity header, recorder).
PENDING = {
    "codes": set(),
    "actions": set(),
    "settings": set(),
    "budgets": set(),
    "commands": set(),
    "journey_keys": set(),
    "flags": set(),  # of shopper run
}


def page(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def schema(name: str) -> dict:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def property_names(node) -> set[str]:
    """Every key any object of the schema may have, at any depth."""
    found: set[str] = set()
    if isinstance(node, dict):
        found.update(node.get("properties", {}))
        for value in node.values():
            found |= property_names(value)
    elif isinstance(node, list):
        for value in node:
            found |= property_names(value)
    return found


def section(text: str, heading: str) -> str:
    """The text under `heading` (a whole heading line) up to the next heading of its level."""
    level = heading.split(" ")[0]
    start = text.index(heading + "\n")
    following = re.compile(rf"^{level} ", re.MULTILINE).search(text, start + len(heading) + 1)
    return text[start:following.start() if following else len(text)]


def headings(text: str, level: str) -> list[str]:
    """The `code` names of the headings `level \\`name\\``."""
    return re.findall(rf"^{level} `([^`]+)`$", text, re.MULTILINE)


def mentioned(name: str, text: str) -> bool:
    return f"`{name}`" in text or f"`{name}:" in text or f"`{name} " in text


# --- findings ---------------------------------------------------------------------------------

def test_every_finding_code_has_its_section_with_category_severity_and_principle():
    text = page("findings.md")
    documented = headings(text, "###")
    for code, spec in CODES.items():
        assert code in documented, f"{code} is not documented in docs/findings.md"
        body = section(text, f"### `{code}`")
        assert f"Category: {spec.category} ·" in body, code
        assert f"Default severity: {spec.severity}" in body, code
        assert f"Principle: *{spec.principle}*" in body, code
        assert "**How a site fixes it:**" in body, code
        row = re.search(rf"^\| \[`{code}`\]\(#{code}\) \| (\S+) \| (\S+) \|", text, re.MULTILINE)
        assert row and row.groups() == (spec.category, spec.severity), code


def test_every_documented_code_exists_or_is_pending():
    text = page("findings.md")
    for code in headings(text, "###"):
        assert code in CODES or code in PENDING["codes"], f"docs/findings.md documents {code}"
    assert not PENDING["codes"] & set(CODES), "landed: take it off PENDING['codes']"
    table = set(re.findall(r"^\| \[`([a-z-]+)`\]", text, re.MULTILINE))
    assert table == set(headings(text, "###"))


def test_the_readme_findings_table_names_real_codes_at_their_default_severity():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z-]+)` \((critical|major|minor|info)", text, re.MULTILINE)
    assert len(rows) >= 15
    for code, severity in rows:
        assert code in CODES, code
        assert CODES[code].severity == severity, code


# --- journeys -----------------------------------------------------------------------------------

def test_every_journey_key_and_action_is_in_journeys_md():
    text = page("journeys.md")
    missing = sorted(key for key in property_names(schema("schema.json"))
                     if not mentioned(key, text))
    assert missing == [], f"not in docs/journeys.md: {missing}"


def test_every_action_documented_exists_and_has_an_example():
    text = page("journeys.md")
    step_keys = set(schema("schema.json")["$defs"]["step"]["properties"])
    actions = step_keys - set(re.findall(r"^\| `([a-z_]+)` \|", section(text, "### Common keys"),
                                         re.MULTILINE))
    documented = headings(section(text, "## Steps"), "###")
    assert set(documented) - PENDING["actions"] == actions
    assert not PENDING["actions"] & step_keys, "landed: take it off PENDING['actions']"
    for action in documented:
        assert "```yaml" in section(text, f"### `{action}`"), f"{action} has no example"


def test_the_journey_keys_table_is_the_schemas_top_level():
    text = page("journeys.md")
    table = re.findall(r"^\| `([a-z_]+)` \| (?:yes|no|for chat steps) \|",
                       section(text, "## Journey keys"), re.MULTILINE)
    top_level = set(schema("schema.json")["properties"])
    assert set(table) - PENDING["journey_keys"] == top_level
    assert not PENDING["journey_keys"] & top_level, "landed: take it off PENDING['journey_keys']"


@pytest.mark.parametrize("doc", ["journeys.md", "settings.md"])
def test_the_budget_tables_are_the_schemas_budgets(doc):
    text = page(doc)
    heading = "## Budgets (`sla`)" if doc == "journeys.md" else "### `budgets`"
    table = set(re.findall(r"^\| `([a-z_]+)` \| `", section(text, heading), re.MULTILINE))
    budgets = set(schema("schema.json")["$defs"]["budgets"]["properties"])
    assert budgets == set(schema("settings_schema.json")["properties"]["budgets"]["properties"])
    assert table - PENDING["budgets"] == budgets
    assert not PENDING["budgets"] & budgets, "landed: take it off PENDING['budgets']"


# --- settings -----------------------------------------------------------------------------------

def test_every_settings_key_is_in_settings_md_and_every_key_there_exists():
    text = page("settings.md")
    settings = schema("settings_schema.json")
    missing = sorted(key for key in property_names(settings) if not mentioned(key, text))
    assert missing == [], f"not in docs/settings.md: {missing}"
    own_table = section(text, "## Every key").split("\n### ")[0]
    table = set(re.findall(r"^\| `([a-z_]+)` \|", own_table, re.MULTILINE))
    assert table - PENDING["settings"] == set(settings["properties"])
    assert not PENDING["settings"] & set(settings["properties"]), \
        "landed: take it off PENDING['settings']"


# --- results ------------------------------------------------------------------------------------

def test_every_result_field_is_in_results_md():
    text = page("results.md")
    missing = sorted(key for key in property_names(schema("result_schema.json"))
                     if not mentioned(key, text))
    assert missing == [], f"not in docs/results.md: {missing}"


def test_the_result_schema_has_every_field_the_runner_writes():
    result_schema = schema("result_schema.json")
    written = RunResult(run_id="r", journey={}, persona={}, journey_run_id="j").to_json()
    assert set(result_schema["properties"]) == set(written)
    assert set(result_schema["$defs"]["step"]["properties"]) == set(
        StepResult(index=0, name="", action="goto", line=1).to_json())
    assert set(result_schema["$defs"]["finding"]["properties"]) == set(
        Finding("c", "friction", "minor", None, "m", "p").to_json())


# --- command line ------------------------------------------------------------------------------

def commands() -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def options(parser: argparse.ArgumentParser) -> set[str]:
    return {o for action in parser._actions for o in action.option_strings
            if o not in ("-h", "--help")}


def test_every_command_and_option_is_in_command_line_md():
    text = page("command-line.md")
    for name, parser in commands().items():
        body = section(text, f"## `shopper {name}`")
        for option in options(parser):
            assert re.search(rf"`{re.escape(option)}\b", body), \
                f"shopper {name} {option} is not in docs/command-line.md"


def test_every_option_documented_exists():
    text = page("command-line.md")
    parsers = commands()
    documented = headings(text, "##")
    for heading in documented:
        name = heading.removeprefix("shopper ")
        if name in PENDING["commands"]:
            assert name not in parsers, "landed: take it off PENDING['commands']"
            continue
        assert name in parsers, f"docs/command-line.md documents `{heading}`"
        body = section(text, f"## `{heading}`")
        written = set(re.findall(r"`(--[a-z][a-z-]*)", body))
        pending = PENDING["flags"] if name == "run" else set()
        assert written - pending <= options(parsers[name]), (name, written - options(parsers[name]))
        assert not pending & options(parsers[name]), "landed: take it off PENDING['flags']"
    assert {f"shopper {name}" for name in parsers} <= set(documented)


def test_every_pytest_option_is_documented_and_exists():
    text = section(page("command-line.md"), "## pytest")
    source = (ROOT / "runner" / "pytest_plugin.py").read_text(encoding="utf-8")
    defined = set(re.findall(r'addoption\("(--shopper[a-z-]*)"', source))
    assert defined and defined == set(re.findall(r"`(--shopper[a-z-]*)", text))


def test_every_exit_code_is_documented():
    table = section(page("command-line.md"), "## Exit codes")
    assert set(re.findall(r"^\| `(\d+)` \|", table, re.MULTILINE)) == {
        str(int(status)) for status in ExitStatus}


# --- nothing points to a document users do not have ----------------------------------------

def test_nothing_users_read_points_to_a_document_they_do_not_have():
    shipped = [ROOT / "README.md", ROOT / "fixtures" / "README.md", *DOCS.rglob("*.md"),
               *(ROOT / "journeys").rglob("*"),
               *(p for p in (ROOT / "runner").rglob("*") if "_bundled" not in p.parts)]
    pointing = []
    for path in shipped:
        if path.is_file() and path.suffix in (".md", ".py", ".json", ".yaml", ".yml", ".html",
                                             ".js", ".css", ".txt"):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if re.search(r"\bSPEC\b", line):
                    pointing.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert pointing == []


def test_every_link_between_docs_pages_lands():
    for path in [ROOT / "README.md", *DOCS.glob("*.md")]:
        text = path.read_text(encoding="utf-8")
        for target, anchor in re.findall(r"\]\(([^)#\s]*\.md)?(?:#([^)\s]+))?\)", text):
            linked = (path.parent / target) if target else path
            assert linked.is_file(), f"{path.name} links to {target}"
            if anchor:
                slugs = {slug(h) for h in re.findall(r"^#+ (.+)$", linked.read_text(
                    encoding="utf-8"), re.MULTILINE)}
                assert anchor in slugs, f"{path.name} links to {target}#{anchor}"


def slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def test_the_readme_names_only_real_actions_and_keys():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    actions = re.search(r"^- \*\*Actions\*\*:(.*?)^- \*\*", text, re.MULTILINE | re.DOTALL)
    assert actions, "the README's list of actions moved: update this test"
    named = set(re.findall(r"`([a-z_]+)(?:`|: )", actions.group(1))) - {"true", "false"}
    step = schema("schema.json")["$defs"]["step"]
    assert set(step["properties"]) <= named | PENDING["actions"]
    known = property_names(schema("schema.json")) | PENDING["actions"]
    assert named <= known, named - known


def test_no_section_is_written_twice():
    """A heading twice at the top level of a page is a pasted copy (the README once carried a
    second Notifications…Benchmarks, 304 lines, with figures differing from the first)."""
    for path in [ROOT / "README.md", *DOCS.glob("*.md")]:
        text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
        top = re.findall(r"^## (.+)$", text, re.MULTILINE)
        assert sorted({h for h in top if top.count(h) > 1}) == [], path.name
