"""Values read from a result, made safe and readable: tolerant accessors, numbers and
durations formatted once, and URLs from the site judged before they may become links.

Shared by every page's view; nothing here knows a template.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Link:
    """Text to show, and an href only when it is safe to follow."""

    text: str
    href: str | None = None


def link(url: object) -> Link | None:
    """A URL from the site: a link only for http(s); anything else (javascript:, data:) is text."""
    if not isinstance(url, str) or not url:
        return None
    if url.lower().startswith(("http://", "https://")):
        return Link(text=url, href=url)
    return Link(text=url)


def format_duration(ms: float | None) -> str:
    if ms is None:
        return "—"
    if ms < 1000:
        return f"{ms:.0f} ms"
    seconds = ms / 1000.0
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes} min {seconds:02d} s"


def format_quantity(value: object, unit: str | None) -> str | None:
    if value is None:
        return None
    text = format_value(value)
    if unit == "score" and isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:.2f}"  # a layout shift score: 0.15 is not 0.1
    if unit and isinstance(value, int | float) and not isinstance(value, bool):
        text = f"{text} {unit}"
        if unit == "ms" and abs(value) >= 1000:
            text += f" ({format_duration(float(value))})"
    return text


def format_number(value: float) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def format_value(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def number_or_none(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def text_or(value: object, default: str | None) -> str | None:
    if isinstance(value, str) and value:
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return default


def as_dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []
