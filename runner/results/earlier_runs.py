"""A journey's earlier runs, read back from the result files (the source of truth).

Used by the consistency check. Only the newest run folders are read, so the cost stays flat
as history grows; the SQLite history of the reports issue can answer this faster later.
"""

from __future__ import annotations

import json
from pathlib import Path

SCAN_RUNS = 60  # run folders looked at, newest first


def earlier_runs(out_dir: Path, journey_id: str, *, before_run: str, limit: int = 9
                 ) -> list[dict]:
    """Up to `limit` final results of `journey_id` from runs older than `before_run`, oldest
    first (an earlier repeat inside `before_run` counts too)."""
    runs_dir = out_dir / "runs"
    if not runs_dir.is_dir():
        return []
    folders = sorted((p for p in runs_dir.iterdir() if p.is_dir() and p.name <= before_run),
                     reverse=True)[:SCAN_RUNS]
    found: list[dict] = []
    for folder in folders:
        for path in sorted(folder.glob(f"{journey_id}*.json"), reverse=True):
            if ".attempt-" in path.name:
                continue
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue  # a half-written or foreign file is not history
            if data.get("journey", {}).get("id") == journey_id:
                found.append(data)
        if len(found) >= limit:
            break
    found.sort(key=lambda run: run.get("started_at", ""))
    return found[-limit:]
