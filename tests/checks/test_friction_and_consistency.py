"""Friction and consistency checks on recorded runs (no browser)."""

from __future__ import annotations

from runner.checks import CheckContext, judge
from runner.results.model import RunResult, StepResult

BUDGETS = {"step": 5000, "journey": 120000, "acknowledgement": 10000, "form_fields": 6,
           "required_fields": 4, "steps": 12}


def step(index, action, duration=100.0, status="passed", **extra) -> StepResult:
    return StepResult(index=index, name=f"{action} {index}", action=action, line=index + 3,
                      duration_ms=duration, status=status,
                      budget_ms=None if action in ("wait", "expect_ack") else 5000, **extra)


def run(*steps, budgets=None, status="passed") -> RunResult:
    return RunResult(run_id="r", journey={"id": "j", "name": "J", "channel": "other",
                                          "file": "j.yaml"},
                     persona={"id": None, "name": None}, journey_run_id="j-r-1",
                     status=status, steps=list(steps), budgets=budgets or dict(BUDGETS))


def codes(result) -> list[str]:
    return sorted(f.code for f in result.findings)


def test_slow_customer_action_is_slow_step_but_a_wait_never_is():
    result = judge(run(step(0, "goto", 6200), step(1, "wait", 60000)), CheckContext())
    assert codes(result) == ["slow-step"]
    assert result.findings[0].measured == 6200 and result.findings[0].budget == 5000


def test_failed_step_is_not_also_slow():
    result = judge(run(step(0, "click", 31000, status="failed", stopped="timeout",
                            error="x")), CheckContext())
    assert "slow-step" not in codes(result)


def test_journey_time_leaves_out_waits_and_waiting_actions():
    steps = [step(i, "click", 4000) for i in range(3)] + [step(3, "wait", 500000),
                                                          step(4, "expect_ack", 90000,
                                                               measured={"ack_ms": 500.0})]
    budgets = {**BUDGETS, "journey": 11000}
    assert codes(judge(run(*steps, budgets=budgets), CheckContext())) == ["slow-journey"]
    budgets["journey"] = 12000
    assert codes(judge(run(*steps, budgets=budgets), CheckContext())) == []


def test_long_form_counts_visible_then_required_fields():
    form = {"id": "f", "visible_fields": 11, "required_fields": 3, "fields": []}
    result = judge(run(step(0, "fill", observed={"form": form},
                            measured={"fields_filled": 3})), CheckContext())
    assert codes(result) == ["long-form"] and result.findings[0].unit == "fields"
    form = {"id": "f", "visible_fields": 5, "required_fields": 5, "fields": []}
    result = judge(run(step(0, "fill", observed={"form": form},
                            measured={"fields_filled": 3})), CheckContext())
    assert codes(result) == ["long-form"] and result.findings[0].measured == 5


def test_too_many_steps_counts_each_field_and_each_click():
    steps = [step(0, "fill", measured={"fields_filled": 10}), step(1, "click"),
             step(2, "select"), step(3, "goto")]
    result = judge(run(*steps), CheckContext())
    assert codes(result) == []  # 10 fields + click + select = 12, the budget
    steps.append(step(4, "check"))
    result = judge(run(*steps), CheckContext())
    assert codes(result) == ["too-many-steps"] and result.findings[0].measured == 13


def test_uncaught_script_error_is_page_error_once():
    errors = [{"kind": "uncaught", "text": "TypeError: x is undefined", "step": 0}]
    result = judge(run(step(0, "goto", observed={"console_errors": errors}),
                       step(1, "click", observed={"console_errors": errors})), CheckContext())
    assert codes(result) == ["page-error"]


def history_of(outcomes: list[str], times: list[float] | None = None) -> list[dict]:
    runs = []
    for index, status in enumerate(outcomes):
        ms = times[index] if times else 300.0
        runs.append(run(step(0, "expect_ack", 400, measured={"ack_ms": ms}),
                        status=status).to_json() | {"started_at": f"2026-11-{index + 1:02d}"})
    return runs


def test_fewer_than_five_runs_judges_nothing_and_says_so():
    result = judge(run(status="failed"), CheckContext(history=history_of(["passed"] * 3)))
    assert "inconsistent" not in codes(result)
    assert result.consistency["enough"] is False and result.consistency["runs"] == 4


def test_outcome_changing_twice_is_inconsistent():
    history = history_of(["passed", "passed", "failed", "passed"])
    result = judge(run(step(0, "expect_ack", 400, measured={"ack_ms": 300.0})),
                   CheckContext(history=history))
    assert codes(result) == ["inconsistent"]
    assert result.findings[0].measured == 2


def test_steady_outcome_and_times_are_consistent():
    history = history_of(["passed"] * 8, [300, 310, 305, 290, 300, 320, 295, 300])
    result = judge(run(step(0, "expect_ack", 400, measured={"ack_ms": 305.0})),
                   CheckContext(history=history))
    assert codes(result) == []


def test_times_spreading_wider_than_their_median_are_inconsistent():
    history = history_of(["passed"] * 6, [100, 2500, 150, 3000, 120, 2800])
    result = judge(run(step(0, "expect_ack", 400, measured={"ack_ms": 200.0})),
                   CheckContext(history=history))
    assert codes(result) == ["inconsistent"]
    assert result.findings[0].step["index"] == 0
