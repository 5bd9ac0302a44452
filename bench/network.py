"""What hearing a journey's network costs: the bare walk with and without it, two ways.

The tool keeps every request a journey makes (its step, method, status, failure): the
evidence of an HTTP-error stop, `observed.responses`, retry safety and a failed journey's
`network.json`. It hears them through Playwright's request, response and request-failed
events, each request five messages from the driver to Python. Here the bare walk of the
bundled journeys (bench/bare_walk.py) runs three ways, alternated block by block:

  none     the bare walk: a navigation's events come whatever anyone listens to
  listen   with the tool's listeners (runner/walk/session.py `attach`)
  har      with a HAR recorded in the driver instead (`record_har_path`, content omitted,
           minimal), read back when the context closes: no message a request, the driver's
           own bookkeeping instead

Printed, per journey: CPU of the whole process tree (as bench/cpu.py reads it), its
difference from the walk without listening that ran beside it (median over the blocks),
Python's and the driver's CPU, and the protocol messages.

    .venv/bin/python bench/network.py [--blocks 12] [--browser shell|full]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench.bare_walk as bare_walk  # noqa: E402
import bench.cpu as cpu  # noqa: E402
from runner.bundled import bundled_journeys  # noqa: E402
from runner.config import load_settings  # noqa: E402
from runner.demo import DemoSite  # noqa: E402
from runner.journey.load import discover, load_journeys  # noqa: E402
from runner.journey.values import Scope, render  # noqa: E402
from runner.mail.smtp_sink import SmtpSink  # noqa: E402
from runner.walk.browser import BrowserChoice, launch  # noqa: E402

MODES = ("none", "listen", "har")


class Listening:
    """bare_walk's tab, hearing the network the way the current mode says."""

    mode = "none"
    har_folder: Path = Path(tempfile.gettempdir())
    opened = 0

    def __init__(self, browser: Browser) -> None:
        self.har: Path | None = None
        if Listening.mode == "har":
            Listening.opened += 1
            self.har = Listening.har_folder / f"{Listening.opened}.har"
            self.context = browser.new_context(record_har_path=str(self.har),
                                               record_har_content="omit",
                                               record_har_mode="minimal")
        else:
            self.context = browser.new_context()

    def __enter__(self) -> Page:
        page = self.context.new_page()
        if Listening.mode == "listen":  # what Session.attach keeps of each
            heard: list[list] = []
            page.on("request", lambda r: heard.append(
                [r.url, r.method, r.resource_type, r.is_navigation_request(),
                 r.frame == page.main_frame]))
            page.on("response", lambda r: r.status)
            page.on("requestfailed", lambda r: r.failure)
        return page

    def __exit__(self, *exc: object) -> None:
        self.context.close()
        if self.har is not None:  # the HAR is only evidence once read
            entries = json.loads(self.har.read_text(encoding="utf-8"))["log"]["entries"]
            if not entries:
                raise RuntimeError(f"{self.har}: the HAR recorded no request")
            self.har.unlink()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blocks", type=int, default=12)
    parser.add_argument("--browser", choices=("shell", "full"), default="shell")
    args = parser.parse_args()
    bare_walk._tab = Listening  # the walks open their tabs through it
    spent: dict[str, list[dict[str, float]]] = {mode: [] for mode in MODES}
    messages: dict[str, list[float]] = {mode: [] for mode in MODES}
    with tempfile.TemporaryDirectory() as tmp, SmtpSink(Path(tmp) / "mail") as sink, \
            DemoSite(smtp=sink.address) as site, sync_playwright() as pw:
        Listening.har_folder = Path(tmp)
        settings = load_settings(None, os.environ)
        journeys = [journey for journey in load_journeys(
            discover([bundled_journeys()]), settings, os.environ,
            secrets_required=True).journeys if journey.id in bare_walk.WALKS]
        browser = launch(pw, BrowserChoice("chromium", cpu.BROWSERS[args.browser], None,
                                           args.browser))
        count = cpu.MessageCount(pw)
        leave_out = {site.process.pid}

        def block(n: int, mode: str) -> None:
            Listening.mode = mode
            for journey in journeys:
                scope = Scope(persona={}, saved={}, run_id=f"net-{n}-{mode}-{journey.id}", env={})
                persona = {k: render(v, scope) for k, v in journey.persona.items()}
                bare_walk.WALKS[journey.id](browser, site.url, persona, sink.maildir_path)

        for mode in MODES:  # warm: the browser's caches
            block(0, mode)
        for n in range(1, args.blocks + 1):
            for mode in MODES if n % 2 else tuple(reversed(MODES)):
                sent = count.sent + count.received
                before = cpu.tree_cpu(os.getpid(), leave_out)
                block(n, mode)
                used = cpu.spent(before, cpu.tree_cpu(os.getpid(), leave_out))
                spent[mode].append({kind: seconds * 1000 / len(journeys)
                                    for kind, seconds in used.items()})
                messages[mode].append((count.sent + count.received - sent) / len(journeys))
        browser.close()
    print(f"{args.blocks} blocks of {len(journeys)} journeys a mode, {args.browser}, "
          f"{os.cpu_count()} cores; per journey")
    print(f"{'mode':<8}{'CPU':>8}{'beside none':>13}{'python':>9}{'driver':>9}{'messages':>10}")
    for mode in MODES:
        total = [sum(block.values()) for block in spent[mode]]
        beside = [sum(block.values()) - sum(none.values())
                  for block, none in zip(spent[mode], spent["none"], strict=True)]
        python = statistics.median(block.get("python", 0.0) for block in spent[mode])
        driver = statistics.median(block.get("driver", 0.0) for block in spent[mode])
        print(f"{mode:<8}{statistics.median(total):>5.0f} ms{statistics.median(beside):>+10.1f} ms"
              f"{python:>6.1f} ms{driver:>6.1f} ms{statistics.median(messages[mode]):>10.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
