"""Accessibility on the customer's path: what axe-core found on the pages they stood on.

The walk recorded axe-core's WCAG 2.x A/AA violations per page state (runner/walk/
accessibility.py), each element marked as used by the customer or not. A violation of
impact critical or serious is `inaccessible`: `major` when it sits on an element the journey
used (a field it filled, a control it clicked, the chat widget), since a customer relying on
a screen reader or a keyboard would have been stopped right there; `minor` when it is
elsewhere on that page. One finding per rule per page, the elements quoted. What the tool
could not scan was recorded as "not measured" on the step, never judged here.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from runner.checks.registry import CheckContext, check, finding, step_ref
from runner.results.model import Finding, RunResult

# The impacts the finding is about; axe's "moderate" and "minor" are advice, not a barrier.
BARRIERS = ("critical", "serious")
ELEMENTS_QUOTED = 5

# What a rule means to the customer it stops, for the rules a contact path meets most:
# (what the customer cannot do, what is wrong, counted).
IN_PLAIN_WORDS: dict[str, tuple[str, str, str]] = {
    "label": ("fill {form}", "field has no label", "fields have no label"),
    "select-name": ("fill {form}", "choice has no label", "choices have no label"),
    "button-name": ("use {form}", "button has no name", "buttons have no name"),
    "input-button-name": ("use {form}", "button has no name", "buttons have no name"),
    "link-name": ("follow a link on {page}", "link has no name", "links have no name"),
    "image-alt": ("read {page}", "image has no text", "images have no text"),
    "input-image-alt": ("use {form}", "image button has no text",
                        "image buttons have no text"),
    "color-contrast": ("read {page}", "text is too faint to read",
                       "texts are too faint to read"),
    "aria-required-attr": ("use {page}", "control lacks what it needs to be read out",
                           "controls lack what they need to be read out"),
    "nested-interactive": ("use {page}", "control is hidden inside another",
                           "controls are hidden inside others"),
    "frame-title": ("find their way on {page}", "frame has no title", "frames have no title"),
    "aria-hidden-focus": ("use {page}", "focusable element is hidden from screen readers",
                          "focusable elements are hidden from screen readers"),
}


@check("accessibility")
def inaccessible(result: RunResult, context: CheckContext) -> list[Finding]:
    problems: dict[tuple[str, str], dict] = {}  # (rule, page) -> what was found, merged
    latest: dict[str, dict[str, dict]] = {}  # page -> rule -> its latest scan's violation
    for step in result.steps:
        for scan in step.observed.get("accessibility") or []:
            page = _page_of(scan.get("url") or step.url or "")
            if "used_since" in scan:  # the customer has since used elements a scan found
                for rule, index in scan["used_since"]:
                    violation = latest.get(page, {}).get(rule)
                    if violation and index < len(violation["nodes"]):
                        _mark_used(problems.get((rule, page)), violation["nodes"][index])
                continue
            latest[page] = {}
            for violation in scan.get("violations") or []:
                latest[page][violation["id"]] = violation
                if violation.get("impact") not in BARRIERS:
                    continue
                merged = problems.setdefault((violation["id"], page), {
                    "violation": violation, "step": step, "url": scan.get("url"),
                    "frame": scan.get("frame"), "elements": {}})
                for node in violation.get("nodes") or []:
                    _add_element(merged, node)
    return [_finding(rule, page, problem) for (rule, page), problem in problems.items()]


def _add_element(problem: dict, node: dict) -> None:
    key = json.dumps(node.get("target"))
    element = problem["elements"].setdefault(key, {
        "selector": _selector(node.get("target")), "html": node.get("html") or "",
        "used": False})
    element["used"] = element["used"] or bool(node.get("used"))


def _mark_used(problem: dict | None, node: dict) -> None:
    if problem is not None:
        _add_element(problem, {**node, "used": True})


def _finding(rule: str, page: str, problem: dict) -> Finding:
    violation = problem["violation"]
    elements = sorted(problem["elements"].values(), key=lambda e: not e["used"])
    used = [e for e in elements if e["used"]]
    count = max(len(elements), violation.get("count") or 0)
    message = _in_plain_words(rule, page, used or elements, bool(used), violation)
    step = problem["step"]
    return finding(
        "inaccessible", message, step=step_ref(step), severity="major" if used else "minor",
        measured=count, unit="elements", evidence={
            "url": problem["url"] or step.url, "rule": rule, "impact": violation.get("impact"),
            "help": violation.get("help"), "help_url": violation.get("help_url"),
            "wcag": violation.get("tags"), "frame": problem["frame"],
            "elements": elements[:ELEMENTS_QUOTED], "elements_used": len(used),
            "summary": message})


def _in_plain_words(rule: str, page: str, elements: list[dict], used: bool,
                    violation: dict) -> str:
    """"Screen-reader users cannot fill the form on /contact: 2 fields have no label." for
    the rules a customer's path meets most; axe's own help text for the rest."""
    count = len(elements)
    words = IN_PLAIN_WORDS.get(rule)
    if words is None:
        where = "an element the customer used" if used else f"{count} element(s)"
        return f"{violation.get('help') or rule} ({where} on {page})."
    action, one, many = words
    form = "the form on " + page if used else "parts of " + page
    action = action.format(form=form, page=page)
    who = "Screen-reader users" if rule != "color-contrast" else "Customers with low vision"
    return f"{who} cannot {action}: {count} {one if count == 1 else many}."


def _selector(target: object) -> str:
    """axe's target: a selector, or a list of them through frames and shadow roots."""
    if isinstance(target, list):
        return " >>> ".join(_selector(part) for part in target)
    return str(target)


def _page_of(url: str) -> str:
    """A page as the customer would name it: its path (no query, no fragment)."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https"):
        return parts.path or "/"
    return url.split("#")[0]
