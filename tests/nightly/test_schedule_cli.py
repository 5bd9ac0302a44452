"""`shopper schedule` as cron, systemd and CI run it: a real process, real browsers."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest

from runner.nightly.processes import members, wait_gone

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SHOPPER = [sys.executable, "-m", "runner.cli"]


def test_sigterm_mid_journey_aborts_within_the_grace_period_and_leaves_nothing_running(
        tmp_path, pages, journeys):
    pages.page("/shop", "<title>Shop</title><h1>Shop</h1>")
    journeys.write("long", f"""
        name: Long walk
        schedule: every 1 seconds
        base_url: {pages.url}
        steps:
          - goto: /shop
          - wait: 60s
        """)
    out = tmp_path / "out"
    process = subprocess.Popen([*SHOPPER, "schedule", str(journeys.folder), "--out", str(out),
                                "--grace", "2"], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        stop = time.monotonic() + 40
        while pages.visits.get("/shop", 0) == 0:
            assert process.poll() is None, process.stdout.read()
            assert time.monotonic() < stop, "the journey never started"
            time.sleep(0.1)
        tree = members(process.pid)
        assert tree, "workers and their browsers run below the scheduler"
        asked = time.monotonic()
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
        took = time.monotonic() - asked
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, output
    assert took < 2 + 10, took  # the grace period, then ending and closing
    assert "Stopped." in output
    left = wait_gone(tree, 3.0)  # a killed process takes a moment to go
    assert not left, f"still running after the scheduler stopped: {left}"
    results = [json.loads(p.read_text()) for p in out.glob("runs/*/long.json")]
    aborted = [r for r in results if r["status"] == "aborted"]
    assert len(aborted) == 1 and "grace period" in aborted[0]["error"]
    # The slots that came while it walked were not started: recorded as skipped.
    assert {r["status"] for r in results} <= {"aborted", "skipped"}


def nightly_shop(pages, journeys) -> None:
    """A shop page and a journey due every night at 02:00 that opens it."""
    pages.page("/shop", "<title>Shop</title><h1>Shop</h1>")
    journeys.write("nightly", f"""
        name: Nightly shop
        schedule: daily at 02:00
        base_url: {pages.url}
        steps:
          - goto: /shop
        """)


def test_once_walks_what_is_due_then_nothing_until_the_next_slot(tmp_path, pages, journeys):
    nightly_shop(pages, journeys)
    journeys.write("unscheduled", f"""
        name: Only by hand
        base_url: {pages.url}
        steps:
          - goto: /shop
        """)
    out = tmp_path / "out"
    command = [*SHOPPER, "schedule", "--once", str(journeys.folder), "--out", str(out)]
    first = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Nightly shop  passed" in first.stdout
    assert "Only by hand" not in first.stdout
    # After the slot it says when the journey walks next (issue 16 item 9).
    assert re.search(r"^Next walk: nightly  daily at 02:00  at \d{4}-\d\d-\d\d 02:00 ",
                     first.stdout, re.M), first.stdout
    assert (out / "index.html").is_file()
    second = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Nothing is due" in second.stdout
    assert pages.visits["/shop"] == 1


def test_schedule_without_any_scheduled_journey_is_a_usage_error(tmp_path, journeys):
    journeys.write("plain", """
        name: Plain
        base_url: http://127.0.0.1:9
        steps:
          - goto: /
        """)
    done = subprocess.run([*SHOPPER, "schedule", str(journeys.folder)], capture_output=True,
                          text=True, timeout=60, env={**os.environ})
    assert done.returncode == 2
    assert "schedule" in done.stderr.strip().splitlines()[-1]


def test_sigterm_during_a_run_writes_what_finished_and_records_the_rest(tmp_path, pages,
                                                                        journeys):
    pages.page("/shop", "<title>Shop</title><h1>Shop</h1>")
    pages.page("/slow", "<title>Slow</title><h1>Slow</h1>")
    journeys.write("a_quick", f"""
        name: Quick
        base_url: {pages.url}
        steps:
          - goto: /shop
        """)
    for name in ("b_slow", "c_later"):
        journeys.write(name, f"""
            name: {name}
            base_url: {pages.url}
            steps:
              - goto: /slow
              - wait: 60s
            """)
    out = tmp_path / "out"
    process = subprocess.Popen([*SHOPPER, "run", str(journeys.folder), "--out", str(out)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        stop = time.monotonic() + 60
        while pages.visits.get("/slow", 0) == 0:
            assert process.poll() is None, process.stdout.read()
            assert time.monotonic() < stop
            time.sleep(0.1)
        tree = members(process.pid)
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, output
    statuses = {p.stem: json.loads(p.read_text())["status"] for p in out.glob("runs/*/*.json")}
    assert statuses == {"a_quick": "passed", "b_slow": "aborted", "c_later": "skipped"}
    assert not wait_gone(tree, 3.0)


def test_a_second_scheduler_on_one_folder_does_nothing(tmp_path, pages, journeys):
    import fcntl

    nightly_shop(pages, journeys)
    out = tmp_path / "out"
    out.mkdir()
    with open(out / ".schedule.lock", "w") as held:  # the first scheduler, still walking
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        once = subprocess.run([*SHOPPER, "schedule", "--once", str(journeys.folder), "--out",
                               str(out)], capture_output=True, text=True, timeout=60)
        serve = subprocess.run([*SHOPPER, "schedule", str(journeys.folder), "--out",
                                str(out)], capture_output=True, text=True, timeout=60)
    assert once.returncode == 0 and "Another `shopper schedule`" in once.stdout
    assert serve.returncode == 2 and "already running" in serve.stderr
    assert pages.visits.get("/shop", 0) == 0
