"""Find and start a browser: a remote endpoint, Playwright's own build, or a system Chromium.

The order is ARCHITECTURE.md's: `--browser-endpoint`, then `SHOPPER_BROWSER_PATH`, then a
browser installed by `playwright install`, then a Chromium/Chrome on PATH. Every result says
which one was used, because a system Chromium is usually a few versions away from the one
Playwright was built for, and that matters when a timing looks odd.

Where nobody watches (not `--headed`), the lightest build that serves: Chromium's headless
shell. It draws the same pages with the same engine, without the browser's UI layer, and
costs a journey ~0.4 s less CPU than the full browser in its headless mode (bench/cpu.py).
Playwright launches its own shell by itself when `playwright install` put one there; on a
system browser, Debian's `chromium-headless-shell` is taken when installed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

import playwright
from playwright.sync_api import Browser, Error, Playwright

from runner.errors import ShopperError

SYSTEM_CHROMIUMS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
SYSTEM_HEADLESS_SHELLS = ("chromium-headless-shell",)

# Running as root needs --no-sandbox; on a machine without network, Chromium's background
# services would otherwise keep dialling out (and failing) during every journey.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-dev-shm-usage",
]

# Every journey gets a fresh browser context, and for each new context Chromium 15x starts
# processes nobody sees: the omnibox's WebUI popups, preloaded in a renderer of their own,
# and a spare renderer kept warm. On the demo journeys that was 3 renderer processes per
# journey instead of 1 and ~40 % of all the CPU a journey costs (bench/throughput.py prints
# the CPU per journey). They are switched off here.
UNSEEN_PER_CONTEXT = ("WebUIOmniboxPopup", "WebUIOmniboxFullPopup", "WebUIOmniboxAimPopup",
                      "SpareRendererForSitePerProcess")
# Chromium reads only the last --disable-features switch, and Playwright passes its own
# first: so ours repeats Playwright's list (1.65.2, from its chromiumSwitches), which
# tests/walk/test_browser_flags.py compares with the installed driver's.
PLAYWRIGHT_DISABLED_FEATURES = (
    "AvoidUnnecessaryBeforeUnloadCheckSync", "DestroyProfileOnBrowserClose", "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable", "LensOverlay", "MediaRouter", "PaintHolding",
    "ThirdPartyStoragePartitioning", "AvoidCorsURLLoaderRestartOnRedirect",
    "TcpPortRandomizationWin", "OptimizationHints", "NetworkTimeServiceQuerying",
    "AimEnabled", "PreconnectToSearch", "msForceBrowserSignIn",
    "msEdgeUpdateLaunchServicesPreferredVersion")
CHROMIUM_ARGS.append(
    "--disable-features=" + ",".join(PLAYWRIGHT_DISABLED_FEATURES + UNSEEN_PER_CONTEXT))

SUPPORTED = ("chromium", "firefox", "webkit")

# Playwright's connect() waits forever by default: an endpoint that accepts the connection and
# never answers (a proxy, a firewall, a wrong port) would hang the whole night's run.
CONNECT_TIMEOUT_MS = 30_000


class BrowserUnavailable(ShopperError):
    """No browser could be found or started: the tool cannot work (exit 3)."""


@dataclass(frozen=True)
class BrowserChoice:
    name: str  # chromium | firefox | webkit
    executable: str | None  # None: Playwright's own build, or a remote endpoint
    endpoint: str | None
    source: str  # human-readable: "system: /usr/bin/chromium"
    # "headless-shell" | "full" | None (a remote endpoint, another browser: not known here)
    build: str | None = None


@dataclass(frozen=True)
class BrowserInfo:
    name: str
    version: str
    source: str
    build: str | None = None

    def as_dict(self) -> dict:
        found = {"name": self.name, "version": self.version, "source": self.source}
        if self.build:
            found["build"] = self.build
        return found


def choose_browser(pw: Playwright, name: str = "chromium", endpoint: str | None = None,
                   env: dict[str, str] | None = None, *, headed: bool = False
                   ) -> BrowserChoice:
    return pick_browser(name, endpoint, env, lambda: _playwright_build(pw, name),
                        headed=headed, playwright_shell=lambda: _playwright_shell(pw, name))


def pick_browser(name: str, endpoint: str | None, env: dict[str, str] | None,
                 playwright_build: Callable[[], str | None], *, headed: bool = False,
                 playwright_shell: Callable[[], str | None] = lambda: None) -> BrowserChoice:
    """choose_browser's order, for callers without a Playwright session (the browser server
    asks the bundled driver where Playwright's own build lives). Not `headed`, a headless
    shell where one is installed (see the module's comment)."""
    env = dict(os.environ if env is None else env)
    if name not in SUPPORTED:
        raise BrowserUnavailable(f"unknown browser {name!r}: use one of {', '.join(SUPPORTED)}")
    if endpoint:
        return BrowserChoice(name, None, endpoint, f"remote: {endpoint}")
    explicit = env.get("SHOPPER_BROWSER_PATH")
    if explicit:
        if not Path(explicit).is_file():
            raise BrowserUnavailable(
                f"SHOPPER_BROWSER_PATH={explicit} does not exist: point it at a browser "
                "executable or unset it")
        if not os.access(explicit, os.X_OK):
            raise BrowserUnavailable(
                f"SHOPPER_BROWSER_PATH={explicit} is not executable: point it at a browser "
                "executable or unset it")
        return BrowserChoice(name, explicit, None, f"SHOPPER_BROWSER_PATH: {explicit}")
    bundled = playwright_build()
    if bundled:
        shell = None if headed or name != "chromium" else playwright_shell()
        if shell:  # Playwright launches its shell by itself when headless
            return BrowserChoice(name, None, None, f"playwright: {shell}", "headless-shell")
        return BrowserChoice(name, None, None, f"playwright: {bundled}",
                             "full" if name == "chromium" else None)
    if name == "chromium":
        shells = () if headed else SYSTEM_HEADLESS_SHELLS
        for candidate in shells + SYSTEM_CHROMIUMS:
            found = shutil.which(candidate)
            if found:
                build = "headless-shell" if candidate in shells else "full"
                return BrowserChoice(name, found, None, f"system: {found}", build)
        raise BrowserUnavailable(
            "no Chromium found: run `python -m playwright install chromium`, or "
            "`apt-get install -y chromium`, or set SHOPPER_BROWSER_PATH")
    raise BrowserUnavailable(
        f"{name} is not installed: run `python -m playwright install {name}` "
        "(only chromium can use a system browser)")


def _playwright_build(pw: Playwright, name: str) -> str | None:
    try:
        path = getattr(pw, name).executable_path
    except Error:
        return None
    return path if path and Path(path).is_file() else None


def _playwright_shell(pw: Playwright, name: str) -> str | None:
    """Playwright's own headless shell, when `playwright install` put it beside its build.
    Its path is not in the API: it lives in the browsers folder as chromium_headless_shell-N."""
    if name != "chromium":
        return None
    build = _playwright_build(pw, name)
    if not build:
        return None
    # <browsers>/chromium-N/chrome-linux/chrome -> <browsers>/chromium_headless_shell-N/...
    folder = Path(build).parents[1]
    revision = folder.name.rpartition("-")[2]
    shell_folder = folder.parent / f"chromium_headless_shell-{revision}"
    found = [path for path in shell_folder.glob("*/*headless_shell*") if path.is_file()]
    return str(found[0]) if found else None


def launch(pw: Playwright, choice: BrowserChoice, *, headed: bool = False) -> Browser:
    browser_type = getattr(pw, choice.name)
    try:
        if choice.endpoint:
            return browser_type.connect(choice.endpoint, timeout=CONNECT_TIMEOUT_MS)
        args = CHROMIUM_ARGS if choice.name == "chromium" else []
        return browser_type.launch(executable_path=choice.executable, headless=not headed,
                                   args=args)
    except Error as exc:
        verb = "reach" if choice.endpoint else "start"
        raise BrowserUnavailable(f"could not {verb} {choice.source}: "
                                 f"{launch_failure(str(exc))}") from exc


def launch_failure(message: str) -> str:
    """Playwright's launch error in one line a user can act on. Its first line alone ("Target
    page, context or browser has been closed") does not say that the program exited at once,
    which is what a path to something that is not a browser does."""
    text = message.strip()
    first_line = text.splitlines()[0] if text else "no reason given"
    exited = re.search(r"<process did exit: exitCode=(\w+), signal=(\w+)>", text)
    if not exited:
        return first_line
    code, killed_by = exited.groups()
    how = f"exit code {code}" if code != "null" else f"signal {killed_by}"
    said = re.search(r"\[pid=\d+\]\[err\] (.+)", text)
    why = f": {said.group(1).strip()}" if said else ""
    return f"it exited at once ({how}) without starting a browser{why}; is it a browser?"


def describe(browser: Browser, choice: BrowserChoice) -> BrowserInfo:
    return BrowserInfo(choice.name, browser.version, choice.source, choice.build)


@cache
def expected_version(name: str) -> str | None:
    """The version of `name` this Playwright was built and tested with (its driver's
    browsers.json), or None when that cannot be read."""
    listing = Path(playwright.__file__).parent / "driver" / "package" / "browsers.json"
    try:
        browsers = json.loads(listing.read_text(encoding="utf-8"))["browsers"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return next((entry.get("browserVersion") for entry in browsers
                 if isinstance(entry, dict) and entry.get("name") == name), None)


def announce(info: BrowserInfo) -> str:
    """The start-up line: which browser, from where, and, when it is not the version this
    Playwright expects, that version too (timings and features may differ)."""
    line = f"Browser: {info.name} {info.version} ({info.source})"
    expected = expected_version(info.name)
    if expected and info.version and expected != info.version:
        try:
            version = metadata.version("playwright")
        except metadata.PackageNotFoundError:
            version = "?"
        line += f"; Playwright {version} was built for {info.name} {expected}"
    return line
