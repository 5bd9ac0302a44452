"""Journey files → `Journey` objects, with every problem in every file at its line.

The order of work for one file: read safely with marks (yaml_source) → fill in `${env.…}`
and check every `${…}` → JSON Schema (schema.json) → build the journey and its steps
(actions) → the rules that span steps (a `say` needs `chat:`, `${saved.X}` needs an earlier
`save: X`, …). Nothing stops at the first problem: a user fixing files wants the full list.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from runner.config import COUNT_BUDGETS, TIME_BUDGETS, Settings
from runner.errors import JourneyFileError, MissingEnvValue, ShopperError
from runner.journey import values
from runner.journey.actions import ACTIONS, StepContext, build_step
from runner.journey.durations import parse_duration
from runner.journey.locators import parse_locator
from runner.journey.model import ChatWidget, Journey, Step
from runner.journey.patterns_check import ordinary_word_captured
from runner.journey.personas import (
    PERSONAS_FILE,
    Persona,
    PersonaBook,
    is_personas_file,
    load_personas,
    persona_fields,
)
from runner.journey.schedule_phrase import parse_schedule
from runner.journey.schema_check import did_you_mean, schema_errors
from runner.journey.yaml_source import JsonPath, Source, read_source, strings_in
from runner.patterns import LANGUAGES, language_of

NOT_JOURNEYS = (PERSONAS_FILE, "shopper.yaml")
SUFFIXES = (".yaml", ".yml")
MAX_STEPS = 2000
SCHEMA = "schema.json"
# A language written as its name, for the hint on `language: German`.
_LANGUAGE_NAMES = {"english": "en", "german": "de", "deutsch": "de", "french": "fr",
                   "français": "fr", "francais": "fr", "spanish": "es", "español": "es",
                   "espanol": "es", "italian": "it", "italiano": "it", "dutch": "nl",
                   "nederlands": "nl", "flemish": "nl", "portuguese": "pt", "português": "pt",
                   "portugues": "pt"}


@dataclass
class Loaded:
    journeys: list[Journey] = field(default_factory=list)
    errors: list[JourneyFileError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # personas.yaml files named on the command line: checked as personas, never as journeys
    personas: list[tuple[Path, PersonaBook]] = field(default_factory=list)


def discover(paths: list[Path]) -> list[Path]:
    """Journey files: files as given; in folders, every *.yaml/*.yml but personas and
    settings, sorted so runs and reports list journeys in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(child for child in path.iterdir()
                                if child.is_file() and child.suffix in SUFFIXES
                                and child.name not in NOT_JOURNEYS))
        elif path.is_file():
            found.append(path)
        else:
            raise ShopperError(f"{path}: no such file or folder")
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def load_journeys(paths: list[Path], settings: Settings, env: Mapping[str, str], *,
                  secrets_required: bool = False) -> Loaded:
    """Every journey in `paths` (files or folders), or every problem that stops one loading.

    An unset `${secrets.X}` is a warning for `validate` and an error for `run`
    (`secrets_required=True`): a journey can be checked on a laptop without the secrets.
    """
    loaded = Loaded()
    books: dict[Path, PersonaBook] = {}
    ids: dict[str, Path] = {}
    for file in discover(paths):
        folder = file.parent.resolve()
        if folder not in books:
            books[folder] = load_personas(folder, env)
            loaded.errors.extend(books[folder].errors)
        if is_personas_file(file):
            # `shopper validate journeys/personas.yaml`: the customers, not a journey.
            loaded.personas.append((file, books[folder]))
            continue
        reader = _JourneyReader(file, settings, env, books[folder], secrets_required)
        journey = reader.read()
        if journey is not None and journey.id in ids:
            reader.errors.append(JourneyFileError(
                f"journey id `{journey.id}` is also the id of {ids[journey.id]}: results are "
                "stored by id, so rename one file", journey.location))
            journey = None
        loaded.errors.extend(_in_order(reader.errors))
        loaded.warnings.extend(reader.warnings)
        if journey is not None and not reader.errors:
            ids[journey.id] = file
            loaded.journeys.append(journey)
    return loaded


def _in_order(errors: list[JourneyFileError]) -> list[JourneyFileError]:
    """Sorted by line and column; one problem per place (the first found explains it)."""
    seen: set[Any] = set()
    unique = []
    for error in errors:
        place = (str(error.location), error.message) if error.location is None else (
            error.location.file, error.location.line, error.location.column)
        if place not in seen:
            seen.add(place)
            unique.append(error)
    return sorted(unique, key=lambda error: (error.location.line, error.location.column)
                  if error.location else (0, 0))


@dataclass
class _Reference:
    kind: str
    name: str
    path: JsonPath
    offset: int


class _JourneyReader:
    """Reads one journey file, collecting its errors and warnings."""

    def __init__(self, file: Path, settings: Settings, env: Mapping[str, str],
                 personas: PersonaBook, secrets_required: bool) -> None:
        self.file = file
        self.settings = settings
        self.env = env
        self.personas = personas
        self.secrets_required = secrets_required
        self.errors: list[JourneyFileError] = []
        self.warnings: list[str] = []
        self.source: Source | None = None
        self.references: list[_Reference] = []

    def read(self) -> Journey | None:
        try:
            source = self.source = read_source(self.file)
        except JourneyFileError as error:
            self.errors.append(error)
            return None
        self.errors.extend(source.errors)
        if not isinstance(source.data, dict):
            self.errors.append(source.error((), "a journey file is a mapping with `name:` and "
                                            "`steps:`, not " + type(source.data).__name__))
            return None
        steps = source.data.get("steps")
        if isinstance(steps, list) and len(steps) > MAX_STEPS:
            self.errors.append(source.error(("steps",), f"{len(steps)} steps; the limit is "
                                            f"{MAX_STEPS}", key=True))
            return None
        self._check_templates()
        self.errors.extend(schema_errors(source, SCHEMA))
        return self._build()

    # -- ${…} ------------------------------------------------------------------------------

    def _check_templates(self) -> None:
        """Check every `${…}` where it is written and fill in `${env.…}` now."""
        source = self.source
        for path, text in strings_in(source.data):
            # Steps run with the persona, saved values and run id; the rest of the file is
            # read before any run exists, and the inline persona is filled in per run.
            allowed = values.KINDS if path[0] == "steps" else (
                ("env", "run", "secrets") if path[0] == "persona" else ("env",))
            problems = values.problems(text, allowed)
            for offset, problem in problems:
                self.errors.append(source.error(path, problem, offset=offset))
            if problems:
                continue
            for token in values.TOKEN.finditer(text):
                if token.group(0) == "$${":
                    continue
                for kind, name in values.references(token.group(0)):
                    self.references.append(_Reference(kind, name, path, token.start()))
            try:
                _assign(source.data, path, values.resolve_env(text, self.env))
            except MissingEnvValue as missing:
                offset = text.find(f"env.{missing.name}")
                self.errors.append(source.error(path, str(missing), offset=max(offset - 2, 0)))

    # -- the journey ---------------------------------------------------------------------

    def _build(self) -> Journey | None:
        source = self.source
        data: dict[str, Any] = source.data
        broken_steps = {error.path[1] for error in self.errors
                        if error.path and len(error.path) > 1 and error.path[0] == "steps"}
        broken_top = {error.path[0] for error in self.errors if error.path}
        journey = Journey(id=self.file.stem, name=str(data.get("name", self.file.stem)),
                          channel=data.get("channel", "other"), file=self.file,
                          location=source.location(()), steps=[])
        journey.base_url = data.get("base_url")
        journey.tags = list(data.get("tags", [])) if "tags" not in broken_top else []
        journey.device = data.get("device")
        if isinstance(data.get("language"), str) and "language" not in broken_top:
            journey.language = self._language(data["language"])
        if isinstance(data.get("schedule"), str):
            try:
                parse_schedule(data["schedule"])
                journey.schedule = data["schedule"]
            except ValueError as error:
                self.errors.append(source.error(("schedule",), str(error)))
        if "sla" not in broken_top:
            journey.sla = self._sla(data.get("sla") or {})
        if isinstance(data.get("accessibility"), bool):
            journey.accessibility = data["accessibility"]
        if "timeout" in data and "timeout" not in broken_top:
            journey.timeout_ms = parse_duration(data["timeout"])
        if "chat" in data and "chat" not in broken_top:
            journey.chat = self._chat(data["chat"])
        persona = self._persona(data.get("persona")) if "persona" not in broken_top else None
        if persona is not None:
            journey.persona_id, journey.persona = persona.name, dict(persona.fields)
        budgets = {**self.settings.budgets, **journey.sla}
        context = StepContext(source, self.file.parent, budgets)
        raw_steps = data.get("steps") if isinstance(data.get("steps"), list) else []
        for index, raw in enumerate(raw_steps):
            if index in broken_steps or not isinstance(raw, dict):
                continue
            try:
                journey.steps.append(build_step(index, raw, context))
            except JourneyFileError as error:
                self.errors.append(error)
                continue
            self._check_reference(journey.steps[-1], source)
        self._check_step_order(journey, raw_steps)
        self._check_references(journey, raw_steps, persona, "persona" in broken_top)
        journey.secrets = frozenset(self._secrets(persona))
        return journey

    def _check_reference(self, step: Step, source: Source) -> None:
        """A reference pattern that can capture an ordinary word is a warning: it validates,
        and one night saves "ORDER" instead of the customer's code."""
        reference = getattr(step.value, "reference", None) if step.action == "expect_ack" \
            else None
        word = ordinary_word_captured(reference) if reference else None
        if word:
            where = source.location(("steps", step.index, "expect_ack", "reference"))
            self.warnings.append(
                f"{where}: `reference` can capture the ordinary word \"{word}\": make it need a"
                " digit or a separator a reference has, e.g. "
                "(?P<ref>\\b(?=[A-Z]*\\d)[A-Z0-9]{5}\\b)")

    def _language(self, value: str) -> str | None:
        """`value` when the tool has phrases for it; an error at its line otherwise."""
        if value in LANGUAGES:
            return value
        meant = language_of(value) or _LANGUAGE_NAMES.get(value.strip().lower())
        hint = (f"did you mean `{meant}`?" if meant else "for another language, leave "
                "`language` out and add its phrases to `patterns:` in shopper.yaml")
        self.errors.append(self.source.error(
            ("language",), f"`language` should be one of {', '.join(LANGUAGES)} (the "
            f"languages the tool has phrases for), not `{value}`", hint=hint))
        return None

    def _sla(self, sla: dict[str, Any]) -> dict[str, float]:
        return {name: parse_duration(value) if name in TIME_BUDGETS else value
                for name, value in sla.items() if name in TIME_BUDGETS + COUNT_BUDGETS}

    def _chat(self, chat: dict[str, Any]) -> ChatWidget | None:
        source = self.source
        try:
            parts = {key: parse_locator(chat[key], source, ("chat", key))
                     for key in ("input", "agent_messages", "open", "send", "sender")
                     if key in chat}
        except JourneyFileError as error:
            self.errors.append(error)
            return None
        return ChatWidget(frame=chat.get("frame"), **parts)

    def _persona(self, value: Any) -> Persona | None:
        source = self.source
        if value is None:
            return None
        if isinstance(value, dict):
            return persona_fields(value, source, ("persona",), self.env, self.errors)
        known = self.personas.personas
        if value in known:
            return known[value]
        if self.personas.file is None:
            self.errors.append(source.error(("persona",), f"persona `{value}` not found: there "
                                            f"is no {PERSONAS_FILE} beside this journey"))
        elif value not in {error.path[0] for error in self.personas.errors if error.path}:
            self.errors.append(source.error(
                ("persona",), f"persona `{value}` is not in {self.personas.file}",
                hint=did_you_mean(value, list(known))))
        return None

    # -- rules across steps ----------------------------------------------------------------

    def _check_step_order(self, journey: Journey, raw_steps: list[Any]) -> None:
        source = self.source
        seen: set[str] = set()
        for index, raw in enumerate(raw_steps):
            if not isinstance(raw, dict):
                continue
            action = next((key for key in raw if key in ACTIONS), None)
            place = ("steps", index, action)
            if action in ("say", "expect_reply") and "chat" not in source.data:
                self.errors.append(source.error(place, f"`{action}` needs a `chat:` block in "
                                                "the journey: where the chat widget lives",
                                                key=True))
            if action == "expect_reply" and "say" not in seen:
                self.errors.append(source.error(place, "`expect_reply` waits for an answer to "
                                                "the customer's message: add a `say` step "
                                                "before it", key=True))
            if action == "open_email_link" and "expect_email" not in seen:
                self.errors.append(source.error(place, "`open_email_link` opens a link from "
                                                "the email an earlier `expect_email` found: "
                                                "add one before it", key=True))
            if action == "send_email" and isinstance(raw.get(action), dict) \
                    and raw[action].get("reply") and "expect_email" not in seen:
                self.errors.append(source.error(place, "`send_email` with `reply: true` answers "
                                                "the email an earlier `expect_email` found: add "
                                                "one before it", key=True))
            if action:
                seen.add(action)

    def _check_references(self, journey: Journey, raw_steps: list[Any],
                          persona: Persona | None, persona_broken: bool) -> None:
        source = self.source
        saves_before: list[set[str]] = []
        saved: set[str] = set()
        for raw in raw_steps:
            saves_before.append(set(saved))
            if isinstance(raw, dict) and isinstance(raw.get("save"), str):
                saved.add(raw["save"])
        persona_known = persona is not None or ("persona" not in source.data)
        for ref in self.references:
            if ref.kind == "saved" and ref.path[0] == "steps":
                earlier = saves_before[ref.path[1]] if ref.path[1] < len(saves_before) else set()
                if ref.name not in earlier:
                    later = ref.name in saved
                    self.errors.append(source.error(
                        ref.path, f"`${{saved.{ref.name}}}` is used before any step saves it"
                        + (" (the `save:` comes later)" if later else
                           f": add `save: {ref.name}` to an earlier step that captures it"),
                        offset=ref.offset,
                        hint=None if later else did_you_mean(ref.name, sorted(saved))))
            if ref.kind == "persona" and persona_known and not persona_broken:
                fields = persona.fields if persona else {}
                if persona is None:
                    self.errors.append(source.error(
                        ref.path, f"`${{persona.{ref.name}}}`: the journey has no persona "
                        "(add `persona:`)", offset=ref.offset))
                elif ref.name not in fields:
                    who = f"persona `{persona.name}`" if persona.name else "the persona"
                    self.errors.append(source.error(
                        ref.path, f"{who} has no field `{ref.name}`", offset=ref.offset,
                        hint=did_you_mean(ref.name, list(fields))))
        for step in journey.steps:
            if step.action == "expect_email" and not step.value.to and persona_known \
                    and not persona_broken and "email" not in (persona.fields if persona else {}):
                self.errors.append(source.error(
                    ("steps", step.index, "expect_email"), "`expect_email` needs `to:` or a "
                    "persona with an `email` field", key=True))
            if step.action == "send_email" and persona_known and not persona_broken \
                    and "email" not in (persona.fields if persona else {}):
                self.errors.append(source.error(
                    ("steps", step.index, "send_email"), "`send_email` writes as the persona: "
                    "it needs a persona with an `email` field", key=True))

    def _secrets(self, persona: Persona | None) -> set[str]:
        names: set[str] = set()
        for ref in self.references:
            if ref.kind != "secrets":
                continue
            names.add(ref.name)
            if ref.name not in self.env:
                self._unset_secret(self.source.error(
                    ref.path, f"the secret `{ref.name}` is not set (export {ref.name}=… "
                    "before running)", offset=ref.offset))
        for name, where in (persona.secrets.items() if persona else ()):
            names.add(name)
            if name not in self.env:
                self._unset_secret(where)
        return names

    def _unset_secret(self, error: JourneyFileError) -> None:
        if self.secrets_required:
            self.errors.append(error)
        elif str(error) not in self.warnings:
            self.warnings.append(str(error))


def _assign(data: Any, path: JsonPath, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value
