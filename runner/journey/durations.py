"""Durations as people write them in journeys: `250ms`, `5s`, `1.5s`, `2m`, `1h`."""

from __future__ import annotations

import re

_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h)")
_UNIT_MS = {"ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}

# Used by schema.json too, so an editor flags the same values the loader refuses.
DURATION_PATTERN = r"^\d+(\.\d+)?(ms|s|m|h)$"


def parse_duration(text: str) -> float:
    """Milliseconds in `text`; a bare number is refused because its unit would be a guess."""
    if isinstance(text, bool) or not isinstance(text, (str, int, float)):
        raise ValueError(f"expected a duration like 250ms, 5s, 2m or 1h, not {text!r}")
    if isinstance(text, (int, float)):
        raise ValueError(f"`{text}` has no unit: write {text}ms, {text}s, {text}m or {text}h")
    match = _DURATION.fullmatch(text.strip())
    if match is None:
        if re.fullmatch(r"\d+(\.\d+)?", text.strip()):
            raise ValueError(f"`{text}` has no unit: write {text.strip()}ms, {text.strip()}s, "
                             f"{text.strip()}m or {text.strip()}h")
        raise ValueError(f"`{text}` is not a duration: write a number and a unit, "
                         "like 250ms, 5s, 2m or 1h")
    number, unit = match.groups()
    return float(number) * _UNIT_MS[unit]


def format_duration(ms: float) -> str:
    """The shortest exact way to write `ms` back, for messages ("the budget is 10s")."""
    for unit in ("h", "m", "s"):
        size = _UNIT_MS[unit]
        if ms >= size and ms % size == 0:
            return f"{int(ms // size)}{unit}"
    return f"{ms:g}ms"
