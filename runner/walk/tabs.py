"""A fresh browser context and tab for every journey, opened ahead of time when it can be.

Opening a context and its first tab costs Chromium ~70-85 ms (a renderer process starts;
bench/overhead.py). A worker walks journeys one after another in one browser, so whenever a
journey waits for the site (an acknowledgement, a reply, an email that has not come yet)
the browser, idle meanwhile, opens tabs for the journeys to come, one at a time, up to
`ahead` of them. A context still serves exactly one journey and is closed after it: nothing
(cookies, storage, cache) crosses from one journey to the next. A tab is opened ready for its
journey's first step (`TabSpec`): the probe, the route that adds X-Mystery-Shopper to the
site's own requests. One opened ahead is only used by a journey that asks for exactly the
same; otherwise it is closed and a tab opened for that journey. Tracing starts when the
journey takes its tab: started ahead, it would trace an idle tab, and every call the Python
makes meanwhile (any journey's, on any tab) would send its stack to the trace.

Playwright's sync API has no "start this now, collect it later", so the early opening runs
as a task on the sync API's own event loop, through its private `_loop`, `_impl_obj` and
`_sync` (Playwright 1.65): the browser gets the request at the journey's next call and works
on it in parallel. Where those internals are missing (another Playwright), or anything goes
wrong with the early tab, the tab is opened when asked for, as Playwright's API does it.
"""

from __future__ import annotations

import asyncio
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Error, Page

from runner.walk import untraced

MARK_HEADER = "x-mystery-shopper"


class Relay:
    """The probe's binding, exposed before the tab's journey is known: events go to the
    listener the journey's session sets."""

    def __init__(self) -> None:
        self.listener: Callable[[Any, dict], None] | None = None

    def __call__(self, source: Any, entry: dict) -> None:
        if self.listener is not None:
            self.listener(source, entry)


class Marker:
    """The route of the site's own requests: each goes on with X-Mystery-Shopper, the run id
    of the journey the tab was given to (set then; the tab is blank until that journey)."""

    def __init__(self) -> None:
        self.run_id: str | None = None

    def __call__(self, route: Any, request: Any) -> None:
        headers = dict(request.headers)
        if self.run_id is not None:
            headers[MARK_HEADER] = self.run_id
        try:
            untraced.continue_route(route, headers)
        except Error:
            pass  # the page went away meanwhile


@dataclass
class TabSpec:
    """What a journey's tab has before its first step."""

    options: dict  # for the browser context (device, user agent, credentials, headers...)
    own_origin: re.Pattern[str] | None = None  # requests that say who is shopping
    # Tracing, started when the journey takes its tab (`Tabs.open`): a tab opened ahead is
    # the same whatever the trace's depth, so these do not decide whether it serves.
    traced: bool = field(default=False, compare=False)  # Playwright tracing: the actions
    # ... and the screenshot stream, DOM snapshots and network
    full_trace: bool = field(default=False, compare=False)
    # Installed beside the probe when the journey has pages scanned (axe-core's installer,
    # runner/walk/accessibility.py). A tab without it still serves (axe-core is then sent
    # with the scan), so it does not decide whether a tab opened ahead serves either.
    extra_script: str | None = field(default=None, compare=False, repr=False)


@dataclass
class Tab:
    context: BrowserContext
    page: Page
    relay: Relay
    marker: Marker
    early: bool = False  # opened ahead, while an earlier journey waited


@dataclass
class Tabs:
    """Tabs in one browser, each in a fresh context with the probe installed."""

    browser: Browser
    init_script: str
    binding: str
    # How many tabs to keep opened ahead for the journeys to come (0: open each when asked).
    # More than one lets a journey that waits long prepare tabs for those that do not wait
    # at all; each idle tab costs ~22 MB (an about:blank renderer).
    ahead: int = 0
    _ready: list[_Opening] = field(default_factory=list, repr=False)  # oldest first
    _closing: list[asyncio.Task] = field(default_factory=list, repr=False)

    def open(self, spec: TabSpec) -> Tab:
        tab = self._take_ready(spec) or self._open_now(spec)
        if spec.traced:
            try:
                if spec.full_trace:
                    tab.context.tracing.start(screenshots=True, snapshots=True)
                else:  # actions and step groups, without the tool's Python stacks
                    untraced.start_light_trace(tab.context.tracing)
            except BaseException:
                _close_quietly(tab.context)
                raise
        return tab

    def _take_ready(self, spec: TabSpec) -> Tab | None:
        while self._ready:
            ready = self._ready.pop(0)
            if ready.spec != spec:
                ready.discard()
                continue
            tab = ready.collect()
            if tab is not None:
                return tab
        return None

    def prepare(self, spec: TabSpec, up_to: int | None = None) -> None:
        """Start opening a tab as `spec` says for a journey to come, unless one is being
        opened already or `up_to` (default: `ahead`) are open. Called while the browser is
        idle (the customer waits for the site), so it may be called again and again."""
        wanted = self.ahead if up_to is None else min(up_to, self.ahead)
        if "record_video_dir" in spec.options:
            # A recorded tab films from the moment it opens: one opened ahead would start
            # its journey's video with the wait for that journey (a blank page, for
            # seconds). Recorded journeys open their tabs when they start.
            wanted = 0
        if len(self._ready) < wanted and not self.opening:
            self._ready.append(_Opening.begin(self.browser, spec, self.init_script,
                                              self.binding))

    @property
    def opening(self) -> bool:
        """Is a tab being opened ahead right now?"""
        return any(ready.task is not None and not ready.task.done() for ready in self._ready)

    def finish_opening(self) -> None:
        """Wait until the tab being opened ahead is open, and the journey before's context
        closed: their work in the browser must not overlap a timed customer action (it
        would slow the action down)."""
        for ready in self._ready:
            ready.wait()
        closing, self._closing = self._closing, []
        for task in closing:
            _wait_quietly(self.browser, task)

    def retire(self, context: BrowserContext) -> None:
        """Close a journey's context. With tabs opened ahead (a worker, where the next
        journey waits in finish_opening) the request leaves now and the browser closes it
        while the journey is judged and written; otherwise it is closed before returning."""
        if self.ahead:
            try:
                task = self.browser._loop.create_task(_close_impl(context._impl_obj))
                task.add_done_callback(_seen)
                self.browser._sync(asyncio.sleep(0))  # one turn of the loop sends it
                self._closing.append(task)
                return
            except Exception:  # noqa: BLE001 - not this Playwright's internals: close it now
                pass
        _close_quietly(context)

    def discard_ahead(self, *, wait: bool = False) -> None:
        """Let go of the tabs opened ahead: they are closed in the background (if their
        browser is still there to close them), or now when `wait`."""
        ready, self._ready = self._ready, []
        for opening in ready:
            opening.discard(wait=wait)

    def close(self) -> None:
        """Close the tabs opened ahead, and wait until they and the contexts retired are
        closed (closing the browser closes them too)."""
        self.discard_ahead(wait=True)
        self.finish_opening()

    def _open_now(self, spec: TabSpec) -> Tab:
        relay, marker = Relay(), Marker()
        context = self.browser.new_context(**spec.options)
        try:
            context.add_init_script(self.init_script)
            if spec.extra_script:
                context.add_init_script(spec.extra_script)
            context.expose_binding(self.binding, relay)
            if spec.own_origin is not None:
                context.route(spec.own_origin, marker)
            page = context.new_page()
        except BaseException:
            _close_quietly(context)
            raise
        return Tab(context, page, relay, marker)


@dataclass
class _Opening:
    """A tab being opened on the sync API's event loop."""

    spec: TabSpec
    relay: Relay
    marker: Marker
    browser: Browser
    task: asyncio.Task | None = None
    crashed: bool = False  # its renderer died while it waited for its journey

    @classmethod
    def begin(cls, browser: Browser, spec: TabSpec, init_script: str, binding: str
              ) -> _Opening:
        opening = cls(spec, Relay(), Marker(), browser)
        try:
            impl = browser._impl_obj
            arguments = _every_parameter(impl.new_context, spec.options)
            loop = browser._loop
        except Exception:  # noqa: BLE001 - not this Playwright's internals: open it when asked
            return opening
        work = untraced.internal_task(
            impl, "Browser.new_context",
            lambda: _open(impl, arguments, spec, init_script, binding, opening))
        try:
            opening.task = loop.create_task(work)
        except Exception:  # noqa: BLE001 - a closed loop: the browser is gone
            work.close()
            return opening
        opening.task.add_done_callback(_seen)
        return opening

    def on_crash(self, *_: object) -> None:
        self.crashed = True

    def wait(self) -> None:
        if self.task is not None:
            _wait_quietly(self.browser, self.task)  # collect() tells, and opens one if need be

    def collect(self) -> Tab | None:
        """The tab, waiting for it if it is still being opened; None if it could not be."""
        if self.task is None:
            return None
        try:
            context_impl, page_impl = self.browser._sync(self.task)
            from playwright._impl._sync_base import mapping

            tab = Tab(mapping.from_impl(context_impl), mapping.from_impl(page_impl),
                      self.relay, self.marker, early=True)
        except (Exception, asyncio.CancelledError):  # noqa: BLE001 - the browser died, or
            return None  # another Playwright: the tab is opened when asked for, which says why
        if self.crashed or tab.page.is_closed() or _crashed(page_impl):
            self.discard()
            return None
        return tab

    def discard(self, *, wait: bool = False) -> None:
        """Close the tab once it is open: in the background, or now when `wait`."""
        if self.task is None:
            return
        try:
            closing = self.browser._loop.create_task(_close_when_open(self.task))
            closing.add_done_callback(_seen)
            if wait:
                self.browser._sync(closing)
        except Exception:  # noqa: BLE001 - a closed loop: the browser is gone with the tab
            pass


async def _open(browser_impl: Any, arguments: dict, spec: TabSpec, init_script: str,
                binding: str, opening: _Opening) -> tuple[Any, Any]:
    """`Tabs._open_now`, on the implementation objects the sync API wraps."""
    from playwright._impl._sync_base import mapping

    context = await browser_impl.new_context(**arguments)
    try:
        await context.add_init_script(script=init_script, path=None)
        if spec.extra_script:
            await context.add_init_script(script=spec.extra_script, path=None)
        await context.expose_binding(binding, opening.relay)
        if spec.own_origin is not None:
            # As the sync API's own route() does: the handler is called with its objects.
            await context.route(url=spec.own_origin, handler=mapping.wrap_handler(opening.marker),
                                times=None)
        page = await context.new_page()
        page.on("crash", opening.on_crash)
    except BaseException:
        await _close_impl(context)
        raise
    return context, page


async def _close_when_open(opening: asyncio.Task) -> None:
    try:
        context, _ = await opening
    except Exception:  # noqa: BLE001 - never opened: nothing to close
        return
    await _close_impl(context)


async def _close_impl(context: Any) -> None:
    try:
        await context.close(reason=None)
    except Exception:  # noqa: BLE001 - closing a context of a dead browser
        pass


def _every_parameter(function: Callable, given: dict) -> dict:
    """The implementation's methods take every parameter by name, with no defaults: those
    not given are None."""
    names = [name for name in inspect.signature(function).parameters if name != "self"]
    unknown = set(given) - set(names)
    if unknown:
        raise TypeError(f"unknown parameters {sorted(unknown)}")
    return {name: given.get(name) for name in names}


def _seen(task: asyncio.Task) -> None:
    """Mark a failed task's exception as read: a tab that could not be opened ahead is
    opened when asked for, and that failure is reported there."""
    if not task.cancelled():
        task.exception()


def _crashed(page_impl: Any) -> bool:
    """Did the tab's renderer die, even before our listener was there (while it opened)?
    Playwright's page closes this scope on "crash" from its first moment (1.65)."""
    scope = getattr(page_impl, "_closed_or_crashed_scope", None)
    return bool(scope is not None and scope.is_closed())


def _wait_quietly(browser: Browser, task: asyncio.Task) -> None:
    if task.done():
        return
    try:
        browser._sync(asyncio.shield(task))
    except (Exception, asyncio.CancelledError):  # noqa: BLE001 - a dead browser: closed
        pass


def _close_quietly(context: BrowserContext) -> None:
    try:
        context.close()
    except Exception:  # noqa: BLE001 - a context of a dead browser
        pass
