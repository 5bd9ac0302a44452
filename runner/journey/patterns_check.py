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


# Ordinary words a confirmation page is full of, as pages write them: a `reference` pattern
# that can capture one of these will one day save "later" or "ORDER" instead of the code.
ORDINARY_WORDS = ("later", "Later", "LATER", "order", "Order", "ORDER", "thanks", "Thanks",
                  "THANKS", "email", "Email", "EMAIL", "hello", "Hello", "HELLO", "ready",
                  "Ready", "today", "Today", "TODAY", "there", "account", "please", "Please",
                  "PLEASE", "number", "Number", "NUMBER", "again", "AGAIN")


def ordinary_word_captured(reference: str) -> str | None:
    """An ordinary word the `reference` pattern can capture (case-sensitively, as the tool
    searches it: README), or None. Templates (`${saved.x}`) are never words."""
    if TOKEN.search(reference):
        return None
    try:
        pattern = re.compile(reference)
    except re.error:
        return None
    # Each word alone and after each other one: "Order LATER", "access your order later".
    for text in (*ORDINARY_WORDS, *(f"{a} {b}." for a in ORDINARY_WORDS for b in ORDINARY_WORDS)):
        found = pattern.search(text)
        if found is None:
            continue
        captured = (found.groupdict().get("ref") or found.group(0)).strip(" .")
        if captured in ORDINARY_WORDS:
            return captured
    return None
