"""Every YAML example in the README and docs/ is one `shopper validate` accepts: users copy
examples first, so an example that does not validate is a bug of the product.

A journey example (it has `steps:`) is validated as a journey beside the bundled personas; a
list of steps on its own, inside a small journey (STEPS_HOST); a block whose first line is
`# personas.yaml` as a personas file; a settings example (top-level keys of shopper.yaml) as a
shopper.yaml with the bundled journeys. The few blocks that are none of these (a schema
comment, a CI workflow) are named here, so a new example can never be skipped silently.

A block for a feature that is documented but built on another branch not merged yet carries
the line `<!-- pending: WHAT -->` right above its fence. It is not skipped silently either:
it must still FAIL `shopper validate` here, so the day the feature lands this test fails
and says to remove the marker (the example is then checked like every other).
"""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest
import yaml

from runner.bundled import bundled_journeys
from runner.cli import main

ROOT = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"^(?:<!-- pending: (?P<pending>[^>]*?) -->\n)?```yaml\n(?P<block>.*?)^```",
                   re.MULTILINE | re.DOTALL)
# Blocks that are not the tool's input: an editor's schema line, another tool's file.
NOT_OURS = ("# yaml-language-server:", "# .github/workflows/")


def examples(*, pending: bool = False) -> list[tuple[str, str]]:
    """The YAML blocks of the README and docs/ as (file:line, block): those ready to check,
    or with `pending=True` those marked pending (file:line names their fence)."""
    docs = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    found = []
    for path in docs:
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        for match in BLOCK.finditer(text):
            if bool(match.group("pending")) != pending:
                continue
            line = text[:match.start("block")].count("\n")
            found.append((f"{path.relative_to(ROOT)}:{line}", match.group("block")))
    return found


# Files the examples attach, relative to the journey: made for the check.
ATTACHMENTS = ("photos/damaged-box.jpg", "photos/box.jpg")

# A list of steps shown on its own is walked inside this journey: a persona to fill values
# from and a chat widget, so any step can be shown without the lines around it.
STEPS_HOST = """name: Steps shown on their own
persona: returning_customer
chat:
  input: "#chat-input"
  agent_messages: ".msg.agent"
steps:
"""


def kind_of(block: str) -> str:
    if block.lstrip().startswith(NOT_OURS):
        return "not ours"
    if block.lstrip().startswith("# personas.yaml"):
        return "personas"
    data = yaml.safe_load(block)
    if isinstance(data, list) and all(isinstance(step, dict) for step in data):
        return "steps"
    if isinstance(data, dict) and "steps" in data:
        return "journey"
    if isinstance(data, dict):
        return "settings"
    raise AssertionError(f"an example that is neither a journey nor settings:\n{block}")


def validate(block: str, tmp_path: Path, monkeypatch) -> int:
    """`shopper validate` on the example, as a journey or as a shopper.yaml."""
    kind = kind_of(block)
    folder = tmp_path / "journeys"
    folder.mkdir()
    shutil.copy(bundled_journeys() / "personas.yaml", folder / "personas.yaml")
    for attachment in ATTACHMENTS:  # an `upload` names a file that must exist
        (folder / attachment).parent.mkdir(parents=True, exist_ok=True)
        (folder / attachment).write_bytes(b"\xff\xd8\xff")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("STAGING_USER", "qa")
    monkeypatch.setenv("SHOP_URL", "http://127.0.0.1:9")
    if kind in ("journey", "steps"):
        text = block if kind == "journey" else STEPS_HOST + textwrap.indent(block, "  ")
        (folder / "example.yaml").write_text(text, encoding="utf-8")
        code = main(["validate", str(folder / "example.yaml")])
    elif kind == "personas":
        (folder / "personas.yaml").write_text(block, encoding="utf-8")
        code = main(["validate", str(folder / "personas.yaml")])
    else:
        for journey in bundled_journeys().glob("*.yaml"):
            if journey.name != "personas.yaml":
                shutil.copy(journey, folder / journey.name)
        (tmp_path / "shopper.yaml").write_text(block, encoding="utf-8")
        code = main(["validate", "--config", str(tmp_path / "shopper.yaml"), str(folder)])
    return code


@pytest.mark.parametrize(("where", "block"), examples(), ids=[w for w, _ in examples()])
def test_every_example_validates(where, block, tmp_path, monkeypatch, capsys):
    if kind_of(block) == "not ours":
        return
    assert validate(block, tmp_path, monkeypatch) == 0, f"{where}: {capsys.readouterr().err}"


@pytest.mark.parametrize(("where", "block"), examples(pending=True),
                         ids=[w for w, _ in examples(pending=True)])
def test_a_pending_example_still_waits_for_its_feature(where, block, tmp_path, monkeypatch,
                                                       capsys):
    assert kind_of(block) != "not ours", f"{where}: only the tool's input can be pending"
    assert validate(block, tmp_path, monkeypatch) == 2, (
        f"{where} validates now: its feature has landed, so remove its `<!-- pending: … -->` "
        "line and let it be checked like every other example")


def test_the_readme_has_journey_and_settings_examples():
    kinds = [kind_of(block) for _, block in examples()]
    assert kinds.count("journey") >= 2 and "settings" in kinds
