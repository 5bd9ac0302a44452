"""What the tool's init script costs the browser, a document at a time.

Every document a journey opens runs the init script (runner/walk/engine.py `PROBE_JS`: the
probe, vitals.js, used.js and the page functions) before the site's own scripts, and the
probe's mutation observer reads the text of what the page inserts. Here a fresh context
walks five demo pages (a tab's about:blank and five documents) with no init script, with the
probe alone (and the probe with an observer that reads no text: what reading it costs), and
with the whole init script; the modes alternate, three contexts a block, and the CPU of every
process of the tree is read from /proc as bench/cpu.py reads it.
Printed: CPU per context per mode (median over the blocks) and, per block, the difference
from the walk without an init script that ran beside it (median): the walk itself is the
same, so what is left is the script's.

    .venv/bin/python bench/init_script.py [--blocks 24] [--browser shell|full]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench.cpu as cpu  # noqa: E402
from runner.demo import DemoSite  # noqa: E402
from runner.walk.browser import BrowserChoice, launch  # noqa: E402
from runner.walk.engine import PROBE_JS  # noqa: E402

PAGES = ("/contact", "/refund", "/chat", "/contact", "/refund")
CONTEXTS_PER_BLOCK = 3
PROBE = (Path(__file__).resolve().parent.parent / "runner" / "walk" / "probe.js").read_text(
    encoding="utf-8")
OBSERVER = "const observer = new MutationObserver(onMutations);"
# The probe whose mutation observer only stamps when the page last changed, and reads no text:
# what the observer costs, apart from reading what each change shows.
UNREAD = PROBE.replace(OBSERVER, "const observer = new MutationObserver(() => "
                                 "{ probe.lastChangeAt = now(); wake(); });")
assert UNREAD != PROBE, "probe.js no longer creates its observer as this script expects"
MODES = {
    "none": None,
    "probe, text unread": UNREAD,
    "probe.js": PROBE,
    "whole init script": PROBE_JS,
}


def walk(browser: Browser, base_url: str, script: str | None) -> None:
    context = browser.new_context()
    try:
        if script:
            context.add_init_script(script)
        page = context.new_page()
        for path in PAGES:
            page.goto(base_url + path)
    finally:
        context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blocks", type=int, default=24)
    parser.add_argument("--browser", choices=("shell", "full"), default="shell")
    args = parser.parse_args()
    spent: dict[str, list[float]] = {name: [] for name in MODES}
    with DemoSite() as site, sync_playwright() as pw:
        choice = BrowserChoice("chromium", cpu.BROWSERS[args.browser], None, args.browser)
        browser = launch(pw, choice)
        leave_out = {site.process.pid}
        for script in MODES.values():  # warm: the browser's caches
            walk(browser, site.url, script)
        for n in range(args.blocks):
            order = list(MODES.items())
            for name, script in order if n % 2 else reversed(order):
                before = cpu.tree_cpu(os.getpid(), leave_out)
                for _ in range(CONTEXTS_PER_BLOCK):
                    walk(browser, site.url, script)
                used = cpu.spent(before, cpu.tree_cpu(os.getpid(), leave_out))
                spent[name].append(sum(used.values()) * 1000 / CONTEXTS_PER_BLOCK)
        browser.close()
    documents = len(PAGES) + 1
    print(f"{args.blocks} blocks of {CONTEXTS_PER_BLOCK} contexts, each {documents} documents, "
          f"{args.browser}, {os.cpu_count()} cores")
    print(f"{'init script':<20}{'CPU a context':>14}{'beside none':>13}{'a document':>12}")
    for name, values in spent.items():
        beside = statistics.median(v - none for v, none in zip(values, spent["none"],
                                                                strict=True))
        print(f"{name:<20}{statistics.median(values):>11.0f} ms{beside:>+10.1f} ms"
              f"{beside / documents:>+9.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
