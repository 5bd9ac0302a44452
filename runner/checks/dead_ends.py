"""Dead ends: where the customer could not go on.

The engine marks the step where the journey stopped (`stopped`) and why; this check names
it. An optional step that failed is the same finding at `major`: the journey went on.
"""

from __future__ import annotations

from runner.checks.registry import CheckContext, check, finding, step_ref
from runner.results.model import NEVER_CAPTURED, Finding, RunResult


@check("dead_ends")
def dead_ends(result: RunResult, context: CheckContext) -> list[Finding]:
    found: list[Finding] = []
    for step in result.steps:
        if step.status != "failed" or step.observed.get("landing"):
            continue  # a landing verdict is named by the `pages` check
        if step.stopped == NEVER_CAPTURED:
            continue  # its own finding (no reference, no email…) explains the stop
        if step.action in ("expect_ack", "expect_reply", "expect_email") and not step.stopped:
            continue  # missing, not stuck: the acknowledgement checks say so
        severity = "major" if step.optional and not step.stopped else None
        after = step.observed.get("after") or {}
        # What the tool saw about a target that never came: Playwright's call log, what
        # covered it, the frame that holds it, near matches (runner/walk/diagnosis.py).
        evidence = {"url": step.url, "screenshot": step.screenshot,
                    "text": (after.get("text") or "")[:500] or None, "error": step.error,
                    "diagnosis": step.observed.get("diagnosis")}
        response = step.observed.get("response")
        if response or step.stopped == "http-error":
            status = (response or {}).get("status")
            found.append(finding(
                "http-error", f"The site answered with an error (HTTP {status}) when the "
                f"customer tried to {_doing(step)}.", step=step_ref(step), severity=severity,
                measured=status, unit="status",
                evidence={**evidence, "request": response}))
            continue
        if step.stopped == "journey-cap":
            message = f"The journey ran out of time while the customer was {_doing_ing(step)}."
        elif step.action == "expect":
            message = f"The customer waited for what they needed and it never came: {step.error}."
        else:
            message = f"The customer got stuck trying to {_doing(step)}: {step.error}."
        found.append(finding("dead-end", message, step=step_ref(step), severity=severity,
                             evidence=evidence))
    return found


def _doing(step) -> str:  # noqa: ANN001
    return {"goto": "open the page", "click": "click", "fill": "fill in the form",
            "select": "choose an option", "check": "tick a box", "press": "press a key",
            "upload": "attach a file"}.get(step.action, step.name)


def _doing_ing(step) -> str:  # noqa: ANN001
    return f"at step {step.index + 1} ({step.name})"
