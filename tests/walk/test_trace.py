"""A failed journey's trace reads as the journey: its YAML steps as named groups, the
customer's own actions in them, none of the tool's reads and polls; and what each trace depth
records."""

from __future__ import annotations

import json
import zipfile

import pytest
from support.pages import page

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
