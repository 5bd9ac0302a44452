"""What a step can come to: its `Outcome`, or the reason the customer could not go on.

The session raises these as readily as the steps do (a navigation answered 500, a site that
does not answer), so they live here, below both:

- `StepFailed`: the customer could not do it (element never came, assertion false). The
  engine stops the journey unless the step is optional.
- `HttpError`: the site answered 4xx/5xx to a navigation or a submission.
- `SiteUnreachable`: no connection at all; the tool cannot tell whose fault, status `error`.
- `NotMeasured`: the tool, not the site, is stuck; status `error`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
    def __init__(self, message: str, *, reason: str = "action-failed",
                 diagnosis: dict | None = None):
        super().__init__(message)
        self.reason = reason  # action-failed | timeout | journey-cap
        # What the tool saw when the target never came (runner/walk/diagnosis.py).
        self.diagnosis = diagnosis or {}


class NotMeasured(Exception):  # noqa: N818 - a verdict, not a failure of the site
    """The customer could go on, but the tool cannot reach what they would use (a field
    inside a closed shadow root): the run is `error`, "not measured", never a finding."""


class HttpError(Exception):
    def __init__(self, message: str, response: dict, step_index: int | None):
        super().__init__(message)
        self.response = response
        self.step_index = step_index  # the customer action that sent the request


class SiteUnreachable(Exception):
    pass
