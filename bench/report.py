"""How long the reports take as the history grows: the executive page must stay flat.

Synthesises ~10,000 journey runs (30 journeys x 333 nights, with findings) straight into
`history.sqlite` with `store.record`, plus the result files of the nights whose pages are
rendered, then prints:
  - the executive page's render time at 1,000 and at 10,000 runs,
  - `render_run` after one more nightly run of 30 journeys (incremental),
  - `render_all` (everything).

    .venv/bin/python bench/report.py [--nights 333] [--journeys 30] [--all-files]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from runner.report.render import render_all, render_executive, render_run
from runner.results import store

CHANNELS = ("contact-form", "chat", "refund", "email")
WAITING = {"contact-form": ("expect_ack", "ack_ms"), "chat": ("expect_reply", "reply_ms"),
           "refund": ("expect_email", "email_ms"), "email": ("expect_email", "email_ms")}
FINDINGS = [
    ("slow-acknowledgement", "friction", "major", 10_000, "Overcommunicate."),
    ("missing-email", "missing-ack", "critical", None, "Close the loop."),
    ("no-response-promise", "missing-ack", "minor", None, "Say what happens next."),
    ("slow-step", "friction", "minor", 3_000, "Respect the customer's time."),
    ("dead-end", "dead-end", "critical", None, "Never leave a customer with nowhere to go."),
]
POINTS = {"critical": 40, "major": 15, "minor": 5, "info": 0}


def night_id(night: int) -> str:
    moment = datetime(2026, 1, 1, 2, tzinfo=UTC) + timedelta(days=night)
    return moment.strftime("%Y%m%dt%H%M%Sz") + f"-{night:04x}"


def result(journey: int, night: int, rng: random.Random) -> dict:
    channel = CHANNELS[journey % len(CHANNELS)]
    action, waited_key = WAITING[channel]
    run_id = night_id(night)
    started = datetime(2026, 1, 1, 2, tzinfo=UTC) + timedelta(days=night, seconds=journey * 7)
    status = "error" if rng.random() < 0.01 else "failed" if rng.random() < 0.05 else "passed"
    waited = rng.lognormvariate(8.3, 0.6)  # ~4 s, sometimes far more
    steps = [
        {"index": 0, "name": "goto /", "action": "goto", "status": "passed",
         "duration_ms": rng.uniform(150, 900), "measured": {"http_status": 200}},
        {"index": 1, "name": "Fill the form", "action": "fill", "status": "passed",
         "duration_ms": rng.uniform(80, 300), "measured": {}},
        {"index": 2, "name": "Send", "action": "click", "status": "passed",
         "duration_ms": rng.uniform(100, 2500), "measured": {}},
        {"index": 3, "name": "Answer", "action": action, "status": "passed",
         "duration_ms": waited + 50,
         "measured": {waited_key: round(waited, 1), "budget_ms": 10_000}},
    ]
    findings = []
    if status != "error":
        for code, category, severity, budget, principle in FINDINGS:
            if rng.random() < 0.12 + 0.1 * (journey % 3):
                measured = (waited if budget == 10_000
                            else rng.uniform(3_000, 9_000) if budget else None)
                if code == "slow-acknowledgement" and waited <= 10_000:
                    continue
                findings.append({
                    "code": code, "category": category, "severity": severity,
                    "step": {"index": 3, "name": "Answer"}, "message": f"{code} seen",
                    "measured": measured, "budget": budget, "unit": "ms" if budget else None,
                    "evidence": {}, "principle": principle})
    score = None if status == "error" else {
        "value": max(0, 100 - sum(POINTS[f["severity"]] for f in findings)), "breakdown": []}
    return {
        "schema_version": 1, "run_id": run_id,
        "journey": {"id": f"journey_{journey:02d}", "name": f"Journey {journey:02d}",
                    "channel": channel, "file": f"journeys/journey_{journey:02d}.yaml"},
        "persona": {"id": "ann", "name": "Ann Example"},
        "journey_run_id": f"j{journey:02d}-{run_id}", "attempt": 1,
        "started_at": started.isoformat().replace("+00:00", "Z"),
        "finished_at": (started + timedelta(seconds=8)).isoformat().replace("+00:00", "Z"),
        "status": status, "browser": {"name": "chromium", "version": "156"},
        "steps": steps, "transcript": [], "emails": [], "findings": findings, "score": score,
        "error": "connection refused" if status == "error" else None,
        "artifacts": {"trace": None, "screenshots": []},
    }


def record_night(conn, out: Path, night: int, journeys: int, rng: random.Random,
                 *, write_files: bool) -> int:
    for journey in range(journeys):
        data = result(journey, night, rng)
        relative = f"runs/{data['run_id']}/{data['journey']['id']}.json"
        if write_files:
            path = out / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(data), encoding="utf-8")
        store.record(conn, data, relative)
    return journeys


def time_executive(out: Path, run_id: str, repeat: int = 5) -> float:
    conn = store.connect(out)
    try:
        render_executive(out, conn, run_id)  # warm: templates compiled, pages cached
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            render_executive(out, conn, run_id)
            times.append(time.perf_counter() - started)
    finally:
        conn.close()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nights", type=int, default=333)
    parser.add_argument("--journeys", type=int, default=30)
    parser.add_argument("--all-files", action="store_true",
                        help="write every night's result files, so render_all re-renders "
                             "every run page (as a real folder would), not only the latest")
    args = parser.parse_args()
    rng = random.Random(20261122)
    with tempfile.TemporaryDirectory(prefix="shopper-bench-report-") as tmp:
        out = Path(tmp) / "reports"
        conn = store.connect(out)
        conn.execute("PRAGMA synchronous = OFF")  # synthesis speed only; reads are unaffected
        runs = 0
        first_mark = max(1, -(-1000 // args.journeys))  # ceil: at least 1,000 runs
        started = time.perf_counter()
        for night in range(first_mark):
            runs += record_night(conn, out, night, args.journeys, rng,
                                 write_files=args.all_files or night == first_mark - 1)
        conn.close()
        at_1000 = time_executive(out, night_id(first_mark - 1))
        print(f"executive page at {runs:>6,} runs: {at_1000 * 1000:7.1f} ms (median of 5)")
        conn = store.connect(out)
        conn.execute("PRAGMA synchronous = OFF")
        for night in range(first_mark, args.nights):
            runs += record_night(conn, out, night, args.journeys, rng,
                                 write_files=args.all_files or night == args.nights - 1)
        conn.close()
        synthesis = time.perf_counter() - started
        at_10000 = time_executive(out, night_id(args.nights - 1))
        print(f"executive page at {runs:>6,} runs: {at_10000 * 1000:7.1f} ms (median of 5)")
        print(f"  (history synthesised in {synthesis:.1f} s)")

        conn = store.connect(out)
        runs += record_night(conn, out, args.nights, args.journeys, rng, write_files=True)
        conn.close()
        started = time.perf_counter()
        render_run(out, night_id(args.nights))
        incremental = time.perf_counter() - started
        pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
        print(f"incremental render_run after one more night ({args.journeys} journeys, "
              f"{runs:,} runs in history): {incremental * 1000:7.1f} ms")
        started = time.perf_counter()
        render_all(out)
        full = time.perf_counter() - started
        total = len(list(out.rglob("*.html")))
        print(f"full render_all ({total} pages; run pages exist only for the "
              f"{len(list((out / 'runs').glob('*/index.html')))} runs with result files): "
              f"{full * 1000:7.1f} ms")
        print(f"  pages after the incremental render: {len(pages)}")


if __name__ == "__main__":
    main()
