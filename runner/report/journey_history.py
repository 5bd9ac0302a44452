"""A journey over time (`DIR/journeys/<journey-id>.html`): step times, recurring findings, streaks.

Reads the last `WINDOW` runs of one journey from the history, plus one query per finding
code for when it first appeared (over the whole history, served by the journey index).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

from markupsafe import Markup

from runner.report import history_queries as hq
from runner.report.charts import sparkline, trend_chart
from runner.report.executive import (
    delta,
    read_latest_result,
    run_page_of,
    score_of,
    steps_from_history,
)
from runner.report.page_experience import PageTrend, page_trends
from runner.report.verdict import severity_rank, verdict
from runner.report.view import (
    Outcome,
    as_list,
    error_text,
    format_duration,
    format_moment,
    outcome,
    worst_severity_of,
)


@dataclass(frozen=True)
class StripCell:
    run_id: str
    started_at: str | None
    status: str
    outcome: Outcome
    score_text: str
    href: str  # relative to the journeys/ folder

    @property
    def status_class(self) -> str:
        return self.outcome.css

    @property
    def label(self) -> str:
        return f"{self.started_at or self.run_id}: {self.outcome.label}, score {self.score_text}"


@dataclass(frozen=True)
class StepTrend:
    index: int
    name: str
    action: str
    runs: int  # how many of the window's runs reached this step
    latest: str
    median: str
    spark: Markup
    waited_latest: str | None
    waited_spark: Markup | None


@dataclass(frozen=True)
class RecurringFinding:
    code: str
    severity: str
    message: str
    runs: int
    window: int
    in_latest: bool
    first_seen_at: str | None
    first_seen_href: str | None
    since_at: str | None  # start of the current unbroken streak, when it is still present

    @property
    def recurs(self) -> bool:
        return self.runs >= 2


@dataclass
class JourneyHistoryView:
    journey_id: str
    name: str
    channel: str
    verdict: str
    score_text: str
    deltas: list
    window: int
    strip: list[StripCell]
    trend: Markup
    steps: list[StepTrend]
    findings: list[RecurringFinding]
    latest_href: str
    latest_outcome: Outcome | None = None
    pages: list[PageTrend] = field(default_factory=list)  # LCP, CLS, INP per page over time


def journey_history_view(
    conn: sqlite3.Connection, out_dir: Path, journey_id: str
) -> JourneyHistoryView | None:
    runs = hq.recent_runs(conn, journey_id, hq.WINDOW)
    if not runs:
        return None
    latest = runs[0]
    oldest_first = list(reversed(runs))
    scores = [score_of(run) for run in runs]
    data = read_latest_result(out_dir, latest) or {}
    latest_findings = [f for f in as_list(data.get("findings")) if isinstance(f, dict)]
    if not data:
        latest_findings = [
            {"code": f.code, "severity": f.severity, "message": f.message,
             "measured": f.measured, "budget": f.budget}
            for f in hq.findings_of(conn, [latest])
        ]
    latest_steps = [s for s in as_list(data.get("steps")) if isinstance(s, dict)] if data \
        else steps_from_history(conn, latest)
    name = latest.journey_name
    severities: dict[tuple[str, int], list[str]] = defaultdict(list)
    for found in hq.findings_of(conn, runs):
        severities[(found.journey_run_id, found.attempt)].append(found.severity)
    strip = [
        StripCell(
            run_id=run.run_id,
            started_at=format_moment(run.started_at),
            status=run.status,
            outcome=outcome(run.status, worst_severity_of(list(severities[run.key]))),
            score_text="not measured" if score_of(run) is None else f"{score_of(run):g}",
            href=f"../{run_page_of(run)}",
        )
        for run in oldest_first
    ]
    known = [s for s in scores if s is not None]
    trend = trend_chart(
        list(reversed(scores)),
        [run.started_at[:10] or run.run_id for run in oldest_first],
        description=f"{name}: score over the last {len(runs)} runs"
        + (f", from {known[-1]:g} to {known[0]:g}" if known else ", never measured"),
    )
    return JourneyHistoryView(
        journey_id=journey_id,
        name=name,
        channel=latest.channel,
        verdict=verdict(name, latest.status, latest_findings, error_text(data.get("error")),
                        latest_steps),
        score_text="not measured" if scores[0] is None else f"{scores[0]:g}/100",
        deltas=[delta(scores, window) for window in (2, 7, 30)],
        window=len(runs),
        strip=strip,
        trend=trend,
        steps=_step_trends(conn, name, oldest_first),
        findings=_recurring(conn, out_dir, journey_id, runs),
        latest_href=f"../{run_page_of(latest)}",
        latest_outcome=outcome(latest.status, worst_severity_of(
            [f.get("severity") for f in latest_findings])),
        pages=page_trends((read_latest_result(out_dir, run) for run in oldest_first), name),
    )


def _step_trends(
    conn: sqlite3.Connection, journey: str, oldest_first: list[hq.RunRow]
) -> list[StepTrend]:
    position = {run.key: i for i, run in enumerate(oldest_first)}
    by_index: dict[int, list[hq.StepRow | None]] = defaultdict(lambda: [None] * len(oldest_first))
    names: dict[int, tuple[str, str]] = {}
    latest_seen: dict[int, int] = {}
    for step in hq.steps_of(conn, oldest_first):
        i = position[(step.journey_run_id, step.attempt)]
        by_index[step.idx][i] = step
        if i >= latest_seen.get(step.idx, -1):  # the newest run's name wins
            latest_seen[step.idx] = i
            names[step.idx] = (step.name, step.action)
    trends = []
    for index in sorted(by_index):
        series = by_index[index]
        durations = [s.duration_ms if s is not None and s.status != "skipped" else None
                     for s in series]
        waited = [s.waited_ms if s is not None else None for s in series]
        known = [d for d in durations if d is not None]
        step_name, action = names[index]
        known_waited = [w for w in waited if w is not None]
        trends.append(
            StepTrend(
                index=index,
                name=step_name,
                action=action,
                runs=sum(1 for s in series if s is not None),
                latest=format_duration(durations[-1]),
                median=format_duration(median(known)) if known else "—",
                spark=sparkline(
                    durations,
                    description=f"{journey}, step {index + 1} ({step_name}): duration over "
                    f"{len(series)} runs"
                    + (f", median {format_duration(median(known))}, slowest "
                       f"{format_duration(max(known))}" if known else ", never ran"),
                ),
                waited_latest=format_duration(waited[-1]) if known_waited else None,
                waited_spark=sparkline(
                    waited,
                    description=f"{journey}, step {index + 1} ({step_name}): time waited over "
                    f"{len(series)} runs, median {format_duration(median(known_waited))}",
                ) if known_waited else None,
            )
        )
    return trends


def _recurring(
    conn: sqlite3.Connection, out_dir: Path, journey_id: str, runs: list[hq.RunRow]
) -> list[RecurringFinding]:
    """Each finding code seen in the window: in how many runs, since when, first appearance."""
    position = {run.key: i for i, run in enumerate(runs)}  # 0 is the latest
    seen: dict[str, set[int]] = defaultdict(set)
    worst: dict[str, tuple[str, str, int]] = {}  # code: (worst severity, newest message, at)
    for finding in hq.findings_of(conn, runs):
        i = position[(finding.journey_run_id, finding.attempt)]
        seen[finding.code].add(i)
        severity, message, at = worst.get(finding.code, (finding.severity, finding.message, i))
        if severity_rank(finding.severity) < severity_rank(severity):
            severity = finding.severity
        if i <= at:
            message, at = finding.message, i
        worst[finding.code] = (severity, message, at)
    findings = []
    for code, positions in seen.items():
        first = hq.first_seen(conn, journey_id, code)
        streak_end = None
        if 0 in positions:
            streak_end = 0
            while streak_end + 1 in positions:
                streak_end += 1
        findings.append(
            RecurringFinding(
                code=code,
                severity=worst[code][0],
                message=worst[code][1],
                runs=len(positions),
                window=len(runs),
                in_latest=0 in positions,
                first_seen_at=format_moment(first.started_at) if first else None,
                first_seen_href=_page_if_written(out_dir, first),
                since_at=format_moment(runs[streak_end].started_at) if streak_end is not None
                else None,
            )
        )
    findings.sort(key=lambda f: (-f.runs, severity_rank(f.severity), f.code))
    return findings


def _page_if_written(out_dir: Path, run: hq.RunRow | None) -> str | None:
    """A link to that journey run's page, only when the page is there to open."""
    if run is None:
        return None
    page = run_page_of(run)
    result_page = (out_dir / run.result_file).with_suffix(".html")
    return f"../{page}" if result_page.is_file() else None
