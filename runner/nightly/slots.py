"""When a journey is due: its `schedule:` as a `schedule` job, and its latest slot in the past.

The `schedule` library says when to run next, but not when the last slot was; the scheduler
needs that to see slots missed while it was down, and `shopper schedule --once` needs it to
know whether the latest slot already has a run. Both answers come from the same parsed
phrase (journey/schedule_phrase.py), in shopper.yaml's time zone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

import schedule

from runner.journey.schedule_phrase import WEEKDAYS, ScheduleSpec


def zone(name: str | None) -> tzinfo | None:
    """shopper.yaml's `timezone:`; None means the machine's own zone, with its own daylight
    saving rules (a fixed offset taken today would be an hour off across a change)."""
    return ZoneInfo(name) if name else None


def add_job(scheduler: schedule.Scheduler, spec: ScheduleSpec, tz_name: str | None,
            action: Callable[[], None]) -> schedule.Job:
    """Register `action` at the times `spec` describes (wall-clock times in `tz_name`)."""
    if spec.kind in ("interval", "hourly"):
        return scheduler.every(spec.every_seconds).seconds.do(action)
    if spec.kind == "daily":
        days = [scheduler.every().day]
    elif spec.kind == "weekdays":
        days = [getattr(scheduler.every(), day) for day in WEEKDAYS[:5]]
    else:
        days = [getattr(scheduler.every(), WEEKDAYS[spec.weekday])]
    jobs = [day.at(spec.at, tz_name).do(action) if tz_name else day.at(spec.at).do(action)
            for day in days]
    return jobs[0]


def latest_slot(spec: ScheduleSpec, now: datetime, tz: tzinfo | None) -> datetime | None:
    """The most recent moment at or before `now` (aware) when `spec` was due, in UTC; `tz`
    None is the machine's zone. Interval schedules have no fixed slots: None (the caller
    compares with the interval)."""
    if spec.kind in ("interval", "hourly"):
        return None
    local = now.astimezone(tz)
    for back in range(0, 8):
        day = (local - timedelta(days=back)).date()
        if spec.kind == "weekdays" and day.weekday() > 4:
            continue
        if spec.kind == "weekday" and day.weekday() != spec.weekday:
            continue
        wall = datetime(day.year, day.month, day.day, spec.hour, spec.minute)
        # That day's own offset: a naive time made aware by the zone's rules for that date.
        candidate = wall.replace(tzinfo=tz) if tz is not None else wall.astimezone()
        if candidate <= now:
            return candidate.astimezone(UTC)
    return None


def iso(moment: datetime) -> str:
    """The results' own timestamp format, so stored times compare as strings."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
