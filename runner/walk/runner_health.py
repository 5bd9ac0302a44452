"""How busy the machine that walked a journey was.

A timing is the customer's wait only when the runner had room to spare: on a machine at load
23 on 2 cores, "customers wait 5.1 s at goto" is the runner's queue, not the site. So each
journey records the runner's load and memory over its walk; the checks then say which timing
findings were measured on a busy runner, and the consistency check leaves such runs out.
Linux reads (/proc); elsewhere only the load average, where the platform has one.
"""

from __future__ import annotations

import os
from pathlib import Path

PROC_STAT = Path("/proc/stat")
PROC_MEMINFO = Path("/proc/meminfo")
BUSY_CPU_SHARE = 0.95  # of every core, over the whole walk: the browser was starved
# Busy above this load per core (1-minute average). A machine known to share its cores (a CI
# runner beside a test suite) may set it higher.
BUSY_LOAD_ENV = "SHOPPER_BUSY_LOAD_PER_CORE"


def cpu_times() -> tuple[int, int] | None:
    """(busy, total) jiffies of all cores since boot, or None where /proc is not there."""
    try:
        fields = PROC_STAT.read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    numbers = [int(value) for value in fields]
    idle = numbers[3] + (numbers[4] if len(numbers) > 4 else 0)  # idle + iowait
    return sum(numbers) - idle, sum(numbers)


def health_since(start: tuple[int, int] | None) -> dict:
    """The runner over the walk that began at `start` (a `cpu_times()`): its load, its CPU
    share in use, the memory still available, and whether it was too busy to trust timings."""
    cores = os.cpu_count() or 1
    try:
        load = round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        load = None
    share = None
    end = cpu_times()
    if start is not None and end is not None and end[1] > start[1]:
        share = round((end[0] - start[0]) / (end[1] - start[1]), 3)
    busy = ((load is not None and load > cores * _load_per_core())
            or (share is not None and share >= BUSY_CPU_SHARE))
    return {"load_1m": load, "cores": cores, "cpu_busy_share": share,
            "memory_available_mb": _available_mb(), "busy": busy}


def _load_per_core() -> float:
    try:
        return float(os.environ.get(BUSY_LOAD_ENV, "1"))
    except ValueError:
        return 1.0


def _available_mb() -> int | None:
    try:
        for line in PROC_MEMINFO.read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        return None
    return None
