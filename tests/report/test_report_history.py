"""The executive page and the journey-over-time pages, from a synthetic history."""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

import pytest
from history_samples import finding, journey_result, night_date, night_run_id, write_result

from runner.report import history_queries as hq
from runner.report import render_all, render_run
from runner.report.charts import trend_chart
from runner.report.executive import delta, executive_view
from runner.report.verdict import verdict
from runner.results import store

HOSTILE = "<script>alert(1)</script>"


def build(out_dir: Path, results: list[dict]) -> Path:
    for result in results:
        write_result(out_dir, result)
    store.rebuild(out_dir)
    return out_dir


def executive(out_dir: Path) -> str:
    return (out_dir / "index.html").read_text(encoding="utf-8")


def view_of(out_dir: Path, latest_run: str | None = None):
    conn = store.connect(out_dir)
    try:
        return executive_view(conn, out_dir, latest_run)
    finally:
        conn.close()


def trend_svg(html: str) -> str:
    return re.search(r'<svg class="chart trend".*?</svg>', html, re.S).group(0)


@pytest.fixture
def two_journeys(tmp_path: Path) -> Path:
    """Refund: slow confirmation and no email in the latest run; contact form: all good."""
    results = []
    for night in range(3):
        results.append(journey_result("contact_form", night, name="Contact form"))
        latest = night == 2
        results.append(journey_result(
            "refund", night, name="Refund", channel="refund", score=70 if latest else 100,
            waited=14_200.0 if latest else 900.0,
            findings=[
                finding("missing-email", "major", step=None, message="No email came.",
                        principle="Close the loop."),
                finding("slow-acknowledgement", "major", measured=14_200, budget=10_000,
                        principle="Overcommunicate."),
            ] if latest else []))
    return build(tmp_path, results)


def test_verdict_names_what_customers_lived_in_plain_words(two_journeys: Path) -> None:
    render_all(two_journeys)
    html = executive(two_journeys)

    assert "Refund: customers get no confirmation e-mail and wait 14.2 s for confirmation." in html
    assert "Contact form: all good." in html


def test_verdict_for_an_error_and_a_failed_run() -> None:
    assert verdict("Chat", "error", [], "no browser") == "Chat: not measured (no browser)."
    assert verdict("Refund", "failed", [finding("dead-end", "critical")], None) == (
        "Refund: customers cannot finish: they get stuck at “Answer”.")
    assert verdict("Odd", "passed", [finding("brand-new-check", message="Odd thing.")], None) == (
        "Odd: Odd thing.")  # a check without a phrase speaks for itself
    assert verdict("Both", "passed", [finding("missing-email"), finding("new", "minor",
                   message="Odd thing.")], None) == (
        "Both: customers get no confirmation e-mail. Odd thing.")


def test_score_changes_since_previous_and_over_7_and_30_runs(tmp_path: Path) -> None:
    scores = [50, 55, 60, 65, 70, 75, 80, 85, 90, 95]  # oldest first
    build(tmp_path, [journey_result("contact_form", night, score=score)
                     for night, score in enumerate(scores)])

    render_all(tmp_path)

    row = executive(tmp_path).split('id="journeys-h"')[1].split("</tr>")[1]
    cells = re.findall(r'<span class="delta (\w+)" title="[^"]*">([^<]+)</span>', row)
    assert cells == [("up", "+5"), ("up", "+30"), ("up", "+45")]  # 95-90, 95-65, 95-50


def test_delta_skips_unmeasured_runs_and_is_blank_when_the_latest_is_not_measured() -> None:
    assert delta([80, None, 70], 2).value is None  # the previous run was not measured
    assert delta([80, None, 70], 7).value == 10
    assert delta([None, 90, 70], 7).value is None
    assert delta([90], 7).text == "—"


def test_sla_shares_count_a_missing_answer_as_late_and_leave_error_runs_out(
    tmp_path: Path,
) -> None:
    late = [finding("slow-acknowledgement", measured=14_200, budget=10_000)]
    results = [
        journey_result("contact_form", 0, waited=300.0),
        journey_result("contact_form", 1, waited=9_000.0),
        journey_result("contact_form", 2, waited=14_200.0, findings=late, score=85),
        journey_result("contact_form", 3, waited=None, status="failed", score=60),  # never came
        journey_result("contact_form", 4, waited=None, status="error", score=None),  # tool's fault
        journey_result("chat", 4, channel="chat", action="expect_reply", waited=2_000.0),
        journey_result("chat", 5, channel="chat", action="expect_reply", waited=2_500.0,
                       step_budget=2_000.0),  # a step budget in the history is honoured
        journey_result("mail", 5, channel="email", action="expect_email", waited=60_000.0),
    ]
    build(tmp_path, results)

    shares = {share.kind: (share.within, share.total) for share in view_of(tmp_path).sla}

    assert shares == {"Acknowledgements": (2, 4), "Replies": (1, 2), "Emails": (1, 1)}
    render_all(tmp_path)
    html = executive(tmp_path)
    assert "50%" in html and "2 of 4" in html and "100%" in html


def test_the_five_worst_findings_by_severity_then_how_far_past_budget(tmp_path: Path) -> None:
    findings = [
        finding("minor-one", "minor"),
        finding("major-slightly-late", "major", measured=11_000, budget=10_000),
        finding("critical-dead-end", "critical", principle="Never leave a customer stuck."),
        finding("major-very-late", "major", measured=30_000, budget=10_000),
        finding("info-note", "info"),
        finding("major-no-budget", "major"),
        finding("minor-late", "minor", measured=9_000, budget=3_000),
    ]
    build(tmp_path, [journey_result("refund", 0, findings=findings, score=20)])

    worst = [f.code for f in view_of(tmp_path).worst]

    assert worst == ["critical-dead-end", "major-very-late", "major-slightly-late",
                     "major-no-budget", "minor-late"]
    render_all(tmp_path)
    section = executive(tmp_path).split('id="worst-h"')[1].split("</section>")[0]
    assert [m for m in re.findall(r"<code>([\w-]+)</code>", section)] == worst
    assert "Never leave a customer stuck." in section
    assert "30.0 s against 10.0 s" in section
    assert 'href="runs/' in section and "#finding-3" in section


@pytest.mark.parametrize(("nights", "points"), [(12, 12), (40, 30)])
def test_trend_has_one_point_per_run_up_to_30(tmp_path: Path, nights: int, points: int) -> None:
    build(tmp_path, [journey_result(j, n) for n in range(nights) for j in ("a", "b")])

    render_all(tmp_path)

    svg = trend_svg(executive(tmp_path))
    assert svg.count('class="point"') == points
    assert 'role="img"' in svg and "aria-label=" in svg and "<title>" in svg


def test_a_run_in_error_is_not_measured_never_100_and_leaves_a_gap_in_the_trend(
    tmp_path: Path,
) -> None:
    results = [journey_result("chat", n, name="Chat", score=90) for n in range(4)]
    results.append(journey_result("chat", 4, name="Chat", status="error", score=None,
                                  error="connection refused"))
    build(tmp_path, results)

    render_all(tmp_path)
    html = executive(tmp_path)

    assert "Chat: not measured (connection refused)." in html
    row = html.split('id="journeys-h"')[1].split("</tr>")[1]
    assert "not measured" in row and ">100<" not in row
    assert row.count("—") == 3  # no change can be claimed for an unmeasured run
    assert trend_svg(html).count('class="point"') == 4
    journey = (tmp_path / "journeys" / "chat.html").read_text(encoding="utf-8")
    assert "not measured" in journey and "100/100" not in journey


def test_journey_page_shows_recurring_findings_with_first_appearance(tmp_path: Path) -> None:
    results = []
    for night in range(35):
        findings = []
        if night == 2 or night >= 20:
            findings.append(finding("no-response-promise", "minor", step=None))
        if night == 3:
            findings.append(finding("only-long-ago", "minor"))  # outside the last 30 runs
        if night in (10, 30):
            findings.append(finding("dead-end", "critical", message="Stuck at the form."))
        results.append(journey_result("contact_form", night, findings=findings))
    build(tmp_path, results)

    render_all(tmp_path)
    html = (tmp_path / "journeys" / "contact_form.html").read_text(encoding="utf-8")

    table = html.split('id="findings"')[1]
    rows = table.split("</tr>")
    promise = next(r for r in rows if "no-response-promise" in r)
    assert "15 of 30" in promise  # nights 20..34
    assert f"present, since {night_date(20)}" in promise
    assert night_date(2) in promise  # first appeared long before the window
    dead_end = next(r for r in rows if "dead-end" in r)
    assert "2 of 30" in dead_end and "gone" in dead_end and night_date(10) in dead_end
    assert "Stuck at the form." in dead_end
    assert "only-long-ago" not in html
    assert table.index("no-response-promise") < table.index("dead-end")  # most frequent first


def test_journey_page_has_step_sparklines_and_a_status_strip(tmp_path: Path) -> None:
    results = [journey_result("contact_form", n, status="failed" if n == 5 else "passed",
                              score=60 if n == 5 else 100) for n in range(8)]
    build(tmp_path, results)

    render_all(tmp_path)
    html = (tmp_path / "journeys" / "contact_form.html").read_text(encoding="utf-8")

    strip = re.findall(r'<a class="cell (\w+)" href="([^"]+)"', html)
    assert [status for status, _ in strip] == ["passed"] * 5 + ["failed"] + ["passed"] * 2
    assert strip[-1][1] == f"../runs/{night_run_id(7)}/contact_form.html"
    sparks = re.findall(r'<svg class="chart spark"[^>]*aria-label="([^"]+)"', html)
    assert any("step 1 (goto /): duration over 8 runs" in label for label in sparks)
    assert any("step 2 (Answer): time waited" in label for label in sparks)


def test_run_pages_link_each_journey_to_its_page_over_time(two_journeys: Path) -> None:
    render_all(two_journeys)
    run_dir = two_journeys / "runs" / night_run_id(2)

    assert 'href="../../journeys/refund.html"' in (run_dir / "index.html").read_text()
    assert 'href="../../journeys/refund.html"' in (run_dir / "refund.html").read_text()
    assert (two_journeys / "journeys" / "refund.html").is_file()


def test_render_run_touches_only_that_run_its_journeys_and_the_top_pages(tmp_path: Path) -> None:
    build(tmp_path, [journey_result(j, n) for n in range(3) for j in ("alpha", "beta")])
    render_all(tmp_path)
    long_ago = 1_000_000_000
    for page in tmp_path.rglob("*.html"):
        os.utime(page, (long_ago, long_ago))
    new = journey_result("alpha", 3, score=80, findings=[finding("slow-step", "minor")])
    write_result(tmp_path, new)
    conn = store.connect(tmp_path)
    store.record(conn, new, f"runs/{new['run_id']}/alpha.json")  # as the worker does
    conn.close()

    render_run(tmp_path, new["run_id"])

    changed = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.html")
               if p.stat().st_mtime > long_ago}
    assert changed == {"index.html", "journeys/alpha.html",
                       f"runs/{new['run_id']}/index.html", f"runs/{new['run_id']}/alpha.html"}


def test_render_run_records_a_run_the_history_lacks_and_rebuilds_a_missing_history(
    tmp_path: Path,
) -> None:
    for night in range(2):
        write_result(tmp_path, journey_result("alpha", night))
    render_run(tmp_path, night_run_id(1))  # no history.sqlite at all
    assert (tmp_path / "journeys" / "alpha.html").is_file()
    write_result(tmp_path, journey_result("alpha", 2, score=40))  # the worker never recorded it

    render_run(tmp_path, night_run_id(2))

    assert [f"{d.value:g}" for d in view_of(tmp_path).journeys[0].deltas][:1] == ["-60"]


def test_hostile_names_and_messages_are_escaped_and_page_names_stay_in_the_folder(
    tmp_path: Path,
) -> None:
    hostile = journey_result("../../evil<x>", 0, name=f"Refund {HOSTILE}", findings=[
        finding("dead-end", "critical", message=f"Sorry {HOSTILE}", principle=HOSTILE)],
        score=60, error=HOSTILE)
    write_result(tmp_path, hostile, stem="evil")
    store.rebuild(tmp_path)

    render_all(tmp_path)

    pages = list((tmp_path / "journeys").iterdir())
    assert len(pages) == 1 and pages[0].parent == tmp_path / "journeys"
    assert re.fullmatch(r"evil_x-[0-9a-f]{10}\.html", pages[0].name)
    for html in (executive(tmp_path), pages[0].read_text(encoding="utf-8")):
        assert HOSTILE not in html and "<script" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert f'href="journeys/{pages[0].name}"' in executive(tmp_path)


def test_chart_labels_are_escaped() -> None:
    svg = str(trend_chart([50, None, 70], ["<b>", "x", "y"], description=HOSTILE))
    assert "<script" not in svg and "<b>" not in svg
    assert svg.count('class="point"') == 2


def test_executive_queries_are_served_by_indexes(tmp_path: Path) -> None:
    late = [finding("slow-acknowledgement", measured=14_200, budget=10_000)]
    build(tmp_path, [journey_result(j, n, findings=late) for n in range(5) for j in ("a", "b")])
    conn = store.connect(tmp_path)
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        executive_view(conn, tmp_path, None)
        hq.first_seen(conn, "a", "slow-acknowledgement")
        conn.set_trace_callback(None)
        plans = {
            sql: " | ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
            for sql in statements if sql.lstrip().upper().startswith(("SELECT", "WITH"))
        }
    finally:
        conn.close()
    assert plans
    for sql, plan in plans.items():
        assert not re.search(r"\bSCAN (journey_runs|steps|findings|jr|s|f)\b(?! USING)", plan), (
            sql, plan)


def test_the_executive_page_opens_in_a_browser_without_leaving_the_folder(
    two_journeys: Path, shared_browser
) -> None:
    render_all(two_journeys)
    browser, _info = shared_browser
    context = browser.new_context()
    requests: list[str] = []

    def record(route, request) -> None:  # noqa: ANN001 - Playwright's own types
        requests.append(request.url)
        if request.url.startswith("file://"):
            route.continue_()
        else:
            route.abort()

    try:
        page = context.new_page()
        page.route("**/*", record)
        page.goto((two_journeys / "index.html").as_uri())
        verdicts = page.locator("ul.verdicts li").all_inner_texts()
        refund = "Refund: customers get no confirmation e-mail and wait 14.2 s for confirmation."
        assert any(refund in v for v in verdicts)
        assert any("Contact form: all good." in v for v in verdicts)
        assert page.get_by_role("img", name=re.compile("Mean score of all journeys")).count() == 1
        assert page.get_by_role("heading", name="The five worst findings now").is_visible()
    finally:
        context.close()
    assert requests and all(url.startswith("file://") for url in requests), requests


def test_history_queries_read_only_the_last_30_runs(tmp_path: Path) -> None:
    build(tmp_path, [journey_result("a", n) for n in range(45)])
    conn: sqlite3.Connection = store.connect(tmp_path)
    try:
        runs = hq.recent_runs(conn, "a")
    finally:
        conn.close()
    assert len(runs) == 30 and runs[0].run_id == night_run_id(44)


def test_a_skipped_slot_does_not_hide_the_latest_walk_on_the_executive_page(tmp_path):
    import json

    from runner.report import render_all
    from runner.results import store

    def result(run_id: str, started: str, status: str, score: int | None) -> dict:
        return {"schema_version": 1, "run_id": run_id,
                "journey": {"id": "refund", "name": "Refund request", "channel": "refund",
                            "file": "journeys/refund.yaml"},
                "persona": {"id": None, "name": None}, "journey_run_id": f"refund-{run_id}-1",
                "attempt": 1, "started_at": started, "finished_at": started, "status": status,
                "browser": {}, "steps": [], "transcript": [], "emails": [], "findings": [],
                "score": None if score is None else {"value": score, "breakdown": []},
                "artifacts": {"trace": None, "screenshots": []},
                "error": "still running: the previous slot's walk had not finished"
                if status == "skipped" else None}

    conn = store.connect(tmp_path)
    for run_id, started, status, score in [
            ("20261122t020000z-aaaa", "2026-11-22T02:00:00.000Z", "passed", 85),
            ("20261122t021000z-bbbb", "2026-11-22T02:10:00.000Z", "skipped", None)]:
        path = tmp_path / "runs" / run_id / "refund.json"
        path.parent.mkdir(parents=True)
        path.write_text(json.dumps(result(run_id, started, status, score)))
        store.record(conn, json.loads(path.read_text()), str(path.relative_to(tmp_path)))
    conn.close()
    render_all(tmp_path)
    page = (tmp_path / "index.html").read_text()
    verdicts = page[page.index("Verdict per journey"):page.index("Score trend")]
    assert "85" in verdicts
    assert "still running" not in verdicts
