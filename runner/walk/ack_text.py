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


def evidence_text(changes: list[Change]) -> str:
    """Every new line once, in the order it appeared; a line that only ticked (the same
    words with other numbers: a countdown, a clock) is kept as it first read."""
    kept: list[str] = []
    shapes: set[str] = set()
    for change in changes:
        for line in normalise(change.text).split("\n"):
            shape = _NUMBERS.sub("#", line)
            if line and shape not in shapes:
                shapes.add(shape)
                kept.append(line)
    return "\n".join(kept)


def language_in_force(session: Session, changes: list[Change]) -> str:
    """The language whose phrases are used besides English (SPEC "Languages"): the page's
    declared `<html lang>` when the tool knows that language, else the journey's
    `language:`; "" for English alone."""
    declared = language_of(session.declared_language(changes))
    return declared or getattr(session.journey, "language", None) or ""
