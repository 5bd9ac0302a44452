"""Checks judge a stored run from its data alone: no browser, same verdict every time."""

from __future__ import annotations

import json

from runner.checks import CheckContext, judge, one_finding_per_cause
from runner.checks import finding as make_finding
from runner.results.model import RunResult, StepResult


def ack_step(**measured) -> StepResult:
    observed = {"acknowledgement": measured.pop("text", ""),
                "asked": {"reference": measured.pop("reference_pattern", None),
                          "promise": measured.pop("promise_asked", False)}}
    base = {"window_ms": 20000.0, "budget_ms": 10000.0}
    return StepResult(index=1, name="Acknowledgement", action="expect_ack", line=9,
                      status="failed" if measured.get("ack_ms") is None else "passed",
                      measured={**base, **measured}, observed=observed)


def run_with(*steps: StepResult, status: str = "passed") -> RunResult:
    return RunResult(run_id="r", journey={"id": "j", "name": "J", "channel": "other",
                                          "file": "j.yaml"},
                     persona={"id": None, "name": None}, journey_run_id="j-r-1",
                     status=status, steps=list(steps))


def codes(result: RunResult) -> list[str]:
    return [f.code for f in result.findings]


def test_no_acknowledgement_in_the_window_is_missing():
    result = judge(run_with(ack_step(ack_ms=None)), CheckContext())
    assert codes(result) == ["missing-acknowledgement"]
    assert result.findings[0].measured == 20000.0 and result.findings[0].unit == "ms"


def test_late_acknowledgement_is_slow_with_measured_and_budget():
    result = judge(run_with(ack_step(ack_ms=12400.0, text="Thank you, within 24 hours")),
                   CheckContext())
    assert codes(result) == ["slow-acknowledgement"]
    found = result.findings[0]
    assert (found.measured, found.budget) == (12400.0, 10000.0)
    assert "12.4 s" in found.message and "10.0 s" in found.message
    assert result.score == {"value": 95, "breakdown": [
        {"code": "slow-acknowledgement", "severity": "minor", "points": -5}],
        "formula": result.score["formula"]}


def test_reference_and_promise_are_searched_only_in_the_acknowledgement():
    step = ack_step(ack_ms=300.0, text="Thank you for your message.",
                    reference_pattern=r"[A-Z]{2}-\d+", promise_asked=True)
    result = judge(run_with(step), CheckContext())
    assert sorted(codes(result)) == ["no-reference", "no-response-promise"]


def test_a_run_in_error_has_no_score_and_no_findings():
    result = judge(run_with(ack_step(ack_ms=None), status="error"), CheckContext())
    assert result.score is None and result.findings == []


def test_the_most_specific_finding_explains_a_stop():
    step = {"index": 2, "name": "click Send"}
    kept = one_finding_per_cause([
        make_finding("dead-end", "stuck", step=step),
        make_finding("http-error", "500", step=step),
        make_finding("slow-step", "slow", step=step),
    ])
    assert sorted(f.code for f in kept) == ["http-error", "slow-step"]


def test_judging_a_stored_result_again_gives_the_same_findings(tmp_path):
    original = judge(run_with(ack_step(ack_ms=11000.0, text="Thanks!", promise_asked=True)),
                     CheckContext())
    path = tmp_path / "j.json"
    path.write_text(json.dumps(original.to_json()))
    again = judge(RunResult.from_json(json.loads(path.read_text())), CheckContext())
    assert [f.to_json() for f in again.findings] == [f.to_json() for f in original.findings]
    assert again.score == original.score
