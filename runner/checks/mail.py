"""Confirmation emails: did one come, in time, quoting the reference the page gave?

Judged on what `expect_email` recorded: the delay from the customer's action to the message's
arrival (`email_ms`), the window and budget, and whether `contains` was in the message.
"""

from __future__ import annotations

from runner.checks.registry import CheckContext, check, finding, seconds, step_ref
from runner.results.model import NEVER_CAPTURED, Finding, RunResult


@check("mail")
def mail(result: RunResult, context: CheckContext) -> list[Finding]:
    found: list[Finding] = []
    for step in result.steps:
        if step.action != "expect_email" or step.status == "skipped" \
                or step.stopped not in (None, NEVER_CAPTURED) \
                or step.observed.get("asked", {}).get("channel"):
            continue  # an answer on the email channel is judged in email_channel.py
        window = step.measured.get("window_ms")
        budget = step.measured.get("budget_ms")
        email_ms = step.measured.get("email_ms")
        ref = step_ref(step)
        email = next((e for e in result.emails if e.get("step") == step.index), None)
        evidence = {"subject": email.get("subject") if email else None,
                    "text": email.get("excerpt") if email else None,
                    "to": step.measured.get("to")}
        if email_ms is None:
            found.append(finding(
                "missing-email",
                f"No confirmation email reached {step.measured.get('to') or 'the customer'}: "
                f"they waited {seconds(window)}.",
                step=ref, measured=window, budget=budget, unit="ms", evidence=evidence))
            continue
        if budget is not None and email_ms > budget:
            found.append(finding(
                "slow-email",
                f"The confirmation email took {seconds(email_ms)} to arrive; your budget is "
                f"{seconds(budget)}.",
                step=ref, measured=email_ms, budget=budget, unit="ms", evidence=evidence))
        if step.measured.get("contains_found") is False:
            found.append(finding(
                "reference-mismatch",
                f"The email does not quote {step.measured.get('contains')!r}, the reference "
                f"the page gave: the customer cannot match one to the other.",
                step=ref, evidence=evidence))
    return found
