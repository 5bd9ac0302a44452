"""A timing measured on a busy runner says so, and consistency leaves such runs out.

Seen: "customers wait 5.1 s at goto" came from a machine at load 23 on 2 cores.
"""

from __future__ import annotations

import time

from runner.checks import CheckContext, judge
from runner.results.model import RunResult, StepResult
from runner.walk.runner_health import BUSY_LOAD_ENV, cpu_times, health_since

BUSY = {"load_1m": 23.0, "cores": 2, "cpu_busy_share": 0.99, "memory_available_mb": 900,
        "busy": True}
CALM = {"load_1m": 0.4, "cores": 2, "cpu_busy_share": 0.2, "memory_available_mb": 9000,
        "busy": False}


def slow_goto(health: dict | None, run: str = "r1") -> RunResult:
    step = StepResult(index=0, name="goto /contact", action="goto", line=3, status="passed",
                      duration_ms=5100.0, budget_ms=5000.0, measured={"http_status": 200})
    return RunResult(run_id=run, journey={"id": "contact", "name": "Contact", "channel":
                                          "contact-form", "file": "contact.yaml"},
                     persona={"id": "ann", "name": "Ann"}, journey_run_id=run, steps=[step],
                     budgets={"step": 5000.0, "journey": 120000.0}, runner_health=health)


def test_a_slow_step_on_a_busy_runner_says_so():
    finding = next(f for f in judge(slow_goto(BUSY), CheckContext()).findings
                   if f.code == "slow-step")
    assert finding.message.endswith("(measured on a busy runner: load 23.0 on 2 cores)")
    assert finding.evidence["busy_runner"] == BUSY


def test_the_same_slow_step_on_a_calm_runner_is_only_the_site():
    finding = next(f for f in judge(slow_goto(CALM), CheckContext()).findings
                   if f.code == "slow-step")
    assert "busy runner" not in finding.message and "busy_runner" not in finding.evidence


def test_consistency_leaves_busy_runs_out():
    history = [slow_goto(BUSY if n % 2 else CALM, f"r{n}").to_json() for n in range(9)]
    for n, run in enumerate(history):  # the busy nights were the slow ones
        run["steps"][0]["duration_ms"] = 9000.0 if n % 2 else 100.0
        run["findings"] = [{"code": "slow-step"}] if n % 2 else []
    result = slow_goto(CALM, "r9")
    result.steps[0].duration_ms = 100.0
    judged = judge(result, CheckContext(history=history))
    assert judged.consistency["busy_runs_left_out"] == 4
    assert judged.consistency["runs"] == 6
    assert "inconsistent" not in [f.code for f in judged.findings]


def test_the_runner_is_measured_over_the_walk(monkeypatch):
    start = cpu_times()
    time.sleep(0.1)  # a few clock ticks of every core
    health = health_since(start)
    assert health["cores"] >= 1 and health["memory_available_mb"] > 0
    assert 0.0 <= health["cpu_busy_share"] <= 1.0
    monkeypatch.setenv(BUSY_LOAD_ENV, "0")  # any load at all is over zero per core
    assert health_since(start)["busy"] is (health_since(start)["load_1m"] > 0)
