"""The executive page (`DIR/index.html`): how every journey is doing, on one screen.

Built from the history (the last `WINDOW` runs per journey, indexed queries only) plus the
latest result file of each journey, which alone carries what the history does not keep
(principles, units, the error text). Its cost follows the number of journeys, never the
length of the history.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from runner.report import history_queries as hq
from runner.report.accessibility import executive_line as accessibility_line
from runner.report.charts import sparkline, trend_chart
from runner.report.verdict import (
    measured_findings,
    overshoot,
    seriousness,
    severity_rank,
    step_index,
    verdict,
)
from runner.report.view import (
    SEVERITIES,
    Outcome,
    as_dict,
    as_list,
    error_text,
    format_duration,
    format_moment,
    format_quantity,
    journey_page_name,
    number_or_none,
    outcome,
    text_or,
)

DELTA_WINDOWS = (2, 7, 30)  # the previous run, and across the last 7 and 30 runs
WORST_SHOWN = 5
SLA_KINDS = {"expect_ack": "Acknowledgements", "expect_reply": "Replies", "expect_email": "Emails"}


@dataclass(frozen=True)
class Delta:
    value: float | None  # None: nothing to compare with, or the latest run is not measured

    @property
    def text(self) -> str:
        if self.value is None:
            return "—"
        if abs(self.value) < 0.05:
            return "±0"
        return f"{self.value:+.0f}" if float(self.value).is_integer() else f"{self.value:+.1f}"

    @property
    def css(self) -> str:
        if self.value is None or abs(self.value) < 0.05:
            return "flat"
        return "up" if self.value > 0 else "down"

    @property
    def words(self) -> str:
        if self.value is None:
            return "no comparison"
        if self.css == "flat":
            return "unchanged"
        return f"{'up' if self.value > 0 else 'down'} {abs(self.value):g} points"


@dataclass
class JourneySummary:
    journey_id: str
    name: str
    channel: str
    status: str
    score: float | None
    verdict: str
    deltas: list[Delta]
    spark: Markup
    history_page: str  # relative to the reports folder
    run_page: str  # relative to the reports folder
    last_run_at: str | None
    in_latest_run: bool
    tone: str = "passed"  # the verdict's colour: error, failed, or the worst severity found
    scores_newest_first: list[float | None] = field(default_factory=list)
    worst_severity: str | None = None  # of the latest run's findings
    # The latest run's accessibility barrier on the customer's path, in their words, if any.
    accessibility: str | None = None

    @property
    def outcome(self) -> Outcome:
        return outcome(self.status, self.worst_severity)

    @property
    def score_text(self) -> str:
        return "not measured" if self.score is None else f"{self.score:g}"


@dataclass(frozen=True)
class ChannelSummary:
    channel: str
    journeys: int
    score: float | None
    deltas: list[Delta]

    @property
    def score_text(self) -> str:
        return "not measured" if self.score is None else f"{self.score:.0f}"


@dataclass(frozen=True)
class SlaShare:
    kind: str
    within: int
    total: int

    @property
    def share(self) -> float | None:
        return self.within / self.total if self.total else None

    @property
    def text(self) -> str:
        return "—" if self.share is None else f"{self.share * 100:.0f}%"


@dataclass
class WorstFinding:
    journey: str
    code: str
    severity: str
    message: str
    measured: str | None
    budget: str | None
    principle: str | None
    href: str
    overshoot: float
    rank: tuple = ()  # `verdict.seriousness`: most serious first
    step: int | None = None
    times: int = 1  # the same problem (journey, code, step) found this many times

    @property
    def problem(self) -> tuple[str, str, int | None]:
        return (self.journey, self.code, self.step)


@dataclass
class ExecutiveView:
    journeys: list[JourneySummary]
    channels: list[ChannelSummary]
    sla: list[SlaShare]
    worst: list[WorstFinding]
    trend: Markup | None
    trend_values: list[float | None]  # oldest run first; None: nothing measured in that run
    recent_run_ids: list[tuple[str, str | None]]  # (run id, href when its page exists)
    delta_windows: tuple[int, ...] = DELTA_WINDOWS

    @property
    def trend_runs(self) -> int:
        return len(self.trend_values)


def score_of(run: hq.RunRow) -> float | None:
    return run.score if run.measured else None


def delta(scores_newest_first: list[float | None], window: int) -> Delta:
    """The latest score minus the oldest measured score among the last `window` runs."""
    if not scores_newest_first or scores_newest_first[0] is None:
        return Delta(None)
    earlier = [s for s in scores_newest_first[1:window] if s is not None]
    return Delta(scores_newest_first[0] - earlier[-1]) if earlier else Delta(None)


def run_page_of(run: hq.RunRow) -> str:
    stem = Path(run.result_file).stem
    return f"runs/{quote(run.folder)}/{quote(stem)}.html"


def read_latest_result(out_dir: Path, run: hq.RunRow) -> dict[str, Any] | None:
    try:
        data = json.loads((out_dir / run.result_file).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def steps_from_history(conn: sqlite3.Connection, run: hq.RunRow) -> list[dict[str, Any]]:
    """When the result file is gone: each step's index, name, action and status."""
    return [{"index": s.idx, "name": s.name, "action": s.action, "status": s.status}
            for s in hq.steps_of(conn, [run])]


def findings_from_history(conn: sqlite3.Connection, run: hq.RunRow) -> list[dict[str, Any]]:
    """When the result file is gone: the history's copy (no principle, no unit)."""
    return [
        {"code": f.code, "severity": f.severity, "message": f.message, "measured": f.measured,
         "budget": f.budget, "unit": None, "principle": None,
         "step": None if f.step_idx is None else {"index": f.step_idx}}
        for f in hq.findings_of(conn, [run])
    ]


def executive_view(
    conn: sqlite3.Connection, out_dir: Path, latest_run_id: str | None
) -> ExecutiveView:
    journeys: list[JourneySummary] = []
    worst: list[WorstFinding] = []
    all_runs: list[hq.RunRow] = []
    for journey_id in hq.journey_ids(conn):
        runs = hq.recent_runs(conn, journey_id, hq.WINDOW)
        if not runs:
            continue
        # A slot the scheduler skipped (the journey was still walking) or missed says nothing
        # of how the journey feels: verdicts, scores and trends are the walks'.
        runs = [run for run in runs if run.status != "skipped"] or runs
        all_runs.extend(runs)
        latest = runs[0]
        data = read_latest_result(out_dir, latest)
        findings = (
            [f for f in as_list(data.get("findings")) if isinstance(f, dict)]
            if data is not None
            else findings_from_history(conn, latest)
        )
        steps = (
            [s for s in as_list(data.get("steps")) if isinstance(s, dict)]
            if data is not None
            else steps_from_history(conn, latest)
        )
        error = error_text(data.get("error")) if data is not None else None
        name = latest.journey_name
        scores = [score_of(run) for run in runs]
        run_page = run_page_of(latest)
        journeys.append(
            JourneySummary(
                journey_id=journey_id,
                name=name,
                channel=latest.channel,
                status=latest.status,
                score=scores[0],
                verdict=verdict(name, latest.status, findings, error, steps),
                deltas=[delta(scores, window) for window in DELTA_WINDOWS],
                spark=sparkline(
                    list(reversed(scores)),
                    description=f"{name}: score over the last {len(scores)} runs, "
                    + _series_words(scores),
                ),
                history_page=f"journeys/{quote(journey_page_name(journey_id))}",
                run_page=run_page,
                last_run_at=format_moment(latest.started_at),
                in_latest_run=latest_run_id is None or latest.folder == latest_run_id,
                tone=_tone(latest.status, findings),
                worst_severity=worst_severity(findings),
                scores_newest_first=scores,
                accessibility=accessibility_line(findings),
            )
        )
        counted = {id(f) for f in measured_findings(findings, steps)}
        for position, finding in enumerate(findings):
            if id(finding) not in counted or latest.status == "error":
                continue  # not measured: it says nothing of the site
            unit = text_or(finding.get("unit"), None)
            worst.append(
                WorstFinding(
                    journey=name,
                    code=text_or(finding.get("code"), "finding") or "finding",
                    severity=text_or(finding.get("severity"), "info") or "info",
                    message=text_or(finding.get("message"), "") or "",
                    measured=_short_quantity(finding.get("measured"), unit),
                    budget=_short_quantity(finding.get("budget"), unit),
                    principle=text_or(finding.get("principle"), None),
                    href=f"{run_page}#finding-{position + 1}",
                    overshoot=overshoot(finding),
                    rank=seriousness(finding),
                    step=step_index(finding),
                )
            )
    # Journeys needing attention first: not measured, then the lowest scores.
    journeys.sort(key=lambda j: (not j.in_latest_run, j.score is not None, j.score or 0, j.name))
    worst.sort(key=lambda f: f.rank)
    trend, trend_values = _trend(all_runs)
    return ExecutiveView(
        journeys=journeys,
        channels=_channels(journeys),
        sla=_sla(conn, all_runs, out_dir),
        worst=distinct_problems(worst)[:WORST_SHOWN],
        trend=trend,
        trend_values=trend_values,
        recent_run_ids=_recent_run_ids(all_runs, out_dir),
    )


def distinct_problems(worst_first: list[WorstFinding]) -> list[WorstFinding]:
    """One entry per problem (the same code on the same step of the same journey), the most
    serious of its occurrences, counting the others: five worst are five different things."""
    kept: dict[tuple[str, str, int | None], WorstFinding] = {}
    for finding in worst_first:
        if finding.problem in kept:
            kept[finding.problem].times += 1
        else:
            kept[finding.problem] = finding
    return list(kept.values())


def worst_severity(findings: list[dict[str, Any]]) -> str | None:
    ranks = [severity_rank(f.get("severity")) for f in findings]
    known = [rank for rank in ranks if rank < len(SEVERITIES)]
    return SEVERITIES[min(known)] if known else None


def _tone(status: str, findings: list[dict[str, Any]]) -> str:
    if status in ("error", "failed"):
        return status
    worst = min((severity_rank(f.get("severity")) for f in findings), default=None)
    return "passed" if worst is None or worst >= len(SEVERITIES) else SEVERITIES[worst]


def _short_quantity(value: object, unit: str | None) -> str | None:
    """14.2 s rather than 14200 ms (14.2 s): the executive page is read, not audited."""
    number = number_or_none(value)
    if unit == "ms" and number is not None:
        return format_duration(number)
    return format_quantity(value, unit)


def _series_words(scores_newest_first: list[float | None]) -> str:
    known = [s for s in scores_newest_first if s is not None]
    if not known:
        return "never measured"
    latest = scores_newest_first[0]
    now = "not measured now" if latest is None else f"now {latest:g}"
    return f"{now}, lowest {min(known):g}, highest {max(known):g}"


def _channels(journeys: list[JourneySummary]) -> list[ChannelSummary]:
    by_channel: dict[str, list[JourneySummary]] = defaultdict(list)
    for journey in journeys:
        by_channel[journey.channel].append(journey)
    channels = []
    for channel, members in sorted(by_channel.items()):
        scores = [j.score for j in members if j.score is not None]
        deltas = []
        for position in range(len(DELTA_WINDOWS)):
            values = [j.deltas[position].value for j in members]
            known = [v for v in values if v is not None]
            deltas.append(Delta(round(mean(known), 1) if known else None))
        channels.append(
            ChannelSummary(
                channel=channel,
                journeys=len(members),
                score=mean(scores) if scores else None,
                deltas=deltas,
            )
        )
    return channels


def _sla(conn: sqlite3.Connection, runs: list[hq.RunRow], out_dir: Path | None = None
         ) -> list[SlaShare]:
    """Within budget over the last runs; a step that never got its answer is not within.

    What was not measured is left out: runs in `error` (the tool failed, not the site) and
    steps the journey never got to (`skipped`: an earlier stop, a value never captured).
    """
    measured = [run for run in runs if run.status != "error"]
    counts = {action: [0, 0] for action in SLA_KINDS}
    email_answers = _EmailAnswers(out_dir, measured)
    for step, budget in hq.waiting_steps(conn, measured):
        if step.status == "skipped":
            continue
        within = step.waited_ms is not None and (budget is None or step.waited_ms <= budget)
        kind = email_answers.kind(step) if step.action == "expect_email" else step.action
        counts[kind][0] += within
        counts[kind][1] += 1
    return [SlaShare(kind, *counts[action]) for action, kind in SLA_KINDS.items()]


class _EmailAnswers:
    """On the email channel an `expect_email` is the business's acknowledgement of the
    customer's email (counted with the acknowledgements) or a person's answer (with the
    replies); which one, only the result file says (the history keeps the action alone)."""

    def __init__(self, out_dir: Path | None, runs: list[hq.RunRow]) -> None:
        self.out_dir = out_dir
        self.runs = {run.key: run for run in runs}
        self._steps: dict[tuple[str, int], list[Any]] = {}

    def kind(self, step: hq.StepRow) -> str:
        key = (step.journey_run_id, step.attempt)
        run = self.runs.get(key)
        if self.out_dir is None or run is None:
            return "expect_email"
        if key not in self._steps:
            data = read_latest_result(self.out_dir, run) or {}
            self._steps[key] = [s for s in data.get("steps") or [] if isinstance(s, dict)]
        found = next((s for s in self._steps[key] if s.get("index") == step.idx), {})
        asked = as_dict(as_dict(found.get("observed")).get("asked"))
        if not asked.get("channel"):
            return "expect_email"
        if asked.get("text") or asked.get("reference") or asked.get("promise"):
            return "expect_ack"
        return "expect_reply" if asked.get("human") else "expect_email"


def _trend(runs: list[hq.RunRow]) -> tuple[Markup | None, list[float | None]]:
    """Per run, the mean of every journey's latest score so far, over the last `WINDOW` runs.

    Like is compared with like: a journey that was not in a run (a `--tag` subset, a shard, a
    journey on another schedule) keeps its latest measured score, so a run of one journey
    moves only that journey's share of the mean, and one unmeasured run (`error`) changes
    nothing. A run in which nothing was measured is a gap; journeys join the mean from their
    first measured run.
    """
    by_run: dict[str, list[hq.RunRow]] = defaultdict(list)
    for run in runs:
        by_run[run.folder].append(run)
    started = {run_id: min(r.started_at for r in members) for run_id, members in by_run.items()}
    order = sorted(by_run, key=lambda run_id: (started[run_id], run_id))
    if not order:
        return None, []
    latest: dict[str, float] = {}  # journey id: its latest measured score so far
    values: list[float | None] = []
    for run_id in order:
        measured_now = False
        for run in sorted(by_run[run_id], key=lambda r: r.started_at):
            score = score_of(run)
            if score is not None:
                latest[run.journey_id] = score
                measured_now = True
        values.append(round(mean(latest.values()), 1) if measured_now else None)
    shown = order[-hq.WINDOW :]
    values = values[-hq.WINDOW :]
    labels = [started[run_id][:10] or run_id for run_id in shown]
    known = [v for v in values if v is not None]
    words = (
        f"Mean score of all journeys over the last {len(shown)} runs, each journey's latest "
        "score carried forward: "
        + (f"from {known[0]:g} to {known[-1]:g}, lowest {min(known):g}." if known
           else "nothing measured.")
    )
    return trend_chart(values, labels, description=words), values


def _recent_run_ids(runs: list[hq.RunRow], out_dir: Path) -> list[tuple[str, str | None]]:
    started: dict[str, str] = {}
    for run in runs:
        started[run.folder] = min(started.get(run.folder, run.started_at), run.started_at)
    ids = sorted(started, key=lambda run_id: (started[run_id], run_id), reverse=True)[:hq.WINDOW]
    return [
        (run_id, f"runs/{quote(run_id)}/index.html"
         if (out_dir / "runs" / run_id / "index.html").is_file() else None)
        for run_id in ids
    ]

