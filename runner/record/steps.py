"""What the person did, as journey steps: consecutive typing coalesced into one `fill`, the
`expect_ack` after the last submit, persona values written as `${persona.…}`."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from runner.record.acknowledgement import propose
from runner.record.personas import PersonaValues


@dataclass
class Action:
    """One thing the person did, with its locator already chosen."""

    kind: str  # goto | click | fill | select | check | press | upload
    locator: dict | str | None = None  # None: goto, or a key pressed on the page itself
    value: str | None = None  # the URL, the text typed, the option, the key, the file path
    submitted: bool = False  # a form was sent by it
    texts: list[str] = field(default_factory=list)  # what appeared after it, before the next
    language: str | None = None  # the page's <html lang> when that text appeared
    frame: tuple[dict | str, ...] = ()  # the iframes the element is in, from the page down


FIELD_ACTIONS = ("fill", "select", "upload")  # steps that hold a list of {locator, value}


def journey_steps(actions: list[Action], base_url: str,
                  persona: PersonaValues | None) -> list[dict]:
    """The `steps:` of the journey, as plain data in the journey format."""
    steps: list[dict] = []
    acknowledged = _acknowledged(actions)
    typed = [a.value for a in actions if a.kind == "fill" and a.value]
    for action in actions:
        step = _step(action, base_url, persona)
        if step is None:
            continue
        previous = steps[-1] if steps else None
        if action.kind in FIELD_ACTIONS and previous is not None and action.kind in previous \
                and previous.get("frame") == step.get("frame"):
            _merge(previous[action.kind], step[action.kind])
        else:
            steps.append(step)
        if action is acknowledged:
            proposal = propose(action.texts, action.language, typed)
            if proposal is not None:
                ack: dict = {"name": "Acknowledgement", "expect_ack": proposal}
                if "reference" in proposal:
                    ack["save"] = "reference"
                steps.append(ack)
    return steps


def _acknowledged(actions: list[Action]) -> Action | None:
    """The action an acknowledgement answers: the last that sent a form, else the last
    click or key press."""
    sent = [a for a in actions if a.submitted]
    if sent:
        return sent[-1]
    pressed = [a for a in actions if a.kind in ("click", "press")]
    return pressed[-1] if pressed else None


def _merge(entries: list[dict], more: list[dict]) -> None:
    """Typing again in a field already in this step replaces its value (the person
    corrected it); a new field joins the step."""
    for entry in more:
        same = next((e for e in entries if e["locator"] == entry["locator"]), None)
        if same is not None:
            same["value"] = entry["value"]
        else:
            entries.append(entry)


def _step(action: Action, base_url: str, persona: PersonaValues | None) -> dict | None:
    step = _action(action, base_url, persona)
    if step is not None and action.frame:
        step["frame"] = action.frame[0] if len(action.frame) == 1 else list(action.frame)
    return step


def _action(action: Action, base_url: str, persona: PersonaValues | None) -> dict | None:
    if action.kind == "goto":
        return {"goto": relative(action.value or "/", base_url)}
    if action.kind in ("click", "check"):
        return {action.kind: action.locator}
    if action.kind == "press":
        if action.locator is None:
            return {"press": action.value}
        return {"press": [{"locator": action.locator, "value": action.value}]}
    value = action.value or ""
    if action.kind == "fill" and persona is not None:
        value = persona.substituted(value)
    elif action.kind == "select" and persona is not None:  # an option is the whole value
        value = persona.template_for(value) or value
    return {action.kind: [{"locator": action.locator, "value": value}]}


def relative(url: str, base_url: str) -> str:
    """`url` as a path when it is on `base_url`'s origin, so --base-url can move it."""
    target, base = urlsplit(url), urlsplit(base_url)
    if (target.scheme, target.netloc) != (base.scheme, base.netloc):
        return url
    path = target.path or "/"
    return path + (f"?{target.query}" if target.query else "")
