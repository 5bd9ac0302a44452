"""`shopper`: the command line, and the only error boundary.

Every user-caused problem arrives here as a `ShopperError` and leaves as one clear line and an
exit code (README); a stack trace is shown only with `--traceback`. Results already written
are never undone by a later failure.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import replace
from enum import IntEnum
from pathlib import Path

from runner import __version__
from runner.bundled import bundled_journeys
from runner.config import Settings, find_config, load_settings, mailbox_problem
from runner.errors import ShopperError
from runner.journey.load import Loaded, discover, load_journeys
from runner.journey.model import Journey
from runner.results.model import SEVERITIES, RunResult, severity_rank


class ExitStatus(IntEnum):
    OK = 0
    FINDINGS = 1  # findings at or above --fail-on, or a journey failed
    USAGE = 2  # bad usage, invalid journeys, a --tag that selects nothing, an unset secret
    TOOL = 3  # the tool could not work: no browser, results not writable, every journey error
    INTERRUPTED = 130


class UsageError(ShopperError):
    """Bad usage or bad input: exit 2."""


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return ExitStatus.USAGE
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        print("shopper: interrupted; results written so far are kept", file=sys.stderr)
        return ExitStatus.INTERRUPTED
    except ShopperError as exc:
        if args.traceback:
            traceback.print_exc()
        print(f"shopper: {exc}", file=sys.stderr)
        return _status_for(exc)
    except Exception as exc:  # noqa: BLE001 - the boundary: a bug still gets one line
        if args.traceback:
            traceback.print_exc()
        print(f"shopper: internal error: {exc!r} (run again with --traceback for details)",
              file=sys.stderr)
        return ExitStatus.TOOL


def _status_for(exc: ShopperError) -> int:
    from runner.mail.smtp_sink import MailSinkUnavailable
    from runner.nightly.pool import ResultsNotWritable
    from runner.walk.browser import BrowserUnavailable
    from runner.walk.display import NoDisplay
    from runner.walk.video import VideoUnavailable

    if isinstance(exc, BrowserUnavailable | ResultsNotWritable | MailSinkUnavailable
                  | NoDisplay | VideoUnavailable):
        return ExitStatus.TOOL
    return ExitStatus.USAGE


# --- shopper run -------------------------------------------------------------------------

def cmd_run(args: argparse.Namespace) -> int:
    # `--list` only says what would be walked: no browser, and no secrets needed for that.
    settings, journeys = _prepare(args, secrets_required=not args.list)
    if args.shard:
        journeys = shard(journeys, *args.shard)
        if args.list:
            return _list_selected(journeys)
        if not journeys:
            print(f"Shard {args.shard[0]}/{args.shard[1]} has no journeys to walk")
            return ExitStatus.OK
    if args.list:
        return _list_selected(journeys)
    if args.mailbox:
        problem = mailbox_problem(args.mailbox)
        if problem:
            raise UsageError(f"--mailbox: {problem}")
        settings.mailbox = args.mailbox
    return _run(journeys, settings, args)


def _list_selected(journeys: list[Journey]) -> int:
    """`shopper run --list`: the journeys this run would walk, after --tag and --shard."""
    rows = [("JOURNEY", "CHANNEL", "TAGS", "FILE")]
    rows += [(j.id, j.channel, ",".join(j.tags) or "-", str(j.file)) for j in journeys]
    _print_table(rows)
    print(f"{len(journeys)} journey{'s' if len(journeys) != 1 else ''} would be walked")
    return ExitStatus.OK


def shard(journeys: list[Journey], index: int, total: int) -> list[Journey]:
    """Shard `index` of `total` (from 1): journeys sorted by id, dealt round-robin, so every
    machine computes the same split from the same files and each journey runs exactly once."""
    ordered = sorted(journeys, key=lambda j: (j.id, str(j.file)))
    return [j for n, j in enumerate(ordered) if n % total == index - 1]


def _shard_arg(text: str) -> tuple[int, int]:
    try:
        index, total = (int(part) for part in text.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not I/N, e.g. 2/4") from None
    if total < 1 or not 1 <= index <= total:
        raise argparse.ArgumentTypeError(f"{text!r}: I must be from 1 to N")
    return index, total


def _count_arg(least: int):  # noqa: ANN202 - an argparse type
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < least:
            raise argparse.ArgumentTypeError(f"must be at least {least}")
        return value
    return parse


def _run(journeys: list[Journey], settings: Settings, args: argparse.Namespace,
         mail_sinks: dict[str, Path] | None = None) -> int:
    from runner.nightly.pool import BrowserRequest, Plan, run_all
    from runner.nightly.progress import progress_for
    from runner.report.render import render_run
    from runner.walk.browser import announce
    from runner.walk.engine import RunOptions, new_run_id

    debug = getattr(args, "debug", False)
    _need_display(args)
    _need_ffmpeg(args)
    if debug:  # a person pauses each step: the journey's cap must not end it meanwhile
        journeys = [replace(j, timeout_ms=DEBUG_JOURNEY_CAP_MS) for j in journeys]
    out = Path(args.out) if args.out else settings.out
    run_id = new_run_id()
    options = RunOptions(run_id=run_id, run_dir=out / "runs" / run_id, settings=settings,
                         base_url=args.base_url, trace=args.trace, video=args.video,
                         mail_sinks=dict(mail_sinks or {}),
                         keep_secret_traces=args.keep_secret_traces,
                         before_step=_debug_pause() if debug else None)
    plan = Plan(workers=args.workers or settings.workers, retries=args.retries,
                repeat=args.repeat, retry_after_submit=_retry_after_submit(args, settings),
                at_hand=debug)
    request = BrowserRequest(name=args.browser or settings.browser,
                             endpoint=getattr(args, "browser_endpoint", None),
                             headed=args.headed or debug)
    walks = f" × {plan.repeat}" if plan.repeat > 1 else ""
    workers = f" with {plan.workers} workers" if plan.workers > 1 else ""
    print(f"Walking {len(journeys)} journey{'s' if len(journeys) != 1 else ''}{walks}{workers} "
          f"(run {run_id})", flush=True)
    _warn_mail_without_mailbox(journeys, options)
    # SIGTERM is an interruption like Ctrl-C. Either only raises a flag: the run ends its
    # journeys and writes them (`aborted`) before it stops, so nothing that came back is lost.
    asked_to_stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda signum, frame: asked_to_stop.set())
    live = None if debug or getattr(args, "no_progress", False) else \
        progress_for(len(journeys) * plan.repeat)
    outcome = run_all(journeys, options, request, on_result=_progress, plan=plan,
                      on_browser=lambda info: print(announce(info), flush=True),
                      stopping=asked_to_stop.is_set, progress=live)
    index = _render_reports(lambda: render_run(out, run_id, fail_on=args.fail_on), out,
                            run_id, args.fail_on)
    _notify(settings, out, outcome.results, journeys)
    print(f"Report: {index.resolve()}")
    return _exit_status(outcome.results, args.fail_on)


DEBUG_JOURNEY_CAP_MS = 24 * 3600 * 1000.0


def _debug_pause():  # noqa: ANN202 - the before_step of --debug
    from runner.walk.debug import pause_before_step

    return pause_before_step


def _need_display(args: argparse.Namespace) -> None:
    """`--headed` and `--debug` show a window: without a display, say so in one line (exit
    3) instead of letting the browser fail at launch. A remote browser has its own."""
    from runner.walk.display import require_display

    flag = "--debug" if getattr(args, "debug", False) else "--headed" if args.headed else None
    if flag is None or getattr(args, "browser_endpoint", None):
        return
    require_display(flag, f"shopper {args.command} {flag} …", os.environ,
                    f"leave out {flag}")


def _need_ffmpeg(args: argparse.Namespace) -> None:
    """`--video` needs Playwright's ffmpeg: put in place now, or said in one line (exit 3)
    before any journey is walked, not as the same error in every journey's result. A remote
    browser records with its own machine's."""
    from runner.walk.video import ready_to_record

    ready_to_record(args.video, remote=bool(getattr(args, "browser_endpoint", None)))


def _retry_after_submit(args: argparse.Namespace, settings: Settings) -> bool:
    """`--retry-after-submit`, or shopper.yaml's `retry_after_submit: true`."""
    return bool(getattr(args, "retry_after_submit", False) or settings.retry_after_submit)


def _warn_mail_without_mailbox(journeys: list[Journey], options) -> None:  # noqa: ANN001
    """One line at start naming the journeys whose mail steps have no mailbox to read."""
    from runner.nightly.pool import mail_without_mailbox

    blind = mail_without_mailbox(journeys, options)
    if blind:
        print(f"No mailbox: {', '.join(j.id for j in blind)} "
              f"{'has' if len(blind) == 1 else 'have'} mail steps but no mailbox is "
              "configured (--mailbox, shopper.yaml `mailbox:` or the persona's); those steps "
              "are skipped", flush=True)
    writers = [j for j in journeys if not options.settings.outgoing
               and any(step.action == "send_email" for step in j.steps)]
    if writers:
        print(f"No outgoing mail server: {', '.join(j.id for j in writers)} "
              f"{'has' if len(writers) == 1 else 'have'} send_email steps but shopper.yaml has "
              "no `outgoing:`; their email steps are skipped", flush=True)


def _render_reports(render: Callable[[], Path | None], out: Path, run_id: str | None,
                    fail_on: str, failure: str = "the results are written, but not the report"
                    ) -> Path | None:
    """Render the reports, then `latest.json` with every journey of the folder. One
    rendering at a time per folder (`DIR/.render.lock`): two runs finishing together would
    otherwise each write a latest.json read before the other's results were in."""
    from runner.report.latest import write_latest

    if not out.is_dir():  # nothing to report on: leave no folder behind either
        return _render(render, out, failure)
    with _folder_lock(out, ".render.lock", wait=True) or contextlib.nullcontext():
        index = _render(render, out, failure)
        if index is not None:
            _render(lambda: write_latest(out, run_id, fail_on=fail_on), out, failure)
    return index


def _render(render: Callable[[], Path | None], out: Path,
            failure: str = "the results are written, but not the report") -> Path | None:
    """Render the reports; a folder that filled up or turned read-only after the results
    were written is the tool's problem (exit 3), said in one line, not a stack trace."""
    import sqlite3

    from runner.nightly.pool import ResultsNotWritable

    try:
        return render()
    except OSError as exc:
        raise ResultsNotWritable(f"{failure} in {out}: {exc.strerror or exc}") from exc
    except sqlite3.OperationalError as exc:
        raise ResultsNotWritable(f"{failure} in {out}: the history cannot be read ({exc})"
                                 ) from exc


def _notify(settings: Settings, out: Path, results: list[RunResult],
            journeys: list[Journey]) -> None:
    """Webhooks last: the results and the report are on disk whatever the hooks do."""
    from runner.nightly.notify import notify_run

    secrets = {os.environ[name] for j in journeys for name in j.secrets if os.environ.get(name)}
    notify_run(settings, out, [r.to_json() for r in results], secrets)


# One mark per verdict, so a passed journey with a major finding never reads as a plain ✓.
VERDICT_MARKS = {"passed": "✓", "findings": "⚠", "failed": "✗", "not measured": "○",
                 "flaky": "~", "aborted": "×", "skipped": "-"}


def verdict(result: RunResult) -> tuple[str, str]:
    """The mark and words of a journey run's progress line: passed, passed with findings
    (the worst severity named), failed, or not measured (status `error`: nothing about the
    site was measured)."""
    if result.status == "error":
        return VERDICT_MARKS["not measured"], "not measured (error)"
    if result.status in ("passed", "flaky") and result.findings:
        worst = min((f.severity for f in result.findings), key=severity_rank)
        mark = VERDICT_MARKS["findings" if result.status == "passed" else "flaky"]
        return mark, f"{result.status} with findings, worst {worst}"
    return VERDICT_MARKS.get(result.status, "·"), result.status


def _progress(result: RunResult) -> None:
    seconds = sum(s.duration_ms for s in result.steps) / 1000.0
    count = len(result.findings)
    score = "not measured" if result.score is None else f"score {result.score['value']}"
    mark, words = verdict(result)
    line = (f" {mark} {result.journey['name']}  {words}  "
            f"{seconds:.1f} s  {count} finding{'s' if count != 1 else ''}  {score}")
    if result.error:
        line += f"  ({result.error})"
    print(line, flush=True)


def _exit_status(results: list[RunResult], fail_on: str) -> int:
    if results and all(r.status == "error" for r in results):
        return ExitStatus.TOOL
    threshold = severity_rank(fail_on)
    for result in results:
        if result.status == "failed":
            return ExitStatus.FINDINGS
        if any(severity_rank(f.severity) <= threshold for f in result.findings):
            return ExitStatus.FINDINGS
    return ExitStatus.OK


def _prepare(args: argparse.Namespace, *, secrets_required: bool, personas_only: bool = False
             ) -> tuple[Settings, list[Journey]]:
    """Load the journeys `args` names and keep those its `--tag`s select. An unset
    `${secrets.X}` stops a run only in a selected journey (README), so the files are read
    first without requiring secrets, and the selected ones again with."""
    paths = [Path(p) for p in (args.paths or ["journeys"])]
    files = discover(paths)
    journeys_dir = next((p if p.is_dir() else p.parent for p in paths), None)
    settings = load_settings(find_config(Path(args.config) if args.config else None,
                                         journeys_dir), os.environ)
    tags = set(getattr(args, "tag", None) or [])
    loaded = load_journeys(files, settings, os.environ, secrets_required=False)
    personas_checked = loaded.personas
    if secrets_required and not loaded.errors:
        chosen = {j.file for j in loaded.journeys if not tags or tags & set(j.tags)}
        loaded = load_journeys([f for f in files if f in chosen], settings, os.environ,
                               secrets_required=True)
    _report_problems(loaded)
    args.personas_checked = personas_checked  # what `validate` says it checked besides
    if not loaded.journeys and not tags:
        if personas_checked and personas_only:
            return settings, []
        raise UsageError(f"no journeys found in {', '.join(map(str, paths))}"
                         + (" (personas.yaml holds personas, not journeys)"
                            if personas_checked else ""))
    journeys = [j for j in loaded.journeys if not tags or tags & set(j.tags)]
    if not journeys:
        raise UsageError(f"no journey is tagged {' or '.join(sorted(tags))}"
                         + _tag_hint(tags, loaded.journeys))
    return settings, journeys


def _tag_hint(asked: set[str], journeys: list[Journey]) -> str:
    """`--tag nightlly`: the nearest tag in use, and the tags there are."""
    from runner.journey.schema_check import did_you_mean

    known = sorted({tag for j in journeys for tag in j.tags})
    if not known:
        return " (no journey has tags)"
    hints = [hint for tag in sorted(asked) if (hint := did_you_mean(tag, known))]
    return ": " + " ".join([*hints, f"Tags in use: {', '.join(known)}"])


def _report_problems(loaded: Loaded) -> None:
    for warning in loaded.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if loaded.errors:
        for error in loaded.errors:
            print(error.render(), file=sys.stderr)
        count = len(loaded.errors)
        raise UsageError(f"{count} problem{'s' if count != 1 else ''} in the journey files")


# --- shopper schedule ---------------------------------------------------------------------

def cmd_schedule(args: argparse.Namespace) -> int:
    from runner.mail.sinks import run_sinks
    from runner.nightly.pool import BrowserRequest, Plan, ResultsNotWritable, RunOutcome
    from runner.nightly.scheduler import Scheduler, mailboxes_of
    from runner.nightly.workers import WorkerPool
    from runner.report.render import render_run
    from runner.walk.engine import RunOptions

    settings, journeys = _prepare(args, secrets_required=True)
    scheduled = [j for j in journeys if j.schedule]
    if not scheduled:
        raise UsageError("none of the selected journeys has a `schedule:`")
    if args.mailbox:
        problem = mailbox_problem(args.mailbox)
        if problem:
            raise UsageError(f"--mailbox: {problem}")
        settings.mailbox = args.mailbox
    _need_display(args)
    _need_ffmpeg(args)
    out = Path(args.out) if args.out else settings.out
    plan = Plan(workers=args.workers or settings.workers, retries=args.retries,
                retry_after_submit=_retry_after_submit(args, settings))
    request = BrowserRequest(name=args.browser or settings.browser,
                             endpoint=args.browser_endpoint, headed=args.headed)

    def run_ended(run_id: str, outcome: RunOutcome) -> None:
        index = _render_reports(lambda: render_run(out, run_id, fail_on=args.fail_on), out,
                                run_id, args.fail_on)
        print(f"Report: {index.resolve()}", flush=True)
        _notify(settings, out, outcome.results, scheduled)

    lock = _schedule_lock(out)
    if lock is None:
        if args.once:  # cron started us while the last one still walks: nothing to do
            print(f"Another `shopper schedule` is walking into {out}; nothing done")
            return ExitStatus.OK
        raise UsageError(f"another `shopper schedule` is already running for {out}")
    with lock, run_sinks(mailboxes_of(scheduled, settings), out / "mail" / "schedule") \
            as sinks, WorkerPool(plan.workers, request) as pool:
        scheduler = Scheduler(scheduled, settings, out, pool, plan=plan, base_url=args.base_url,
                              trace=args.trace, video=args.video, grace_s=args.grace,
                              mail_sinks=sinks,
                              keep_secret_traces=args.keep_secret_traces,
                              on_result=_progress, on_run_end=run_ended,
                              log=lambda line: print(line, flush=True))

        signalled: list[int] = []

        def stop(signum: int, frame: object) -> None:
            # Only flags: printing here could collide with a progress line being printed.
            if scheduler.stopping:  # asked twice: do not wait any longer
                scheduler.grace_s = 0
            scheduler.stopping = True
            signalled.append(signum)

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        _warn_mail_without_mailbox(scheduled, RunOptions(run_id="-", run_dir=out,
                                                         settings=settings))
        if args.once:
            results = scheduler.once()
            if scheduler.unwritten:
                raise ResultsNotWritable(f"{scheduler.unwritten} result(s) could not be "
                                         f"written to {out}")
            if signalled:
                return ExitStatus.INTERRUPTED
            if not results:
                print("Nothing is due: every scheduled journey's latest slot has a run")
            return _exit_status(results, args.fail_on) if results else ExitStatus.OK
        scheduler.serve()  # it says when each journey walks next, then after every slot
        print(f"Stopping: running journeys got up to {args.grace:.0f} s to finish")
    print("Stopped.")
    return ExitStatus.OK


def _schedule_lock(out: Path):  # noqa: ANN202 - an open file, or None
    """One scheduler per reports folder: a walk in progress is not in the history yet, so a
    second scheduler (an overlapping cron `--once`) would start the same journey again."""
    return _folder_lock(out, ".schedule.lock", wait=False)


def _folder_lock(out: Path, name: str, *, wait: bool):  # noqa: ANN202 - an open file, or None
    """An exclusive lock on `out/name`, released when the returned file is closed; None
    when it is held elsewhere and `wait` is false."""
    import fcntl

    from runner.nightly.pool import ResultsNotWritable

    try:
        out.mkdir(parents=True, exist_ok=True)
        handle = open(out / name, "w")  # noqa: SIM115 - held as long as the caller needs
    except OSError as exc:
        raise ResultsNotWritable(f"cannot write to {out}: {exc.strerror or exc}") from exc
    try:
        fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle


# --- shopper list --------------------------------------------------------------------------

def cmd_list(args: argparse.Namespace) -> int:
    """Each journey with its channel, tags, schedule, next walk, and its last walk in `--out`
    with how that walk ended."""
    from datetime import UTC, datetime

    from runner.journey.schedule_phrase import parse_schedule
    from runner.nightly.scheduler import SLOT_MARK
    from runner.nightly.slots import local_text, next_slot, zone
    from runner.results import store

    settings, journeys = _prepare(args, secrets_required=False)
    out = Path(args.out) if args.out else settings.out
    tz, now = zone(settings.timezone), datetime.now(UTC)
    conn = store.connect(out) if (out / "history.sqlite").is_file() else None
    rows = [("JOURNEY", "CHANNEL", "TAGS", "SCHEDULE", "NEXT WALK", "LAST WALK", "STATUS")]
    try:
        statuses = ({row["journey_id"]: row["status"] for row in store.latest_per_journey(conn)}
                    if conn is not None else {})
        for journey in sorted(journeys, key=lambda j: j.id):
            last = store.latest_start(conn, journey.id) if conn is not None else None
            scheduled = (store.latest_start(conn, journey.id, run_id_ending=SLOT_MARK)
                         if conn is not None else None)
            when = (local_text(next_slot(parse_schedule(journey.schedule), now, tz), tz)
                    if journey.schedule else "-")
            last_text = "never" if last is None else local_text(_moment(last), tz)
            if last is not None and scheduled != last:
                last_text += " (by hand)"
            rows.append((journey.id, journey.channel, ",".join(journey.tags) or "-",
                         journey.schedule or "by hand only", when, last_text,
                         statuses.get(journey.id, "-")))
    finally:
        if conn is not None:
            conn.close()
    _print_table(rows)
    return ExitStatus.OK


def _print_table(rows: list[tuple[str, ...]]) -> None:
    """Columns padded to their widest cell; the last one is not, so lines end with text."""
    widths = [max(len(row[n]) for row in rows) for n in range(len(rows[0]) - 1)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
              + "  " + row[-1])


def _moment(text: str):  # noqa: ANN202 - a datetime
    from datetime import datetime

    return datetime.fromisoformat(text.replace("Z", "+00:00"))


# --- shopper validate ----------------------------------------------------------------------

def cmd_validate(args: argparse.Namespace) -> int:
    _, journeys = _prepare(args, secrets_required=False, personas_only=True)
    for journey in journeys:
        print(f"ok  {journey.file}  {journey.name} ({len(journey.steps)} steps)")
    for file, book in args.personas_checked:
        count = len(book.personas)
        print(f"ok  {file}  {count} persona{'s' if count != 1 else ''}")
    return ExitStatus.OK


# --- shopper report ------------------------------------------------------------------------

def cmd_report(args: argparse.Namespace) -> int:
    from runner.report.render import render_all
    from runner.results import store

    out = Path(args.out or "reports")
    if args.merge:
        from runner.results.merge import merge

        added = merge(out, [Path(folder) for folder in args.merge])
        print(f"Merged {added} result files from {len(args.merge)} folder"
              f"{'s' if len(args.merge) != 1 else ''} into {out}")
    if args.rebuild:
        print(f"History rebuilt from {store.rebuild(out)} result files")
    index = _render_reports(lambda: render_all(out, fail_on=args.fail_on), out, None,
                            args.fail_on, "cannot write the report")
    if index is None:
        raise UsageError(f"no runs in {out}/runs to report on")
    print(f"Report: {index.resolve()}")
    return ExitStatus.OK


# --- shopper demo --------------------------------------------------------------------------

def cmd_demo(args: argparse.Namespace) -> int:
    from runner.demo import DemoSite
    from runner.mail.smtp_sink import SmtpSink

    out = Path(args.out or "reports")
    with SmtpSink(out / "mail") as sink, \
            DemoSite(smtp=sink.address, switches=args.switch) as site:
        support = site.support()
        if args.serve:
            print(f"Demo site: {site.url}\nMail sink: smtp://{sink.address} "
                  f"(messages in {out / 'mail'})\nSupport inbox: {support['address']} "
                  f"(outgoing: smtp://{support['smtp']})\nPress Ctrl-C to stop.", flush=True)
            try:
                while site.process and site.process.poll() is None:
                    time.sleep(0.5)
            except KeyboardInterrupt:
                return ExitStatus.OK
            return ExitStatus.TOOL
        args.paths = [str(bundled_journeys())]
        args.base_url = site.url
        settings, journeys = _prepare(args, secrets_required=True)
        # The journeys read the demo's own sink (already listening): no second one.
        settings.mailbox = f"smtp://{sink.address}"
        # The email journey writes to the demo shop's own support inbox.
        if support.get("smtp"):
            settings.outgoing = f"smtp://{support['smtp']}"
        return _run(journeys, settings, args, mail_sinks={sink.address: sink.maildir_path})


# --- shopper record ------------------------------------------------------------------------

def cmd_record(args: argparse.Namespace) -> int:
    from playwright.sync_api import sync_playwright

    from runner.record.journey_file import check_persona, default_output, write_journey
    from runner.record.recording import Recorder
    from runner.walk.display import require_display

    if "://" not in args.url:  # "localhost:8000/contact", as people type it
        args.url = f"http://{args.url}"
    output = Path(args.output) if args.output else default_output(args.url)
    if output.exists() and not args.force:
        raise UsageError(f"{output} already exists: give another -o, or --force to replace it")
    check_persona(output, args.persona)
    if not args.headless:
        require_display("shopper record", f"shopper record {args.url} …", os.environ,
                        "record --headless and drive the page over its DevTools endpoint")
    with sync_playwright() as pw:
        recording = Recorder(pw, args.url, headless=args.headless,
                             say=lambda line: print(line, flush=True)).record()
    written = write_journey(recording, args.url, output, args.persona)
    for note in recording.notes:
        print(f"note: {note}", file=sys.stderr)
    persona = f" as {written.persona}" if written.persona else ""
    ack = "" if written.acknowledged else "; no expect_ack proposed: no new text appeared " \
                                          "after the last click or key press"
    print(f"wrote {written.path} ({written.steps} steps{persona}){ack}")
    print(f"Next: `shopper validate {written.path}`, then `shopper run {written.path}`.")
    return ExitStatus.OK


# --- shopper init --------------------------------------------------------------------------

def cmd_init(args: argparse.Namespace) -> int:
    target = Path(args.dir)
    source = bundled_journeys()
    files = sorted(p for p in source.iterdir() if p.suffix in (".yaml", ".yml"))
    clashes = [target / p.name for p in files if (target / p.name).exists()]
    if clashes:
        raise UsageError(f"{clashes[0]} already exists: init never overwrites journeys")
    target.mkdir(parents=True, exist_ok=True)
    # The schema goes beside the journeys so editors validate them wherever they live.
    schema = target / "journey.schema.json"
    shutil.copyfile(Path(__file__).parent / "journey" / "schema.json", schema)
    for path in files:
        text = path.read_text(encoding="utf-8").replace(
            "$schema=../runner/journey/schema.json", f"$schema={schema.name}")
        (target / path.name).write_text(text, encoding="utf-8")
        print(f"wrote {target / path.name}")
    print(f"wrote {schema} (for editors: see the first line of each journey)")
    _write_starter_settings(target.parent)
    print(f"Next: set SHOP_URL to your site, edit the journeys, then `shopper validate {target}`"
          f" and `shopper run {target}`.")
    return ExitStatus.OK


def _write_starter_settings(folder: Path) -> None:
    """A commented shopper.yaml where `shopper` looks for it (beside the journeys folder),
    with its schema for editors; one already there is the user's and is left alone."""
    settings = folder / "shopper.yaml"
    if settings.exists():
        print(f"kept {settings} (it already exists)")
        return
    journey_dir = Path(__file__).parent / "journey"
    shutil.copyfile(journey_dir / "settings_schema.json", folder / "shopper.schema.json")
    shutil.copyfile(journey_dir / "starter_shopper.yaml", settings)
    print(f"wrote {settings} (every setting, commented) and {folder / 'shopper.schema.json'}")


# --- arguments -------------------------------------------------------------------------------

def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="shopper", description="Be a customer of your own business: walk YAML customer "
        "journeys in a real browser and report friction, dead ends and missing "
        "acknowledgements.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--traceback", action="store_true",
                         help="show the stack trace of an error")

    def running(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--config", metavar="FILE", help="settings file (default: shopper.yaml)")
        sub.add_argument("--out", metavar="DIR", help="reports folder (default: reports)")
        sub.add_argument("--browser", choices=("chromium", "firefox", "webkit"))
        sub.add_argument("--headed", action="store_true", help="show the browser window")
        sub.add_argument("--fail-on", default="critical", choices=SEVERITIES,
                         help="exit 1 on findings at or above this severity (default: critical)")
        sub.add_argument("--trace", default="retain-on-failure",
                         choices=("on", "off", "retain-on-failure"),
                         help="keep Playwright traces (default: of failed journeys)")
        sub.add_argument("--video", default="off", choices=("on", "off", "retain-on-failure"),
                         help="record a video of every journey and keep it (on), keep only "
                         "those of failed journeys (retain-on-failure), or record none "
                         "(default: off; recording costs CPU on every journey)")
        sub.add_argument("--keep-secret-traces", action="store_true",
                         help="keep traces and videos of journeys that typed a ${secrets.X} "
                         "too (a trace records the page and network verbatim, a video what "
                         "was typed)")
        sub.add_argument("--workers", type=_count_arg(1), metavar="N",
                         help="journeys walked at once, one browser each (default: "
                         "shopper.yaml's workers, else 1)")
        sub.add_argument("--retries", type=_count_arg(0), default=0, metavar="N",
                         help="walk again a journey that failed in a way that may not be the "
                         "site's, before it sent a form; one that passes on retry is `flaky`")
        sub.add_argument("--repeat", type=_count_arg(1), default=1, metavar="N",
                         help="walk each journey N times")
        sub.add_argument("--retry-after-submit", action="store_true",
                         help="retry even a journey that had already sent a form (a POST "
                         "reached the site): only where sending twice does no harm")

    run = commands.add_parser("run", help="walk journeys, write results and reports")
    run.add_argument("paths", nargs="*", metavar="PATH", help="journey files or folders")
    run.add_argument("--base-url", help="the site to shop at (overrides the journeys')")
    run.add_argument("--tag", action="append", help="only journeys with this tag (repeatable)")
    run.add_argument("--browser-endpoint", metavar="WS_URL", help="a remote Playwright browser")
    run.add_argument("--shard", type=_shard_arg, metavar="I/N",
                     help="walk only the I-th of N equal shares of the journeys (from 1)")
    run.add_argument("--list", action="store_true", help="print the journeys this run would "
                     "walk (after --tag and --shard) and exit, without a browser")
    run.add_argument("--mailbox", metavar="URL", help="where personas' mail is read: "
                     "smtp://HOST:PORT (a sink of our own), imap(s)://USER:PASSWORD@HOST/FOLDER "
                     "or maildir:PATH (overrides shopper.yaml)")
    run.add_argument("--debug", action="store_true", help="headed, one journey at a time, "
                     "paused before each step in the Playwright Inspector, the step's YAML shown")
    run.add_argument("--no-progress", action="store_true", help="no live progress (on a "
                     "terminal) or per-step lines (elsewhere); only a line per journey")
    running(run)
    common(run)
    run.set_defaults(handler=cmd_run)

    sched = commands.add_parser("schedule", help="stay up and walk each journey on its "
                                "`schedule:`")
    sched.add_argument("paths", nargs="*", metavar="PATH", help="journey files or folders")
    sched.add_argument("--once", action="store_true", help="walk each scheduled journey whose "
                       "latest slot has no run yet, then exit (for cron and CI)")
    sched.add_argument("--grace", type=float, default=30.0, metavar="SECONDS",
                       help="on SIGINT/SIGTERM, how long running journeys may finish "
                       "(default 30)")
    sched.add_argument("--base-url", help="the site to shop at (overrides the journeys')")
    sched.add_argument("--tag", action="append", help="only journeys with this tag")
    sched.add_argument("--browser-endpoint", metavar="WS_URL", help="a remote Playwright browser")
    sched.add_argument("--mailbox", metavar="URL", help="where personas' mail is read")
    running(sched)
    common(sched)
    sched.set_defaults(handler=cmd_schedule)

    listing = commands.add_parser("list", help="each journey with its schedule, next walk "
                                  "and last walk")
    listing.add_argument("paths", nargs="*", metavar="PATH", help="journey files or folders")
    listing.add_argument("--config", metavar="FILE")
    listing.add_argument("--out", metavar="DIR", help="reports folder whose history tells the "
                         "last walk (default: reports)")
    listing.add_argument("--tag", action="append", help="only journeys with this tag")
    common(listing)
    listing.set_defaults(handler=cmd_list)

    validate = commands.add_parser("validate", help="check journeys without a browser")
    validate.add_argument("paths", nargs="*", metavar="PATH")
    validate.add_argument("--config", metavar="FILE")
    common(validate)
    validate.set_defaults(handler=cmd_validate)

    report = commands.add_parser("report", help="re-render every report from the results")
    report.add_argument("--out", metavar="DIR")
    report.add_argument("--fail-on", default="critical", choices=SEVERITIES)
    report.add_argument("--merge", nargs="+", metavar="DIR",
                        help="fold these reports folders (e.g. one per --shard) into --out "
                        "first")
    report.add_argument("--rebuild", action="store_true",
                        help="recreate history.sqlite from the result files first")
    common(report)
    report.set_defaults(handler=cmd_report)

    demo = commands.add_parser("demo", help="run the bundled journeys on the bundled demo site")
    demo.add_argument("--serve", action="store_true",
                      help="only start the demo site and mail sink, until interrupted")
    demo.add_argument("--switch", action="append", default=[], metavar="NAME[=VALUE]",
                      help="turn a defect or construction of the demo site on (repeatable), "
                           "e.g. consent_banner, iframe_form, german, header_thank_you")
    running(demo)
    common(demo)
    demo.set_defaults(handler=cmd_demo, paths=None, tag=None, base_url=None, shard=None)

    record = commands.add_parser("record", help="walk the site yourself in a browser and "
                                 "write what you did as a journey")
    record.add_argument("url", help="where the journey starts, e.g. http://127.0.0.1:8000/contact")
    record.add_argument("-o", "--output", metavar="FILE",
                        help="the journey file to write (default: journeys/<path>.yaml)")
    record.add_argument("--persona", metavar="NAME", help="write typed values of this persona "
                        "(personas.yaml beside the journey) as ${persona.…} (default: the "
                        "persona most typed values belong to)")
    record.add_argument("--headless", action="store_true", help="no window: drive the page "
                        "over the DevTools endpoint printed at start (tests, remote machines)")
    record.add_argument("--force", action="store_true", help="replace an existing file")
    common(record)
    record.set_defaults(handler=cmd_record)

    init = commands.add_parser("init", help="write a starter journeys/ folder")
    init.add_argument("dir", nargs="?", default="journeys")
    common(init)
    init.set_defaults(handler=cmd_init)
    return parser


if __name__ == "__main__":
    sys.exit(main())
