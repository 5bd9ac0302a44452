"""When a journey fails its test, and what the failure says (no browser: results by hand)."""

from __future__ import annotations

from pathlib import Path

from runner.pytest_plugin import failure_message
from runner.results.model import Finding, RunResult, StepResult


def finding(code: str, severity: str, step: int | None = None) -> Finding:
    return Finding(code=code, category="dead-end", severity=severity,
                   step={"index": step, "name": "Send"} if step is not None else None,
                   message=f"{code} happened", principle="Keep the customer moving")


def contact_result(status: str = "passed", findings=(), error: str | None = None) -> RunResult:
    steps = [StepResult(index=0, name="goto /contact", action="goto", line=11, status="passed"),
             StepResult(index=1, name="Fill in the form", action="fill", line=12,
                        status="passed"),
             StepResult(index=2, name="Send", action="click", line=21, status="passed")]
    if status == "failed":
        steps[2].status, steps[2].stopped = "failed", "http-error"
        steps[2].error = "the site answered HTTP 500 to POST /api/contact"
    return RunResult(run_id="r1", journey={"id": "contact_form", "name": "Contact form",
                                           "channel": "contact-form",
                                           "file": "journeys/contact_form.yaml"},
                     persona={"id": "ann", "name": "Ann"}, journey_run_id="cf-r1-1",
                     status=status, steps=steps, findings=list(findings), error=error,
                     score=None if status == "error" else {"value": 90, "breakdown": []},
                     browser={"name": "chromium", "version": "156", "source": "system"})


def test_a_clean_journey_passes():
    assert failure_message(contact_result(), "info") is None


def test_findings_below_the_bar_pass_and_the_bar_itself_fails():
    result = contact_result(findings=[finding("no-response-promise", "minor", 2)])
    assert failure_message(result, "critical") is None
    assert failure_message(result, "major") is None
    message = failure_message(result, "minor")
    assert message is not None
    assert "Contact form (contact_form): findings at or above minor" in message
    assert "  minor    no-response-promise: no-response-promise happened  [step 3 'Send']" \
        in message


def test_a_stopped_journey_fails_whatever_the_bar_and_names_the_step_and_its_line():
    result = contact_result("failed", findings=[finding("http-error", "critical", 2),
                                                finding("page-error", "minor")])
    message = failure_message(result, "critical")
    assert message is not None
    lines = message.splitlines()
    assert lines[0] == "Contact form (contact_form): the customer could not finish; " \
                       "the journey stopped at step 3"
    assert lines[1] == ("  step 3 'Send' (journeys/contact_form.yaml:21): "
                        "the site answered HTTP 500 to POST /api/contact")
    assert lines[2:6] == ["Findings at or above critical:",
                          "  critical http-error: http-error happened  [step 3 'Send']",
                          "Other findings:",
                          "  minor    page-error: page-error happened"]
    # A failed journey fails even when its findings are all below the bar.
    assert failure_message(contact_result("failed"), "critical") is not None


def test_a_journey_that_could_not_be_walked_fails_with_the_reason():
    result = contact_result("error", error="no connection to the site: refused")
    message = failure_message(result, "critical", trace=Path("runs/r1/contact_form.trace.zip"))
    assert message is not None
    assert "could not be walked (status error): no connection to the site: refused" in message
    assert "Score not measured" in message
    assert "Trace: runs/r1/contact_form.trace.zip" in message
