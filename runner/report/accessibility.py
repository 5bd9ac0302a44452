"""Accessibility in the reports: a journey run's problems grouped by rule, each element with
the page it is on (the journey run page), and one line per journey for the executive page
("Screen-reader users cannot fill the form on /contact: 1 field has no label.").

Reads only the result file: the `inaccessible` findings and what each step's scan recorded
(runner/walk/accessibility.py), including the pages the tool could not scan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from runner.report.values import Link, as_dict, as_list, link, text_or


@dataclass(frozen=True)
class ElementView:
    selector: str
    html: str
    used: bool


@dataclass(frozen=True)
class RuleView:
    rule: str
    help: str
    help_url: Link | None
    impact: str
    severity: str
    message: str
    page: Link | None
    step_number: int | None
    elements: list[ElementView]
    wcag: str


@dataclass(frozen=True)
class AccessibilityView:
    rules: list[RuleView]
    pages_scanned: int
    not_measured: list[tuple[int, str, str]] = field(default_factory=list)  # step, page, why


def accessibility_view(data: dict[str, Any]) -> AccessibilityView | None:
    """None when no page of the run was scanned (accessibility off, or an older result)."""
    scans = [(step, scan) for step in as_list(data.get("steps")) if isinstance(step, dict)
             for scan in as_list(step.get("observed", {}).get("accessibility"))
             if isinstance(scan, dict)]
    rules = [_rule(finding) for finding in as_list(data.get("findings"))
             if isinstance(finding, dict) and finding.get("code") == "inaccessible"]
    if not scans and not rules:
        return None
    not_measured = [(int(step.get("index", 0)) + 1, text_or(scan.get("url"), "") or "",
                     str(scan["not_measured"])) for step, scan in scans
                    if scan.get("not_measured")]
    for step, scan in scans:
        if scan.get("closed_shadow_roots"):
            not_measured.append((int(step.get("index", 0)) + 1, text_or(scan.get("url"), "")
                                 or "", f"{scan['closed_shadow_roots']} closed shadow root(s) "
                                 "that axe-core cannot enter"))
    rules.sort(key=lambda rule: (rule.severity != "major", rule.rule))
    return AccessibilityView(rules=rules, pages_scanned=sum(
        1 for _, scan in scans if "violations" in scan), not_measured=not_measured)


def _rule(finding: dict[str, Any]) -> RuleView:
    evidence = as_dict(finding.get("evidence"))
    step = as_dict(finding.get("step"))
    index = step.get("index")
    return RuleView(
        rule=text_or(evidence.get("rule"), "rule") or "rule",
        help=text_or(evidence.get("help"), "") or "",
        help_url=link(evidence.get("help_url")),
        impact=text_or(evidence.get("impact"), "") or "",
        severity=text_or(finding.get("severity"), "minor") or "minor",
        message=text_or(finding.get("message"), "") or "",
        page=link(evidence.get("url")),
        step_number=index + 1 if isinstance(index, int) else None,
        elements=[ElementView(selector=str(e.get("selector") or ""), html=str(e.get("html") or ""),
                              used=bool(e.get("used")))
                  for e in as_list(evidence.get("elements")) if isinstance(e, dict)],
        wcag=", ".join(str(tag) for tag in as_list(evidence.get("wcag"))),
    )


def executive_line(findings: list[dict[str, Any]]) -> str | None:
    """The journey's worst accessibility barrier, in the customer's words: the `major`
    `inaccessible` findings (on elements the journey used), most elements first."""
    major = [f for f in findings if isinstance(f, dict) and f.get("code") == "inaccessible"
             and f.get("severity") in ("critical", "major")]
    if not major:
        return None
    major.sort(key=lambda f: -(as_dict(f.get("evidence")).get("elements_used") or 0))
    first = text_or(major[0].get("message"), None)
    more = len(major) - 1
    return (first or "") + (f" (and {more} more accessibility barrier"
                            f"{'s' if more > 1 else ''} on the path)" if more else "")
