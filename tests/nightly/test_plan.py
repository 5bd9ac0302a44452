"""The order a run walks its journeys in (runner/nightly/pool.py plan_tasks)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from runner.config import load_settings
from runner.nightly.pool import plan_tasks
from runner.walk.engine import RunOptions


def test_repeats_come_round_by_round_each_with_its_own_options(tmp_path: Path) -> None:
    options = RunOptions(run_id="20261124t010000z-abcd", run_dir=tmp_path,
                         settings=load_settings(None, {}))
    journeys = [SimpleNamespace(id=name) for name in ("chat", "contact", "refund")]
    tasks = list(plan_tasks(journeys, options, repeat=2))
    assert [(t.journey.id, t.options.repeat_index) for t in tasks] == [
        ("chat", 1), ("contact", 1), ("refund", 1), ("chat", 2), ("contact", 2), ("refund", 2)]
    assert len({t.key for t in tasks}) == 6
    assert len({id(t.options) for t in tasks}) == 6  # a task's options are its own


def test_a_single_walk_has_no_repeat_number(tmp_path: Path) -> None:
    options = RunOptions(run_id="20261124t010000z-abcd", run_dir=tmp_path,
                         settings=load_settings(None, {}))
    [task] = plan_tasks([SimpleNamespace(id="chat")], options, repeat=1)
    assert task.options.repeat_index is None
