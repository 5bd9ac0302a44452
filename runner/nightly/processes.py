"""Ending a process and everything it started, so no Chromium outlives its journey.

Playwright starts each browser in a process group of its own, so killing a worker's group
is not enough: the tree is read from /proc (parent links) and every member is killed,
children first found, all before any of them can be reaped and its pid reused.
"""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Member:
    """A process as it was seen: its start time tells it from a later one given its pid."""

    pid: int
    pgid: int
    started: int  # clock ticks after boot


def _stat(pid: int) -> tuple[str, int, int, int] | None:
    """(state, parent, process group, start time) of a process, or None if it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name is in parentheses and may hold spaces: read after the last ')'.
    fields = text[text.rfind(")") + 2:].split()
    return fields[0], int(fields[1]), int(fields[2]), int(fields[19])


def member(pid: int) -> Member | None:
    """`pid` itself, as seen now (None if it is gone)."""
    stat = _stat(pid)
    return None if stat is None else Member(pid, stat[2], stat[3])


def name_of(pid: int) -> str:
    """The process's command name ("chromium", "node"), or "" once it is gone."""
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def members(pid: int) -> list[Member]:
    """Every process below `pid`, nearest first, as seen now."""
    children: dict[int, list[Member]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))):
            children.setdefault(stat[1], []).append(Member(int(entry.name), stat[2], stat[3]))
    found: list[Member] = []
    queue = [pid]
    while queue:
        for child in children.get(queue.pop(0), []):
            found.append(child)
            queue.append(child.pid)
    return found


def descendants(pid: int) -> list[int]:
    """The pids of every process below `pid`, nearest first."""
    return [member.pid for member in members(pid)]


def still_running(seen: list[Member]) -> list[Member]:
    """Those of `seen` that run yet (the same process, not a zombie, not a new pid owner)."""
    running = []
    for member in seen:
        stat = _stat(member.pid)
        if stat is not None and stat[0] != "Z" and stat[3] == member.started:
            running.append(member)
    return running


def wait_gone(seen: list[Member], timeout: float) -> list[Member]:
    """Wait up to `timeout` s for `seen` to end; return those still running."""
    deadline = time.monotonic() + timeout
    while True:
        running = still_running(seen)
        if not running or time.monotonic() > deadline:
            return running
        time.sleep(0.05)


def kill_members(seen: list[Member]) -> None:
    """SIGKILL `seen` and their process groups (Chromium has one of its own), never ours."""
    for pgid in {member.pgid for member in seen}:
        if pgid > 1 and pgid != os.getpgrp():
            try:
                os.killpg(pgid, signal.SIGKILL)
            except OSError:
                pass
    for member in seen:
        _signal(member.pid, signal.SIGKILL)


def kill_tree(pid: int) -> list[int]:
    """SIGKILL `pid` and all its descendants; return the pids signalled. Freezing the tree
    first (SIGSTOP) keeps a dying parent from spawning or re-parenting anything meanwhile."""
    return _kill([pid], pid)


def kill_descendants(pid: int) -> list[int]:
    """SIGKILL everything below `pid` (frozen first, as in kill_tree), but not `pid` itself:
    for a process ending its own tree before it exits."""
    return _kill([], pid)


FREEZE_ROUNDS = 5


def _kill(top: list[int], pid: int) -> list[int]:
    # Freeze until a look finds nothing new: a process caught forking (a browser starting
    # its zygotes, a zygote its renderers) leaves a child the look before missed, and the
    # new child, not yet frozen, may fork in its turn.
    frozen: list[int] = []
    for _ in range(FREEZE_ROUNDS):
        fresh = [member for member in [*top, *descendants(pid)] if member not in frozen]
        if not fresh:
            break
        for member in fresh:
            _signal(member, signal.SIGSTOP)
        frozen.extend(fresh)
    for member in frozen:
        _signal(member, signal.SIGKILL)
    return frozen


def alive(pid: int) -> bool:
    """True while `pid` runs (a zombie awaiting its parent counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return state[state.rfind(")") + 2:].split()[0] != "Z"


def _signal(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except OSError:
        pass
