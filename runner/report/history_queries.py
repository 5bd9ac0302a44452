"""Read-only questions the report asks of `DIR/history.sqlite` (runner/results/store.py owns
the schema).

Every query here is bounded by the last `WINDOW` runs of one journey and served by an index
(journey_runs_by_journey, the steps primary key, findings_by_run), so the executive page
costs the same after ten runs or ten thousand.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from runner.results import store

WINDOW = 30
WAITING_ACTIONS = ("expect_ack", "expect_reply", "expect_email")


@dataclass(frozen=True)
class RunRow:
    """One final attempt of one journey run, as the history holds it."""

    journey_run_id: str
    attempt: int
    run_id: str
    journey_id: str
    journey_name: str
    channel: str
    status: str
    score: float | None
    started_at: str
    result_file: str  # relative to the reports folder

    @property
    def key(self) -> tuple[str, int]:
        return (self.journey_run_id, self.attempt)

    @property
    def folder(self) -> str:
        """The run folder its result sits in: where its pages are (normally the run id)."""
        parts = PurePosixPath(self.result_file.replace("\\", "/")).parts
        return parts[1] if len(parts) >= 3 and parts[0] == "runs" else self.run_id

    @property
    def measured(self) -> bool:
        return self.status != "error" and self.score is not None


@dataclass(frozen=True)
class StepRow:
    journey_run_id: str
    attempt: int
    idx: int
    name: str
    action: str
    status: str
    duration_ms: float | None
    waited_ms: float | None
    budget_ms: float | None


@dataclass(frozen=True)
class FindingRow:
    journey_run_id: str
    attempt: int
    code: str
    severity: str
    step_idx: int | None
    message: str
    measured: float | None
    budget: float | None


def open_history(out_dir: Path) -> sqlite3.Connection:
    """The history of a reports folder, rebuilt from the result files when there is none."""
    if not (out_dir / "history.sqlite").is_file():
        rebuild(out_dir)
    return store.connect(out_dir)


def rebuild(out_dir: Path) -> None:
    """`store.rebuild`, or, if one odd result file trips it, a rebuild that skips such files.

    A report must render at 2 a.m. even when one file lacks a key the history needs.
    """
    try:
        store.rebuild(out_dir)
    except (KeyError, TypeError, AttributeError, ValueError):
        (out_dir / "history.sqlite").unlink(missing_ok=True)
        conn = store.connect(out_dir)
        try:
            for file in store.result_files(out_dir):
                try:
                    data = json.loads(file.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    continue
                if recordable(data):
                    store.record(conn, data, str(file.relative_to(out_dir)))
        finally:
            conn.close()


def recordable(data: object) -> bool:
    """Whether `store.record` can take this result without tripping on a missing key."""
    if not isinstance(data, dict):
        return False
    journey = data.get("journey")
    steps = data.get("steps", [])
    findings = data.get("findings", [])
    return (
        all(isinstance(data.get(key), str) for key in ("journey_run_id", "run_id", "status"))
        and isinstance(journey, dict)
        and all(isinstance(journey.get(key), str) for key in ("id", "name"))
        and isinstance(steps, list)
        and all(isinstance(s, dict) and all(k in s for k in ("index", "name", "action", "status"))
                for s in steps)
        and isinstance(findings, list)
        and all(isinstance(f, dict) and all(k in f for k in ("code", "category", "severity",
                                                               "message")) for f in findings)
        and (data.get("score") is None or isinstance(data.get("score"), dict))
    )


def has_run(conn: sqlite3.Connection, run_id: str) -> bool:
    return conn.execute(
        "SELECT 1 FROM journey_runs WHERE run_id = ? LIMIT 1", (run_id,)
    ).fetchone() is not None


def journey_ids(conn: sqlite3.Connection) -> list[str]:
    """Every journey the history knows, by skipping along the (journey_id, started_at) index.

    A loose index scan: one index seek per journey instead of one row visit per run, so
    the cost follows the number of journeys, not the length of the history.
    """
    rows = conn.execute(
        """WITH RECURSIVE ids(id) AS (
               SELECT MIN(journey_id) FROM journey_runs
               UNION ALL
               SELECT (SELECT MIN(journey_id) FROM journey_runs WHERE journey_id > ids.id)
               FROM ids WHERE ids.id IS NOT NULL)
           SELECT id FROM ids WHERE id IS NOT NULL"""
    ).fetchall()
    return [row[0] for row in rows]


def recent_runs(conn: sqlite3.Connection, journey_id: str, limit: int = WINDOW) -> list[RunRow]:
    """The journey's last `limit` final attempts, newest first."""
    return [
        RunRow(
            journey_run_id=row["journey_run_id"],
            attempt=row["attempt"],
            run_id=row["run_id"],
            journey_id=row["journey_id"],
            journey_name=row["journey_name"],
            channel=row["channel"],
            status=row["status"],
            score=row["score"],
            started_at=row["started_at"],
            result_file=row["result_file"],
        )
        for row in store.recent_runs(conn, journey_id, limit)
    ]


def _in_runs(runs: list[RunRow]) -> tuple[str, list[str]]:
    ids = sorted({run.journey_run_id for run in runs})
    return ",".join("?" * len(ids)), ids


def steps_of(conn: sqlite3.Connection, runs: list[RunRow]) -> list[StepRow]:
    """Every step of these journey runs (their final attempts), served by the primary key."""
    if not runs:
        return []
    marks, ids = _in_runs(runs)
    wanted = {run.key for run in runs}
    rows = conn.execute(
        f"""SELECT journey_run_id, attempt, idx, name, action, status, duration_ms, waited_ms,
                   budget_ms FROM steps WHERE journey_run_id IN ({marks})""",
        ids,
    ).fetchall()
    return [
        StepRow(*tuple(row)) for row in rows if (row["journey_run_id"], row["attempt"]) in wanted
    ]


def findings_of(conn: sqlite3.Connection, runs: list[RunRow]) -> list[FindingRow]:
    if not runs:
        return []
    marks, ids = _in_runs(runs)
    wanted = {run.key for run in runs}
    rows = conn.execute(
        f"""SELECT journey_run_id, attempt, code, severity, step_idx, message, measured, budget
            FROM findings WHERE journey_run_id IN ({marks})""",
        ids,
    ).fetchall()
    return [
        FindingRow(*tuple(row)) for row in rows if (row["journey_run_id"], row["attempt"]) in wanted
    ]


def waiting_steps(
    conn: sqlite3.Connection, runs: list[RunRow]
) -> list[tuple[StepRow, float | None]]:
    """The acknowledgement, reply and email steps of these runs, each with its budget.

    The budget is the step's own when the history has one; else the budget of the timing
    finding raised on that step (a waiting step's budget lives in its `measured` in the
    result file, which the history does not copy). A step with neither was not judged
    late by any check.
    """
    if not runs:
        return []
    marks, ids = _in_runs(runs)
    wanted = {run.key for run in runs}
    actions = ",".join("?" * len(WAITING_ACTIONS))
    rows = conn.execute(
        f"""SELECT s.journey_run_id, s.attempt, s.idx, s.name, s.action, s.status,
                   s.duration_ms, s.waited_ms, s.budget_ms,
                   (SELECT MAX(f.budget) FROM findings AS f
                     WHERE f.journey_run_id = s.journey_run_id AND f.attempt = s.attempt
                       AND f.step_idx = s.idx AND f.budget IS NOT NULL) AS finding_budget
            FROM steps AS s
            WHERE s.journey_run_id IN ({marks}) AND s.action IN ({actions})""",
        [*ids, *WAITING_ACTIONS],
    ).fetchall()
    return [
        (StepRow(*tuple(row)[:9]), row["budget_ms"] if row["budget_ms"] is not None
         else row["finding_budget"])
        for row in rows
        if (row["journey_run_id"], row["attempt"]) in wanted
    ]


def first_seen(conn: sqlite3.Connection, journey_id: str, code: str) -> RunRow | None:
    """The earliest run of this journey in which `code` was found, in the whole history."""
    row = conn.execute(
        """SELECT jr.* FROM journey_runs AS jr
           WHERE jr.journey_id = ? AND EXISTS (
               SELECT 1 FROM findings AS f WHERE f.journey_run_id = jr.journey_run_id
                 AND f.attempt = jr.attempt AND f.code = ?)
           ORDER BY jr.started_at LIMIT 1""",
        (journey_id, code),
    ).fetchone()
    if row is None:
        return None
    return RunRow(
        journey_run_id=row["journey_run_id"], attempt=row["attempt"], run_id=row["run_id"],
        journey_id=row["journey_id"], journey_name=row["journey_name"], channel=row["channel"],
        status=row["status"], score=row["score"], started_at=row["started_at"],
        result_file=row["result_file"],
    )
