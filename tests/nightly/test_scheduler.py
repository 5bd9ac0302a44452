"""The scheduler's decisions, with a stand-in pool: overlaps, failures, missed slots."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from runner.journey.schedule_phrase import parse_schedule
from runner.nightly.scheduler import Scheduler
from runner.nightly.slots import latest_slot, next_slot
from runner.nightly.tasks import Task
from runner.nightly.workers import unfinished
from runner.results import store
from runner.results.model import RunResult


@dataclass
class StandInPool:
    """Holds submitted tasks until the test lets them finish; can refuse a submission."""

    held: list[Task] = field(default_factory=list)
    refuse: int = 0  # how many submissions raise before they are accepted
    finished: list[tuple[Task, RunResult]] = field(default_factory=list)
    closed: bool = False

    def submit(self, task: Task) -> None:
        if self.refuse:
            self.refuse -= 1
            raise RuntimeError("database is locked")
        self.held.append(task)

    def walking(self, journey_id: str) -> bool:
        return any(t.journey.id == journey_id for t in self.held)

    def finish_all(self, status: str = "passed") -> None:
        for task in self.held:
            result = unfinished(task, status, None) if status != "passed" else \
                _passed(task)
            self.finished.append((task, result))
        self.held.clear()

    def poll(self, timeout: float) -> list[tuple[Task, RunResult]]:
        done, self.finished = self.finished, []
        return done

    def drop_pending(self, reason: str) -> list[tuple[Task, RunResult]]:
        return []  # the stand-in hands every task to a "worker" at once

    def abort(self, reason: str) -> list[tuple[Task, RunResult]]:
        ended = [(t, unfinished(t, "aborted", reason)) for t in self.held]
        self.held.clear()
        return ended

    @property
    def idle(self) -> bool:
        return not self.held

    def close(self) -> None:
        self.closed = True


def _passed(task: Task) -> RunResult:
    result = unfinished(task, "passed", None)
    result.error = None
    for step in result.steps:
        step.status, step.skip_reason = "passed", None
    result.score = {"value": 100, "breakdown": []}
    return result


@pytest.fixture
def nightly(journeys, tmp_path):
    journeys.write("refund", """
        name: Refund
        schedule: daily at 02:00
        base_url: http://127.0.0.1:9
        steps:
          - goto: /refund
        """)
    return journeys.load("refund")


def statuses(out) -> list[str]:
    conn = store.connect(out)
    try:
        return [r[0] for r in conn.execute(
            "SELECT status FROM journey_runs ORDER BY started_at, rowid")]
    finally:
        conn.close()


def test_a_slot_that_comes_while_the_journey_still_walks_is_recorded_as_skipped(
        nightly, journeys, tmp_path):
    pool = StandInPool()
    scheduler = Scheduler(nightly, journeys.settings, tmp_path / "out", pool)
    scheduler.start_slot(nightly)
    scheduler.start_slot(nightly)  # the next slot: the first walk has not finished
    assert len(pool.held) == 1  # never two walks of one journey
    pool.finish_all()
    scheduler.tick(0)
    assert sorted(statuses(tmp_path / "out")) == ["passed", "skipped"]
    skipped = [json.loads(p.read_text()) for p in (tmp_path / "out").glob("runs/*/*.json")
               if json.loads(p.read_text())["status"] == "skipped"]
    assert "still running" in skipped[0]["error"]
    assert skipped[0]["score"] is None


def test_a_slot_that_raises_is_recorded_as_error_and_the_next_slot_runs(
        nightly, journeys, tmp_path):
    pool = StandInPool(refuse=1)
    logged: list[str] = []
    scheduler = Scheduler(nightly, journeys.settings, tmp_path / "out", pool,
                          log=logged.append)
    scheduler.start_slot(nightly)
    assert any("database is locked" in line for line in logged)
    scheduler.start_slot(nightly)
    pool.finish_all()
    scheduler.tick(0)
    assert sorted(statuses(tmp_path / "out")) == ["error", "passed"]
    assert [j.id for j, _ in scheduler.next_walks()] == ["refund"]  # still scheduled


def test_missed_slots_are_listed_recorded_and_caught_up_once(nightly, journeys, tmp_path):
    out = tmp_path / "out"
    # A walk on the 20th; the scheduler comes back on the 23rd at 09:00 (02:00 slots missed).
    pool = StandInPool()
    journeys.settings.timezone = "UTC"
    scheduler = Scheduler(nightly, journeys.settings, out, pool)
    scheduler.start_slot(nightly)
    pool.finish_all()
    scheduler.tick(0)
    # Pretend that walk happened on the 20th.
    conn = store.connect(out)
    conn.execute("UPDATE journey_runs SET started_at = '2026-11-20T02:00:05.000Z'")
    conn.commit()
    conn.close()
    logged: list[str] = []
    later = Scheduler(nightly, journeys.settings, out, pool, log=logged.append,
                      now=lambda: datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    later.stopping = True  # serve(): catch up, then wind down at once
    later.grace_s = 0
    missed = later.missed()
    assert [(j.id, when) for j, when in missed] == [("refund", "2026-11-23T02:00:00.000Z")]
    later.serve()
    assert any("missed: refund was due at 2026-11-23T02:00:00.000Z" in line for line in logged)
    found = statuses(out)
    assert found.count("skipped") == 1  # the missed slot, in the history
    assert found.count("aborted") == 1  # the single catch-up walk (stopped at once here)


def test_a_first_start_waits_for_the_first_slot_but_once_runs_what_never_ran(
        nightly, journeys, tmp_path):
    scheduler = Scheduler(nightly, journeys.settings, tmp_path / "out", StandInPool())
    assert scheduler.missed() == []
    assert [j.id for j, _ in scheduler.missed(first_run_counts=True)] == ["refund"]


def test_wind_down_waits_for_running_walks_then_aborts_what_is_left(
        nightly, journeys, tmp_path):
    pool = StandInPool()
    scheduler = Scheduler(nightly, journeys.settings, tmp_path / "out", pool, grace_s=0.3)
    scheduler.start_slot(nightly)
    scheduler.wind_down()
    assert pool.closed
    assert statuses(tmp_path / "out") == ["aborted"]
    aborted = json.loads(next((tmp_path / "out").glob("runs/*/refund.json")).read_text())
    assert "grace period" in aborted["error"]


@pytest.mark.parametrize(("phrase", "now", "zone", "expected"), [
    ("daily at 02:00", "2026-11-23T09:00", "UTC", "2026-11-23T02:00"),
    ("daily at 02:00", "2026-11-23T01:00", "UTC", "2026-11-22T02:00"),
    # Monday morning: the latest weekday slot was Friday's.
    ("weekdays at 08:30", "2026-11-23T07:00", "UTC", "2026-11-20T08:30"),
    ("sunday at 23:00", "2026-11-23T09:00", "UTC", "2026-11-22T23:00"),
    # 02:00 in London is 02:00 UTC in winter; in New York it is 07:00 UTC.
    ("daily at 02:00", "2026-11-23T09:00", "America/New_York", "2026-11-23T07:00"),
])
def test_latest_slot(phrase, now, zone, expected):
    moment = datetime.fromisoformat(now).replace(tzinfo=UTC)
    slot = latest_slot(parse_schedule(phrase), moment, ZoneInfo(zone))
    assert slot == datetime.fromisoformat(expected).replace(tzinfo=UTC)


@pytest.mark.parametrize("phrase, now, zone, latest, following", [
    # Issue 16 item 9: `every 15 minutes` counted from the last walk, not the quarter hours.
    ("every 15 minutes", "2026-11-23T09:07:30", "UTC", "2026-11-23T09:00", "2026-11-23T09:15"),
    ("every 15 minutes", "2026-11-23T09:15:00", "UTC", "2026-11-23T09:15", "2026-11-23T09:30"),
    ("hourly", "2026-11-23T09:59:59", "UTC", "2026-11-23T09:00", "2026-11-23T10:00"),
    # Whole hours of the zone's wall clock: 00, 06, 12, 18 in New York (UTC-5 in November).
    ("every 6 hours", "2026-11-23T09:00", "America/New_York", "2026-11-23T05:00",
     "2026-11-23T11:00"),
    ("daily at 02:00", "2026-11-23T09:00", "UTC", "2026-11-23T02:00", "2026-11-24T02:00"),
    ("weekdays at 08:30", "2026-11-20T09:00", "UTC", "2026-11-20T08:30", "2026-11-23T08:30"),
])
def test_slots_are_aligned_to_the_clock(phrase, now, zone, latest, following):
    moment = datetime.fromisoformat(now).replace(tzinfo=UTC)
    spec = parse_schedule(phrase)
    assert latest_slot(spec, moment, ZoneInfo(zone)) == datetime.fromisoformat(latest).replace(
        tzinfo=UTC)
    assert next_slot(spec, moment, ZoneInfo(zone)) == datetime.fromisoformat(
        following).replace(tzinfo=UTC)


def test_an_interval_walk_falls_due_on_the_clock_not_after_the_last_walk(
        journeys, tmp_path):
    journeys.write("pulse", """
        name: Pulse
        schedule: every 15 minutes
        base_url: http://127.0.0.1:9
        steps:
          - goto: /
        """)
    pulse = journeys.load("pulse")
    journeys.settings.timezone = "UTC"
    clock = [datetime(2026, 11, 23, 9, 7, 30, tzinfo=UTC)]
    pool, logged = StandInPool(), []
    scheduler = Scheduler(pulse, journeys.settings, tmp_path / "out", pool,
                          log=logged.append, now=lambda: clock[0])
    assert [(j.id, when) for j, when in scheduler.next_walks()] == [
        ("pulse", datetime(2026, 11, 23, 9, 15, tzinfo=UTC))]
    scheduler.log_next_walks()
    assert logged == ["Next walk: pulse  every 15 minutes  at 2026-11-23 09:15 UTC"]
    clock[0] = datetime(2026, 11, 23, 9, 14, 59, tzinfo=UTC)
    scheduler.tick(0)
    assert not pool.held
    clock[0] = datetime(2026, 11, 23, 9, 15, 1, tzinfo=UTC)
    scheduler.tick(0)
    assert len(pool.held) == 1
    assert scheduler.next_walks()[0][1] == datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    pool.finish_all()
    scheduler.tick(0)  # the slot ends: it says when the journey walks next
    assert logged[-1] == "Next walk: pulse  every 15 minutes  at 2026-11-23 09:30 UTC"


def test_a_walk_by_hand_does_not_fill_the_scheduled_slot(nightly, journeys, tmp_path):
    """Issue 16 item 9: a manual `shopper run` at 01:55 counted as the day's 02:00 walk...
    here a walk by hand after 02:00, in a run that is not the scheduler's."""
    from runner.nightly.pool import RunOutcome, settle
    from runner.walk.engine import RunOptions

    out = tmp_path / "out"
    journeys.settings.timezone = "UTC"
    by_hand = RunOptions(run_id="20261123t030000z-abcd", run_dir=out / "runs" /
                         "20261123t030000z-abcd", settings=journeys.settings)
    task = Task(1, nightly[0], by_hand)
    walked = _passed(task)
    walked.started_at = "2026-11-23T03:00:00.000Z"
    settle(task, walked, 0, RunOutcome(), None)
    later = Scheduler(nightly, journeys.settings, out, StandInPool(),
                      now=lambda: datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    assert [j.id for j, _ in later.missed(first_run_counts=True)] == ["refund"]
    # The scheduler's own walk of that slot does fill it.
    scheduler = Scheduler(nightly, journeys.settings, out, later.pool,
                          now=lambda: datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    scheduler.start_slot(nightly)
    later.pool.finish_all()
    scheduler.tick(0)
    assert later.missed(first_run_counts=True) == []


def test_the_machine_zone_keeps_its_daylight_saving_rules(monkeypatch):
    import time as clock

    monkeypatch.setenv("TZ", "Europe/Berlin")
    clock.tzset()
    try:
        # Summer time ended on 2026-10-25: Saturday the 31st at 02:00 in Berlin is 01:00 UTC.
        now = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
        slot = latest_slot(parse_schedule("saturday at 02:00"), now, None)
        assert slot == datetime(2026, 10, 31, 1, 0, tzinfo=UTC)
        # …and the Saturday before the change, at 02:00 summer time, was 00:00 UTC.
        slot = latest_slot(parse_schedule("saturday at 02:00"),
                           datetime(2026, 10, 24, 12, 0, tzinfo=UTC), None)
        assert slot == datetime(2026, 10, 24, 0, 0, tzinfo=UTC)
    finally:
        monkeypatch.delenv("TZ")
        clock.tzset()
