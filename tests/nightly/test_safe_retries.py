"""Issue 16 item 8: `--retries` walked the whole journey again after it had already
submitted, creating a second real ticket. A journey is retried only if it failed before its
first request other than GET reached the site, unless `retry_after_submit` says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from runner.nightly.pool import BrowserRequest, Plan, run_all, sent_to_the_site
from runner.results.model import RunResult, StepResult
from runner.walk.engine import RunOptions, new_run_id

pytestmark = pytest.mark.browser

FORM = """<!doctype html><title>Helpdesk</title>
<form method=post action=/ticket><textarea id=msg name=msg></textarea>
<button>Send</button></form>"""
# The helpdesk takes the ticket, then shows a page the journey does not expect (its wording
# changed): the journey fails after the POST reached the site.
TAKEN = "<title>Helpdesk</title><p>Request logged.</p>"
TICKET = """
name: Ticket
steps:
  - goto: /
  - fill: {'#msg': 'My order never came'}
  - click: {role: button, name: Send}
  - expect: {text: Ticket received}
    timeout: 2s
"""


def walk(tmp_path: Path, pages, journeys, plan: Plan, text: str = TICKET
         ) -> list[RunResult]:
    journeys.write("ticket", text)
    journey, = journeys.load("ticket")
    run_id = new_run_id()
    options = RunOptions(run_id=run_id, run_dir=tmp_path / "out" / "runs" / run_id,
                         settings=journeys.settings, base_url=pages.url, trace="off")
    return run_all([journey], options, BrowserRequest(), plan=plan).results


def posts(pages) -> int:
    return sum(1 for request in pages.seen if request[0] == "POST")


def test_a_journey_that_failed_after_its_form_was_sent_is_not_walked_again(
        tmp_path, pages, journeys):
    pages.page("/", FORM)
    pages.page("/ticket", TAKEN)
    result, = walk(tmp_path, pages, journeys, Plan(retries=2))
    assert result.status == "failed" and result.attempt == 1
    assert posts(pages) == 1, "a second ticket was created"
    assert not list((tmp_path / "out").glob("runs/*/*.attempt-*.json"))


def test_retry_after_submit_walks_it_again(tmp_path, pages, journeys):
    pages.page("/", FORM)
    pages.page_by_visit("/ticket", lambda n: (200, TAKEN if n == 1 else
                                              "<title>Helpdesk</title><p>Ticket received</p>"))
    result, = walk(tmp_path, pages, journeys, Plan(retries=2, retry_after_submit=True))
    assert result.status == "flaky" and result.attempt == 2
    assert posts(pages) == 2


def test_a_journey_that_failed_before_sending_anything_is_still_retried(
        tmp_path, pages, journeys):
    # A half-deployed page: the form is missing on the first visit.
    pages.page_by_visit("/", lambda n: (200, FORM if n > 1 else "<title>Helpdesk</title>"))
    pages.page("/ticket", "<title>Helpdesk</title><p>Ticket received</p>")
    result, = walk(tmp_path, pages, journeys, Plan(retries=2),
                   TICKET.replace("  - fill: {'#msg': 'My order never came'}",
                                  "  - fill: {'#msg': 'My order never came'}\n    timeout: 2s"))
    assert result.status == "flaky" and result.attempt == 2
    assert posts(pages) == 1


def step_with(*responses: dict) -> StepResult:
    return StepResult(index=0, name="click", action="click", line=1,
                      observed={"responses": list(responses)})


def test_what_counts_as_sent_to_the_site():
    def sent(*responses: dict) -> bool:
        return sent_to_the_site(RunResult(run_id="r", journey={}, persona={},
                                          journey_run_id="j", steps=[step_with(*responses)]))

    assert not sent({"method": "GET", "status": 200})
    assert sent({"method": "POST", "status": 500})
    assert sent({"method": "PUT", "status": None, "failure": None})  # unanswered: may be in
    assert sent({"method": "POST", "status": None, "failure": "net::ERR_CONNECTION_RESET"})
    assert not sent({"method": "POST", "status": None,
                     "failure": "net::ERR_CONNECTION_REFUSED"})
