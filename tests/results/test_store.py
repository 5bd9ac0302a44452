"""The SQLite history: written per journey run, rebuilt from the result files, versioned."""

from __future__ import annotations

import json
import sqlite3
import threading

import pytest

from runner.results import store


def result(journey: str, run: str, status: str = "passed", score: int | None = 100,
           findings: list[dict] | None = None, attempt: int = 1) -> dict:
    return {
        "schema_version": 1, "run_id": run, "journey_run_id": f"{journey}-{run}-1",
        "attempt": attempt, "journey": {"id": journey, "name": journey.title(),
                                        "channel": "contact-form", "file": "x.yaml"},
        "started_at": f"2026-11-{run[-2:]}T02:00:00.000Z", "status": status,
        "score": None if score is None else {"value": score, "breakdown": []},
        "steps": [{"index": 0, "name": "goto /", "action": "goto", "status": "passed",
                   "duration_ms": 120.0, "measured": {}},
                  {"index": 1, "name": "Ack", "action": "expect_ack", "status": "passed",
                   "duration_ms": 400.0, "measured": {"ack_ms": 377.4}}],
        "findings": findings or [],
    }


def write(out, data) -> None:
    folder = out / "runs" / data["run_id"]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{data['journey']['id']}.json").write_text(json.dumps(data))


def test_records_runs_steps_and_findings_and_is_idempotent(tmp_path):
    conn = store.connect(tmp_path)
    finding = {"code": "slow-acknowledgement", "category": "friction", "severity": "minor",
               "step": {"index": 1, "name": "Ack"}, "message": "slow", "measured": 12400,
               "budget": 10000}
    data = result("contact", "run-01", findings=[finding])
    store.record(conn, data, "runs/run-01/contact.json")
    store.record(conn, data, "runs/run-01/contact.json")  # again: no duplicate rows
    assert conn.execute("SELECT COUNT(*) FROM journey_runs").fetchone()[0] == 1
    assert conn.execute("SELECT waited_ms FROM steps WHERE idx = 1").fetchone()[0] == 377.4
    row = conn.execute("SELECT code, step_idx, measured FROM findings").fetchone()
    assert tuple(row) == ("slow-acknowledgement", 1, 12400.0)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_error_runs_keep_no_score(tmp_path):
    conn = store.connect(tmp_path)
    store.record(conn, result("contact", "run-02", status="error", score=None), "f")
    assert conn.execute("SELECT score FROM journey_runs").fetchone()[0] is None


def test_rebuild_recreates_the_history_from_result_files_and_skips_broken_ones(tmp_path):
    for day in ("01", "02", "03"):
        write(tmp_path, result("contact", f"run-{day}"))
    (tmp_path / "runs" / "run-03" / "half.json").write_text('{"run_id": ')
    conn = store.connect(tmp_path)
    store.record(conn, result("ghost", "run-09"), "gone.json")
    conn.close()
    assert store.rebuild(tmp_path) == 3
    conn = store.connect(tmp_path)
    runs = store.recent_runs(conn, "contact")
    assert [r["run_id"] for r in runs] == ["run-03", "run-02", "run-01"]
    assert store.recent_runs(conn, "ghost") == []


def test_recent_runs_take_the_final_attempt_only(tmp_path):
    conn = store.connect(tmp_path)
    store.record(conn, result("contact", "run-01", status="failed", attempt=1), "a")
    store.record(conn, result("contact", "run-01", status="passed", attempt=2), "b")
    assert [r["status"] for r in store.recent_runs(conn, "contact")] == ["passed"]


def test_a_newer_schema_is_refused_with_advice(tmp_path):
    conn = sqlite3.connect(tmp_path / "history.sqlite")
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(sqlite3.DatabaseError, match="rebuild"):
        store.connect(tmp_path)


def test_two_writers_at_once_lose_no_rows(tmp_path):
    store.connect(tmp_path).close()

    def writer(name: str) -> None:
        conn = store.connect(tmp_path)
        for day in range(1, 26):
            store.record(conn, result(name, f"run-{day:02d}"), "f")
        conn.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in ("contact", "refund")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    conn = store.connect(tmp_path)
    assert conn.execute("SELECT COUNT(*) FROM journey_runs").fetchone()[0] == 50


def test_waiting_steps_keep_their_budget_and_incomplete_files_are_skipped(tmp_path):
    data = result("contact", "run-01")
    data["steps"][1]["measured"]["budget_ms"] = 10000.0
    write(tmp_path, data)
    (tmp_path / "runs" / "run-01" / "other.json").write_text('{"journey": {}, "status": 1}')
    assert store.rebuild(tmp_path) == 1
    conn = store.connect(tmp_path)
    assert conn.execute("SELECT budget_ms FROM steps WHERE idx = 1").fetchone()[0] == 10000.0
