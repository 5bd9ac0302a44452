"""The built-in phrase lists the tool judges text with, and how users extend them.

Every list is Python regular expressions, searched case-insensitively in text whose
whitespace and quotes were normalised (`normalise`). They are written for the way real
support sites speak, never for the demo site's wording; `shopper.yaml` `patterns:` adds to
them (SPEC §7), e.g. for other languages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_NUM = (r"(?:\d+|an?|one|two|three|four|five|six|seven|ten|twelve|twenty[- ]four"
        r"|forty[- ]eight|a few|few|several)")
_UNIT = r"(?:business |working |calendar )?(?:minutes?|mins?|hours?|hrs?|h|days?|weeks?)"
_DAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"

BUILT_IN: dict[str, tuple[str, ...]] = {
    # Something tells the customer their message or request arrived.
    "acknowledgement": (
        r"\bthanks?\b|\bthank you\b",
        r"\bwe(?:'ve| have)? (?:received|got)\b",
        r"\b(?:has|have) been (?:received|submitted|sent|logged|registered|recorded|created"
        r"|opened)\b",
        r"\b(?:message|request|enquiry|inquiry|ticket|case|complaint|claim|question|application)"
        r" (?:was |is )?(?:received|submitted|sent|logged|registered|created|confirmed)\b",
        r"\bconfirm(?:ed|ation)\b",
        r"\bwe(?:'ll| will) (?:get back|be in touch|reply|respond|contact you|answer)\b",
        r"\bsuccessfully (?:sent|submitted|received)\b",
        r"\b(?:got|received) your (?:message|request|enquiry|inquiry|email)\b",
    ),
    # It says when they will hear back.
    "promise": (
        rf"\bwithin (?:the next )?{_NUM}\s*{_UNIT}\b",
        rf"\bin the next {_NUM}?\s*{_UNIT}\b",
        rf"\b{_NUM} (?:business|working) days?\b",
        rf"\bby (?:tomorrow|tonight|the end of (?:the )?(?:day|week|business day)"
        rf"|end of (?:day|week)|{_DAY}|noon|midday|\d{{1,2}}(?::\d\d)?\s*(?:am|pm))\b",
        r"\b(?:next|same) (?:business|working) day\b",
        r"\bsame[- ]day\b",
        r"\b(?:24|48|72)\s*(?:/7|h\b|hrs?\b|hours?\b)",
        rf"\b(?:usually|typically|normally|aim to) (?:respond|reply|answer|get back)\w* "
        rf"(?:to you )?(?:in|within) {_NUM}",
        r"\b(?:later )?today\b|\btomorrow\b",
        r"\bshortly\b|\bin a (?:few|couple of) (?:minutes|moments)\b",
    ),
}

FAMILIES = ("acknowledgement", "promise", "apology", "complaint", "handoff", "error_page",
            "captcha")

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                         "\u00a0": " "})
_SPACE = re.compile(r"[ \t\r\f\v]+")


def normalise(text: str) -> str:
    """Same quotes and spaces everywhere, so "we’ve" matches "we've"; newlines are kept."""
    lines = (_SPACE.sub(" ", line).strip() for line in text.translate(_QUOTES).split("\n"))
    return "\n".join(line for line in lines if line)


def compile_all(patterns: Iterable[str]) -> list[re.Pattern[str]]:
    return [re.compile(normalise(p) if p else p, re.IGNORECASE) for p in patterns]


def first_match(patterns: Iterable[re.Pattern[str]], text: str) -> re.Match[str] | None:
    for pattern in patterns:
        found = pattern.search(text)
        if found:
            return found
    return None


@dataclass(frozen=True)
class Patterns:
    """Built-in lists plus the user's extensions from `shopper.yaml`."""

    extra: Mapping[str, tuple[str, ...]]

    @classmethod
    def from_settings(cls, patterns: Mapping[str, Iterable[str]] | None) -> Patterns:
        return cls({k: tuple(v) for k, v in (patterns or {}).items()})

    def family(self, name: str) -> list[re.Pattern[str]]:
        return compile_all(BUILT_IN.get(name, ()) + self.extra.get(name, ()))
