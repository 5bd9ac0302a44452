"""Missing acknowledgements: did anything say "we got it", with a reference and a "when"?

Judged on what `expect_ack` recorded: the acknowledgement text (only the new text that
appeared after the customer's action), the time to it, and what the journey asked for.
"""

from __future__ import annotations

import re

from runner.checks.registry import CheckContext, check, finding, seconds, step_ref
from runner.patterns import first_match
from runner.results.model import Finding, RunResult


@check("acknowledgement")
def acknowledgement(result: RunResult, context: CheckContext) -> list[Finding]:
    found: list[Finding] = []
    promises = context.patterns.family("promise")
    for step in result.steps:
        if step.action != "expect_ack" or step.status == "skipped" or step.stopped:
            continue
        asked = step.observed.get("asked", {})
        text = step.observed.get("acknowledgement") or ""
        evidence = {"text": text[:500] or None, "url": step.url, "screenshot": step.screenshot}
        window = step.measured.get("window_ms")
        budget = step.measured.get("budget_ms")
        ack_ms = step.measured.get("ack_ms")
        ref = step_ref(step)
        if ack_ms is None:
            found.append(finding(
                "missing-acknowledgement",
                f"Nothing told the customer their request arrived: they waited "
                f"{seconds(window)} and saw no acknowledgement.",
                step=ref, measured=window, budget=budget, unit="ms", evidence=evidence))
            continue
        if budget is not None and ack_ms > budget:
            found.append(finding(
                "slow-acknowledgement",
                f"The confirmation took {seconds(ack_ms)}; your budget is {seconds(budget)}.",
                step=ref, measured=ack_ms, budget=budget, unit="ms", evidence=evidence))
        pattern = asked.get("reference")
        if pattern and not re.search(pattern, text, re.IGNORECASE):
            found.append(finding(
                "no-reference", "The confirmation gives no reference number to quote later.",
                step=ref, evidence=evidence))
        if asked.get("promise") and not first_match(promises, text):
            found.append(finding(
                "no-response-promise", "The confirmation never says when you will hear back.",
                step=ref, evidence=evidence))
    return found
