"""Fixtures: a temporary reports folder holding one sample run (see report_samples), and
generated pages opened in the session's Chromium."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Dialog, Page, Request, Route
from report_samples import PNG, RUN_ID, error_result, failed_result, passed_result


@pytest.fixture
def write_result(tmp_path: Path) -> Callable[..., Path]:
    """Write one result as `tmp_path/runs/<run_id>/<stem>.json`; return its path."""

    def write(stem: str, result: dict[str, Any], run_id: str = RUN_ID) -> Path:
        # One journey run id per journey and run, as the runner makes them: the history
        # keys its rows on it (an attempt shares its final's id).
        if "journey_run_id" in result:
            result = {**result, "run_id": run_id,
                      "journey_run_id": f"{stem.split('.attempt-')[0]}-{run_id}"}
        path = tmp_path / "runs" / run_id / f"{stem}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(result), encoding="utf-8")
        return path

    return write


@pytest.fixture
def sample_run(tmp_path: Path, write_result: Callable[..., Path]) -> Path:
    """A run with a passed, a failed (plus an earlier attempt) and an error journey."""
    write_result("contact_form", passed_result())
    failed = failed_result()
    write_result("refund", failed)
    earlier = copy.deepcopy(failed)
    earlier["attempt"] = 1
    failed["attempt"] = 2
    write_result("refund", failed)
    write_result("refund.attempt-1", earlier)
    write_result("chat", error_result())
    run_dir = tmp_path / "runs" / RUN_ID
    (run_dir / "screenshots").mkdir()
    (run_dir / "screenshots" / "step-1.png").write_bytes(PNG)
    (run_dir / "traces").mkdir()
    (run_dir / "traces" / "refund.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    (run_dir / "refund.webm").write_bytes(bytes.fromhex("1a45dfa3") + bytes(28))
    return tmp_path


@dataclass
class OpenedReport:
    """A report page open in Chromium, with what it tried to do."""

    page: Page
    requests: list[str] = field(default_factory=list)  # every URL the page asked for
    dialogs: list[str] = field(default_factory=list)  # alert/confirm/prompt messages


@pytest.fixture
def open_report(shared_browser) -> Iterator[Callable[..., OpenedReport]]:  # noqa: ANN001
    """Open a generated page in the session's Chromium; requests off file:// are refused.

    The context bypasses the pages' own Content-Security-Policy: with it, even markup that
    escaped the escaping could not run a script, and the tests must see the escaping itself.
    """
    browser, _info = shared_browser
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})

    def open_page(path: Path) -> OpenedReport:
        page = context.new_page()
        opened = OpenedReport(page=page)

        def route(route: Route, request: Request) -> None:
            opened.requests.append(request.url)
            if request.url.startswith("file://"):
                route.continue_()
            else:
                route.abort()

        def dialog(found: Dialog) -> None:
            opened.dialogs.append(found.message)
            found.dismiss()

        page.route("**/*", route)
        page.on("dialog", dialog)
        page.goto(path.as_uri(), wait_until="load")
        return opened

    try:
        yield open_page
    finally:
        context.close()
