"""Where a customer action landed: a page that means the customer cannot go on.

The worker hands `landing_judge(patterns)` to the engine, which asks it after each customer
action; the engine stops the journey on a verdict, and the `pages` check names it. Kept here,
beside the checks, because it is judgement, not walking.
"""

from __future__ import annotations

from runner.checks.page_signals import asks_to_sign_in, field_errors, reads_as_error
from runner.patterns import Patterns, first_match


def landing_judge(patterns: Patterns):  # noqa: ANN201 - returns the engine's LandingJudge
    sign_in_words = patterns.family("sign_in")

    def judge(after: dict, before: dict | None, doing: str) -> tuple[str, str] | None:
        wanted_sign_in = bool(first_match(sign_in_words, doing))
        sign_in = asks_to_sign_in(after, patterns)
        if sign_in and not wanted_sign_in and not (before and asks_to_sign_in(before, patterns)):
            return "forced-login", sign_in
        rejected = new_field_errors(after, before)
        if rejected:
            return "validation-rejected", "; ".join(e["text"] or e["field"] or "?"
                                                   for e in rejected)[:300]
        error = reads_as_error(after, patterns)
        if error:
            return "error-page", error
        return None

    return judge


def new_field_errors(after: dict, before: dict | None) -> list[dict]:
    """Field errors on the page now that were not there before the action."""
    earlier = {(e.get("field"), e.get("text")) for e in field_errors(before)} if before else set()
    return [e for e in field_errors(after) if (e.get("field"), e.get("text")) not in earlier]
