"""A night in one worker: does memory level off, and is anything left running afterwards?

Walks the bundled demo journeys (contact form, refund, chat) against the bundled demo site
through `shopper run`'s own path (`run_all`, `Plan(workers=1, repeat=…)`), so one worker
process with one browser at a time (replaced every RECYCLE_AFTER journeys, as on a real
night). At each quarter of the runs (50, 100, 150, 200 for `--runs 200`) it prints the
resident memory (VmRSS from /proc/<pid>/status) of:

  parent    this process: the pool, the SMTP sink, writing results, and the run's results
            kept for the exit status and notifications
  worker    the worker process (walking and judging)
  driver    Playwright's Node driver, below the worker
  browser   every Chromium process below the driver, summed (RSS counts the memory they
            share once per process; PSS, from smaps_rollup, shares it out, so it is printed
            too)

and at the end the processes of the run still alive (every one carries a marker in its
environment, so even those that left the tree are found).

    .venv/bin/python bench/soak.py [--runs 200]
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from runner.bundled import bundled_journeys  # noqa: E402
from runner.config import load_settings  # noqa: E402
from runner.demo import DemoSite  # noqa: E402
from runner.journey.load import discover, load_journeys  # noqa: E402
from runner.mail.smtp_sink import SmtpSink  # noqa: E402
from runner.nightly.pool import BrowserRequest, Plan, run_all  # noqa: E402
from runner.nightly.processes import alive, descendants  # noqa: E402
from runner.nightly.workers import RECYCLE_AFTER  # noqa: E402
from runner.results.model import RunResult  # noqa: E402
from runner.walk.engine import RunOptions, new_run_id  # noqa: E402

MARK = "SHOPPER_SOAK_MARK"


def status_kb(pid: int, key: str = "VmRSS") -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(
            errors="replace")
    except OSError:
        return ""


@dataclass
class Sample:
    runs: int
    seconds: float
    parent_kb: int
    worker_kb: int
    driver_kb: int
    browser_kb: int
    browser_pss_kb: int
    browser_processes: int


def sample(runs: int, began: float, site_pid: int | None) -> Sample:
    me = os.getpid()
    tree = [pid for pid in descendants(me) if pid != site_pid and site_pid not in
            _ancestors(pid)]
    kinds = {pid: _kind(command(pid)) for pid in tree}
    worker = sum(status_kb(p) for p, kind in kinds.items() if kind == "worker")
    driver = sum(status_kb(p) for p, kind in kinds.items() if kind == "driver")
    browsers = [p for p, kind in kinds.items() if kind == "browser"]
    return Sample(runs, time.monotonic() - began, status_kb(me), worker, driver,
                  sum(status_kb(p) for p in browsers), sum(pss_kb(p) for p in browsers),
                  len(browsers))


def _ancestors(pid: int) -> list[int]:
    found = []
    while pid > 1:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            break
        pid = int(stat[stat.rfind(")") + 2:].split()[1])
        found.append(pid)
    return found


def _kind(cmdline: str) -> str:
    program = Path(cmdline.split(" ", 1)[0]).name
    if "chrom" in program or "headless_shell" in program:
        return "browser"
    if program == "node" or "run-driver" in cmdline:
        return "driver"
    if "multiprocessing.spawn" in cmdline:
        return "worker"
    return "other"  # the multiprocessing resource tracker


def marked_alive(mark: str) -> list[tuple[int, str]]:
    needle = f"{MARK}={mark}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if needle in (entry / "environ").read_bytes().split(b"\0") and alive(
                    int(entry.name)):
                found.append((int(entry.name), command(int(entry.name))[:100]))
        except OSError:
            continue
    return found


def mb(kb: int) -> str:
    return f"{kb / 1024:7.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="journey runs in all")
    args = parser.parse_args()
    mark = uuid.uuid4().hex
    os.environ[MARK] = mark  # inherited by the worker, the driver, every Chromium
    checkpoints = sorted({max(1, round(args.runs * q / 4)) for q in (1, 2, 3, 4)})
    samples: list[Sample] = []
    statuses: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        with SmtpSink(Path(tmp) / "mail") as sink, DemoSite(smtp=sink.address) as site:
            settings = load_settings(None, os.environ)
            settings.mailbox = f"smtp://{sink.address}"
            journeys = load_journeys(discover([bundled_journeys()]), settings, os.environ,
                                     secrets_required=True).journeys
            repeat = math.ceil(args.runs / len(journeys))
            # One journey of each kind per round, as a night's schedule would mix them.
            run_id = new_run_id()
            out = Path(tmp) / "reports"
            options = RunOptions(run_id=run_id, run_dir=out / "runs" / run_id,
                                 settings=settings, base_url=site.url,
                                 mail_sinks={sink.address: sink.maildir_path})
            site_pid = site.process.pid if site.process else None
            print(f"{len(journeys) * repeat} journey runs ({', '.join(j.id for j in journeys)}"
                  f" × {repeat}) in one worker, a fresh browser every {RECYCLE_AFTER}; "
                  f"demo site {site.url}; {os.cpu_count()} cores", flush=True)
            print(f"\n{'runs':>5} {'min':>6} {'parent MB':>10} {'worker MB':>10} "
                  f"{'driver MB':>10} "
                  f"{'browser MB':>11} {'browser PSS MB':>15} {'browser procs':>14}",
                  flush=True)
            began = time.monotonic()

            def heard(result: RunResult) -> None:
                statuses[result.status] += 1
                done = sum(statuses.values())
                if done in checkpoints:
                    row = sample(done, began, site_pid)
                    samples.append(row)
                    print(f"{row.runs:>5} {row.seconds / 60:>6.1f} {mb(row.parent_kb):>10} "
                          f"{mb(row.worker_kb):>10} "
                          f"{mb(row.driver_kb):>10} {mb(row.browser_kb):>11} "
                          f"{mb(row.browser_pss_kb):>15} {row.browser_processes:>14}",
                          flush=True)

            outcome = run_all(journeys, options, BrowserRequest(), on_result=heard,
                              plan=Plan(workers=1, repeat=repeat))
            wall = time.monotonic() - began
        time.sleep(2.0)  # the worker and its browser have been told to stop; give them time
        everything = marked_alive(mark)
    # multiprocessing's resource tracker is this process's own helper: it ends with it.
    tracker = [p for p in everything if "multiprocessing.resource_tracker" in p[1]]
    left = [p for p in everything if p not in tracker]
    print(f"\n{len(outcome.results)} runs in {wall / 60:.1f} min "
          f"({wall / max(1, len(outcome.results)):.2f} s each): "
          + ", ".join(f"{count} {status}" for status, count in sorted(statuses.items())))
    if len(samples) >= 2:
        first, last = samples[0], samples[-1]
        print(f"from run {first.runs} to run {last.runs}: parent "
              f"{last.parent_kb - first.parent_kb:+d} kB, worker "
              f"{last.worker_kb - first.worker_kb:+d} kB, driver "
              f"{last.driver_kb - first.driver_kb:+d} kB, browser RSS "
              f"{last.browser_kb - first.browser_kb:+d} kB (PSS "
              f"{last.browser_pss_kb - first.browser_pss_kb:+d} kB)")
    print(f"processes left after the run: {len(left)}"
          + (" (besides multiprocessing's resource tracker, which ends with this process)"
             if tracker else ""))
    for pid, cmdline in left:
        print(f"  {pid} {cmdline}")
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main())
