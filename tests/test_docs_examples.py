"""Every YAML example in the README and docs/ is one `shopper validate` accepts: users copy
examples first, so an example that does not validate is a bug of the product.

A journey example (it has `steps:`) is validated as a journey beside the bundled personas; a
settings example (top-level keys of shopper.yaml) is validated as a shopper.yaml with the
bundled journeys. The few blocks that are neither (a schema comment, a CI workflow) are named
here, so a new example can never be skipped silently.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from runner.bundled import bundled_journeys
from runner.cli import main

ROOT = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"^```yaml\n(.*?)^```", re.MULTILINE | re.DOTALL)
# Blocks that are not the tool's input: an editor's schema line, another tool's file.
NOT_OURS = ("# yaml-language-server:", "# .github/workflows/")


def examples() -> list[tuple[str, str]]:
    docs = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    found = []
    for path in docs:
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        for match in BLOCK.finditer(text):
            line = text[:match.start()].count("\n") + 1
            found.append((f"{path.relative_to(ROOT)}:{line}", match.group(1)))
    return found


def kind_of(block: str) -> str:
    if block.lstrip().startswith(NOT_OURS):
        return "not ours"
    data = yaml.safe_load(block)
    if isinstance(data, dict) and "steps" in data:
        return "journey"
    if isinstance(data, dict):
        return "settings"
    raise AssertionError(f"an example that is neither a journey nor settings:\n{block}")


@pytest.mark.parametrize(("where", "block"), examples(), ids=[w for w, _ in examples()])
def test_every_example_validates(where, block, tmp_path, monkeypatch, capsys):
    kind = kind_of(block)
    if kind == "not ours":
        return
    folder = tmp_path / "journeys"
    folder.mkdir()
    shutil.copy(bundled_journeys() / "personas.yaml", folder / "personas.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("STAGING_USER", "qa")
    monkeypatch.setenv("SHOP_URL", "http://127.0.0.1:9")
    if kind == "journey":
        (folder / "example.yaml").write_text(block, encoding="utf-8")
        code = main(["validate", str(folder / "example.yaml")])
    else:
        for journey in bundled_journeys().glob("*.yaml"):
            if journey.name != "personas.yaml":
                shutil.copy(journey, folder / journey.name)
        (tmp_path / "shopper.yaml").write_text(block, encoding="utf-8")
        code = main(["validate", "--config", str(tmp_path / "shopper.yaml"), str(folder)])
    assert code == 0, f"{where}: {capsys.readouterr().err}"


def test_the_readme_has_journey_and_settings_examples():
    kinds = [kind_of(block) for _, block in examples()]
    assert kinds.count("journey") >= 2 and "settings" in kinds
