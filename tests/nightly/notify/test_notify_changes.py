"""What changed since a journey's previous final run, read from the history
(runner.nightly.notify)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from notify_samples import finding, record, result

from runner.nightly.notify import changes


def walk(out_dir: Path, conn: sqlite3.Connection, data: dict, **options) -> list[dict]:
    """Record the run first, as the worker does before notify reads the store."""
    record(out_dir, conn, data, **options)
    return changes(conn, data)


def kinds(events: list[dict]) -> list[tuple[str, str | None]]:
    return [(event["type"], event.get("code")) for event in events]


def test_first_run_ever_is_one_baseline_not_every_finding_as_new(out_dir, history):
    # Issue 16 item 9: a first run into a new folder posted every finding as "new".
    data = result(0, findings=[finding("no-response-promise", "minor"),
                               finding("slow-ack", "major")])
    events = walk(out_dir, history, data)
    assert kinds(events) == [("baseline", None)]
    assert events[0]["findings"] == 2
    assert events[0]["message"] == ("First measured run in this history: 2 findings, the worst "
                                    "major `slow-ack`. From now on only what changes is sent.")
    # The next run reports only what it adds to that baseline.
    again = result(1, findings=[finding("no-response-promise", "minor"),
                                finding("slow-ack", "major"), finding("dead-end", "critical")])
    assert kinds(walk(out_dir, history, again)) == [("new-finding", "dead-end")]


def test_the_first_measured_run_after_an_error_is_the_baseline(out_dir, history):
    assert kinds(walk(out_dir, history, result(0, status="error"))) == [("failure", None)]
    assert kinds(walk(out_dir, history, result(1, findings=[finding("slow-ack", "major")]))
                 ) == [("recovery", None), ("baseline", None)]


def test_first_run_that_fails_is_a_failure(out_dir, history):
    events = walk(out_dir, history, result(0, status="failed", stopped_at=3))
    assert kinds(events) == [("failure", None)]
    assert events[0]["message"] == ("Stopped at step “Acknowledgement”: Timeout 5000ms "
                                    "exceeded waiting for the acknowledgement")


def test_a_clean_pass_after_a_pass_says_nothing(out_dir, history):
    walk(out_dir, history, result(0))
    assert walk(out_dir, history, result(1)) == []


def test_pass_then_fail_is_a_failure_with_the_new_dead_end(out_dir, history):
    walk(out_dir, history, result(0, findings=[finding("no-response-promise", "minor")]))
    events = walk(out_dir, history, result(1, status="failed", stopped_at=2,
                                           findings=[finding("dead-end", "critical", step=2)]))
    assert kinds(events) == [("failure", None), ("new-finding", "dead-end")]


def test_failing_again_the_same_way_says_nothing(out_dir, history):
    dead_end = [finding("dead-end", "critical", step=2)]
    walk(out_dir, history, result(0))
    walk(out_dir, history, result(1, status="failed", stopped_at=2, findings=dead_end))
    assert walk(out_dir, history, result(2, status="failed", stopped_at=2,
                                         findings=dead_end)) == []


def test_an_error_after_a_failure_is_not_a_new_failure(out_dir, history):
    walk(out_dir, history, result(0, status="failed", stopped_at=2))
    assert walk(out_dir, history, result(1, status="error", error="no browser")) == []


def test_error_after_a_pass_is_a_failure_that_says_it_was_not_measured(out_dir, history):
    walk(out_dir, history, result(0))
    events = walk(out_dir, history, result(1, status="error",
                                           error="connection refused by 127.0.0.1:8000"))
    assert kinds(events) == [("failure", None)]
    assert events[0]["message"] == "Not measured: connection refused by 127.0.0.1:8000"


def test_fail_then_pass_is_a_recovery(out_dir, history):
    walk(out_dir, history, result(0, status="failed", stopped_at=2))
    events = walk(out_dir, history, result(1))
    assert kinds(events) == [("recovery", None)]
    assert events[0]["message"] == "Passed again; the previous run was failed."


def test_flaky_after_an_error_is_a_recovery(out_dir, history):
    walk(out_dir, history, result(0, status="error", error="mailbox unreachable"))
    assert kinds(walk(out_dir, history, result(1, status="flaky"))) == [("recovery", None)]


def test_only_finding_codes_absent_from_the_previous_run_are_new(out_dir, history):
    walk(out_dir, history, result(0, findings=[finding("no-response-promise", "minor"),
                                               finding("slow-ack")]))
    events = walk(out_dir, history, result(1, findings=[
        finding("no-response-promise", "minor", message="Worded differently tonight."),
        finding("form-too-long", "minor", step=1), finding("form-too-long", "minor", step=1)]))
    assert kinds(events) == [("new-finding", "form-too-long")]  # once, though found twice
    assert events[0]["severity"] == "minor"
    assert events[0]["message"] == "The customer met form-too-long."


def test_findings_are_compared_with_the_previous_run_not_older_ones(out_dir, history):
    walk(out_dir, history, result(0, findings=[finding("slow-ack")]))
    walk(out_dir, history, result(1))
    assert kinds(walk(out_dir, history, result(2, findings=[finding("slow-ack")]))) == [
        ("new-finding", "slow-ack")]


def test_skipped_and_aborted_slots_are_not_the_previous_run(out_dir, history):
    walk(out_dir, history, result(0, status="failed", stopped_at=2))
    walk(out_dir, history, result(1, status="skipped"))
    walk(out_dir, history, result(2, status="aborted"))
    assert walk(out_dir, history, result(3, status="failed", stopped_at=2)) == []


def test_a_skipped_or_aborted_slot_itself_says_nothing(out_dir, history):
    walk(out_dir, history, result(0))
    assert walk(out_dir, history, result(1, status="skipped")) == []
    assert walk(out_dir, history, result(2, status="aborted",
                                         findings=[finding("slow-ack")])) == []


def test_findings_after_an_unmeasured_night_compare_with_the_last_measured_run(out_dir,
                                                                               history):
    walk(out_dir, history, result(0, findings=[finding("slow-ack")]))
    walk(out_dir, history, result(1, status="error", error="network down"))
    events = walk(out_dir, history, result(2, findings=[finding("slow-ack"),
                                                        finding("no-response-promise")]))
    assert kinds(events) == [("recovery", None), ("new-finding", "no-response-promise")]


def test_previous_is_the_latest_earlier_start_whatever_the_recording_order(out_dir, history):
    record(out_dir, history, result(1, status="failed", stopped_at=2))
    record(out_dir, history, result(0))  # a rebuilt or merged history: rows out of order
    assert kinds(walk(out_dir, history, result(2))) == [("recovery", None)]


def test_a_retried_run_is_compared_with_the_run_before_not_its_own_first_attempt(out_dir,
                                                                                history):
    walk(out_dir, history, result(0))
    first = result(1, status="failed", stopped_at=2)
    record(out_dir, history, first, attempt_file=True)
    assert walk(out_dir, history, result(1, status="flaky", attempt=2)) == []
    assert kinds(walk(out_dir, history, result(2, status="failed", stopped_at=2))) == [
        ("failure", None)]


def test_an_earlier_attempt_of_a_retried_run_says_nothing(out_dir, history):
    first = result(0, status="failed", stopped_at=2, findings=[finding("dead-end", "critical")])
    record(out_dir, history, first, attempt_file=True)
    record(out_dir, history, result(0, status="flaky", attempt=2))
    assert changes(history, first) == []


def test_attempts_with_journey_run_ids_of_their_own_count_only_the_final_one(out_dir,
                                                                            history):
    first = {**result(0, status="failed", stopped_at=2), "journey_run_id": "cf-0-attempt-1"}
    record(out_dir, history, first, attempt_file=True)
    record(out_dir, history, {**result(0, status="flaky", attempt=2),
                              "journey_run_id": "cf-0-attempt-2"})
    assert changes(history, first) == []
    assert kinds(walk(out_dir, history, result(1, status="failed", stopped_at=2))) == [
        ("failure", None)]


def test_the_current_run_is_never_its_own_previous_run(out_dir, history):
    data = result(0, status="failed", stopped_at=2, findings=[finding("dead-end", "critical")])
    record(out_dir, history, data)
    record(out_dir, history, data)  # recorded twice (idempotent): still the first run
    assert kinds(changes(history, data)) == [("failure", None), ("baseline", None)]


def test_other_journeys_are_not_this_journeys_history(out_dir, history):
    walk(out_dir, history, result(0, journey_id="refund", status="failed", stopped_at=2))
    assert walk(out_dir, history, result(1, journey_id="contact_form")) == []
    assert kinds(walk(out_dir, history, result(2, journey_id="refund"))) == [
        ("recovery", None)]


def test_repeats_of_one_run_compare_with_the_repeat_before(out_dir, history):
    walk(out_dir, history, result(0))
    first = result(1, repeat=1, status="failed", stopped_at=2)
    second = result(1, repeat=2, status="failed", stopped_at=2, attempt=1)
    second["started_at"] = second["started_at"].replace(".000Z", ".500Z")
    assert kinds(walk(out_dir, history, first, repeat=1)) == [("failure", None)]
    assert walk(out_dir, history, second, repeat=2) == []


def test_an_unmeasured_run_reports_no_findings_only_the_failure(out_dir, history):
    walk(out_dir, history, result(0))
    events = walk(out_dir, history, result(1, status="error", error="browser crashed",
                                           findings=[finding("slow-ack")]))
    assert kinds(events) == [("failure", None)]


def test_without_attempt_files_the_highest_attempt_of_a_run_is_its_final(out_dir, history):
    walk(out_dir, history, result(0))
    record(out_dir, history, result(1, status="failed", stopped_at=2))
    record(out_dir, history, result(1, status="aborted", attempt=2))  # the same file name
    # The aborted final attempt makes night 1 no run at all: night 0 is the previous one.
    assert kinds(walk(out_dir, history, result(2, status="failed", stopped_at=2))) == [
        ("failure", None)]


def test_a_result_without_a_start_time_compares_with_the_runs_before_not_itself(out_dir,
                                                                              history):
    undated = {**result(0, status="failed", stopped_at=2), "started_at": ""}
    assert kinds(walk(out_dir, history, undated)) == [("failure", None)]  # its first run
    assert kinds(walk(out_dir, history, {**result(1), "started_at": ""})) == [
        ("recovery", None)]
