"""Typed values that are a persona's, written as `${persona.…}`, so the journey shops as
whoever its persona says and every run gets its own `${run.id}` address."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from runner.journey.personas import Persona

# A persona value that stands inside a longer text ("Order 10482 arrived damaged") is
# replaced there too, when long enough not to be a coincidence ("1" in "10 items").
SHORTEST_INSIDE_TEXT = 5
# What `${run.id}` may stand for in a typed value: only [a-z0-9-] (README).
RUN_ID = "[a-z0-9-]+"


@dataclass(frozen=True)
class PersonaValues:
    """One persona's fields as patterns of what a person would type for them."""

    name: str
    fields: dict[str, re.Pattern[str]]

    @classmethod
    def of(cls, persona: Persona) -> PersonaValues:
        return cls(persona.name or "", {key: _typed_pattern(template)
                                        for key, template in persona.fields.items()
                                        if key != "mailbox" and template.strip()})

    def template_for(self, typed: str) -> str | None:
        """`${persona.X}` when `typed` is exactly the persona's field X, else None."""
        for key, pattern in self.fields.items():
            if pattern.fullmatch(typed):
                return f"${{persona.{key}}}"
        return None

    def substituted(self, typed: str) -> str:
        """`typed` with every persona value in it written as `${persona.X}`."""
        whole = self.template_for(typed)
        if whole is not None:
            return whole
        text = typed
        for key, pattern in self.fields.items():
            if len(pattern.pattern) < SHORTEST_INSIDE_TEXT:
                continue
            text = re.sub(rf"(?<![\w$]){pattern.pattern}(?!\w)", f"${{persona.{key}}}", text)
        return text

    def matches(self, typed: Iterable[str]) -> int:
        return sum(1 for value in typed if self.template_for(value) is not None)


def _typed_pattern(template: str) -> re.Pattern[str]:
    """A persona field as a pattern: `${run.id}` stands for any run's id; anything else
    (`${secrets.…}`) for nothing we could know."""
    parts = re.split(r"(\$\{[^}]*\})", template)
    pieces = [RUN_ID if part == "${run.id}" else "(?!)" if part.startswith("${")
              else re.escape(part) for part in parts if part]
    return re.compile("".join(pieces))


def best_persona(personas: Mapping[str, Persona], typed: list[str],
                 wanted: str | None = None) -> PersonaValues | None:
    """The persona named `wanted`, else the one most of the typed values belong to (None when
    none of them does: the values are written as typed)."""
    if wanted is not None:
        return PersonaValues.of(personas[wanted])
    scored = [(PersonaValues.of(p), name) for name, p in personas.items()]
    scored = [(values.matches(typed), values) for values, _ in scored]
    best = max(scored, key=lambda pair: pair[0], default=(0, None))
    return best[1] if best[0] > 0 else None
