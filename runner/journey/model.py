"""What a journey *is*, once loaded: plain dataclasses that remember where they came from.

The loader (load.py) builds these from YAML; the engine walks them. Every object that a user
wrote keeps its `Location`, so any later complaint can point at the line.

Strings that depend on the run (`${persona.X}`, `${saved.X}`, `${run.id}`, `${secrets.X}`)
are kept as templates here and filled in by the engine through `values.render`; `${env.X}`
is resolved at load time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

CHANNELS = ("contact-form", "chat", "refund", "email", "browse", "other")

# Actions a customer performs (they count towards `too-many-steps` and stop the journey when
# they fail), as opposed to the waiting and judging actions.
CUSTOMER_ACTIONS = ("goto", "click", "fill", "select", "check", "press", "upload", "say",
                    "open_email_link")
WAITING_ACTIONS = ("wait", "expect_ack", "expect_reply", "expect_email")


@dataclass(frozen=True)
class Location:
    file: str
    line: int  # 1-based
    column: int  # 1-based

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Locator:
    """A Playwright selector string, or one of the `get_by_*` family.

    `by` is None for a selector string; otherwise one of role, label, text, placeholder,
    testid, alt, title. For `role`, `value` is the role and `name` the accessible name.
    """

    selector: str | None = None
    by: str | None = None
    value: str | None = None
    name: str | None = None
    exact: bool = False

    def describe(self) -> str:
        if self.selector is not None:
            return self.selector
        if self.by == "role":
            return f"role={self.value}" + (f"[name='{self.name}']" if self.name else "")
        return f"{self.by}={self.value}"


@dataclass(frozen=True)
class FieldValue:
    """One field to fill, option to choose, key to press or file to attach."""

    locator: Locator | None  # None only for a page-wide `press`
    value: str  # a template (see module doc); for upload, an absolute file path


@dataclass(frozen=True)
class Expectation:
    kind: Literal["text", "not_text", "visible", "url", "title"]
    text: str | None = None  # literal text for text/not_text, a regex for url/title
    locator: Locator | None = None  # for visible


@dataclass(frozen=True)
class AckSpec:
    within_ms: float  # the window; the budget lives in Journey.sla / settings
    text: tuple[str, ...] = ()  # regexes, any of them; empty = the built-in list
    reference: str | None = None  # regex, (?P<ref>) group is what `save` keeps
    promise: bool = False  # it must say when they will answer (README no-response-promise)
    # `promise:` given as patterns: these count as a promise besides the built-in family
    # (and `promise` is then True).
    promise_patterns: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReplySpec:
    within_ms: float
    text: tuple[str, ...] = ()
    handoff: bool = False


@dataclass(frozen=True)
class EmailSpec:
    within_ms: float
    to: str | None = None  # template; default the persona's email
    subject: str | None = None  # regex
    contains: str | None = None  # literal template
    # The email channel (README "Email journeys"): the answer judged as an acknowledgement
    # (as expect_ack judges a page), and/or it must come from a person.
    text: tuple[str, ...] = ()  # regexes, any of them; empty = the built-in family
    reference: str | None = None  # regex, case-sensitive; (?P<ref>) is what `save` keeps
    promise: bool = False
    promise_patterns: tuple[str, ...] = ()
    human: bool = False

    @property
    def is_acknowledgement(self) -> bool:
        return bool(self.text) or self.reference is not None or self.promise


@dataclass(frozen=True)
class SendEmailSpec:
    """The customer writes to the business (`send_email`)."""

    to: str | None = None  # template; with `reply`, default the sender of the mail answered
    subject: str | None = None  # template; with `reply`, default "Re: " + its subject
    body: str = ""  # template
    attachments: tuple[str, ...] = ()  # absolute paths
    reply: bool = False  # answer the last matched email, in its thread


@dataclass(frozen=True)
class LinkCheckSpec:
    same_origin: bool = True
    limit: int = 50


@dataclass(frozen=True)
class EmailLinkSpec:
    pattern: str | None = None  # regex; None = the first http(s) link


@dataclass
class Step:
    index: int
    action: str  # the YAML action key
    # Parsed value, by action:
    #   goto: str template | click/check: Locator | fill/select/upload: list[FieldValue]
    #   press: list[FieldValue] (locator None = keyboard) | wait: float ms
    #   expect: Expectation | expect_ack: AckSpec | say: str template
    #   expect_reply: ReplySpec | expect_email: EmailSpec | check_links: LinkCheckSpec
    #   open_email_link: EmailLinkSpec | send_email: SendEmailSpec
    value: Any
    name: str  # given, or derived from the action ("goto /contact")
    location: Location
    sla_ms: float | None = None  # friction budget for this step's action
    timeout_ms: float | None = None  # hard limit; None = default (30 s, or `within`)
    optional: bool = False
    screenshot: bool = False
    save: str | None = None
    # `frame:`: the iframes the step's locators are looked up in, outermost first (README).
    frame: tuple[Locator, ...] = ()

    @property
    def is_customer_action(self) -> bool:
        return self.action in CUSTOMER_ACTIONS

    @property
    def is_waiting(self) -> bool:
        return self.action in WAITING_ACTIONS

    @property
    def captures(self) -> str | None:
        """What `save:` keeps from this step, or None when the step captures nothing.

        One rule everywhere: the pattern's `(?P<ref>…)` group if it has one, else the whole
        match. expect_ack with `reference` → "reference" (searched in the acknowledgement);
        expect_reply with `text` → "reply" (the first pattern matching the new reply);
        expect_email → "subject" (the `subject` pattern; without one, the whole subject line),
        or with `reference` → "reference" (searched in the answer, as expect_ack's).
        """
        if self.action == "expect_ack" and self.value.reference:
            return "reference"
        if self.action == "expect_reply" and self.value.text:
            return "reply"
        if self.action == "expect_email":
            return "reference" if self.value.reference else "subject"
        return None


@dataclass(frozen=True)
class ChatWidget:
    input: Locator
    agent_messages: Locator
    frame: str | None = None
    open: Locator | None = None
    send: Locator | None = None
    sender: Locator | None = None


@dataclass
class Journey:
    id: str
    name: str
    channel: str
    file: Path
    location: Location
    steps: list[Step]
    base_url: str | None = None
    persona_id: str | None = None  # None for an inline persona or none at all
    persona: dict[str, str] = field(default_factory=dict)  # field -> template
    schedule: str | None = None
    tags: list[str] = field(default_factory=list)
    device: str | None = None
    # Budgets given in the journey's `sla:` (ms for times, plain numbers for counts).
    sla: dict[str, float] = field(default_factory=dict)
    chat: ChatWidget | None = None
    timeout_ms: float = 600_000.0  # the whole journey's hard cap
    secrets: frozenset[str] = frozenset()  # names of ${secrets.X} the journey uses
    # `language:` (a code of runner.patterns.LANGUAGES): whose phrases are used besides
    # English when a page does not declare its own `<html lang>`. None: English only.
    language: str | None = None
    # `accessibility:` (README): axe-core on the pages the customer used; None: as
    # shopper.yaml says (on by default).
    accessibility: bool | None = None
