"""axe-core on the page the customer stands on: its raw violations, never a verdict.

axe-core is the engine most accessibility teams already trust; `axe-playwright-python` ships
it (no download at run time). It is run in each frame of the page separately (`iframes:
false`): axe's own frame-to-frame messaging waits up to a minute for a frame it was not
injected into, and a chat or form embedded from another origin is part of the customer's
path. Only WCAG 2.x A and AA rules run, and only violations come back.

Each node says whether the customer used it (used.js: the fields they typed into, the
controls they clicked), so the check can tell "this stopped the customer" from "this is
elsewhere on the page". What the tool could not scan (a frame that navigated away mid-scan,
a page whose policy refused the script, closed shadow roots axe cannot enter) is said as
"not measured", never counted against the site.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Error, Frame

from runner.walk import page_scripts, untraced

# WCAG 2.0, 2.1 and 2.2, levels A and AA: what accessibility law and procurement ask for.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"],
               "elementRef": True, "iframes": False}
NODES_KEPT = 10  # per rule and frame: enough to quote, not a copy of the page
HTML_KEPT = 300

# axe-core as a function each document of a scanning journey's tab is given at its creation,
# beside the probe (runner/walk/tabs.py): sent to the browser once per tab, not once per
# document scanned (570 kB through Python, the driver and the browser each time, ~45 ms of
# CPU), and only parsed lazily until a scan calls it: a document never scanned (an embedded
# frame, a page left at once) pays for a quick pre-parse, not for axe-core's start.
INSTALLER = ("Object.defineProperty(window, '__shopperAxeInstall', {configurable: true, "
             "value: function () {\n" + AXE_SCRIPT + "\n}});")

# Starts axe once per document (the page's world, where axe expects to be) from the installer,
# runs it, and keeps the violating elements so a later step can ask which of them the customer
# used. A document without the installer (a tab opened without it) says `missing`: axe-core
# is then sent whole.
SCAN_JS = """async ([options, nodesKept, htmlKept]) => {
  let installMs = null;
  if (!(window.axe && window.axe.run) && window.__shopperAxeInstall) {
    const started = performance.now();
    // A failed start is `missing`: axe-core is then sent whole, and its own error said.
    try { window.__shopperAxeInstall(); } catch (e) { /* see above */ }
    installMs = performance.now() - started;
  }
  if (!(window.axe && window.axe.run)) return {missing: true};
  const used = window.__shopperUsed;
  const probe = window.__shopperProbe;
  const results = await window.axe.run(document, options);
  const kept = [];
  const violations = results.violations.map((rule) => ({
    id: rule.id, impact: rule.impact, help: rule.help, description: rule.description,
    help_url: rule.helpUrl, tags: rule.tags.filter((t) => t.startsWith('wcag')),
    count: rule.nodes.length,
    nodes: rule.nodes.slice(0, nodesKept).map((node, index) => {
      kept.push([rule.id, index, node.element]);
      return {target: node.target, html: (node.html || '').slice(0, htmlKept),
              impact: node.impact, summary: (node.failureSummary || '').slice(0, 500),
              used: !!(used && node.element && used.has(node.element))};
    }),
  }));
  Object.defineProperty(window, '__shopperAxeLast', {value: kept, configurable: true});
  const closed = probe && probe.shadowRoots
    ? probe.shadowRoots().filter((root) => root && root.mode === 'closed').length : 0;
  const found = {url: location.href, axe: results.testEngine && results.testEngine.version,
                 violations, closed_shadow_roots: closed, install_ms: installMs};
  // One JSON string where the page's JSON can be trusted (page_scripts.py): the violations
  // cross the driver as one value, not thousands.
  const scripts = window.PAGE_SCRIPTS;
  return scripts && scripts.asJson ? scripts.asJson(found) : found;
}""".replace("PAGE_SCRIPTS", page_scripts.GLOBAL)
# An earlier scan of this same page state (same address, markup and viewport, in another
# document) carried over: its elements found again here by axe's own selectors, kept as a
# scan of this document keeps them, and marked used or not by this customer. Null when one
# of them is not found (the earlier scan no longer describes this page: scanned afresh).
REUSE_JS = """(kept) => {
  const used = window.__shopperUsed;
  const find = (target) => {
    if (!Array.isArray(target) || target.length !== 1) return null;  // frames: not ours
    let scope = document, element = null;
    for (const selector of [].concat(target[0])) {
      if (element) scope = element.shadowRoot;
      if (!scope) return null;
      let found;
      try { found = scope.querySelectorAll(selector); } catch (e) { return null; }
      if (found.length !== 1) return null;  // gone, or no longer one element
      element = found[0];
    }
    return element;
  };
  const found = [];
  for (const [rule, index, target] of kept) {
    const element = find(target);
    if (!element) return null;
    found.push([rule, index, element]);
  }
  Object.defineProperty(window, '__shopperAxeLast', {value: found, configurable: true});
  return {url: location.href, used: found.map(([, , el]) => !!(used && used.has(el)))};
}"""
# Which of the elements the last scan of this document found does the customer use now?
USED_NOW_JS = """() => {
  const used = window.__shopperUsed, kept = window.__shopperAxeLast;
  if (!used || !kept) return null;
  return kept.filter(([, , el]) => el && used.has(el)).map(([rule, index]) => [rule, index]);
}"""


@dataclass
class FrameScan:
    """One frame's scan: its violations, or why it could not be measured."""

    url: str
    main: bool
    violations: list[dict]
    duration_ms: float
    not_measured: str | None = None
    closed_shadow_roots: int = 0
    inject_ms: float | None = None  # putting axe-core into this document first, when needed
    reused: bool = False  # an earlier scan of the same page state, its elements found here

    def as_dict(self) -> dict:
        data = {"url": self.url, "frame": "main" if self.main else "frame",
                "violations": self.violations, "duration_ms": round(self.duration_ms, 1)}
        if self.not_measured:
            data["not_measured"] = self.not_measured
        if self.closed_shadow_roots:
            data["closed_shadow_roots"] = self.closed_shadow_roots
        if self.inject_ms is not None:
            data["inject_ms"] = round(self.inject_ms, 1)
        if self.reused:
            data["reused"] = True
        return data


def scan(frame: Frame, main: bool) -> FrameScan:
    """axe-core's WCAG 2.x A/AA violations in `frame`, each node marked used or not."""
    started = time.perf_counter()
    url = frame.url
    arguments = [AXE_OPTIONS, NODES_KEPT, HTML_KEPT]
    inject_ms = None
    try:
        found = page_scripts.parsed(untraced.evaluate(frame, SCAN_JS, arguments))
        if isinstance(found, dict) and found.get("missing"):
            # Once per document, as the browser's debugger evaluates it: a page's own
            # Content-Security-Policy governs its scripts, not this.
            injecting = time.perf_counter()
            untraced.evaluate(frame, AXE_SCRIPT)
            inject_ms = _ms_since(injecting)
            found = page_scripts.parsed(untraced.evaluate(frame, SCAN_JS, arguments))
    except Error as exc:
        return FrameScan(url, main, [], _ms_since(started), not_measured=_why(exc))
    if not isinstance(found, dict) or not isinstance(found.get("violations", []), list):
        return FrameScan(url, main, [], _ms_since(started),
                         not_measured="axe-core returned nothing it could read")
    if inject_ms is None and isinstance(found.get("install_ms"), (int, float)):
        inject_ms = found["install_ms"]
    return FrameScan(found.get("url") or url, main, found.get("violations") or [],
                     _ms_since(started), closed_shadow_roots=found.get("closed_shadow_roots", 0),
                     inject_ms=inject_ms)


def reuse(frame: Frame, main: bool, earlier: FrameScan) -> FrameScan | None:
    """`earlier`'s violations, as a scan of `frame` (a page in the same state: same address,
    markup and viewport) would find them, each node marked used or not by this customer;
    None when its elements are not all found here, or the frame has gone: then scan."""
    started = time.perf_counter()
    kept = [[rule["id"], index, node.get("target")] for rule in earlier.violations
            for index, node in enumerate(rule["nodes"])]
    try:
        found = untraced.evaluate(frame, REUSE_JS, kept)
    except Error:
        return None
    if not isinstance(found, dict) or len(found.get("used") or []) != len(kept):
        return None
    marks = iter(found["used"])
    violations = [{**rule, "nodes": [{**node, "used": next(marks)} for node in rule["nodes"]]}
                  for rule in earlier.violations]
    return FrameScan(found.get("url") or frame.url, main, violations, _ms_since(started),
                     closed_shadow_roots=earlier.closed_shadow_roots, reused=True)


def used_now(frame: Frame) -> list[tuple[str, int]] | None:
    """(rule, node index) of the last scan's elements the customer has used since; None when
    this document was not scanned (or has gone)."""
    try:
        found = untraced.evaluate(frame, USED_NOW_JS)
    except Error:
        return None
    return [(rule, index) for rule, index in found] if found is not None else None


def _why(exc: Error) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
    if "Execution context was destroyed" in text or "navigat" in text.lower():
        return "the page navigated away while axe-core was reading it"
    if "Content Security Policy" in text or "unsafe-eval" in text or "Trusted" in text:
        return f"the page's security policy refused axe-core: {text[:200]}"
    return f"axe-core could not run: {text[:200]}"


def _ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000.0
