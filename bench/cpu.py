"""What a journey costs the machine: the tool against a bare Playwright walk, on each browser.

The CPU of every process the run starts — this Python, Playwright's driver (Node), the
browser and its renderer, GPU, utility and zygote processes — read from /proc/<pid>/stat
(utime + stime, and cutime + cstime for the children each has already reaped: a renderer
that ended with its context is counted by the process that reaped it). Not the machine-wide
/proc/stat, which other load pollutes. The demo site and its mail sink are the business, not
the shopper: their processes are left out (the sink is a thread here, and counted; it is
idle but for the two emails a run receives).

Modes, each with its own warm browser, alternated journey block by journey block:

  tool  full    what a worker does (walk, judge, write the result) on the full Chromium
  bare  full    bench/bare_walk.py: the same fills, clicks and waits, by hand
  tool  shell   the tool on the headless shell (chromium-headless-shell)
  bare  shell   the bare walk on the headless shell

Each tool mode is one run walking the journeys again and again, as `shopper run --repeat` does:
a page state one journey had axe-core scan is carried over to the next (runner/walk/
page_review.py). `--fresh-scans` adds a tool mode that scans every page state afresh, as the
first journeys of a run through a page are.

Printed: CPU per journey per mode (median, p10-p90 spread over the blocks), per process
kind, the Playwright protocol messages per journey (Python <-> driver), tool / bare on the
same browser with a 90% interval (the blocks drawn again: how far the ratio could move), and
the bound that follows for 4 workers on this machine's cores: a journey lived in W s of wall
and costing C s of CPU cannot run more than cores × W / C at once.

    .venv/bin/python bench/cpu.py [--runs 24] [--browser full|shell|both] [--messages]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bare_walk import WALKS, axe_check, no_check  # noqa: E402
from runner.bundled import bundled_journeys  # noqa: E402
from runner.checks import CheckContext  # noqa: E402
from runner.config import load_settings  # noqa: E402
from runner.demo import DemoSite  # noqa: E402
from runner.journey.load import discover, load_journeys  # noqa: E402
from runner.journey.values import Scope, render  # noqa: E402
from runner.mail.smtp_sink import SmtpSink  # noqa: E402
from runner.nightly.shop import shop  # noqa: E402
from runner.nightly.worker import TABS_AHEAD  # noqa: E402
from runner.patterns import Patterns  # noqa: E402
from runner.results.model import write_result  # noqa: E402
from runner.walk.browser import BrowserChoice, describe, launch  # noqa: E402
from runner.walk.engine import PROBE_BINDING, PROBE_JS, RunOptions, new_run_id  # noqa: E402
from runner.walk.tabs import Tabs  # noqa: E402

TICK_S = 1.0 / os.sysconf("SC_CLK_TCK")
BROWSERS = {"full": "/usr/bin/chromium", "shell": "/usr/bin/chromium-headless-shell"}


# --- CPU per process tree ---------------------------------------------------------------------

def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds of the process and of its reaped children)."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2:].split()  # after "pid (comm) "
    ppid = int(fields[1])
    utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
    return ppid, (utime + stime + cutime + cstime) * TICK_S


def _kind(pid: int) -> str:
    if pid == os.getpid():
        return "python"
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "other"
    if argv == [b""]:  # a process that just ended (a renderer whose context closed)
        return "ended"
    program = argv[0].decode(errors="replace")
    args = b" ".join(argv).decode(errors="replace")
    if "node" in Path(program).name or "playwright" in args and "run-driver" in args:
        return "driver"
    for kind, flag in (("renderer", "--type=renderer"), ("gpu", "--type=gpu-process"),
                       ("utility", "--type=utility"), ("renderer", "--type=zygote")):
        # The zygote forks the renderers and reaps them: what it holds is theirs.
        if flag in args:
            return kind
    return "browser" if "chrom" in program or "headless" in program else "other"


def tree_cpu(root: int, leave_out: set[int]) -> dict[int, tuple[str, float]]:
    """CPU seconds of `root` and every process under it, by pid, but those under
    `leave_out`."""
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            read = _stat(int(entry))
            if read is not None:
                parents[int(entry)], cpu[int(entry)] = read
    children: dict[int, list[int]] = defaultdict(list)
    for pid, ppid in parents.items():
        children[ppid].append(pid)
    found: dict[int, tuple[str, float]] = {}
    todo = [root]
    while todo:
        pid = todo.pop()
        if pid in leave_out or pid not in cpu:
            continue
        found[pid] = (_kind(pid), cpu[pid])
        todo.extend(children[pid])
    return found


def spent(before: dict[int, tuple[str, float]], after: dict[int, tuple[str, float]]
          ) -> dict[str, float]:
    """CPU seconds per process kind between two readings of the tree."""
    by_kind: dict[str, float] = defaultdict(float)
    for pid, (kind, seconds) in after.items():
        # A process ending (a renderer whose context closed) has no command line left: it
        # keeps the kind it had.
        kind, earlier = before.get(pid, (kind, 0.0))
        by_kind[kind] += seconds - earlier
    for pid, (kind, earlier) in before.items():
        if pid not in after:
            # Reaped meanwhile: its whole life is now in its parent's cutime/cstime, counted
            # above (the zygote's, a renderer kind, for a renderer; the browser's for the
            # rest); what it had spent by the first reading belongs to an earlier block.
            by_kind["renderer" if kind in ("renderer", "ended") else "browser"] -= earlier
    return by_kind


# --- protocol messages ------------------------------------------------------------------------

class MessageCount:
    """Messages between this Python and Playwright's driver, each way; with `by_kind`, also
    what each one was: a call (`Frame.evaluateExpression`) and its reply counted as that
    call, an event or a created object by its owner's type (`Request.__create__`)."""

    def __init__(self, pw, by_kind: bool = False) -> None:  # noqa: ANN001 - a Playwright
        self.sent = self.received = 0
        self.kinds: Counter[str] = Counter()
        connection = pw._impl_obj._connection
        send, dispatch = connection.send_message_to_server, connection.dispatch

        def counted_send(target, method, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
            self.sent += 1
            if by_kind:
                self.kinds[f"{target._type}.{method}"] += 1
            return send(target, method, *args, **kwargs)

        def counted_dispatch(message):  # noqa: ANN001, ANN202
            self.received += 1
            if by_kind:
                self.kinds[_received_kind(connection, message)] += 1
            return dispatch(message)

        connection.send_message_to_server = counted_send
        connection.dispatch = counted_dispatch


def _received_kind(connection, message: dict) -> str:  # noqa: ANN001 - Playwright's
    if message.get("id"):  # a reply: to the call it answers, still waiting for it
        call = connection._callbacks.get(message["id"])
        return f"{call.type}.{call.method}" if call else "reply"
    method = message.get("method") or "?"
    if method == "__create__":
        return f"{message['params'].get('type')}.__create__"
    owner = connection._objects.get(message.get("guid"))
    return f"{owner._type if owner else '?'}.{method}"


# What a message is for, by the piece of the walk that sends it: the first piece a part of
# whose name the message's kind holds. The pieces the README's breakdown of the cost names.
PIECES = (
    ("network events", ("Request.", "Response.", "BrowserContext.request",
                        "BrowserContext.response", "BrowserContext.requestFinished",
                        "BrowserContext.requestFailed")),
    ("trace", ("Tracing.tracing", "LocalUtils.addStackToTracing", "LocalUtils.tracing",
               "LocalUtils.traceDiscarded", "LocalUtils.zip")),
    ("page reads", ("Frame.evaluateExpression", "Frame.evalOnSelector", "Frame.isVisible",
                    "Frame.textContent", "Frame.innerText", "Frame.querySelector",
                    "ElementHandle.", "JSHandle.")),
    ("customer actions", ("Frame.goto", "Frame.fill", "Frame.click", "Frame.selectOption",
                          "Frame.press", "Frame.check", "Frame.uncheck", "Frame.type",
                          "Frame.setInputFiles", "Frame.hover", "Frame.waitForSelector",
                          "Frame.expect", "Page.keyboard", "Page.mouse")),
    ("page events", ("Frame.loadstate", "Frame.navigated", "Page.frameAttached",
                     "Page.frameDetached", "Page.console", "Page.pageError", "Page.dialog",
                     "BrowserContext.console", "BrowserContext.pageError",
                     "BrowserContext.dialog")),
    ("binding", ("BindingCall.", "BrowserContext.bindingCall", "Page.bindingCall")),
    ("subscriptions", ("Page.updateSubscription", "BrowserContext.updateSubscription")),
    ("waits", (".__waitInfo__", ".waitForTimeout", ".waitForEventInfo")),
)


REST = "set-up and the rest"  # contexts, tabs, init script, DevTools session, closing


def piece_of(kind: str) -> str:
    for piece, parts in PIECES:
        if any(part in kind for part in parts):
            return piece
    return REST


# --- the modes --------------------------------------------------------------------------------

class Mode:
    def __init__(self, name: str, build: str, pw, journeys, options_for,  # noqa: ANN001
                 trace: str | None = None, fresh_scans: bool = False, axe: bool = False
                 ) -> None:
        self.name, self.build, self.pw, self.trace = name, build, pw, trace
        self.axe = axe  # the bare walk checks each page with axe-playwright-python
        self.fresh_scans = fresh_scans  # forget the run's accessibility scans every block
        self.choice = BrowserChoice("chromium", BROWSERS[build], None, f"system: {build}")
        self.browser = launch(pw, self.choice)
        self.info = describe(self.browser, self.choice)
        self.journeys, self.options_for = journeys, options_for
        self.tabs = Tabs(self.browser, PROBE_JS, PROBE_BINDING, ahead=TABS_AHEAD)
        self.cpu: list[float] = []  # per journey, one entry per block
        self.kinds: dict[str, list[float]] = defaultdict(list)
        self.messages: list[tuple[float, float]] = []
        self.message_kinds: Counter[str] = Counter()  # with --messages: both ways, summed
        self.walked = 0  # journeys of the measured blocks
        self.wall: list[float] = []
        self.statuses: set[str] = set()
        # Per journey walked (warm-up block left out): the tool's page states scanned by axe,
        # and those carried over from an earlier journey's scan; the bare walk's axe checks.
        self.scanned: list[int] = []
        self.carried: list[int] = []
        self.checked: list[int] = []

    @property
    def label(self) -> str:
        return (f"{self.name:<4} {self.build}" + (f" trace {self.trace}" if self.trace else "")
                + (" scans fresh" if self.fresh_scans else "") + (" axe" if self.axe else ""))

    def block(self, n: int, sink_maildir: Path, base_url: str) -> None:
        """Walk every journey once."""
        if self.name == "tool":
            # Scanning afresh: a run of its own per block, no earlier scans to carry over.
            options = self.options_for(n, f"{self.label} {n}" if self.fresh_scans
                                       else self.label)
            if self.trace:
                options.trace = self.trace
            for journey in self.journeys:
                context = CheckContext(Patterns.from_settings(options.settings.patterns))
                result = shop(self.pw, self.browser, self.info, journey, options, context,
                              self.tabs)
                write_result(options.run_dir, result, repeat_index=n)
                self.statuses.add(result.status)
                if n:
                    scans = [scan for step in result.steps
                             for scan in step.observed.get("accessibility", [])
                             if "violations" in scan]  # not a later look at used elements
                    self.carried.append(sum(1 for scan in scans if scan.get("reused")))
                    self.scanned.append(len(scans) - self.carried[-1])
            # The tab the last journey opened ahead is the next one's: its cost is counted
            # here, not in whatever mode comes next.
            self.tabs.finish_opening()
        else:
            for journey in self.journeys:
                scope = Scope(persona={}, saved={}, run_id=f"bare-{n}-{journey.id}", env={})
                persona = {k: render(v, scope) for k, v in journey.persona.items()}
                checked = [0]

                def check(page, checked=checked) -> None:  # noqa: ANN001
                    checked[0] += 1
                    axe_check(page)

                WALKS[journey.id](self.browser, base_url, persona, sink_maildir,
                                  look=check if self.axe else no_check)
                if n:
                    self.checked.append(checked[0])
            self.statuses.add("passed")

    def close(self) -> None:
        self.tabs.discard_ahead()
        self.browser.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def ratio_interval(tool: list[float], bare: list[float], rounds: int = 2000
                   ) -> tuple[float, float]:
    """How sure the ratio of medians is: its 5th and 95th percentiles over the blocks drawn
    again with replacement (a bootstrap), each block's tool and bare walk kept together, as
    they ran one beside the other (a machine slower for a while slows both)."""
    draw = random.Random(0)  # the same data gives the same interval
    blocks = range(len(tool))
    ratios = []
    for _ in range(rounds):
        picked = [draw.choice(blocks) for _ in blocks]
        ratios.append(statistics.median(tool[i] for i in picked)
                      / statistics.median(bare[i] for i in picked))
    return percentile(ratios, 0.05), percentile(ratios, 0.95)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=24, help="journey runs per mode")
    parser.add_argument("--browser", choices=("full", "shell", "both"), default="both")
    parser.add_argument("--trace", choices=("on", "off", "retain-on-failure"),
                        help="the tool's --trace (default: its own default)")
    parser.add_argument("--accessibility", choices=("on", "off"),
                        help="the tool's accessibility setting (default: its own default, on)")
    parser.add_argument("--also-trace", choices=("on", "off", "retain-on-failure"),
                        help="add a tool mode with this --trace, to compare in one run")
    parser.add_argument("--fresh-scans", action="store_true",
                        help="add a tool mode that scans every page state afresh (as the first "
                             "journeys of a run through a page), to compare in one run")
    parser.add_argument("--bare-axe", action="store_true",
                        help="add a bare mode that checks each page it is shown with "
                             "axe-playwright-python, the anchor for the tool's scans")
    parser.add_argument("--messages", action="store_true",
                        help="also print what the messages were, per journey, by the piece of "
                             "the walk that sends them (trace, network events, page reads...)")
    parser.add_argument("--identify", choices=("true", "false", "header"),
                        help="the tool's identify setting (default: its own default)")
    args = parser.parse_args()
    builds = ["full", "shell"] if args.browser == "both" else [args.browser]
    for build in builds:
        if not Path(BROWSERS[build]).is_file():
            print(f"{BROWSERS[build]} is missing: apt-get install -y "
                  f"{'chromium' if build == 'full' else 'chromium-headless-shell'}")
            return 3
    with tempfile.TemporaryDirectory() as tmp, SmtpSink(Path(tmp) / "mail") as sink, \
            DemoSite(smtp=sink.address) as site, sync_playwright() as pw:
        settings = load_settings(None, os.environ)
        settings.mailbox = f"smtp://{sink.address}"
        if args.accessibility:
            settings.accessibility = args.accessibility == "on"
        if args.identify:
            settings.identify = {"true": True, "false": False}.get(args.identify, "header")
        # The journeys the bare walk has a hand-written twin of (the web and chat ones; the
        # email channel's walk is SMTP and IMAP, with no browser to compare).
        journeys = [journey for journey in load_journeys(
            discover([bundled_journeys()]), settings, os.environ,
            secrets_required=True).journeys if journey.id in WALKS]
        out = Path(tmp) / "reports"
        run_ids: dict[str, str] = {}

        def options_for(n: int, mode: str) -> RunOptions:
            # Each mode is one run walking the journeys again and again, as `shopper run
            # --repeat` does: what one journey learned (a page state scanned) serves the next.
            run_id = run_ids.setdefault(mode, f"{new_run_id()}-{len(run_ids)}")
            options = RunOptions(run_id=run_id, run_dir=out / "runs" / run_id,
                                 settings=settings, base_url=site.url, repeat_index=n,
                                 mail_sinks={sink.address: sink.maildir_path})
            if args.trace:
                options.trace = args.trace
            return options

        blocks = max(1, round(args.runs / len(journeys)))
        modes = [Mode(name, build, pw, journeys, options_for)
                 for build in builds for name in ("tool", "bare")]
        if args.also_trace:
            modes += [Mode("tool", build, pw, journeys, options_for, trace=args.also_trace)
                      for build in builds]
        if args.fresh_scans:
            modes += [Mode("tool", build, pw, journeys, options_for, fresh_scans=True)
                      for build in builds]
        if args.bare_axe:
            modes += [Mode("bare", build, pw, journeys, options_for, axe=True)
                      for build in builds]
        count = MessageCount(pw, by_kind=args.messages)
        leave_out = {site.process.pid}
        print(f"{blocks * len(journeys)} journey runs per mode "
              f"({', '.join(j.id for j in journeys)} × {blocks}), {os.cpu_count()} cores, "
              f"demo site {site.url}", flush=True)
        for mode in modes:  # warm: the first walk of each pays for the browser's caches
            mode.block(0, sink.maildir_path, site.url)
        for n in range(1, blocks + 1):
            for mode in modes if n % 2 else reversed(modes):
                sent, received = count.sent, count.received
                kinds_before = Counter(count.kinds)
                before = tree_cpu(os.getpid(), leave_out)
                began = time.perf_counter()
                mode.block(n, sink.maildir_path, site.url)
                wall = time.perf_counter() - began
                by_kind = spent(before, tree_cpu(os.getpid(), leave_out))
                share = len(journeys)
                mode.cpu.append(sum(by_kind.values()) / share)
                for kind, seconds in by_kind.items():
                    mode.kinds[kind].append(seconds / share)
                mode.messages.append(((count.sent - sent) / share,
                                      (count.received - received) / share))
                mode.wall.append(wall / share)
                mode.message_kinds.update(count.kinds - kinds_before)
                mode.walked += share
        for mode in modes:
            mode.close()
    report(modes, builds)
    if args.messages:
        report_messages(modes, builds)
    return 0


def anchored(modes: list[Mode], build: str) -> tuple[Mode, Mode]:
    """The tool as it runs by default and the plain bare walk, on `build`: the pair the
    targets compare."""
    tool = next(m for m in modes if m.name == "tool" and m.build == build and not m.trace
                and not m.fresh_scans)
    bare = next(m for m in modes if m.name == "bare" and m.build == build and not m.axe)
    return tool, bare


def report(modes: list[Mode], builds: list[str]) -> None:
    kinds = ["python", "driver", "browser", "renderer", "gpu", "utility", "ended", "other"]
    print(f"\nCPU per journey (ms; median of {len(modes[0].cpu)} blocks, p10–p90 spread)")
    print(f"{'mode':<24}{'CPU':>6} {'spread':>11} {'wall':>6} " +
          "".join(f"{k:>9}" for k in kinds) + f"{'msgs ↑/↓':>12}  statuses")
    for mode in modes:
        cpu = [x * 1000 for x in mode.cpu]
        row = (f"{mode.label:<24}{statistics.median(cpu):>6.0f} "
               f"{percentile(cpu, 0.1):>5.0f}–{percentile(cpu, 0.9):<5.0f}"
               f"{statistics.median(mode.wall) * 1000:>6.0f} ")
        row += "".join(f"{statistics.median(mode.kinds[k]) * 1000 if mode.kinds[k] else 0:>9.0f}"
                       for k in kinds)
        sent = statistics.median(m[0] for m in mode.messages)
        received = statistics.median(m[1] for m in mode.messages)
        row += f"{sent:>6.0f}/{received:<5.0f}  {','.join(sorted(mode.statuses))}"
        print(row)
    cores = os.cpu_count() or 1
    print()
    for build in builds:
        tool, bare = anchored(modes, build)
        ratio = statistics.median(tool.cpu) / statistics.median(bare.cpu)
        low, high = ratio_interval(tool.cpu, bare.cpu)
        messages = (statistics.median(m[0] + m[1] for m in tool.messages)
                    / statistics.median(m[0] + m[1] for m in bare.messages))
        bound = cores * statistics.median(tool.wall) / statistics.median(tool.cpu)
        print(f"{build}: tool / bare CPU {ratio:.2f}× (90% interval {low:.2f}–{high:.2f}×; "
              f"target ≤ 1.2×), tool CPU "
              f"{statistics.median(tool.cpu) * 1000:.0f} ms per journey"
              + (" (target ≤ 1000 ms)" if build == "shell" else "")
              + f"; protocol messages {messages:.1f}× bare (target ≤ 2×); "
              f"{cores} cores bound workers 4 at {min(4.0, bound):.2f}× workers 1")
        with_axe = next((m for m in modes if m.name == "bare" and m.build == build and m.axe),
                        None)
        if with_axe is None:
            continue
        checked = statistics.mean(with_axe.checked)
        for scanning in (m for m in modes if m.name == "tool" and m.build == build
                         and not m.trace):
            if not any(scanning.scanned) and not any(scanning.carried):
                print(f"{build}: the tool scans no page (accessibility off): no comparison "
                      f"with the bare walk's axe checks")
                continue
            print(f"{build}: {scanning.label} / bare walk with axe CPU "
                  f"{statistics.median(scanning.cpu) / statistics.median(with_axe.cpu):.2f}× "
                  f"(page states a journey: {statistics.mean(scanning.scanned):.1f} scanned, "
                  f"{statistics.mean(scanning.carried):.1f} carried over; the bare walk "
                  f"checks {checked:.1f} pages a journey)")


def report_messages(modes: list[Mode], builds: list[str]) -> None:
    """Messages a journey (sent + received), by the piece of the walk that sends them: where
    the tool's extra messages over the bare walk come from."""
    for build in builds:
        tool, bare = anchored(modes, build)
        tool_pieces, bare_pieces = by_piece(tool), by_piece(bare)
        print(f"\n{build}: messages a journey (sent + received) by piece")
        print(f"{'piece':<22}{'tool':>7}{'bare':>7}{'more':>7}   the tool's largest kinds")
        for piece in [piece for piece, _ in PIECES] + [REST]:
            largest = sorted(((n, kind) for kind, n in tool.message_kinds.items()
                              if piece_of(kind) == piece), reverse=True)[:3]
            kinds = ", ".join(f"{kind} {n / max(1, tool.walked):.1f}" for n, kind in largest)
            more = tool_pieces[piece] - bare_pieces[piece]
            print(f"{piece:<22}{tool_pieces[piece]:>7.1f}{bare_pieces[piece]:>7.1f}{more:>+7.1f}"
                  f"   {kinds}")
        total_tool, total_bare = sum(tool_pieces.values()), sum(bare_pieces.values())
        print(f"{'all':<22}{total_tool:>7.1f}{total_bare:>7.1f}{total_tool - total_bare:>+7.1f}")


def by_piece(mode: Mode) -> Counter[str]:
    """The mode's messages a journey, summed by piece."""
    pieces: Counter[str] = Counter()
    for kind, n in mode.message_kinds.items():
        pieces[piece_of(kind)] += n / max(1, mode.walked)
    return pieces


if __name__ == "__main__":
    sys.exit(main())
