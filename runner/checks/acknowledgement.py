"""Missing acknowledgements: did anything say "we got it", with a reference and a "when"?

Judged on what `expect_ack` recorded: the acknowledgement text (only the new text that
appeared after the customer's action), the time to it, and what the journey asked for.
"""

from __future__ import annotations

import re

from runner.checks.registry import CheckContext, check, finding, seconds, step_ref
from runner.patterns import first_match
from runner.results.model import NEVER_CAPTURED, Finding, RunResult


@check("acknowledgement")
def acknowledgement(result: RunResult, context: CheckContext) -> list[Finding]:
    found: list[Finding] = []
    promises = context.patterns.family("promise")
    for step in result.steps:
        if step.action != "expect_ack" or step.status == "skipped" \
                or step.stopped not in (None, NEVER_CAPTURED):
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
                "missing-acknowledgement", _nothing_acknowledged(step, text, window),
                step=ref, measured=window, budget=budget, unit="ms", evidence=evidence))
            continue
        if budget is not None and ack_ms > budget:
            found.append(finding(
                "slow-acknowledgement",
                f"The confirmation took {seconds(ack_ms)}; your budget is {seconds(budget)}.",
                step=ref, measured=ack_ms, budget=budget, unit="ms", evidence=evidence))
        if asked.get("reference") and not _has_reference(step, asked["reference"], text):
            found.append(finding(
                "no-reference", "The confirmation gives no reference number to quote later.",
                step=ref, evidence=evidence))
        if asked.get("promise") and not _has_promise(step, promises, text):
            found.append(finding(
                "no-response-promise",
                "The confirmation never says when you will hear back (\"soon\" or \"as soon "
                "as possible\" names no time).",
                step=ref, evidence=evidence))
    return found


def _nothing_acknowledged(step, text: str, window: float | None) -> str:  # noqa: ANN001
    """Say what the customer saw: nothing new at all, or new text that reads as no
    acknowledgement in the words the tool knows (quoted, with its language)."""
    if not text.strip():
        return (f"Nothing told the customer their request arrived: they waited "
                f"{seconds(window)} and nothing new appeared.")
    language = step.observed.get("language")
    quoted = " ".join(text.split())
    quoted = quoted if len(quoted) <= 160 else quoted[:157] + "…"
    return (f"Nothing told the customer their request arrived: in {seconds(window)} new text "
            f"appeared{f' (page language: {language})' if language else ''}, but none of it "
            f"reads as an acknowledgement: \"{quoted}\". If it is one, add its wording to "
            f"`text:` or shopper.yaml `patterns: acknowledgement`.")


def _has_reference(step, pattern: str, text: str) -> bool:  # noqa: ANN001 - a StepResult
    """As the step found it (it read the whole new text as it stood); a result from before
    the step recorded it is searched again, case-sensitively (README)."""
    if "reference" in step.measured:
        return step.measured["reference"] is not None
    return re.search(pattern, text) is not None


def _has_promise(step, promises: list[re.Pattern[str]], text: str) -> bool:  # noqa: ANN001
    # The step knew the page's language and the journey's own promise patterns.
    if "promise" in step.measured:
        return step.measured["promise"] is not None
    return first_match(promises, text) is not None
