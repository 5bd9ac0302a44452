"""A failed journey's trace reads as the journey: its YAML steps as named groups, the
customer's own actions in them, none of the tool's reads and polls; and what each trace depth
records."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

import pytest
from support.pages import free_port, page
from support.protocol import methods_sent

pytestmark = pytest.mark.browser

FAILS = """
name: Looks for a refund link
channel: browse
steps:
  - goto: /shop
  - name: Types a question
    fill: {"#q": "refund"}
  - click: {role: button, name: Search}
  - name: Sees the refund link
    expect: {text: "Refund policy"}
    timeout: 1500ms
"""


def trace_events(path, part: str = "trace.trace") -> list[dict]:
    with zipfile.ZipFile(path) as kept:
        return [json.loads(line) for line in kept.read(part).decode().splitlines()
                if line.strip()]


def shop(pages) -> None:
    pages.page("/shop", page('<h1>Shop</h1><input id="q" aria-label="Search">'
                             '<button onclick="document.querySelector(\'h1\').textContent='
                             '\'No results\'">Search</button><img src="/logo.png">'))


def test_a_failed_journeys_trace_has_its_steps_as_groups_and_no_polling(walk, pages):
    shop(pages)
    walk.base_url = pages.url
    result = walk(FAILS, name="fails", trace="retain-on-failure")
    assert result.status == "failed"
    trace = walk.out / "runs" / result.run_id / result.artifacts["trace"]
    events = trace_events(trace)
    calls = [e for e in events if e.get("type") == "before"]
    titles = [e.get("title") or "" for e in calls]
    groups = [c for c in calls if c.get("method") == "tracingGroup"]
    assert [g.get("title") for g in groups] == [
        "1. goto /shop", "2. Types a question", "3. click Search", "4. Sees the refund link"]
    assert groups[0]["stack"][0]["line"] == 5  # the step's line in the journey file
    methods = [c.get("method") for c in calls]
    assert {"goto", "fill", "click"} <= set(methods)
    # Each customer action sits in its step's group, as the trace viewer nests them.
    step_of = {g["callId"]: g["title"] for g in groups}
    nested = [(c["method"], step_of.get(c.get("parentId"))) for c in calls
              if c.get("method") in ("goto", "fill", "click")]
    assert nested == [("goto", "1. goto /shop"), ("fill", "2. Types a question"),
                      ("click", "3. click Search")], nested
    # ...and each group closes after its last action, before the next step's group opens.
    ends = {e["callId"]: n for n, e in enumerate(events) if e.get("type") == "after"}
    starts = {e["callId"]: n for n, e in enumerate(events) if e.get("type") == "before"}
    for group, following in zip(groups, groups[1:], strict=False):
        assert ends[group["callId"]] < starts[following["callId"]]
    for call in calls:
        if call.get("parentId"):
            assert starts[call["parentId"]] < starts[call["callId"]]
            assert ends[call["callId"]] < ends[call["parentId"]]
    # The tool's polling and reads are not the customer's: none of them is in the trace.
    assert "waitForTimeout" not in methods, titles
    assert not [m for m in methods if m in ("evaluateExpression", "evalOnSelectorAll")], titles
    # The default depth: the actions only, no screenshot stream nor DOM snapshots; the
    # failure's page is kept by the tool itself, as HTML beside its screenshot.
    assert not any(e.get("type") == "screencast-frame" for e in events)
    # The network is the tool's own log of the journey, every request with its step.
    network = json.loads((walk.out / "runs" / result.run_id
                          / result.artifacts["network"]).read_text())
    assert any(e["url"].endswith("/logo.png") and e["step"] == 0 for e in network), network
    kept_page = walk.out / "runs" / result.run_id / result.artifacts["pages"][0]
    assert "No results" in kept_page.read_text()


def test_trace_on_is_complete(walk, pages):
    shop(pages)
    walk.base_url = pages.url
    result = walk(FAILS.replace("Refund policy", "No results"), name="passes", trace="on")
    assert result.status == "passed", [s.error for s in result.steps]
    events = trace_events(walk.out / "runs" / result.run_id / result.artifacts["trace"])
    assert any(e.get("type") == "screencast-frame" for e in events)
    assert any(e.get("type") == "frame-snapshot" for e in events)
    network = trace_events(walk.out / "runs" / result.run_id / result.artifacts["trace"],
                           "trace.network")
    assert any(e["snapshot"]["request"]["url"].endswith("/logo.png") for e in network)


def test_the_trace_viewer_shows_each_step_with_its_actions_inside(walk, pages, shared_browser,
                                                                 tmp_path):
    """Playwright's own trace viewer (`playwright show-trace`, served on loopback) reads the
    failed journey's trace as the journey: its steps, and each step's actions inside it."""
    shop(pages)
    walk.base_url = pages.url
    result = walk(FAILS, name="fails", trace="retain-on-failure")
    trace = walk.out / "runs" / result.run_id / result.artifacts["trace"]
    port = free_port()
    viewer = subprocess.Popen(
        [sys.executable, "-m", "playwright", "show-trace", "--host", "127.0.0.1", "--port",
         str(port), str(trace)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "BROWSER": "true"})  # it would open a desktop browser: none
    context = shared_browser[0].new_context()
    try:
        said = [viewer.stdout.readline() for _ in range(2)]  # a blank line, then its address
        assert any("Listening on" in line for line in said), said
        page_ = context.new_page()
        page_.goto(f"http://127.0.0.1:{port}/")
        steps = page_.get_by_role("tree").get_by_role("treeitem")
        steps.first.wait_for()
        shown = [text.split("\n")[0] for text in steps.all_inner_texts()]  # actions too
        assert [title for title in shown if title[:1].isdigit()] == [
            "1. goto /shop", "2. Types a question", "3. click Search", "4. Sees the refund link"]
        for name in ("1. goto /shop", "2. Types a question", "3. click Search"):
            page_.get_by_role("treeitem", name=name).locator(".codicon-chevron-right").click()
        inside = {name: page_.get_by_role("treeitem", name=name).inner_text()
                  for name in ("1. goto /shop", "2. Types a question", "3. click Search")}
        assert "Navigate" in inside["1. goto /shop"], inside
        assert "Fill" in inside["2. Types a question"], inside
        assert "Click" in inside["3. click Search"], inside
    finally:
        context.close()
        viewer.kill()
        viewer.wait()


@pytest.mark.parametrize(("depth", "live"), [("retain-on-failure", False), ("on", True)])
def test_a_passing_journey_pays_for_no_step_group_unless_traced_in_full(walk, pages, depth,
                                                                        live):
    """The light trace's groups are written in only when it is kept: a passing journey
    sends none, nor stops it (closing its context does). A full trace makes them live, as
    Playwright's own, and is stopped (Python stops sending its stacks)."""
    shop(pages)
    walk.base_url = pages.url
    with methods_sent(walk.browser) as sent:
        result = walk(FAILS.replace("Refund policy", "No results"), name="passes", trace=depth)
    assert result.status == "passed"
    assert ("tracingGroup" in sent) is live, sent
    assert ("tracingGroupEnd" in sent) is live
    assert ("tracingStop" in sent) is live
    assert (result.artifacts.get("trace") is not None) is live
    # The next journey on the same browser is traced and kept as ever.
    failed = walk(FAILS, name="fails", trace=depth)
    assert failed.status == "failed"
    assert any(e.get("method") == "tracingGroup"
               for e in trace_events(walk.out / "runs" / failed.run_id / failed.artifacts["trace"]))


def test_a_trace_that_cannot_be_read_is_left_as_it_is(tmp_path):
    from runner.walk.trace_steps import StepGroups, _Step

    broken = tmp_path / "kept.trace.zip"
    broken.write_bytes(b"not a zip")
    groups = StepGroups(tracing=None, live=False, _next_call_id=lambda: "abcd@1")
    groups._steps.append(_Step("1. goto /", {"file": "j.yaml", "line": 3}, "abcd@1", 0.0))
    groups.write_into(broken)
    assert broken.read_bytes() == b"not a zip"
