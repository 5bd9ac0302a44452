"""A synthetic history: result dicts (SPEC §4) for many nights, written as the runner would."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

WAITED_KEY = {"expect_ack": "ack_ms", "expect_reply": "reply_ms", "expect_email": "email_ms"}


def night_run_id(night: int) -> str:
    return (datetime(2026, 10, 1, 2, tzinfo=UTC) + timedelta(days=night)).strftime(
        "%Y%m%dt%H%M%Sz"
    ) + f"-n{night:03d}"


def night_date(night: int) -> str:
    return (datetime(2026, 10, 1, tzinfo=UTC) + timedelta(days=night)).strftime("%Y-%m-%d")


def finding(code: str, severity: str = "major", *, measured: float | None = None,
            budget: float | None = None, step: int | None = 1, message: str | None = None,
            principle: str = "Respect the customer's time.", unit: str | None = "ms") -> dict:
    return {
        "code": code, "category": "friction", "severity": severity,
        "step": None if step is None else {"index": step, "name": "Answer"},
        "message": message or f"{code} happened.", "measured": measured, "budget": budget,
        "unit": unit if measured is not None else None, "evidence": {}, "principle": principle,
    }


# The engine records each waiting step's budget in its `measured` (the defaults here).
DEFAULT_BUDGET_MS = {"expect_ack": 10_000, "expect_reply": 30_000, "expect_email": 120_000}


def journey_result(journey_id: str, night: int, *, name: str | None = None,
                   channel: str = "contact-form", status: str = "passed",
                   score: float | None = 100, findings: list[dict] | None = None,
                   action: str = "expect_ack", waited: float | None = 400.0,
                   step_budget: float | None = None, error: str | None = None) -> dict[str, Any]:
    run_id = night_run_id(night)
    started = datetime(2026, 10, 1, 2, tzinfo=UTC) + timedelta(days=night)
    stamp = started.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return {
        "schema_version": 1, "run_id": run_id,
        "journey": {"id": journey_id, "name": name or journey_id.replace("_", " ").capitalize(),
                    "channel": channel, "file": f"journeys/{journey_id}.yaml"},
        "persona": {"id": "ann", "name": "Ann Example"},
        "journey_run_id": f"{journey_id}-{run_id}", "attempt": 1,
        "started_at": stamp, "finished_at": stamp, "status": status,
        "browser": {"name": "chromium", "version": "156"},
        "steps": [
            {"index": 0, "name": "goto /", "action": "goto", "status": "passed",
             "duration_ms": 200.0 + night, "measured": {"http_status": 200}},
            {"index": 1, "name": "Answer", "action": action,
             "status": "passed" if waited is not None else "failed",
             "duration_ms": (waited or 10_000) + 20, "budget_ms": step_budget,
             "measured": {WAITED_KEY[action]: waited,
                          "budget_ms": DEFAULT_BUDGET_MS[action]}},
        ],
        "transcript": [], "emails": [], "findings": findings or [],
        "score": None if score is None else {"value": score, "breakdown": []},
        "artifacts": {"trace": None, "screenshots": []},
        "error": error,
    }


def write_result(out_dir: Path, result: dict[str, Any], stem: str | None = None) -> Path:
    path = out_dir / "runs" / result["run_id"] / f"{stem or result['journey']['id']}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result), encoding="utf-8")
    return path
