"""The wheel carries everything `shopper demo` and `shopper init` need outside a checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(out), str(ROOT)], check=True, capture_output=True)
    return next(out.glob("mystery_shopper-*.whl"))


@pytest.mark.slow
def test_wheel_ships_the_demo_site_journeys_schema_templates_and_probe(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("runner/_bundled/fixtures/site/server.py",
                   "runner/_bundled/fixtures/site/pages/contact.html",
                   "runner/_bundled/fixtures/site/static/contact.js",
                   "runner/_bundled/journeys/contact_form.yaml",
                   "runner/_bundled/journeys/personas.yaml",
                   "runner/journey/schema.json",
                   "runner/journey/settings_schema.json",
                   "runner/journey/result_schema.json",
                   "runner/journey/starter_shopper.yaml",
                   "runner/report/templates/base.html",
                   "runner/walk/probe.js",
                   "runner/record/recorder.js"):
        assert needed in names, needed
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "shopper = runner.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
