"""The history: every journey run's headline facts in `DIR/history.sqlite`.

The JSON result files stay the source of truth; this database is an index over them for the
pages and checks that look across runs (trends, recurring findings, consistency). It is
written right after each result file, can be rebuilt from the files at any time
(`rebuild`), runs in WAL mode so readers never block the writer, and carries a schema version
with forward migrations.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 30_000  # two `shopper run`s writing one folder wait for each other

MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE journey_runs (
        journey_run_id TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        run_id TEXT NOT NULL,
        journey_id TEXT NOT NULL,
        journey_name TEXT NOT NULL,
        channel TEXT NOT NULL,
        status TEXT NOT NULL,
        score INTEGER,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        duration_ms REAL,
        result_file TEXT NOT NULL,
        PRIMARY KEY (journey_run_id, attempt)
    );
    CREATE INDEX journey_runs_by_journey ON journey_runs (journey_id, started_at);
    CREATE INDEX journey_runs_by_run ON journey_runs (run_id);
    CREATE TABLE steps (
        journey_run_id TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        idx INTEGER NOT NULL,
        name TEXT NOT NULL,
        action TEXT NOT NULL,
        status TEXT NOT NULL,
        duration_ms REAL,
        waited_ms REAL,          -- ack_ms, reply_ms or email_ms: what a waiting step waited for
        budget_ms REAL,
        PRIMARY KEY (journey_run_id, attempt, idx)
    );
    CREATE TABLE findings (
        journey_run_id TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        code TEXT NOT NULL,
        category TEXT NOT NULL,
        severity TEXT NOT NULL,
        step_idx INTEGER,
        message TEXT NOT NULL,
        measured REAL,
        budget REAL
    );
    CREATE INDEX findings_by_run ON findings (journey_run_id, attempt);
    CREATE INDEX findings_by_code ON findings (code);
    """,
}

WAITED = ("ack_ms", "reply_ms", "email_ms")


def connect(out_dir: Path) -> sqlite3.Connection:
    """Open (and create or migrate) the history of a reports folder.

    Several processes may open a fresh folder at the same moment (two `shopper run`s, a
    report being rendered): switching to WAL and migrating are each done by one of them while
    the others wait, instead of failing with "database is locked" or "table already exists".
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(out_dir / "history.sqlite", timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _use_wal(conn)
        _migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _use_wal(conn: sqlite3.Connection) -> None:
    """WAL is a property of the file: set once, every later connection finds it. Setting it
    needs the file to itself, and SQLite answers "locked" at once rather than waiting while
    another connection reads it, so wait here."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _version(conn: sqlite3.Connection) -> int:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise sqlite3.DatabaseError(
            f"history.sqlite is from a newer Mystery Shopper (schema {version}); "
            "upgrade, or rebuild it with `shopper report --rebuild`")
    return version


def _migrate(conn: sqlite3.Connection) -> None:
    if _version(conn) == SCHEMA_VERSION:
        return
    # One migrator at a time: the write lock is taken first, and the version read again
    # under it, so a process that waited finds the work done. All steps in one
    # transaction: a crash leaves the previous version intact.
    conn.execute("BEGIN IMMEDIATE")
    try:
        for target in range(_version(conn) + 1, SCHEMA_VERSION + 1):
            for statement in _statements(MIGRATIONS[target]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {target}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _statements(script: str) -> list[str]:
    """A migration script as single statements (executescript would commit our lock away)."""
    statements, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    if pending.strip():
        statements.append(pending.strip())
    return statements


def record(conn: sqlite3.Connection, result: dict, result_file: str) -> None:
    """Add (or replace) one journey run's rows; idempotent for the same run and attempt."""
    key = (result["journey_run_id"], result.get("attempt", 1))
    score = (result.get("score") or {}).get("value")
    steps = result.get("steps", [])
    with conn:
        conn.execute("DELETE FROM steps WHERE journey_run_id = ? AND attempt = ?", key)
        conn.execute("DELETE FROM findings WHERE journey_run_id = ? AND attempt = ?", key)
        conn.execute(
            "INSERT OR REPLACE INTO journey_runs VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (*key, result["run_id"], result["journey"]["id"], result["journey"]["name"],
             result["journey"].get("channel", "other"), result["status"], score,
             result.get("started_at", ""), result.get("finished_at"),
             sum(s.get("duration_ms") or 0 for s in steps), result_file))
        conn.executemany(
            "INSERT INTO steps VALUES (?,?,?,?,?,?,?,?,?)",
            [(*key, s["index"], s["name"], s["action"], s["status"], s.get("duration_ms"),
              next((s["measured"][k] for k in WAITED
                    if (s.get("measured") or {}).get(k) is not None), None),
              s.get("budget_ms") or (s.get("measured") or {}).get("budget_ms"))
             for s in steps])
        conn.executemany(
            "INSERT INTO findings VALUES (?,?,?,?,?,?,?,?,?)",
            [(*key, f["code"], f["category"], f["severity"],
              (f.get("step") or {}).get("index"), f["message"], _number(f.get("measured")),
              _number(f.get("budget"))) for f in result.get("findings", [])])


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def recordable(data: object) -> bool:
    """Has what a history row needs (a foreign or truncated JSON file does not)."""
    if not isinstance(data, dict):
        return False
    journey = data.get("journey")
    return (all(isinstance(data.get(k), str) for k in ("journey_run_id", "run_id", "status"))
            and isinstance(journey, dict)
            and all(isinstance(journey.get(k), str) for k in ("id", "name"))
            and isinstance(data.get("steps", []), list)
            and isinstance(data.get("findings", []), list))


def result_files(out_dir: Path) -> Iterable[Path]:
    runs = out_dir / "runs"
    if runs.is_dir():
        yield from sorted(runs.glob("*/*.json"))


def rebuild(out_dir: Path) -> int:
    """Recreate the history from the result files; returns how many runs it holds."""
    path = out_dir / "history.sqlite"
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    conn = connect(out_dir)
    count = 0
    try:
        for file in result_files(out_dir):
            try:
                data = json.loads(file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue  # half-written or foreign: not a result
            if not recordable(data):
                continue
            record(conn, data, str(file.relative_to(out_dir)))
            count += 1
    finally:
        conn.close()
    return count


def recent_runs(conn: sqlite3.Connection, journey_id: str, limit: int = 30) -> list[sqlite3.Row]:
    """The journey's latest final attempts, newest first (for trends and consistency)."""
    return conn.execute(
        """SELECT * FROM journey_runs AS jr
           WHERE journey_id = ? AND attempt = (SELECT MAX(attempt) FROM journey_runs
                                               WHERE journey_run_id = jr.journey_run_id)
           ORDER BY started_at DESC LIMIT ?""", (journey_id, limit)).fetchall()


def latest_start(conn: sqlite3.Connection, journey_id: str,
                 run_id_ending: str = "") -> str | None:
    """When the journey last began a real walk (skipped and aborted slots do not count),
    only in runs whose id ends with `run_id_ending` (the scheduler's own, so a walk by hand
    never fills a slot): the scheduler compares it with the latest slot to see what was
    missed."""
    row = conn.execute(
        """SELECT MAX(started_at) FROM journey_runs
           WHERE journey_id = ? AND status NOT IN ('skipped', 'aborted')
             AND (? = '' OR substr(run_id, -length(?)) = ?)""",
        (journey_id, run_id_ending, run_id_ending, run_id_ending)).fetchone()
    return row[0] if row else None


def latest_per_journey(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Each journey's latest result in the folder (its final attempt), one row per journey id,
    whichever run it came from: a real walk before a skipped or aborted slot, since those
    measured nothing."""
    rows = conn.execute(
        """SELECT * FROM journey_runs AS jr
           WHERE attempt = (SELECT MAX(attempt) FROM journey_runs
                            WHERE journey_run_id = jr.journey_run_id)
           ORDER BY journey_id, status IN ('skipped', 'aborted'), started_at DESC,
                    run_id DESC""").fetchall()
    latest: dict[str, sqlite3.Row] = {}
    for row in rows:
        latest.setdefault(row["journey_id"], row)
    return list(latest.values())
