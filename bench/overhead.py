"""Where the tool's own time goes in one journey run: a breakdown of the overhead.

bench/throughput.py says how much overhead there is (wall time per journey minus the walk as
the customer lived it); this says where it comes from. It walks the bundled demo journeys
the way a worker does (one browser, `shop()` per journey) in this process, with a stopwatch
around each piece of the tool's own work, and prints milliseconds per journey run:

  tab            a fresh context and tab with the probe, the X-Mystery-Shopper route and
                 tracing started (opened ahead while an earlier journey waited for the
                 site, as in a worker, or at its end), and waiting for a tab's opening to
                 finish before a customer action
  wiring         the page's listeners for the journey's session
  before         the page read just before each customer action, in the same round trip
                 the probe told "what is visible now is not new"
  page reads     the page read after each customer action that did not settle (as a
                 `fill`, which does not wait), the form a `fill` filled
  settling       from the last change the action caused until the tool calls it settled
  landing        reading the page an action landed on (error page, sign-in, rejection)
  closing        stopping the trace, closing the context (in a worker only sent: the
                 rest is waited for with the next tab, before its first action)
  judging        the earlier runs read back and the checks
  result         the result turned into JSON (what the worker sends the parent)

Settling is counted from the action's end as the step records it (its last DOM change or
its page load), so it is only the quiet the tool waits for beyond that (and beyond the
answers to the action's requests it waited for, which are the site's time: the walk, as in
bench/throughput.py).

    .venv/bin/python bench/overhead.py [--runs 24]
"""

from __future__ import annotations

import argparse
import collections
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import sync_playwright
from playwright.sync_api._generated import BrowserContext

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from throughput import walk_time_ms  # noqa: E402 - the walk as throughput.py counts it

import runner.nightly.shop as shop_module  # noqa: E402
import runner.walk.engine as engine  # noqa: E402
from runner.bundled import bundled_journeys  # noqa: E402
from runner.checks import CheckContext  # noqa: E402
from runner.config import load_settings  # noqa: E402
from runner.demo import DemoSite  # noqa: E402
from runner.journey.load import discover, load_journeys  # noqa: E402
from runner.mail.smtp_sink import SmtpSink  # noqa: E402
from runner.nightly.worker import TABS_AHEAD  # noqa: E402
from runner.patterns import Patterns  # noqa: E402
from runner.results.model import write_result  # noqa: E402
from runner.walk.browser import choose_browser, describe, launch  # noqa: E402
from runner.walk.engine import PROBE_BINDING, PROBE_JS, RunOptions, new_run_id  # noqa: E402
from runner.walk.session import Session  # noqa: E402
from runner.walk.tabs import Tabs  # noqa: E402

PHASES = ("tab", "wiring", "before", "page reads", "settling", "landing",
          "closing", "judging", "result")
spent: collections.Counter[str] = collections.Counter()


def timed(phase: str, function: Callable) -> Callable:
    def wrapper(*args, **kwargs):
        began = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[phase] += (time.perf_counter() - began) * 1000.0
    return wrapper


def instrument() -> None:
    Tabs.open = timed("tab", Tabs.open)
    Tabs.finish_opening = timed("tab", Tabs.finish_opening)  # a wait too short to hide it
    Session.attach = timed("wiring", Session.attach)
    Session._look_before = timed("before", Session._look_before)
    Session.snapshot = timed("page reads", Session.snapshot)
    Session.form_of = timed("page reads", Session.form_of)
    engine._keep_trace = timed("closing", engine._keep_trace)
    BrowserContext.close = timed("closing", BrowserContext.close)
    Tabs.retire = timed("closing", Tabs.retire)
    shop_module.earlier_runs = timed("judging", shop_module.earlier_runs)
    shop_module.judge = timed("judging", shop_module.judge)

    settle = Session.settle

    def settle_beyond_the_change(self, step, started):
        ended = settle(self, step, started)
        beyond = (time.perf_counter() - ended) * 1000.0 - self.answers_waited_ms
        spent["settling"] += max(0.0, beyond)
        return ended
    Session.settle = settle_beyond_the_change

    make_judge = shop_module.landing_judge
    shop_module.landing_judge = lambda patterns: timed("landing", make_judge(patterns))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=24, help="journey runs to time")
    args = parser.parse_args()
    instrument()
    with tempfile.TemporaryDirectory() as tmp, SmtpSink(Path(tmp) / "mail") as sink, \
            DemoSite(smtp=sink.address) as site, sync_playwright() as pw:
        settings = load_settings(None, os.environ)
        settings.mailbox = f"smtp://{sink.address}"
        journeys = load_journeys(discover([bundled_journeys()]), settings, os.environ,
                                 secrets_required=True).journeys
        run_id = new_run_id()
        options = RunOptions(run_id=run_id, run_dir=Path(tmp) / "reports" / "runs" / run_id,
                             settings=settings, base_url=site.url,
                             mail_sinks={sink.address: sink.maildir_path})
        choice = choose_browser(pw)
        browser = launch(pw, choice)
        info = describe(browser, choice)
        context = CheckContext(Patterns.from_settings(settings.patterns))
        tabs = Tabs(browser, PROBE_JS, PROBE_BINDING, ahead=TABS_AHEAD)  # as a worker has it
        rows = []
        repeat = max(1, round(args.runs / len(journeys)))
        for n in range(1, repeat + 2):  # the first round warms caches and is not counted
            for journey in journeys:
                spent.clear()
                walk = RunOptions(**{**options.__dict__, "repeat_index": n,
                                     "landing_judge": None})
                began = time.perf_counter()
                result = shop_module.shop(pw, browser, info, journey, walk, context, tabs)
                timed("result", result.to_json)()
                wall = (time.perf_counter() - began) * 1000.0
                write_result(walk.run_dir, result, repeat_index=n)
                if n > 1:
                    walked = walk_time_ms(result)
                    rows.append((journey.id, result.status, wall, walked, dict(spent),
                                 sum(1 for s in journey.steps if s.is_customer_action)))
        tabs.close()  # first, as a worker does: a tab still opening can hang the browser's close
        browser.close()

    print(f"{len(rows)} journey runs (after one warm-up round), one browser, in-process\n")
    print(f"{'':<12}" + "".join(f"{name:>11}" for name in ("wall", "walk", "outside"))
          + "   statuses")
    for journey_id in sorted({row[0] for row in rows}):
        mine = [row for row in rows if row[0] == journey_id]
        wall = statistics.mean(r[2] for r in mine)
        walk = statistics.mean(r[3] for r in mine)
        print(f"{journey_id:<12}{wall:>8.0f} ms{walk:>8.0f} ms{wall - walk:>8.0f} ms   "
              f"{','.join(sorted({r[1] for r in mine}))} "
              f"({mine[0][5]} customer actions)")
    wall = statistics.mean(r[2] for r in rows)
    walk = statistics.mean(r[3] for r in rows)
    print(f"{'all':<12}{wall:>8.0f} ms{walk:>8.0f} ms{wall - walk:>8.0f} ms\n")
    ids = sorted({row[0] for row in rows})
    print("the tool's own time per journey run, mean ms (median of all in brackets):")
    print(f"  {'':<12}" + "".join(f"{name:>14}" for name in ids) + f"{'all':>10}")
    accounted = 0.0
    for phase in PHASES:
        values = [r[4].get(phase, 0.0) for r in rows]
        accounted += statistics.mean(values)
        each = "".join(f"{statistics.mean(r[4].get(phase, 0.0) for r in rows if r[0] == i):>14.1f}"
                       for i in ids)
        print(f"  {phase:<12}{each}{statistics.mean(values):>10.1f}  "
              f"({statistics.median(values):.1f})")
    print(f"  {'accounted':<12}{'':>{14 * len(ids)}}{accounted:>10.1f} of {wall - walk:.1f} ms "
          f"outside the walk (steps' durations, answers waited for)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
