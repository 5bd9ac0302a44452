"""What the parent hands a worker: a task (one journey run to walk) and which browser to use.

Kept apart from the worker and the pool so both take them from here and neither imports
the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from runner.journey.model import Journey
    from runner.walk.engine import RunOptions


@dataclass
class Task:
    """One journey run to walk: the parent's key to match the answer, and how to walk it."""

    key: int
    journey: Journey
    options: RunOptions


@dataclass
class BrowserRequest:
    name: str = "chromium"
    endpoint: str | None = None
    headed: bool = False
