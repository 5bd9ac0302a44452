"""The step registry and the outcomes a step can have.

Each action lives in its own module, registered by its YAML key with `@action("goto")`.
A step function receives the `Session` (the customer's browser tab and memory) and the
`Step`, does the one thing, and returns an `Outcome`, or raises:

- `StepFailed`: the customer could not do it (element never came, assertion false). The
  engine stops the journey unless the step is optional.
- `HttpError`: the site answered 4xx/5xx to a navigation or a submission.
- `SiteUnreachable`: no connection at all; the tool cannot tell whose fault, status `error`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from runner.journey.model import Step
    from runner.session import Session


@dataclass
class Outcome:
    measured: dict = field(default_factory=dict)
    observed: dict = field(default_factory=dict)
    # A waiting action whose thing never came inside its window: the step failed, but the
    # customer waits it out and carries on (no stop).
    missing: str | None = None
    captured: str | None = None  # what `save:` keeps
    # Set by actions that time a narrower span than the whole call (e.g. the wait itself).
    duration_ms: float | None = None


class StepFailed(Exception):
    def __init__(self, message: str, *, reason: str = "action-failed"):
        super().__init__(message)
        self.reason = reason  # action-failed | timeout | journey-cap


class HttpError(Exception):
    def __init__(self, message: str, response: dict, step_index: int | None):
        super().__init__(message)
        self.response = response
        self.step_index = step_index  # the customer action that sent the request


class SiteUnreachable(Exception):
    pass


StepFunction = Callable[["Session", "Step"], Outcome]
ACTIONS: dict[str, StepFunction] = {}


def action(key: str) -> Callable[[StepFunction], StepFunction]:
    def register(fn: StepFunction) -> StepFunction:
        ACTIONS[key] = fn
        return fn
    return register
