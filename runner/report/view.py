"""Turn one result dict (README) into what the templates show.

All the tolerance lives here, so templates stay plain: a missing key becomes None or an
empty list, numbers are formatted once, and every URL or path taken from a result is
judged before it may become a link. Text from the site under test stays plain `str`;
Jinja's autoescape turns it into harmless text on the page.
"""

from __future__ import annotations

import hashlib
import os
import re
import shlex
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from runner.report.accessibility import AccessibilityView, accessibility_view
from runner.report.conversation import (
    EmailView,
    MessageView,
    email_views,
    format_offset,
    transcript_view,
)
from runner.report.email_conversation import EmailMessageView, email_conversation_view
from runner.report.moments import (
    JourneyClock,
    Moment,
    StepTime,
    fit_clock,
    moments,
    step_times,
)
from runner.report.page_experience import PageVitalsView, pages_of_run
from runner.report.reading import ResultFile, parse_moment
from runner.report.values import (
    Link,
    as_dict,
    as_list,
    format_duration,
    format_number,
    format_quantity,
    format_value,
    link,
    number_or_none,
    text_or,
)

SEVERITIES = ("critical", "major", "minor", "info")  # most severe first
JOURNEY_STATUSES = ("passed", "failed", "error", "flaky", "skipped", "aborted")
STEP_STATUSES = ("passed", "failed", "skipped")


@dataclass(frozen=True)
class Outcome:
    """A journey run's result as the pages say it: a clean pass is not a pass with findings.

    passed · passed with findings, worst <severity> · failed · not measured (`error`) ·
    flaky (with findings, worst <severity>), skipped, aborted; the terminal's words.
    """

    label: str
    css: str  # badge and strip class

    @property
    def is_clean_pass(self) -> bool:
        return self.css == "passed"


def outcome(status: str, worst_severity: str | None) -> Outcome:
    if status == "error":
        return Outcome("not measured", "error")
    if status == "passed" and worst_severity is not None:
        return Outcome(f"passed with findings, worst {worst_severity}", "passed-with-findings")
    if status == "flaky" and worst_severity is not None:
        return Outcome(f"flaky with findings, worst {worst_severity}", "flaky")
    return Outcome(status, status if status in JOURNEY_STATUSES else "unknown")


def worst_severity_of(severities: list[object]) -> str | None:
    known = [SEVERITIES.index(s) for s in severities if s in SEVERITIES]
    return SEVERITIES[min(known)] if known else None


def step_not_measured(status: object, skip_reason: object) -> bool:
    """A step the journey never got to measure: skipped, with the reason why."""
    return status == "skipped" and isinstance(skip_reason, str) and bool(skip_reason)


@dataclass(frozen=True)
class Artifact:
    """A file the runner wrote beside the result (screenshot, trace, video)."""

    path: str  # as the result names it, for display
    href: str | None  # relative to the run folder, URL-quoted; None when not linkable
    exists: bool


@dataclass(frozen=True)
class MomentMark:
    """A moment the customer heard back, drawn on a step's row of the waterfall."""

    kind: str  # acknowledgement | reply | email
    offset_pct: float  # where it happened, in % of the waterfall
    wait_offset_pct: float  # the customer's wait, from their action to this moment
    wait_width_pct: float
    label: str
    late: bool


@dataclass(frozen=True)
class StepView:
    index: int | None
    name: str
    action: str
    line: int | None
    status: str
    status_class: str
    duration_ms: float | None
    url: Link | None
    error: str | None
    skip_reason: str | None
    screenshot: Artifact | None
    measured: list[tuple[str, str]]
    bar_offset_pct: float
    bar_width_pct: float
    timeline_label: str  # what the bar shows, for screen readers and print
    finding_anchors: list[tuple[str, str, str]] = field(default_factory=list)  # (id, code, sev)
    moments: list[MomentMark] = field(default_factory=list)
    # Where the step's `step` budget ends on the waterfall (None: no budget, or off the scale).
    budget_offset_pct: float | None = None
    budget_text: str = ""

    @property
    def duration_text(self) -> str:
        return format_duration(self.duration_ms)

    @property
    def number(self) -> int | None:
        """What people call the step: 1 for the first, as the runner's own messages do."""
        return step_number(self.index)

    @property
    def not_measured(self) -> bool:
        return step_not_measured(self.status, self.skip_reason)

    @property
    def status_label(self) -> str:
        return "not measured" if self.not_measured else self.status


@dataclass(frozen=True)
class FindingView:
    anchor: str
    code: str
    category: str
    severity: str
    severity_class: str
    step_index: int | None
    step_label: str
    message: str
    measured: str | None
    budget: str | None
    principle: str | None
    evidence_text: str | None
    evidence_url: Link | None
    evidence_screenshot: Artifact | None
    evidence_other: list[tuple[str, str]]

    @property
    def step_number(self) -> int | None:
        return step_number(self.step_index)


@dataclass(frozen=True)
class ScoreView:
    value: float | None  # None: not measured (an `error` run), never shown as 100
    breakdown: list[tuple[str, str, str]]  # (code, severity, points)
    notes: list[str | None] = field(default_factory=list)  # per breakdown row ("not counted…")
    cap: float | None = None  # the ceiling applied: a journey that could not finish
    before_cap: float | None = None  # what the findings alone came to
    cap_reason: str | None = None
    formula: str | None = None

    @property
    def text(self) -> str:
        return "not measured" if self.value is None else f"{format_number(self.value)}/100"


@dataclass
class JourneyRunView:
    stem: str
    page: str  # `<stem>.html`, relative to the run folder, URL-quoted for an href
    result_file: str  # `<stem>.json`, relative to the run folder, URL-quoted
    run_id: str
    journey_id: str
    name: str
    channel: str
    journey_file: str | None
    persona: str | None
    status: str
    status_class: str
    attempt: int | None
    is_attempt: bool
    started_at: str | None  # for people
    started_at_iso: str | None  # as the result wrote it, for machines
    finished_at: str | None
    duration_ms: float | None
    browser: str | None
    browser_source: str | None
    error: str | None
    steps: list[StepView]
    findings: list[FindingView]
    findings_by_severity: dict[str, int]
    score: ScoreView
    trace: Artifact | None
    schema_version: object
    transcript: list[MessageView] = field(default_factory=list)
    emails: list[EmailView] = field(default_factory=list)
    email_conversation: list[EmailMessageView] = field(default_factory=list)
    moments: list[Moment] = field(default_factory=list)
    attempts: list[JourneyRunView] = field(default_factory=list)
    # The run's accessibility problems by rule, and each page's vitals (runner/report/
    # accessibility.py, page_experience.py)
    accessibility: AccessibilityView | None = None
    pages: list[PageVitalsView] = field(default_factory=list)
    video: Artifact | None = None  # `--video`: the journey's tab, as a WebM file

    @property
    def duration_text(self) -> str:
        return format_duration(self.duration_ms)

    @property
    def outcome(self) -> Outcome:
        return outcome(self.status, worst_severity_of([f.severity for f in self.findings]))

    @property
    def duration_seconds(self) -> float:
        return (self.duration_ms or 0.0) / 1000.0

    @property
    def trace_command(self) -> str | None:
        """Run from the run folder: the trace path is relative to it."""
        if self.trace is None:
            return None
        return f"playwright show-trace {shlex.quote(self.trace.path)}"

    @property
    def history_page(self) -> str:
        """This journey's over-time page, relative to the reports folder, URL-quoted."""
        return quote(f"journeys/{journey_page_name(self.journey_id)}")

    def findings_at_or_above(self, severity: str) -> list[FindingView]:
        limit = SEVERITIES.index(severity)
        return [f for f in self.findings if f.severity in SEVERITIES[: limit + 1]]


SAFE_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")


def journey_page_name(journey_id: str) -> str:
    """`<journey-id>.html`; an id that is not a plain file name gets a slug and a hash instead.

    Journey ids come from YAML file names and are normally safe, but a page name must never
    climb out of `journeys/` (`..`, `/`) nor collide with another journey's.
    """
    if SAFE_FILE_NAME.fullmatch(journey_id) and ".." not in journey_id:
        return f"{journey_id}.html"
    slug = re.sub(r"[^A-Za-z0-9_-]+", "_", journey_id).strip("_")[:60] or "journey"
    digest = hashlib.sha256(journey_id.encode("utf-8")).hexdigest()[:10]
    return f"{slug}-{digest}.html"


def journey_run_view(result: ResultFile, run_id: str, out_dir: Path) -> JourneyRunView:
    data = result.data
    run_dir = result.path.parent
    journey = as_dict(data.get("journey"))
    findings = [
        finding_view(position, finding, run_dir, out_dir)
        for position, finding in enumerate(as_list(data.get("findings")))
        if isinstance(finding, dict)
    ]
    started = parse_moment(data.get("started_at"))
    finished = parse_moment(data.get("finished_at"))
    times = step_times(as_list(data.get("steps")))
    clock = fit_clock(data, times)
    heard_back = moments(data, times, clock)
    steps = step_views(
        as_list(data.get("steps")), findings, run_dir, out_dir, heard_back, clock
    )
    duration_ms = (
        (finished - started).total_seconds() * 1000.0
        if started and finished and finished >= started
        else journey_span_ms(as_list(data.get("steps")))
    )
    counts = {severity: 0 for severity in SEVERITIES}
    for finding in findings:
        if finding.severity in counts:
            counts[finding.severity] += 1
    status = text_or(data.get("status"), "unknown")
    return JourneyRunView(
        stem=result.stem,
        page=quote(f"{result.stem}.html"),
        result_file=quote(result.path.name),
        run_id=run_id,
        journey_id=text_or(journey.get("id"), result.final_stem),
        name=text_or(journey.get("name"), text_or(journey.get("id"), result.final_stem)),
        channel=text_or(journey.get("channel"), "other"),
        journey_file=text_or(journey.get("file"), None),
        persona=persona_label(data.get("persona")),
        status=status,
        status_class=status if status in JOURNEY_STATUSES else "unknown",
        attempt=data.get("attempt") if isinstance(data.get("attempt"), int) else None,
        is_attempt=result.is_attempt,
        started_at=format_moment(data.get("started_at")),
        started_at_iso=text_or(data.get("started_at"), None),
        finished_at=format_moment(data.get("finished_at")),
        duration_ms=duration_ms,
        browser=browser_label(data.get("browser")),
        browser_source=text_or(as_dict(data.get("browser")).get("source"), None),
        error=error_text(data.get("error")),
        steps=steps,
        findings=findings,
        findings_by_severity=counts,
        score=score_view(data.get("score")),
        trace=artifact(as_dict(data.get("artifacts")).get("trace"), run_dir, out_dir),
        video=artifact(as_dict(data.get("artifacts")).get("video"), run_dir, out_dir),
        schema_version=data.get("schema_version"),
        transcript=transcript_view(data, clock),
        emails=email_views(data, clock),
        email_conversation=email_conversation_view(data, clock),
        moments=heard_back,
        accessibility=accessibility_view(data),
        pages=pages_of_run(data),
    )


def step_views(
    steps: list[Any],
    findings: list[FindingView],
    run_dir: Path,
    out_dir: Path,
    moments: list[Moment] | None = None,
    clock: JourneyClock | None = None,
) -> list[StepView]:
    steps = [step for step in steps if isinstance(step, dict)]
    times = step_times(steps)
    moments = moments or []
    span = waterfall_span_ms(times, moments)
    marks = moment_marks(moments, times, span)
    views = []
    for position, (step, time) in enumerate(zip(steps, times, strict=True)):
        start, duration = time.start_ms, time.duration_ms
        offset, width = bar(start, duration, span)
        timeline_label = (
            f"from {format_duration(start)} to {format_duration(start + duration)}"
            if duration
            else "not measured"
            if step.get("status") == "skipped"
            else "no duration recorded"
        )
        index = time.index
        status = text_or(step.get("status"), "unknown")
        views.append(
            StepView(
                index=index,
                name=text_or(step.get("name"), text_or(step.get("action"), "step")),
                action=text_or(step.get("action"), ""),
                line=step.get("line") if isinstance(step.get("line"), int) else None,
                status=status,
                status_class=status if status in STEP_STATUSES else "unknown",
                duration_ms=duration,
                url=link(step.get("url")),
                error=error_text(step.get("error")),
                skip_reason=text_or(step.get("skip_reason"), None),
                screenshot=artifact(step.get("screenshot"), run_dir, out_dir),
                measured=measured_items(step.get("measured"), clock),
                bar_offset_pct=offset,
                bar_width_pct=width,
                timeline_label=timeline_label,
                finding_anchors=[
                    (f.anchor, f.code, f.severity_class)
                    for f in findings
                    if index is not None and f.step_index == index
                ],
                moments=marks.get(position, []),
                **budget_mark(step.get("budget_ms"), start, span),
            )
        )
    return views


def budget_mark(budget: object, start: float, span: float) -> dict:
    """The budget as a tick at start + budget, when it falls on the waterfall."""
    if not isinstance(budget, int | float) or isinstance(budget, bool) or budget <= 0 \
            or span <= 0 or start + budget > span:
        return {}
    return {"budget_offset_pct": round((start + budget) / span * 100.0, 2),
            "budget_text": f"; budget {format_duration(float(budget))}"}


def step_number(index: int | None) -> int | None:
    """Steps are indexed from 0 in results and numbered from 1 for people (README)."""
    return None if index is None else index + 1


def journey_span_ms(steps: list[Any]) -> float | None:
    """From the first step's start to the last step's end, in ms."""
    return max((time.end_ms for time in step_times(steps)), default=0.0) or None


def waterfall_span_ms(times: list[StepTime], moments: list[Moment]) -> float:
    """The waterfall's full width in ms: the steps, and any moment that came after them."""
    ends = [time.end_ms for time in times] + [moment.at_ms for moment in moments]
    return max(ends, default=0.0)


def moment_marks(
    moments: list[Moment], times: list[StepTime], span: float
) -> dict[int, list[MomentMark]]:
    """Each moment on the row of the step that waited for it (by position in the steps).

    A moment whose step is unknown goes on the row of the step it happened during, else of
    the last step that started before it: every moment is on the waterfall somewhere.
    """
    if span <= 0 or not times:
        return {}
    positions = {time.index: position for position, time in enumerate(times)
                 if time.index is not None}
    marks: dict[int, list[MomentMark]] = {}
    for moment in moments:
        position = positions.get(moment.step_index)
        if position is None:
            position = row_at(times, moment.at_ms)
        at = percent_of(moment.at_ms, span)
        since = percent_of(moment.trigger_ms, span) if moment.trigger_ms is not None else at
        marks.setdefault(position, []).append(
            MomentMark(
                kind=moment.kind,
                offset_pct=at,
                wait_offset_pct=min(since, at),
                wait_width_pct=round(abs(at - since), 2),
                label=moment.label,
                late=moment.late,
            )
        )
    return marks


def row_at(times: list[StepTime], at_ms: float) -> int:
    during = [p for p, time in enumerate(times) if time.start_ms <= at_ms <= time.end_ms]
    if during:
        return during[-1]
    started = [p for p, time in enumerate(times) if time.start_ms <= at_ms]
    return started[-1] if started else 0


def percent_of(ms: float, span: float) -> float:
    return round(min(max(ms / span * 100.0, 0.0), 100.0), 2)


def bar(start: float, duration: float | None, span: float) -> tuple[float, float]:
    """Offset and width of a step's bar, in % of the journey, for a CSS-only waterfall."""
    if not duration or span <= 0:
        return (min(max(start / span * 100.0, 0.0), 100.0) if span > 0 else 0.0, 0.0)
    offset = min(max(start / span * 100.0, 0.0), 99.5)
    # At least half a percent, so a 3 ms step is still visible next to a 30 s one.
    width = min(max(duration / span * 100.0, 0.5), 100.0 - offset)
    return round(offset, 2), round(width, 2)


def finding_view(
    position: int, finding: dict[str, Any], run_dir: Path, out_dir: Path
) -> FindingView:
    step = as_dict(finding.get("step"))
    step_index = step.get("index") if isinstance(step.get("index"), int) else None
    if finding.get("step") is None:
        step_label = "whole journey"
    else:
        step_name = text_or(step.get("name"), None)
        step_label = " ".join(
            part
            for part in (
                f"step {step_number(step_index)}" if step_index is not None else "step",
                f"({step_name})" if step_name else "",
            )
            if part
        )
    severity = text_or(finding.get("severity"), "info")
    unit = text_or(finding.get("unit"), None)
    evidence = as_dict(finding.get("evidence"))
    known = {"text", "url", "screenshot"}
    return FindingView(
        anchor=f"finding-{position + 1}",
        code=text_or(finding.get("code"), "finding"),
        category=text_or(finding.get("category"), ""),
        severity=severity,
        severity_class=severity if severity in SEVERITIES else "unknown",
        step_index=step_index,
        step_label=step_label,
        message=text_or(finding.get("message"), ""),
        measured=format_quantity(finding.get("measured"), unit),
        budget=format_quantity(finding.get("budget"), unit),
        principle=text_or(finding.get("principle"), None),
        evidence_text=text_or(evidence.get("text"), None),
        evidence_url=link(evidence.get("url")),
        evidence_screenshot=artifact(evidence.get("screenshot"), run_dir, out_dir),
        evidence_other=[
            (str(key), format_value(value))
            for key, value in evidence.items()
            if key not in known and value not in (None, "", [], {})
        ],
    )


def score_view(score: object) -> ScoreView:
    # An older or hand-written result may hold the bare number.
    if isinstance(score, int | float) and not isinstance(score, bool):
        return ScoreView(value=score, breakdown=[])
    score = as_dict(score)
    value = score.get("value")
    value = value if number_or_none(value) is not None else None
    breakdown = [
        (
            text_or(item.get("code"), ""),
            text_or(item.get("severity"), ""),
            format_value(item.get("points")) if item.get("points") is not None else "",
        )
        for item in as_list(score.get("breakdown"))
        if isinstance(item, dict)
    ]
    notes = [text_or(item.get("note"), None)
             for item in as_list(score.get("breakdown")) if isinstance(item, dict)]
    cap = as_dict(score.get("cap"))
    return ScoreView(
        value=value,
        breakdown=breakdown,
        notes=notes,
        cap=number_or_none(cap.get("at")),
        before_cap=number_or_none(cap.get("before_cap")),
        cap_reason=text_or(cap.get("reason"), None),
        formula=text_or(score.get("formula"), None),
    )




def artifact(value: object, run_dir: Path, out_dir: Path) -> Artifact | None:
    """A path the runner wrote, relative to the run folder, made into a safe relative href.

    Only files inside the reports folder become links, so the folder can be zipped and
    moved; a scheme (`javascript:`), a drive letter or a path escaping the folder stays text.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    posix = value.replace("\\", "/")
    first_part = posix.split("/", 1)[0]
    if ":" in first_part or PureWindowsPath(value).drive:
        return Artifact(path=value, href=None, exists=False)
    candidate = Path(posix) if PurePosixPath(posix).is_absolute() else run_dir / posix
    try:
        resolved = candidate.resolve()
        resolved.relative_to(out_dir.resolve())
    except (OSError, ValueError):
        return Artifact(path=value, href=None, exists=False)
    relative = Path(os.path.relpath(resolved, run_dir.resolve()))
    href = quote(PurePosixPath(*relative.parts).as_posix(), safe="/")
    return Artifact(path=value, href=href, exists=resolved.is_file())


EPOCH_MS_AFTER = 1e11  # a `*_at` value past this is an epoch time in ms (from 1973 on)


def measured_items(
    measured: object, clock: JourneyClock | None = None
) -> list[tuple[str, str]]:
    items = []
    for key, value in as_dict(measured).items():
        if value is None:
            continue
        at = number_or_none(value) if str(key).endswith("_at") else None
        if clock is not None and at is not None and at > EPOCH_MS_AFTER:
            # A page time (a chat message's send) means nothing to a reader as epoch ms.
            items.append((str(key), f"at {format_offset(clock.journey_ms(at))} "
                                    "from the start of the journey"))
            continue
        unit = "ms" if str(key).endswith("_ms") else ("score" if key == "cls" else None)
        items.append((str(key), format_quantity(value, unit) or ""))
    return items


def persona_label(persona: object) -> str | None:
    if isinstance(persona, str):
        return persona
    persona = as_dict(persona)
    persona_id = text_or(persona.get("id"), None)
    name = text_or(persona.get("name"), None)
    if persona_id and name:
        return f"{name} ({persona_id})"
    return name or persona_id


def browser_label(browser: object) -> str | None:
    browser = as_dict(browser)
    parts = [text_or(browser.get(key), "") for key in ("name", "version")]
    label = " ".join(part for part in parts if part)
    return label or None


def error_text(error: object) -> str | None:
    if error is None or error == "":
        return None
    if isinstance(error, dict):
        message = error.get("message")
        kind = error.get("type") or error.get("kind")
        if isinstance(message, str):
            return f"{kind}: {message}" if isinstance(kind, str) and kind else message
    return error if isinstance(error, str) else format_value(error)


def format_moment(value: object) -> str | None:
    moment = parse_moment(value)
    if moment is None:
        return value if isinstance(value, str) and value else None
    if moment.utcoffset() == timedelta(0):
        return moment.strftime("%Y-%m-%d %H:%M:%S UTC")
    return moment.isoformat(sep=" ", timespec="seconds")
