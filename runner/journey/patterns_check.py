"""Every pattern in a journey must compile as a Python regex before a browser starts."""

from __future__ import annotations

import re

from runner.journey.values import TOKEN
from runner.journey.yaml_source import JsonPath, Source


def check_pattern(text: str, source: Source, path: JsonPath) -> str:
    """`text` if it compiles (the way the tool will use it); JourneyFileError otherwise."""
    # `${saved.ticket}` inside a pattern is filled in at run time; compile with a stand-in.
    probe = TOKEN.sub(lambda token: "x" * len(token.group(0)), text)
    try:
        re.compile(probe, re.IGNORECASE)
    except re.error as error:
        offset = error.pos or 0
        raise source.error(path, f"`{text}` is not a valid regular expression: {error.msg}"
                           f" (at character {offset + 1})", offset=offset) from None
    return text
