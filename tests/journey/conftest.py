"""Journey files written inline, loaded the way `shopper validate` and `run` load them."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from runner.config import Settings
from runner.journey.load import Loaded, load_journeys


@pytest.fixture
def journeys_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "journeys"
    folder.mkdir()
    return folder


@pytest.fixture
def write(journeys_dir: Path) -> Callable[..., Path]:
    def write(name: str, text: str) -> Path:
        path = journeys_dir / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


@pytest.fixture
def load(write, journeys_dir: Path) -> Callable[..., Loaded]:
    """Write `text` as journeys/j.yaml (and personas.yaml if given), then load the folder."""

    def load(text: str, *, personas: str | None = None, env: dict[str, str] | None = None,
             settings: Settings | None = None, secrets_required: bool = False) -> Loaded:
        write("j.yaml", text)
        if personas is not None:
            write("personas.yaml", personas)
        return load_journeys([journeys_dir], settings or Settings(), env or {},
                             secrets_required=secrets_required)

    return load


@pytest.fixture
def load_one(load) -> Callable[..., object]:
    """The one journey in `text`, failing the test with every error if it does not load."""

    def load_one(text: str, **options):
        loaded = load(text, **options)
        assert not loaded.errors, "\n".join(error.render() for error in loaded.errors)
        assert len(loaded.journeys) == 1
        return loaded.journeys[0]

    return load_one


@pytest.fixture
def problems(load) -> Callable[..., list[str]]:
    """The errors for `text` as `line:col: message (hint)`, file name left out."""

    def problems(text: str, **options) -> list[str]:
        loaded = load(text, **options)
        assert not loaded.journeys
        return [str(error).split("j.yaml:", 1)[-1] for error in loaded.errors]

    return problems
