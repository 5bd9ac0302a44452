"""`shopper report --merge`: shards' folders folded into one report."""

from __future__ import annotations

import json
import sqlite3

from runner.cli import main
from runner.results.model import RunResult, StepResult, write_result


def shard_output(folder, run_id: str, journey_id: str, status: str = "passed"):
    result = RunResult(
        run_id=run_id, journey={"id": journey_id, "name": journey_id.title(),
                                "channel": "contact-form", "file": f"{journey_id}.yaml"},
        persona={"id": "ann", "name": "Ann"}, journey_run_id=f"{journey_id}-{run_id}-1",
        started_at="2026-11-23T02:00:00.000Z", finished_at="2026-11-23T02:00:03.000Z",
        status=status, browser={"name": "chromium", "version": "156", "source": "test"},
        steps=[StepResult(index=0, name="goto /", action="goto", line=3, status="passed",
                          duration_ms=120.0)],
        score={"value": 100, "breakdown": []})
    path = write_result(folder / "runs" / run_id, result)
    (folder / "runs" / run_id / "shot.png").write_bytes(b"\x89PNG fake")
    return path


def test_merged_shards_show_every_journey_and_merging_twice_adds_nothing(tmp_path, capsys):
    shard_output(tmp_path / "shard1", "20261123t020000z-aaaa", "refund")
    shard_output(tmp_path / "shard2", "20261123t020001z-bbbb", "contact")
    out = tmp_path / "reports"
    argv = ["report", "--out", str(out), "--merge", str(tmp_path / "shard1"),
            str(tmp_path / "shard2")]
    assert main(argv) == 0
    assert "Merged 2 result files" in capsys.readouterr().out
    conn = sqlite3.connect(out / "history.sqlite")
    assert sorted(r[0] for r in conn.execute("SELECT journey_id FROM journey_runs")) == [
        "contact", "refund"]
    conn.close()
    assert (out / "runs" / "20261123t020000z-aaaa" / "shot.png").is_file()
    index = (out / "index.html").read_text()
    assert "Refund" in index and "Contact" in index
    latest = json.loads((out / "latest.json").read_text())
    assert latest  # rendered from the merged history
    assert main(argv) == 0
    assert "Merged 0 result files" in capsys.readouterr().out


def test_merging_a_folder_that_does_not_exist_is_a_usage_error(tmp_path, capsys):
    assert main(["report", "--out", str(tmp_path / "r"), "--merge", str(tmp_path / "nope")]) == 2
    assert "no such folder" in capsys.readouterr().err


def test_an_empty_shard_is_folded_in_with_a_warning(tmp_path, capsys):
    shard_output(tmp_path / "shard1", "20261123t020000z-aaaa", "refund")
    (tmp_path / "shard2").mkdir()  # `--shard 2/2` had nothing to walk
    out = tmp_path / "reports"
    assert main(["report", "--out", str(out), "--merge", str(tmp_path / "shard1"),
                 str(tmp_path / "shard2")]) == 0
    assert "no runs in it" in capsys.readouterr().err


def test_a_merge_cut_short_before_its_history_is_mended_by_running_it_again(tmp_path):
    shard_output(tmp_path / "shard1", "20261123t020000z-aaaa", "refund")
    out = tmp_path / "reports"
    # The files arrived, the history never did (the merge was killed in between).
    copied = out / "runs" / "20261123t020000z-aaaa"
    copied.mkdir(parents=True)
    for item in (tmp_path / "shard1" / "runs" / "20261123t020000z-aaaa").iterdir():
        (copied / item.name).write_bytes(item.read_bytes())
    assert main(["report", "--out", str(out), "--merge", str(tmp_path / "shard1")]) == 0
    conn = sqlite3.connect(out / "history.sqlite")
    assert [r[0] for r in conn.execute("SELECT journey_id FROM journey_runs")] == ["refund"]
    conn.close()
