"""`shopper list`: each journey with its schedule, its next walk and its last walk (issue 16
item 9: nothing ever said when each journey would next run)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from runner.cli import main
from runner.journey.schedule_phrase import parse_schedule
from runner.results import store
from runner.results.model import RunResult, write_result


def test_list_shows_schedule_next_walk_and_last_walk(tmp_path, capsys):
    folder = tmp_path / "journeys"
    folder.mkdir()
    (folder / "pulse.yaml").write_text("name: Pulse\nschedule: every 15 minutes\n"
                                       "steps:\n  - goto: http://127.0.0.1:9/\n")
    (folder / "refund.yaml").write_text("name: Refund\nchannel: refund\nschedule: daily at 02:00\n"
                                        "tags: [nightly, refunds]\n"
                                        "steps:\n  - goto: http://127.0.0.1:9/\n")
    (folder / "adhoc.yaml").write_text("name: Ad hoc\nsteps:\n  - goto: http://127.0.0.1:9/\n")
    config = tmp_path / "shopper.yaml"
    config.write_text("timezone: UTC\n")
    out = tmp_path / "reports"
    run_id = "20261122t020000z-abcd"  # a `shopper run` by hand, not a scheduler slot
    result = RunResult(run_id=run_id, journey={"id": "refund", "name": "Refund",
                                               "channel": "other", "file": "refund.yaml"},
                       persona={"id": None, "name": None}, journey_run_id="refund-x-1",
                       started_at="2026-11-22T02:00:00.000Z", status="passed",
                       score={"value": 100, "breakdown": []})
    path = write_result(out / "runs" / run_id, result)
    conn = store.connect(out)
    store.record(conn, result.to_json(), str(path.relative_to(out)))
    conn.close()

    before = datetime.now(UTC)
    assert main(["list", str(folder), "--config", str(config), "--out", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["JOURNEY", "CHANNEL", "TAGS", "SCHEDULE", "NEXT", "WALK",
                                "LAST", "WALK", "STATUS"]
    rows = {line.split()[0]: line for line in lines[1:]}
    assert set(rows) == {"adhoc", "pulse", "refund"}
    assert "by hand only" in rows["adhoc"] and rows["adhoc"].split()[-2:] == ["never", "-"]
    assert rows["adhoc"].split()[1:3] == ["other", "-"]  # channel, tags
    quarter = before.replace(second=0, microsecond=0)
    quarter = quarter.replace(minute=quarter.minute - quarter.minute % 15)
    every = timedelta(seconds=parse_schedule("every 15 minutes").every_seconds)
    # The next quarter hour (or the one after, if the clock turned during the test).
    expected = {(quarter + every * k).strftime("%Y-%m-%d %H:%M UTC") for k in (1, 2)}
    assert any(text in rows["pulse"] for text in expected), rows["pulse"]
    assert " 02:00 UTC" in rows["refund"]
    assert rows["refund"].split()[1:3] == ["refund", "nightly,refunds"]
    assert rows["refund"].rstrip().endswith("2026-11-22 02:00 UTC (by hand)  passed")
