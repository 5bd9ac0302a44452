"""The journey score: 100 when nothing was found, minus points per finding by severity.

A journey the customer got to the end of (no critical finding):

    score = max(0, 100 − 40·critical − 15·major − 5·minor − 1·info)

A journey that could not finish (at least one critical finding) is capped:

    score = max(0, min(40, 100 − 40·critical))

Its other findings are listed in the breakdown at 0 points and take nothing off. A journey
stops at its first critical finding and nothing after the stop is judged, so a run that
stopped early was judged for less than a run that got further: if those findings counted,
an HTTP 500 at the submit (100 − 40 − 5 = 55) would score better than the same journey
getting past the submit and meeting a dead end at the e-mail link (100 − 40 − 5 − 5 = 50).
With the cap both score 40: stopping early never scores better than getting further, and a
journey that could not finish never scores above 40, whatever else was or was not judged
(README).

A run in `error` was not measured at all and has no score (never 100).
"""

from __future__ import annotations

from runner.results.model import RunResult

POINTS = {"critical": 40, "major": 15, "minor": 5, "info": 1}
COULD_NOT_FINISH_CAP = 40
FORMULA = ("100 - 40 per critical - 15 per major - 5 per minor - 1 per info, at least 0; "
           "a journey that could not finish (a critical finding) scores at most 40 and its "
           "other findings take nothing off")
# What else a journey that stopped met is listed, but a shorter run never reached it.
NOT_COUNTED = "not counted: the journey could not finish"


def score(result: RunResult) -> dict | None:
    if result.status == "error":
        return None
    could_not_finish = any(f.severity == "critical" for f in result.findings)
    breakdown = []
    for f in result.findings:
        item = {"code": f.code, "severity": f.severity, "points": -POINTS[f.severity]}
        if could_not_finish and f.severity != "critical":
            item = {**item, "points": 0, "note": NOT_COUNTED}
        breakdown.append(item)
    value = max(0, 100 + sum(item["points"] for item in breakdown))
    scored = {"value": value, "breakdown": breakdown, "formula": FORMULA}
    if could_not_finish:
        scored["value"] = min(value, COULD_NOT_FINISH_CAP)
        scored["cap"] = {"at": COULD_NOT_FINISH_CAP, "before_cap": value,
                         "reason": "the journey could not finish (a critical finding)"}
    return scored
