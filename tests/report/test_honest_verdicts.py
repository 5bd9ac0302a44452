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


# Item 4: verdicts name the cause and where, most serious first; five distinct worst.


def ticket_night(night: int, *, console_errors: int = 1) -> dict:
    """As seen: the ticket journey got past the submit, was acknowledged without a promise,
    got its e-mail, and the link in the e-mail led nowhere; the form had 7 fields and the
    page logged a console error at the submit."""
    result = journey_result("ticket", night, name="Ticket", status="failed", score=40)
    result["steps"] = [
        {"index": 0, "name": "goto /support", "action": "goto", "status": "passed",
         "duration_ms": 300.0, "measured": {"http_status": 200}},
        {"index": 1, "name": "fill 7 fields", "action": "fill", "status": "passed",
         "duration_ms": 900.0, "measured": {}},
        {"index": 2, "name": "click Send", "action": "click", "status": "passed",
         "duration_ms": 400.0, "measured": {}},
        {"index": 3, "name": "Acknowledgement", "action": "expect_ack", "status": "passed",
         "duration_ms": 500.0, "measured": {"ack_ms": 480.0, "budget_ms": 10_000}},
        {"index": 4, "name": "Email", "action": "expect_email", "status": "passed",
         "duration_ms": 4000.0, "measured": {"email_ms": 3900.0, "budget_ms": 120_000}},
        {"index": 5, "name": "open email link", "action": "open_email_link",
         "status": "failed", "duration_ms": 5000.0, "measured": {}},
    ]
    step = {n: {"index": s["index"], "name": s["name"]} for n, s in enumerate(result["steps"])}
    result["findings"] = [
        {**finding("long-form", "minor", measured=7, budget=6, unit="fields"),
         "step": step[1]},
        *[{**finding("page-error", "minor", message=f"TypeError {n} in the console"),
           "step": step[2]} for n in range(console_errors)],
        {**finding("no-response-promise", "minor", message="Never says when."),
         "category": "missing-ack", "step": step[3]},
        {**finding("dead-end", "critical", message="The link led nowhere."),
         "category": "dead-end", "step": step[5]},
    ]
    return result


def test_the_verdict_names_the_cause_and_where_and_what_a_support_lead_cares_about(
    tmp_path: Path,
) -> None:
    # Before: "customers cannot finish: they hit a dead end, fill in a form of 7 fields and
    # meet a broken page (+1 more)".
    build(tmp_path, [ticket_night(0)])

    journey = view_of(tmp_path).journeys[0]

    assert journey.verdict == (
        "Ticket: customers cannot finish: the link in the confirmation e-mail leads nowhere. "
        "The page never says when they will hear back. "
        "They also fill in a form of 7 fields (+1 more).")
    assert "broken page" not in journey.verdict


def test_a_console_error_is_a_script_error_on_that_page_not_a_broken_page() -> None:
    error = {**finding("page-error", "minor"), "step": {"index": 2, "name": "click Send"}}

    assert verdict_of([error]) == "Shop: the page at “click Send” logs a script error."


def test_at_equal_severity_not_being_heard_comes_before_friction() -> None:
    findings = [
        finding("slow-step", "minor", measured=9_000, budget=3_000),
        finding("too-many-steps", "minor", measured=20, budget=12, unit="actions"),
        {**finding("no-reference", "minor"), "category": "missing-ack"},
    ]

    assert verdict_of(findings).startswith(
        "Shop: the confirmation gives them no case number. Customers wait 9.0 s at “Answer”")


def test_the_five_worst_are_five_distinct_problems(tmp_path: Path) -> None:
    # Before: the dead end, the long form and the same console error three times; the
    # missing promise was not among them.
    other = journey_result("contact_form", 0, name="Contact form", findings=[
        finding("slow-step", "minor", measured=5_500, budget=5_000)], score=95)
    build(tmp_path, [ticket_night(0, console_errors=3), other])

    worst = view_of(tmp_path).worst

    assert [(f.journey, f.code) for f in worst] == [
        ("Ticket", "dead-end"), ("Ticket", "no-response-promise"), ("Ticket", "long-form"),
        ("Contact form", "slow-step"), ("Ticket", "page-error")]
    assert worst[-1].times == 3
    render_all(tmp_path)
    section = (tmp_path / "index.html").read_text(encoding="utf-8").split(
        'id="worst-h"')[1].split("</section>")[0]
    assert section.count("<code>page-error</code>") == 1 and "3 times" in section


def verdict_of(findings: list[dict]) -> str:
    from runner.report.verdict import verdict

    return verdict("Shop", "passed", findings, None)


# Item 6: a passed journey with findings is not a plain pass; an error is not measured.


def test_a_passed_journey_with_a_major_missing_acknowledgement_is_not_a_plain_pass(
    tmp_path: Path,
) -> None:
    unheard = journey_result("contact_form", 0, name="Contact form", score=85, findings=[
        {**finding("missing-acknowledgement", "major", message="Nothing acknowledged it."),
         "category": "missing-ack"}])
    clean = journey_result("refund", 0, name="Refund", channel="refund")
    down = journey_result("chat", 0, name="Chat", channel="chat", status="error", score=None,
                          error="no browser")
    build(tmp_path, [unheard, clean, down])

    render_all(tmp_path)

    run_dir = tmp_path / "runs" / night_run_id(0)
    run_page = (run_dir / "index.html").read_text(encoding="utf-8")
    with_findings = ('<span class="badge passed-with-findings">'
                     "passed with findings, worst major</span>")
    assert with_findings in run_page
    assert '<span class="badge passed">passed</span>' in run_page
    assert '<span class="badge error">not measured</span>' in run_page
    own = (run_dir / "contact_form.html").read_text(encoding="utf-8")
    assert with_findings in own
    assert '<span class="badge error">not measured</span>' in (
        run_dir / "chat.html").read_text(encoding="utf-8")
    history = (tmp_path / "journeys" / "contact_form.html").read_text(encoding="utf-8")
    assert "passed with findings, worst major" in history
    assert '<a class="cell passed-with-findings"' in history
    top = (tmp_path / "index.html").read_text(encoding="utf-8")
    table = top.split('id="journeys-h"')[1].split("</table>")[0]
    rows = {name: row for row in table.split("</tr>")
            for name in ("Contact form", "Refund", "Chat") if f">{name}</a>" in row}
    assert "passed with findings, worst major" in rows["Contact form"]
    assert '<span class="badge passed">passed</span>' in rows["Refund"]
    assert '<span class="badge error">not measured</span>' in rows["Chat"]


# Saved values, the pages' side: what was not measured is shown so and never counted.


def test_a_step_never_measured_is_shown_so_and_counts_in_no_share_and_no_verdict(
    tmp_path: Path,
) -> None:
    # As seen: `save: ticket` captured nothing, the e-mail step was skipped, and the executive
    # page said "Emails 0% — 0 of 1" and that customers get no e-mail.
    result = journey_result("ticket", 0, name="Ticket", status="failed", score=40)
    result["steps"].append(
        {"index": 2, "name": "Email", "action": "expect_email", "status": "skipped",
         "duration_ms": None, "skip_reason": "needs ${saved.ticket}, which step 2 never captured",
         "measured": {}})
    result["findings"] = [
        {**finding("no-reference", "critical", message="The acknowledgement carries no "
                   "reference, so the journey could not go on."), "category": "missing-ack"},
        {**finding("missing-email", "major", message="No email came."),
         "category": "missing-ack", "step": {"index": 2, "name": "Email"}},
    ]
    build(tmp_path, [result])

    view = view_of(tmp_path)

    shares = {share.kind: (share.within, share.total) for share in view.sla}
    assert shares["Emails"] == (0, 0)
    assert "e-mail" not in view.journeys[0].verdict
    assert view.journeys[0].verdict == (
        "Ticket: customers cannot finish: the confirmation gives them no case number.")
    assert [f.code for f in view.worst] == ["no-reference"]
    render_all(tmp_path)
    page = (tmp_path / "runs" / night_run_id(0) / "ticket.html").read_text(encoding="utf-8")
    steps = page.split('id="steps"')[1].split("</table>")[0]
    assert '<span class="badge skipped">not measured</span>' in steps
    assert "never captured" in steps
    top = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "none expected" in top.split('id="sla-h"')[1].split("</ul>")[0].split("Emails")[1]


def test_in_chromium_a_reader_tells_a_clean_pass_from_a_pass_with_findings(
    tmp_path: Path, open_report
) -> None:
    unheard = journey_result("contact_form", 0, name="Contact form", score=85, findings=[
        {**finding("missing-acknowledgement", "major", message="Nothing acknowledged it."),
         "category": "missing-ack"}])
    build(tmp_path, [unheard, journey_result("refund", 0, name="Refund", channel="refund"),
                     ticket_night(0)])
    render_all(tmp_path)

    page = open_report(tmp_path / "index.html").page

    rows = page.locator("section[aria-labelledby=journeys-h] table").first.locator("tbody tr")
    results = {rows.nth(i).locator("th").inner_text().strip():
               rows.nth(i).locator(".badge").first.inner_text().strip()
               for i in range(rows.count())}
    assert results == {"Contact form": "passed with findings, worst major",
                       "Refund": "passed", "Ticket": "failed"}
    verdicts = page.locator("ul.verdicts li").all_inner_texts()
    assert any("the link in the confirmation e-mail leads nowhere" in v for v in verdicts)
    assert any("Contact form: the page never confirms their request." in v for v in verdicts)
