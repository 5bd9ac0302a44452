"""`shopper schedule`: walk each journey on its `schedule:`, night after night.

Each journey's phrase gives its slots (slots.py: wall-clock times, and intervals aligned to
the clock). Journeys due at the same moment form one run (one run id, one run page). Only
the scheduler's own walks fill a slot (their run ids end in `-slot`): a `shopper run` by hand
at 01:55 is not the 02:00 walk. After start-up and after each slot it says when each journey
walks next. A journey still walking when its next slot comes is
not started twice: that slot is recorded as `skipped`. Slots missed while the scheduler was
down are listed on start-up, recorded as `skipped`, and made up for by one catch-up walk.
On SIGINT/SIGTERM nothing new starts; running journeys get a grace period to finish, then
are ended and recorded as `aborted`.

The scheduler never dies of one journey: a worker that crashes or hangs comes back as an
`error` result (workers.py), and anything else that goes wrong with one slot is printed and
recorded as `error` while the other jobs stay scheduled.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from runner.config import Settings
from runner.journey.model import Journey
from runner.journey.schedule_phrase import parse_schedule
from runner.nightly.pool import Plan, RunOutcome, ensure_writable, run_mailboxes, settle
from runner.nightly.slots import iso, latest_slot, local_text, next_slot, zone
from runner.nightly.tasks import Task
from runner.nightly.workers import WorkerPool, unfinished
from runner.results import store
from runner.results.model import RunResult
from runner.walk.engine import RunOptions, new_run_id

TICK_S = 1.0
SLOT_MARK = "-slot"  # ends the run id of the scheduler's own walks
DEFAULT_GRACE_S = 30.0


@dataclass
class SlotRun:
    """The journeys of one slot: one run id, finished when every task is settled."""

    options: RunOptions
    waiting: set[int] = field(default_factory=set)
    outcome: RunOutcome = field(default_factory=RunOutcome)


@dataclass
class Scheduler:
    journeys: list[Journey]
    settings: Settings
    out: Path
    pool: WorkerPool
    plan: Plan = field(default_factory=Plan)
    base_url: str | None = None
    trace: str = "retain-on-failure"
    video: str = "off"
    keep_secret_traces: bool = False
    grace_s: float = DEFAULT_GRACE_S
    mail_sinks: dict[str, Path] = field(default_factory=dict)
    on_result: Callable[[RunResult], None] | None = None
    on_run_end: Callable[[str, RunOutcome], None] | None = None
    log: Callable[[str], None] = print
    now: Callable[[], datetime] = lambda: datetime.now(UTC)
    stopping: bool = False
    unwritten: int = 0  # results that could not be written (exit 3 for `--once`)
    _next: dict[str, datetime] = field(default_factory=dict)  # journey id -> next slot
    _due: list[Journey] = field(default_factory=list)
    _runs: dict[str, SlotRun] = field(default_factory=dict)  # still walking
    _done: list[SlotRun] = field(default_factory=list)  # kept only for `once()`'s answer
    _remember_done: bool = False
    _keys: int = 0

    def __post_init__(self) -> None:
        self.scheduled = [j for j in self.journeys if j.schedule]
        self._tz = zone(self.settings.timezone)
        now = self.now()
        for journey in self.scheduled:
            self._next[journey.id] = next_slot(parse_schedule(journey.schedule), now, self._tz)

    def next_walks(self) -> list[tuple[Journey, datetime]]:
        """Each scheduled journey and its next slot (UTC), soonest first."""
        return sorted(((j, self._next[j.id]) for j in self.scheduled if j.id in self._next),
                      key=lambda pair: (pair[1], pair[0].id))

    def log_next_walks(self) -> None:
        for journey, when in self.next_walks():
            self.log(f"Next walk: {journey.id}  {journey.schedule}  at "
                     f"{local_text(when, self._tz)}")

    # --- the two ways to be run -------------------------------------------------------------

    def serve(self) -> None:
        """Until `stopping` is set: catch up on missed slots, then walk journeys as they fall
        due. Then wind down (grace period, `aborted`)."""
        missed = self.missed()
        for journey, when in missed:
            self.log(f"missed: {journey.id} was due at {when} while the scheduler was down; "
                     "walking it once now")
        if missed:
            self._record_missed(missed)
            self.start_slot([journey for journey, _ in missed])
        self.log_next_walks()
        while not self.stopping:
            try:
                self.tick(TICK_S)
            except Exception as exc:  # noqa: BLE001 - the scheduler outlives any one slot
                self.log(f"error: {exc}; the scheduler carries on")
                time.sleep(TICK_S)
        self.wind_down()

    def once(self) -> list[RunResult]:
        """`--once`: walk each scheduled journey whose latest slot has no run yet; wait."""
        self._remember_done = True
        due = [journey for journey, _ in self.missed(first_run_counts=True)]
        if due:
            self.start_slot(due)
        while self._runs and not self.stopping:
            self._collect(TICK_S)
        self.wind_down()
        return [result for run in self._done for result in run.outcome.results]

    # --- slots ------------------------------------------------------------------------------

    def tick(self, timeout: float) -> None:
        now = self.now()
        for journey in self.scheduled:
            when = self._next.get(journey.id)
            if when is not None and when <= now:
                self._due.append(journey)
                self._next[journey.id] = next_slot(parse_schedule(journey.schedule), now,
                                                   self._tz)
        if self._due:
            due, self._due = list({j.id: j for j in self._due}.values()), []
            self.start_slot(due)
        self._collect(timeout)

    def start_slot(self, journeys: list[Journey]) -> SlotRun:
        run = SlotRun(self._new_run_options())
        options, run_id = run.options, run.options.run_id
        self._runs[run_id] = run
        for journey in journeys:
            task = self._task(journey, options)
            try:
                ensure_writable(options.run_dir)
                if self.pool.walking(journey.id):
                    self._settle(run, task, unfinished(
                        task, "skipped", "still running: the previous slot's walk had not "
                        "finished"))
                    continue
                run.waiting.add(task.key)
                self.pool.submit(task)
            except Exception as exc:  # noqa: BLE001 - one slot's trouble stops nothing else
                run.waiting.discard(task.key)
                self.log(f"error: {journey.id}: the slot could not start: {exc}")
                self._settle(run, task, unfinished(task, "error", f"could not start: {exc}"))
        self._finish_if_done(run_id)
        return run

    def missed(self, *, first_run_counts: bool = False) -> list[tuple[Journey, str]]:
        """Scheduled journeys whose latest slot has passed with no walk since. A journey with
        no history at all counts only for `--once` (`first_run_counts`): a scheduler started
        for the first time waits for the first slot."""
        found: list[tuple[Journey, str]] = []
        now = self.now()
        tz = zone(self.settings.timezone)
        conn = _history(self.out)
        try:
            for journey in self.scheduled:
                last = (store.latest_start(conn, journey.id, run_id_ending=SLOT_MARK)
                        if conn else None)
                if last is None and not first_run_counts:
                    continue
                slot = latest_slot(parse_schedule(journey.schedule), now, tz)
                if slot is not None and (last is None or last < iso(slot)):
                    found.append((journey, iso(slot)))
        finally:
            if conn is not None:
                conn.close()
        return found

    def wind_down(self) -> None:
        """Nothing new: journeys not begun are `skipped`; running ones get `grace_s` to
        finish (a second signal may shorten it: it is read again on every turn), then are
        `aborted`."""
        self.stopping = True
        self._next.clear()
        self._record_ended(self.pool.drop_pending("the scheduler was stopping"))
        began = time.monotonic()
        while self._runs and time.monotonic() < began + self.grace_s:
            self._collect(min(TICK_S, max(0.05, began + self.grace_s - time.monotonic())))
        self._record_ended(self.pool.abort(f"the scheduler stopped; not finished within the "
                                           f"{self.grace_s:.0f} s grace period"))
        self.pool.close()

    def _record_ended(self, ended: list[tuple[Task, RunResult]]) -> None:
        for task, result in ended:
            run = self._runs.get(task.options.run_id)
            if run is not None:
                run.waiting.discard(task.key)
                self._settle(run, task, result)
                self._finish_if_done(task.options.run_id)

    # --- inside -----------------------------------------------------------------------------

    def _task(self, journey: Journey, options: RunOptions) -> Task:
        self._keys += 1
        return Task(self._keys, journey, replace(options))

    def _collect(self, timeout: float) -> None:
        for task, result in self.pool.poll(timeout):
            run = self._runs.get(task.options.run_id)
            if run is None:
                continue
            run.waiting.discard(task.key)
            retries = 0 if self.stopping else self.plan.retries
            again = self._settle(run, task, result, retries)
            if again is not None:
                run.waiting.add(again.key)
                self.pool.submit(again)
            self._finish_if_done(task.options.run_id)

    def _settle(self, run: SlotRun, task: Task, result: RunResult,
                retries: int = 0) -> Task | None:
        try:
            return settle(task, result, retries, run.outcome, self.on_result,
                          retry_after_submit=self.plan.retry_after_submit)
        except Exception as exc:  # noqa: BLE001 - a result that cannot be written is reported
            self.log(f"error: {task.journey.id}: its result could not be written: {exc}")
            self.unwritten += 1
            return None

    def _finish_if_done(self, run_id: str) -> None:
        run = self._runs.get(run_id)
        if run is None or run.waiting:
            return
        del self._runs[run_id]
        if self._remember_done:  # a scheduler up for months must not hoard its results
            self._done.append(run)
        if self.on_run_end is not None and run.outcome.results:
            try:
                self.on_run_end(run_id, run.outcome)
            except Exception as exc:  # noqa: BLE001 - a report that fails loses no result
                self.log(f"error: run {run_id}: the report could not be rendered: {exc}")
        if not self.stopping and run.outcome.results:
            self.log_next_walks()

    def _new_run_options(self) -> RunOptions:
        run_id = new_run_id() + SLOT_MARK
        return RunOptions(run_id=run_id, run_dir=self.out / "runs" / run_id,
                          settings=self.settings, base_url=self.base_url, trace=self.trace,
                          video=self.video,
                          mail_sinks=dict(self.mail_sinks),
                          keep_secret_traces=self.keep_secret_traces)

    def _record_missed(self, missed: list[tuple[Journey, str]]) -> None:
        run = SlotRun(self._new_run_options())
        ensure_writable(run.options.run_dir)
        for journey, when in missed:
            task = self._task(journey, run.options)
            self._settle(run, task, unfinished(
                task, "skipped", f"missed: due at {when} while the scheduler was not running"))
        self._runs[run.options.run_id] = run
        self._finish_if_done(run.options.run_id)


def mailboxes_of(journeys: list[Journey], settings: Settings) -> list[str | None]:
    """Every mailbox configured for the scheduled journeys, whatever their steps (their SMTP
    sinks live as long as we do; see pool.run_mailboxes)."""
    return run_mailboxes(journeys, RunOptions(run_id="-", run_dir=Path("-"), settings=settings))


def _history(out: Path) -> sqlite3.Connection | None:
    if not (out / "history.sqlite").exists():
        return None
    return store.connect(out)
