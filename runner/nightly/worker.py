"""One worker process: one browser, a fresh context per journey, results sent to the parent.

The parent (pool.py) hands a worker one task at a time and watches the clock; if the worker
stops answering (a page stuck in an endless script loop, a browser that hangs on close), the
parent ends the whole process tree and starts another. So nothing here needs a watchdog of
its own: the worker only walks, judges and reports.

The browser is replaced when it has died (a crash costs only the journey it was in) and after
`recycle_after` journeys, to keep memory flat through a long night.

If the parent itself dies (killed, out of memory), nobody will read what a worker finds: a
thread notices within a second, even in the middle of a journey, and ends the worker with its
Playwright driver and browser, which would otherwise walk on for up to the journey's cap.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import MutableMapping
from importlib import metadata
from multiprocessing import util
from multiprocessing.connection import Connection
from pathlib import Path
from typing import NoReturn

from runner.nightly.tasks import BrowserRequest

DRIVER_EXIT_S = 5.0  # for the driver to exit by itself after a polite stop
PARENT_CHECK_S = 1.0  # how often an idle worker makes sure its parent is still there
# Tabs a worker keeps opened ahead (runner/walk/tabs.py): enough that a journey which waits long
# prepares the next few that do not wait at all; each idle one costs ~22 MB.
TABS_AHEAD = 3


def serve(conn: Connection, request: BrowserRequest, recycle_after: int,
          scratch: str | None = None) -> None:
    """The worker's whole life: take tasks from `conn` until told to stop (None) or
    orphaned; answer each with ("started", key, browser info as a dict) then ("done", key,
    result JSON), or ("unavailable", key, message) when no browser can be started.
    `scratch` is the worker's own temporary folder (see WorkerPool), removed by its parent,
    or by the worker itself when it outlives its parent."""
    # A session of its own: the terminal's Ctrl-C goes to the parent, which decides whether
    # running journeys finish or are ended.
    os.setsid()
    parent = os.getppid()
    if scratch is not None:
        # Playwright's driver and the browser it launches keep their temporary files here
        # (a browser profile, ~1.5 MB, and trace artifacts), which a browser ended from
        # outside cannot remove: the whole folder is removed when the worker ends.
        os.environ["TMPDIR"] = scratch
        tempfile.tempdir = None
    _end_with(parent, scratch)
    cached = _cache_the_drivers_code(os.environ)
    # Python's imports and the Playwright driver's start (a Node process) each take ~0.2 s:
    # the tool's modules are imported in a thread meanwhile (the main thread only waits for
    # the driver, with the GIL released).
    importing = threading.Thread(target=_import_the_walk, name="imports")
    importing.start()
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as pw:
            importing.join()
            _take_tasks(pw, conn, request, recycle_after, parent, cached, scratch)
    finally:
        # Playwright may let go of its driver before the driver has exited (writing its
        # code cache as it does), and a worker's parent ends whatever is left of the
        # worker's tree once the worker is gone: the driver is given a moment to finish.
        from runner.nightly.processes import members, wait_gone

        wait_gone(members(os.getpid()), DRIVER_EXIT_S)


def _take_tasks(pw, conn: Connection, request: BrowserRequest,  # noqa: ANN001 - Playwright
                recycle_after: int, parent: int, cached: bool, scratch: str | None) -> None:
    """Walk the tasks from `conn` until told to stop (None) or orphaned. `cached`: the
    driver's code cache is written (_cache_the_drivers_code), so it may be ended at once."""
    from runner.checks import CheckContext
    from runner.nightly.shop import shop
    from runner.patterns import Patterns
    from runner.walk.browser import BrowserUnavailable, choose_browser, describe, launch
    from runner.walk.engine import PROBE_BINDING, PROBE_JS
    from runner.walk.tabs import Tabs

    browser = None
    info = None
    tabs = None
    walked = 0
    try:
        while True:
            if not conn.poll(PARENT_CHECK_S):
                if os.getppid() != parent:
                    return  # the parent is gone: nobody will read our results
                continue
            task = conn.recv()
            if task is None:
                if browser is not None and not request.endpoint and cached:
                    _end_now(scratch, exit_code=0)
                return  # politely: the driver writes its code cache as it exits
            if browser is None or not browser.is_connected() or walked >= recycle_after:
                _close(browser, tabs)
                browser = None
                try:
                    choice = choose_browser(pw, request.name, request.endpoint,
                                            headed=request.headed)
                    browser = launch(pw, choice, headed=request.headed)
                except BrowserUnavailable as exc:
                    conn.send(("unavailable", task.key, str(exc)))
                    return
                info = describe(browser, choice)
                # Journeys come one after another: their waits open the next ones' tabs.
                tabs = Tabs(browser, PROBE_JS, PROBE_BINDING, ahead=TABS_AHEAD)
                walked = 0
            conn.send(("started", task.key, info.as_dict()))
            task.options.before_step = _telling(conn, task.key, task.options.before_step)
            context = CheckContext(Patterns.from_settings(task.options.settings.patterns))
            result = shop(pw, browser, info, task.journey, task.options, context, tabs)
            walked += 1
            conn.send(("done", task.key, result.to_json()))
    finally:
        _close(browser, tabs)


def _telling(conn: Connection, key: int, then):  # noqa: ANN001, ANN202 - a before_step
    """A before_step that tells the parent which step begins (its progress lines), then
    does what the task asked (`then`)."""
    def before_step(page, journey, step) -> None:  # noqa: ANN001
        conn.send(("step", key, {"index": step.index, "name": step.name}))
        if then is not None:
            then(page, journey, step)
    return before_step


# What walking and judging a journey imports (and unpickling its task).
WALK_MODULES = ("runner.walk.engine", "runner.nightly.shop", "runner.checks", "runner.walk.browser",
                "runner.walk.tabs", "runner.patterns", "runner.journey.model")


def _import_the_walk() -> None:
    for name in WALK_MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - the main thread imports it again and says why
            return


def _end_with(parent: int, scratch: str | None) -> None:
    """Watch `parent` from a thread; when it is gone, end this worker's whole tree at once,
    and remove its temporary folder, which nobody else will now.
    (The Playwright calls of the main thread cannot be interrupted, nor used from here.)"""
    ending = threading.Lock()  # held while the worker is being ended from here

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        with ending:
            _end_now(scratch, exit_code=1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
    # With its driver killed, the main thread soon returns, and the process would exit in
    # the middle of the removal: it waits for the watcher (which ends the process) first.
    util.Finalize(None, ending.acquire, exitpriority=0)
    # A worker that ends by itself once its parent is gone (its pipe closed) removes the
    # folder too: Playwright leaves its trace folders there.
    if scratch is not None:
        util.Finalize(None, _remove_if_orphaned, args=(parent, scratch), exitpriority=1)


def _remove_if_orphaned(parent: int, scratch: str) -> None:
    if os.getppid() != parent:
        shutil.rmtree(scratch, ignore_errors=True)


def _cache_the_drivers_code(env: MutableMapping[str, str]) -> bool:
    """Let Node keep the Playwright driver's compiled code from one worker to the next (its
    NODE_COMPILE_CACHE, set in `env`; Playwright's bundled Node has it): the driver then
    starts in ~0.15 s instead of ~0.2 s. Node writes the cache as the driver exits politely,
    so a worker ends politely until it has. Returns whether a worker may end at once. Node's
    own NODE_COMPILE_CACHE or NODE_DISABLE_COMPILE_CACHE, set by the user, are left to Node."""
    if env.get("NODE_COMPILE_CACHE") or env.get("NODE_DISABLE_COMPILE_CACHE"):
        return True  # theirs: whether it is written cannot be told
    try:
        base = Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        version = metadata.version("playwright")  # a new driver, a new cache
    except (RuntimeError, KeyError, metadata.PackageNotFoundError):
        return True  # nowhere to keep it: the driver compiles its code each time
    folder = base / "mystery-shopper" / f"node-playwright-{version}"
    env["NODE_COMPILE_CACHE"] = str(folder)
    # Node keeps one folder per Node version inside, and the files in that.
    return next(folder.glob("*/*"), None) is not None


def _end_now(scratch: str | None, exit_code: int) -> NoReturn:
    """End this worker with its whole tree (driver, browser) and its temporary folder, now.
    Told to stop with every result sent (exit code 0), this spares the driver and browser
    their goodbyes: a polite close takes ~0.2 s, each night and after each test run, and
    keeps nothing, since every trace is written by the time its result is sent and the
    browser's profile is a temporary one. (The parent removes the folder too, unless it is
    itself killed meanwhile; a remote browser is another's and is never ended from here.)"""
    from runner.nightly.processes import kill_descendants

    kill_descendants(os.getpid())
    if scratch is not None:
        shutil.rmtree(scratch, ignore_errors=True)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`shopper … | head`)
            stream.flush()
    os._exit(exit_code)


def _close(browser, tabs) -> None:  # noqa: ANN001 - a Playwright Browser and its Tabs, or None
    """Close the browser politely, its tabs opened ahead first: closing a browser while a
    tab is still being opened in it hung Playwright's close, in about half the tries (the
    parent then ended the worker after CLOSE_GRACE_S)."""
    if browser is None:
        return
    for close in ([tabs.close] if tabs is not None else []) + [browser.close]:
        try:
            close()
        except Exception:  # noqa: BLE001 - a dead browser cannot be closed, only replaced
            pass
