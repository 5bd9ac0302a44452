"""The step registry: each action lives in its own module, registered by its YAML key with
`@action("goto")`. A step function receives the `Session` (the customer's browser tab and
memory) and the `Step`, does the one thing, and returns an `Outcome`, or raises one of the
exceptions in runner/walk/outcomes.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from runner.walk.outcomes import Outcome

if TYPE_CHECKING:
    from runner.journey.model import Step
    from runner.walk.session import Session

StepFunction = Callable[["Session", "Step"], Outcome]
ACTIONS: dict[str, StepFunction] = {}


def action(key: str) -> Callable[[StepFunction], StepFunction]:
    def register(fn: StepFunction) -> StepFunction:
        ACTIONS[key] = fn
        return fn
    return register
