"""The tool's functions that run in the page, installed once per document and called by name.

Reading the page around a customer action (what it shows, whether it has settled, the form
typed into, the chat's messages) is a function of 4–14 kB, and it is asked for several times
a step: sent whole with every call, it was ~140 kB a journey through the driver and the
browser to the page (bench/cpu.py, a bundled journey), each copy encoded, parsed and compiled
on the way. So the functions go into every document with the probe (`install`, part of the
init script), and each call sends only their name and arguments.

A document without them (one the init script does not reach: a browser error page, a frame
that began before it) answers `MISSING`, and only then is the function sent whole, as
before: what is read does not depend on which way it was.

What a function called by name returns comes back as one JSON string, parsed here: as
Playwright's own objects, each value of a read is walked by the page's serializer, the
driver's validator and Python's, a third of the CPU of a small read (a 0.5 kB snapshot:
1.6 ms instead of 2.2, all processes). The reads return plain data: `undefined` comes back as
None, as Playwright gives it (NaN too, which Playwright would give as nan; no read returns
one). The page's own JSON is not trusted: `JSON.stringify` is taken as the document starts,
and where a library has since taught prototypes `toJSON` (Prototype.js on arrays), the value
comes back as Playwright's objects instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Error, Frame, Locator, Page

from runner.walk import untraced

GLOBAL = "__shopperScripts"
GLOBAL_VAR = "scripts"  # what the installed scripts call each other by (see `install`)
MISSING = "\u0000shopper: page script missing"
JSON_MARK = "\u0001json:"  # a read that comes back as JSON (`parsed`)


@dataclass(frozen=True)
class PageScript:
    """A function the tool runs in pages: `(arg) => …`, or `(elements, arg) => …` for
    `call_all` (it may return a promise). It may call the scripts it `uses`, each written
    `(NAME)` in its source (the name in capitals): `(SNAPSHOT)(limit)`."""

    name: str
    source: str
    uses: tuple[PageScript, ...] = ()

    @property
    def whole(self) -> str:
        """The function with the scripts it uses written into it: what a document without
        the installed scripts is sent."""
        text = self.source.strip()
        for part in self.uses:
            text = text.replace(f"({part.name.upper()})", f"({part.whole})")
        return text

    def installed(self) -> str:
        """The function as installed, calling the scripts it uses where they are installed."""
        text = self.source.strip()
        for part in self.uses:
            text = text.replace(f"({part.name.upper()})", f"{GLOBAL_VAR}.{part.name}")
        return text

    def call(self, target: Page | Frame, arg: Any = None) -> Any:
        """`target.evaluate(whole, arg)`, untraced, sending only the name where it can."""
        found = untraced.evaluate(target, self._by_name("arg", "arg"), arg)
        if found == MISSING:
            return untraced.evaluate(target, self.whole, arg)
        return parsed(found)

    def call_all(self, elements: Locator, arg: Any = None) -> Any:
        """`elements.evaluate_all(whole, arg)`, untraced, likewise."""
        found = untraced.evaluate_all(elements, self._by_name("els, arg", "els, arg"), arg)
        if found == MISSING:
            return untraced.evaluate_all(elements, self.whole, arg)
        return parsed(found)

    def _by_name(self, parameters: str, arguments: str) -> str:
        return (f"async ({parameters}) => {{ const s = window.{GLOBAL}; if (!s || !s.{self.name}) "
                f"return {json.dumps(MISSING)}; return s.asJson(await s.{self.name}"
                f"({arguments})); }}")


def parsed(found: Any) -> Any:
    """What a page script answered: JSON it was sent as (`asJson`), read; anything else as
    Playwright gave it. JSON that does not parse is the page's doing: an Error, as a page that
    navigated away mid-read is."""
    if not (isinstance(found, str) and found.startswith(JSON_MARK)):
        return found
    try:
        return json.loads(found[len(JSON_MARK):])
    except ValueError as exc:
        raise Error(f"a page read came back unreadable: {exc}") from exc


def install(scripts: Iterable[PageScript]) -> str:
    """The part of the init script that puts `scripts` in every document, where a page's own
    code cannot replace them by accident (not writable, not enumerable)."""
    members = ",\n".join(f"    {script.name}: ({script.installed()})" for script in scripts)
    return f"""
;(() => {{
  if (window.{GLOBAL}) return;
  const stringify = JSON.stringify;  // the page's own, before any of its scripts ran
  const {GLOBAL_VAR} = {{
{members},
    // A value as JSON (`undefined` as null, as Playwright gives it), unless a library has
    // taught prototypes `toJSON` meanwhile: then the value itself.
    asJson: (value) => {{
      if (Array.prototype.toJSON || Object.prototype.toJSON || String.prototype.toJSON ||
          Number.prototype.toJSON || Boolean.prototype.toJSON) return value;
      return {json.dumps(JSON_MARK)} + stringify(value === undefined ? null : value,
                                              (k, x) => (x === undefined ? null : x));
    }},
  }};
  Object.defineProperty(window, '{GLOBAL}', {{
    value: Object.freeze({GLOBAL_VAR}), configurable: false, enumerable: false, writable: false}});
}})();
"""
