"""What happened on a journey run, as plain data, and its JSON form (README).

The engine fills a `RunResult`; checks add `Finding`s; the worker writes it with
`write_result` the moment the journey ends. Field names and nesting are a contract read by
other programs: change them only by adding.

Beyond README, each step carries `observed`: what the page looked like around the action
(text before/after, forms filled, responses, console errors, dialogs, new text). Checks read
only that, so a stored run can be judged again without a browser.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from runner.results.atomic import write_text_atomic

SCHEMA_VERSION = 1

SEVERITIES = ("critical", "major", "minor", "info")
CATEGORIES = ("friction", "dead-end", "missing-ack", "tone", "consistency")
JOURNEY_STATUSES = ("passed", "failed", "error", "flaky", "skipped", "aborted")


def severity_rank(severity: str) -> int:
    """0 for critical … 3 for info: lower is worse."""
    return SEVERITIES.index(severity)


@dataclass
class Finding:
    code: str
    category: str
    severity: str
    step: dict | None  # {"index", "name"} or None for the whole journey
    message: str
    principle: str
    measured: float | None = None
    budget: float | None = None
    unit: str | None = None
    evidence: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"code": self.code, "category": self.category, "severity": self.severity,
                "step": self.step, "message": self.message, "measured": self.measured,
                "budget": self.budget, "unit": self.unit, "evidence": self.evidence,
                "principle": self.principle}


# The stop reason of a step that should have captured a value a later step needed (README,
# "Findings and the score"): its own finding explains the stop, raised to critical.
NEVER_CAPTURED = "never-captured"


@dataclass
class StepResult:
    index: int
    name: str
    action: str
    line: int
    start_ms: float = 0.0
    duration_ms: float = 0.0
    status: str = "skipped"  # passed | failed | skipped
    url: str | None = None
    error: str | None = None
    skip_reason: str | None = None
    screenshot: str | None = None  # relative to the run folder
    measured: dict = field(default_factory=dict)
    optional: bool = False
    budget_ms: float | None = None  # the `step` friction budget of a customer action
    # Why the journey stopped here, when it did: "action-failed", "http-error", "timeout",
    # "journey-cap", "error-page". None when the step did not stop the journey.
    stopped: str | None = None
    observed: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        # Its fields as they are: `observed` is JSON already (page snapshots, network, axe's
        # findings), and dataclasses.asdict's deep copy of it was ~2 ms a result (refund).
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["start_ms"] = round(self.start_ms, 1)
        data["duration_ms"] = round(self.duration_ms, 1)
        return data


@dataclass
class RunResult:
    run_id: str
    journey: dict  # {"id", "name", "channel", "file"}
    persona: dict  # {"id", "name"}
    journey_run_id: str
    attempt: int = 1
    started_at: str = ""
    finished_at: str = ""
    status: str = "passed"
    browser: dict = field(default_factory=dict)
    steps: list[StepResult] = field(default_factory=list)
    transcript: list[dict] = field(default_factory=list)
    emails: list[dict] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    score: dict | None = None
    artifacts: dict = field(default_factory=lambda: {"trace": None, "screenshots": []})
    error: str | None = None  # for status `error`: what the tool could not do
    budgets: dict = field(default_factory=dict)  # the budgets this run was judged against
    stop: dict | None = None  # {"step": index, "reason": ...} when the journey stopped early
    consistency: dict | None = None  # what the consistency check saw of this journey's history
    # The machine that walked it (load, CPU share, memory, busy): runner/walk/runner_health.py
    runner_health: dict | None = None

    @property
    def stopped_step(self) -> StepResult | None:
        return next((s for s in self.steps if s.stopped), None)

    def to_json(self) -> dict:
        return {
            "schema_version": SCHEMA_VERSION,
            "run_id": self.run_id,
            "journey": self.journey,
            "persona": self.persona,
            "journey_run_id": self.journey_run_id,
            "attempt": self.attempt,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "status": self.status,
            "browser": self.browser,
            "steps": [s.to_json() for s in self.steps],
            "transcript": self.transcript,
            "emails": self.emails,
            "findings": [f.to_json() for f in self.findings],
            "score": self.score,
            "artifacts": self.artifacts,
            "error": self.error,
            "budgets": self.budgets,
            "stop": self.stop,
            "consistency": self.consistency,
            "runner_health": self.runner_health,
        }

    @classmethod
    def from_json(cls, data: dict) -> RunResult:
        steps = [StepResult(**{k: v for k, v in s.items() if k in StepResult.__dataclass_fields__})
                 for s in data.get("steps", [])]
        findings = [Finding(**{k: v for k, v in f.items() if k in Finding.__dataclass_fields__})
                    for f in data.get("findings", [])]
        fields = {k: v for k, v in data.items()
                  if k in cls.__dataclass_fields__ and k not in ("steps", "findings")}
        return cls(**fields, steps=steps, findings=findings)


def utc_now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def write_json_atomic(path: Path, data: Any) -> None:
    """A result on disk whole or not at all, even if the machine stops right after."""
    write_text_atomic(path, json.dumps(data, indent=1, ensure_ascii=False), durable=True)


def write_result(run_dir: Path, result: RunResult, *, repeat_index: int | None = None,
                 earlier_attempt: bool = False) -> Path:
    """`<journey-id>[-<n>].json`; an attempt that was retried is kept beside it as
    `<journey-id>[-<n>].attempt-<k>.json` (README)."""
    stem = result.journey["id"] + (f"-{repeat_index}" if repeat_index else "")
    suffix = f".attempt-{result.attempt}" if earlier_attempt else ""
    path = run_dir / f"{stem}{suffix}.json"
    write_json_atomic(path, result.to_json())
    return path


def read_result(path: Path) -> RunResult:
    return RunResult.from_json(json.loads(path.read_text(encoding="utf-8")))
