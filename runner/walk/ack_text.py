"""The new text a waiting step reads, as a person would quote it, and the language it is in.

The probe records every change: a list re-rendered three times, a countdown that ticks, a
new page that arrives in pieces. A reader of the evidence wants the new text once, in the
order it appeared, so each line is kept the first time it (or a line that differs from it
only in its numbers, a tick) appeared.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from runner.patterns import language_of, normalise

if TYPE_CHECKING:
    from runner.walk.session import Change, Session

_NUMBERS = re.compile(r"\d+")


def evidence_text(changes: list[Change], matched_at: float | None = None,
                  still_shown: set[str] | None = None) -> str:
    """Every new line once, in the order it appeared; a line that only ticked (the same
    words with other numbers: a countdown, a clock) is kept as it first read. With the
    moment the acknowledgement matched, a line that came before it and is gone now (a
    "Sending…" overlay, the page left behind) was transient: left out."""
    kept: list[str] = []
    shapes: set[str] = set()
    for change in changes:
        transient = (matched_at is not None and still_shown is not None
                     and change.at < matched_at)
        for line in normalise(change.text).split("\n"):
            shape = _NUMBERS.sub("#", line)
            if not line or shape in shapes or (transient and line not in still_shown):
                continue
            shapes.add(shape)
            kept.append(line)
    return "\n".join(kept)


def lines_before(changes: list[Change], moment: float | None) -> list[str]:
    """The new lines that appeared before `moment`: the ones that may have been transient."""
    if moment is None:
        return []
    return [line for change in changes if change.at < moment
            for line in normalise(change.text).split("\n") if line]


def language_in_force(session: Session, changes: list[Change]) -> str:
    """The language whose phrases are used besides English (README): the page's
    declared `<html lang>` when the tool knows that language, else the journey's
    `language:`; "" for English alone."""
    declared = language_of(session.declared_language(changes))
    return declared or getattr(session.journey, "language", None) or ""
