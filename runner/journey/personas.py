"""Personas: the synthetic customers of personas.yaml, and inline `persona:` mappings.

A persona's fields are templates: `${env.…}` is filled in on load, `${run.id}` and
`${secrets.…}` at run time (`shopper+${run.id}@example.com` gives every run its own inbox).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from runner.config import mailbox_problem
from runner.errors import JourneyFileError, MissingEnvValue
from runner.journey import values
from runner.journey.yaml_source import JsonPath, Source, read_source

PERSONAS_FILE = "personas.yaml"
PERSONA_KINDS = ("env", "run", "secrets")


@dataclass
class Persona:
    name: str | None  # None for an inline persona
    fields: dict[str, str]  # field -> template
    secrets: dict[str, JourneyFileError] = field(default_factory=dict)  # name -> where used


@dataclass
class PersonaBook:
    """The personas.yaml of one journeys folder (empty when there is none)."""

    file: Path | None = None
    personas: dict[str, Persona] = field(default_factory=dict)
    errors: list[JourneyFileError] = field(default_factory=list)


def persona_fields(mapping: dict[str, Any], source: Source, path: JsonPath,
                   env: Mapping[str, str], errors: list[JourneyFileError],
                   name: str | None = None) -> Persona:
    """A persona from its mapping of fields; problems are appended to `errors`."""
    persona = Persona(name, {})
    for key, value in mapping.items():
        place = (*path, key)
        if isinstance(value, (dict, list)) or value is None:
            errors.append(source.error(place, f"persona field `{key}` should be text"))
            continue
        text = value if isinstance(value, str) else source.raw.get(place, str(value))
        found = values.problems(text, PERSONA_KINDS)
        for offset, problem in found:
            errors.append(source.error(place, problem, offset=offset))
        if found:
            continue
        for kind, secret in values.references(text):
            if kind == "secrets":
                persona.secrets.setdefault(secret, source.error(
                    place, f"the secret `{secret}` is not set (export {secret}=… before "
                    "running)"))
        try:
            persona.fields[key] = values.resolve_env(text, env)
        except MissingEnvValue as missing:
            errors.append(source.error(place, str(missing)))
    if "mailbox" in persona.fields:
        problem = mailbox_problem(persona.fields["mailbox"])
        if problem:
            errors.append(source.error((*path, "mailbox"), problem))
    return persona


def is_personas_file(path: Path) -> bool:
    """The one rule, by name: `personas.yaml` is the file journeys take their personas from,
    wherever it is named (a folder or the file itself), so it is always read as personas."""
    return path.name == PERSONAS_FILE


def load_personas(folder: Path, env: Mapping[str, str]) -> PersonaBook:
    file = folder / PERSONAS_FILE
    book = PersonaBook(file if file.is_file() else None)
    if book.file is None:
        return book
    try:
        source = read_source(file)
    except JourneyFileError as error:
        book.errors.append(error)
        return book
    book.errors.extend(source.errors)
    if not isinstance(source.data, dict):
        book.errors.append(source.error((), "personas.yaml should map each persona's name to "
                                        "its fields (name, email, …)"))
        return book
    for name, fields in source.data.items():
        if not isinstance(fields, dict):
            book.errors.append(source.error((name,), f"persona `{name}` should be a mapping of "
                                            "fields (name, email, …)"))
            continue
        book.personas[name] = persona_fields(fields, source, (name,), env, book.errors, name)
    return book
