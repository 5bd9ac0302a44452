"""Friction: what made it slow, long or laborious for the customer.

Budgets were resolved when the run was walked (journey `sla:`, then `shopper.yaml`
`budgets:`, then the defaults) and stored with the result, so a stored run is judged
against the budgets it was walked with.
"""

from __future__ import annotations

from runner.checks.registry import CheckContext, check, finding, seconds, step_ref
from runner.results.model import Finding, RunResult, StepResult

# The customer's own pauses and the waiting actions have budgets of their own; a mail's
# trip through the customer's own outgoing server is not the business's time.
NOT_TIMED_AS_FRICTION = ("wait", "expect_ack", "expect_reply", "expect_email", "send_email")
# What counts as one customer action for `too-many-steps` (README).
ONE_ACTION_EACH = ("click", "press", "select", "check", "upload", "say")


@check("slow_steps")
def slow_steps(result: RunResult, context: CheckContext) -> list[Finding]:
    found = []
    for step in result.steps:
        budget = step.budget_ms
        if (budget is None or step.status != "passed" or step.action in NOT_TIMED_AS_FRICTION
                or step.duration_ms <= budget):
            continue
        found.append(finding(
            "slow-step", f"“{step.name}” took {seconds(step.duration_ms)}; your budget is "
            f"{seconds(budget)}.", step=step_ref(step), measured=round(step.duration_ms, 1),
            budget=budget, unit="ms", evidence={"url": step.url}))
    return found


@check("slow_journey")
def slow_journey(result: RunResult, context: CheckContext) -> list[Finding]:
    budget = result.budgets.get("journey")
    if budget is None or result.stop is not None:
        return []
    spent = sum(s.duration_ms for s in result.steps
                if s.status != "skipped" and s.action not in NOT_TIMED_AS_FRICTION)
    if spent <= budget:
        return []
    return [finding("slow-journey", f"The whole journey took {seconds(spent)} of the "
                    f"customer's time (not counting pauses and waiting for answers); your "
                    f"budget is {seconds(budget)}.", measured=round(spent, 1), budget=budget,
                    unit="ms")]


@check("long_forms")
def long_forms(result: RunResult, context: CheckContext) -> list[Finding]:
    most_visible = result.budgets.get("form_fields")
    most_required = result.budgets.get("required_fields")
    found, seen = [], set()
    for step in result.steps:
        form = step.observed.get("form") if step.action == "fill" else None
        if not form:
            continue
        key = (step.url, form.get("id"), form.get("visible_fields"))
        if key in seen:
            continue
        seen.add(key)
        visible, required = form.get("visible_fields", 0), form.get("required_fields", 0)
        evidence = {"url": step.url, "fields": ", ".join(
            f["label"] or f["name"] or f["tag"] for f in form.get("fields", []))[:500]}
        if most_visible is not None and visible > most_visible:
            found.append(finding(
                "long-form", f"The form asks for {visible} things; your budget is "
                f"{int(most_visible)}.", step=step_ref(step), measured=visible,
                budget=most_visible, unit="fields", evidence=evidence))
        elif most_required is not None and required > most_required:
            found.append(finding(
                "long-form", f"The form insists on {required} required fields; your budget "
                f"is {int(most_required)}.", step=step_ref(step), measured=required,
                budget=most_required, unit="fields", evidence=evidence))
    return found


@check("too_many_steps")
def too_many_steps(result: RunResult, context: CheckContext) -> list[Finding]:
    budget = result.budgets.get("steps")
    count = sum(_actions_in(step) for step in result.steps if step.status != "skipped")
    if budget is None or count <= budget:
        return []
    return [finding("too-many-steps", f"The customer had to take {count} actions (clicks, "
                    f"fields, choices) to get here; your budget is {int(budget)}.",
                    measured=count, budget=budget, unit="actions")]


@check("page_errors")
def page_errors(result: RunResult, context: CheckContext) -> list[Finding]:
    found, seen = [], set()
    for step in result.steps:
        for error in step.observed.get("console_errors", []):
            if error.get("kind") != "uncaught" or error["text"] in seen:
                continue
            seen.add(error["text"])
            found.append(finding(
                "page-error", "A script on the page broke while the customer used it.",
                step=step_ref(step), evidence={"url": step.url, "text": error["text"][:500]}))
    return found


def _actions_in(step: StepResult) -> int:
    if step.action == "fill":
        return int(step.measured.get("fields_filled", 0))
    return 1 if step.action in ONE_ACTION_EACH else 0
