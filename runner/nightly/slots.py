"""When a journey is due: the slots of its `schedule:`, the latest one in the past and the
next one to come.

The scheduler needs the latest slot to see slots missed while it was down (and `shopper
schedule --once` to know whether it already has a run), and the next one to know when to walk
and to say so. Both come from the same parsed phrase (journey/schedule_phrase.py), in
shopper.yaml's time zone. Interval schedules are slots of the clock too: `every 15 minutes`
is :00, :15, :30 and :45, not fifteen minutes after whenever the last walk happened, so a
restart or a slow walk never shifts them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from runner.journey.schedule_phrase import ScheduleSpec

DAY_S = 86_400


def zone(name: str | None) -> tzinfo | None:
    """shopper.yaml's `timezone:`; None means the machine's own zone, with its own daylight
    saving rules (a fixed offset taken today would be an hour off across a change)."""
    return ZoneInfo(name) if name else None


def latest_slot(spec: ScheduleSpec, now: datetime, tz: tzinfo | None) -> datetime | None:
    """The most recent moment at or before `now` (aware) when `spec` was due, in UTC; `tz`
    None is the machine's zone."""
    if spec.kind in ("interval", "hourly"):
        return _interval_slots(spec.every_seconds, now, tz)[0]
    for back in range(0, 8):
        candidate = _timed_on((now.astimezone(tz) - timedelta(days=back)).date(), spec, tz)
        if candidate is not None and candidate <= now:
            return candidate.astimezone(UTC)
    return None


def next_slot(spec: ScheduleSpec, now: datetime, tz: tzinfo | None) -> datetime:
    """The first moment strictly after `now` when `spec` is due, in UTC."""
    if spec.kind in ("interval", "hourly"):
        return _interval_slots(spec.every_seconds, now, tz)[1]
    for ahead in range(0, 9):
        candidate = _timed_on((now.astimezone(tz) + timedelta(days=ahead)).date(), spec, tz)
        if candidate is not None and candidate > now:
            return candidate.astimezone(UTC)
    raise ValueError(f"`{spec.text}` has no slot in the coming week")  # cannot happen


def _timed_on(day, spec: ScheduleSpec, tz: tzinfo | None) -> datetime | None:  # noqa: ANN001
    """`spec`'s moment on that local `day`, if it is due that day (aware)."""
    if spec.kind == "weekdays" and day.weekday() > 4:
        return None
    if spec.kind == "weekday" and day.weekday() != spec.weekday:
        return None
    wall = datetime(day.year, day.month, day.day, spec.hour, spec.minute)
    # That day's own offset: a naive time made aware by the zone's rules for that date.
    return wall.replace(tzinfo=tz) if tz is not None else wall.astimezone()


def _interval_slots(every_s: int, now: datetime, tz: tzinfo | None
                    ) -> tuple[datetime, datetime]:
    """The slot at or before `now` and the one after it, in UTC. An interval that divides a
    day counts from local midnight on the wall clock (`every 6 hours` is 00:00, 06:00, 12:00
    and 18:00 in shopper.yaml's zone, across daylight saving changes too); any other counts
    from the Unix epoch."""
    if DAY_S % every_s:
        seconds = int(now.timestamp())
        start = seconds - seconds % every_s
        return (datetime.fromtimestamp(start, UTC), datetime.fromtimestamp(start + every_s, UTC))
    local = now.astimezone(tz)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
    since = (local.replace(tzinfo=None) - midnight).total_seconds()
    latest = midnight + timedelta(seconds=since - since % every_s)
    return _aware(latest, tz), _aware(latest + timedelta(seconds=every_s), tz)


def _aware(wall: datetime, tz: tzinfo | None) -> datetime:
    return (wall.replace(tzinfo=tz) if tz is not None else wall.astimezone()).astimezone(UTC)


def iso(moment: datetime) -> str:
    """The results' own timestamp format, so stored times compare as strings."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def local_text(moment: datetime, tz: tzinfo | None) -> str:
    """A slot as a person reads it: the wall clock of shopper.yaml's zone, with its name."""
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z").strip()
