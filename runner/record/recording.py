"""The browser a person records in, and what it hears from recorder.js.

One persistent Chromium context with the recorder in every frame (an init script) and one
binding it reports to. The browser also listens for DevTools on a loopback port, printed at
start, so a test or a remote person can drive the very page being recorded
(`chromium.connect_over_cdp`): their clicks and typing are real input events in the page.
The recording ends on Enter or end of input, SIGINT/SIGTERM, or when the browser is closed.
"""

from __future__ import annotations

import base64
import logging
import os
import signal
import socket
import stat
import sys
import tempfile
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import BrowserContext, Error, Frame, Page, Playwright, Request

from runner.errors import ShopperError
from runner.record.locators import choose, frame_path, is_field
from runner.record.steps import Action
from runner.walk.browser import (
    CHROMIUM_ARGS,
    BrowserUnavailable,
    choose_browser,
    launch_failure,
)

RECORDER_JS = (Path(__file__).parent / "recorder.js").read_text(encoding="utf-8")
BINDING = "__shopperRecord"
# A submit event that comes this long after a click or key press was caused by it.
SUBMIT_AFTER_S = 2.0
LARGEST_UPLOAD_BYTES = 20_000_000


@dataclass
class Recording:
    """What was recorded: the actions with their locators, and what the first page said."""

    actions: list[Action] = field(default_factory=list)
    first_title: str = ""
    first_heading: str = ""
    files: dict[str, bytes] = field(default_factory=dict)  # uploads: file name -> contents
    notes: list[str] = field(default_factory=list)  # what the person should know of it
    _last_action_at: float = 0.0
    _heard: deque = field(default_factory=deque)  # (frame, report) not yet taken

    def add(self, action: Action) -> None:
        self.actions.append(action)
        self._last_action_at = time.monotonic()

    def heard(self, source: dict, event: dict) -> None:
        """One report from recorder.js (`source`: Playwright's frame and page), kept for
        `take_heard`. Nothing is asked of the page here: a Playwright call made inside a
        binding lets the next report in before this one is done, and the order of what the
        person did is the journey."""
        self._heard.append((source["frame"], event))

    def take_heard(self) -> None:
        """Turn the reports heard so far into actions, in the order they came."""
        while self._heard:
            self._take(*self._heard.popleft())

    def _take(self, frame: Frame, event: dict) -> None:
        kind = event.get("kind")
        if kind == "goto":
            self.add(Action("goto", value=event["url"]))
        elif kind == "page":
            if event.get("top") and not self.first_title and not self.first_heading:
                self.first_title = event.get("title") or ""
                self.first_heading = event.get("heading") or ""
            self._appeared(event)
        elif kind == "text":
            self._appeared(event)
        elif kind == "submit":
            last = self._last_trigger()
            if last is not None and time.monotonic() - self._last_action_at < SUBMIT_AFTER_S:
                last.submitted = True
        elif kind in ("click", "fill", "select", "check", "press", "upload"):
            target = event.get("target")
            locator = None if target is None else choose(
                target["candidates"], frame, event.get("doc"),
                field=is_field(target.get("tag", ""), target.get("type", "")))
            value = {"fill": event.get("value"), "select": event.get("value"),
                     "press": event.get("key")}.get(kind)
            if kind == "upload":
                value = self._attached(event.get("files") or [])
                if value is None:
                    return
            frames = frame_path(frame) if frame.parent_frame is not None else ()
            if kind == "fill" and self.actions and self.actions[-1].kind == "fill" \
                    and self.actions[-1].locator == locator \
                    and self.actions[-1].frame == frames:
                self.actions[-1].value = value  # one more keystroke in the same field
                return
            self.add(Action(kind, locator, value, frame=frames))

    def navigated(self, url: str) -> None:
        """A navigation the person started themselves (typed, not clicked)."""
        self._heard.append((None, {"kind": "goto", "url": url}))

    def _attached(self, files: list[dict]) -> str | None:
        if not files or files[0].get("data") is None:
            return None
        name = Path(files[0]["name"]).name or "upload"
        data = base64.b64decode(files[0]["data"])
        if len(data) > LARGEST_UPLOAD_BYTES:
            self.notes.append(f"{name} was attached but is over "
                              f"{LARGEST_UPLOAD_BYTES // 1_000_000} MB: not recorded, add "
                              "its upload step by hand")
            return None
        self.files[name] = data
        return name

    def _last_trigger(self) -> Action | None:
        return next((a for a in reversed(self.actions) if a.kind in ("click", "press")), None)

    def _appeared(self, event: dict) -> None:
        if not any(a.kind != "goto" for a in self.actions):
            return  # text of the page as the person found it acknowledges nothing
        last = self.actions[-1]
        last.texts.extend(event.get("texts") or [])
        last.language = event.get("lang") or last.language


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Recorder:
    """Holds the browser while the person records; `record()` returns what they did."""

    def __init__(self, pw: Playwright, url: str, *, headless: bool,
                 say=print) -> None:  # noqa: ANN001 - where the start-up lines go
        self.pw, self.url, self.headless, self.say = pw, url, headless, say
        self.recording = Recording()
        self.stop = threading.Event()

    def record(self) -> Recording:
        # The full browser, headless or not: a person records in it, and the headless shell
        # is for runs nobody watches.
        choice = choose_browser(self.pw, "chromium", headed=True)
        port = free_port()
        with tempfile.TemporaryDirectory(prefix="shopper-record-") as profile:
            try:
                context = self.pw.chromium.launch_persistent_context(
                    profile, executable_path=choice.executable, headless=self.headless,
                    args=[*CHROMIUM_ARGS, f"--remote-debugging-port={port}",
                          "--remote-debugging-address=127.0.0.1"])
            except Error as exc:
                raise BrowserUnavailable(f"could not start {choice.source}: "
                                         f"{launch_failure(str(exc))}") from exc
            try:
                self._record_in(context, port)
            finally:
                try:
                    context.close()
                except Error:
                    pass  # the person closed the browser themselves
        return self.recording

    def _record_in(self, context: BrowserContext, port: int) -> None:
        context.expose_binding(BINDING, self.recording.heard)
        context.add_init_script(RECORDER_JS)
        page = context.pages[0] if context.pages else context.new_page()
        self._watch_navigations(page)
        context.on("page", self._watch_navigations)
        try:
            page.goto(self.url)
        except Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
            raise ShopperError(f"could not open {self.url}: {first}") from exc
        self.say(f"Recording {self.url}")
        self.say(f"DevTools endpoint: http://127.0.0.1:{port} (drive this page from "
                 "Playwright with chromium.connect_over_cdp)")
        self.say("Press Enter (or Ctrl-C) here when you are done.")
        self._stop_on_signals_and_input()
        while not self.stop.is_set():
            live = [p for p in context.pages if not p.is_closed()]
            if not live:
                break  # the person closed the browser
            try:
                live[0].wait_for_timeout(50)  # Playwright hands us the page's reports here
            except Error:
                break
            self.recording.take_heard()
        for live in [p for p in context.pages if not p.is_closed()]:
            try:
                live.wait_for_timeout(300)  # reports still on their way
                break
            except Error:
                continue
        self.recording.take_heard()

    def _watch_navigations(self, page: Page) -> None:
        def requested(request: Request) -> None:
            if not request.is_navigation_request() or request.redirected_from is not None:
                return
            if request.frame != page.main_frame:
                return
            try:
                # "none": started from the browser itself (an address typed, a bookmark, a
                # DevTools client), not by a link or form in the page.
                typed = request.header_value("sec-fetch-site") == "none"
            except Error:
                return
            if typed and request.method == "GET":
                self.recording.navigated(request.url)
        page.on("request", requested)

    def _stop_on_signals_and_input(self) -> None:
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: self.stop.set())
        # Ctrl-C reaches Playwright's driver too, which then ends: what was recorded is
        # written all the same, and asyncio's complaint about the lost connection is noise.
        logging.getLogger("asyncio").setLevel(logging.CRITICAL)
        if _reads_a_person_or_a_pipe():
            threading.Thread(target=self._wait_for_enter, daemon=True, name="enter").start()

    def _wait_for_enter(self) -> None:
        try:
            sys.stdin.readline()  # a line, or the end of input
        except (OSError, ValueError):
            return
        self.stop.set()


def _reads_a_person_or_a_pipe() -> bool:
    """Whether stdin can say "done": a terminal or a pipe. /dev/null (a service, `nohup`)
    would end the recording at once."""
    try:
        mode = os.fstat(sys.stdin.fileno()).st_mode
    except (OSError, ValueError, AttributeError):
        return False
    return sys.stdin.isatty() or stat.S_ISFIFO(mode)
