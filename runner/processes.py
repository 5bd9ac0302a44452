"""Ending a process and everything it started, so no Chromium outlives its journey.

Playwright starts each browser in a process group of its own, so killing a worker's group
is not enough: the tree is read from /proc (parent links) and every member is killed,
children first found, all before any of them can be reaped and its pid reused.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path


def _parents() -> dict[int, int]:
    """pid -> parent pid for every process we can see."""
    found: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # gone while we looked
        # The command name is in parentheses and may hold spaces: read after the last ')'.
        fields = stat[stat.rfind(")") + 2:].split()
        found[int(entry.name)] = int(fields[1])
    return found


def descendants(pid: int) -> list[int]:
    """Every process below `pid`, nearest first."""
    parents = _parents()
    children: dict[int, list[int]] = {}
    for child, parent in parents.items():
        children.setdefault(parent, []).append(child)
    found: list[int] = []
    queue = [pid]
    while queue:
        for child in children.get(queue.pop(0), []):
            found.append(child)
            queue.append(child)
    return found


def kill_tree(pid: int) -> list[int]:
    """SIGKILL `pid` and all its descendants; return the pids signalled. Freezing the tree
    first (SIGSTOP) keeps a dying parent from spawning or re-parenting anything meanwhile."""
    return _kill([pid], pid)


def kill_descendants(pid: int) -> list[int]:
    """SIGKILL everything below `pid` (frozen first, as in kill_tree), but not `pid` itself:
    for a process ending its own tree before it exits."""
    return _kill([], pid)


def _kill(top: list[int], pid: int) -> list[int]:
    tree = [*top, *descendants(pid)]
    for member in tree:
        _signal(member, signal.SIGSTOP)
    tree = [*top, *descendants(pid)]  # anything started before the freeze took hold
    for member in tree:
        _signal(member, signal.SIGKILL)
    return tree


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
    except (ProcessLookupError, PermissionError):
        pass
