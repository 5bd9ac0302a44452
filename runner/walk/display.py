"""Is there a screen to show a browser on? Asked before a headed launch (`--headed`,
`--debug`, `shopper record`), because without one Chromium dies with words about anything
but the display (a system Chromium's wrapper script once said "[: 25276071936: unexpected
operator; is it a browser?")."""

from __future__ import annotations

import sys
from collections.abc import Mapping

from runner.errors import ShopperError


class NoDisplay(ShopperError):
    """A headed browser was asked for where there is no display: the tool cannot work
    (exit 3)."""


def display_problem(env: Mapping[str, str], platform: str = sys.platform) -> str | None:
    """Why a window cannot be shown here, or None when it can. Only Linux (and the BSDs)
    need an X or Wayland server; macOS and Windows always have their own."""
    if not platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return None
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    return "none found (DISPLAY and WAYLAND_DISPLAY are unset)"


def require_display(what: str, command: str, env: Mapping[str, str], instead: str) -> None:
    """Raise NoDisplay, in one line that says how to get one, when `what` (e.g. "--headed")
    cannot show its window here. `command` is the command line to suggest under xvfb-run;
    `instead` how to do without a window."""
    problem = display_problem(env)
    if problem is not None:
        raise NoDisplay(f"{what} needs a display: {problem}; run it under a virtual one, "
                        f"`xvfb-run {command}` (apt-get install xvfb), or {instead}")
