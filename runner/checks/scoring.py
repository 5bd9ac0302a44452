"""The journey score: 100 when nothing was found, minus points per finding by severity.

    score = max(0, 100 − 40·critical − 15·major − 5·minor − 1·info)

A critical finding (the customer could not finish) costs the most; a run in `error` was not
measured at all and has no score (never 100).
"""

from __future__ import annotations

from runner.results.model import RunResult

POINTS = {"critical": 40, "major": 15, "minor": 5, "info": 1}


def score(result: RunResult) -> dict | None:
    if result.status == "error":
        return None
    breakdown = [{"code": f.code, "severity": f.severity, "points": -POINTS[f.severity]}
                 for f in result.findings]
    value = max(0, 100 + sum(item["points"] for item in breakdown))
    return {"value": value, "breakdown": breakdown,
            "formula": "100 - 40 per critical - 15 per major - 5 per minor - 1 per info, "
                       "at least 0"}
