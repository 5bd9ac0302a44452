"""One step of a journey, from its YAML mapping to a `Step` with a typed value.

The schema has already said whether the *shape* is right; here each action's value becomes
the model type the engine runs (see `Step.value` in model.py), and the checks that need more
than a shape happen: regexes compile, durations parse, files to upload exist, a `within`
is not shorter than its budget, `save` is on a step that captures something.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from runner.journey.durations import format_duration, parse_duration
from runner.journey.locators import parse_locator, short_description
from runner.journey.model import (
    AckSpec,
    EmailLinkSpec,
    EmailSpec,
    Expectation,
    FieldValue,
    LinkCheckSpec,
    Locator,
    ReplySpec,
    SendEmailSpec,
    Step,
)
from runner.journey.patterns_check import check_pattern
from runner.journey.yaml_source import JsonPath, Source

ACTIONS = ("goto", "click", "fill", "select", "check", "press", "upload", "wait", "expect",
           "expect_ack", "say", "expect_reply", "expect_email", "check_links",
           "open_email_link", "send_email")
COMMON_KEYS = ("name", "sla", "timeout", "optional", "screenshot", "save", "frame")

# The waiting actions and the budget their `within` is measured against.
WINDOW_BUDGETS = {"expect_ack": "acknowledgement", "expect_reply": "reply",
                  "expect_email": "email"}


@dataclass
class StepContext:
    source: Source
    journey_dir: Path
    budgets: dict[str, float]  # settings budgets overlaid by the journey's `sla`


def build_step(index: int, raw: dict[str, Any], context: StepContext) -> Step:
    """The `Step` for `steps[index]`; JourneyFileError at the first problem in it."""
    source = context.source
    path: JsonPath = ("steps", index)
    action = next(key for key in raw if key in ACTIONS)
    value_path = (*path, action)
    value = _BUILDERS[action](raw[action], value_path, context)
    step = Step(index=index, action=action, value=value, name=_default_name(action, value, raw),
                location=source.location(path))
    if "name" in raw:
        step.name = raw["name"]
    if "sla" in raw:
        step.sla_ms = _duration(raw["sla"], source, (*path, "sla"))
    if "timeout" in raw:
        step.timeout_ms = _duration(raw["timeout"], source, (*path, "timeout"))
    step.optional = bool(raw.get("optional", False))
    step.screenshot = bool(raw.get("screenshot", False))
    if "frame" in raw:
        frames = raw["frame"] if isinstance(raw["frame"], list) else [raw["frame"]]
        at = (*path, "frame")
        step.frame = tuple(parse_locator(frame, source, (*at, n) if isinstance(raw["frame"], list)
                                         else at) for n, frame in enumerate(frames))
    if "save" in raw:
        if step.captures is None:
            raise source.error((*path, "save"), f"`save` on a `{action}` step: it captures "
                               "nothing to save (expect_ack with `reference`, expect_reply with "
                               "`text` and expect_email do)", key=True)
        step.save = raw["save"]
    return step


def _duration(value: Any, source: Source, path: JsonPath) -> float:
    try:
        return parse_duration(value)
    except ValueError as error:
        raise source.error(path, str(error)) from None


def _text(value: Any, source: Source, path: JsonPath) -> str:
    """A scalar as text, as the user wrote it (`01234` stays "01234")."""
    if isinstance(value, str):
        return value
    if isinstance(value, (dict, list)) or value is None:
        raise source.error(path, "should be text")
    return source.raw.get(path, str(value))


def _patterns(value: Any, source: Source, path: JsonPath) -> tuple[str, ...]:
    """A pattern or a list of them (any may match), each compiled once to prove it can be."""
    if value is None:
        return ()
    places = [path] if not isinstance(value, list) else [(*path, i) for i in range(len(value))]
    items = [value] if not isinstance(value, list) else value
    return tuple(check_pattern(_text(item, source, place), source, place)
                 for item, place in zip(items, places, strict=True))


def _within(spec: dict[str, Any], action: str, path: JsonPath, context: StepContext) -> float:
    """The window: as given (never shorter than the budget), else twice the budget."""
    budget_name = WINDOW_BUDGETS[action]
    budget = context.budgets[budget_name]
    if "within" not in spec:
        return 2 * budget
    within = _duration(spec["within"], context.source, (*path, "within"))
    if within < budget:
        raise context.source.error(
            (*path, "within"), f"`within: {spec['within']}` is shorter than the "
            f"{budget_name} budget ({format_duration(budget)}): the window must leave room "
            f"to be late; use at least {format_duration(budget)} (or lower `sla.{budget_name}`)")
    return within


def _fields(value: Any, path: JsonPath, context: StepContext) -> list[FieldValue]:
    source = context.source
    if isinstance(value, dict):
        return [FieldValue(parse_locator(selector, source, (*path, selector)),
                           _text(item, source, (*path, selector)))
                for selector, item in value.items()]
    fields = []
    for i, item in enumerate(value):
        fields.append(FieldValue(parse_locator(item["locator"], source, (*path, i, "locator")),
                                 _text(item["value"], source, (*path, i, "value"))))
    return fields


def _goto(value: Any, path: JsonPath, context: StepContext) -> str:
    return _text(value, context.source, path).strip()


def _locator(value: Any, path: JsonPath, context: StepContext) -> Locator:
    return parse_locator(value, context.source, path)


def _press(value: Any, path: JsonPath, context: StepContext) -> list[FieldValue]:
    if isinstance(value, str):
        return [FieldValue(None, value)]
    return _fields(value, path, context)


def _upload(value: Any, path: JsonPath, context: StepContext) -> list[FieldValue]:
    fields = _fields(value, path, context)
    places = ([(*path, key) for key in value] if isinstance(value, dict)
              else [(*path, i, "value") for i in range(len(value))])
    files = []
    for field, place in zip(fields, places, strict=True):
        # Paths are relative to the journey file, so a journeys folder can be moved whole.
        target = (context.journey_dir / Path(field.value).expanduser()).resolve()
        if "${" not in field.value and not target.is_file():
            raise context.source.error(place, f"no file to upload at {target} (paths are "
                                       "relative to the journey file)")
        files.append(FieldValue(field.locator, str(target)))
    return files


def _wait(value: Any, path: JsonPath, context: StepContext) -> float:
    return _duration(value, context.source, path)


def _expect(value: Any, path: JsonPath, context: StepContext) -> Expectation:
    source = context.source
    kind = next(iter(value))
    inner = (*path, kind)
    if kind == "visible":
        return Expectation("visible", locator=parse_locator(value[kind], source, inner))
    text = _text(value[kind], source, inner)
    if kind in ("url", "title"):
        check_pattern(text, source, inner)
    return Expectation(kind, text=text)


def _expect_ack(value: Any, path: JsonPath, context: StepContext) -> AckSpec:
    source = context.source
    value = value or {}
    reference = value.get("reference")
    promise = value.get("promise", False)
    # `promise: true`, or the patterns a promise on this site is worded with.
    own_promises = () if isinstance(promise, bool) or promise is None else _patterns(
        promise, source, (*path, "promise"))
    return AckSpec(within_ms=_within(value, "expect_ack", path, context),
                   text=_patterns(value.get("text"), source, (*path, "text")),
                   reference=None if reference is None else
                   check_pattern(_text(reference, source, (*path, "reference")), source,
                                 (*path, "reference")),
                   promise=promise is True or bool(own_promises),
                   promise_patterns=own_promises)


def _say(value: Any, path: JsonPath, context: StepContext) -> str:
    return _text(value, context.source, path)


def _expect_reply(value: Any, path: JsonPath, context: StepContext) -> ReplySpec:
    value = value or {}
    return ReplySpec(within_ms=_within(value, "expect_reply", path, context),
                     text=_patterns(value.get("text"), context.source, (*path, "text")),
                     handoff=bool(value.get("handoff", False)))


def _expect_email(value: Any, path: JsonPath, context: StepContext) -> EmailSpec:
    source = context.source
    value = value or {}
    subject = value.get("subject")
    if subject is not None:
        subject = check_pattern(_text(subject, source, (*path, "subject")), source,
                                (*path, "subject"))
    reference = value.get("reference")
    promise = value.get("promise", False)
    own_promises = () if isinstance(promise, bool) or promise is None else _patterns(
        promise, source, (*path, "promise"))
    return EmailSpec(within_ms=_within(value, "expect_email", path, context),
                     to=value.get("to"), subject=subject,
                     contains=None if value.get("contains") is None
                     else _text(value["contains"], source, (*path, "contains")),
                     text=_patterns(value.get("text"), source, (*path, "text")),
                     reference=None if reference is None else
                     check_pattern(_text(reference, source, (*path, "reference")), source,
                                   (*path, "reference")),
                     promise=promise is True or bool(own_promises),
                     promise_patterns=own_promises,
                     human=bool(value.get("human", False)))


def _send_email(value: Any, path: JsonPath, context: StepContext) -> SendEmailSpec:
    source = context.source
    value = value or {}
    attachments = []
    for index, item in enumerate(value.get("attachments") or []):
        place = (*path, "attachments", index)
        name = _text(item, source, place)
        # Relative to the journey file, as `upload` paths are.
        target = (context.journey_dir / Path(name).expanduser()).resolve()
        if "${" not in name and not target.is_file():
            raise source.error(place, f"no file to attach at {target} (paths are relative to "
                               "the journey file)")
        attachments.append(str(target))
    reply = bool(value.get("reply", False))
    if not reply and not value.get("to"):
        raise source.error(path, "`send_email` needs `to:` (the business's address), or "
                           "`reply: true` to answer the last email in its thread")
    if not reply and not value.get("subject"):
        raise source.error(path, "`send_email` needs a `subject:` (or `reply: true`, which "
                           "answers with \"Re: \" and the subject of the email answered)")
    return SendEmailSpec(
        to=None if value.get("to") is None else _text(value["to"], source, (*path, "to")),
        subject=None if value.get("subject") is None
        else _text(value["subject"], source, (*path, "subject")),
        body=_text(value.get("body") or "", source, (*path, "body")),
        attachments=tuple(attachments), reply=reply)


def _check_links(value: Any, path: JsonPath, context: StepContext) -> LinkCheckSpec:
    if not isinstance(value, dict):
        return LinkCheckSpec()
    return LinkCheckSpec(same_origin=bool(value.get("same_origin", True)),
                         limit=int(value.get("limit", 50)))


def _open_email_link(value: Any, path: JsonPath, context: StepContext) -> EmailLinkSpec:
    if not isinstance(value, dict) or value.get("pattern") is None:
        return EmailLinkSpec()
    pattern = _text(value["pattern"], context.source, (*path, "pattern"))
    return EmailLinkSpec(pattern=check_pattern(pattern, context.source, (*path, "pattern")))


_BUILDERS = {
    "goto": _goto, "click": _locator, "fill": _fields, "select": _fields, "check": _locator,
    "press": _press, "upload": _upload, "wait": _wait, "expect": _expect,
    "expect_ack": _expect_ack, "say": _say, "expect_reply": _expect_reply,
    "expect_email": _expect_email, "check_links": _check_links,
    "open_email_link": _open_email_link, "send_email": _send_email,
}


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _count(number: int, word: str) -> str:
    return f"{number} {word}" + ("" if number == 1 else "s")


def _default_name(action: str, value: Any, raw: dict[str, Any]) -> str:
    """A short name a report reader recognises: "goto /contact", "click Send"."""
    if action == "goto":
        return f"goto {_short(value)}"
    if action in ("click", "check"):
        return f"{action} {_short(short_description(value))}"
    if action == "fill":
        return f"fill {_count(len(value), 'field')}"
    if action == "select":
        if len(value) == 1:
            return f"select {_short(value[0].value)}"
        return f"select {_count(len(value), 'option')}"
    if action == "press":
        if len(value) == 1:
            return f"press {_short(value[0].value)}"
        return f"press {_count(len(value), 'key')}"
    if action == "upload":
        if len(value) == 1:
            return f"upload {Path(value[0].value).name}"
        return f"upload {_count(len(value), 'file')}"
    if action == "wait":
        return f"wait {raw['wait']}"
    if action == "expect":
        if value.kind == "visible":
            return f"expect visible {_short(short_description(value.locator))}"
        return f'expect {value.kind.replace("_", " ")} "{_short(value.text, 30)}"'
    if action == "say":
        return f'say "{_short(value, 30)}"'
    if action == "send_email":
        return "reply by email" if value.reply else f'send email "{_short(value.subject, 30)}"'
    return {"expect_ack": "Acknowledgement", "expect_reply": "Reply", "expect_email": "Email",
            "check_links": "check links", "open_email_link": "open email link"}[action]
