"""Which files are journeys; durations and schedule phrases as people write them."""

from __future__ import annotations

from pathlib import Path

import pytest

from runner.errors import ShopperError
from runner.journey.durations import parse_duration
from runner.journey.load import discover
from runner.journey.schedule_phrase import ScheduleSpec, parse_schedule


def test_a_folder_gives_its_yaml_files_sorted_except_personas_and_settings(tmp_path: Path):
    for name in ["b.yml", "a.yaml", "personas.yaml", "shopper.yaml", "notes.txt"]:
        (tmp_path / name).write_text("x")
    assert [path.name for path in discover([tmp_path])] == ["a.yaml", "b.yml"]


def test_files_are_taken_as_given(tmp_path: Path):
    (tmp_path / "z.yaml").write_text("x")
    (tmp_path / "a.yaml").write_text("x")
    assert discover([tmp_path / "z.yaml", tmp_path / "a.yaml"]) == [
        tmp_path / "z.yaml", tmp_path / "a.yaml"]


def test_a_missing_path_is_a_user_error(tmp_path: Path):
    with pytest.raises(ShopperError, match="no such file or folder"):
        discover([tmp_path / "nope"])


@pytest.mark.parametrize(("text", "ms"), [("250ms", 250), ("5s", 5000), ("1.5s", 1500),
                                          ("2m", 120_000), ("1h", 3_600_000)])
def test_durations(text, ms):
    assert parse_duration(text) == ms


@pytest.mark.parametrize(("text", "message"), [
    ("5", "`5` has no unit: write 5ms, 5s, 5m or 5h"),
    ("5 parsecs", "`5 parsecs` is not a duration: write a number and a unit, like 250ms, 5s, "
                  "2m or 1h")])
def test_a_duration_needs_a_known_unit(text, message):
    with pytest.raises(ValueError) as raised:
        parse_duration(text)
    assert str(raised.value) == message


@pytest.mark.parametrize(("text", "spec"), [
    ("every 30 seconds", ScheduleSpec("interval", "every 30 seconds", every_seconds=30)),
    ("every 1 minute", ScheduleSpec("interval", "every 1 minute", every_seconds=60)),
    ("every 6 hours", ScheduleSpec("interval", "every 6 hours", every_seconds=21600)),
    ("hourly", ScheduleSpec("hourly", "hourly", every_seconds=3600)),
    ("daily at 02:00", ScheduleSpec("daily", "daily at 02:00", hour=2, minute=0)),
    ("weekdays at 9:30", ScheduleSpec("weekdays", "weekdays at 9:30", hour=9, minute=30)),
    ("Monday at 23:59", ScheduleSpec("weekday", "Monday at 23:59", hour=23, minute=59,
                                     weekday=0)),
    ("sunday at 07:00", ScheduleSpec("weekday", "sunday at 07:00", hour=7, minute=0,
                                     weekday=6)),
])
def test_schedule_phrases(text, spec):
    assert parse_schedule(text) == spec


@pytest.mark.parametrize("text", ["nightly", "daily at 25:00", "every 0 minutes",
                                  "every day", "funday at 10:00", "daily at noon"])
def test_anything_else_is_not_a_schedule(text):
    with pytest.raises(ValueError):
        parse_schedule(text)


def test_a_schedule_tells_its_time():
    assert parse_schedule("daily at 2:05").at == "02:05"
