"""What the pages said to the customer: an error page, a sign-in wall, a rejected form, a
CAPTCHA. On the step where the journey stopped, the most specific of these explains the stop
(critical); elsewhere, a CAPTCHA or an error page the customer stood on is still friction.
"""

from __future__ import annotations

from runner.checks.landing import new_field_errors
from runner.checks.page_signals import (
    asks_to_sign_in,
    reads_as_error,
    shows_captcha,
)
from runner.checks.registry import CheckContext, check, finding, step_ref
from runner.results.model import Finding, RunResult, StepResult

MESSAGES = {
    "forced-login": "The customer asked for help and was sent to sign in instead.",
    "validation-rejected": "The site rejected the customer's details: {evidence}.",
    "captcha": "A CAPTCHA stood between the customer and help.",
    "error-page": "The page the customer reached says something went wrong: “{evidence}”.",
}
LANDING = ("forced-login", "validation-rejected", "error-page")


@check("pages")
def pages(result: RunResult, context: CheckContext) -> list[Finding]:
    patterns = context.patterns
    found: list[Finding] = []
    for step in result.steps:
        after = step.observed.get("after")
        if not after or step.status == "skipped":
            continue
        landing = step.observed.get("landing")
        if landing:
            severity = None if step.stopped else "major"
            found.append(_finding(landing["reason"], step, landing["evidence"], after,
                                  severity))
        elif step.stopped:
            explained = _explain_stop(step, after, patterns)
            if explained:
                found.append(_finding(explained[0], step, explained[1], after, None))
    # Friction the customer got past: a CAPTCHA (once: one cause, one finding) or an error
    # page they stood on, unless it is already what stopped them.
    codes = {f.code for f in found}
    for step in result.steps:
        after = step.observed.get("after")
        if not after or step.status != "passed":
            continue
        captcha = shows_captcha(after, patterns)
        if captcha and "captcha" not in codes:
            codes.add("captcha")
            found.append(_finding("captcha", step, captcha, after, None))
        error = reads_as_error(after, patterns)
        if error:
            found.append(_finding("error-page", step, error, after, None))
    return found


def _explain_stop(step: StepResult, after: dict, patterns) -> tuple[str, str] | None:  # noqa: ANN001
    """The most specific reading of the page where the customer got stuck."""
    sign_in = asks_to_sign_in(after, patterns)
    if sign_in:
        return "forced-login", sign_in
    rejected = new_field_errors(after, step.observed.get("before"))
    if rejected and (step.action in ("click", "press") or step.stopped == "http-error"):
        return "validation-rejected", "; ".join(e["text"] or e["field"] or "?" for e in rejected)
    captcha = shows_captcha(after, patterns)
    if captcha:
        return "captcha", captcha
    error = reads_as_error(after, patterns)
    if error:
        return "error-page", error
    return None


def _finding(code: str, step: StepResult, evidence: str, after: dict,
             severity: str | None) -> Finding:
    if step.stopped:
        severity = "critical"
    return finding(code, MESSAGES[code].format(evidence=evidence[:200]), step=step_ref(step),
                   severity=severity, evidence={
                       "text": evidence[:500], "url": after.get("url") or step.url,
                       "screenshot": step.screenshot, "title": after.get("title")})

