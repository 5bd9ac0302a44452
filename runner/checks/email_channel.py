"""The email channel, judged: when the customer wrote to the business, did an acknowledgement
come (in time, with a reference and a "when"), did a person answer when one was asked for,
did they apologise for the customer's problem and give a name, and did the business keep the
customer's answer in the same case?

Judged on what `expect_email` recorded on the channel (`ack_ms`, `human`, `reference`,
`promise`, `thread_reference`) and on the journey's `emails`: what the customer sent
(`direction: sent`) and what the business answered (`direction: received`).
"""

from __future__ import annotations

from runner.checks.registry import CheckContext, check, finding, seconds, step_ref
from runner.patterns import first_match, normalise
from runner.results.model import NEVER_CAPTURED, Finding, RunResult


@check("email_channel")
def email_channel(result: RunResult, context: CheckContext) -> list[Finding]:
    found: list[Finding] = []
    promises = context.patterns.family("promise")
    for step in result.steps:
        asked = step.observed.get("asked", {})
        if step.action != "expect_email" or not asked.get("channel") \
                or step.status == "skipped" or step.stopped not in (None, NEVER_CAPTURED):
            continue
        found.extend(_answer(result, step, asked, promises))
    if not any(f.code == "no-human-route" for f in found):
        found.extend(_tone(result, context))
    return found


def _answer(result: RunResult, step, asked: dict, promises) -> list[Finding]:  # noqa: ANN001
    found: list[Finding] = []
    measured = step.measured
    window, budget = measured.get("window_ms"), measured.get("budget_ms")
    email = next((e for e in result.emails if e.get("step") == step.index
                  and e.get("direction") != "sent"), None)
    text = (email or {}).get("excerpt") or step.observed.get("answer_text")
    evidence = {"subject": (email or {}).get("subject"), "from": (email or {}).get("from"),
                "text": text, "to": measured.get("to")}
    ref = step_ref(step)
    if measured.get("email_ms") is None:
        came = step.observed.get("passed_over") or []
        if asked.get("human"):
            what = (f"; only {_count(came)} came, none from a person ({came[0]['why']})"
                    if came else "")
            found.append(finding(
                "no-human-route", f"No person answered the customer's email within "
                f"{seconds(window)}{what}.", step=ref, measured=window, budget=budget, unit="ms",
                evidence=evidence))
        else:
            what = (f" {_count(came)} came, but none reads as one ({came[0]['why']}): if it "
                    "is one, add its wording to `text:` or shopper.yaml `patterns: "
                    "acknowledgement`." if came else " Nothing came at all.")
            found.append(finding(
                "missing-acknowledgement", f"Nothing told the customer their email arrived "
                f"within {seconds(window)}.{what}", step=ref, measured=window, budget=budget,
                unit="ms", evidence=evidence))
        return found
    waited = measured["email_ms"]
    if budget is not None and waited > budget:
        if asked.get("reference") or asked.get("promise") or asked.get("text"):
            found.append(finding(
                "slow-acknowledgement", f"The acknowledgement of the customer's email took "
                f"{seconds(waited)}; your budget is {seconds(budget)}.", step=ref,
                measured=waited, budget=budget, unit="ms", evidence=evidence))
        else:
            found.append(finding(
                "slow-email", f"The answer to the customer's email took {seconds(waited)}; "
                f"your budget is {seconds(budget)}.", step=ref, measured=waited, budget=budget,
                unit="ms", evidence=evidence))
    if asked.get("reference") and measured.get("reference") is None:
        found.append(finding(
            "no-reference", "The acknowledgement of the customer's email gives no reference "
            "number to quote later.", step=ref, evidence=evidence))
    if asked.get("promise") and not _promised(measured, promises, text or ""):
        found.append(finding(
            "no-response-promise", "The acknowledgement of the customer's email never says "
            "when they will hear back (\"soon\" or \"as soon as possible\" names no time).",
            step=ref, evidence=evidence))
    if measured.get("contains_found") is False:
        found.append(finding(
            "reference-mismatch", f"The email does not quote {measured.get('contains')!r}, the "
            "reference the customer was given: they cannot match one to the other.",
            step=ref, evidence=evidence))
    thread_ref, new_ref = measured.get("thread_reference"), measured.get("reference")
    if thread_ref and new_ref and new_ref != thread_ref:
        found.append(finding(
            "thread-broken", f"The customer answered in the thread of case {thread_ref}, and "
            f"the business filed it as a new case, {new_ref}: they have to start over.",
            step=ref, evidence={**evidence, "thread_reference": thread_ref,
                                "new_reference": new_ref}))
    return found


def _tone(result: RunResult, context: CheckContext) -> list[Finding]:
    """As in a chat: the customer reported a problem, and the people who answered never said
    sorry; nobody who answered gave a name. Automatic answers are not people: an
    autoresponder is not expected to apologise or sign."""
    found: list[Finding] = []
    received = [e for e in result.emails if e.get("direction") == "received"]
    people = [e for e in received if not e.get("automatic")]
    if not people:
        return found
    complaints = context.patterns.family("complaint")
    apologies = context.patterns.family("apology")
    complaint = next((e for e in result.emails if e.get("direction") == "sent"
                      and first_match(complaints, normalise(f"{e.get('subject')}\n"
                                                            f"{e.get('excerpt')}"))), None)
    if complaint is not None:
        later = [e for e in people if (e.get("arrived_at") or 0) >= (complaint.get("sent_at")
                                                                     or 0)]
        if later and not any(first_match(apologies, normalise(e.get("excerpt") or ""))
                             for e in later):
            found.append(finding(
                "no-apology", "The customer wrote about a problem and the answer never said "
                "sorry.", step=_step_of(result, later[0]),
                evidence={"text": (complaint.get("excerpt") or "")[:500],
                          "subject": complaint.get("subject")}))
    if not any(e.get("person") for e in people):
        senders = ", ".join(sorted({e.get("from") or "(no sender)" for e in people}))
        found.append(finding(
            "impersonal-reply", f"No one who answered the customer's email gave a name "
            f"(answers came from: {senders}): the customer never knew who they were writing "
            "to.", step=_step_of(result, people[0]),
            evidence={"text": (people[0].get("excerpt") or "")[:500]}))
    return found


def _promised(measured: dict, promises, text: str) -> bool:  # noqa: ANN001
    if "promise" in measured:
        return measured["promise"] is not None
    return first_match(promises, normalise(text)) is not None


def _step_of(result: RunResult, email: dict):  # noqa: ANN202
    index = email.get("step")
    if isinstance(index, int) and 0 <= index < len(result.steps):
        return step_ref(result.steps[index])
    return None


def _count(came: list) -> str:
    return f"{len(came)} email" + ("" if len(came) == 1 else "s")
