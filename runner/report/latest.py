"""latest.json: the latest run in a shape a script can read without parsing HTML (SPEC §6)."""

from __future__ import annotations

import json

from runner import __version__
from runner.report.view import JOURNEY_STATUSES, SEVERITIES, JourneyRunView

SCHEMA_VERSION = 1


def latest_json(run_id: str, runs: list[JourneyRunView], *, fail_on: str, generated_at: str) -> str:
    journeys = [
        {
            "id": run.journey_id,
            "name": run.name,
            "channel": run.channel,
            "status": run.status,
            "score": run.score.value,
            "findings": dict(run.findings_by_severity),
            "result": f"runs/{run_id}/{run.stem}.json",
            "report": f"runs/{run_id}/{run.stem}.html",
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
