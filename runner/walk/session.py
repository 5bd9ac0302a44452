"""The customer's session: one browser tab, what they remember, and what the page told us.

A `Session` is what every step function works with. It knows how to find an element, fill
in `${…}` values, perform a customer action (timed, with the moment it reached the page read
from the in-page probe), wait for the page to settle, and read the text that appeared since.
It also keeps the journey's network log, console errors and dialogs, attributed to the step
that was running, because checks later need to know which action caused what.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from playwright.sync_api import BrowserContext, Error, Frame, Page
from playwright.sync_api import Locator as PWLocator
from playwright.sync_api import TimeoutError as PWTimeout

from runner.journey.model import Journey, Locator, Step
from runner.journey.values import Scope, masker, render
from runner.patterns import Patterns
from runner.walk import untraced
from runner.walk.diagnosis import diagnose
from runner.walk.outcomes import HttpError, NotMeasured, SiteUnreachable, StepFailed
from runner.walk.page_scripts import PageScript

HERE = Path(__file__).parent
SNAPSHOT_JS = (HERE / "snapshot.js").read_text(encoding="utf-8")
FORM_JS = (HERE / "form.js").read_text(encoding="utf-8")
# Resolves once the page has painted SETTLE_FRAMES frames in a row without a DOM change
# (counted from the call, so an action's next-frame effects are seen) and the requests the
# action made are answered, or at `cap` ms. The action's requests are the fetch/XHR calls
# the page began after `since` (page clock; 0 for a document the action opened) and before
# the first of them was answered or the page first went quiet, whichever is later: one
# begun after that (a chat's long poll for the next message) is the page living on. A page
# that paints no frames (hidden, or busy) counts a FRAME_FALLBACK_MS wait as a frame. Once
# settled it also returns the page as the customer sees it (snapshot.js), read in that task,
# when the last of the action's requests was answered (`answeredAt`: 0 for none, now for one
# still unanswered at the cap), and, `withVitals`, the vitals (vitals.js) of the document
# the action began on, unless an interaction is still open: the step's page review then
# reads none; and the customer's actions on the page Python has not yet heard of (probe.js
# `untold`: a click's, a submission's), so no round trip of their own tells them.
QUIET_JS = """([frames, cap, fallback, doc, since, limit, leaveWatch, withVitals]) =>
    new Promise(resolve => {
  const probe = window.__shopperProbe;
  if (!probe || !probe.timers) { resolve(null); return; }
  // The browser's own timers, as the probe kept them (not the page's, which zone.js wraps).
  const {later: setTimeout, cancel: clearTimeout, nextFrame: requestAnimationFrame} =
    probe.timers;
  const now = () => performance.timeOrigin + performance.now();
  const from = probe.doc === doc ? since : 0;
  const until = performance.now() + cap;
  let seen = probe.lastChangeAt, still = 0, firstQuiet = null, heard = 0;
  const mine = (own) => {  // the action's requests, as opposed to the page living on
    const answers = own.filter(r => r.end !== null).map(r => r.end);
    const cutoff = answers.length ? Math.max(Math.min(...answers), firstQuiet || 0) : Infinity;
    return own.filter(r => r.start <= cutoff);
  };
  const next = () => {  // the next painted frame, or the fallback wait, whichever is first
    let done = false, timer = null;
    const once = () => { if (!done) { done = true; clearTimeout(timer); frame(); } };
    requestAnimationFrame(once);
    timer = setTimeout(once, fallback);
  };
  // The page as it settled, while watching a moment longer whether it moves on to another
  // (a post, then `location = …`, often from an analytics callback ~150 ms after the answer).
  // Nothing it does meanwhile is the action's; the wait is the site's (answeredAt).
  const vitals = () => (withVitals ? (VITALSNOW)() : null);
  // The customer's actions on this page Python has not heard of yet (probe.js `untold`).
  const untold = () => (probe.untold ? probe.untold(from) : []);
  let kept = null;
  const watch = () => {
    const left = Math.min(kept.answered + leaveWatch - now(), until - performance.now());
    if (probe.leavingAt !== null || left <= 0) {
      resolve({...kept.state, now: now(), answeredAt: now(),
               leaving: probe.leavingAt !== null, vitals: kept.state.vitals && vitals(),
               actions: [...kept.state.actions, ...untold()]});
    } else {
      probe.whenActive(left, watch);
    }
  };
  const frame = () => {
    const own = (probe.requests || []).filter(r => r.start >= from);
    // An answer came in since the last frame: the page shows it after reading its body, so
    // the quiet is counted again from here.
    const lastAnswer = Math.max(0, ...own.map(r => r.end || 0));
    if (probe.lastChangeAt !== seen || lastAnswer > heard) {
      seen = probe.lastChangeAt; heard = lastAnswer; still = 0;
    } else {
      still += 1;
    }
    const quiet = still >= frames;
    if (quiet && firstQuiet === null) firstQuiet = now();
    const actions = mine(own);
    const owed = actions.some(r => r.end === null);
    const settled = quiet && !owed;
    if (settled || performance.now() >= until) {
      let view = null;  // at the cap the page is still changing: read it when the step ends
      try { if (settled) view = (SNAPSHOT)(limit); } catch (e) { /* an odd page: likewise */ }
      // At the cap, requests of the action still unanswered were waited for until now.
      const answered = Math.max(0, ...actions.map(r => r.end || 0));
      const nav = performance.getEntriesByType('navigation')[0];
      const state = {now: now(), lastChangeAt: seen, answeredAt: owed ? now() : answered,
                     settled, view, origin: performance.timeOrigin,
                     // Not for a document the action opened: its LCP comes with a frame
                     // after it settled, and the page review reads it then.
                     vitals: settled && probe.doc === doc ? vitals() : null,
                     leaving: probe.leavingAt !== null,
                     actions: untold(),
                     loadedAt: nav && nav.loadEventEnd
                       ? performance.timeOrigin + nav.loadEventEnd : 0};
      if (settled && actions.length && !state.leaving && now() - answered < leaveWatch) {
        kept = {state, answered};
        watch();
      } else {
        resolve(state);
      }
    } else if (quiet && owed) {
      // Still on screen, owed only answers: counted on from the next thing the page does,
      // not frame by frame (each frame asked for is painted: ~15 a step while a post is
      // answered).
      probe.whenActive(until - performance.now(), next);
    } else {
      next();
    }
  };
  next();
})"""

# Before a customer action, in one round trip: the page as the customer sees it; the probe
# starts noting afresh which fields the customer types into, and, for an action that
# `triggers`, marks what is visible now as not new (probe.mark()).
BEFORE_JS = """([limit, marks, withVitals]) => {
  const probe = window.__shopperProbe;
  if (probe) probe.typed = [];
  return {view: (SNAPSHOT)(limit), mark: marks && probe ? probe.mark() : null,
          vitals: withVitals ? (VITALSNOW)() : null};
}"""
# After typing, in one round trip: the page as the customer sees it, its vitals (as QUIET_JS
# reads them), and the form of the fields typed into since the action began (form.js) when
# they are exactly `count` fields (otherwise the fields are found again by their locators).
TYPED_FORM_JS = """([count, limit]) => {
  const typed = window.__shopperProbe && window.__shopperProbe.typed;
  const view = (SNAPSHOT)(limit);
  const vitals = (VITALSNOW)();
  if (!typed || typed.length !== count) return {found: false, view, vitals};
  return {found: true, form: (FORM)(typed), view, vitals};
}"""

# Installed in every document with the probe and called by name (runner/walk/page_scripts.py).
# The page's vitals now, unless an interaction is still open (vitals.js `readNow`): read with
# the round trip that ends an action, so its step needs no read of its own (page_review.py).
VITALS_NOW_JS = """() => (window.__shopperVitals && window.__shopperVitals.readNow
  ? window.__shopperVitals.readNow() : null)"""
# The page's vitals, once the customer's last interactions have been presented (vitals.js
# `read`): a read of their own, after a step that took none with its round trips.
VITALS_JS = """async () => window.__shopperVitals ? await window.__shopperVitals.read() : null"""

SNAPSHOT = PageScript("snapshot", SNAPSHOT_JS)
VITALS_NOW = PageScript("vitalsNow", VITALS_NOW_JS)
FORM = PageScript("form", FORM_JS)
QUIET = PageScript("quiet", QUIET_JS, uses=(SNAPSHOT, VITALS_NOW))
VITALS = PageScript("vitals", VITALS_JS)
BEFORE = PageScript("before", BEFORE_JS, uses=(SNAPSHOT, VITALS_NOW))
TYPED_FORM = PageScript("typedForm", TYPED_FORM_JS, uses=(SNAPSHOT, FORM, VITALS_NOW))
# The text the page shows (`expect`), with the vitals an earlier step owes (`owe_vitals`).
# Never the vitals of the step that reads it, nor with the probe's records (CHANGES_JS): a
# layout shift the awaited text makes is reported only after the frame that shows it, so a
# reading at the moment the text appears misses it (the CLS test caught it in CI); the page
# review reads them after the step, or the next step's first look.
PAGE_TEXT_JS = """(withVitals) => ({text: document.body ? document.body.innerText : '',
                                   vitals: withVitals ? (VITALSNOW)() : null})"""
# The text records a frame's probe made since Python last read them (probe.js `read`).
CHANGES_JS = """(cursors) => {
  const probe = window.__shopperProbe;
  return probe ? probe.read(cursors) : null;
}"""
PAGE_TEXT = PageScript("pageText", PAGE_TEXT_JS, uses=(VITALS_NOW,))
CHANGES = PageScript("changes", CHANGES_JS)

# Waits in the page until its DOM changes (probe.js `nextChange`), then reads the records the
# change made (as CHANGES_JS), so the look that follows the wait needs no round trip of its
# own for this frame; null without the probe.
NEXT_CHANGE_JS = """async ([seen, atLeast, cap, cursors]) => {
  const probe = window.__shopperProbe;
  // A hidden tab's timers are held back (to once a second): Python keeps time instead.
  if (document.visibilityState === 'hidden' || !probe || !probe.nextChange) return null;
  const changed = await probe.nextChange(seen, atLeast, cap);
  return {seen: changed, changes: (CHANGES)(cursors)};
}"""
NEXT_CHANGE = PageScript("nextChange", NEXT_CHANGE_JS, uses=(CHANGES,))

PAGE_SCRIPTS = (SNAPSHOT, FORM, VITALS_NOW, VITALS, QUIET, BEFORE, TYPED_FORM, PAGE_TEXT,
                CHANGES, NEXT_CHANGE)

DEFAULT_STEP_TIMEOUT_MS = 30_000.0
# The page counts as settled once it has painted this many frames without a DOM change since
# the one before (what Playwright calls "stable" for an element: the same over two animation
# frames; here for the whole page, ~17 ms at 60 Hz), with none of the requests the action
# started still unanswered (so a fetch-then-render is waited for). An effect the page
# schedules for its next frame resets the count, so it is seen.
SETTLE_FRAMES = 1
FRAME_FALLBACK_MS = 50.0
SETTLE_CAP_MS = 1_000.0  # ...or after this long, whatever it is still animating
POLL_MS = 20.0
# A wait for the page's answer (a chat reply, an acknowledgement) is woken by the page
# changing (`wait_for_change`), and looks again at least this often all the same: text shown
# by nothing the probe watches (an attribute it does not observe, a frame other than the
# one watched) is then read within this long.
LOOK_AGAIN_MS = 250.0
# After the page said it is leaving, how long the request for the next page may take to show,
# and the page to arrive once it was answered.
LEAVE_GRACE_MS = 500.0
NO_NEW_PAGE = (204, 205)  # answers to a navigation that leave the page where it is
# How long after the action's last answer the page may still start to leave for the next one
# (a post, then `location = …`, often from an analytics callback ~150 ms later).
LEAVE_WATCH_MS = 300.0
IDLE_SLICE_MS = 50.0  # a long pause is waited in slices, to open tabs ahead between them
TEXT_LIMIT = 20_000
DIALOGS_LOGGED = 20  # per step: a sample for the reader; the rest are only counted
# Dialogs in one step after which the customer gives up and closes the tab: a page that
# re-opens alerts in a loop never lets a script (ours included) run, so waiting is a hang.
DIALOG_STORM = 50

# Playwright's words for a browser or renderer that died under an action.
BROWSER_GONE = ("Target crashed", "Page crashed",
                "Target page, context or browser has been closed",
                "Browser has been closed", "browser has disconnected")

# Chromium's words for "there was no connection at all" (as opposed to a slow or bad answer).
NO_CONNECTION = ("ERR_CONNECTION_REFUSED", "ERR_NAME_NOT_RESOLVED", "ERR_CONNECTION_RESET",
                 "ERR_EMPTY_RESPONSE", "ERR_ADDRESS_UNREACHABLE", "ERR_INTERNET_DISCONNECTED",
                 "ERR_CONNECTION_CLOSED", "ERR_NAME_RESOLUTION_FAILED", "ERR_NETWORK_CHANGED",
                 "ERR_PROXY_CONNECTION_FAILED", "ERR_TUNNEL_CONNECTION_FAILED",
                 # The browser itself refuses the address (a port it deems unsafe): nothing
                 # was asked of the site, so nothing can be blamed on it.
                 "ERR_UNSAFE_PORT")


@dataclass
class Trigger:
    """The moment the last customer action reached the page (epoch ms, page clock)."""

    at: float
    type: str  # click | keydown | submit | navigation | tool
    doc: str | None
    step_index: int


@dataclass
class Change:
    at: float
    text: str
    chrome: bool
    doc: str


class OwedVitals(NamedTuple):
    """A step that put off reading the page's vitals for the next step's first look."""

    step: int
    give: Callable[[dict], None]
    document: int  # the main frame's navigations when it ended (Session._main_documents)


@dataclass
class Session:
    journey: Journey
    context: BrowserContext
    page: Page
    scope: Scope
    patterns: Patterns
    budgets: dict[str, float]
    artifacts_dir: Path  # where screenshots go (inside the run folder)
    run_dir: Path
    deadline: float  # perf_counter() at which the journey cap is reached
    base_url: str | None = None
    allow_hosts: tuple[str, ...] = ()  # private hosts check_links may request
    identify: bool = False  # X-Mystery-Shopper to the journey's own site (identify: header)
    # Say who shops where it costs nothing (identify: true or header): the user agent, and
    # the customer's own emails, whose extra header no browser preflights.
    says_who_shops: bool = True
    secret_values: set[str] = field(default_factory=set)
    current_step: int | None = None
    # The running step's `frame:` (README), outermost first: its locators are looked up in
    # that frame, and its action settles there.
    frame_path: tuple[Locator, ...] = ()
    in_customer_action: bool = False
    trigger: Trigger | None = None
    network: list[dict] = field(default_factory=list)
    console_errors: list[dict] = field(default_factory=list)
    dialogs: list[dict] = field(default_factory=list)
    transcript: list[dict] = field(default_factory=list)  # the chat, as the customer saw it
    emails: list[dict] = field(default_factory=list)  # the mail matched by expect_email
    began_at: float = 0.0  # epoch ms the journey began: mail from before it never counts
    mailbox_url: str | None = None  # where the persona's mail is read (README)
    mail_sinks: dict[str, Path] = field(default_factory=dict)  # HOST:PORT -> its Maildir
    mailbox: Any = None  # the open reader (runner.mail.Mailbox), opened by the first expect_email
    last_email: Any = None  # the runner.mail.Mail the last expect_email matched
    outgoing: str | None = None  # send_email's server (shopper.yaml `outgoing:`), a template
    journey_run_id: str | None = None  # who we say we are (X-Mystery-Shopper), as on the web
    email_thread: Any = None  # the email conversation so far (runner/walk/email_thread.py)
    reported_http_errors: set[int] = field(default_factory=set)
    dialogs_per_step: dict[int | None, int] = field(default_factory=dict)
    # Set when the customer had to close the tab (a dialog storm): why, in their words.
    gave_up: str | None = None
    # Fields the customer typed a secret into: covered in every screenshot.
    secret_fields: list[PWLocator] = field(default_factory=list)
    _mask: Callable[[str], str] | None = None
    _events: list[dict] = field(default_factory=list)
    _cursors: dict[str, int] = field(default_factory=dict)  # probe doc -> last seq read
    _changes: list[Change] = field(default_factory=list)
    _languages: dict[str, str] = field(default_factory=dict)  # probe doc -> its <html lang>
    _mark_doc: str | None = None
    _navigated: bool = False
    _main_documents: int = 0  # main-frame navigations so far (framenavigated)
    _owed_vitals: list[OwedVitals] = field(default_factory=list)  # owe_vitals
    _marked_at: float = 0.0  # page clock (epoch ms) of the last mark(), in _mark_doc
    # (step, page): the page after the step's action, read in a round trip made anyway
    # (when the page settled, or with the form a `fill` filled)
    _settled_view: tuple[int | None, dict] | None = None
    # (step, vitals): the page's vitals as the step's action settled, read in that round trip
    _settled_vitals: tuple[int | None, dict] | None = None
    _settled_origin: float | None = None  # the page's performance.timeOrigin, read as it settled
    # (frame, records): a frame's probe records, read as the wait for its change ended
    # (wait_for_change), for the look that follows it (collect_changes)
    _read_ahead: tuple[Any, dict | None] | None = None
    before: dict | None = None  # the page just before the last customer action
    # How long the last customer action's page, quiet on screen, still owed answers to the
    # requests the action made (ms): waited for, but not part of its duration.
    answers_waited_ms: float = 0.0
    # Called whenever the customer waits outside a customer action (the browser is idle):
    # the engine opens tabs for the journeys to come then.
    on_idle: Callable[[], None] | None = None

    # --- wiring -------------------------------------------------------------------------

    def attach(self) -> None:
        """Listen to everything the checks will need, attributed to the running step."""
        self.page.on("request", self._on_request)
        self.page.on("response", self._on_response)
        self.page.on("requestfailed", self._on_request_failed)
        self.page.on("console", self._on_console)
        self.page.on("pageerror", self._on_page_error)
        self.page.on("dialog", self._on_dialog)
        self.page.on("framenavigated", self._on_navigated)

    def on_probe_event(self, source: Any, entries: list[dict]) -> None:
        """The probe's binding: the customer's actions a frame's page took in, or the page's
        own as it began to leave (probe.js `tell`)."""
        self._heard(entries)

    def _heard(self, entries: list[dict] | None) -> None:
        """Actions the probe told of, each once (the binding and a settle may both)."""
        for entry in entries if isinstance(entries, list) else []:  # the page's word
            if not isinstance(entry, dict):
                continue
            entry = {key: value for key, value in entry.items() if key != "told"}
            if entry not in self._events:
                self._events.append(entry)

    def _on_request(self, request: Any) -> None:
        self.network.append({
            "url": request.url, "method": request.method, "resource_type": request.resource_type,
            "navigation": request.is_navigation_request() and request.frame == self.page.main_frame,
            "step": self.current_step, "during_action": self.in_customer_action,
            "status": None, "failure": None, "_request": request,
        })

    def _entry_for(self, request: Any) -> dict | None:
        for entry in reversed(self.network):
            if entry.get("_request") is request:
                return entry
        return None

    def _on_response(self, response: Any) -> None:
        entry = self._entry_for(response.request)
        if entry is not None:
            entry["status"] = response.status

    def _on_request_failed(self, request: Any) -> None:
        entry = self._entry_for(request)
        if entry is not None:
            entry["failure"] = request.failure

    def _on_console(self, message: Any) -> None:
        if message.type == "error":
            self.console_errors.append({"step": self.current_step, "kind": "console",
                                        "text": self.mask(message.text[:1000])})

    def _on_page_error(self, error: Any) -> None:
        self.console_errors.append({"step": self.current_step, "kind": "uncaught",
                                    "text": self.mask(str(error)[:1000])})

    def _on_dialog(self, dialog: Any) -> None:
        # A customer would answer it; the bot dismisses it so the journey never hangs.
        if self.gave_up is not None:  # the tab is closing: not the customer's concern now
            try:
                dialog.dismiss()
            except Error:
                pass
            return
        count = self.dialogs_per_step.get(self.current_step, 0) + 1
        self.dialogs_per_step[self.current_step] = count
        if count <= DIALOGS_LOGGED:
            self.dialogs.append({"step": self.current_step, "type": dialog.type,
                                 "message": self.mask(dialog.message[:1000])})
        try:
            if dialog.type == "beforeunload":
                dialog.accept()
            else:
                dialog.dismiss()
        except Error:
            pass
        if count >= DIALOG_STORM and self.gave_up is None:
            self.gave_up = (f"the page opened {count} dialogs one after another, so the "
                            "customer closed it")
            try:
                self.page.close()
            except Error:
                pass

    def _on_navigated(self, frame: Frame) -> None:
        if frame == self.page.main_frame:
            self._navigated = True
            self._main_documents += 1

    # --- values and elements --------------------------------------------------------------

    def render(self, template: str) -> str:
        return render(template, self.scope)

    def mask(self, text: str) -> str:
        if self._mask is None:
            self._mask = masker(self.secret_values)
        return self._mask(text)

    def url_for(self, target: str) -> str:
        if target.startswith(("http://", "https://", "about:", "data:", "file:")):
            return target
        if not self.base_url:
            raise StepFailed(f"cannot open {target!r}: the journey has no base_url "
                             "(set base_url, or pass --base-url)")
        return self.base_url.rstrip("/") + "/" + target.lstrip("/")

    def locate(self, locator: Locator, scope: Page | Frame | Any | None = None, *,
               visible: bool = True) -> PWLocator:
        """The element a customer means: the first `visible` match, since a customer only
        ever uses what they can see (a page may hold a hidden twin: an invoice copy of the
        form). A file input is usually hidden behind its button: `upload` asks for any."""
        every = self.every_match(locator, scope)
        return (every.filter(visible=True) if visible else every).first

    def every_match(self, locator: Locator, scope: Page | Frame | Any | None = None
                    ) -> PWLocator:
        root = scope if scope is not None else self.step_scope()
        if locator.selector is not None:
            return root.locator(locator.selector)
        value = self.render(locator.value or "")
        by, exact = locator.by, locator.exact
        if by == "role":
            name = self.render(locator.name) if locator.name else None
            return root.get_by_role(value, name=name, exact=exact)
        finder = {"label": root.get_by_label, "text": root.get_by_text,
                  "placeholder": root.get_by_placeholder, "alt": root.get_by_alt_text,
                  "title": root.get_by_title}.get(by)
        if by == "testid":
            return root.get_by_test_id(value)
        if finder is None:
            raise StepFailed(f"unknown locator kind {by!r}")
        return finder(value, exact=exact)

    def step_scope(self) -> Page | Any:
        """Where the running step's locators are looked up: the page, or the frame its
        `frame:` names (an iframe's locator, or a list of them for nested frames)."""
        root: Page | Any = self.page
        for frame in self.frame_path:
            root = self.every_match(frame, root).filter(visible=True).first.content_frame
        return root

    def step_frame(self) -> Frame | None:
        """The document the running step acts in, once it is there; None for the page."""
        if not self.frame_path:
            return None
        try:
            handle = self.step_scope().owner.element_handle(timeout=500)
            return handle.content_frame() if handle else None
        except Error:
            return None

    # --- time -----------------------------------------------------------------------------

    def remaining_ms(self) -> float:
        return max(0.0, (self.deadline - time.perf_counter()) * 1000.0)

    def timeout_for(self, step: Step, default: float = DEFAULT_STEP_TIMEOUT_MS) -> float:
        limit = step.timeout_ms if step.timeout_ms is not None else default
        return max(1.0, min(limit, self.remaining_ms()))

    def fail_for_timeout(self, step: Step, timeout_ms: float, what: str) -> StepFailed:
        if self.remaining_ms() <= 1.0:
            cap = self.journey.timeout_ms / 1000
            return StepFailed(f"the journey reached its {cap:g} s cap while {what}",
                              reason="journey-cap")
        return StepFailed(f"{what}: nothing after {timeout_ms / 1000:g} s", reason="timeout")

    def stop_loading(self) -> None:
        """Stop whatever the page is still loading, as the browser's ✕ does.

        A navigation the site never answers holds every script and screenshot of the page
        until it does (40 s, or forever): evidence and the next steps would wait with it.
        Chromium only (CDP); elsewhere the page is left as it is.
        """
        try:
            cdp = self.context.new_cdp_session(self.page)
        except Error:
            return
        try:
            cdp.send("Page.stopLoading")
        except Error:
            pass
        finally:
            try:
                cdp.detach()
            except Error:
                pass

    def wait(self, ms: float) -> None:
        """Pause while still letting Playwright deliver events (never time.sleep here).
        Outside a customer action the browser is idle meanwhile: `on_idle` is called now and
        every IDLE_SLICE_MS, so a long pause opens several tabs ahead, one after another."""
        if self.on_idle is None or self.in_customer_action:
            untraced.pause(self.page, ms)
            return
        until = time.perf_counter() + ms / 1000.0
        while True:
            self.on_idle()
            left_ms = (until - time.perf_counter()) * 1000.0
            if left_ms <= 0:
                return
            untraced.pause(self.page, min(left_ms, IDLE_SLICE_MS))

    def wait_for_change(self, frame: Frame | None, seen: float | None, cap_ms: float
                        ) -> float | None:
        """Wait until `frame`'s DOM changes after `seen` (its probe's `lastChangeAt` as the
        last call returned it), at least POLL_MS and at most `cap_ms`: one round trip woken
        by the page, where a poll every POLL_MS made two or three. `seen` None waits POLL_MS
        (a change may have come since the caller last read the page). Returns what to pass
        as `seen` next; None where the probe cannot be asked (a frame navigating, none yet,
        a hidden tab, whose timers the browser holds back), after waiting POLL_MS. The frame's
        probe records are read as the wait ends, for the next `collect_changes`."""
        if self.on_idle is not None and not self.in_customer_action:
            self.on_idle()  # the browser is idle meanwhile: open the next journey's tab
        found = None
        if frame is not None:
            try:
                found = NEXT_CHANGE.call(frame, [seen, POLL_MS, max(POLL_MS, cap_ms),
                                                 self._cursors])
            except Error:
                found = None
        if not isinstance(found, dict) or not isinstance(found.get("seen"), (int, float)):
            self.wait(POLL_MS)
            return None
        self._read_ahead = (frame, found.get("changes"))
        return float(found["seen"])

    # --- customer actions -----------------------------------------------------------------

    def customer_action(self, step: Step, perform: Callable[[], Any], *,
                        what: str, settle: bool = True, triggers: bool = True) -> float:
        """Run one customer action: mark the page, do it, let the page settle.

        Returns the action's duration in ms: from the call until the resulting navigation
        loaded or the last DOM change of the settle window, whichever is later. The wait
        beyond that for answers to the requests the action made, which changed nothing the
        customer sees, is `answers_waited_ms` (the site's time, not the customer's). An
        action that `triggers` (everything but typing into fields) becomes the moment later
        acknowledgements and replies are timed from.
        """
        self._look_before(marks=triggers)
        if triggers:
            self._events.clear()
        self._navigated = False
        self._settled_origin = None
        self._settled_vitals = None
        self._read_ahead = None  # records read before this action are read afresh
        self.answers_waited_ms = 0.0
        self.in_customer_action = True
        timeout = self.timeout_for(step)
        started = time.perf_counter()
        try:
            self.guard(perform, step, timeout, what)
            ended = time.perf_counter()
            if settle:
                ended = max(ended, self.settle(step, started))
                # It may have settled on a page it then left (a post, then `location = …`):
                # the step is read after, on the page it arrived at.
                if self._navigated:
                    self._settled_vitals = None
        finally:
            self.in_customer_action = False
        if triggers:
            self.trigger = self._trigger_from_events(step.index, started)
        self.raise_for_http_errors()
        return (ended - started) * 1000.0

    def guard(self, perform: Callable[[], Any], step: Step, timeout: float, what: str) -> Any:
        """Turn Playwright's exceptions into the outcomes the engine understands."""
        try:
            return perform()
        except PWTimeout as exc:
            failure = self.fail_for_timeout(step, timeout, what)
            if failure.reason == "journey-cap":
                raise failure from exc
            raise self.explained(failure, step, exc, self.step_scope()) from exc
        except Error as exc:
            if self.gave_up is not None:
                raise StepFailed(self.gave_up) from exc
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
            if any(code in message for code in NO_CONNECTION):
                raise SiteUnreachable(f"{what}: {message}") from exc
            if self.browser_gone(message):
                raise  # the engine records the tool's failure (`error`), never the site's
            raise StepFailed(f"{what}: {self.mask(message)}") from exc

    def explained(self, failure: StepFailed, step: Step, exc: BaseException,
                  scope: Any = None) -> StepFailed | NotMeasured:
        """The failure with what the tool saw about its target (runner/walk/diagnosis.py);
        `NotMeasured` when the customer could go on and only the tool cannot."""
        # A page still loading holds every look into it: the customer gave up waiting anyway.
        self.stop_loading()
        found = diagnose(self, step, scope, exc)
        message = f"{failure} — {found.said}" if found.said else str(failure)
        if found.not_measured:
            return NotMeasured(found.said)
        return StepFailed(message, reason=failure.reason, diagnosis=found.evidence)

    def browser_gone(self, message: str = "") -> bool:
        """Did the browser (or this page's renderer) die under the action? Then the action
        did not fail on the site: the tool lost its browser."""
        if any(words in message for words in BROWSER_GONE):
            return True
        browser = self.context.browser
        return (browser is not None and not browser.is_connected()) or self.page.is_closed()

    def settle(self, step: Step, started: float) -> float:
        """Wait for the action's consequences; return the perf_counter when they ended.

        A page that starts to leave once the action's own requests are answered (a click
        that posts in the background, then moves on) is followed to the next page's load:
        that wait is the click's, not the next step's (README)."""
        ended = time.perf_counter()
        followed = False
        while True:
            navigated = self._navigated
            if navigated:
                self._loaded(step)
            ended, leaving = self._quiet_dom(started, ended, navigated)
            if not leaving or self._navigated or followed:
                return ended
            followed = True
            if not self._await_navigation(step):
                return ended

    def _loaded(self, step: Step) -> None:
        """Wait for the new page's `load`; when it came is read from the page itself
        (`_quiet_dom`), not from when Python heard of it (9-34 ms later)."""
        timeout = self.timeout_for(step)
        try:
            untraced.wait_for_load(self.page, timeout)
        except PWTimeout as exc:
            raise self.fail_for_timeout(step, timeout, "waiting for the page to load") from exc
        except Error:
            pass  # the page navigated again; the next wait picks it up

    def _await_navigation(self, step: Step) -> bool:
        """The page said it is leaving: wait for the next one to arrive. False when no
        navigation follows (a download, a 204, a leave the page cancelled): the request for
        the next page is seen within LEAVE_GRACE_MS, then waited for while unanswered."""
        timeout = self.timeout_for(step)
        until = time.perf_counter() + timeout / 1000.0
        grace = time.perf_counter() + LEAVE_GRACE_MS / 1000.0
        while not self._navigated:
            now = time.perf_counter()
            requests = [e for e in self.network if e["navigation"] and e["failure"] is None
                        and e["step"] == self.current_step]
            if any(e["status"] is None for e in requests):
                grace = now + LEAVE_GRACE_MS / 1000.0  # unanswered: the page comes after it
            elif any(e["status"] in NO_NEW_PAGE for e in requests):
                return False  # answered "no content": the page stays where it is
            if now >= until:
                raise self.fail_for_timeout(step, timeout, "waiting for the next page")
            if now >= grace:
                return False
            untraced.pause(self.page, POLL_MS)
        return True

    def _quiet_dom(self, started: float, ended: float, navigated: bool = False
                   ) -> tuple[float, bool]:
        """The DOM settled once quiet for a moment (capped, some pages never stop); returns
        when the last change (or, after a navigation, the new page's load) was, and whether
        the page began to leave meanwhile."""
        leaving = False
        cap = time.perf_counter() + SETTLE_CAP_MS / 1000.0
        while True:
            left_ms = (cap - time.perf_counter()) * 1000.0
            if left_ms <= 0:
                break
            state = self._quiet_state(left_ms)
            if state is None:
                self.wait(POLL_MS)
                continue
            self._heard(state.get("actions"))
            now = time.perf_counter()
            last_change = now - (state["now"] - state["lastChangeAt"]) / 1000.0
            if last_change > started:
                ended = max(ended, last_change)
            if navigated and state.get("loadedAt"):
                ended = max(ended, now - (state["now"] - state["loadedAt"]) / 1000.0)
            answered = now - (state["now"] - (state.get("answeredAt") or 0)) / 1000.0
            self.answers_waited_ms = max(0.0, (answered - ended) * 1000.0)
            self._settled_origin = state.get("origin")
            leaving = bool(state.get("leaving"))
            if state["settled"]:
                if state.get("view"):
                    self._settled_view = (self.current_step, state["view"])
                self._settled_vitals = ((self.current_step, state["vitals"])
                                        if state.get("vitals") else None)
                break
        return ended, leaving

    def _quiet_state(self, cap_ms: float) -> dict | None:
        """Wait in the page (one round trip, not a poll) until it has settled (QUIET_JS) or
        `cap_ms` passed; None when the probe is not there (yet)."""
        try:
            where = (self.step_frame() if self.frame_path else None) or self.page
            return QUIET.call(where, [
                SETTLE_FRAMES, cap_ms, FRAME_FALLBACK_MS, self._mark_doc, self._marked_at,
                TEXT_LIMIT, LEAVE_WATCH_MS, where is self.page])  # vitals: the page's own
        except Error:
            return None  # the page navigated meanwhile: the caller looks again

    def _trigger_from_events(self, step_index: int, started: float) -> Trigger:
        events = [e for e in self._events if e.get("trusted")] or list(self._events)
        if events:
            # A submission is the action's decisive moment (a click or Enter that submits a
            # form fires `submit` right after); otherwise the last key or click sent it.
            submits = [e for e in events if e["type"] == "submit"]
            decisive = submits[0] if submits else events[-1]
            return Trigger(at=decisive["at"], type=decisive["type"], doc=decisive.get("doc"),
                           step_index=step_index)
        # No event reached the page (a navigation by goto): the new document's time origin
        # is the moment the browser started loading it (read as the page settled, if it did).
        origin = self._settled_origin
        if origin is None:
            origin = self._evaluate_main("() => performance.timeOrigin")
        if self._navigated and isinstance(origin, (int, float)):
            return Trigger(at=float(origin), type="navigation", doc=None, step_index=step_index)
        wall_started = time.time() * 1000.0 - (time.perf_counter() - started) * 1000.0
        return Trigger(at=wall_started, type="tool", doc=None, step_index=step_index)

    def _evaluate_main(self, script: str) -> Any:
        try:
            return untraced.evaluate(self.page, script)
        except Error:
            return None

    # --- what appeared ----------------------------------------------------------------------

    def _look_before(self, marks: bool) -> None:
        """Just before a customer action: read the page as the customer sees it (`before`)
        and, when the action `marks`, tell every frame's probe that what the customer can see
        now is not new. Nothing to read or mark in the blank tab a journey starts in (a new
        page's first read costs ~6-13 ms): everything after it is new."""
        self.before = None
        if marks:
            self._changes.clear()
            self._mark_doc = None
        if self.page.url == "about:blank":
            return
        owed = bool(self._owed_vitals)
        try:
            state = BEFORE.call(self.page, [TEXT_LIMIT, marks, owed])
        except Error:
            state = None  # navigating: nothing to compare with
        if owed and state:
            self._pay_vitals(state.get("vitals"))
        if state:
            self.before = state["view"]
            self.before["text"] = self.mask(self.before["text"])
            if state["mark"]:
                self._marked(state["mark"], main=True)
        if not marks:
            return
        for frame in self.page.frames[1:]:
            try:
                mark = untraced.evaluate(
                    frame, "() => window.__shopperProbe && window.__shopperProbe.mark()")
            except Error:
                continue
            if mark:
                self._marked(mark, main=False)

    def _marked(self, mark: dict, main: bool) -> None:
        self._cursors[mark["doc"]] = mark["seq"]
        if main:
            self._mark_doc, self._marked_at = mark["doc"], mark["at"]

    def collect_changes(self, frames: list[Frame] | None = None) -> list[Change]:
        """Read new text records from the probes; returns the ones read this time."""
        fresh: list[Change] = []
        ahead, self._read_ahead = self._read_ahead, None
        for frame in frames if frames is not None else self.page.frames:
            if ahead is not None and ahead[0] == frame:
                data = ahead[1]  # read as the wait for this frame's change ended
            else:
                try:
                    data = CHANGES.call(frame, self._cursors)
                except Error:
                    continue  # navigating: read it next time
            if not data:
                continue
            doc = data["doc"]
            self._languages[doc] = data.get("lang") or ""
            seq = self._cursors.get(doc, 0)
            for record in data["changes"]:
                if record["seq"] <= seq:
                    continue
                seq = record["seq"]
                fresh.append(Change(at=record["at"], text=record["text"],
                                    chrome=record["chrome"], doc=doc))
            self._cursors[doc] = seq
        fresh.sort(key=lambda c: c.at)
        self._changes.extend(fresh)
        return fresh

    def still_shown(self, lines: list[str]) -> set[str]:
        """The lines among `lines` some frame of the page shows now (a document left behind
        shows nothing)."""
        shown: set[str] = set()
        for frame in self.page.frames:
            try:
                found = untraced.evaluate(frame, "(lines) => window.__shopperProbe ? "
                                          "window.__shopperProbe.shown(lines) : []", lines)
            except Error:
                continue
            shown.update(found or [])
        return shown

    def new_text_since_trigger(self) -> list[Change]:
        """Text that appeared after the trigger and counts (README)."""
        if self.trigger is None:
            return []
        trigger_doc = self.trigger.doc or self._mark_doc
        return [c for c in self._changes
                if c.at >= self.trigger.at - 0.5 and not (c.chrome and c.doc != trigger_doc)]

    def declared_language(self, changes: list[Change] | None = None) -> str:
        """The `<html lang>` of the document the new text came from (else of the page the
        action was on), as declared: "de-DE", "" when the page declares none."""
        for change in changes or []:
            if self._languages.get(change.doc):
                return self._languages[change.doc]
        trigger_doc = (self.trigger.doc if self.trigger else None) or self._mark_doc
        return self._languages.get(trigger_doc or "", "")

    # --- network ----------------------------------------------------------------------------

    def raise_for_http_errors(self) -> None:
        """A navigation or submission answered 4xx/5xx during a customer action: stop.

        A navigation that got no connection at all (refused, reset before any answer) is
        no answer: the customer sees the browser's own "site can't be reached" page, and the
        tool cannot tell the site's fault from the network's, so the run is `error`.
        """
        for position, entry in enumerate(self.network):
            failure = entry["failure"] or ""
            if entry["navigation"] and entry["during_action"] and entry["status"] is None \
                    and any(code in failure for code in NO_CONNECTION):
                raise SiteUnreachable(f"{entry['method']} {self.mask(entry['url'])}: {failure}")
            status = entry["status"]
            if status is None or status < 400 or position in self.reported_http_errors:
                continue
            if not entry["during_action"]:
                continue
            if not (entry["navigation"] or entry["method"] != "GET"):
                continue
            self.reported_http_errors.add(position)
            response = self.public_entry(entry)
            raise HttpError(f"the site answered HTTP {status} to {entry['method']} "
                            f"{self.mask(entry['url'])}", response, entry["step"])

    def public_entry(self, entry: dict) -> dict:
        return {k: (self.mask(v) if isinstance(v, str) else v)
                for k, v in entry.items() if not k.startswith("_")}

    # --- evidence ---------------------------------------------------------------------------

    def snapshot(self) -> dict | None:
        try:
            snap = SNAPSHOT.call(self.page, TEXT_LIMIT)
        except Error:
            return None
        snap["text"] = self.mask(snap["text"])
        return snap

    def view_after(self, step_index: int) -> dict | None:
        """The page after step `step_index`'s action: as read the moment it settled (or, for
        typing, with the form), else read now."""
        settled, self._settled_view = self._settled_view, None
        if settled is None or settled[0] != step_index:
            return self.snapshot()
        view = settled[1]
        view["text"] = self.mask(view["text"])
        return view

    def page_text(self) -> str:
        """The text the page shows now."""
        owed = bool(self._owed_vitals)
        try:
            found = PAGE_TEXT.call(self.page, owed)
        except Error:
            return ""
        if owed and found.get("vitals"):
            # Else an interaction is still being presented: the wait for it is no part of
            # this step's time, so the vitals are read after the step (`settle_owed_vitals`).
            self._pay_vitals(found["vitals"])
        return found.get("text") or ""

    # --- vitals a step owes ------------------------------------------------------------------

    def owe_vitals(self, step_index: int, give: Callable[[dict], None]) -> None:
        """Step `step_index` ended without reading the page's vitals, and the next step's
        first round trip reads the main page before the customer does anything (the look
        before a customer action, `expect`'s text): the vitals come with it, a round trip
        fewer, and no earlier than the frame after the step (a layout shift its awaited
        text made is in). `give` is called with them, or never if the page has left that
        document by then (not measured rather than another page's)."""
        self._owed_vitals.append(OwedVitals(step_index, give, self._main_documents))

    def owes_vitals(self, step_index: int) -> bool:
        return any(owed.step == step_index for owed in self._owed_vitals)

    def _pay_vitals(self, vitals: dict | None) -> None:
        """The vitals read with a look at the main page, to every step that owes them."""
        owed, self._owed_vitals = self._owed_vitals, []
        self._pay(owed, vitals)

    def settle_owed_vitals(self, before_step: int) -> None:
        """Vitals owed by steps before `before_step` that no look took (the step after them
        was skipped, failed before it looked, or looked at its text while an interaction was
        still being presented): read now, if still the same document."""
        earlier = [owed for owed in self._owed_vitals if owed.step < before_step]
        if earlier:
            self._owed_vitals = [owed for owed in self._owed_vitals if owed.step >= before_step]
            self._pay(earlier, None)

    def _pay(self, owed: list[OwedVitals], vitals: dict | None) -> None:
        """Give `vitals` to the steps that owe them and are still on their document. None
        (the customer's last interaction is still being presented, vitals.js `readNow`, or
        no look was made) is a read of their own, before the customer does anything more."""
        owed = [owed_by for owed_by in owed if owed_by.document == self._main_documents]
        if not owed:
            return
        if vitals is None:
            try:
                vitals = VITALS.call(self.page)
            except Error:
                return  # navigating, or gone: not measured
        for owed_by in owed if vitals else []:
            owed_by.give(vitals)

    def vitals_after(self, step_index: int) -> dict | None:
        """The page's vitals as step `step_index`'s action settled, if read then."""
        settled, self._settled_vitals = self._settled_vitals, None
        return settled[1] if settled is not None and settled[0] == step_index else None

    def form_of(self, elements: list[PWLocator]) -> dict | None:
        """The form the customer filled these fields in (form.js): from the fields the probe
        saw typed into when they are as many, else found again by their locators (joined
        with `or_`, one round trip; Playwright's selector engine then has to be injected
        into the page's world first, ~15 ms a page). The page after the typing and its
        vitals are read in the same round trip (view_after, vitals_after)."""
        if not elements:
            return None
        try:
            typed = TYPED_FORM.call(self.page, [len(elements), TEXT_LIMIT])
        except Error:
            typed = {"found": False}
        if typed and typed.get("view"):
            self._settled_view = (self.current_step, typed["view"])
        if typed and typed.get("vitals"):
            self._settled_vitals = (self.current_step, typed["vitals"])
        if typed and typed.get("found"):
            return typed["form"]
        fields = elements[0]
        for element in elements[1:]:
            fields = fields.or_(element)
        try:
            return FORM.call_all(fields)
        except Error:
            return None

    def save_page(self, name: str) -> str | None:
        """Save the page's HTML as it stands (a failure's DOM, for the developer: the default
        trace keeps no DOM snapshots, see runner/walk/tabs.py); secrets masked. Its path
        within the run, or None."""
        path = self.artifacts_dir / f"{name}.html"
        try:
            html = self.page.content()
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(self.mask(html), encoding="utf-8")
        except (Error, OSError):
            return None
        return str(path.relative_to(self.run_dir))

    def screenshot(self, name: str) -> str | None:
        """Save a screenshot of what the customer sees; return its path within the run."""
        path = self.artifacts_dir / f"{name}.png"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Secret fields, and text repeating a secret, are masked so the picture cannot
            # leak them.
            mask = [self.page.locator("input[type=password]"), *self.secret_fields,
                    *(self.page.get_by_text(secret) for secret in self.secret_values if secret)]
            self.page.screenshot(path=str(path), timeout=5000, mask=mask)
        except Error:
            return None
        return str(path.relative_to(self.run_dir))
