"""After each step, outside its timer: how the page the customer stands on performs (its
vitals, from vitals.js into the step's `measured`: as an action that stayed on its page
settled, read in that round trip by runner/walk/session.py; else with the next step's first
look at the page, when it begins with one, before the customer does anything; else read
here) and, once per page state a customer action produced, what axe-core finds in it
(runner/walk/accessibility.py, into `observed`).

The engine calls `PageReview.after` once per step that ran; nothing here is timed as the
customer's, and nothing here judges (runner/checks/page_experience.py and
runner/checks/accessibility.py do).

A page state is scanned once per run and worker: the same address showing the same markup
(a hash of the document's HTML and its shadow roots) in the same viewport, colour scheme and
browser is not scanned again, in this document or a later one, in this journey or a later
one the same worker walks in the same run (another journey through the same contact page, a
`--repeat`). Filling in a form or coming back to a page costs one round trip, not a scan; a
page state another journey scanned costs one round trip that finds its elements again and
asks which this customer used, instead of starting axe-core in the page and running it (on a
tab's first page 190-220 ms to start and 130-155 ms to run, wall, measured in one browser).
Each run, so each night, scans afresh. When the customer has used more of a scanned document
since (typed into the field axe found unlabelled), the scan's elements are asked again
whether they were used. A scan is put off while the next step waits for the
site's answer on this page (an acknowledgement, a chat reply): axe reading the page then
would hold up the page's own scripts and the moment the answer appears.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass, field

from playwright.sync_api import Error, Frame

from runner.config import Settings
from runner.journey.model import Journey, Step
from runner.results.model import StepResult
from runner.walk import accessibility
from runner.walk.page_scripts import PageScript
from runner.walk.session import VITALS

# Steps that wait for the page to answer: a scan before them would delay what they time.
WAITS_ON_THE_PAGE = ("expect_ack", "expect_reply")

# The page's vitals (main frame only: LCP, CLS and INP are the top-level page's), and for
# every frame the markup's hash and how many elements the customer has used there.
STATE_JS = """async (withVitals) => {
  // The vitals first: they may wait for the frame after the customer's last click (vitals.js).
  const vitals = withVitals && window.__shopperVitals ? await window.__shopperVitals.read() : null;
  // The markup, with what web components hold in shadow roots (a chat launcher, a consent
  // banner), which outerHTML leaves out.
  const probe = window.__shopperProbe;
  const roots = probe && probe.shadowRoots ? probe.shadowRoots() : [];
  const html = (document.documentElement ? document.documentElement.outerHTML : '') +
    roots.map((root) => (root ? root.innerHTML : '')).join('\u0000');
  let hash = 2166136261;
  for (let i = 0; i < html.length; i++) {
    hash ^= html.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  // What axe-core's verdicts also depend on besides the markup: the viewport (responsive
  // styles hide and show elements) and the colour scheme (contrast).
  const dark = matchMedia('(prefers-color-scheme: dark)').matches ? ' dark' : '';
  const view = innerWidth + 'x' + innerHeight + '@' + devicePixelRatio + dark;
  return {url: location.href, state: (hash >>> 0).toString(16) + ':' + html.length + ' ' + view,
          used: window.__shopperUsed ? window.__shopperUsed.size : 0,
          scanned: !!window.__shopperAxeLast, vitals};
}"""


# Installed with the probe and called by name (runner/walk/page_scripts.py): the state read
# is 1.5 kB sent with every step otherwise. Where no scan is due (accessibility off, or the
# next step waits on the page), the vitals are all that is read (session.VITALS): no markup
# hashed, no other frame asked.
STATE = PageScript("pageState", STATE_JS)


def scans_pages(journey: Journey, settings: Settings) -> bool:
    """Does axe-core read this journey's pages? The journey's `accessibility`, else
    shopper.yaml's, else yes."""
    enabled = getattr(journey, "accessibility", None)
    if enabled is None:
        enabled = getattr(settings, "accessibility", True)
    return bool(enabled)


class EarlierScans:
    """The scans this process made in its runs, by (run, main frame or not, address, page
    state): the most recent `limit`, so that a worker walking many journeys keeps its
    memory."""

    def __init__(self, limit: int = 256) -> None:
        self.limit = limit
        self._scans: OrderedDict[tuple, accessibility.FrameScan] = OrderedDict()

    def get(self, key: tuple) -> accessibility.FrameScan | None:
        scan = self._scans.get(key)
        if scan is not None:
            self._scans.move_to_end(key)
        return scan

    def keep(self, key: tuple, scan: accessibility.FrameScan) -> None:
        if scan.not_measured:
            return  # the next look may get through
        self._scans[key] = scan
        self._scans.move_to_end(key)
        while len(self._scans) > self.limit:
            self._scans.popitem(last=False)



# One per process: a worker's journeys share it (runner/nightly/worker.py walks them one
# after another in one process).
EARLIER_SCANS = EarlierScans()


@dataclass
class PageReview:
    accessibility: bool = True
    run_id: str = ""  # scans are shared within a run, never across runs
    browser: tuple = ()  # ... nor across browsers (engines render, so judge, differently)
    # (address, markup hash) already scanned in this journey
    _scanned: set[tuple[str, str]] = field(default_factory=set)
    # id(frame) -> how many elements the customer had used there at its last look
    _used_seen: dict[int, int] = field(default_factory=dict)
    scan_ms: float = 0.0  # the journey's time spent in axe (bench/accessibility.py)

    @classmethod
    def for_journey(cls, journey: Journey, settings: Settings, run_id: str = "",
                    browser: dict | None = None) -> PageReview:
        """`browser`: the result's (name, version, build)."""
        return cls(accessibility=scans_pages(journey, settings), run_id=run_id,
                   browser=tuple(sorted((browser or {}).items())))

    def after(self, session, journey: Journey, step: Step, record: StepResult) -> None:  # noqa: ANN001
        """Read the page after `step` (`record` is its result, timer stopped)."""
        page = session.page
        if page.is_closed() or page.url in ("", "about:blank"):
            return
        next_step = journey.steps[step.index + 1] if step.index + 1 < len(journey.steps) \
            else None
        scan_now = self.accessibility and not (
            next_step is not None and next_step.action in WAITS_ON_THE_PAGE)
        # An action's step: the vitals came with the page as it settled (session.py).
        vitals = session.vitals_after(step.index)
        if vitals is None and not scan_now:
            if looks_first(next_step):  # ...else with the next step's first look
                session.owe_vitals(step.index, lambda found: _record_vitals(record, found))
                return
            vitals = _read(page.main_frame, VITALS)
        if vitals:
            _record_vitals(record, vitals)
        if not scan_now:
            return
        scans: list[dict] = []
        for frame in page.frames:
            main = frame == page.main_frame
            if not main and not frame.url.startswith(("http:", "https:", "file:")):
                continue
            state = _read(frame, STATE, main and not vitals)
            if state is None:
                continue
            if main and state.get("vitals"):
                _record_vitals(record, state["vitals"])
            key = (_address(state["url"]), state["state"])
            if key not in self._scanned:
                self._scanned.add(key)
                started = time.perf_counter()
                scans.append(self._scan(frame, main, key).as_dict())
                self.scan_ms += (time.perf_counter() - started) * 1000.0
                self._used_seen[id(frame)] = state["used"]
            elif state["scanned"] and state["used"] != self._used_seen.get(id(frame)):
                self._used_seen[id(frame)] = state["used"]
                now_used = accessibility.used_now(frame)
                if now_used:
                    scans.append({"url": state["url"], "frame": "main" if main else "frame",
                                  "used_since": [list(pair) for pair in now_used]})
        if scans:
            record.observed["accessibility"] = scans


    def _scan(self, frame: Frame, main: bool, key: tuple[str, str]
              ) -> accessibility.FrameScan:
        """This page state as an earlier journey of the run scanned it, else scanned now."""
        shared = (self.run_id, self.browser, main, *key)
        earlier = EARLIER_SCANS.get(shared) if self.run_id else None
        if earlier is not None:
            reused = accessibility.reuse(frame, main, earlier)
            if reused is not None:
                return reused
        scan = accessibility.scan(frame, main)
        if self.run_id and _address(scan.url) == key[0]:  # not a page it navigated to meanwhile
            EARLIER_SCANS.keep(shared, scan)
        return scan


def looks_first(step: Step | None) -> bool:
    """Does `step` begin by reading the main page, before the customer does anything (the
    look before a customer action, `expect`'s text; runner/walk/session.py)? The vitals a
    step before it owes then come with that round trip (`Session.owe_vitals`)."""
    if step is None:
        return False
    if step.is_customer_action:
        return True
    return step.action == "expect" and getattr(step.value, "kind", None) in ("text", "not_text")


def _read(frame: Frame, script: PageScript, arg: object = None) -> dict | None:
    # Twice: the read may wait for a click's frame (vitals.js), and the page may move on to
    # another meanwhile; the next document is then the one the customer stands on.
    for _ in range(2):
        try:
            return script.call(frame, arg)
        except Error:
            continue
    return None  # navigating, or gone: nothing to read now


def _record_vitals(record: StepResult, vitals: dict) -> None:
    """LCP, CLS and INP into `measured` (ms, ms, a score); the rest as evidence."""
    for name in ("lcp_ms", "cls", "inp_ms"):
        if vitals.get(name) is not None:
            record.measured[name] = vitals[name]
    record.observed["page_experience"] = {
        key: value for key, value in vitals.items() if value is not None}


def _address(url: str) -> str:
    return url.split("#", 1)[0]
