"""JSON Schema validation that speaks to the person who wrote the file.

jsonschema's own messages describe the schema ("{...} is not valid under any of the given
schemas"); ours describe the file: the key that is misspelt and what it probably meant, the
two actions in one step, the kind of value that was expected, each at its line and column.
Schemas may carry `x-expected` (what to say a value should be) and `x-kind: step`.
"""

from __future__ import annotations

import difflib
import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError, best_match

from runner.errors import JourneyFileError
from runner.journey.yaml_source import JsonPath, Source

_HERE = Path(__file__).parent

_TYPE_WORDS = {"object": "a mapping", "array": "a list", "string": "text",
               "integer": "a whole number", "number": "a number", "boolean": "true or false",
               "null": "empty"}


@cache
def load_schema(name: str) -> dict[str, Any]:
    return json.loads((_HERE / name).read_text(encoding="utf-8"))


@cache
def _validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(load_schema(name))


def did_you_mean(word: str, choices: list[str]) -> str | None:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else None


def describe(path: JsonPath) -> str:
    """How a person would name the place at `path`: "`within` of step 4", "`channel`"."""
    if not path:
        return "the file"
    if path[0] == "steps" and len(path) >= 2 and isinstance(path[1], int):
        step = f"step {path[1] + 1}"
        rest = path[2:]
        if not rest:
            return step
        return f"{_name(rest)} in {step}"
    return _name(path)


def _name(path: JsonPath) -> str:
    last = path[-1]
    if isinstance(last, int):
        return f"item {last + 1} of {_name(path[:-1])}" if len(path) > 1 else f"item {last + 1}"
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return f"`{text}`"


def _kind_of(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"`{value}`" if len(str(value)) < 60 else "text"


def schema_errors(source: Source, schema_name: str,
                  cls: type[JourneyFileError] = JourneyFileError) -> list[JourneyFileError]:
    """Every schema problem in `source`, translated; one per place in the file."""
    found: list[JourneyFileError] = []
    for error in _validator(schema_name).iter_errors(source.data):
        found.extend(_translate(error, source, cls))
    return found


def _translate(error: ValidationError, source: Source, cls: type[JourneyFileError]
               ) -> list[JourneyFileError]:
    path = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    instance = error.instance
    validator = error.validator

    def at(message: str, *, key: bool = False, where: JsonPath = path, hint: str | None = None
           ) -> JourneyFileError:
        return source.error(where, message, key=key, hint=hint, cls=cls)

    if validator == "additionalProperties":
        return _unknown_keys(path, schema, instance, source, cls)
    if validator == "oneOf" and schema.get("x-kind") == "step":
        return _step_actions(path, schema, instance, source, cls)
    if validator in ("anyOf", "oneOf"):
        # A value of the right kind for one of the allowed shapes (a mapping where a mapping
        # may go): what is wrong inside it says more than "not any of these shapes".
        fitting = _fitting_branch(error, path)
        if fitting:
            return [problem for sub in fitting for problem in _translate(sub, source, cls)]
        if "x-expected" in schema:
            return [at(f"{describe(path)} should be {schema['x-expected']}, "
                       f"not {_kind_of(instance)}")]
        if error.context:
            return _translate(best_match(error.context), source, cls)
    if validator == "required":
        missing = [name for name in error.validator_value if name not in instance]
        names = " and ".join(f"`{name}`" for name in missing)
        where = "this step" if path[:1] == ("steps",) and len(path) == 2 else (
            "the journey" if not path else describe(path))
        return [at(f"{where} is missing {names}")]
    if validator == "type":
        expected = schema.get("x-expected")
        if expected is None:
            types = error.validator_value
            types = [types] if isinstance(types, str) else types
            expected = " or ".join(_TYPE_WORDS.get(kind, kind) for kind in types)
        return [at(f"{describe(path)} should be {expected}, not {_kind_of(instance)}")]
    if validator == "enum":
        choices = [str(choice) for choice in error.validator_value]
        return [at(f"{describe(path)} should be one of " + ", ".join(choices)
                   + f", not {_kind_of(instance)}",
                   hint=did_you_mean(str(instance), choices))]
    if validator == "pattern" and "x-expected" in schema:
        return [at(f"{describe(path)} should be {schema['x-expected']}, "
                   f"not {_kind_of(instance)}")]
    if validator == "minItems" and error.validator_value == 1:
        return [at(f"{describe(path)} must not be empty")]
    if validator == "minProperties" and error.validator_value == 1:
        return [at(f"{describe(path)} must not be empty")]
    if validator == "minLength":
        return [at(f"{describe(path)} must not be empty")]
    if validator == "const":
        expected = schema.get("x-expected", json.dumps(error.validator_value))
        return [at(f"{describe(path)} should be {expected}, not {_kind_of(instance)}")]
    if validator == "minimum":
        return [at(f"{describe(path)} should be at least {error.validator_value}, "
                   f"not {instance}")]
    return [at(f"{describe(path)}: {error.message}")]


def _fitting_branch(error: ValidationError, path: JsonPath) -> list[ValidationError]:
    branches: dict[Any, list[ValidationError]] = {}
    for sub in error.context or ():
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    fitting = [subs for subs in branches.values()
               if not any(sub.validator in ("type", "const") and tuple(sub.absolute_path) == path
                          for sub in subs)]
    return fitting[0] if len(fitting) == 1 else []


def _unknown_keys(path: JsonPath, schema: dict[str, Any], instance: dict[str, Any],
                  source: Source, cls: type[JourneyFileError]) -> list[JourneyFileError]:
    allowed = list(schema.get("properties", {}))
    found = []
    for key in instance:
        if key in allowed:
            continue
        hint = did_you_mean(key, allowed)
        where = "in this step" if path[:1] == ("steps",) and len(path) == 2 else (
            None if not path else f"in {describe(path)}")
        message = f"unknown key `{key}`" + (f" {where}" if where else "")
        if hint is None:
            message += "; expected one of " + ", ".join(allowed)
        found.append(source.error((*path, key), message, key=True, hint=hint, cls=cls))
    return found


def _step_actions(path: JsonPath, schema: dict[str, Any], instance: Any, source: Source,
                  cls: type[JourneyFileError]) -> list[JourneyFileError]:
    if not isinstance(instance, dict):
        return []  # not a mapping at all (`- null`, `- goto /`): its type error says so
    actions = [branch["required"][0] for branch in schema["oneOf"]]
    present = [key for key in instance if key in actions]
    if len(present) > 1:
        named = " and ".join(f"`{key}`" for key in present)
        return [source.error((*path, present[1]), f"a step has exactly one action; this one has "
                             f"{named}: split it into {len(present)} steps", key=True, cls=cls)]
    if any(key not in schema["properties"] for key in instance):
        return []  # the unknown key is the real problem (a misspelt action), reported already
    return [source.error(path, "this step has no action; a step needs one of "
                         + ", ".join(actions), cls=cls)]
