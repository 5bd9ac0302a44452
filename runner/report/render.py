"""Render the reports: the runner calls `render_run` after each run, `shopper report` `render_all`.

Pages per run (`runs/<run-id>/index.html` and `<stem>.html`) come from the result files;
the executive page (`index.html`) and the journey pages (`journeys/<id>.html`) from the
history (`history.sqlite`, rebuilt from the result files when missing). `latest.json` holds
the latest result of every journey in the folder (README); `junit.xml` the latest run.

`render_run` is incremental: that run's pages, the journeys it touched and the executive
page. `render_all` renders everything.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from runner import __version__
from runner.report import history_queries as hq
from runner.report.executive import executive_view
from runner.report.files import write_text_atomic
from runner.report.journey_history import journey_history_view
from runner.report.junit import junit_xml
from runner.report.latest import write_latest
from runner.report.pages import render_page
from runner.report.reading import RunFolder, find_run_ids, newest, read_run_folder
from runner.report.view import (
    JOURNEY_STATUSES,
    SEVERITIES,
    JourneyRunView,
    journey_page_name,
    journey_run_view,
)
from runner.results import store


def render_run(out_dir: Path, run_id: str, *, fail_on: str = "critical") -> Path:
    """Render one run's pages, its journeys' pages and the executive page; return `index.html`."""
    _check_fail_on(fail_on)
    out_dir = Path(out_dir)
    generated_at = _now()
    folder = read_run_folder(out_dir, run_id)
    runs = _render_run_pages(out_dir, folder, generated_at)
    conn = _history(out_dir, folder)
    try:
        touched = sorted({run.journey_id for run in runs})
        _render_journey_pages(conn, out_dir, touched, generated_at)
        return _render_latest(
            out_dir, folder, runs, conn, fail_on=fail_on, generated_at=generated_at
        )
    finally:
        conn.close()


def render_all(out_dir: Path, *, fail_on: str = "critical") -> Path | None:
    """Re-render every run folder, every journey page and the top pages; None if no run."""
    _check_fail_on(fail_on)
    out_dir = Path(out_dir)
    generated_at = _now()
    if not (out_dir / "history.sqlite").is_file():
        hq.rebuild(out_dir)
    folders = [read_run_folder(out_dir, run_id) for run_id in find_run_ids(out_dir)]
    rendered = {
        folder.run_id: _render_run_pages(out_dir, folder, generated_at) for folder in folders
    }
    latest = newest(folders)
    if latest is None:
        return None
    conn = hq.open_history(out_dir)
    try:
        _render_journey_pages(conn, out_dir, hq.journey_ids(conn), generated_at)
        return _render_latest(
            out_dir, latest, rendered[latest.run_id], conn,
            fail_on=fail_on, generated_at=generated_at,
        )
    finally:
        conn.close()


def _history(out_dir: Path, folder: RunFolder):  # noqa: ANN202 - sqlite3.Connection
    """The history, holding this run: the worker normally recorded it already.

    No database at all: rebuild it from the result files. A database without this run (it
    was rendered from files copied in, or written by an older runner): record the run's
    files now, as `store.rebuild` would, without re-reading every other run.
    """
    conn = hq.open_history(out_dir)
    if not hq.has_run(conn, folder.run_id):
        for result in folder.results:
            if hq.recordable(result.data):
                store.record(conn, result.data, str(result.path.relative_to(out_dir)))
    return conn


def _render_journey_pages(
    conn, out_dir: Path, journey_ids: list[str], generated_at: str  # noqa: ANN001
) -> None:
    for journey_id in journey_ids:
        view = journey_history_view(conn, out_dir, journey_id)
        if view is None:
            continue
        write_text_atomic(
            out_dir / "journeys" / journey_page_name(journey_id),
            render_page(
                "journey.html",
                view=view,
                severities=SEVERITIES,
                top_prefix="../",
                version=__version__,
                generated_at=generated_at,
            ),
        )


def _render_run_pages(out_dir: Path, folder: RunFolder, generated_at: str) -> list[JourneyRunView]:
    """Write the run page and one page per journey run (attempts included); return the finals."""
    finals = sorted(
        (journey_run_view(result, folder.run_id, out_dir) for result in folder.finals),
        key=lambda run: run.stem,
    )
    by_stem = {run.stem: run for run in finals}
    # An attempt whose final result is missing (a crash between the two writes) still
    # gets its page and is listed on the run page, rather than vanishing.
    orphan_attempts = []
    for result in folder.results:
        if not result.is_attempt:
            continue
        attempt = journey_run_view(result, folder.run_id, out_dir)
        final = by_stem.get(result.final_stem)
        if final is None:
            orphan_attempts.append(attempt)
        else:
            final.attempts.append(attempt)
    for run in finals:
        run.attempts.sort(key=lambda attempt: (attempt.attempt or 0, attempt.stem))
    common = {"version": __version__, "generated_at": generated_at, "run_id": folder.run_id}
    for run in finals:
        for attempt in run.attempts:
            _write_journey_page(folder, attempt, final=run, **common)
        _write_journey_page(folder, run, final=None, **common)
    for attempt in orphan_attempts:
        _write_journey_page(folder, attempt, final=None, **common)
    write_text_atomic(
        folder.path / "index.html",
        render_page(
            "run.html",
            runs=finals,
            orphan_attempts=orphan_attempts,
            unreadable=folder.unreadable,
            severities=SEVERITIES,
            link_prefix="",
            top_prefix="../../",
            **common,
        ),
    )
    return finals


def _write_journey_page(
    folder: RunFolder, run: JourneyRunView, *, final: JourneyRunView | None, **common: object
) -> None:
    write_text_atomic(
        folder.path / f"{run.stem}.html",
        render_page(
            "journey_run.html",
            run=run,
            final=final,
            severities=SEVERITIES,
            top_prefix="../../",
            **common,
        ),
    )


def _render_latest(
    out_dir: Path,
    folder: RunFolder,
    runs: list[JourneyRunView],
    conn,  # noqa: ANN001 - sqlite3.Connection
    *,
    fail_on: str,
    generated_at: str,
) -> Path:
    index = render_executive(
        out_dir, conn, folder.run_id, unreadable=folder.unreadable,
        fail_on=fail_on, generated_at=generated_at,
    )
    write_latest(out_dir, folder.run_id, fail_on=fail_on)
    started = folder.started_at
    write_text_atomic(
        out_dir / "junit.xml",
        junit_xml(
            runs,
            fail_on=fail_on,
            timestamp=started.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S") if started else None,
        ),
    )
    return index


def render_executive(
    out_dir: Path,
    conn,  # noqa: ANN001 - sqlite3.Connection
    run_id: str,
    *,
    unreadable: list[tuple[str, str]] | None = None,
    fail_on: str = "critical",
    generated_at: str | None = None,
) -> Path:
    """Write `index.html`, the executive page, from the history; `run_id` is the latest run."""
    index = out_dir / "index.html"
    write_text_atomic(
        index,
        render_page(
            "index.html",
            view=executive_view(conn, out_dir, run_id),
            unreadable=unreadable or [],
            window=hq.WINDOW,
            statuses=JOURNEY_STATUSES,
            severities=SEVERITIES,
            fail_on=fail_on,
            link_prefix=f"runs/{quote(run_id)}/",
            top_prefix="",
            version=__version__,
            generated_at=generated_at or _now(),
            run_id=run_id,
        ),
    )
    return index


def _check_fail_on(fail_on: str) -> None:
    if fail_on not in SEVERITIES:
        raise ValueError(f"fail_on must be one of {', '.join(SEVERITIES)}, not {fail_on!r}")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
