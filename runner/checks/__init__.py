"""Checks: pure functions over a recorded run that say what the customer met.

Each check module registers itself (runner/checks/registry.py); runner/checks/catalogue.py
imports them all. After all checks ran, `judge` keeps one finding per cause (the most
specific) and scores the run.
"""

from __future__ import annotations

from runner.checks import catalogue  # noqa: F401 - registers every check
from runner.checks.codes import STOP_SPECIFICITY
from runner.checks.registry import CHECKS, CheckContext, check, finding
from runner.checks.scoring import score
from runner.results.model import NEVER_CAPTURED, Finding, RunResult

__all__ = ["CHECKS", "CheckContext", "check", "finding", "judge", "one_finding_per_cause"]


def judge(result: RunResult, context: CheckContext) -> RunResult:
    """Run every check, keep one finding per cause, and score the run."""
    findings: list[Finding] = []
    if result.status != "error":
        for fn in CHECKS.values():
            findings.extend(fn(result, context))
    findings = _on_a_busy_runner(result, _explaining_the_stop(result, findings))
    result.findings = one_finding_per_cause(findings)
    result.score = score(result)
    return result


# What a step that captures finds missing: when a later step needed its value, the journey
# stopped for it (README).
NOTHING_CAPTURED = ("missing-acknowledgement", "no-reference", "missing-email",
                    "reference-mismatch", "chat-unanswered")


def _explaining_the_stop(result: RunResult, findings: list[Finding]) -> list[Finding]:
    """A value never captured stopped the journey: the capturing step's own finding explains
    the stop, so it is critical (the customer could not finish)."""
    stop = result.stop or {}
    if stop.get("reason") != NEVER_CAPTURED:
        return findings
    for item in findings:
        if item.code in NOTHING_CAPTURED and item.step and item.step["index"] == stop["step"]:
            item.severity = "critical"
            item.message += " The journey stopped there: a later step needed it."
    return findings


# Findings that are timings, and so the runner's as much as the site's when it was busy.
TIMINGS = ("slow-step", "slow-journey", "slow-acknowledgement", "slow-reply", "slow-email",
           "slow-page")


def _on_a_busy_runner(result: RunResult, findings: list[Finding]) -> list[Finding]:
    """A timing measured on an overloaded runner says so, so nobody chases the site for the
    runner's queue (the finding stays: the customer may have waited too)."""
    health = result.runner_health or {}
    if not health.get("busy"):
        return findings
    said = f"load {health.get('load_1m')} on {health.get('cores')} cores"
    for item in findings:
        if item.code in TIMINGS:
            item.message += f" (measured on a busy runner: {said})"
            item.evidence = {**item.evidence, "busy_runner": health}
    return findings


def one_finding_per_cause(findings: list[Finding]) -> list[Finding]:
    """A stop explained by several codes keeps only the most specific one (README)."""
    best: dict[int, Finding] = {}
    kept: list[Finding] = []
    for item in findings:
        if item.code not in STOP_SPECIFICITY or item.step is None:
            kept.append(item)
            continue
        index = item.step["index"]
        current = best.get(index)
        if current is None or (STOP_SPECIFICITY.index(item.code)
                               < STOP_SPECIFICITY.index(current.code)):
            best[index] = item
    return sorted(kept + list(best.values()),
                  key=lambda f: (f.step["index"] if f.step else 10**9, f.code))
