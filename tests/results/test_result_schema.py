"""The result file's JSON Schema (runner/journey/result_schema.json) says what a result file
is, and real result files say it back: other programs (CI scripts, dashboards) are written
against the schema, so a field the runner writes that the schema does not know, or a field
the schema promises that the runner leaves out, fails here.

`real_runs/` holds the files of two real `shopper demo` runs, written by the runner and not
edited: a healthy site (a transcript, emails, every kind of measurement) and one with
`--switch no_promise --switch http_500 --switch no_mail` (findings, a stop, skipped steps,
a capped score). `trial-merge-email-channel-email.json` is the email channel's journey from a
`shopper demo` run of this branch merged with the email channel's (emails the customer sent
beside those received). The browser test in tests/cli/test_cli.py checks a fresh run the
same way.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from runner.bundled import bundled_journeys
from runner.config import Settings
from runner.journey.load import load_journeys
from runner.nightly.tasks import Task
from runner.nightly.workers import unfinished
from runner.results.model import CATEGORIES, JOURNEY_STATUSES, SEVERITIES
from runner.results.result_schema import result_problems
from runner.walk.engine import RunOptions

REAL_RUNS = sorted((Path(__file__).parent / "real_runs").glob("*.json"))


def real(name: str) -> dict:
    return json.loads((Path(__file__).parent / "real_runs" / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", REAL_RUNS, ids=[p.name for p in REAL_RUNS])
def test_every_real_result_file_is_valid(path):
    assert result_problems(json.loads(path.read_text(encoding="utf-8"))) == []


def test_the_real_runs_cover_what_the_schema_describes():
    results = [json.loads(p.read_text(encoding="utf-8")) for p in REAL_RUNS]
    assert {r["status"] for r in results} >= {"passed", "failed"}
    assert any(r["transcript"] for r in results) and any(r["emails"] for r in results)
    assert any(r["findings"] for r in results) and any(r["stop"] for r in results)
    assert any(s["status"] == "skipped" for r in results for s in r["steps"])


def test_a_run_the_engine_never_finished_is_valid_too():
    """`aborted`, `skipped` and `error` records are written by the worker pool, not by a walk."""
    folder = bundled_journeys()
    journey = load_journeys([folder / "contact_form.yaml"], Settings(),
                            {"SHOP_URL": "http://127.0.0.1:9"}).journeys[0]
    options = RunOptions(run_id="20261122t020000z-4f3a", run_dir=Path("unused"),
                         settings=Settings())
    for status in ("aborted", "skipped", "error"):
        result = unfinished(Task(1, journey, options), status, "stopped by the user").to_json()
        assert result_problems(result) == [], status


@pytest.mark.parametrize(("breakage", "where"), [
    (lambda r: r.pop("findings"), ""),  # a required field missing is the parent's problem
    (lambda r: r.update(status="green"), "status"),
    (lambda r: r["findings"][0].update(severity="blocker"), "findings/0/severity"),
    (lambda r: r["findings"][0].update(category="bug"), "findings/0/category"),
    (lambda r: r["findings"][0].pop("principle"), "findings/0"),
    (lambda r: r["steps"][0].update(status="ok"), "steps/0/status"),
    (lambda r: r["steps"][0].update(duration_ms="231"), "steps/0/duration_ms"),
    (lambda r: r["score"].update(value=140), "score/value"),
    (lambda r: r.update(status="error"), "score"),  # an error is not measured: no score
    (lambda r: r.update(started_at="22/11/2026 02:00"), "started_at"),
    (lambda r: r.update(renamed_field=1), ""),
])
def test_a_broken_result_is_rejected_at_its_place(breakage, where):
    result = copy.deepcopy(real("demo-broken-contact_form.json"))
    breakage(result)
    problems = result_problems(result)
    assert problems, "the schema accepted a broken result"
    assert any(place == where for place, _ in problems), problems


def test_the_schema_knows_the_models_vocabulary():
    """Statuses, severities and categories come from one place (results/model.py)."""
    schema = json.loads((Path(__file__).parents[2] / "runner" / "journey"
                         / "result_schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["status"]["enum"] == list(JOURNEY_STATUSES)
    assert schema["$defs"]["severity"]["enum"] == list(SEVERITIES)
    assert schema["$defs"]["finding"]["properties"]["category"]["enum"] == list(CATEGORIES)
