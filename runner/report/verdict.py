"""One plain sentence per journey, from its latest findings, for people who will read nothing else.

"Refund: customers wait 14.2 s for confirmation and get no email." The sentence names the
worst few things a customer lived through, in the customer's words; a finding this module
has no phrase for falls back on the check's own message, which is written for people too.
"""

from __future__ import annotations

from typing import Any

from runner.report.view import SEVERITIES, as_dict, format_duration, number_or_none, text_or

MOST_PHRASES = 3

# What the customer lived, by finding code. `{m}` is the measured value, `{step}` the step.
PHRASES: dict[str, str] = {
    "slow-acknowledgement": "wait {m} for confirmation",
    "missing-acknowledgement": "get no confirmation",
    "missing-ack": "get no confirmation",
    "no-reference": "get no case number",
    "reference-mismatch": "get a case number that does not match",
    "no-response-promise": "are not told when they will hear back",
    "slow-reply": "wait {m} for a reply",
    "chat-unanswered": "get no answer in the chat",
    "impersonal-reply": "get an impersonal reply",
    "no-apology": "get no apology",
    "slow-email": "wait {m} for the email",
    "missing-email": "get no email",
    "dead-end": "hit a dead end",
    "no-human-route": "find no way to reach a person",
    "slow-step": "wait {m} at “{step}”",
    "slow-journey": "need {m} to get through",
    "too-many-steps": "go through too many steps",
    "long-form": "fill in a form of {m}",
    "http-error": "hit a server error",
    "error-page": "land on an error page",
    "page-error": "meet a broken page",
    "broken-link": "meet broken links",
    "forced-login": "are forced to log in",
    "validation-rejected": "have valid answers rejected",
    "aria-invalid": "see fields marked wrong",
    "journey-cap": "run out of time before the end",
}


def severity_rank(severity: object) -> int:
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


def overshoot(finding: dict[str, Any]) -> float:
    """Measured over budget: how far past its budget a finding is (0 when not a measurement)."""
    measured = number_or_none(finding.get("measured"))
    budget = number_or_none(finding.get("budget"))
    if measured is None or not budget or budget <= 0:
        return 0.0
    return measured / budget


def worst_first(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Severity first, then how far past the budget, then as the checks listed them."""
    return sorted(findings, key=lambda f: (severity_rank(f.get("severity")), -overshoot(f)))


def phrase(finding: dict[str, Any]) -> tuple[str, bool]:
    """What the customer lived, and whether it reads after "customers" (else it is a sentence)."""
    code = text_or(finding.get("code"), "")
    template = PHRASES.get(code or "")
    measured = quantity(finding.get("measured"), text_or(finding.get("unit"), None))
    step = text_or(as_dict(finding.get("step")).get("name"), None)
    if template is None or ("{m}" in template and measured is None) or (
        "{step}" in template and step is None
    ):
        message = text_or(finding.get("message"), code or "something went wrong") or ""
        return message.strip().rstrip("."), False
    return template.format(m=measured, step=step), True


def quantity(value: object, unit: str | None) -> str | None:
    number = number_or_none(value)
    if number is None:
        return None
    if unit == "ms" or unit is None and number >= 100:
        return format_duration(number)
    if unit:
        return f"{number:g} {unit}"
    return f"{number:g}"


def verdict(name: str, status: str, findings: list[dict[str, Any]], error: str | None) -> str:
    """The sentence for one journey's latest run."""
    if status == "error":
        return f"{name}: not measured" + (f" ({error})" if error else "") + "."
    phrases: list[tuple[str, bool]] = []
    for finding in worst_first(findings):
        item = phrase(finding)
        if item[0] and item not in phrases:
            phrases.append(item)
    if not phrases:
        if status == "failed":
            return f"{name}: customers cannot finish."
        if status == "flaky":
            return f"{name}: got through, but only after a retry."
        if status in ("skipped", "aborted"):
            return f"{name}: {status}, not measured."
        return f"{name}: all good."
    shown = phrases[:MOST_PHRASES]
    more = len(phrases) - len(shown)
    lived = [text for text, reads_after in shown if reads_after]
    sentences = [text for text, reads_after in shown if not reads_after]
    parts = []
    if lived:
        joined = lived[0] if len(lived) == 1 else ", ".join(lived[:-1]) + " and " + lived[-1]
        opening = "customers cannot finish: they " if status == "failed" else "customers "
        parts.append(opening + joined)
    elif status == "failed":
        parts.append("customers cannot finish")
    parts.extend(sentences)
    tail = f" (+{more} more)" if more else ""
    return f"{name}: " + ". ".join(parts) + tail + "."
