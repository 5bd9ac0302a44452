"""Consistency: does the customer get the same service every time?

Over the journey's last 10 runs in the same history (this one included), a journey is
`inconsistent` when its outcome changed at least twice, or when one step's times spread
wider (interquartile range) than their median. With fewer than 5 runs nothing is judged, and
the result says so (`consistency.enough` is false). Runs walked on a busy runner are left
out: their times are the runner's queue, not the site's (runner/walk/runner_health.py).
"""

from __future__ import annotations

import statistics

from runner.checks.registry import CheckContext, check, finding
from runner.results.model import Finding, RunResult

WINDOW = 10
NEEDED = 5
TIMES = ("ack_ms", "reply_ms", "email_ms")  # a waiting step is judged by what it waited for


def outcome_of(run: dict) -> tuple:
    codes = sorted({f["code"] for f in run.get("findings", []) if f["code"] != "inconsistent"})
    return run.get("status"), tuple(codes)


def step_times(run: dict) -> dict[str, float]:
    times = {}
    for step in run.get("steps", []):
        if step.get("status") != "passed":
            continue
        measured = step.get("measured") or {}
        value = next((measured[k] for k in TIMES if measured.get(k) is not None),
                     step.get("duration_ms"))
        if value is not None:
            times[f"{step['index']}:{step['name']}"] = float(value)
    return times


def on_a_busy_runner(run: dict) -> bool:
    return bool((run.get("runner_health") or {}).get("busy"))


def summary(result: RunResult, history: list[dict]) -> dict:
    every = history + [result.to_json()]
    runs = [run for run in every if not on_a_busy_runner(run)][-WINDOW:]
    if not runs:
        return {"runs": 0, "needed": NEEDED, "enough": False, "outcome_changes": 0,
                "steps": {}, "busy_runs_left_out": len(every)}
    outcomes = [outcome_of(run) for run in runs]
    changes = sum(1 for a, b in zip(outcomes, outcomes[1:], strict=False) if a != b)
    spreads = {}
    for key in step_times(runs[-1]):
        values = [t[key] for t in map(step_times, runs) if key in t]
        if len(values) >= NEEDED:
            q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
            spreads[key] = {"median": round(statistics.median(values), 1),
                            "iqr": round(q3 - q1, 1), "runs": len(values)}
    return {"runs": len(runs), "needed": NEEDED, "enough": len(runs) >= NEEDED,
            "outcome_changes": changes, "steps": spreads,
            "busy_runs_left_out": len(every) - len([r for r in every
                                                     if not on_a_busy_runner(r)])}


@check("consistency")
def consistency(result: RunResult, context: CheckContext) -> list[Finding]:
    seen = summary(result, context.history)
    result.consistency = seen
    if not seen["enough"] or on_a_busy_runner({"runner_health": result.runner_health}):
        return []
    found = []
    if seen["outcome_changes"] >= 2:
        found.append(finding(
            "inconsistent", f"Over the last {seen['runs']} runs the outcome changed "
            f"{seen['outcome_changes']} times: customers get different service on different "
            f"nights.", measured=seen["outcome_changes"], unit="changes"))
    for key, spread in seen["steps"].items():
        if spread["iqr"] > spread["median"]:
            name = key.split(":", 1)[1]
            found.append(finding(
                "inconsistent", f"“{name}” varies more than it takes: its middle half of times "
                f"spans {spread['iqr']:.0f} ms around a median of {spread['median']:.0f} ms "
                f"over {spread['runs']} runs.", measured=spread["iqr"], budget=spread["median"],
                unit="ms", step={"index": int(key.split(":", 1)[0]), "name": name}))
    return found
