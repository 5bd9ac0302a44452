"""One plain sentence per journey, from its latest findings, for people who will read nothing else.

"Refund: customers get no confirmation e-mail and wait 14.2 s for confirmation." The sentence
names the worst few things a customer lived through, in the customer's words: the cause, and
where it happened ("the link in the confirmation e-mail leads nowhere", "the page never says
when they will hear back"). A finding this module has no phrase for falls back on the check's
own message, which is written for people too.

Order: the most serious first; at equal severity what stops the customer, then whether they
were heard (the missing-acknowledgement family), then the rest of the friction (a long form, a
slow step, a script error in the console) last. A finding on a step that was not measured
(skipped: the journey never got there) says nothing of the site and is left out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from runner.report.view import SEVERITIES, as_dict, format_duration, number_or_none, text_or

MOST_PHRASES = 3

# At equal severity, lower comes first: what a support lead must hear before the friction.
STOPS = ("dead-end", "http-error", "error-page", "forced-login", "validation-rejected",
         "captcha", "no-human-route", "broken-link")
NOT_HEARD = ("missing-acknowledgement", "missing-ack", "no-reference", "no-response-promise",
             "missing-email", "reference-mismatch", "chat-unanswered", "thread-broken")
FAMILY_BY_CATEGORY = {"dead-end": 0, "missing-ack": 1, "tone": 3, "friction": 4,
                      "consistency": 5}

EMAIL_LINK = "open_email_link"


def family_rank(finding: dict[str, Any]) -> int:
    code = finding.get("code")
    if code in STOPS:
        return 0
    if code in NOT_HEARD:
        return 1
    if isinstance(code, str) and code.startswith("slow-") or code in (
            "long-form", "too-many-steps", "page-error", "inaccessible"):
        return 4
    category = finding.get("category")
    return FAMILY_BY_CATEGORY.get(category, 4) if isinstance(category, str) else 4


def severity_rank(severity: object) -> int:
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


def overshoot(finding: dict[str, Any]) -> float:
    """Measured over budget: how far past its budget a finding is (0 when not a measurement)."""
    measured = number_or_none(finding.get("measured"))
    budget = number_or_none(finding.get("budget"))
    if measured is None or not budget or budget <= 0:
        return 0.0
    return measured / budget


def seriousness(finding: dict[str, Any]) -> tuple[int, int, float]:
    """Sort key, most serious first: severity, then the family, then how far past budget."""
    return (severity_rank(finding.get("severity")), family_rank(finding), -overshoot(finding))


def worst_first(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Most serious first (`seriousness`), then as the checks listed them."""
    return sorted(findings, key=seriousness)


def step_index(finding: dict[str, Any]) -> int | None:
    index = as_dict(finding.get("step")).get("index")
    return index if isinstance(index, int) and not isinstance(index, bool) else None


def steps_by_index(steps: list[Any] | None) -> dict[int, dict[str, Any]]:
    found: dict[int, dict[str, Any]] = {}
    for step in steps or []:
        if isinstance(step, dict) and isinstance(step.get("index"), int):
            found[step["index"]] = step
    return found


def not_measured(step: dict[str, Any] | None) -> bool:
    """A step the journey never got to (or could not measure): it says nothing of the site."""
    return step is not None and step.get("status") == "skipped"


def measured_findings(
    findings: list[dict[str, Any]], steps: list[Any] | None
) -> list[dict[str, Any]]:
    """The findings that speak of what was measured: none on a step that was not measured."""
    by_index = steps_by_index(steps)
    return [f for f in findings if not not_measured(by_index.get(step_index(f)))]


# A phrase is (text, reads_after): True when it reads after "customers" ("wait 14.2 s for
# confirmation"), False when it is a sentence of its own ("the page never says when …").
Phrase = tuple[str, bool]


def _at(step: str | None) -> str:
    return f" at “{step}”" if step else ""


def _http(status: str | None) -> str:
    return f" (HTTP {status})" if status else ""


def _dead_end(m: str | None, step: str | None, action: str | None) -> Phrase:
    if action == EMAIL_LINK:
        return "the link in the confirmation e-mail leads nowhere", False
    if action == "expect":
        return f"wait{_at(step)} for something that never comes", True
    if action == "goto":
        return f"cannot open the page{_at(step)}", True
    return (f"get stuck{_at(step)}", True) if step else ("hit a dead end", True)


def _http_error(m: str | None, step: str | None, action: str | None) -> Phrase:
    if action == EMAIL_LINK:
        return f"the link in the confirmation e-mail answers with an error{_http(m)}", False
    return f"get an error from the site{_http(m)}{_at(step)}", True


def _error_page(m: str | None, step: str | None, action: str | None) -> Phrase:
    if action == EMAIL_LINK:
        return "the link in the confirmation e-mail opens an error page", False
    return f"land on an error page{_at(step)}", True


def _page_error(m: str | None, step: str | None, action: str | None) -> Phrase:
    # A script error in the console: the customer may notice nothing. Not "a broken page".
    where = f"the page at “{step}”" if step else "a page they use"
    return f"{where} logs a script error", False


def _fixed(text: str, reads_after: bool = True) -> Callable[..., Phrase]:
    return lambda m, step, action: (text, reads_after)


def _with_where(text: str) -> Callable[..., Phrase]:
    return lambda m, step, action: (text + _at(step), True)


def _measured(text: str, fallback: str | None = None) -> Callable[..., Phrase | None]:
    def build(m: str | None, step: str | None, action: str | None) -> Phrase | None:
        if m is None:
            return (fallback, True) if fallback else None
        return text.format(m=m, step=step), True
    return build


def _slow_step(m: str | None, step: str | None, action: str | None) -> Phrase | None:
    if m is None or step is None:
        return None
    return f"wait {m} at “{step}”", True


# What the customer lived, by finding code: (measured, step name, step action) → phrase.
PHRASES: dict[str, Callable[..., Phrase | None]] = {
    "dead-end": _dead_end,
    "http-error": _http_error,
    "error-page": _error_page,
    "broken-link": _with_where("meet a broken link"),
    "no-human-route": _fixed("find no way to reach a person"),
    "forced-login": _with_where("are sent to sign in"),
    "validation-rejected": _with_where("have valid answers rejected"),
    "captcha": _with_where("must prove they are human"),
    "missing-acknowledgement": _fixed("the page never confirms their request", False),
    "missing-ack": _fixed("the page never confirms their request", False),
    "no-reference": _fixed("the confirmation gives them no case number", False),
    "no-response-promise": _fixed("the page never says when they will hear back", False),
    "missing-email": _fixed("get no confirmation e-mail"),
    "reference-mismatch": _fixed("the confirmation e-mail carries a different case number",
                                 False),
    "chat-unanswered": _fixed("get no answer in the chat"),
    "thread-broken": _fixed("their answer opens a new case instead of continuing theirs", False),
    "slow-acknowledgement": _measured("wait {m} for confirmation"),
    "slow-reply": _measured("wait {m} for a reply in the chat"),
    "slow-email": _measured("wait {m} for the confirmation e-mail"),
    "slow-step": _slow_step,
    "slow-journey": _measured("need {m} to get through"),
    "slow-page": _with_where("wait for a slow page"),
    "long-form": _measured("fill in a form of {m}", "fill in a long form"),
    "too-many-steps": _fixed("go through too many steps"),
    "page-error": _page_error,
    "no-apology": _fixed("get no apology"),
    "impersonal-reply": _fixed("get an impersonal reply"),
    "aria-invalid": _fixed("see fields marked wrong"),
    "journey-cap": _fixed("run out of time before the end"),
}


def phrase(finding: dict[str, Any], action: str | None = None) -> Phrase:
    """What the customer lived, and whether it reads after "customers" (else it is a sentence).

    `action` is the action of the finding's step ("open_email_link"), which says where.
    """
    code = text_or(finding.get("code"), "") or ""
    unit = text_or(finding.get("unit"), None)
    if code == "http-error":
        status = number_or_none(finding.get("measured"))
        measured = f"{status:g}" if status is not None else None
    else:
        measured = quantity(finding.get("measured"), unit)
    step = text_or(as_dict(finding.get("step")).get("name"), None)
    build = PHRASES.get(code)
    built = build(measured, step, action) if build is not None else None
    if built is None:
        message = text_or(finding.get("message"), code or "something went wrong") or ""
        return message.strip().rstrip("."), False
    return built


def quantity(value: object, unit: str | None) -> str | None:
    number = number_or_none(value)
    if number is None:
        return None
    if unit == "ms" or unit is None and number >= 100:
        return format_duration(number)
    if unit:
        return f"{number:g} {unit}"
    return f"{number:g}"


def phrases_of(findings: list[dict[str, Any]], steps: list[Any] | None = None) -> list[Phrase]:
    """The distinct phrases of the measured findings, most serious first."""
    by_index = steps_by_index(steps)
    phrases: list[Phrase] = []
    for finding in worst_first(measured_findings(findings, steps)):
        action = text_or(by_index.get(step_index(finding), {}).get("action"), None)
        item = phrase(finding, action)
        if item[0] and item not in phrases:
            phrases.append(item)
    return phrases


def verdict(name: str, status: str, findings: list[dict[str, Any]], error: str | None,
            steps: list[Any] | None = None) -> str:
    """The sentence for one journey's latest run (`steps`, when known, say where)."""
    if status == "error":
        return f"{name}: not measured" + (f" ({error})" if error else "") + "."
    phrases = phrases_of(findings, steps)
    if not phrases:
        if status == "failed":
            return f"{name}: customers cannot finish."
        if status == "flaky":
            return f"{name}: got through, but only after a retry."
        if status in ("skipped", "aborted"):
            return f"{name}: {status}, not measured."
        return f"{name}: all good."
    shown = phrases[:MOST_PHRASES]
    more = len(phrases) - len(shown)
    sentences = _sentences(shown, failed=status == "failed")
    tail = f" (+{more} more)" if more else ""
    return f"{name}: " + ". ".join(sentences) + tail + "."


def _sentences(shown: list[Phrase], *, failed: bool) -> list[str]:
    """Consecutive phrases that read after "customers" share one sentence; the others stand
    alone. The first names the customers; a journey that failed opens with it."""
    groups: list[tuple[bool, list[str]]] = []
    for text, reads_after in shown:
        if reads_after and groups and groups[-1][0]:
            groups[-1][1].append(text)
        else:
            groups.append((reads_after, [text]))
    sentences: list[str] = []
    customers_named = False
    for position, (reads_after, texts) in enumerate(groups):
        if reads_after:
            joined = texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " and " + texts[-1]
            if position == 0 and failed:
                sentence = "customers cannot finish: they " + joined
            elif customers_named:
                sentence = "they also " + joined
            else:
                sentence = "customers " + joined
            customers_named = True
            sentences.append(sentence)
        else:
            for text in texts:
                if not sentences and failed:
                    sentences.append("customers cannot finish: " + text)
                    customers_named = True
                else:
                    sentences.append(text)
    return [sentences[0], *(_capitalised(s) for s in sentences[1:])]


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
