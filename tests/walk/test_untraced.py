"""The trace shows what the customer did, not the tool's own reads (runner/walk/untraced.py)."""

from __future__ import annotations

import json
import zipfile
from collections import Counter

import pytest
from support.protocol import methods_sent

from runner.walk import untraced

pytestmark = pytest.mark.browser

REFUND = """
name: Refund
channel: refund
persona: ann
steps:
  - goto: /refund
  - fill:
      "#order": ${persona.order}
      "#email": ${persona.email}
  - click: {role: button, name: Find my order}
  - expect: {text: "Why would you like a refund"}
  - select: {"#reason": Damaged}
  - click: {role: button, name: Request refund}
  - expect_ack: {within: 20s}
"""


def traced_calls(walk) -> tuple[object, Counter]:  # noqa: ANN001 - the Walker fixture
    result = walk(REFUND, name="refund", trace="on")
    assert result.status == "passed", [(s.action, s.error) for s in result.steps]
    trace = next((walk.out / "runs").iterdir()) / result.artifacts["trace"]
    calls: Counter = Counter()
    with zipfile.ZipFile(trace) as archive:
        for name in archive.namelist():
            if name.endswith(".trace"):
                for line in archive.read(name).decode().splitlines():
                    event = json.loads(line)
                    if event.get("type") == "before":
                        calls[event.get("method")] += 1
    return result, calls


def test_the_trace_holds_the_customers_actions_and_none_of_the_tools_reads(walk):
    _, calls = traced_calls(walk)
    assert calls["goto"] == 1 and calls["fill"] == 2 and calls["click"] == 2, calls
    assert calls["selectOption"] == 1, calls
    tools_own = {method: n for method, n in calls.items()
                 if method in ("evaluateExpression", "evalOnSelectorAll", "continue")}
    assert tools_own == {}, calls


def test_without_playwrights_internals_the_reads_are_ordinary_calls(walk, monkeypatch):
    """Another Playwright: the same journey walks and judges the same; the reads are traced."""
    monkeypatch.setattr(untraced, "INTERNAL", None)
    result, calls = traced_calls(walk)
    assert result.steps[-1].status == "passed"
    assert calls["evaluateExpression"] > 5, calls


def test_step_groups_and_the_tools_waits_send_no_stack_to_the_trace(shared_browser):  # noqa: ANN001
    """Every public call, while a trace records, sends the Python stack as a message of its
    own; the step groups (located by their journey line) and the tool's waits do not."""
    context = shared_browser[0].new_context()
    try:
        page = context.new_page()
        context.tracing.start()
        with methods_sent(page) as sent:
            untraced.group(context.tracing, "1. Open the page", {"file": "j.yaml", "line": 3})
            page.set_content("<p>hello</p>")
            untraced.wait_for_load(page, 5_000)
            untraced.group_end(context.tracing)
            public_stacks = sent.count("addStackToTracingNoReply")
            context.tracing.group("2. Public", location={"file": "j.yaml", "line": 4})
        # set_content is the one public call among the first four: one stack, its own.
        assert public_stacks == 1, sent
        assert sent.count("addStackToTracingNoReply") == 2, sent  # the public group's
        context.tracing.stop()
    finally:
        context.close()


@pytest.mark.parametrize("full", [False, True])
def test_a_light_trace_takes_no_python_stacks_and_a_full_one_does(shared_browser, tmp_path,
                                                                  full):  # noqa: ANN001
    """The default trace names each step's journey line, not the tool's code: the customer's
    actions send no Python stack, and starting and stopping it asks the driver to keep none.
    A full trace (`--trace on`, a retry) is Playwright's own, stacks and all. Both keep the
    action and the group."""
    from runner.walk.tabs import Tabs, TabSpec

    tabs = Tabs(shared_browser[0], "", "__unused")
    tab = tabs.open(TabSpec(options={}, traced=True, full_trace=full))
    try:
        with methods_sent(tab.page) as sent:
            untraced.group(tab.context.tracing, "1. Open the page", {"file": "j.yaml", "line": 3})
            tab.page.set_content("<button onclick='this.textContent=`done`'>Go</button>")
            tab.page.get_by_role("button").click()
            untraced.group_end(tab.context.tracing)
            tab.context.tracing.stop(path=str(tmp_path / "kept.zip"))
        stacks = [m for m in sent if m in ("addStackToTracingNoReply", "tracingStarted",
                                           "traceDiscarded")]
        assert (stacks == []) is not full, sent
        with zipfile.ZipFile(tmp_path / "kept.zip") as kept:
            events = [json.loads(line) for line in kept.read("trace.trace").decode().splitlines()]
        befores = [e for e in events if e.get("type") == "before"]
        group = next(e for e in befores if e.get("method") == "tracingGroup")
        assert group["title"] == "1. Open the page" and group["stack"][0]["line"] == 3
        click = next(e for e in befores if e.get("method") == "click")
        assert click.get("parentId") == group["callId"]
    finally:
        tab.context.close()
        tabs.close()


def test_a_tab_opened_ahead_and_its_journeys_user_agent_send_no_stack(shared_browser):  # noqa: ANN001
    """While one journey traces, the next journey's tab is opened ahead and, when taken,
    given its user agent over DevTools: the tool's calls, not a customer's, so no stacks
    (one per call made public: five for the tab, two for the user agent)."""
    from runner.walk import identity
    from runner.walk.engine import PROBE_BINDING, PROBE_JS
    from runner.walk.tabs import Tabs, TabSpec

    browser = shared_browser[0]
    tracing = browser.new_context()
    tabs = Tabs(browser, PROBE_JS, PROBE_BINDING, ahead=1)
    try:
        tracing.tracing.start()  # the journey now walking
        with methods_sent(tracing) as sent:
            spec = TabSpec(options={}, extra_script="window.extra = 1;")
            tabs.prepare(spec)
            tabs.finish_opening()
            tab = tabs.open(spec)
            assert tab.early  # the one opened ahead
            assert identity.tell_the_run(tab.context, tab.page, "UA", "run-1") is not None
        assert "newContext" in sent and "newPage" in sent and "send" in sent, sent
        assert sent.count("addStackToTracingNoReply") == 0, sent
        assert tab.page.evaluate("navigator.userAgent") == "UA (run run-1)"
        tab.context.close()
        tracing.tracing.stop()
    finally:
        tabs.close()
        tracing.close()


def test_a_loaded_page_is_not_waited_for_and_a_loading_one_is(shared_browser):  # noqa: ANN001
    """The wait for a page's `load` sends nothing once the page has loaded (Playwright's own
    wait sends its waiter's log first), and still waits while it has not."""
    from playwright.sync_api import TimeoutError as PWTimeout

    context = shared_browser[0].new_context()
    try:
        page = context.new_page()
        held = []
        page.route("http://shop.test/", lambda route: route.fulfill(
            content_type="text/html", body='<p>Thanks</p><img src="/slow.png">'))
        page.route("http://shop.test/slow.png", lambda route: held.append(route))
        page.goto("http://shop.test/", wait_until="commit")
        while not held:  # the image asked for (and held), however busy the machine
            page.wait_for_timeout(20)
        with pytest.raises(PWTimeout):
            untraced.wait_for_load(page, 300)  # the image is held: no `load` yet
        held[0].fulfill(status=404)
        untraced.wait_for_load(page, 5_000)
        with methods_sent(page) as sent:
            untraced.wait_for_load(page, 5_000)
        assert sent == []
    finally:
        context.close()
