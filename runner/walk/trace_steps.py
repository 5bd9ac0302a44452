"""Each YAML step as a named group in the journey's trace, at no cost to a passing journey.

The trace viewer shows a journey as its steps ("3. click Send", at the step's line of the
journey file) with the customer's actions of each inside: Playwright's `tracing.group`. Made
live, a group is two round trips to the driver a step, ~15 of a bundled journey's ~240
messages (~6 ms of CPU, bench/round_trip.py), on every journey; yet the light trace, the
default for a first attempt, is kept only for a journey that did not pass. So a light trace
has its steps marked as they go, with no message (the next call number of this Python's
connection to the driver, and the clock), and written in when the trace is kept: the events
Playwright writes for a group, and each action of the step pointing to its group
(`parentId`), as Playwright marks an action made inside one. A full trace (`--trace on`, a
retry) is Playwright's own, its groups made live.

The call numbers come from Playwright's private `_connection._next_call_id` (Playwright
1.65); where it is missing, the groups are made live.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from playwright.sync_api import Error

from runner.walk import untraced

if TYPE_CHECKING:  # not exported by playwright.sync_api
    from playwright.sync_api._generated import Tracing


@dataclass
class _Step:
    title: str
    location: dict
    first_call: str  # a call id taken as the step began: its calls come after it...
    began: float  # epoch ms
    last_call: str | None = None  # ...and before this one, taken as it ended
    ended: float | None = None


@dataclass
class StepGroups:
    """The trace's step groups of one journey (see the module's docstring)."""

    tracing: Tracing
    live: bool
    _next_call_id: Any = None
    _steps: list[_Step] = field(default_factory=list)

    @classmethod
    def for_trace(cls, tracing: Tracing, live: bool) -> StepGroups:
        impl = getattr(tracing, "_impl_obj", None)
        next_call_id = getattr(getattr(impl, "_connection", None), "_next_call_id", None)
        if not callable(next_call_id):
            live = True
        return cls(tracing=tracing, live=live, _next_call_id=next_call_id)

    def begin(self, title: str, location: dict) -> None:
        if self.live:
            try:
                untraced.group(self.tracing, title, location)
            except Error:
                pass  # a trace that lost its context: the walk goes on
            return
        self._steps.append(_Step(title, location, self._next_call_id(), _now()))

    def end(self) -> None:
        if self.live:
            try:
                untraced.group_end(self.tracing)
            except Error:
                pass
            return
        if self._steps and self._steps[-1].last_call is None:
            self._steps[-1].last_call, self._steps[-1].ended = self._next_call_id(), _now()

    def write_into(self, trace: Path) -> None:
        """Put the marked steps into the kept trace `trace` (a zip, replaced whole). A trace
        that cannot be read or rewritten stays as Playwright wrote it: its actions, without
        their steps."""
        if self.live or not self._steps:
            return
        try:
            self._rewrite(trace)
        except (OSError, ValueError, KeyError, zipfile.BadZipFile):
            pass

    def _rewrite(self, trace: Path) -> None:
        with zipfile.ZipFile(trace) as kept:
            entries = [(info, kept.read(info)) for info in kept.infolist()]
        rewritten = [(info, _grouped(data, self._steps) if info.filename.endswith(".trace")
                      else data) for info, data in entries]
        handle, temporary = tempfile.mkstemp(dir=trace.parent, suffix=".zip")
        try:
            with os.fdopen(handle, "wb") as raw, zipfile.ZipFile(
                    raw, "w", zipfile.ZIP_DEFLATED) as out:
                for info, data in rewritten:
                    out.writestr(info, data)
            os.replace(temporary, trace)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def _now() -> float:
    return time.time() * 1000.0


def _ordinal(call_id: str) -> tuple[str, int] | None:
    prefix, _, number = call_id.rpartition("@")
    return (prefix, int(number)) if number.isdigit() else None


def _grouped(data: bytes, steps: list[_Step]) -> bytes:
    """The trace's events with a group's `before` and `after` for each step, and its
    actions' `parentId`."""
    lines = data.decode("utf-8").splitlines()
    events = [json.loads(line) if line.strip() else None for line in lines]
    children = _nest(events, lines, steps)
    inserts = _group_lines(events, steps, children)
    out: list[str] = []
    for index, line in enumerate(lines):
        while inserts and inserts[0][0] <= index:
            out.append(inserts.pop(0)[2])
        out.append(line)
    out.extend(line for _, _, line in inserts)
    return ("\n".join(out) + "\n").encode("utf-8")


def _nest(events: list[dict | None], lines: list[str], steps: list[_Step]
          ) -> list[list[int]]:
    """Point each action to the step it was made in (called after the step's first mark,
    before its last), in `events` and `lines`; each step's actions, by index."""
    bounds = [(_ordinal(step.first_call), _ordinal(step.last_call) if step.last_call else None)
              for step in steps]
    children: list[list[int]] = [[] for _ in steps]
    for index, event in enumerate(events):
        if not event or event.get("type") != "before" or "parentId" in event:
            continue
        call = _ordinal(str(event.get("callId", "")))
        for n, (first, last) in enumerate(bounds):
            if call and first and call[0] == first[0] and call[1] > first[1] and (
                    last is None or call[1] < last[1]):
                event["parentId"] = steps[n].first_call
                lines[index] = json.dumps(event, separators=(",", ":"))
                children[n].append(index)
                break
    return children


def _group_lines(events: list[dict | None], steps: list[_Step], children: list[list[int]]
                 ) -> list[tuple[int, int, str]]:
    """Each step's group events as (index to put it before, order, line), in order: placed
    by time among the trace's events, never after its first action, nor before its last
    action's end, nor over the next step's (the clocks of this Python and of the driver
    agree to a millisecond: the trace keeps its wall time in whole ones)."""
    clock = next((e for e in events if e and e.get("type") == "context-options"
                  and "wallTime" in e and "monotonicTime" in e), None)

    def monotonic(epoch_ms: float) -> float:  # the driver's clock, as the trace keeps time
        if clock is None:
            return 0.0
        return round(clock["monotonicTime"] + epoch_ms - clock["wallTime"], 3)

    times = _times(events)
    ends = {e.get("callId"): i for i, e in enumerate(events) if e and e.get("type") == "after"}
    spans = []  # [began, ended, start_at, end_at, kids' end, index after the kids' ends]
    for step, kids in zip(steps, children, strict=True):
        began = monotonic(step.began)
        ended = monotonic(step.ended if step.ended is not None else _now())
        start_at = _position(times, began)
        if kids:
            began = min(began, *(events[i].get("startTime", began) for i in kids))
            start_at = min(start_at, kids[0])
        after_kids = [ends[events[i]["callId"]] for i in kids if events[i]["callId"] in ends]
        kids_end = max((events[i].get("endTime", began) for i in after_kids), default=began)
        kids_at = max(after_kids) + 1 if after_kids else start_at
        spans.append([began, ended, start_at, _position(times, ended), kids_end, kids_at])
    for n, span in enumerate(spans):
        began, ended, start_at, end_at, kids_end, kids_at = span
        if n + 1 < len(spans):
            ended, end_at = min(ended, spans[n + 1][0]), min(end_at, spans[n + 1][2])
        span[1] = max(ended, kids_end, began)
        span[3] = max(end_at, kids_at, start_at)
    inserts: list[tuple[int, int, str]] = []
    for n, (step, span) in enumerate(zip(steps, spans, strict=True)):
        began, ended, start_at, end_at = span[:4]
        before = {"type": "before", "callId": step.first_call, "startTime": began,
                  "title": step.title, "class": "Tracing", "method": "tracingGroup",
                  "params": {}, "stack": [{"file": step.location["file"],
                                           "line": step.location["line"], "column": 0}]}
        after = {"type": "after", "callId": step.first_call, "endTime": ended}
        inserts.append((start_at, 2 * n, json.dumps(before, separators=(",", ":"))))
        inserts.append((end_at, 2 * n + 1, json.dumps(after, separators=(",", ":"))))
    return sorted(inserts)


def _times(events: list[dict | None]) -> list[float]:
    """Each event's moment on the driver's clock (the last one known, for those without)."""
    moment = 0.0
    found = []
    for event in events:
        if event:
            for key in ("startTime", "endTime", "time", "timestamp"):
                if isinstance(event.get(key), (int, float)):
                    moment = event[key]
                    break
        found.append(moment)
    return found


def _position(times: list[float], moment: float) -> int:
    """The index before the first event later than `moment`."""
    for index, at in enumerate(times):
        if at > moment:
            return index
    return len(times)
