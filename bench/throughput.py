"""How many journeys an hour of night buys: workers 1, workers 4, and a naive runner.

Walks the bundled demo journeys (contact form, refund, chat) against the bundled demo site,
24 journey runs per mode, all in one process run so the modes share the machine's state:

  workers 1   `shopper run --workers 1`'s own path (run_all), one worker process
  workers 4   the same with four worker processes
  naive       what a hand-written script does: a new browser per journey, one at a time

and prints journeys per minute, the ratios, and the tool's own overhead per journey: the
wall time per journey (workers 1) minus the walk as the customer lived it (the steps' own
durations: pages loading, the site answering, acknowledgements, replies and emails arriving,
and the customer's typing and clicking, which Playwright does as fast as the page allows;
and, beside them, the answers to an action's requests that changed nothing on screen but
were waited for: `observed.answers_waited_ms`).
What is left is the tool's: starting the worker and browser, a context per journey, reading
the page around each action, waiting for it to settle, judging, writing results and history.
The stricter figure (minus only the waiting steps) is printed too, and the machine's CPU
time per journey (every process, the browser's included, read from /proc/stat: run it on an
otherwise quiet machine), which bounds what more workers can gain on these cores.

    .venv/bin/python bench/throughput.py [--runs 24]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from runner.bundled import bundled_journeys  # noqa: E402
from runner.checks import CheckContext  # noqa: E402
from runner.config import load_settings  # noqa: E402
from runner.demo import DemoSite  # noqa: E402
from runner.journey.load import discover, load_journeys  # noqa: E402
from runner.journey.model import WAITING_ACTIONS  # noqa: E402
from runner.mail.smtp_sink import SmtpSink  # noqa: E402
from runner.nightly.pool import BrowserRequest, Plan, run_all  # noqa: E402
from runner.nightly.shop import shop  # noqa: E402
from runner.patterns import Patterns  # noqa: E402
from runner.results.model import RunResult, write_result  # noqa: E402
from runner.walk.browser import choose_browser, describe, launch  # noqa: E402
from runner.walk.engine import RunOptions, new_run_id  # noqa: E402


def site_wait_ms(result: RunResult) -> float:
    """What the site made the customer wait: the waiting steps, as timed in the page."""
    return sum(step.duration_ms or 0.0 for step in result.steps
               if step.action in WAITING_ACTIONS)


def walk_time_ms(result: RunResult) -> float:
    """The walk as the customer lived it, and as the site held it: the steps' durations,
    and the answers to a step's requests that the walk waited for after the page had
    shown everything (the site's time, recorded beside the step's duration)."""
    return sum((step.duration_ms or 0.0) + step.observed.get("answers_waited_ms", 0.0)
               for step in result.steps)


def machine_busy_s() -> float:
    """CPU seconds the whole machine has spent busy so far (all cores, every process: the
    browser's renderers too, which no rusage of ours would count)."""
    with open("/proc/stat", encoding="ascii") as stat:
        ticks = [int(v) for v in stat.readline().split()[1:]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")  # minus idle, iowait


def pooled(journeys, options_for, workers: int, repeat: int
           ) -> tuple[float, float, list[RunResult]]:
    options = options_for()
    busy, began = machine_busy_s(), time.perf_counter()
    outcome = run_all(journeys, options, BrowserRequest(),
                      plan=Plan(workers=workers, repeat=repeat))
    return time.perf_counter() - began, machine_busy_s() - busy, outcome.results


def naive(journeys, options_for, repeat: int) -> tuple[float, float, list[RunResult]]:
    """A new browser for every journey, one after another (what most scripts do)."""
    results: list[RunResult] = []
    options = options_for()
    busy, began = machine_busy_s(), time.perf_counter()
    with sync_playwright() as pw:
        choice = choose_browser(pw)
        for n in range(1, repeat + 1):
            for journey in journeys:
                browser = launch(pw, choice)
                walk = RunOptions(**{**options.__dict__, "repeat_index": n})
                context = CheckContext(Patterns.from_settings(options.settings.patterns))
                result = shop(pw, browser, describe(browser, choice), journey, walk, context)
                write_result(options.run_dir, result, repeat_index=n)
                results.append(result)
                browser.close()
    return time.perf_counter() - began, machine_busy_s() - busy, results


def summary(name: str, seconds: float, cpu_s: float, results: list[RunResult]) -> dict:
    statuses = {r.status for r in results}
    per_journey = seconds / len(results)
    waits = [site_wait_ms(r) for r in results]
    return {"name": name, "seconds": seconds, "runs": len(results),
            "per_minute": 60.0 * len(results) / seconds, "per_journey_ms": per_journey * 1000,
            "cpu_ms": 1000.0 * cpu_s / len(results),
            "site_wait_ms": statistics.mean(waits),
            "walk_ms": statistics.mean(walk_time_ms(r) for r in results),
            "statuses": ",".join(sorted(statuses))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=24, help="journey runs per mode")
    parser.add_argument("--accessibility", choices=("on", "off"),
                        help="the tool's accessibility setting (default: its own default, on)")
    args = parser.parse_args()
    folder = bundled_journeys()
    with tempfile.TemporaryDirectory() as tmp, SmtpSink(Path(tmp) / "mail") as sink, \
            DemoSite(smtp=sink.address) as site:
        settings = load_settings(None, os.environ)
        settings.mailbox = f"smtp://{sink.address}"
        if args.accessibility:
            settings.accessibility = args.accessibility == "on"
        loaded = load_journeys(discover([folder]), settings, os.environ,
                               secrets_required=True)
        journeys = loaded.journeys
        repeat = max(1, round(args.runs / len(journeys)))
        out = Path(tmp) / "reports"

        def options_for() -> RunOptions:
            run_id = new_run_id()
            time.sleep(1.1)  # run ids are per second: keep each mode in its own folder
            return RunOptions(run_id=run_id, run_dir=out / "runs" / run_id, settings=settings,
                              base_url=site.url,
                              mail_sinks={sink.address: sink.maildir_path})

        print(f"{len(journeys) * repeat} journey runs per mode ({', '.join(j.id for j in journeys)}"
              f" × {repeat}), demo site {site.url}, {os.cpu_count()} cores", flush=True)
        rows = [summary("workers 1", *pooled(journeys, options_for, 1, repeat)),
                summary("workers 4", *pooled(journeys, options_for, 4, repeat)),
                summary("naive", *naive(journeys, options_for, repeat))]
    print(f"\n{'mode':<10} {'runs':>4} {'wall s':>7} {'journeys/min':>13} {'per journey':>12}"
          f" {'site wait':>10} {'CPU':>8}  statuses")
    for row in rows:
        print(f"{row['name']:<10} {row['runs']:>4} {row['seconds']:>7.1f} "
              f"{row['per_minute']:>13.1f} {row['per_journey_ms']:>9.0f} ms "
              f"{row['site_wait_ms']:>7.0f} ms {row['cpu_ms']:>5.0f} ms  {row['statuses']}")
    one, four, plain = rows
    print(f"\nworkers 4 / workers 1: {four['per_minute'] / one['per_minute']:.2f}×  "
          f"(target ≥ 1.8×)")
    print(f"workers 1 / naive:     {one['per_minute'] / plain['per_minute']:.2f}×")
    print(f"CPU per journey: the machine's busy time over the mode / runs, all processes "
          f"({os.cpu_count()} cores: workers 4 cannot beat {os.cpu_count()} × wall / CPU = "
          f"{os.cpu_count() * one['per_journey_ms'] / four['cpu_ms']:.2f}× workers 1)")
    overhead = one["per_journey_ms"] - one["walk_ms"]
    print(f"overhead per journey (workers 1): {overhead:.0f} ms = wall per journey "
          f"{one['per_journey_ms']:.0f} ms − the walk as lived {one['walk_ms']:.0f} ms "
          f"(target < 150 ms)")
    print(f"  stricter: wall − waiting steps only ({one['site_wait_ms']:.0f} ms) = "
          f"{one['per_journey_ms'] - one['site_wait_ms']:.0f} ms (counts page loads and "
          f"the customer's typing as the tool's)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
