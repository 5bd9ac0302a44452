"""latest.json: the latest result of every journey in the folder, in a shape a script can read
without parsing HTML (README).

Two runs into one folder (a `--tag` subset after the whole set, a second `shopper run` beside
the scheduler) each leave their journeys in it: the file is built from the history, each
journey's latest final attempt, whichever run it came from; `run_id` names the run that wrote
it and each journey names its own.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from runner import __version__
from runner.report.files import write_text_atomic
from runner.report.reading import ResultFile
from runner.report.view import JOURNEY_STATUSES, SEVERITIES, JourneyRunView, journey_run_view
from runner.results import store

SCHEMA_VERSION = 1


def latest_json(run_id: str, runs: list[JourneyRunView], *, fail_on: str, generated_at: str) -> str:
    """The document for `runs` (each names its own run); `run_id` is the run that wrote it."""
    journeys = [
        {
            "id": run.journey_id,
            "name": run.name,
            "channel": run.channel,
            "run_id": run.run_id,
            "status": run.status,
            "score": run.score.value,
            "findings": dict(run.findings_by_severity),
            "result": f"runs/{run.run_id}/{run.stem}.json",
            "report": f"runs/{run.run_id}/{run.stem}.html",
            "attempt": run.attempt,
            "started_at": run.started_at_iso,
            "duration_ms": round(run.duration_ms) if run.duration_ms is not None else None,
        }
        for run in runs
    ]
    totals: dict[str, object] = {"journeys": len(runs)}
    for status in JOURNEY_STATUSES:
        totals[status] = sum(1 for run in runs if run.status == status)
    totals["findings"] = {
        severity: sum(run.findings_by_severity[severity] for run in runs) for severity in SEVERITIES
    }
    scores = [run.score.value for run in runs if run.score.value is not None]
    # The mean over measured journeys only: an `error` run is not a zero, nor a 100.
    totals["mean_score"] = round(sum(scores) / len(scores), 1) if scores else None
    totals["at_or_above_fail_on"] = sum(1 for run in runs if run.findings_at_or_above(fail_on))
    document = {
        "schema_version": SCHEMA_VERSION,
        "run_id": run_id,
        "generated_at": generated_at,
        "generated_by": f"mystery-shopper {__version__}",
        "fail_on": fail_on,
        "journeys": journeys,
        "totals": totals,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def folder_latest(out_dir: Path) -> list[JourneyRunView]:
    """Every journey of the folder at its latest result (read from its result file; a file
    gone or unreadable since it was recorded is left out, the rest still reported)."""
    conn = store.connect(out_dir)
    try:
        rows = store.latest_per_journey(conn)
    finally:
        conn.close()
    views: list[JourneyRunView] = []
    for row in rows:
        path = out_dir / row["result_file"]
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            continue
        if isinstance(data, dict):
            views.append(journey_run_view(ResultFile(path=path, data=data), row["run_id"],
                                          out_dir))
    return sorted(views, key=lambda run: (run.journey_id, run.stem))


def write_latest(out_dir: Path, run_id: str | None = None, *, fail_on: str = "critical") -> Path:
    """Write `out_dir/latest.json` from the folder's history; `run_id` the run that writes it
    (default: the newest run among the journeys)."""
    out_dir = Path(out_dir)
    runs = folder_latest(out_dir)
    if run_id is None and runs:
        run_id = max(runs, key=lambda run: (run.started_at_iso or "", run.run_id)).run_id
    generated_at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    path = out_dir / "latest.json"
    write_text_atomic(path, latest_json(run_id or "", runs, fail_on=fail_on,
                                        generated_at=generated_at))
    return path
