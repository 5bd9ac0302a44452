"""Page experience on the customer's path: Largest Contentful Paint, Cumulative Layout Shift
and Interaction to Next Paint of each page they stood on, against the `lcp`, `cls` and `inp`
budgets (Google's "good" thresholds by default).

The walk read the page's vitals after every step (runner/walk/vitals.js, into the step's
`measured`), so a page the customer stayed on for several steps has several readings, each
as complete as it was then. One page is one document; its metric is judged once. A slow
Largest Contentful Paint belongs to the step that brought the customer to the page (its
entry may only be read a step later); a layout shift or a slow interaction to the step whose
reading first went over the budget (a shift after a click is that click's).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from runner.checks.registry import CheckContext, check, finding, seconds, step_ref
from runner.results.model import Finding, RunResult

# metric -> (budget name, unit, what the customer lived through)
METRICS = {
    "lcp_ms": ("lcp", "ms", "{page} took {value} to show its main content (Largest "
               "Contentful Paint); your budget is {budget}."),
    "cls": ("cls", "score", "{page} moved under the customer as it loaded (Cumulative Layout "
            "Shift {value}); your budget is {budget}."),
    "inp_ms": ("inp", "ms", "{page} took {value} to respond to the customer (Interaction to "
               "Next Paint); your budget is {budget}."),
}


@check("page_experience")
def slow_pages(result: RunResult, context: CheckContext) -> list[Finding]:
    found: list[Finding] = []
    judged: set[tuple[object, str]] = set()  # (document, metric) already over budget
    arrived: dict[tuple, object] = {}  # document -> the step that brought the customer there
    for step in result.steps:
        vitals = step.observed.get("page_experience")
        if not vitals or step.status == "skipped":
            continue
        document = (vitals.get("origin"), (vitals.get("url") or "").split("#")[0])
        arrived.setdefault(document, step)
        for metric, (budget_name, unit, words) in METRICS.items():
            value, budget = vitals.get(metric), result.budgets.get(budget_name)
            if value is None or budget is None or value <= budget \
                    or (document, metric) in judged:
                continue
            judged.add((document, metric))
            found.append(finding(
                "slow-page", words.format(page=_page_of(vitals.get("url") or step.url or ""),
                                          value=_shown(value, unit), budget=_shown(budget, unit)),
                step=step_ref(arrived[document] if metric == "lcp_ms" else step),
                measured=value, budget=budget, unit=unit,
                evidence={"url": vitals.get("url") or step.url, "metric": budget_name,
                          "element": _element(metric, vitals)}))
    return found


def _element(metric: str, vitals: dict) -> str | None:
    """What the reader should look at: the largest element, or what shifted most."""
    if metric == "lcp_ms":
        return vitals.get("lcp_element")
    if metric == "cls":
        return (vitals.get("largest_shift") or {}).get("element")
    return None


def _shown(value: float, unit: str) -> str:
    if unit == "score":
        return f"{value:.2f}"
    return f"{value:.0f} ms" if value < 1000 else seconds(value)


def _page_of(url: str) -> str:
    parts = urlsplit(url)
    return f"The page {parts.path or '/'}" if parts.scheme in ("http", "https") else "The page"
