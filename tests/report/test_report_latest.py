"""latest.json and render_all: the machine-readable summary of the newest run."""

from __future__ import annotations

import json
from pathlib import Path

from report_samples import RUN_ID, error_result, passed_result

from runner.report import render_all, render_run


def latest(out_dir: Path) -> dict:
    return json.loads((out_dir / "latest.json").read_text(encoding="utf-8"))


def test_latest_json_describes_each_journey_and_the_totals(sample_run: Path) -> None:
    render_run(sample_run, RUN_ID)
    document = latest(sample_run)

    assert document["schema_version"] == 1
    assert document["run_id"] == RUN_ID
    assert document["generated_at"].endswith("Z")
    by_id = {journey["id"]: journey for journey in document["journeys"]}
    assert set(by_id) == {"contact_form", "refund", "chat"}
    refund = by_id["refund"]
    assert refund["name"] == "Refund request reaches a human"
    assert refund["channel"] == "refund"
    assert refund["status"] == "failed"
    assert refund["score"] == 40
    assert refund["findings"] == {"critical": 1, "major": 0, "minor": 1, "info": 0}
    assert refund["result"] == f"runs/{RUN_ID}/refund.json"
    assert refund["report"] == f"runs/{RUN_ID}/refund.html"
    assert (sample_run / refund["report"]).is_file()
    assert by_id["chat"]["score"] is None
    totals = document["totals"]
    assert (totals["journeys"], totals["passed"], totals["failed"], totals["error"]) == (3, 1, 1, 1)


def test_render_all_rerenders_every_run_and_points_the_top_at_the_newest(
    tmp_path: Path, write_result
) -> None:
    older, newer = "20261121t020000z-aaaa", "20261122t020000z-bbbb"
    first = passed_result()
    first["started_at"], first["finished_at"] = "2026-11-21T02:00:00Z", "2026-11-21T02:00:03Z"
    write_result("contact_form", first, run_id=older)
    write_result("chat", error_result(), run_id=newer)

    index = render_all(tmp_path)

    assert index == tmp_path / "index.html"
    assert (tmp_path / "runs" / older / "index.html").is_file()
    assert (tmp_path / "runs" / older / "contact_form.html").is_file()
    assert (tmp_path / "runs" / newer / "chat.html").is_file()
    assert latest(tmp_path)["run_id"] == newer
    assert f'href="runs/{older}/index.html"' in index.read_text(encoding="utf-8")


def test_render_all_without_any_run_renders_nothing(tmp_path: Path) -> None:
    assert render_all(tmp_path) is None
    assert not (tmp_path / "index.html").exists()
