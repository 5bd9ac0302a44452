"""Errors meant for the people who use the tool.

Everything a user can cause (a bad journey file, a missing setting, a value that was never
captured) is a `ShopperError`. The command line is the only place that catches them, and it
prints `str(error)`: one clear line, never a traceback. Anything else escaping is a bug.
"""

from __future__ import annotations

from runner.journey.model import Location


class ShopperError(Exception):
    """Base of every error a user can act on; `str()` is one line."""


class JourneyFileError(ShopperError):
    """A problem at a place in a YAML file the user wrote.

    `snippet` is the offending line with a caret under the column, `hint` a suggestion such
    as "did you mean `expect_ack`?".
    """

    def __init__(self, message: str, location: Location | None = None, *,
                 snippet: str | None = None, hint: str | None = None) -> None:
        self.message = message
        self.location = location
        self.snippet = snippet
        self.hint = hint
        # Where in the document (("steps", 2, "click")), when known: lets callers group
        # problems by step. Not part of the message.
        self.path: tuple[str | int, ...] | None = None
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.message}{hint}"

    def render(self) -> str:
        """The error as shown on a terminal: the line, the source with a caret, the hint."""
        where = f"{self.location}: " if self.location else ""
        parts = [f"{where}{self.message}"]
        if self.snippet:
            parts.append(self.snippet)
        if self.hint:
            parts.append(f"  hint: {self.hint}")
        return "\n".join(parts)


class JourneyFilesInvalid(ShopperError):
    """Every problem found in a set of journey files, so the user can fix them in one go."""

    def __init__(self, errors: list[JourneyFileError]) -> None:
        self.errors = list(errors)
        super().__init__(str(self))

    def __str__(self) -> str:
        count = len(self.errors)
        if count == 0:
            return "journey files are invalid"
        if count == 1:
            return str(self.errors[0])
        return f"{count} problems in journey files; the first: {self.errors[0]}"

    def render(self) -> str:
        return "\n\n".join(error.render() for error in self.errors)


class ConfigError(JourneyFileError):
    """A problem in shopper.yaml (or the file given with --config)."""


class MissingSavedValue(ShopperError):
    """A step needs `${saved.NAME}` and no earlier step of this run captured it."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"`${{saved.{name}}}` was never captured in this run: "
                         f"the step that saves `{name}` did not capture anything")


class MissingEnvValue(ShopperError):
    """`${env.NAME}` (or `${secrets.NAME}`) is not set and has no default."""

    def __init__(self, name: str, kind: str = "env") -> None:
        self.name = name
        self.kind = kind
        if kind == "secrets":
            text = f"the secret `{name}` is not set: export {name}=… before running"
        else:
            text = (f"the environment variable `{name}` is not set "
                    f"(give a default with `${{env.{name}:-…}}`)")
        super().__init__(text)
