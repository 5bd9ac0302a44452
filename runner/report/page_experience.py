"""Page experience in the reports: LCP, CLS and INP of each page the customer stood on, beside
the waterfall of a journey run, and as a trend per page on the journey-over-time page.

Each step recorded the page's vitals as they stood after it (runner/walk/vitals.js); a page
(one document) is shown with its last reading, the most complete. Over time, a page is its
address path, and a run's value is the worst of that path's documents in the run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from runner.report.charts import sparkline
from runner.report.values import Link, as_dict, as_list, format_duration, link

# measured key -> budget name, how it is shown
METRICS = (("lcp_ms", "lcp"), ("cls", "cls"), ("inp_ms", "inp"))


@dataclass(frozen=True)
class VitalView:
    text: str
    over: bool  # over its budget: the `slow-page` finding's value


@dataclass(frozen=True)
class PageVitalsView:
    page: Link | None
    steps: str  # "1–3": the steps the customer spent on it
    lcp: VitalView
    cls: VitalView
    inp: VitalView


@dataclass(frozen=True)
class PageTrend:
    page: str
    runs: int
    lcp_latest: str
    lcp_spark: Markup
    cls_latest: str
    cls_spark: Markup
    inp_latest: str
    inp_spark: Markup


def shown(metric: str, value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.2f}" if metric == "cls" else format_duration(value)


def pages_of_run(data: dict[str, Any]) -> list[PageVitalsView]:
    """Each page (document) of the run, in the order the customer came to it."""
    budgets = as_dict(data.get("budgets"))
    pages: dict[tuple, dict] = {}
    for step in as_list(data.get("steps")):
        if not isinstance(step, dict):
            continue
        vitals = as_dict(as_dict(step.get("observed")).get("page_experience"))
        if not vitals:
            continue
        key = (vitals.get("origin"), str(vitals.get("url") or "").split("#")[0])
        page = pages.setdefault(key, {"first": step.get("index"), "url": vitals.get("url")})
        page.update(last=step.get("index"), vitals=vitals)
    views = []
    for page in pages.values():
        values = {}
        for key, budget_name in METRICS:
            value = page["vitals"].get(key)
            budget = budgets.get(budget_name)
            over = isinstance(value, int | float) and isinstance(budget, int | float) \
                and value > budget
            values[budget_name] = VitalView(shown(budget_name, value), bool(over))
        first, last = page["first"], page["last"]
        steps = f"{first + 1}" if first == last else f"{first + 1}–{last + 1}"
        views.append(PageVitalsView(page=link(page["url"]), steps=steps, **values))
    return views


def page_trends(runs_oldest_first: Iterable[dict[str, Any] | None], journey: str
                ) -> list[PageTrend]:
    """One row per page path: its LCP, CLS and INP over the runs (None where a run did not
    stand on it, or its result file is gone)."""
    runs = list(runs_oldest_first)
    series: dict[str, dict[str, list[float | None]]] = {}
    for position, data in enumerate(runs):
        for step in as_list((data or {}).get("steps")):
            vitals = as_dict(as_dict(as_dict(step).get("observed")).get("page_experience"))
            if not vitals:
                continue
            path = urlsplit(str(vitals.get("url") or "")).path or "/"
            row = series.setdefault(path, {name: [None] * len(runs) for name, _ in METRICS})
            for name, _ in METRICS:
                value = vitals.get(name)
                if isinstance(value, int | float):
                    current = row[name][position]
                    row[name][position] = value if current is None else max(current, value)
    trends = []
    for path, row in series.items():
        def spark(label: str, values: list[float | None], path: str = path) -> Markup:
            return sparkline(values, description=f"{journey}, {path}: {label} over "
                             f"{len(values)} runs")

        trends.append(PageTrend(
            page=path, runs=sum(1 for v in row["lcp_ms"] if v is not None),
            lcp_latest=shown("lcp", _latest(row["lcp_ms"])),
            lcp_spark=spark("Largest Contentful Paint", row["lcp_ms"]),
            cls_latest=shown("cls", _latest(row["cls"])),
            cls_spark=spark("Cumulative Layout Shift", row["cls"]),
            inp_latest=shown("inp", _latest(row["inp_ms"])),
            inp_spark=spark("Interaction to Next Paint", row["inp_ms"])))
    return trends


def _latest(values: list[float | None]) -> float | None:
    return values[-1] if values else None
