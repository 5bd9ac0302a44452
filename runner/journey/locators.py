"""Locators as journeys write them: a Playwright selector string, or a `get_by_*` mapping."""

from __future__ import annotations

from typing import Any

from runner.journey.model import Locator
from runner.journey.schema_check import did_you_mean
from runner.journey.yaml_source import JsonPath, Source

LOCATOR_KINDS = ("role", "label", "text", "placeholder", "testid", "alt", "title")
_EXTRA_KEYS = ("name", "exact")


def parse_locator(value: Any, source: Source, path: JsonPath) -> Locator:
    """The `Locator` at `path`; raises JourneyFileError pointing at what is wrong."""
    if isinstance(value, str):
        if not value.strip():
            raise source.error(path, "a locator must not be empty")
        return Locator(selector=value.strip())
    if not isinstance(value, dict):
        raise source.error(path, "a locator is a selector string or a mapping like "
                           "{role: button, name: Send}")
    for key in value:
        if key not in LOCATOR_KINDS and key not in _EXTRA_KEYS:
            raise source.error((*path, key), f"unknown locator key `{key}`", key=True,
                               hint=did_you_mean(key, [*LOCATOR_KINDS, *_EXTRA_KEYS]))
    kinds = [key for key in value if key in LOCATOR_KINDS]
    if not kinds:
        raise source.error(path, "a locator mapping needs one of " + ", ".join(LOCATOR_KINDS))
    if len(kinds) > 1:
        raise source.error((*path, kinds[1]), f"a locator uses one of {', '.join(LOCATOR_KINDS)}"
                           f"; this one has both `{kinds[0]}` and `{kinds[1]}`", key=True)
    kind = kinds[0]
    if "name" in value and kind != "role":
        raise source.error((*path, "name"), "`name` (the accessible name) goes with `role`",
                           key=True)
    exact = value.get("exact", False)
    if not isinstance(exact, bool):
        raise source.error((*path, "exact"), "`exact` should be true or false")
    return Locator(by=kind, value=_text(value[kind], source, (*path, kind)),
                   name=_text(value["name"], source, (*path, "name")) if "name" in value
                   else None, exact=exact)


def _text(value: Any, source: Source, path: JsonPath) -> str:
    if isinstance(value, (dict, list)) or value is None:
        raise source.error(path, "should be text")
    return value if isinstance(value, str) else source.raw.get(path, str(value))


def short_description(locator: Locator) -> str:
    """How a step name refers to a locator: "Send" for {role: button, name: Send}."""
    if locator.selector is not None:
        return locator.selector
    if locator.by == "role":
        return locator.name or locator.value or "?"
    return locator.value or "?"
