"""Find run folders and read the journey results in them (README), as plain dicts.

Tolerant by design: a report that refuses to render because one file is odd helps nobody
at 2 a.m. A file that is not JSON is listed as unreadable; JSON that is not a journey result
(no `journey`, no `status`) is ignored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ATTEMPT_MARK = ".attempt-"


@dataclass(frozen=True)
class ResultFile:
    """One `<stem>.json` of a run folder and what it holds."""

    path: Path
    data: dict[str, Any]

    @property
    def stem(self) -> str:
        return self.path.stem

    @property
    def is_attempt(self) -> bool:
        """An earlier attempt of a retried journey, kept beside the final one."""
        return ATTEMPT_MARK in self.stem

    @property
    def final_stem(self) -> str:
        """The stem of the journey run this file belongs to (itself, unless an attempt)."""
        return self.stem.split(ATTEMPT_MARK, 1)[0]


@dataclass
class RunFolder:
    run_id: str
    path: Path
    results: list[ResultFile] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (file name, why)

    @property
    def finals(self) -> list[ResultFile]:
        """The journey runs of this run: what summaries, latest.json and junit.xml count."""
        return [result for result in self.results if not result.is_attempt]

    def attempts_of(self, stem: str) -> list[ResultFile]:
        return [r for r in self.results if r.is_attempt and r.final_stem == stem]

    @property
    def started_at(self) -> datetime | None:
        moments = [parse_moment(result.data.get("started_at")) for result in self.results]
        known = [moment for moment in moments if moment is not None]
        return min(known) if known else None


def parse_moment(value: object) -> datetime | None:
    """An ISO 8601 time as written in results (`...Z`), or None when absent or malformed."""
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    # A time without a zone is taken as UTC: stored times are UTC (README, Schedules).
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def read_run_folder(out_dir: Path, run_id: str) -> RunFolder:
    path = out_dir / "runs" / run_id
    if not path.is_dir():
        raise FileNotFoundError(f"no run folder {path}: nothing to report for run {run_id!r}")
    folder = RunFolder(run_id=run_id, path=path)
    for file in sorted(path.glob("*.json")):
        if file.name.startswith("."):
            continue
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            folder.unreadable.append((file.name, str(error)))
            continue
        if isinstance(data, dict) and ("journey" in data or "status" in data):
            folder.results.append(ResultFile(path=file, data=data))
    return folder


def find_run_ids(out_dir: Path) -> list[str]:
    """Every folder under `out_dir/runs` that holds at least one JSON file."""
    runs = out_dir / "runs"
    if not runs.is_dir():
        return []
    return sorted(
        child.name
        for child in runs.iterdir()
        if child.is_dir() and not child.name.startswith(".") and any(child.glob("*.json"))
    )


def newest(folders: list[RunFolder]) -> RunFolder | None:
    """The latest run: by when it started, then by id (ids sort chronologically as strings).

    A folder whose results carry no readable `started_at` falls back on its id alone.
    """
    if not folders:
        return None
    oldest_possible = datetime.min.replace(tzinfo=UTC)
    return max(folders, key=lambda folder: (folder.started_at or oldest_possible, folder.run_id))
