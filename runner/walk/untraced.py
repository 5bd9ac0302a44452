"""The tool's own calls to Playwright, kept out of the customer's trace.

The engine reads the page many times per step (what is visible before an action, whether the
page has settled, the text that appeared, snapshots for the checks, the chat's messages),
waits for the pages the customer's actions open, and, with `identify: header`, lets each
request to the journey's own site through with its X-Mystery-Shopper header. To Playwright
each of these is an API call like the customer's click, so a trace records it as an action,
reads with DOM snapshots before and after: the customer's few actions hid among dozens of
"Evaluate" and "continue" rows, and reads were slower while tracing (the walks of
bench/overhead.py, traced: a page snapshot 5.8 ms as a traced call, 3.9 ms as an internal
one; a form read 28 ms and 23 ms).

The same goes for the calls that prepare a tab (a context opened ahead for the next journey,
the DevTools session that gives a tab its journey's user agent): made while another journey
traces, each would send its stack to that trace too (Playwright sends stacks for every call
while any trace runs).

Playwright makes its own helper calls `internal`: not traced, not logged, and no Python stack
sent to the trace beside them (a message to the driver per call while tracing). These calls
are made the same way, through its private `_wrap_api_call` (Playwright 1.65); so are the
trace's step groups, which need no stack (each names its line of the journey file). Where
those internals are missing (another Playwright), they are the ordinary calls.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from playwright.sync_api import BrowserContext, CDPSession, Error, Frame, Locator, Page, Route

if TYPE_CHECKING:  # not exported by playwright.sync_api
    from playwright.sync_api._generated import Tracing

try:
    from playwright._impl._sync_base import mapping
    from playwright._impl.channel_owner import ApiCallOptions

    INTERNAL: Any = ApiCallOptions
except ImportError:  # another Playwright: plain evaluates
    INTERNAL = None


def evaluate(target: Page | Frame, script: str, arg: Any = None) -> Any:
    """`target.evaluate(script, arg)`, untraced."""
    return _untraced(target, "evaluate", lambda impl: impl.evaluate(
        expression=script, arg=mapping.to_impl(arg)), lambda: target.evaluate(script, arg))


def evaluate_all(locator: Locator, script: str, arg: Any = None) -> Any:
    """`locator.evaluate_all(script, arg)`, untraced."""
    return _untraced(locator, "evaluate_all", lambda impl: impl.evaluate_all(
        expression=script, arg=mapping.to_impl(arg)), lambda: locator.evaluate_all(script, arg))


def wait_for_load(page: Page, timeout: float) -> None:
    """`page.wait_for_load_state("load", timeout=timeout)`, untraced: the tool's wait for a
    page the customer's action opened, not an action of the customer's.

    A page already loaded is not waited for, and nothing is sent: Playwright's own wait
    finds the same (the load states it keeps of the frame) only after sending its waiter's
    log lines to the driver, three messages a wait that does not wait."""
    frame = _impl_of(page.main_frame)
    if frame is not None and "load" in getattr(frame, "_load_states", ()) \
            and not page.is_closed():
        return
    _untraced(page, "wait_for_load_state", lambda impl: impl.wait_for_load_state(
        state="load", timeout=timeout),
        lambda: page.wait_for_load_state("load", timeout=timeout))


def pause(page: Page, ms: float) -> None:
    """`page.wait_for_timeout(ms)` without asking the driver: the sync API's own event loop
    sleeps, delivering Playwright's events meanwhile. The driver's wait is a round trip and a
    "Wait for timeout" row in the trace for every poll (316 in one failed journey's trace)."""
    sync = getattr(page, "_sync", None)
    if INTERNAL is None or sync is None:
        page.wait_for_timeout(ms)
        return
    _still_there(page)
    sync(asyncio.sleep(max(0.0, ms) / 1000.0))
    _still_there(page)


def _still_there(page: Page) -> None:
    """Raise as the driver's wait would when the tab is closed or its renderer crashed: a
    walk that pauses must hear of it (a dead browser is the tool's `error`, not a timeout)."""
    scope = getattr(getattr(page, "_impl_obj", None), "_closed_or_crashed_scope", None)
    if page.is_closed() or (scope is not None and scope.is_closed()):
        raise Error("Target page, context or browser has been closed")


def continue_route(route: Route, headers: dict[str, str]) -> None:
    """`route.continue_(headers=headers)`, untraced."""
    _untraced(route, "continue_", lambda impl: impl.continue_(
        url=None, method=None, headers=headers, post_data=None),
        lambda: route.continue_(headers=headers))


def new_cdp_session(context: BrowserContext, page: Page) -> CDPSession:
    """`context.new_cdp_session(page)`, untraced: the tool's, not the customer's."""
    if _impl_of(context) is None:
        return context.new_cdp_session(page)
    return mapping.from_impl(_untraced(
        context, "new_cdp_session", lambda impl: impl.new_cdp_session(page._impl_obj),
        lambda: None))


def send(session: CDPSession, method: str, params: dict) -> Any:
    """`session.send(method, params)`, untraced."""
    return _untraced(session, "send", lambda impl: impl.send(method, params, None),
                     lambda: session.send(method, params))


def start_light_trace(tracing: Tracing) -> None:
    """`tracing.start()` with no screenshots or snapshots, and no Python stacks.

    Once a trace starts through the public API, every call this Python makes on any tab
    sends its Python stack to the driver beside it (Playwright's "call site" in the trace
    viewer), and the start and stop each ask the driver to keep or drop those stacks: ~12
    messages a bundled journey of 260 (bench/cpu.py --messages). In a journey's trace those
    stacks name the tool's own code (runner/walk/steps/click.py), not the journey: each
    step's group names its line of the journey file instead. So the light trace is started
    as Playwright's own `start()` starts it, minus collecting stacks. A full trace (`--trace
    on`, a retry) keeps them: it is complete."""
    channel = getattr(_impl_of(tracing), "_channel", None)
    if not hasattr(channel, "tracingStartChunk"):  # another Playwright: its own start
        tracing.start(screenshots=False, snapshots=False)
        return

    async def start() -> None:
        await channel.tracingStart(name=None, snapshotDom=False, snapshotAria=None,
                                   snapshotScreen=None, screencast=False, coverage=None,
                                   live=None, timeout=0)
        await channel.tracingStartChunk(name=None, title=None, timeout=0)

    _untraced(tracing, "start", lambda _impl: start(),
              lambda: tracing.start(screenshots=False, snapshots=False))


def group(tracing: Tracing, name: str, location: dict) -> None:
    """`tracing.group(name, location=location)`, as an internal call: the group is in the
    trace all the same, at `location`, without the Python stack that every public call
    sends to the trace (two messages to the driver per step, for a stack nobody reads)."""
    _untraced(tracing, "group", lambda impl: impl.group(name=name, location=location),
              lambda: tracing.group(name, location=location))


def group_end(tracing: Tracing) -> None:
    """`tracing.group_end()`, as an internal call (see `group`)."""
    _untraced(tracing, "group_end", lambda impl: impl.group_end(), tracing.group_end)


async def internal_task(impl: Any, title: str, work: Callable[[], Awaitable[Any]]) -> Any:
    """`work()` (calls on implementation objects, run as a task on the sync API's loop) as one
    internal call: a tab opened ahead while another journey traces sends no Python stack
    with each of its calls (five messages to the driver a journey). Nothing runs until the
    task does."""
    if INTERNAL is None or not hasattr(impl, "_wrap_api_call"):
        return await work()
    return await impl._wrap_api_call(lambda _zone: work(), INTERNAL(title=title, internal=True))


def _untraced(target: Any, name: str, internal_call: Callable[[Any], Awaitable[Any]],
              plain_call: Callable[[], Any]) -> Any:
    """Make `internal_call` on `target`'s implementation as an internal call, titled as the
    call it stands for (so an error reads "Page.evaluate: …"); `plain_call` without the
    internals."""
    impl = _impl_of(target)
    if impl is None:
        return plain_call()
    options = INTERNAL(title=f"{type(target).__name__}.{name}", internal=True)
    return target._sync(impl._wrap_api_call(lambda _zone: internal_call(impl), options))


def _impl_of(target: Any) -> Any:
    if INTERNAL is None:
        return None
    impl = getattr(target, "_impl_obj", None)
    if impl is None or not hasattr(impl, "_wrap_api_call") or not hasattr(target, "_sync"):
        return None
    return impl
