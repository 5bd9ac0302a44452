"""What one call to the browser costs the machine, by process: the unit of the tool's overhead.

Every time the tool reads the page (what it shows before an action, whether it has settled,
the chat's messages, the vitals) it makes one round trip: Python → Playwright's driver →
the browser → the page's renderer, and back. bench/cpu.py counts them a journey; this prices
one. Calls, each repeated on a small page in one warm tab, their kinds alternated in rounds:

  read               the tool's own read (an internal, untraced `evaluate`, as
                     runner/walk/untraced.py makes it)
  read, traced       the same as a public call while the context traces (as the customer's
                     actions are: the trace records each one)
  devtools read      the same expression sent as `Runtime.evaluate` through a DevTools
                     session: what a read costs without Playwright's evaluate around it
  trace group        a step's group opened and closed in the trace (no browser involved)
  tab                a journey's tab and context opened on a blank page and closed
  tab, traced        the same, its light trace started and stopped (thrown away, as a
                     passing journey's is): what tracing costs a journey before its actions

Printed: CPU per call (median over the rounds) for the whole tree and per process kind. A
tab costs ~50 times a read, so it is opened a fiftieth as often.

    .venv/bin/python bench/round_trip.py [--calls 400] [--rounds 4] [--browser shell|full]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench.cpu as cpu  # noqa: E402
from runner.walk import untraced  # noqa: E402
from runner.walk.browser import BrowserChoice, launch  # noqa: E402

KINDS = ["python", "driver", "browser", "renderer"]
READ = "() => document.body.childElementCount"
TABS_A_CALL = 50  # a tab is opened once for every 50 reads


def tab(browser: Browser, traced: bool) -> None:
    context = browser.new_context()
    context.new_page()
    if traced:
        context.tracing.start(screenshots=False, snapshots=False)
        context.tracing.stop()
    context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=400, help="calls a kind per round")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--browser", choices=("shell", "full"), default="shell")
    args = parser.parse_args()
    with sync_playwright() as pw:
        browser = launch(pw, BrowserChoice("chromium", cpu.BROWSERS[args.browser], None,
                                           args.browser))
        plain = browser.new_context()
        page = plain.new_page()
        page.set_content("<main><p>Thank you, we received your message.</p></main>")
        traced = browser.new_context()
        traced_page = traced.new_page()
        traced_page.set_content("<main><p>Thank you, we received your message.</p></main>")
        traced.tracing.start(screenshots=False, snapshots=False)
        devtools = untraced.new_cdp_session(plain, page)
        calls: dict[str, Callable[[], object]] = {
            "read": lambda: untraced.evaluate(page, READ),
            "read, traced": lambda: traced_page.evaluate(READ),
            "devtools read": lambda: untraced.send(devtools, "Runtime.evaluate", {
                "expression": f"({READ})()", "returnByValue": True, "awaitPromise": True}),
            "trace group": lambda: (untraced.group(traced.tracing, "1. a step",
                                                   {"file": "journey.yaml", "line": 1}),
                                    untraced.group_end(traced.tracing)),
            "tab": lambda: tab(browser, traced=False),
            "tab, traced": lambda: tab(browser, traced=True),
        }
        times = {name: max(1, args.calls // TABS_A_CALL) if name.startswith("tab")
                 else args.calls for name in calls}
        spent: dict[str, dict[str, list[float]]] = {
            name: defaultdict(list) for name in calls}
        for name, call in calls.items():  # warm: the page's scripts compiled, the driver's paths
            for _ in range(max(2, times[name] // 20)):
                call()
        for n in range(args.rounds):
            order = list(calls.items())
            for name, call in order if n % 2 else reversed(order):
                before = cpu.tree_cpu(os.getpid(), set())
                for _ in range(times[name]):
                    call()
                used = cpu.spent(before, cpu.tree_cpu(os.getpid(), set()))
                spent[name]["all"].append(sum(used.values()) * 1000 / times[name])
                for kind in KINDS:
                    spent[name][kind].append(used.get(kind, 0.0) * 1000 / times[name])
        traced.tracing.stop()
        browser.close()
    print(f"{args.calls} calls a kind ({times['tab']} tabs) × {args.rounds} rounds, "
          f"{args.browser}, {os.cpu_count()} cores; CPU per call (ms, median of the rounds)")
    print(f"{'call':<16}{'all':>7}" + "".join(f"{kind:>10}" for kind in KINDS))
    for name, by_kind in spent.items():
        print(f"{name:<16}{statistics.median(by_kind['all']):>7.2f}" +
              "".join(f"{statistics.median(by_kind[kind]):>10.2f}" for kind in KINDS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
