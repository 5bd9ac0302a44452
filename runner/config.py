"""Project settings: shopper.yaml (README) read into `Settings`; flags override it later.

shopper.yaml is read the way journeys are (safe YAML with marks, a JSON Schema that ships
with the package), so a mistake in it gets a file:line:col too. `${env.…}` is resolved on
load; `${secrets.…}` stays a template (rendered with `values.render` where it is used) so a
secret never sits in a Settings object that might be printed, and its name is recorded in
`Settings.secrets` for the "unset secret" check.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from runner.errors import ConfigError, MissingEnvValue, ShopperError
from runner.journey import values
from runner.journey.durations import parse_duration
from runner.journey.schema_check import schema_errors
from runner.journey.yaml_source import JsonPath, Source, read_source, strings_in

CONFIG_NAME = "shopper.yaml"
SCHEMA = "settings_schema.json"

DEFAULT_BUDGETS = {"step": 5000, "journey": 120000, "acknowledgement": 10000, "reply": 30000,
                   "email": 120000, "form_fields": 6, "required_fields": 4,
                   "steps": 12,
                   # Page experience: Google's "good" thresholds for the Core Web Vitals.
                   "lcp": 2500, "cls": 0.1, "inp": 200}  # times in ms
TIME_BUDGETS = ("step", "journey", "acknowledgement", "reply", "email", "lcp", "inp")
COUNT_BUDGETS = ("form_fields", "required_fields", "steps",
                 "cls")  # cls is a score, not a count, but given as a plain number too
PATTERN_KINDS = ("acknowledgement", "promise", "apology", "complaint", "handoff", "error_page",
                 "captcha", "reference")
NOTIFY_EVENTS = ["new-finding", "failure", "recovery"]


@dataclass
class ContextOptions:
    """Passed to every browser context (staging access); secrets inside stay templates."""

    http_credentials: dict | None = None
    extra_http_headers: dict[str, str] = field(default_factory=dict)
    ignore_https_errors: bool = False
    proxy: dict | None = None


def _default_patterns() -> dict[str, list[str]]:
    return {kind: [] for kind in PATTERN_KINDS}


@dataclass
class Settings:
    base_url: str | None = None
    out: Path = Path("reports")
    workers: int = 1
    browser: str = "chromium"
    timezone: str | None = None  # None: the machine's zone
    budgets: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_BUDGETS))
    mailbox: str | None = None
    outgoing: str | None = None  # send_email's server; a `${secrets.…}` in it stays a template
    patterns: dict[str, list[str]] = field(default_factory=_default_patterns)
    allow_hosts: list[str] = field(default_factory=list)
    context: ContextOptions = field(default_factory=ContextOptions)
    identify: bool | str = True  # True | False | "header" (README: identity)
    # Retry a journey even after a request other than GET reached the site (a sandbox where
    # a second ticket does no harm); by default it is not walked again once it sent a form.
    retry_after_submit: bool = False
    notify: list[dict] = field(default_factory=list)
    # axe-core on the pages the customer used (`inaccessible`); `accessibility: false` off.
    accessibility: bool = True
    source: Path | None = None  # the shopper.yaml read, if any
    secrets: set[str] = field(default_factory=set)  # names of ${secrets.X} used in it


def find_config(explicit: Path | None, journeys_dir: Path | None) -> Path | None:
    """`--config`, else ./shopper.yaml, else shopper.yaml beside the journeys folder."""
    if explicit is not None:
        if not explicit.is_file():
            raise ShopperError(f"--config {explicit}: no such file")
        return explicit
    here = Path.cwd() / CONFIG_NAME
    if here.is_file():
        return here
    if journeys_dir is not None:
        beside = journeys_dir.parent / CONFIG_NAME
        if beside.is_file():
            return beside
    return None


def load_settings(path: Path | None, env: Mapping[str, str]) -> Settings:
    """Settings from `path`; the defaults for None.

    Raises ConfigError at the first bad place (file:line:col); when there are several, its
    `render()` shows them all and `errors` lists them, so one edit fixes the file.
    """
    if path is None:
        return Settings()
    source = read_source(path, cls=ConfigError)
    errors: list[ConfigError] = [_as_config_error(error) for error in source.errors]
    if not isinstance(source.data, dict):
        raise ConfigError("shopper.yaml should be a mapping of settings (base_url, budgets, …)",
                          source.location(()), snippet=source.snippet(source.location(())))
    secrets = _resolve_templates(source, env, errors)
    errors.extend(schema_errors(source, SCHEMA, cls=ConfigError))
    if errors:
        raise _combined(errors)
    settings = _build(source, path, errors)
    if errors:
        raise _combined(errors)
    settings.secrets = secrets
    return settings


def _as_config_error(error) -> ConfigError:
    return ConfigError(error.message, error.location, snippet=error.snippet, hint=error.hint)


def _combined(errors: list[ConfigError]) -> ConfigError:
    """One ConfigError (the first problem) whose render() shows them all."""
    errors = sorted(errors, key=lambda error: (error.location.line, error.location.column)
                    if error.location else (0, 0))
    first = errors[0]
    first.errors = errors  # type: ignore[attr-defined]
    if len(errors) == 1:
        return first
    rest = "\n\n".join(error.render() for error in errors[1:])
    snippet = (first.snippet or "") + ("\n\n" if first.snippet else "") + rest
    combined = ConfigError(first.message, first.location, snippet=snippet, hint=first.hint)
    combined.errors = errors  # type: ignore[attr-defined]
    return combined


def _resolve_templates(source: Source, env: Mapping[str, str], errors: list) -> set[str]:
    secrets: set[str] = set()
    for path, text in list(strings_in(source.data)):
        problems = values.problems(text, allowed_kinds=("env", "secrets"))
        for offset, problem in problems:
            errors.append(source.error(path, problem, offset=offset, cls=ConfigError))
        if problems:
            continue
        secrets.update(name for kind, name in values.references(text) if kind == "secrets")
        try:
            resolved = values.resolve_env(text, env)
        except MissingEnvValue as missing:
            errors.append(source.error(path, str(missing), cls=ConfigError))
            continue
        _assign(source.data, path, resolved)
    return secrets


def _assign(data: Any, path: JsonPath, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _build(source: Source, path: Path, errors: list) -> Settings:
    data: dict[str, Any] = source.data
    settings = Settings(source=path)
    settings.base_url = data.get("base_url")
    if "out" in data:
        # Like pytest's ini paths: relative to the settings file, not wherever we were run.
        settings.out = path.parent / data["out"]
    settings.workers = data.get("workers", settings.workers)
    settings.browser = data.get("browser", settings.browser)
    if "timezone" in data:
        try:
            ZoneInfo(data["timezone"])
            settings.timezone = data["timezone"]
        except (ZoneInfoNotFoundError, ValueError):
            errors.append(source.error(("timezone",), f"`{data['timezone']}` is not a time "
                                       "zone; write an IANA name such as Europe/London",
                                       cls=ConfigError))
    for name, value in data.get("budgets", {}).items():
        settings.budgets[name] = parse_duration(value) if name in TIME_BUDGETS else value
    if "mailbox" in data:
        problem = mailbox_problem(data["mailbox"])
        if problem:
            errors.append(source.error(("mailbox",), problem, cls=ConfigError))
        settings.mailbox = data["mailbox"]
    if "outgoing" in data:
        from runner.mail.outgoing import outgoing_problem

        problem = outgoing_problem(data["outgoing"])
        if problem:
            errors.append(source.error(("outgoing",), problem, cls=ConfigError))
        settings.outgoing = data["outgoing"]
    for kind, patterns in data.get("patterns", {}).items():
        for index, pattern in enumerate(patterns):
            try:
                re.compile(pattern, re.IGNORECASE)
            except re.error as error:
                errors.append(source.error(("patterns", kind, index),
                                           f"`{pattern}` is not a valid regular expression: "
                                           f"{error.msg}", offset=error.pos or 0,
                                           cls=ConfigError))
        settings.patterns[kind] = list(patterns)
    settings.allow_hosts = list(data.get("allow_hosts", []))
    context = data.get("context", {})
    settings.context = ContextOptions(
        http_credentials=context.get("http_credentials"),
        extra_http_headers=dict(context.get("extra_http_headers", {})),
        ignore_https_errors=context.get("ignore_https_errors", False),
        proxy=context.get("proxy"))
    settings.identify = data.get("identify", True)
    settings.retry_after_submit = bool(data.get("retry_after_submit", False))
    settings.accessibility = bool(data.get("accessibility", True))
    settings.notify = [{"url": hook["url"], "on": list(hook.get("on", NOTIFY_EVENTS)),
                        "format": hook.get("format", "json"),
                        **({"report_url": hook["report_url"]} if "report_url" in hook else {})}
                       for hook in data.get("notify", [])]
    return settings


def mailbox_problem(url: str) -> str | None:
    """Why `url` cannot be a mailbox (README), or None when it can."""
    expected = ("expected smtp://HOST:PORT, imap://USER:PASSWORD@HOST[:PORT]/FOLDER, "
                "imaps://… or maildir:PATH")
    if url.startswith("maildir:"):
        return None if url[len("maildir:"):].strip() else f"`{url}` has no folder; {expected}"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return f"`{url}` is not a mailbox address; {expected}"
    if parts.scheme == "smtp":
        if not parts.hostname or port is None:
            return f"`{url}` needs a host and a port, like smtp://127.0.0.1:2525"
        return None
    if parts.scheme in ("imap", "imaps"):
        if not parts.hostname:
            return f"`{url}` has no host; {expected}"
        return None
    return f"`{url}` is not a mailbox address; {expected}"
