"""Faults inside a journey (issue 7, cases 1, 2 and 4): the step that never ends, the journey
that never ends, and the page that pops up dialogs nobody asked for.

Whatever happens, the outcome is recorded with evidence, the rest is skipped, and the next
journey runs in the same browser.
"""

from __future__ import annotations

import time

import pytest
from support.pages import page

pytestmark = [pytest.mark.browser, pytest.mark.no_context_left]

HEALTHY = """
name: Still shopping
channel: browse
steps:
  - goto: /calm
  - expect: {text: "All calm"}
"""


def walk_on(walk, pages, text: str, name: str = "journey", **options):
    walk.base_url = pages.url
    pages.page("/calm", page("<h1>All calm</h1>"))
    started = time.perf_counter()
    result = walk(text, name=name, **options)
    return result, time.perf_counter() - started


# --- 1. a selector that never appears -----------------------------------------------------

def test_a_selector_that_never_appears_times_out_with_elapsed_time_screenshot_and_skips(
        walk, pages):
    pages.page("/", page("<h1>Welcome</h1><button id=later>Later</button>"))
    result, elapsed = walk_on(walk, pages, """
name: Missing button
channel: browse
steps:
  - goto: /
  - timeout: 1200ms
    click: "#send-message"
  - expect: {text: "Thank you"}
  - goto: /
""")
    assert result.status == "failed"
    stuck = result.steps[1]
    assert stuck.status == "failed" and stuck.stopped == "timeout"
    assert "after 1.2 s" in stuck.error and "#send-message" in stuck.error
    assert 1100 <= stuck.duration_ms < 3000
    assert stuck.screenshot is not None
    screenshot = walk.out / "runs" / result.run_id / stuck.screenshot
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert result.artifacts["screenshots"] == [stuck.screenshot]
    assert [(s.status, s.skip_reason) for s in result.steps[2:]] == \
        [("skipped", "the journey stopped at step 2")] * 2
    [dead_end] = result.findings
    assert (dead_end.code, dead_end.severity) == ("dead-end", "critical")
    assert dead_end.evidence["screenshot"] == stuck.screenshot
    assert elapsed < 10
    # The next journey runs, in the same browser.
    assert walk_on(walk, pages, HEALTHY, name="next")[0].status == "passed"


# --- 2. every step inside its timeout, the journey over its cap ---------------------------

SLOW_PAGE_S = 0.7


@pytest.fixture
def slow_pages(pages):
    pages.page("/", page("<h1>Welcome</h1><form><button>Send</button></form>"))
    pages.route("/slow", pages.slow_headers(SLOW_PAGE_S, page("<h1>Slow but fine</h1>")))
    return pages


@pytest.mark.parametrize("running", [
    """
  - goto: /slow
  - goto: /slow
  - goto: /slow
  - goto: /slow""",
    """
  - wait: 900ms
  - wait: 900ms
  - wait: 900ms""",
    """
  - click: {role: button, name: Send}
  - expect_ack: {within: 20s}""",
    """
  - expect: {text: "a message that never comes"}""",
], ids=["navigations", "pauses", "acknowledgement", "expectation"])
def test_steps_within_their_timeouts_are_stopped_at_the_journey_cap(walk, slow_pages, running):
    result, elapsed = walk_on(walk, slow_pages, f"""
name: Capped
channel: browse
timeout: 2s
sla: {{acknowledgement: 10s}}
steps:
  - goto: /{running}
  - goto: /
""")
    assert result.status == "failed"
    # Which of the running steps meets the cap depends on how fast the first page loaded:
    # the one that does is stopped there, every one before it passed, the rest is skipped.
    stop = result.stop["step"]
    assert result.stop == {"step": stop, "reason": "journey-cap"}
    assert 1 <= stop < len(result.steps) - 1
    stopped = result.steps[stop]
    assert stopped.stopped == "journey-cap", stopped.error
    assert "reached its 2 s cap" in stopped.error
    assert all(s.status == "passed" for s in result.steps[:stop])
    assert all(s.status == "skipped" for s in result.steps[stop + 1:])
    assert [f.code for f in result.findings] == ["dead-end"]
    # Aborted at the cap (a step that only began once it had passed, at once), not at the
    # step's own 20-30 s limit.
    assert 2000 - 50 <= stopped.start_ms + stopped.duration_ms < 2000 + 500
    assert elapsed < 2 + 6  # the cap, plus evidence and the browser context's own costs


# --- 4. alert(), confirm(), prompt() and beforeunload --------------------------------------

DIALOGS = page("""
<h1>Welcome</h1>
<p id=answer>nobody answered</p>
<button id=ask onclick="document.getElementById('answer').textContent =
  'confirm said ' + confirm('Really leave a review?') + ', prompt said ' + prompt('Name?')">
  Ask me</button>
<a id=leave href="/next">Next page</a>
<script>
  alert('Welcome to our shop!');
  window.addEventListener('beforeunload', (e) => { e.preventDefault(); e.returnValue = ''; });
</script>
""")


def test_unexpected_dialogs_are_dismissed_logged_on_their_step_and_never_hang(walk, pages):
    pages.page("/", DIALOGS)
    pages.page("/next", page("<h1>The next page</h1>"))
    result, elapsed = walk_on(walk, pages, """
name: Pop-ups
channel: browse
steps:
  - goto: /
  - click: "#ask"
  - expect: {text: "confirm said false, prompt said null"}
  - click: "#leave"
  - expect: {text: "The next page"}
""")
    assert result.status == "passed", [s.error for s in result.steps]
    assert elapsed < 10
    dialogs = {s.index: [(d["type"], d["message"]) for d in s.observed.get("dialogs", [])]
               for s in result.steps}
    assert dialogs[0] == [("alert", "Welcome to our shop!")]
    assert dialogs[1] == [("confirm", "Really leave a review?"), ("prompt", "Name?")]
    assert dialogs[3] == [("beforeunload", "")]
    assert dialogs[2] == dialogs[4] == []


def test_a_page_that_never_stops_alerting_is_closed_like_a_customer_would(walk, pages):
    # An alert in an endless loop never lets any script run, the tool's included: dismissing
    # each one forever is a hang. The customer closes the tab; the site is to blame.
    pages.page("/", page("<h1>Welcome</h1><script>for (;;) alert('Are you still there?');"
                         "</script>"))
    result, elapsed = walk_on(walk, pages, """
name: Alert storm
channel: browse
steps:
  - goto: /
  - expect: {text: "Welcome"}
""")
    assert result.status == "failed"
    stuck = result.steps[0]
    assert stuck.stopped == "action-failed"
    assert stuck.error == ("the page opened 50 dialogs one after another, so the customer "
                           "closed it")
    assert result.steps[1].status == "skipped"
    assert [f.code for f in result.findings] == ["dead-end"]
    # Every dialog was dismissed, but the log keeps a sample and a count, not thousands of rows.
    assert len(stuck.observed["dialogs"]) == 20
    assert stuck.observed["dialogs_total"] == 50
    assert elapsed < 10
    assert walk_on(walk, pages, HEALTHY, name="next")[0].status == "passed"
