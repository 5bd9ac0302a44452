"""What accessibility checking adds to a journey: axe-core's time per page state and per
journey, over the bundled journeys on the healthy demo site, and whether the steps' own
timings moved.

Each bundled journey is walked N times with `accessibility` on and N times off, interleaved.
Prints, from the runs with it on: axe's time per page state scanned (median and p95; target
under 300 ms a page), its time per journey and the page states scanned per journey; and the
median of each journey's summed step durations on and off (axe runs outside the timers, so
these should agree within the machine's noise). LCP, CLS and INP are read after every step
either way (one round trip each, shown as "vitals reads").

    .venv/bin/python bench/accessibility.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from runner.bundled import bundled_journeys  # noqa: E402
from runner.config import load_settings  # noqa: E402
from runner.demo import DemoSite  # noqa: E402
from runner.journey.load import load_journeys  # noqa: E402
from runner.mail.smtp_sink import SmtpSink  # noqa: E402
from runner.walk.browser import choose_browser, describe, launch  # noqa: E402
from runner.walk.engine import RunOptions, new_run_id, run_journey  # noqa: E402

JOURNEYS = ("contact_form", "refund", "chat")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def spread(values: list[float]) -> str:
    if not values:
        return "—"
    return f"median {statistics.median(values):6.1f} ms · p95 {p95(values):6.1f} ms " \
           f"(n={len(values)})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, SmtpSink(Path(tmp) / "maildir") as sink, \
            DemoSite(smtp=sink.address) as site, sync_playwright() as pw:
        folder = Path(tmp) / "journeys"
        folder.mkdir()
        (folder / "personas.yaml").write_text((bundled_journeys() / "personas.yaml").read_text())
        settings = load_settings(None, os.environ)
        settings.mailbox = f"smtp://{sink.address}"
        choice = choose_browser(pw)
        browser = launch(pw, choice)
        info = describe(browser, choice)
        per_page: list[float] = []
        injecting: list[float] = []  # putting axe-core into a document, its first scan only
        rescans: list[float] = []  # a later state of a document axe is already in
        per_journey: dict[str, list[float]] = {name: [] for name in JOURNEYS}
        pages: dict[str, list[int]] = {name: [] for name in JOURNEYS}
        steps_on: dict[str, list[float]] = {name: [] for name in JOURNEYS}
        steps_off: dict[str, list[float]] = {name: [] for name in JOURNEYS}
        not_measured = 0
        for run in range(args.runs):
            for name in JOURNEYS:
                for accessible in (run % 2 == 0, run % 2 != 0):  # alternate which goes first
                    site.reset()
                    text = (bundled_journeys() / f"{name}.yaml").read_text()
                    path = folder / f"{name}.yaml"
                    path.write_text(("" if accessible else "accessibility: false\n") + text)
                    loaded = load_journeys([path], settings, os.environ)
                    assert not loaded.errors, [str(e) for e in loaded.errors]
                    run_id = new_run_id()
                    options = RunOptions(run_id=run_id, run_dir=Path(tmp) / run_id,
                                         settings=settings, base_url=site.url, trace="off",
                                         mail_sinks={sink.address: sink.maildir_path})
                    result = run_journey(pw, browser, info, loaded.journeys[0], options)
                    assert result.status == "passed", (name, result.status, result.error)
                    steps = sum(s.duration_ms for s in result.steps if s.status != "skipped")
                    (steps_on if accessible else steps_off)[name].append(steps)
                    if not accessible:
                        continue
                    scans = [scan for step in result.steps
                             for scan in step.observed.get("accessibility", [])
                             if "violations" in scan or "not_measured" in scan]
                    not_measured += sum(1 for scan in scans if scan.get("not_measured"))
                    per_page.extend(scan["duration_ms"] for scan in scans)
                    injecting.extend(scan["inject_ms"] for scan in scans if "inject_ms" in scan)
                    rescans.extend(scan["duration_ms"] for scan in scans
                                   if "inject_ms" not in scan)
                    per_journey[name].append(sum(scan["duration_ms"] for scan in scans))
                    pages[name].append(len(scans))
        browser.close()
    print(f"axe-core {_axe_version()} on the healthy demo, {args.runs} runs of each bundled "
          "journey with accessibility on and off\n")
    print(f"per page state scanned:  {spread(per_page)}   (target: under 300 ms)")
    print(f"  of which injecting:    {spread(injecting)}   (once per document)")
    print(f"  a state axe is in:     {spread(rescans)}")
    every = [ms for values in per_journey.values() for ms in values]
    print(f"per journey (all):       {spread(every)}")
    for name in JOURNEYS:
        print(f"  {name:<13}          {spread(per_journey[name])}, "
              f"{statistics.median(pages[name]):.0f} page states scanned")
    print(f"scans not measured:      {not_measured}")
    print("\nsteps' own durations, summed per journey (median; axe runs outside the timers):")
    for name in JOURNEYS:
        on, off = statistics.median(steps_on[name]), statistics.median(steps_off[name])
        print(f"  {name:<13} on {on:7.1f} ms · off {off:7.1f} ms · difference {on - off:+6.1f} ms")
    return 0


def _axe_version() -> str:
    from axe_playwright_python.base import AXE_SCRIPT

    first = AXE_SCRIPT.split("\n", 1)[0]
    return first.replace("/*! axe", "").strip() or "?"


if __name__ == "__main__":
    sys.exit(main())
