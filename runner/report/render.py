"""Render a run's reports from its result files: the runner calls these after each run.

Pages per run (`runs/<run-id>/index.html` and `<stem>.html`) can be re-rendered at any
time; `index.html`, `latest.json` and `junit.xml` at the top describe the latest run only.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from runner import __version__
from runner.report.files import write_text_atomic
from runner.report.junit import junit_xml
from runner.report.latest import latest_json
from runner.report.pages import render_page
from runner.report.reading import RunFolder, find_run_ids, newest, read_run_folder
from runner.report.view import SEVERITIES, JourneyRunView, journey_run_view


def render_run(out_dir: Path, run_id: str, *, fail_on: str = "critical") -> Path:
    """Render the pages of one run and make it the latest; return `out_dir/index.html`."""
    _check_fail_on(fail_on)
    out_dir = Path(out_dir)
    generated_at = _now()
    folder = read_run_folder(out_dir, run_id)
    runs = _render_run_pages(out_dir, folder, generated_at)
    return _render_latest(out_dir, folder, runs, fail_on=fail_on, generated_at=generated_at)


def render_all(out_dir: Path, *, fail_on: str = "critical") -> Path | None:
    """Re-render every run folder, then the top pages for the newest; None if there is none."""
    _check_fail_on(fail_on)
    out_dir = Path(out_dir)
    generated_at = _now()
    folders = [read_run_folder(out_dir, run_id) for run_id in find_run_ids(out_dir)]
    rendered = {
        folder.run_id: _render_run_pages(out_dir, folder, generated_at) for folder in folders
    }
    latest = newest(folders)
    if latest is None:
        return None
    return _render_latest(
        out_dir, latest, rendered[latest.run_id], fail_on=fail_on, generated_at=generated_at
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
    *,
    fail_on: str,
    generated_at: str,
) -> Path:
    earlier_runs = [
        (run_id, f"runs/{quote(run_id)}/index.html")
        for run_id in reversed(find_run_ids(out_dir))
        if run_id != folder.run_id and (out_dir / "runs" / run_id / "index.html").is_file()
    ]
    index = out_dir / "index.html"
    write_text_atomic(
        index,
        render_page(
            "index.html",
            runs=runs,
            unreadable=folder.unreadable,
            earlier_runs=earlier_runs,
            severities=SEVERITIES,
            fail_on=fail_on,
            link_prefix=f"runs/{quote(folder.run_id)}/",
            top_prefix="",
            version=__version__,
            generated_at=generated_at,
            run_id=folder.run_id,
        ),
    )
    write_text_atomic(
        out_dir / "latest.json",
        latest_json(folder.run_id, runs, fail_on=fail_on, generated_at=generated_at),
    )
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


def _check_fail_on(fail_on: str) -> None:
    if fail_on not in SEVERITIES:
        raise ValueError(f"fail_on must be one of {', '.join(SEVERITIES)}, not {fail_on!r}")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
