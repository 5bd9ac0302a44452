"""Faults of processes, not pages: a page that never gives its renderer back, a browser or a
renderer killed under a journey, `shopper run` itself killed, two runs sharing one folder.

Each drives the real command line in a process of its own (support/cli_harness.py) and checks
what a user would: the journey's recorded outcome, that the next journey still runs, the exit
code (SPEC §5), and that no process of the run outlives it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from support.cli_harness import (
    ShopperProcess,
    describe,
    is_browser_main,
    is_renderer,
    only_result,
    quick_journey,
    results_in,
    write_journey,
)
from support.pages import loopback_pages, page

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def kill_and_find_no_orphans(run) -> None:  # noqa: ANN001 - a ShopperProcess
    """SIGKILL `shopper`; within 5 s, nothing it started may still run."""
    run.kill()
    left = run.wait_for_no_survivors(5)
    assert not left, f"orphans of the killed run: {describe(left)}"


def shopper_run(tmp_path: Path, base_url: str, *extra: str, env: dict | None = None,
                out: str = "out") -> ShopperProcess:
    return ShopperProcess(tmp_path, ("run", "journeys", "--base-url", base_url, "--out", out,
                                     *extra), env=env or {})


def assert_nothing_left(run: ShopperProcess, within_s: float = 3.0) -> None:
    assert any(is_browser_main(seen.command) for seen in run.seen.values()), \
        "the run's Chromium was never seen: this test would prove nothing"
    left = run.wait_for_no_survivors(within_s)
    assert not left, f"left running after the run: {describe(left)}"


def waiting_journey(folder: Path, name: str) -> None:
    """Stands on /waiting for 20 s: long enough to be killed in, never to be waited out."""
    write_journey(folder, name, f"""
        name: {name}
        channel: browse
        steps:
          - goto: /waiting
          - wait: 20s
          - expect: {{text: Please hold}}
        """)


# --- 3: an endless script loop ---------------------------------------------------------------

def test_a_page_stuck_in_a_script_loop_is_ended_from_outside_and_the_next_journey_runs(
        tmp_path):
    journeys = tmp_path / "journeys"
    write_journey(journeys, "a_stuck", """
        name: Stuck page
        channel: contact-form
        timeout: 2s
        steps:
          - goto: /
          - click: {role: button, name: Send}
          - expect: {text: Thank you}
        """)
    quick_journey(journeys, "b_normal")
    with loopback_pages() as pages:
        pages.page("/", page("<h1>Welcome</h1><button onclick='while(true){}'>Send</button>"))
        run = shopper_run(tmp_path, pages.url, env={"SHOPPER_WATCHDOG_MARGIN_S": "1"})
        try:
            code, out, err = run.finish(60)
            stuck = only_result(tmp_path / "out", "a_stuck")
            assert stuck["status"] == "error", out
            assert "stopped answering" in stuck["error"]
            assert stuck["score"] is None
            assert only_result(tmp_path / "out", "b_normal")["status"] == "passed", out
            # One journey in error, the other passed: not "every journey in error" (3),
            # nothing failed and no finding (1).
            assert code == 0, out + err
            assert len(run.browsers_started()) == 2, \
                "the stuck worker's browser was not replaced"
            assert_nothing_left(run)
        finally:
            run.kill_everything()


def test_the_watchdog_margin_must_be_a_number(tmp_path):
    quick_journey(tmp_path / "journeys", "a_normal")
    run = shopper_run(tmp_path, "http://127.0.0.1:9", env={"SHOPPER_WATCHDOG_MARGIN_S": "soon"})
    code, out, err = run.finish(30)
    assert code == 2
    assert "SHOPPER_WATCHDOG_MARGIN_S='soon' is not a number of seconds" in err
    assert "Traceback" not in err


# --- 5: the browser or its renderer killed mid-journey --------------------------------------

@pytest.mark.parametrize("victim", ["browser", "renderers"])
def test_a_browser_killed_mid_journey_makes_that_journey_error_and_the_next_passes(
        tmp_path, victim):
    journeys = tmp_path / "journeys"
    waiting_journey(journeys, "a_waiting")
    quick_journey(journeys, "b_normal")
    with loopback_pages() as pages:
        pages.page("/", page("<h1>Welcome</h1>"))
        pages.page("/waiting", page("<h1>Please hold</h1>"))
        run = shopper_run(tmp_path, pages.url)
        try:
            assert pages.wait_for_visit("/waiting", 30), "the journey never reached /waiting"
            time.sleep(0.5)  # inside the `wait: 20s` step now
            pick = is_browser_main if victim == "browser" else is_renderer
            doomed = [s for s in run.chromium_now() if pick(s.command)]
            assert doomed, "nothing to kill"
            for seen in doomed:
                os.kill(seen.pid, signal.SIGKILL)
            killed_at = time.monotonic()
            code, out, err = run.finish(60)
            assert time.monotonic() - killed_at < 15, "the crash was not noticed before " \
                "the journey's 20 s wait ran out"
            killed = only_result(tmp_path / "out", "a_waiting")
            assert killed["status"] == "error", out
            assert killed["score"] is None
            assert not killed["findings"], "a crashed browser is not the site's fault"
            assert only_result(tmp_path / "out", "b_normal")["status"] == "passed", out
            assert code == 0, out + err
            assert_nothing_left(run)
        finally:
            run.kill_everything()


# --- 9: `shopper run` itself killed --------------------------------------------------------

def test_shopper_killed_mid_run_keeps_every_finished_journey_and_reports_still_work(tmp_path):
    journeys = tmp_path / "journeys"
    for n in range(1, 11):
        write_journey(journeys, f"j{n:02d}", f"""
            name: Journey {n}
            channel: browse
            steps:
              - goto: /
              - wait: 200ms
              - expect: {{text: Welcome}}
            """)
    out = tmp_path / "out"
    scratch = Path(tempfile.mkdtemp(prefix="killed-"))  # TMPDIR: short, as sockets need
    with loopback_pages() as pages:
        pages.page("/", page("<h1>Welcome</h1>"))
        run = shopper_run(tmp_path, pages.url, "--workers", "2", env={"TMPDIR": str(scratch)})
        try:
            deadline = time.monotonic() + 60
            while len(list(out.glob("runs/*/*.json"))) < 4 and time.monotonic() < deadline:
                time.sleep(0.02)
            # The workers notice their parent is gone and close their browsers themselves,
            # and remove their temporary files, which nobody else will.
            kill_and_find_no_orphans(run)
        finally:
            run.kill_everything()
    left = list(scratch.glob("shopper-worker-*"))
    shutil.rmtree(scratch, ignore_errors=True)
    assert left == []

    files = results_in(out)
    assert 4 <= len(files) < 10, f"{len(files)} results: the kill came too late to test"
    for name, data in files.items():
        assert data["status"] == "passed", name
    # A kill in the middle of a write leaves a temp file like this one: never a result.
    run_dir = next((out / "runs").iterdir())
    (run_dir / ".j99.json.k2x9.tmp").write_text('{"schema_version": 1, "run_id": "')
    with sqlite3.connect(out / "history.sqlite") as conn:
        recorded = {row[0] for row in conn.execute("SELECT result_file FROM journey_runs")}
    assert recorded <= set(files), "a history row without its result file"
    # The file comes first, the row right after: a kill between the two leaves one file
    # without its row, which `--rebuild` mends.
    assert len(set(files) - recorded) <= 1, set(files) - recorded

    report = subprocess.run([sys.executable, "-m", "runner.cli", "report", "--out", str(out)],
                            capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert report.returncode == 0, report.stderr
    assert (out / "index.html").is_file()
    rebuilt = subprocess.run([sys.executable, "-m", "runner.cli", "report", "--rebuild",
                              "--out", str(out)],
                             capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert f"History rebuilt from {len(files)} result files" in rebuilt.stdout
    with sqlite3.connect(out / "history.sqlite") as conn:
        recorded = {row[0] for row in conn.execute("SELECT result_file FROM journey_runs")}
    assert recorded == set(files)
    latest = json.loads((out / "latest.json").read_text())
    assert latest, "latest.json is empty"


# --- 10: two runs, one folder ------------------------------------------------------------------

def test_two_runs_writing_one_folder_at_once_lose_no_rows(tmp_path):
    journeys = tmp_path / "journeys"
    for n in range(1, 4):
        quick_journey(journeys, f"j{n}", path="/gate")
    out = tmp_path / "out"  # fresh: both runs create the history at the same moment
    with loopback_pages() as pages:
        pages.page("/gate", page("<h1>Welcome</h1>"))
        pages.gate("/gate", 2)  # each run's journey ends with the other's, three times
        runs = [shopper_run(tmp_path, pages.url) for _ in range(2)]
        try:
            finished = [run.finish(90) for run in runs]
        finally:
            for run in runs:
                run.kill_everything()
    for code, stdout, stderr in finished:
        assert code == 0, stdout + stderr
        assert "locked" not in stderr and "warning" not in stderr, stderr
    files = results_in(out)
    assert len(files) == 6
    with sqlite3.connect(out / "history.sqlite") as conn:
        rows = conn.execute("SELECT run_id, COUNT(*) FROM journey_runs GROUP BY run_id").fetchall()
        steps = conn.execute("SELECT COUNT(*) FROM steps").fetchone()[0]
    assert sorted(count for _, count in rows) == [3, 3]
    assert steps == 12


def _open_histories(folders: list[str], barrier, problems) -> None:  # noqa: ANN001
    from runner.results import store

    for folder in folders:
        barrier.wait(30)
        try:
            store.connect(Path(folder)).close()
        except sqlite3.Error as exc:
            problems.put(f"{folder}: {exc}")


def test_processes_opening_a_fresh_history_together_all_get_it(tmp_path):
    """The root of case 10, where the command line's timing rarely reaches it: every process
    that opens a new history at the same moment used to switch it to WAL and migrate it,
    and all but one failed ("database is locked", "table journey_runs already exists")."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    folders = [str(tmp_path / f"out-{n}") for n in range(10)]
    barrier, problems = context.Barrier(4), context.Queue()
    openers = [context.Process(target=_open_histories, args=(folders, barrier, problems))
               for _ in range(4)]
    for opener in openers:
        opener.start()
    for opener in openers:
        opener.join(60)
    assert all(opener.exitcode == 0 for opener in openers)
    found = []
    while not problems.empty():
        found.append(problems.get())
    assert not found, found
    for folder in folders:
        with sqlite3.connect(Path(folder) / "history.sqlite") as conn:
            assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_workers_orphaned_mid_journey_end_themselves_and_their_browser_at_once(tmp_path):
    """A worker only looked for its parent between journeys: killed during a journey's
    20 s wait, `shopper` left its worker, the driver and Chromium running until the wait
    (up to the journey's 10 minute cap) was over."""
    waiting_journey(tmp_path / "journeys", "a_waiting")
    # Short: Chromium's sockets live under TMPDIR, and a socket's path has ~108 characters.
    scratch = Path(tempfile.mkdtemp(prefix="orphans-"))
    with loopback_pages() as pages:
        pages.page("/waiting", page("<h1>Please hold</h1>"))
        run = shopper_run(tmp_path, pages.url, env={"TMPDIR": str(scratch)})
        try:
            assert pages.wait_for_visit("/waiting", 30), "the journey never reached /waiting"
            time.sleep(0.5)
            assert list(scratch.glob("shopper-worker-*/playwright*")), \
                "the worker's browser kept nothing in its folder: this test would prove nothing"
            kill_and_find_no_orphans(run)
        finally:
            run.kill_everything()
    # Nor their temporary files (a browser profile, trace artifacts): nobody else will.
    left = list(scratch.glob("shopper-worker-*"))
    shutil.rmtree(scratch, ignore_errors=True)
    assert left == []
