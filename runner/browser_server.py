"""The old path of the browser server, still accepted: `python -m runner.browser_server`.

It lives in runner/nightly/browser_server.py now; scripts and service files written for the
old path keep working.
"""

from runner.nightly.browser_server import BrowserServer, main

__all__ = ["BrowserServer", "main"]

if __name__ == "__main__":
    raise SystemExit(main())
