"""The email channel judged from a stored run alone: acknowledgements of the customer's
email, a person's answer, the tone of it, and the thread."""

from __future__ import annotations

from runner.checks import CheckContext, judge
from runner.results.model import RunResult, StepResult

T0 = 1_795_000_000_000.0


def answer_step(index: int, asked: dict, **measured) -> StepResult:
    base = {"window_ms": 20000.0, "budget_ms": 10000.0}
    return StepResult(index=index, name=f"step {index}", action="expect_email", line=index,
                      status="failed" if measured.get("email_ms") is None else "passed",
                      measured={**base, **measured},
                      observed={"asked": {"channel": True, **asked}, "trigger_at": T0})


def sent(step: int, body: str, at: float = T0) -> dict:
    return {"direction": "sent", "step": step, "from": "Ann <ann@example.com>",
            "subject": "Order 10482", "excerpt": body, "sent_at": at}


def received(step: int, body: str, automatic: str | None = None, person: str | None = None,
             sender: str = "Shop <care@shop.example>", at: float = T0 + 500) -> dict:
    return {"direction": "received", "step": step, "from": sender, "subject": "Re: Order",
            "excerpt": body, "arrived_at": at, "automatic": automatic, "person": person}


def run_with(steps: list[StepResult], emails: list[dict]) -> RunResult:
    send = StepResult(index=0, name="send", action="send_email", line=1, status="passed")
    return RunResult(run_id="r", journey={"id": "e", "name": "E", "channel": "email",
                                          "file": "e.yaml"},
                     persona={"id": None, "name": None}, journey_run_id="e-r-1",
                     status="passed", steps=[send, *steps], emails=emails)


def found(result: RunResult) -> list[tuple[str, int | None]]:
    return sorted((f.code, f.step["index"] if f.step else None) for f in result.findings)


ACK = {"text": ["received"], "reference": "(?P<ref>CS-\\d+)", "promise": True}


def test_an_acknowledgement_that_never_came_quotes_what_did_come():
    step = answer_step(1, ACK, email_ms=None)
    step.observed["passed_over"] = [{"why": "it does not read as an acknowledgement"}]
    step.observed["answer_text"] = "Our summer sale starts today"
    result = judge(run_with([step], [sent(0, "Hi")]), CheckContext())
    assert found(result) == [("missing-acknowledgement", 1)]
    assert "1 email came" in result.findings[0].message
    assert result.findings[0].evidence["text"] == "Our summer sale starts today"


def test_a_late_acknowledgement_without_reference_or_promise_gives_each_finding():
    step = answer_step(1, ACK, email_ms=12000.0, reference=None, promise=None)
    result = judge(run_with([step], [sent(0, "Hi"), received(1, "We got it.", "Auto")]),
                   CheckContext())
    assert found(result) == [("no-reference", 1), ("no-response-promise", 1),
                             ("slow-acknowledgement", 1)]


def test_no_person_in_the_window_is_no_human_route_and_no_tone_finding_on_top():
    step = answer_step(2, {"human": True}, email_ms=None)
    step.observed["passed_over"] = [{"why": "an automatic answer (Auto-Submitted: auto-replied)"}]
    emails = [sent(0, "My order arrived damaged"), received(1, "We got it.", "Auto-Submitted")]
    result = judge(run_with([answer_step(1, ACK, email_ms=300.0, reference="CS-1",
                                         promise="within 24 hours"), step], emails),
                   CheckContext())
    assert found(result) == [("no-human-route", 2)]
    assert "Auto-Submitted" in result.findings[0].message


def test_a_person_who_does_not_apologise_for_the_customers_problem():
    emails = [sent(0, "My parcel arrived damaged and the lid is broken."),
              received(1, "We will send a new one tomorrow.\n\nBest,\nMaya", person="Maya")]
    result = judge(run_with([answer_step(1, {"human": True}, email_ms=800.0, human="Maya")],
                            emails), CheckContext())
    assert found(result) == [("no-apology", 1)]


def test_an_apology_in_any_known_wording_is_enough_and_a_question_needs_none():
    sorry = [sent(0, "My parcel arrived damaged."),
             received(1, "Apologies for the trouble. Maya", person="Maya")]
    question = [sent(0, "Do you ship to Norway?"),
                received(1, "Yes, we do. Maya", person="Maya")]
    for emails in (sorry, question):
        result = judge(run_with([answer_step(1, {"human": True}, email_ms=800.0,
                                             human="Maya")], emails), CheckContext())
        assert found(result) == []


def test_answers_from_nobody_in_particular_are_impersonal():
    emails = [sent(0, "Do you ship to Norway?"), received(1, "Yes.", sender="Support <s@x.ex>")]
    result = judge(run_with([answer_step(1, {"text": ["yes"]}, email_ms=800.0)], emails),
                   CheckContext())
    assert found(result) == [("impersonal-reply", 1)]
    assert result.findings[0].severity == "info"


def test_an_answer_in_the_thread_filed_as_a_new_case_breaks_the_thread():
    step = answer_step(3, ACK, email_ms=300.0, reference="CS-2", promise="within 24 hours",
                       thread_reference="CS-1")
    result = judge(run_with([step], [sent(0, "Hi"), received(3, "Case CS-2", "Auto")]),
                   CheckContext())
    assert found(result) == [("thread-broken", 3)]
    assert result.findings[0].category == "consistency"
    assert result.findings[0].severity == "major"
    assert "CS-1" in result.findings[0].message and "CS-2" in result.findings[0].message


def test_the_same_case_or_no_thread_to_keep_is_no_broken_thread():
    kept = answer_step(3, ACK, email_ms=300.0, reference="CS-1", promise="within 24 hours",
                       thread_reference="CS-1")
    unknown = answer_step(3, ACK, email_ms=300.0, reference="CS-2", promise="within 24 hours",
                          thread_reference=None)
    for step in (kept, unknown):
        result = judge(run_with([step], [sent(0, "Hi"), received(3, "ok", "Auto")]),
                       CheckContext())
        assert found(result) == []


def test_a_confirmation_email_outside_the_channel_is_still_judged_as_before():
    plain = StepResult(index=1, name="Email", action="expect_email", line=1, status="failed",
                       measured={"window_ms": 4000.0, "budget_ms": 2000.0, "email_ms": None},
                       observed={"asked": {"subject": "x"}})
    result = judge(run_with([plain], []), CheckContext())
    assert found(result) == [("missing-email", 1)]
