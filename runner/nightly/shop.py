"""One journey, walked and judged: the way a journey becomes a judged result.

Shared by the worker processes of `shopper run` and the scheduler, and by the pytest plugin.
Nothing is written here; the pool writes the file and the history row.
"""

from __future__ import annotations

from playwright.sync_api import Browser, Playwright

from runner.checks import CheckContext, judge
from runner.checks.landing import landing_judge
from runner.journey.model import Journey
from runner.results.earlier_runs import earlier_runs
from runner.results.model import RunResult
from runner.walk.browser import BrowserInfo
from runner.walk.engine import RunOptions, run_journey
from runner.walk.tabs import Tabs


def shop(pw: Playwright, browser: Browser, info: BrowserInfo, journey: Journey,
         options: RunOptions, context: CheckContext, tabs: Tabs | None = None) -> RunResult:
    """Walk one journey and judge it against its own earlier runs; nothing is written.

    The one way a journey becomes a judged result, shared by `shopper run`, the scheduler
    and the pytest plugin. A worker passes its `tabs` (runner/walk/tabs.py), which opens the next
    journey's tab ahead."""
    options.landing_judge = options.landing_judge or landing_judge(context.patterns)
    result = run_journey(pw, browser, info, journey, options, tabs)
    context.history = earlier_runs(options.run_dir.parent.parent, journey.id,
                                   before_run=options.run_id)
    judge(result, context)
    return result
