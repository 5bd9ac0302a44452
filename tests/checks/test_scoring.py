"""The score: stopping early never scores better than getting further (SPEC §3, issue 16)."""

from __future__ import annotations

from runner.checks import finding
from runner.checks.scoring import score
from runner.results.model import RunResult


def run(*findings, status: str = "failed") -> RunResult:
    result = RunResult(run_id="r", journey={"id": "ticket", "name": "Ticket", "channel": "other",
                                            "file": "ticket.yaml"},
                       persona={"id": None, "name": None}, journey_run_id="ticket-r-1",
                       status=status)
    result.findings = list(findings)
    return result


SUBMIT = {"index": 4, "name": "click Send"}
MAIL_LINK = {"index": 8, "name": "open the link in the e-mail"}


def test_a_500_at_the_submit_does_not_score_better_than_getting_further_to_a_dead_end():
    # As seen: the 500 at the submit scored 55, the same journey getting further scored 50.
    stopped_at_submit = run(
        finding("http-error", "POST /tickets answered 500", step=SUBMIT),
        finding("long-form", "7 fields", step={"index": 3, "name": "fill"}),
    )
    got_further = run(
        finding("long-form", "7 fields", step={"index": 3, "name": "fill"}),
        finding("page-error", "TypeError", step=SUBMIT),
        finding("no-response-promise", "never says when", step={"index": 5, "name": "ack"}),
        finding("dead-end", "the link leads nowhere", step=MAIL_LINK),
    )

    early, further = score(stopped_at_submit), score(got_further)

    assert early["value"] == 40 and further["value"] == 40
    assert early["value"] <= further["value"]


def test_a_journey_that_could_not_finish_scores_at_most_40_whatever_else_was_judged():
    many = run(
        finding("dead-end", "stuck", step=MAIL_LINK),
        finding("missing-acknowledgement", "nothing", severity="major", step=SUBMIT),
        finding("missing-email", "no mail", step=None),
        finding("slow-step", "slow", step=SUBMIT),
    )

    scored = score(many)

    assert scored["value"] == 40  # the majors met on the way take nothing off the capped score
    assert scored["value"] >= score(run(finding("http-error", "500", step=SUBMIT)))["value"]
    assert scored["cap"] == {"at": 40, "before_cap": 60,
                             "reason": "the journey could not finish (a critical finding)"}
    points = {item["code"]: item["points"] for item in scored["breakdown"]}
    assert points == {"dead-end": -40, "missing-acknowledgement": 0, "missing-email": 0,
                      "slow-step": 0}
    assert all("not counted" in item["note"] for item in scored["breakdown"]
               if item["severity"] != "critical")
    assert "at most 40" in scored["formula"]


def test_a_journey_that_finished_keeps_the_plain_formula_and_no_cap():
    finished = run(finding("missing-acknowledgement", "nothing", step=SUBMIT),
                   finding("no-response-promise", "when?", step=SUBMIT), status="passed")

    scored = score(finished)

    assert scored["value"] == 80 and "cap" not in scored
    assert [item["points"] for item in scored["breakdown"]] == [-15, -5]


def test_a_run_in_error_has_no_score():
    assert score(run(status="error")) is None
