"""Fixtures for the nightly machinery: journeys written inline. The pages they walk are the
shared `pages` fixture's (tests/conftest.py, support/pages.py), whose pages can answer by
their visit count, so a page can answer differently the second time (a flaky site).
"""

from __future__ import annotations

import os
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from runner.config import Settings, load_settings
from runner.journey.load import load_journeys
from runner.journey.model import Journey


@dataclass
class Journeys:
    folder: Path
    settings: Settings

    def write(self, name: str, text: str) -> Path:
        path = self.folder / f"{name}.yaml"
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def load(self, *names: str) -> list[Journey]:
        files = [self.folder / f"{name}.yaml" for name in names]
        loaded = load_journeys(files, self.settings, os.environ, secrets_required=True)
        assert not loaded.errors, [e.render() for e in loaded.errors]
        return loaded.journeys


@pytest.fixture
def journeys(tmp_path: Path) -> Journeys:
    folder = tmp_path / "journeys"
    folder.mkdir()
    return Journeys(folder, load_settings(None, os.environ))
