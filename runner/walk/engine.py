"""Walk one journey in a fresh browser context, one timed action per step.

The engine records; it does not judge. It knows nothing of checks, the store or reports: it
returns a `RunResult` whose steps carry their timings, measurements and what the page showed
(`observed`), and the worker hands that to the checks. The only decisions made here are the
ones the customer makes: stop when they cannot go on, skip what they never reached.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets as random_tokens
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Error, Page, Playwright

from runner.config import Settings
from runner.errors import MissingSavedValue, ShopperError
from runner.journey.model import Journey, Step
from runner.journey.values import Scope, masked, masker, references, render, secret_values
from runner.journey.yaml_source import strings_in
from runner.mail import MailboxUnreachable, NoMailbox
from runner.patterns import Patterns
from runner.results.atomic import write_text_atomic
from runner.results.model import NEVER_CAPTURED, RunResult, StepResult, utc_now_iso
from runner.walk import accessibility, chat, identity, page_review, page_scripts, video
from runner.walk import session as session_scripts
from runner.walk.browser import BrowserInfo
from runner.walk.outcomes import HttpError, NotMeasured, Outcome, SiteUnreachable, StepFailed
from runner.walk.page_review import PageReview, scans_pages
from runner.walk.runner_health import cpu_times, health_since
from runner.walk.session import Session
from runner.walk.steps.catalogue import ACTIONS
from runner.walk.tabs import Tabs, TabSpec
from runner.walk.trace_steps import StepGroups

PROBE_JS = (Path(__file__).parent / "probe.js").read_text(encoding="utf-8")
# Beside the probe, in every document: page experience (vitals.js) and the elements the
# customer used (used.js), read once a step (runner/walk/page_review.py).
PROBE_JS += "".join((Path(__file__).parent / name).read_text(encoding="utf-8")
                    for name in ("vitals.js", "used.js"))
# ...and the functions the tool reads the page with, called there by name.
PROBE_JS += page_scripts.install((*session_scripts.PAGE_SCRIPTS, chat.MESSAGES,
                                  page_review.STATE))
PROBE_BINDING = "__shopperEvent"  # how probe.js hands customer actions to the session
# After a rejected submission, how long the page gets to show its field errors before the
# tool reads it: a site that says "please enter a valid email" deserves to be quoted.
HTTP_ERROR_GRACE_MS = 300.0


# (page after the action, page before it, what the customer did) -> (reason, evidence) | None
LandingJudge = Callable[[dict, dict | None, str], "tuple[str, str] | None"]


@dataclass
class RunOptions:
    """How one `shopper run` (or one scheduler slot) walks its journeys."""

    run_id: str
    run_dir: Path
    settings: Settings
    base_url: str | None = None  # --base-url, wins over the journey's and the settings'
    trace: str = "retain-on-failure"  # on | off | retain-on-failure
    video: str = "off"  # on | off | retain-on-failure (runner/walk/video.py)
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    attempt: int = 1
    repeat_index: int | None = None
    on_step: Callable[[StepResult], None] | None = None
    # Reads the page a customer action landed on; a verdict such as ("error-page", evidence)
    # means the customer cannot go on. Given by the worker (the engine does not judge).
    landing_judge: LandingJudge | None = None
    # Where personas' mail is read when neither they nor the settings say (--mailbox), and
    # the run's own SMTP sinks (HOST:PORT -> the Maildir they write), started by the parent.
    mailbox: str | None = None
    mail_sinks: dict[str, Path] = field(default_factory=dict)
    # Playwright traces record the DOM and the network verbatim, and a video shows what was
    # typed, where no mask reaches: a journey that used a secret keeps its trace and video
    # only when the user opts in.
    keep_secret_traces: bool = False
    # Called with (page, journey, step) before each step is walked: `shopper run --debug`
    # pauses there, the worker tells the terminal which step it is on. A module-level
    # function, so a task carrying it can be sent to a worker process.
    before_step: Callable[[object, Journey, Step], None] | None = None


def new_run_id() -> str:
    stamp = time.strftime("%Y%m%dt%H%M%Sz", time.gmtime())
    return f"{stamp}-{random_tokens.token_hex(2)}"


def journey_run_id(journey: Journey, options: RunOptions) -> str:
    """One journey's walk in one run (and repeat): the same for every attempt, so the
    history holds a retried walk as one run with several attempts. Only [a-z0-9-], short
    enough for an address; when the id had to be shortened or respelled to get there, a
    hash of the exact id keeps two journeys (`contact_form`, `contact-form`) apart."""
    slug = re.sub(r"[^a-z0-9]+", "-", journey.id.lower()).strip("-")[:24] or "journey"
    if slug != journey.id:
        slug = f"{slug}-{hashlib.sha1(journey.id.encode()).hexdigest()[:4]}"
    parts = [slug, options.run_id]
    if options.repeat_index:
        parts.append(f"r{options.repeat_index}")
    parts.append("1")
    return re.sub(r"[^a-z0-9-]", "-", "-".join(parts).lower())


def run_token(journey: Journey, options: RunOptions) -> str:
    """`${run.id}`: unique to every journey, repeat and attempt (README), so a retried walk
    never reads the mail of the attempt before it. The first attempt's is the journey run id."""
    base = journey_run_id(journey, options)
    return base if options.attempt == 1 else f"{base}-a{options.attempt}"


def budgets_for(journey: Journey, settings: Settings) -> dict[str, float]:
    """Journey `sla:` first, then `shopper.yaml` budgets, then the built-in defaults."""
    return {**settings.budgets, **journey.sla}


def mailbox_for(persona: Mapping[str, str], options: RunOptions) -> str | None:
    """The persona's own `mailbox:` first, then --mailbox, then shopper.yaml (README)."""
    return persona.get("mailbox") or options.mailbox or options.settings.mailbox


def _step_budget(step: Step, settings: Settings, journey: Journey) -> float | None:
    if step.is_waiting:
        return None
    if step.sla_ms is not None:
        return step.sla_ms
    return budgets_for(journey, settings).get("step")


def new_result(journey: Journey, options: RunOptions, browser: dict) -> RunResult:
    """A journey run before its first step: every step still to come. The worker pool uses
    it too, for runs that never reached the engine (skipped, aborted, a dead worker)."""
    settings = options.settings
    return RunResult(
        run_id=options.run_id,
        journey={"id": journey.id, "name": journey.name, "channel": journey.channel,
                 "file": _display_path(journey.file)},
        persona={"id": journey.persona_id, "name": journey.persona.get("name")},
        journey_run_id=journey_run_id(journey, options), attempt=options.attempt,
        started_at=utc_now_iso(), browser=browser, budgets=budgets_for(journey, settings),
        steps=[StepResult(index=s.index, name=s.name, action=s.action, line=s.location.line,
                          optional=s.optional, budget_ms=_step_budget(s, settings, journey))
               for s in journey.steps],
    )


def run_journey(pw: Playwright, browser: Browser, info: BrowserInfo, journey: Journey,
                options: RunOptions, tabs: Tabs | None = None) -> RunResult:
    """Walk `journey` in a fresh context of `browser`. `tabs` (a worker's) may hand it a tab
    opened while the journey before walked, and is asked to open the next one while this
    journey waits for the site."""
    settings = options.settings
    run_id = run_token(journey, options)
    persona_name = journey.persona.get("name")
    stem = journey.id + (f"-{options.repeat_index}" if options.repeat_index else "")
    result = new_result(journey, options, info.as_dict())
    scope = Scope(persona={}, saved={}, run_id=run_id, env=options.env)
    secrets = secret_values(scope, journey.secrets) | _settings_secrets(settings, options.env)
    try:
        scope.persona = {k: render(v, scope) for k, v in journey.persona.items()}
        if persona_name is not None:
            result.persona["name"] = scope.persona.get("name")
    except Exception as exc:  # noqa: BLE001 - a value that cannot be resolved is bad input
        return _mask_result(_finish_with_error(result, f"could not fill in the persona: {exc}"),
                            secrets)

    base_url = options.base_url or journey.base_url or settings.base_url
    context: BrowserContext | None = None
    started = time.perf_counter()
    began_at = time.time() * 1000.0
    cpu_at_start = cpu_times()
    session: Session | None = None
    groups: StepGroups | None = None  # the trace's step groups, when traced
    tabs = tabs or Tabs(browser, PROBE_JS, PROBE_BINDING)
    traced, filmed = _recorded(journey, settings, options)
    recording: dict = {}
    try:
        context_options = _context_options(pw, browser, journey, settings, scope,
                                           result.journey_run_id)
        if filmed:
            recording = video.recording_options(context_options)
            context_options |= recording
        spec = TabSpec(
            options=context_options,
            # X-Mystery-Shopper on the journey's own origin only: on a third party a custom
            # header would cause CORS preflights the real customer never causes.
            own_origin=(own_origin(base_url) if settings.identify == "header" and base_url
                        else None),
            traced=traced,
            full_trace=_full_trace(options),
            extra_script=accessibility.INSTALLER if scans_pages(journey, settings) else None)
        tab = tabs.open(spec)
        context, page = tab.context, tab.page
        if spec.traced:
            groups = StepGroups.for_trace(context.tracing, live=spec.full_trace)
        tab.marker.run_id = result.journey_run_id
        if settings.identify and browser.browser_type.name == "chromium":
            identity.tell_the_run(context, page, spec.options["user_agent"],
                                  result.journey_run_id)
        session = Session(
            journey=journey, context=context, page=page, scope=scope,
            patterns=Patterns.from_settings(settings.patterns),
            budgets=result.budgets, artifacts_dir=options.run_dir / stem,
            run_dir=options.run_dir, deadline=started + journey.timeout_ms / 1000.0,
            base_url=base_url, allow_hosts=tuple(settings.allow_hosts),
            identify=settings.identify == "header",
            says_who_shops=bool(settings.identify),
            secret_values=secrets,
            began_at=began_at,
            mailbox_url=mailbox_for(scope.persona, options),
            mail_sinks=dict(options.mail_sinks),
            outgoing=settings.outgoing,
            journey_run_id=result.journey_run_id,
        )
        tab.relay.listener = session.on_probe_event
        # The browser is idle while the customer waits for the site: tabs for the journeys
        # to come are opened then, never during a timed customer action.
        session.on_idle = lambda: tabs.prepare(spec)
        session.attach()
        if not spec.traced and options.trace != "off":
            result.artifacts["trace_withheld"] = (
                "the journey used a secret, and a trace records the page verbatim: not traced "
                "(--keep-secret-traces keeps it)")
        if not filmed and options.video != "off":
            result.artifacts["video_withheld"] = (
                "the journey used a secret, and a video shows what was typed: not recorded "
                "(--keep-secret-traces keeps it)")
        _walk(session, journey, result, started, options,
              groups=groups,
              finish_opening=tabs.finish_opening,
              # At the end only the next journey's tab: more would still be opening when
              # that journey starts, and slow it down.
              open_next=lambda: tabs.prepare(spec, up_to=1))
    except SiteUnreachable as exc:
        result.status = "error"
        result.error = f"no connection to the site: {exc}"
    except NotWalkable as exc:
        result.status = "error"
        result.error = str(exc)
    except NotMeasured as exc:  # the tool, not the site, could not go on
        result.status = "error"
        result.error = f"not measured: {exc}"
    except MailboxUnreachable as exc:  # the tool's fault, never a missing email
        result.status = "error"
        result.error = f"the mailbox cannot be read: {exc}"
    except ShopperError as exc:  # a value the run needs is missing (an unset secret)
        result.status = "error"
        result.error = str(exc)
    except Error as exc:  # the browser itself failed (crashed, closed): not the site's doing
        result.status = "error"
        result.error = f"the browser failed: {_first_line(exc)}"
        # Whatever killed this tab's renderer may have killed the tabs opened ahead too,
        # before their crash was heard of: the next journey gets one opened after it. (Not
        # waited for: the browser itself may be gone.)
        tabs.discard_ahead()
    except Exception as exc:  # noqa: BLE001 - a bug of ours must not lose the journey
        result.status = "error"
        result.error = f"internal error: {exc!r}"
        result.artifacts["traceback"] = traceback.format_exc(limit=8)
    finally:
        if session is not None and session.mailbox is not None:
            session.mailbox.close()
        if session is not None and result.status in ("failed", "error"):
            _keep_network(session, result)
        if context is not None:
            if groups is not None:
                _keep_trace(context, result, options, stem, groups)
            if filmed:
                _keep_video(context, page, result, options, stem)
            tabs.retire(context)
        # Every recording of the journey's tabs (a tab closed early, a popup, a context
        # that never reached its journey), once the context is closed and the kept one saved.
        video.forget_recordings(recording)
    result.finished_at = utc_now_iso()
    result.runner_health = health_since(cpu_at_start)
    if result.status == "error":
        for step in result.steps:
            if step.status == "skipped" and step.skip_reason is None:
                step.skip_reason = "not reached: the run could not continue"
    return _mask_result(result, secrets)


def _mask_result(result: RunResult, secrets: set[str]) -> RunResult:
    """Every string the run recorded, with its secrets masked: the last word, whatever a
    step, an exception or the site's echo of a form put there (README)."""
    if not secrets:
        return result
    mask = masker(secrets)
    for step in result.steps:
        _mask_step(step, mask)
    for name in ("journey", "persona", "transcript", "emails", "artifacts", "error", "stop"):
        setattr(result, name, masked(getattr(result, name), mask))
    return result


def _mask_step(step: StepResult, mask: Callable[[str], str]) -> None:
    for name in ("name", "url", "error", "skip_reason", "screenshot", "measured", "observed"):
        setattr(step, name, masked(getattr(step, name), mask))


def _uses_secrets(journey: Journey, settings: Settings) -> bool:
    """The journey, or what every browser context is given (credentials, headers), holds a
    `${secrets.…}`."""
    return bool(journey.secrets) or any(
        kind == "secrets" for _, text in strings_in(asdict(settings.context))
        for kind, _ in references(text))


def _recorded(journey: Journey, settings: Settings, options: RunOptions) -> tuple[bool, bool]:
    """Is the journey traced, and is its tab filmed? Neither for a journey that used a
    secret (a trace holds the page verbatim, a video what was typed), unless the user keeps
    those."""
    allowed = options.keep_secret_traces or not _uses_secrets(journey, settings)
    return allowed and options.trace != "off", allowed and options.video != "off"


def _full_trace(options: RunOptions) -> bool:
    """A trace with the screenshot stream and DOM snapshots. They cost ~0.35 s of CPU on every
    journey, traced or kept or not (bench/cpu.py), so by default a first attempt records the
    actions only (Playwright records the network only with snapshots), and the tool keeps
    its own screenshot, the page's HTML and network.json of a failure; a retry (`--retries`)
    is traced in full, as is every journey with `--trace on`."""
    return options.trace == "on" or options.attempt > 1


def _walk(session: Session, journey: Journey, result: RunResult, started: float,
          options: RunOptions, finish_opening: Callable[[], None],
          open_next: Callable[[], None], groups: StepGroups | None = None) -> None:
    review = PageReview.for_journey(journey, options.settings, options.run_id, result.browser)
    held: list[StepResult] = []  # steps waiting for the vitals they owe, to be told in order

    def tell(record: StepResult) -> None:
        """Report a step (`on_step`) once its vitals are in: a step that owes them gets them
        with the next step's first look (Session.owe_vitals), else read now."""
        session.settle_owed_vitals(before_step=record.index)
        held.append(record)
        while held and not session.owes_vitals(held[0].index):
            _notify(options, held.pop(0), session)

    try:
        stopped_at = _walk_steps(session, journey, result, started, options, finish_opening,
                                 review, tell, groups)
    finally:
        session.settle_owed_vitals(before_step=len(journey.steps))
        for record in held:
            _notify(options, record, session)
    open_next()  # the next journey's tab opens while this one is judged and written
    if stopped_at is not None:
        result.status = "failed"
        culprit = next(s for s in result.steps if s.stopped)
        result.stop = {"step": culprit.index, "reason": culprit.stopped}
    _attach_journey_observations(session, result)


def _walk_steps(session: Session, journey: Journey, result: RunResult, started: float,
                options: RunOptions, finish_opening: Callable[[], None], review: PageReview,
                tell: Callable[[StepResult], None], groups: StepGroups | None) -> int | None:
    """Walk the steps in order until one stops the journey; returns that step's index."""
    stopped_at: int | None = None
    for step, record in zip(journey.steps, result.steps, strict=True):
        if stopped_at is not None:
            record.skip_reason = f"the journey stopped at step {stopped_at + 1}"
            continue
        if not step.is_waiting:
            finish_opening()  # a tab opened ahead: none of it may overlap a timed action
        if groups is not None:  # the step as a named group, at its line of the journey file
            groups.begin(f"{step.index + 1}. {step.name}",
                         {"file": str(journey.file), "line": step.location.line})
        if options.before_step is not None:  # outside the step's clock
            options.before_step(session.page, journey, step)
        session.current_step = step.index
        session.frame_path = step.frame
        record.start_ms = (time.perf_counter() - started) * 1000.0
        try:
            outcome = _perform(session, step)
        except MissingSavedValue as exc:
            # The customer cannot go on without what the site never gave them (README): the
            # step that should have captured it explains the stop.
            record.status = "skipped"
            capturer = _capturer(journey, result, step, exc.name)
            record.skip_reason = f"needs ${{saved.{exc.name}}}, which was never captured" + (
                f" (step {capturer.index + 1}, {capturer.name})" if capturer else "")
            tell(record)
            if capturer is not None and capturer.status != "skipped":
                capturer.stopped = NEVER_CAPTURED
                stopped_at = step.index
            continue
        except NoMailbox as exc:
            record.status = "skipped"
            record.skip_reason = str(exc)
            tell(record)
            continue
        except NotMeasured as exc:
            record.status = "failed"
            record.error = session.mask(f"not measured: {exc}")
            record.screenshot = session.screenshot(f"step-{record.index + 1}")
            raise
        except StepFailed as exc:
            _fail(session, step, record, started, str(exc), exc.reason)
            if exc.diagnosis:
                record.observed["diagnosis"] = exc.diagnosis
            if not step.optional:
                stopped_at = step.index
        except HttpError as exc:
            culprit = result.steps[exc.step_index] if exc.step_index is not None else record
            _fail(session, step, culprit, started, str(exc), "http-error")
            culprit.observed["response"] = exc.response
            if culprit is not record:
                record.status = "skipped"
                record.skip_reason = f"the site failed the customer's action at step " \
                                     f"{culprit.index + 1}"
            if not journey.steps[culprit.index].optional:
                stopped_at = step.index
        else:
            _record(session, step, record, outcome, started)
            if _landed_badly(session, step, record, options) and not step.optional:
                stopped_at = step.index
            # After the step's timer: the page's vitals, and axe on a state not seen yet.
            review.after(session, journey, step, record)
        finally:
            session.current_step = None
            session.frame_path = ()
            if groups is not None:
                groups.end()
        tell(record)
    return stopped_at


def _capturer(journey: Journey, result: RunResult, step: Step, name: str
              ) -> StepResult | None:
    """The step before `step` whose `save:` should have given `${saved.name}`."""
    for earlier in reversed(journey.steps[:step.index]):
        if earlier.save == name:
            return result.steps[earlier.index]
    return None


class NotWalkable(Exception):
    """The journey uses an action this version validates but cannot walk yet: the tool's
    limit, not the site's fault, so the run is `error`, never a finding."""


def _perform(session: Session, step: Step) -> Outcome:
    if step.action not in ACTIONS:
        raise NotWalkable(f"step {step.index + 1} (`{step.action}`, line {step.location.line})"
                          f" cannot be walked by this version of Mystery Shopper yet")
    if session.gave_up is not None:  # the tab is closed: nothing more can be done in it
        raise StepFailed(session.gave_up)
    try:
        outcome = ACTIONS[step.action](session, step)
    except Error as exc:
        if session.gave_up is None:
            raise
        raise StepFailed(session.gave_up) from exc
    if session.gave_up is not None:
        raise StepFailed(session.gave_up)
    if step.is_customer_action and session.before is not None:
        outcome.observed.setdefault("before", session.before)
    if step.is_customer_action and session.answers_waited_ms >= 1.0:
        # The site's time the walk spent after the step, not the customer's: said, so the
        # gap before the next step is accounted for.
        outcome.observed["answers_waited_ms"] = round(session.answers_waited_ms, 1)
    return outcome


def _record(session: Session, step: Step, record: StepResult, outcome: Outcome,
            started: float) -> None:
    elapsed = (time.perf_counter() - started) * 1000.0 - record.start_ms
    record.duration_ms = outcome.duration_ms if outcome.duration_ms is not None else elapsed
    record.measured = outcome.measured
    record.observed.update(outcome.observed)
    record.url = session.mask(session.page.url)
    if outcome.missing:
        record.status = "failed"
        record.error = outcome.missing
    else:
        record.status = "passed"
    if step.save and outcome.captured is not None:
        session.scope.saved[step.save] = outcome.captured
    if step.is_customer_action or step.screenshot or outcome.missing:
        record.observed["after"] = session.view_after(step.index)
    if step.screenshot or outcome.missing:
        record.screenshot = session.screenshot(f"step-{step.index + 1}")
    if outcome.missing:
        _keep_failure_page(session, record)


def _landed_badly(session: Session, step: Step, record: StepResult,
                  options: RunOptions) -> bool:
    """A customer action that lands on an error, sign-in or rejection page is a stop."""
    if options.landing_judge is None or not step.is_customer_action or step.action == "fill":
        return False
    after = record.observed.get("after")
    if not after:
        return False
    verdict = options.landing_judge(after, record.observed.get("before"),
                                    f"{step.name} {step.value!r}")
    if verdict is None:
        return False
    reason, evidence = verdict
    record.observed["landing"] = {"reason": reason, "evidence": session.mask(evidence)}
    record.status = "failed"
    record.error = session.mask(f"the page reads as {reason.replace('-', ' ')}: {evidence}")
    record.stopped = None if step.optional else reason
    record.screenshot = record.screenshot or session.screenshot(f"step-{step.index + 1}")
    _keep_failure_page(session, record)
    return True


def _fail(session: Session, step: Step, record: StepResult, started: float, message: str,
          reason: str) -> None:
    now = (time.perf_counter() - started) * 1000.0
    if record.index == step.index:
        record.duration_ms = now - record.start_ms
    record.status = "failed"
    record.error = session.mask(message)
    record.stopped = None if step.optional and record.index == step.index else reason
    record.url = session.mask(session.page.url)
    if reason == "http-error":
        session.wait(HTTP_ERROR_GRACE_MS)  # let the page show what it says about it
    if reason in ("timeout", "journey-cap"):
        session.stop_loading()  # the customer gave up waiting for the page
    # Evidence is gathered after the timer stopped.
    record.observed["after"] = session.snapshot()
    record.screenshot = session.screenshot(f"step-{record.index + 1}")
    _keep_failure_page(session, record)


def _keep_failure_page(session: Session, record: StepResult) -> None:
    """The failed step's page as HTML, beside its screenshot (README: traces)."""
    saved = session.save_page(f"step-{record.index + 1}")
    if saved:
        record.observed["page_html"] = saved


def _attach_journey_observations(session: Session, result: RunResult) -> None:
    """Network, console errors and dialogs, each filed under the step that caused it; the
    chat transcript and the emails for the whole journey."""
    result.transcript = list(session.transcript)
    result.emails = list(session.emails)
    by_step: dict[int, dict] = {}
    for entry in session.network:
        if entry["step"] is None:
            continue
        if entry["navigation"] or entry["method"] != "GET" or (entry["status"] or 0) >= 400:
            by_step.setdefault(entry["step"], {}).setdefault("responses", []).append(
                session.public_entry(entry))
    for entry in session.console_errors:
        if entry["step"] is not None:
            by_step.setdefault(entry["step"], {}).setdefault("console_errors", []).append(entry)
    for entry in session.dialogs:
        if entry["step"] is not None:
            by_step.setdefault(entry["step"], {}).setdefault("dialogs", []).append(entry)
    for index, count in session.dialogs_per_step.items():
        if index is not None and count > len(by_step.get(index, {}).get("dialogs", [])):
            by_step.setdefault(index, {})["dialogs_total"] = count
    for index, observed in by_step.items():
        result.steps[index].observed.update(observed)
    for step in result.steps:
        if step.screenshot:
            result.artifacts["screenshots"].append(step.screenshot)
        if step.observed.get("page_html"):
            result.artifacts.setdefault("pages", []).append(step.observed["page_html"])


def _notify(options: RunOptions, record: StepResult, session: Session) -> None:
    if options.on_step is not None:
        _mask_step(record, session.mask)  # it leaves the engine: masked like the result
        options.on_step(record)


def _context_options(pw: Playwright, browser: Browser, journey: Journey, settings: Settings,
                     scope: Scope, journey_run_id: str) -> dict:
    options: dict = {}
    if journey.device:
        options.update(pw.devices[journey.device])
    ctx = settings.context
    # shopper.yaml keeps `${secrets.…}` as templates (a Settings object may be printed):
    # they are filled in here, for the browser only.
    if ctx.http_credentials:
        options["http_credentials"] = _filled_in(ctx.http_credentials, scope)
    if ctx.extra_http_headers:
        options["extra_http_headers"] = _filled_in(dict(ctx.extra_http_headers), scope)
    if ctx.ignore_https_errors:
        options["ignore_https_errors"] = True
    if ctx.proxy:
        options["proxy"] = _filled_in(ctx.proxy, scope)
    if settings.identify:
        agent = identity.marked(options.get("user_agent") or _default_user_agent(browser))
        # Chromium's tab learns the run when its journey takes it (identity.tell_the_run),
        # so a tab opened ahead serves any journey; other browsers get it here.
        chromium = browser.browser_type.name == "chromium"
        options["user_agent"] = agent if chromium else identity.with_run(agent, journey_run_id)
    return options


def _filled_in(value: object, scope: Scope) -> object:
    if isinstance(value, str):
        return render(value, scope)
    if isinstance(value, dict):
        return {key: _filled_in(item, scope) for key, item in value.items()}
    return value


def own_origin(base_url: str) -> re.Pattern[str] | None:
    """The URLs of `base_url`'s origin, as a pattern Playwright's driver matches itself: with
    a Python predicate instead, every request of the page (a third party's too) would be
    held until Python had answered whether it is ours."""
    parts = urlsplit(base_url)
    if not parts.scheme or not parts.netloc:
        return None
    return re.compile("^" + re.escape(f"{parts.scheme}://{parts.netloc}") + "(?:[/?#]|$)")


_USER_AGENTS: dict[int, str] = {}


def _default_user_agent(browser: Browser) -> str:
    """What `browser` says it is, read once per browser: asked over CDP (Chromium, ~4 ms),
    or else read in a tab of its own (~100 ms: a whole context, on the first journey's way)."""
    key = id(browser)
    if key not in _USER_AGENTS:
        _USER_AGENTS[key] = _asked_user_agent(browser) or _read_user_agent(browser)
    return _USER_AGENTS[key]


def _asked_user_agent(browser: Browser) -> str | None:
    if browser.browser_type.name != "chromium":
        return None
    try:
        cdp = browser.new_browser_cdp_session()
        try:
            return cdp.send("Browser.getVersion").get("userAgent") or None
        finally:
            cdp.detach()
    except Error:
        return None  # a browser that does not speak CDP to us (a remote one may not)


def _read_user_agent(browser: Browser) -> str:
    probe = browser.new_context()
    try:
        return probe.new_page().evaluate("() => navigator.userAgent")
    finally:
        probe.close()


def _keep_trace(context: BrowserContext, result: RunResult, options: RunOptions,
                stem: str, groups: StepGroups) -> None:
    if options.trace == "off":
        return
    keep = options.trace == "on" or result.status in ("failed", "error")
    if not keep and not _full_trace(options):
        # A light trace nobody keeps is left to the context's closing, which ends it as a
        # stop would (its files go with the browser's, as a discarded chunk's do): two round
        # trips fewer a passing journey. A full trace is stopped, to stop Python's stacks.
        return
    try:
        if keep:
            path = options.run_dir / f"{stem}.trace.zip"
            context.tracing.stop(path=str(path))
            result.artifacts["trace"] = path.name
        else:
            context.tracing.stop()
    except Error:
        return
    if keep:
        groups.write_into(path)


def _keep_video(context: BrowserContext, page: Page, result: RunResult, options: RunOptions,
                stem: str) -> None:
    """`<stem>.webm` in the run folder, for `--video on` and for a journey that did not
    pass; closes the context (the file is finished only then)."""
    keep = options.video == "on" or result.status in ("failed", "error")
    target = options.run_dir / f"{stem}.webm"
    if video.keep_video(context, page, target, keep):
        result.artifacts["video"] = target.name


def _keep_network(session: Session, result: RunResult) -> None:
    """Every request of a journey that did not pass, in order, with its step and answer: the
    network a developer reads first, kept whatever the trace's depth (secrets masked)."""
    path = session.artifacts_dir / "network.json"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Whole or not at all: a full disk must not leave a broken file among the results.
        write_text_atomic(path, json.dumps([session.public_entry(entry)
                                            for entry in session.network],
                                           indent=1, default=str))
    except OSError:
        return
    result.artifacts["network"] = str(path.relative_to(session.run_dir))


def _settings_secrets(settings: Settings, env: Mapping[str, str]) -> set[str]:
    return {env[name] for name in settings.secrets if env.get(name)}


def _finish_with_error(result: RunResult, message: str) -> RunResult:
    result.status = "error"
    result.error = message
    result.finished_at = utc_now_iso()
    return result


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else repr(exc)


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
