"""Checks: pure functions over a recorded run that say what the customer met.

A check is registered with `@check("name")` and called as `fn(result, context)`; it returns
`Finding`s and never touches a browser, so a stored run can be judged again from disk. After
all checks ran, `judge` keeps one finding per cause (the most specific) and scores the run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from runner.patterns import Patterns
from runner.results import Finding, RunResult

from .codes import CODES, STOP_SPECIFICITY


@dataclass
class CheckContext:
    patterns: Patterns = field(default_factory=lambda: Patterns.from_settings({}))
    history: list[dict] = field(default_factory=list)  # earlier runs, newest last


CheckFunction = Callable[[RunResult, CheckContext], list[Finding]]
CHECKS: dict[str, CheckFunction] = {}


def check(name: str) -> Callable[[CheckFunction], CheckFunction]:
    def register(fn: CheckFunction) -> CheckFunction:
        CHECKS[name] = fn
        return fn
    return register


def finding(code: str, message: str, *, step: dict | None = None, severity: str | None = None,
            measured: float | None = None, budget: float | None = None, unit: str | None = None,
            evidence: dict | None = None) -> Finding:
    """A finding with its category and principle filled in from the vocabulary."""
    spec = CODES[code]
    return Finding(code=code, category=spec.category, severity=severity or spec.severity,
                   step=step, message=message, principle=spec.principle, measured=measured,
                   budget=budget, unit=unit, evidence={k: v for k, v in (evidence or {}).items()
                                                       if v is not None})


def seconds(ms: float | None) -> str:
    """A duration as a customer would say it: "12.4 s", "2.5 min"."""
    if ms is None:
        return "an unknown time"
    return f"{ms / 1000:.1f} s" if ms < 60_000 else f"{ms / 60_000:.1f} min"


def step_ref(step) -> dict:  # noqa: ANN001 - a StepResult
    return {"index": step.index, "name": step.name}


def judge(result: RunResult, context: CheckContext) -> RunResult:
    """Run every check, keep one finding per cause, and score the run."""
    from runner.checks import catalogue  # noqa: F401 - registers every check
    from runner.checks.scoring import score

    findings: list[Finding] = []
    if result.status != "error":
        for fn in CHECKS.values():
            findings.extend(fn(result, context))
    result.findings = one_finding_per_cause(findings)
    result.score = score(result)
    return result


def one_finding_per_cause(findings: list[Finding]) -> list[Finding]:
    """A stop explained by several codes keeps only the most specific one (SPEC §3)."""
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
