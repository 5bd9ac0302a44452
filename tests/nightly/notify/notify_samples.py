"""Journey results (SPEC §4) night after night, written and recorded the way the worker does:
the JSON file first, then its rows through `store.record`."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from runner.results import store
from runner.results.model import write_json_atomic

STEP_NAMES = ["goto /contact", "Fill in the form", "Send the form", "Acknowledgement"]


def run_id(night: int) -> str:
    return (datetime(2026, 11, 1, 2, tzinfo=UTC) + timedelta(days=night)).strftime(
        "%Y%m%dt%H%M%Sz") + f"-{night:04x}"


def finding(code: str, severity: str = "major", *, step: int | None = 3,
            message: str | None = None, category: str = "friction") -> dict:
    return {
        "code": code, "category": category, "severity": severity,
        "step": None if step is None else {"index": step, "name": STEP_NAMES[step]},
        "message": message or f"The customer met {code}.",
        "measured": None, "budget": None, "unit": None,
        "evidence": {"text": "Thanks!", "url": "http://127.0.0.1:8000/contact"},
        "principle": "Overcommunicate: say what happens next, and when.",
    }


def result(night: int, *, journey_id: str = "contact_form", status: str = "passed",
           findings: list[dict] | None = None, score: int | None = None,
           stopped_at: int | None = None, error: str | None = None, attempt: int = 1,
           repeat: int | None = None) -> dict[str, Any]:
    """One journey run. `stopped_at` makes the journey stop (status failed) at that step."""
    rid = run_id(night)
    started = datetime(2026, 11, 1, 2, tzinfo=UTC) + timedelta(days=night, seconds=attempt)
    stamp = started.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    findings = findings or []
    steps = []
    for index, name in enumerate(STEP_NAMES):
        if status == "error":
            break
        state = ("passed" if stopped_at is None or index < stopped_at
                 else "failed" if index == stopped_at else "skipped")
        steps.append({
            "index": index, "name": name, "action": ["goto", "fill", "click", "expect_ack"][index],
            "line": 10 + 3 * index, "start_ms": 300.0 * index, "duration_ms": 250.0,
            "status": state, "url": "http://127.0.0.1:8000/contact",
            "error": ("Timeout 5000ms exceeded waiting for the acknowledgement"
                      if state == "failed" else None),
            "skip_reason": "an earlier step failed" if state == "skipped" else None,
            "screenshot": None,
            "measured": {"ack_ms": 377.4, "budget_ms": 10000} if index == 3 else {}})
    if score is None and status != "error":
        score = max(0, 100 - 10 * len(findings))
    return {
        "schema_version": 1, "run_id": rid,
        "journey": {"id": journey_id, "name": journey_id.replace("_", " ").capitalize(),
                    "channel": "contact-form", "file": f"journeys/{journey_id}.yaml"},
        "persona": {"id": "returning_customer", "name": "Ann Example"},
        # As the engine names them: one id per journey, run and repeat, shared by attempts.
        "journey_run_id": "-".join([journey_id.replace("_", "-"), rid,
                                    *([f"r{repeat}"] if repeat else []), "1"]),
        "attempt": attempt,
        "started_at": stamp, "finished_at": stamp, "status": status,
        "browser": {"name": "chromium", "version": "156.0.8078.79", "source": "system"},
        "steps": steps, "transcript": [], "emails": [], "findings": findings,
        "score": None if status == "error" else {"value": score, "breakdown": []},
        "artifacts": {"trace": None, "screenshots": []},
        "error": error if status == "error" else None,
        "stop": None if stopped_at is None else {"step": stopped_at, "reason": "timeout"},
    }


def record(out_dir: Path, conn: sqlite3.Connection, data: dict, *, repeat: int | None = None,
           attempt_file: bool = False) -> Path:
    """Write `data` as the worker does (the file, then the history rows); return the file."""
    stem = data["journey"]["id"] + (f"-{repeat}" if repeat else "")
    if attempt_file:
        stem += f".attempt-{data['attempt']}"
    path = out_dir / "runs" / data["run_id"] / f"{stem}.json"
    write_json_atomic(path, data)
    store.record(conn, data, str(path.relative_to(out_dir)))
    return path
