"""The result file's JSON Schema, shipped beside the journey and settings schemas
(runner/journey/result_schema.json) for programs that read result files; here it checks one.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "journey" / "result_schema.json"


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


def result_problems(result: Any) -> list[tuple[str, str]]:
    """Each place where `result` breaks the schema, as ("findings/0/severity", message);
    an empty list for a valid result file."""
    problems = []
    for error in _validator().iter_errors(result):
        problems.append(_place(error))
        # A field that may be null (`score`) fails as "none of the choices": say also where
        # inside the object it went wrong, which is the part a reader can fix.
        problems.extend(_place(inner) for inner in error.context or []
                        if len(inner.absolute_path) > len(error.absolute_path))
    return problems


def _place(error: jsonschema.ValidationError) -> tuple[str, str]:
    return "/".join(str(part) for part in error.absolute_path), error.message
