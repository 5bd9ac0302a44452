"""Issue 16: the score trend, verdicts and pages say only what was measured, pointing the
right way. Each test builds the history as it was seen."""

from __future__ import annotations

import re
from pathlib import Path

from history_samples import finding, journey_result, night_run_id, write_result

from runner.report import render_all
from runner.report.executive import executive_view
from runner.results import store


def build(out_dir: Path, results: list[dict]) -> Path:
    for result in results:
        write_result(out_dir, result)
    store.rebuild(out_dir)
    return out_dir


def view_of(out_dir: Path):
    conn = store.connect(out_dir)
    try:
        return executive_view(conn, out_dir, None)
    finally:
        conn.close()


# Item 3: the trend compares like with like.


def test_a_one_journey_run_into_the_same_folder_is_not_a_spike_to_100(tmp_path: Path) -> None:
    # As seen: three nights of a full run (ticket failing at 40, contact form at 90), then a
    # run of the contact form alone: the trend averaged only that run's journey and showed 90
    # (or 100 for a clean one) as if everything had got better.
    results = []
    for night in range(3):
        results.append(journey_result("ticket", night, score=40, status="failed",
                                      findings=[finding("dead-end", "critical")]))
        results.append(journey_result("contact_form", night, score=90))
    results.append(journey_result("contact_form", 3, score=100))  # `--tag contact` alone
    build(tmp_path, results)

    view = view_of(tmp_path)

    assert view.trend_values == [65.0, 65.0, 65.0, 70.0]  # not 65, 65, 65, 100
    by_id = {j.journey_id: j for j in view.journeys}
    assert by_id["ticket"].score == 40 and by_id["ticket"].deltas[0].value == 0
    assert by_id["contact_form"].deltas[0].value == 10  # per journey: 100 against its own 90


def test_an_unmeasured_run_of_one_journey_carries_the_others_and_leaves_no_dip(
    tmp_path: Path,
) -> None:
    results = [journey_result(j, 0, score=s) for j, s in (("a", 80), ("b", 60))]
    results.append(journey_result("a", 1, status="error", score=None, error="no browser"))
    results.append(journey_result("b", 2, score=70))
    build(tmp_path, results)

    view = view_of(tmp_path)

    assert view.trend_values == [70.0, None, 75.0]  # nothing measured in run 1: a gap
    render_all(tmp_path)
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "latest score carried forward" in html
    assert "keeps its latest score" in html


def test_changes_over_7_and_30_runs_are_per_journey_whatever_other_runs_hold(
    tmp_path: Path,
) -> None:
    results = [journey_result("nightly", n, score=50 + 5 * n) for n in range(8)]
    # Twenty runs of another journey in between do not stretch "the previous run".
    results += [journey_result("often", n, score=100) for n in range(20)]
    build(tmp_path, results)

    nightly = next(j for j in view_of(tmp_path).journeys if j.journey_id == "nightly")

    assert [d.value for d in nightly.deltas] == [5, 30, 35]  # 85-80, 85-55, 85-50


def test_the_run_page_shows_the_cap_in_how_the_score_was_computed(tmp_path: Path) -> None:
    from runner.checks import finding as make_finding
    from runner.checks.scoring import score
    from runner.results.model import RunResult

    result = RunResult(run_id=night_run_id(0), journey={"id": "ticket", "name": "Ticket",
                       "channel": "other", "file": "t.yaml"}, persona={}, journey_run_id="t",
                       status="failed")
    result.findings = [make_finding("http-error", "POST /tickets answered 500",
                                    step={"index": 4, "name": "click Send"}),
                       make_finding("long-form", "7 fields", step={"index": 3, "name": "fill"})]
    data = journey_result("ticket", 0, status="failed", findings=[
        f.to_json() for f in result.findings])
    data["score"] = score(result)
    build(tmp_path, [data])

    render_all(tmp_path)
    html = (tmp_path / "runs" / night_run_id(0) / "ticket.html").read_text(encoding="utf-8")

    section = html.split('id="score"')[1].split("</table>")[0]
    assert '<span class="score">40/100</span>' in html
    assert "Capped at 40: the journey could not finish" in section
    assert "the findings alone came to 40" not in section  # 100 − 40 = 60 before the cap
    assert "the findings alone came to 60" in section
    assert re.search(r"<code>long-form</code>.*not counted.*<td class=\"num\">0</td>", section,
                     re.S)
