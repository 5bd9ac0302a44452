"""The recorded journey as YAML a person edits: the bundled journeys' style (flow mappings
for locators, one step per line where it fits), quoted only where YAML needs it."""

from __future__ import annotations

import json
import re

import yaml

# Written without quotes when YAML reads it back as the same text: words, paths, addresses.
_PLAIN = re.compile(r"[A-Za-z0-9/_.@+][A-Za-z0-9 /_.@+'?&=-]*")


def scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if _PLAIN.fullmatch(text) and not text.endswith(" ") and yaml.safe_load(text) == text:
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def flow(value: object) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(k)}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return scalar(value)


def journey_yaml(header: dict, steps: list[dict], comments: list[str]) -> str:
    lines = [f"# {line}" for line in comments]
    lines += [f"{key}: {flow(value)}" for key, value in header.items() if value is not None]
    lines.append("steps:")
    for step in steps:
        lines += _step_lines(step)
    return "\n".join(lines) + "\n"


def _step_lines(step: dict) -> list[str]:
    lines: list[str] = []
    for key, value in step.items():
        lead = "  - " if not lines else "    "
        if isinstance(value, list) and value and isinstance(value[0], dict) \
                and "locator" in value[0]:
            lines.append(f"{lead}{key}:" + _entries(value))
        elif isinstance(value, dict) and key == "expect_ack":
            lines.append(f"{lead}{key}:" if value else f"{lead}{key}: {{}}")
            lines += [f"      {k}: {flow(v)}" for k, v in value.items()]
        else:
            lines.append(f"{lead}{key}: {flow(value)}")
    return lines


def _entries(entries: list[dict]) -> str:
    """Fields of a fill/select/upload: `"#id": value` lines when every locator is a selector
    string (as people write them), else {locator, value} pairs (a mapping cannot be a key)."""
    if all(isinstance(e["locator"], str) for e in entries):
        return "".join(f"\n      {scalar(e['locator'])}: {scalar(e['value'])}" for e in entries)
    return "".join(f"\n      - locator: {flow(e['locator'])}\n        value: {scalar(e['value'])}"
                   for e in entries)
