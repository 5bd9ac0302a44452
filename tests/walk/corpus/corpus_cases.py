"""The constructions of the corpus: for each, a journey a user would write for that page,
the verdict the tool owes it (SPEC §2, §3), and how its times compare with the page's truth.

Used by tests/walk/corpus/test_corpus_verdicts.py and bench/corpus.py. A `Verdict` says what the
tool concluded (status, finding codes), how far its times were from the page's own record
(ms), and every way that differs from what is expected (`problems`; none means right).

Decisions taken from SPEC §2 "When the tool, not the site, is stuck", written down here:

- A form in a CLOSED shadow root: the customer can use it, no script can reach it: `error`
  ("not measured"), no finding, and the failure says "closed shadow root".
- A consent dialog covering the Send button: the click is taken by the dialog. The customer
  meets it too and must answer it before going on, so it stays the site's `dead-end` on that
  click (the journey stops, status `failed`); the failure names the covering element (the
  dialog, by its id or its name) and the step that dismisses it (one of its buttons). With
  the dismissing click in the journey, the same page is acknowledged like any other.
- A form in a cross-origin iframe, walked without `frame:`: the locator matches nothing in
  the page, yet the customer could have gone on (the form is right there), so it is not the
  site's dead end: `error`, no finding, and the failure names the frame and the `frame:` to
  write. Walked with `frame:` (SPEC §2 "Step keys"), it is acknowledged and timed.
- console.error is not an error the customer meets: no finding. An uncaught exception and
  an unhandled promise rejection ("Uncaught (in promise)") are uncaught script errors:
  `page-error`.

The times, against the page's own record (corpus_site.py), within ±20 ms:

- `ack`: ack_ms against ackShownAt (the page's script, right after it inserted or revealed
  the text) − the moment the customer's click or submit reached the page (the page's first
  listener, a capture listener on window, runs right after the tool's probe).
- `load`: where a step's duration ends (the moment the walk called Playwright's click, plus
  duration_ms) against the next page's loadEventEnd. The click reaches the page 25-90 ms
  after that call (Playwright scrolls, waits for the button to be still, hit-tests), which
  is the tool's time: so the page's "click → loaded" cannot be compared with duration_ms.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from corpus_site import CorpusSite
from playwright.sync_api import Browser, Locator, Playwright

from runner.checks import CheckContext
from runner.config import load_settings
from runner.journey.load import load_journeys
from runner.nightly.shop import shop
from runner.patterns import Patterns
from runner.results.model import RunResult
from runner.walk.browser import BrowserInfo
from runner.walk.engine import RunOptions, new_run_id

TOLERANCE_MS = 20.0  # |measured − truth| allowed for every time compared

PERSONA = 'persona: {name: Ann Example, email: "ann+${run.id}@example.com"}'


@dataclass(frozen=True)
class Construction:
    name: str
    what: str  # one line: the real-world construction
    journey: str  # YAML; `{persona}` is filled in
    status: str  # the journey status the tool owes this page
    codes: tuple[str, ...] = ()  # the finding codes it owes, sorted
    ack_timed: bool = False  # ack_ms must equal the page's ackShownAt − actionAt
    load_end_of_step: int | None = None  # this step's duration must end at the page's loadEnd
    says: tuple[str, ...] = ()  # regexes the failure (run error, step errors, findings) says
    truth_keys: tuple[str, ...] = ()  # what the page must have recorded: it did its part
    extra: Callable[[RunResult, dict], list[str]] | None = None
    # Walked this many times, every walk right: where the tool can win a race by luck, a
    # fix must win it every time.
    walks: int = 1

    @property
    def expected(self) -> str:
        return f"{self.status} [{', '.join(self.codes)}]"


@dataclass
class Verdict:
    construction: Construction
    status: str
    codes: tuple[str, ...]
    timing_ms: dict[str, float] = field(default_factory=dict)  # what -> measured − truth
    problems: list[str] = field(default_factory=list)
    result: RunResult | None = None
    truth: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def verdict(self) -> str:
        return f"{self.status} [{', '.join(self.codes)}]"

    def timing(self) -> str:
        if not self.timing_ms:
            return "-"
        return ", ".join(f"{what} {error:+.1f}" for what, error in self.timing_ms.items())

    def explain(self) -> str:
        lines = [f"{self.construction.name}: got {self.verdict}, expected "
                 f"{self.construction.expected}"]
        lines += [f"  - {problem}" for problem in self.problems]
        if self.result is not None:
            if self.result.error:
                lines.append(f"  run error: {self.result.error}")
            for step in self.result.steps:
                lines.append(f"  step {step.index + 1} {step.action} {step.status} "
                             f"{step.duration_ms:.0f} ms {step.measured} {step.error or ''}")
            for finding in self.result.findings:
                lines.append(f"  finding {finding.code}: {finding.message}")
        return "\n".join(lines)


# --- the journeys ------------------------------------------------------------------------

def _ack_step(**asked: str) -> str:
    inner = ", ".join(f"{k}: {v}" for k, v in asked.items())
    return f"  - expect_ack: {{{inner}}}\n" if inner else "  - expect_ack: {}\n"


def _journey(name: str, steps: str, sla: str = "") -> str:
    head = f"name: {name}\nchannel: contact-form\n{{persona}}\n"
    if sla:
        head += f"sla: {sla}\n"
    return head + "steps:\n" + steps


def fill(*fields: tuple[str, str], header: str = "  - fill:\n") -> str:
    """A `fill` step of (label, value) pairs, each found by its label as a customer reads it."""
    lines = "".join(f"      - {{locator: {{label: {json.dumps(label, ensure_ascii=False)}}}, "
                    f"value: {json.dumps(value, ensure_ascii=False)}}}\n"
                    for label, value in fields)
    return header + lines


NAME = "${persona.name}"
EMAIL = "${persona.email}"
COMPLAINT = "My order 10482 arrived with a cracked lid."


def contact(name: str = "Name", email: str = "Email", message: str = "Message",
            header: str = "  - fill:\n") -> str:
    return fill((name, NAME), (email, EMAIL), (message, COMPLAINT), header=header)


def _reference_is(expected: str) -> Callable[[RunResult, dict], list[str]]:
    def check(result: RunResult, truth: dict) -> list[str]:
        acks = [s for s in result.steps if s.action == "expect_ack"]
        got = acks[-1].measured.get("reference") if acks else None
        return [] if got == expected else [f"reference {got!r}, expected {expected!r}"]
    return check


def _filled_visible_form(result: RunResult, truth: dict) -> list[str]:
    action = truth.get("actionAt") or {}
    problems = []
    if action.get("form") != "billing-question":
        problems.append(f"the form submitted was {action.get('form')!r}, not the visible "
                        "'billing-question'")
    if not str(action.get("email", "")).endswith("@example.com"):
        problems.append(f"the visible form's Email held {action.get('email')!r}")
    return problems


ACK_TRUTH = ("actionAt", "ackShownAt")
ACK_SLA = "{acknowledgement: 2500ms}"  # every acknowledgement here comes inside 1.6 s
MISSING_SLA = "{acknowledgement: 1s}"  # and where none comes, the customer waits 2 s
FRAME = '"iframe#hs-form-iframe-0"'


# The customer reads the answer for a moment: the page's last truth reaches the server
# before the journey closes the page.
READS = "  - wait: 500ms\n"


def click(name: str, *, exact: bool = False) -> str:
    return (f"  - click: {{role: button, name: {json.dumps(name, ensure_ascii=False)}"
            + (", exact: true" if exact else "") + "}\n")


def contact_journey(name: str, path: str, *steps: str, ack: str = "promise: true",
                    within: str = "5s", sla: str = ACK_SLA, then: str = READS) -> str:
    asked = f"within: {within}" + (f", {ack}" if ack else "")
    return _journey(name, f"  - goto: {path}\n" + "".join(steps)
                    + f"  - expect_ack: {{{asked}}}\n" + then, sla=sla)


def reference(pattern: str) -> str:
    return f'reference: "(?P<ref>{pattern})", promise: true'


def _language(lang: str, path: str, labels: tuple[str, str, str], button: str
              ) -> Construction:
    return Construction(
        f"language-{lang}", f'<html lang="{lang}"> page, promise: true, built-in phrases',
        contact_journey(f"Contact ({lang})", path, contact(*labels), click(button)),
        "passed", ack_timed=True, truth_keys=ACK_TRUTH)


def _script_fault(fault: str, what: str, codes: tuple[str, ...]) -> Construction:
    return Construction(
        f"script-{fault}", what,
        contact_journey(f"Studio enquiry ({fault})", f"/studio/start?fault={fault}",
                        contact(message="Project details"), click("Send enquiry")),
        "passed", codes, ack_timed=True, truth_keys=ACK_TRUTH)


def _post_then_slow_page(name: str, then: str, what: str, walks: int = 1) -> Construction:
    return Construction(
        name, what,
        contact_journey("Book a call back", f"/callback/book?then={then}",
                        fill(("Phone", "020 7946 0018")), click("Request call back"),
                        sla="{acknowledgement: 2500ms, step: 1s}",
                        then="  - wait: 1s\n"),  # the page finishes loading meanwhile
        "passed", ("slow-step",), ack_timed=True, load_end_of_step=2,
        truth_keys=(*ACK_TRUTH, "loadEnd"), walks=walks)


CONSTRUCTIONS: tuple[Construction, ...] = (
    Construction(
        "open-shadow-form", "web component: form and its message in an open shadow root",
        contact_journey("Support form in a web component", "/outdoor/support",
                        contact(name="Your name"), click("Send message"),
                        ack=reference(r"SR-\\d{5}")),
        "passed", ack_timed=True, truth_keys=ACK_TRUTH, extra=_reference_is("SR-48213")),
    Construction(
        "closed-shadow-ack", "light-DOM request form; its flash message in a closed shadow root",
        contact_journey("Help center request", "/hc/requests/new",
                        fill(("Your email address", EMAIL), ("Subject", "Lid cracked"),
                             ("Description", COMPLAINT)),
                        click("Submit"), ack=reference(r"CX-\\d{5}")),
        "passed", ack_timed=True, truth_keys=ACK_TRUTH, extra=_reference_is("CX-20931")),
    Construction(
        "closed-shadow-form", "a call-back form entirely inside a closed shadow root",
        contact_journey("Call back widget", "/energy/callback",
                        fill(("Email", EMAIL), header="  - timeout: 3s\n    fill:\n"),
                        click("Call me back")),
        "error", says=(r"closed shadow root",)),
    Construction(
        "consent-overlay", "Cookiebot-style role=dialog over the page takes the Send click",
        contact_journey("Contact behind a consent dialog", "/tea/contact", contact(),
                        "  - timeout: 3s\n" + click("Send", exact=True).replace("  - ", "    ")),
        "failed", ("dead-end",),
        says=(r"CybotCookiebotDialog|This website uses cookies",
              r"Allow all|Use necessary cookies only")),
    Construction(
        "consent-dismissed", "the same page, the consent dialog answered first",
        contact_journey("Contact after the consent dialog", "/tea/contact", click("Allow all"),
                        contact(), click("Send", exact=True)),
        "passed", ack_timed=True, truth_keys=ACK_TRUTH),
    Construction(
        "iframe-with-frame", "HubSpot-style form in a cross-origin iframe, steps with `frame:`",
        contact_journey("Embedded sales form", "/pages/contact-us",
                        contact(name="First name", header=f"  - frame: {FRAME}\n    fill:\n"),
                        f"  - frame: {FRAME}\n" + click("Submit").replace("  - ", "    ")),
        "passed", ack_timed=True, truth_keys=ACK_TRUTH),
    Construction(
        "iframe-without-frame", "the same embedded form, journey written without `frame:`",
        contact_journey("Embedded sales form, no frame", "/pages/contact-us",
                        contact(name="First name", header="  - timeout: 3s\n    fill:\n"),
                        click("Submit")),
        "error", says=(r"hs-form-iframe-0|Form 0", r"frame:")),
    Construction(
        "spa-pushstate", "single-page app: fetch, pushState to /thanks, thank-you view",
        contact_journey("SPA contact", "/app/contact", contact(message="How can we help?"),
                        click("Send"), ack=reference(r"TK-\\d{5}"),
                        then="  - expect: {url: /app/contact/thanks}\n" + READS),
        "passed", ack_timed=True, truth_keys=ACK_TRUTH, extra=_reference_is("TK-55120")),
    Construction(
        "cms-thanks-chrome-only",
        "form post, 303 to a thank-you page: only its header, nav and footer say thanks",
        contact_journey("Dental appointment", "/dental/appointment",
                        fill(("Full name", NAME), ("Email", EMAIL), ("Phone", "020 7946 0018")),
                        click("Request appointment"), ack="", within="2s",
                        sla=MISSING_SLA),
        "passed", ("missing-acknowledgement",), truth_keys=("actionAt",)),
    Construction(
        "cms-thanks-late-main",
        "the same, the main content's acknowledgement written 1.4 s after the page loaded",
        contact_journey("Dental appointment online", "/dental/appointment-online",
                        fill(("Full name", NAME), ("Email", EMAIL), ("Phone", "020 7946 0018")),
                        click("Request appointment")),
        "passed", ack_timed=True, truth_keys=ACK_TRUTH),
    Construction(
        "aria-live-toast", "Bootstrap-style toast in an aria-live region, hidden again after 3 s",
        contact_journey("Quote request", "/agency/quote",
                        contact(name="Company", email="Work email", message="Project brief"),
                        click("Send brief")),
        "passed", ack_timed=True, truth_keys=ACK_TRUTH),
    Construction(
        "late-reference", '"Thanks!" at once; the reference fetched and added 600 ms later',
        contact_journey("Help desk question", "/desk/ask",
                        fill(("Email", EMAIL), ("Your question", "Can I raise my card limit?")),
                        click("Send question"), ack=reference(r"HD-\\d{5}")),
        "passed", ack_timed=True, truth_keys=(*ACK_TRUTH, "referenceShownAt"),
        extra=_reference_is("HD-73104")),
    Construction(
        "controlled-form", "React-style controlled form, submit disabled until fields are valid",
        contact_journey("Insurance contact", "/react/contact",
                        contact(name="Full name", email="Email address",
                                message="How can we help?"),
                        click("Send request")),
        "passed", ack_timed=True, truth_keys=ACK_TRUTH),
    Construction(
        "wizard-3-steps", "three-step claim wizard, one fieldset shown at a time",
        contact_journey("Claim wizard", "/claims/new",
                        fill(("First name", "Ann"), ("Email", EMAIL)), click("Continue"),
                        fill(("Order number", "10482")),
                        '  - select: {"#w-reason": Arrived damaged}\n', click("Continue"),
                        fill(("Tell us more", "The lid is cracked.")), click("Submit claim"),
                        ack=reference(r"CL-\\d{5}")),
        "passed", ack_timed=True, truth_keys=ACK_TRUTH, extra=_reference_is("CL-88231")),
    _script_fault("console", "console.error from a third-party widget on submit", ()),
    _script_fault("uncaught", "uncaught TypeError in the submit handler (analytics missing)",
                  ("page-error",)),
    _script_fault("rejection", "unhandled promise rejection on submit", ("page-error",)),
    _language("de", "/de/kontakt", ("Name", "E-Mail", "Ihre Nachricht"), "Absenden"),
    _language("fr", "/fr/contact", ("Nom", "Adresse e-mail", "Votre message"), "Envoyer"),
    _language("es", "/es/contacto", ("Nombre", "Correo electrónico", "Su mensaje"), "Enviar"),
    _post_then_slow_page(
        "post-then-slow-page", "json",
        "click posts with fetch, reads the answer, sets location: the next page is slow",
        walks=10),
    _post_then_slow_page(
        "post-tag-then-slow-page", "tag",
        "the same, location set by an analytics tag's event_callback 150 ms after the answer"),
    Construction(
        "hidden-twin", "two forms with the same labels, the first one (an invoice copy) hidden",
        contact_journey("Billing question", "/billing/help",
                        fill(("Email", EMAIL), ("Message", "Why was I billed twice?"),
                             header="  - timeout: 3s\n    fill:\n"),
                        click("Send")),
        "passed", ack_timed=True, truth_keys=ACK_TRUTH, extra=_filled_visible_form),
    Construction(
        "footer-powered-by",
        "'Thank you … Powered by …' in <footer><nav> before the click, re-rendered after it",
        contact_journey("Birch contact", "/store/contact", contact(), click("Send"),
                        ack="", within="2s",
                        sla=MISSING_SLA),
        "passed", ("missing-acknowledgement",), truth_keys=("actionAt", "footerRenderedAt")),
)

BY_NAME = {c.name: c for c in CONSTRUCTIONS}


# --- walking and judging -----------------------------------------------------------------

class CorpusWalker:
    """Writes a construction's journey, loads it like `shopper run`, walks and judges it
    (runner.nightly.shop, as a worker does), and compares the result with the page's truth."""

    def __init__(self, pw: Playwright, browser: Browser, info: BrowserInfo, site: CorpusSite,
                 folder: Path):
        self.pw, self.browser, self.info, self.site = pw, browser, info, site
        self.folder = folder
        self.journeys = folder / "journeys"
        self.journeys.mkdir(parents=True, exist_ok=True)
        self.settings = load_settings(None, os.environ)

    def walk_all(self, construction: Construction) -> tuple[Verdict, int]:
        """The walks the construction asks for, up to the first wrong one: its verdict
        (else the last walk's), and how many walks were right before it."""
        right = 0
        while True:
            verdict = self.walk(construction)
            if not verdict.ok or right + 1 == construction.walks:
                return verdict, right + verdict.ok
            right += 1

    def walk(self, construction: Construction) -> Verdict:
        self.site.truth.clear()
        began = time.time() * 1000.0  # a late record of the walk before is not this one's
        path = self.journeys / f"{construction.name.replace('-', '_')}.yaml"
        path.write_text(construction.journey.replace("{persona}", PERSONA), encoding="utf-8")
        loaded = load_journeys([path], self.settings, os.environ)
        if loaded.errors:
            errors = "; ".join(e.render().splitlines()[0] for e in loaded.errors)
            return Verdict(construction, "invalid", (), problems=[
                f"the journey does not load: {errors}"])
        run_id = new_run_id()
        options = RunOptions(run_id=run_id, run_dir=self.folder / "reports" / "runs" / run_id,
                             settings=self.settings, base_url=self.site.url, trace="off")
        context = CheckContext(patterns=Patterns.from_settings(self.settings.patterns))
        with _clicks_called() as clicks:
            result = shop(self.pw, self.browser, self.info, loaded.journeys[0], options,
                          context)
        truth = self.site.wait_for_truth(construction.truth_keys, since=began)
        return judge_against_truth(construction, result, {**truth, "clicksCalledAt": clicks})


@contextmanager
def _clicks_called() -> Iterator[list[float]]:
    """When the walk called Playwright's click (epoch ms, the clock the page's times are
    on): the moment a click step's timer starts, give or take microseconds."""
    called: list[float] = []
    real = Locator.click

    def click(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        called.append(time.time() * 1000.0)
        return real(self, *args, **kwargs)

    Locator.click = click
    try:
        yield called
    finally:
        Locator.click = real


def judge_against_truth(construction: Construction, result: RunResult, truth: dict
                        ) -> Verdict:
    codes = tuple(sorted(f.code for f in result.findings))
    verdict = Verdict(construction, result.status, codes, result=result, truth=truth)
    problems = verdict.problems
    if result.status != construction.status:
        problems.append(f"status {result.status!r}, expected {construction.status!r}")
    if codes != tuple(sorted(construction.codes)):
        problems.append(f"findings {list(codes)}, expected {list(construction.codes)}")
    missing = [key for key in construction.truth_keys if key not in truth]
    if missing:
        problems.append(f"the page never recorded {missing}: it did not do its part")
    if construction.ack_timed:
        _compare_ack(result, truth, verdict)
    if construction.load_end_of_step is not None:
        _compare_load_end(result, truth, construction.load_end_of_step, verdict)
    if construction.says:
        said = "\n".join(filter(None, [result.error, *(s.error for s in result.steps),
                                       *(f.message for f in result.findings)]))
        for pattern in construction.says:
            if not re.search(pattern, said):
                problems.append(f"the failure does not say /{pattern}/: {said[:300]!r}")
    if construction.extra is not None:
        problems.extend(construction.extra(result, truth))
    return verdict


def _compare_ack(result: RunResult, truth: dict, verdict: Verdict) -> None:
    acks = [s for s in result.steps if s.action == "expect_ack"]
    ack_ms = acks[-1].measured.get("ack_ms") if acks else None
    if ack_ms is None:
        verdict.problems.append("no ack_ms measured")
        return
    if "ackShownAt" not in truth or "actionAt" not in truth:
        return  # said above: the page did not do its part
    reached = _reached(truth["actionAt"])
    true_ms = truth["ackShownAt"]["at"] - reached
    error = ack_ms - true_ms
    verdict.timing_ms["ack"] = error
    if abs(error) > TOLERANCE_MS:
        trigger_at = acks[-1].observed.get("trigger_at") or 0.0
        verdict.problems.append(
            f"ack_ms {ack_ms:.1f}, truth {true_ms:.1f} ({error:+.1f} ms): the trigger "
            f"{trigger_at - reached:+.1f} ms from the page's, the acknowledgement "
            f"{trigger_at + ack_ms - truth['ackShownAt']['at']:+.1f} ms from the page's")


def _reached(action: dict) -> float:
    """When the customer's action reached the page: its first listener after the tool's
    probe (a capture listener on window), else the page's handler. Under load the handler
    can run tens of ms after the event arrived (measured: 35 ms once); that stall is the
    page's, and the tool rightly times from the arrival."""
    event = action.get("event") or {}
    return event.get("at") or action["at"]


def _compare_load_end(result: RunResult, truth: dict, index: int, verdict: Verdict) -> None:
    """The step must end when the page it led to had loaded (loadEventEnd, on the page's
    clock). The step's timer starts as the tool calls Playwright's click, 25-90 ms before the
    click reaches the page (Playwright scrolls, waits for the button to be still, hit-tests):
    the walk notes that call (`clicksCalledAt`, the last before the click reached the page),
    so the step's end is that call + duration_ms."""
    step = result.steps[index]
    action, load = truth.get("actionAt") or {}, truth.get("loadEnd") or {}
    reached = _reached(action) if action else None
    calls = [at for at in truth.get("clicksCalledAt", []) if reached and at <= reached]
    if step.status != "passed" or not calls or "loadEnd" not in load:
        verdict.problems.append(f"step {index + 1}'s end cannot be compared with the page's "
                                f"load (step {step.status}, click called: {bool(calls)}, "
                                f"page loaded: {'loadEnd' in load})")
        return
    ended_at = calls[-1] + step.duration_ms
    error = ended_at - load["loadEnd"]
    verdict.timing_ms["load"] = error
    if abs(error) > TOLERANCE_MS:
        verdict.problems.append(
            f"step {index + 1} ({step.duration_ms:.1f} ms) ended {error:+.1f} ms from the "
            f"moment the page it led to had loaded "
            f"({load['loadEnd'] - reached:.1f} ms after the click reached the page)")
