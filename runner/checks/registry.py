"""The check registry and what every check shares: its context, `@check`, and `finding`.

A check is registered with `@check("name")` and called as `fn(result, context)`; it returns
`Finding`s and never touches a browser, so a stored run can be judged again from disk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from runner.checks.codes import CODES
from runner.patterns import Patterns
from runner.results.model import Finding, RunResult


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
