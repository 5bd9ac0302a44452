"""The `expect_ack` a recording proposes, from the text that appeared after the last submit.

Judged with the tool's own phrase families (runner/phrases), as a walk would judge it: when
a built-in acknowledgement phrase matches, `text:` is left out (the built-in list is the
default); a promise of when they will answer makes it `promise: true`; a code-like token
("CS-48213", "RF-00912-B") becomes a `reference` pattern of its shape, not of its value, so
the next ticket's number matches too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from runner.patterns import Patterns, first_match, normalise

# A token that reads as a reference: letters and digits together, optionally in groups joined
# by - / _ ("CS-48213", "A1B2C3D4", "2026/000123"), 5 to 24 characters. A number alone
# ("10482") is too often the order number the customer typed, or a price or a date.
CODE_LIKE = re.compile(r"(?<![\w-])(?=[\w/-]*[A-Z])(?=[\w/-]*\d)[A-Z0-9]+(?:[-/_][A-Z0-9]+)*"
                       r"(?![\w-])")
SHORTEST, LONGEST = 5, 24
QUOTED_CHARS = 60  # how much of the text a proposed literal `text:` pattern quotes


def reference_pattern(token: str) -> str:
    """The shape of `token` as a case-sensitive pattern with a `ref` group: runs of capitals
    become [A-Z]{n}, runs of digits \\d{n}, separators stay."""
    pieces = []
    for run in re.findall(r"[A-Z]+|\d+|[^A-Z\d]", token):
        if run[0].isdigit():
            pieces.append(rf"\d{{{len(run)}}}")
        elif run[0].isalpha():
            pieces.append(f"[A-Z]{{{len(run)}}}")
        else:
            pieces.append(literal(run))
    return rf"(?P<ref>\b{''.join(pieces)}\b)"


def literal(text: str) -> str:
    """`text` as a pattern that matches itself, escaping only what a pattern would read
    otherwise (re.escape also escapes spaces and dashes, which a person then has to read)."""
    return re.sub(r"([.^$*+?{}\[\]\\|()])", r"\\\1", text)


def references_in(text: str, typed: Iterable[str] = ()) -> list[str]:
    """Code-like tokens in `text`, leaving out what the person typed themselves."""
    own = set(typed)
    return [m.group(0) for m in CODE_LIKE.finditer(text)
            if SHORTEST <= len(m.group(0)) <= LONGEST and m.group(0) not in own]


def propose(texts: list[str], language: str | None, typed: Iterable[str] = (),
            patterns: Patterns | None = None) -> dict | None:
    """The `expect_ack` for the text that appeared after the last submit, or None when
    nothing appeared (there is nothing to expect)."""
    text = normalise("\n".join(texts))
    if not text:
        return None
    patterns = patterns or Patterns.from_settings({})
    proposal: dict = {}
    if first_match(patterns.family("acknowledgement", language), text) is None:
        first = text.splitlines()[0][:QUOTED_CHARS].strip()
        proposal["text"] = [literal(first)]
    tokens = references_in(text, typed)
    if tokens:
        proposal["reference"] = reference_pattern(tokens[0])
    if first_match(patterns.family("promise", language), text) is not None:
        proposal["promise"] = True
    return proposal
