"""The `schedule:` phrases of README, parsed once so the loader and the scheduler agree.

`every N seconds|minutes|hours`, `hourly`, `daily at HH:MM`, `weekdays at HH:MM`,
`<weekday> at HH:MM`. Times are wall-clock times in shopper.yaml's `timezone`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_UNIT_SECONDS = {"second": 1, "minute": 60, "hour": 3600}
PHRASES = ("every N seconds|minutes|hours", "hourly", "daily at HH:MM", "weekdays at HH:MM",
           "<weekday> at HH:MM")


@dataclass(frozen=True)
class ScheduleSpec:
    kind: Literal["interval", "hourly", "daily", "weekdays", "weekday"]
    text: str  # as written
    every_seconds: int | None = None  # for "interval" (and 3600 for "hourly")
    hour: int | None = None
    minute: int | None = None
    weekday: int | None = None  # 0 = Monday, for "weekday"

    @property
    def at(self) -> str | None:
        return None if self.hour is None else f"{self.hour:02d}:{self.minute:02d}"


def _clock(text: str, phrase: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text)
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"`{phrase}`: `{text}` is not a time of day; write HH:MM, like 02:00")
    return int(match[1]), int(match[2])


def parse_schedule(text: str) -> ScheduleSpec:
    """The schedule `text` describes; ValueError naming the accepted phrases otherwise."""
    if not isinstance(text, str):
        raise ValueError(f"a schedule is a phrase like `daily at 02:00`, not {text!r}")
    phrase = " ".join(text.lower().split())
    if phrase == "hourly":
        return ScheduleSpec("hourly", text, every_seconds=3600)
    interval = re.fullmatch(r"every (\d+) (second|minute|hour)s?", phrase)
    if interval:
        count = int(interval[1])
        if count < 1:
            raise ValueError(f"`{text}`: the interval must be at least 1")
        return ScheduleSpec("interval", text, every_seconds=count * _UNIT_SECONDS[interval[2]])
    timed = re.fullmatch(r"(\w+) at (\S+)", phrase)
    if timed:
        day, clock = timed.groups()
        if day == "daily" or day in WEEKDAYS or day.rstrip("s") in WEEKDAYS or day == "weekdays":
            hour, minute = _clock(clock, text)
            if day == "daily":
                return ScheduleSpec("daily", text, hour=hour, minute=minute)
            if day == "weekdays":
                return ScheduleSpec("weekdays", text, hour=hour, minute=minute)
            weekday = WEEKDAYS.index(day if day in WEEKDAYS else day.rstrip("s"))
            return ScheduleSpec("weekday", text, hour=hour, minute=minute, weekday=weekday)
    raise ValueError(f"`{text}` is not a schedule; write one of: " + ", ".join(PHRASES))
