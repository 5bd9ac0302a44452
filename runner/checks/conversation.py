"""The chat, judged: was the customer answered, quickly, by a person when they asked for one,
with an apology when something went wrong, and by someone with a name?

Judged on what `expect_reply` recorded (`reply_ms`, its window and budget, `handoff`) and on
the journey's transcript: `{"at", "from": "customer" | "agent", "sender", "text"}` entries in
the order the customer saw them.
"""

from __future__ import annotations

from collections import Counter

from runner.checks.registry import CheckContext, check, finding, seconds, step_ref
from runner.patterns import first_match, normalise
from runner.results.model import NEVER_CAPTURED, Finding, RunResult
from runner.senders import personal_name

SHORTEST_REPEAT = 12  # "OK" twice is not a bot stuck in a loop


@check("conversation")
def conversation(result: RunResult, context: CheckContext) -> list[Finding]:
    found = _replies(result)
    agent = [e for e in result.transcript if e.get("from") == "agent" and e.get("text")]
    if not agent:
        return found  # nobody answered: chat-unanswered already says so
    if not any(f.code == "no-human-route" for f in found):
        found.extend(_repeating_bot(agent))
    found.extend(_no_apology(result.transcript, context))
    if not any(f.code == "no-human-route" for f in found):
        # No person ever came: that is the cause, and it is already named.
        found.extend(_impersonal(agent, context))
    return found


def _replies(result: RunResult) -> list[Finding]:
    found: list[Finding] = []
    for step in result.steps:
        if step.action != "expect_reply" or step.status == "skipped" \
                or step.stopped not in (None, NEVER_CAPTURED):
            continue
        window = step.measured.get("window_ms")
        budget = step.measured.get("budget_ms")
        reply_ms = step.measured.get("reply_ms")
        replies = step.observed.get("replies") or []
        evidence = {"text": "\n".join(r.get("text") or "" for r in replies)[:500] or None,
                    "url": step.url, "screenshot": step.screenshot}
        ref = step_ref(step)
        if reply_ms is None:
            heard = ("Nobody answered the customer's message" if not replies
                     else "No answer to the customer's message came")
            found.append(finding(
                "chat-unanswered", f"{heard}: they waited {seconds(window)} in the chat.",
                step=ref, measured=window, budget=budget, unit="ms", evidence=evidence))
            continue
        if budget is not None and reply_ms > budget:
            found.append(finding(
                "slow-reply", f"The chat took {seconds(reply_ms)} to answer; your budget is "
                f"{seconds(budget)}.", step=ref, measured=reply_ms, budget=budget, unit="ms",
                evidence=evidence))
        if step.observed.get("asked", {}).get("handoff") and not step.measured.get("handoff"):
            promised = step.observed.get("handoff_phrase")
            message = ("The customer asked for a person and no one new answered"
                       + (f" (the chat said \"{promised}\", and then nobody came)." if promised
                          else "; only the same automated replies came back."))
            found.append(finding("no-human-route", message, step=ref, evidence=evidence))
    return found


def _repeating_bot(agent: list[dict]) -> list[Finding]:
    said = Counter((e.get("sender"), normalise(e["text"]).lower()) for e in agent
                   if len(e["text"]) >= SHORTEST_REPEAT)
    for (_, text), times in said.most_common(1):
        if times >= 2:
            original = next(e["text"] for e in agent if normalise(e["text"]).lower() == text)
            return [finding(
                "no-human-route", f"The chat gave the same answer {times} times: the customer "
                "is going round in circles with no way to reach a person.",
                evidence={"text": original[:500]})]
    return []


def _no_apology(transcript: list[dict], context: CheckContext) -> list[Finding]:
    complaints = context.patterns.family("complaint")
    apologies = context.patterns.family("apology")
    for position, entry in enumerate(transcript):
        if entry.get("from") != "customer" or not first_match(complaints,
                                                               normalise(entry["text"])):
            continue
        later = [e for e in transcript[position + 1:] if e.get("from") == "agent"]
        if later and not any(first_match(apologies, normalise(e.get("text") or ""))
                             for e in later):
            return [finding(
                "no-apology", "The customer reported a problem and nobody in the chat said "
                "sorry.", evidence={"text": entry["text"][:500]})]
        return []
    return []


def _impersonal(agent: list[dict], context: CheckContext) -> list[Finding]:
    bot_labels = context.patterns.family("bot_label")
    if any(personal_name(e.get("sender"), e.get("text") or "", bot_labels, e.get("badge"))
           for e in agent):
        return []
    senders = ", ".join(sorted({e.get("sender") or "(no name)" for e in agent}))
    return [finding(
        "impersonal-reply", f"No one in the chat gave a name (replies came from: {senders}): "
        "the customer never knew who they were talking to.",
        evidence={"text": agent[0]["text"][:500]})]
