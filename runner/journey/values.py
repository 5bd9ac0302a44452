"""`${...}`, the one interpolation syntax of journeys and shopper.yaml.

`${env.NAME}` / `${env.NAME:-default}` are filled in when files load (`resolve_env`); the
rest depend on the run and stay templates until the engine calls `render`:
`${secrets.NAME}` (the environment, masked in every output), `${persona.FIELD}`,
`${saved.NAME}` (captured by an earlier step's `save:`) and `${run.id}`.

`$${` writes a literal `${`, for the rare selector or text that needs one.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote, quote_plus

from runner.errors import MissingEnvValue, MissingSavedValue, ShopperError

KINDS = ("env", "secrets", "persona", "saved", "run")
RUN_NAMES = ("id",)

# `$${` is an escaped `${`; otherwise everything up to the first `}` is the expression.
_TOKEN = re.compile(r"\$\$\{|\$\{([^}]*)\}")
TOKEN = _TOKEN  # for code that must step around templates (pattern checks)
_EXPRESSION = re.compile(r"(?P<kind>[A-Za-z_]\w*)\.(?P<name>[A-Za-z_][\w-]*)(?::-(?P<default>.*))?",
                         re.DOTALL)


@dataclass(frozen=True)
class Reference:
    kind: str
    name: str
    default: str | None
    start: int  # offset of the `${` in the text, for precise error columns
    text: str  # the whole `${...}` as written


def _scan(text: str) -> list[Reference | str]:
    """Well-formed references, and a problem sentence for each malformed one."""
    found: list[Reference | str] = []
    for token in _TOKEN.finditer(text):
        if token.group(0) == "$${":
            continue
        expression = token.group(1)
        match = _EXPRESSION.fullmatch(expression.strip())
        if match is None:
            found.append(f"`{token.group(0)}` is not a value: write ${{env.NAME}}, "
                         "${secrets.NAME}, ${persona.FIELD}, ${saved.NAME} or ${run.id}")
            continue
        found.append(Reference(match["kind"], match["name"], match["default"],
                               token.start(), token.group(0)))
    return found


def references(text: str) -> list[tuple[str, str]]:
    """`(kind, name)` of every well-formed `${kind.name}` in `text`, in order."""
    return [(item.kind, item.name) for item in _scan(text) if isinstance(item, Reference)]


def problems(text: str, allowed_kinds: tuple[str, ...] = KINDS) -> list[tuple[int, str]]:
    """What is wrong with the `${…}` in `text`, each with its offset: unknown kinds and names,
    malformed expressions, kinds not available where the text is used."""
    found: list[tuple[int, str]] = []
    for item in _scan(text):
        if isinstance(item, str):
            start = text.find(item.split("`")[1]) if "`" in item else 0
            found.append((max(start, 0), item))
            continue
        if item.kind not in KINDS:
            found.append((item.start, f"unknown value `{item.text}`: the kinds are "
                          + ", ".join(f"`{kind}`" for kind in KINDS)))
        elif item.kind == "run" and item.name not in RUN_NAMES:
            found.append((item.start, f"unknown value `{item.text}`: the only run value is "
                          "`${run.id}`"))
        elif item.default is not None and item.kind != "env":
            found.append((item.start, f"`{item.text}`: only ${{env.…}} can have a `:-` default"))
        elif item.kind not in allowed_kinds:
            allowed = " and ".join(f"${{{kind}.…}}" for kind in allowed_kinds)
            found.append((item.start, f"`{item.text}` cannot be used here: only {allowed} "
                          "can"))
    return found


def _substitute(text: str, value_of, *, unescape: bool) -> str:
    def replace(token: re.Match[str]) -> str:
        if token.group(0) == "$${":
            return "${" if unescape else "$${"
        match = _EXPRESSION.fullmatch(token.group(1).strip())
        if match is None:
            return token.group(0)
        replacement = value_of(match["kind"], match["name"], match["default"])
        return token.group(0) if replacement is None else replacement

    return _TOKEN.sub(replace, text)


def resolve_env(text: str, env: Mapping[str, str]) -> str:
    """Fill in `${env.…}` now; every other `${…}` is left for `render` at run time.

    Like a shell's `${NAME:-default}`, the default also stands in for an empty value.
    Raises `MissingEnvValue` for an unset variable without a default.
    """

    def value_of(kind: str, name: str, default: str | None) -> str | None:
        if kind != "env":
            return None
        value = env.get(name)
        if default is not None and not value:
            return default
        if value is None:
            raise MissingEnvValue(name)
        return value

    # `$${` must survive to `render`, which turns it into `${`; keep it escaped here.
    return _substitute(text, value_of, unescape=False)


@dataclass
class Scope:
    """What a running journey knows: its persona, what earlier steps saved, its run id."""

    persona: dict[str, str]
    saved: dict[str, str]
    run_id: str
    env: Mapping[str, str]


def render(template: str, scope: Scope) -> str:
    """The text a step uses, with every `${…}` filled in from `scope`.

    Raises `MissingSavedValue` for a `${saved.X}` not captured in this run (the engine then
    skips the step), `MissingEnvValue` for an unset secret or env value.
    """

    def value_of(kind: str, name: str, default: str | None) -> str:
        if kind == "env":
            value = scope.env.get(name)
            if default is not None and not value:
                return default
            if value is None:
                raise MissingEnvValue(name)
            return value
        if kind == "secrets":
            if name not in scope.env:
                raise MissingEnvValue(name, "secrets")
            return scope.env[name]
        if kind == "persona":
            if name not in scope.persona:
                raise ShopperError(f"the persona has no field `{name}`")
            # Persona fields are templates themselves (`shopper+${run.id}@example.com`).
            inner = Scope(persona={}, saved={}, run_id=scope.run_id, env=scope.env)
            return render(scope.persona[name], inner)
        if kind == "saved":
            if name not in scope.saved:
                raise MissingSavedValue(name)
            return scope.saved[name]
        if kind == "run" and name == "id":
            return scope.run_id
        raise ShopperError(f"unknown value `${{{kind}.{name}}}`")

    return _substitute(template, value_of, unescape=True)


def secret_values(scope: Scope, names) -> set[str]:
    """The values of the named secrets that are set, so outputs can mask them as `••••`."""
    return {scope.env[name] for name in names if scope.env.get(name)}


MASK = "••••"


def spellings(secret: str) -> set[str]:
    """The ways a secret reaches text the tool keeps: as typed, and as an address or a page
    spells it (a form sent by GET puts `p%40ss+word` in the URL the result records)."""
    return {form for form in (secret, quote(secret), quote(secret, safe=""),
                              quote_plus(secret), quote_plus(secret, safe="/"),
                              html.escape(secret), html.escape(secret, quote=False)) if form}


def masker(secrets: Iterable[str]) -> Callable[[str], str]:
    """`mask(text)`: `text` with every spelling of every secret replaced by `••••`."""
    forms = sorted({form for secret in secrets if secret for form in spellings(secret)},
                   key=len, reverse=True)  # longest first: a spelling may contain another

    def mask(text: str) -> str:
        for form in forms:
            if form in text:
                text = text.replace(form, MASK)
        return text

    return mask


def masked(value: object, mask: Callable[[str], str]) -> object:
    """`value` (plain data: str, list, tuple, dict) with every string in it masked."""
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {key: masked(item, mask) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(masked(item, mask) for item in value)
    return value
