"""A Playwright browser server on this machine, for `shopper run --browser-endpoint ws://…`.

Python Playwright cannot start one, and `playwright run-server` ignores the client's executable
path (so it cannot serve a system Chromium). What works is the Node runtime bundled inside the
Python package running playwright-core's `chromium.launchServer({executablePath})`, with the
browser runner/walk/browser.py would have launched (`SHOPPER_BROWSER_PATH`, Playwright's own build,
then a Chromium on PATH). Clients must run the same Playwright major.minor as this server.

    with BrowserServer() as endpoint:        # ws://127.0.0.1:PORT/TOKEN
        shopper run … --browser-endpoint endpoint

The server lives while its stdin is open, so it never outlives the process that started it;
on exit nothing it started survives: a polite close first, then whatever is left of its
process tree is killed.

`python -m runner.nightly.browser_server` (or the old `python -m runner.browser_server`)
prints the endpoint and serves until interrupted (a browser box for teams spreading nightly
runs over several machines).
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

import playwright

from runner.errors import ShopperError
from runner.nightly.processes import Member, kill_members, members, wait_gone
from runner.walk.browser import CHROMIUM_ARGS, BrowserUnavailable, pick_browser

START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0
KILL_TIMEOUT_S = 5.0

# Runs in the bundled Node: argv = [driver package, launch options as JSON]. Playwright's own
# signal handlers are off so that every way out goes through server.close() (browser closed,
# its profile folder removed) before the process exits.
LAUNCH_SCRIPT = r"""
const [driverPackage, optionsJson] = process.argv.slice(1);
const { chromium } = require(driverPackage);
let server = null;
let closing = false;
async function close() {
  if (closing) return;
  closing = true;
  if (server === null) return;  // still launching: closed as soon as it is up
  try { await server.close(); } finally { process.exit(0); }
}
process.stdin.on('end', close);
process.stdin.resume();
for (const name of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(name, close);
chromium.launchServer(JSON.parse(optionsJson)).then((launched) => {
  server = launched;
  if (closing) { closing = false; return close(); }
  process.stdout.write(server.wsEndpoint() + '\n');
}, (error) => {
  process.stderr.write(String((error && error.message) || error).split('\n')[0] + '\n');
  process.exit(1);
});
"""

PLAYWRIGHT_BUILD_SCRIPT = r"""
process.stdout.write(require(process.argv[1]).chromium.executablePath());
"""


@dataclass(frozen=True)
class Driver:
    """The Node runtime and playwright-core package shipped inside the Python package."""

    node: Path
    package: Path


def find_driver() -> Driver:
    folder = Path(playwright.__file__).parent / "driver"
    # The same override Playwright itself honours, for installs built without Node.
    node = Path(os.environ.get("PLAYWRIGHT_NODEJS_PATH")
                or folder / ("node.exe" if sys.platform == "win32" else "node"))
    package = folder / "package"
    if not node.is_file():
        raise BrowserUnavailable(
            f"no Node.js runtime at {node}: the browser server needs the Node bundled with "
            "Playwright's wheels (reinstall playwright, or set PLAYWRIGHT_NODEJS_PATH)")
    if not (package / "package.json").is_file():
        raise BrowserUnavailable(
            f"no playwright-core package at {package}: reinstall playwright")
    return Driver(node, package)


def playwright_build(driver: Driver) -> str | None:
    """Where Playwright's own Chromium lives, if `playwright install` put it there."""
    try:
        done = subprocess.run([str(driver.node), "-e", PLAYWRIGHT_BUILD_SCRIPT,
                               str(driver.package)], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    path = done.stdout.strip()
    return path if done.returncode == 0 and path and Path(path).is_file() else None


class BrowserServer:
    """A Chromium behind a Playwright websocket; `with` gives its ws:// endpoint."""

    def __init__(self, executable_path: str | None = None, args: list[str] = CHROMIUM_ARGS, *,
                 host: str = "127.0.0.1", port: int = 0,
                 start_timeout: float = START_TIMEOUT_S) -> None:
        self.executable_path = executable_path
        self.args = list(args)
        self.host = host
        self.port = port
        self.start_timeout = start_timeout
        self.endpoint = ""
        self.source = ""  # which browser it serves, as browser.py words it
        self.process: subprocess.Popen | None = None
        self._endpoint_line: queue.Queue[str] = queue.Queue()
        self._errors: deque[str] = deque(maxlen=20)
        self._readers: list[threading.Thread] = []

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def __enter__(self) -> str:
        self.start()
        return self.endpoint

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        driver = find_driver()
        executable = self._executable(driver)
        options = {"args": self.args, "headless": True, "host": self.host,
                   "handleSIGINT": False, "handleSIGTERM": False, "handleSIGHUP": False}
        if executable:
            options["executablePath"] = executable
        if self.port:
            options["port"] = self.port
        self._endpoint_line, self._errors = queue.Queue(), deque(maxlen=20)
        # A session of its own: a Ctrl+C in the terminal reaches us, and we close it in order.
        self.process = subprocess.Popen(
            [str(driver.node), "-e", LAUNCH_SCRIPT, str(driver.package), json.dumps(options)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            start_new_session=True)
        self._readers = [
            threading.Thread(target=self._read_stdout, args=(self.process.stdout,), daemon=True),
            threading.Thread(target=self._read_stderr, args=(self.process.stderr,), daemon=True)]
        for reader in self._readers:
            reader.start()
        try:
            self.endpoint = self._wait_for_endpoint()
        except BaseException:  # interrupted or failed while starting: __exit__ will not run
            self.stop()
            raise

    def _wait_for_endpoint(self) -> str:
        deadline = time.monotonic() + self.start_timeout
        while True:
            try:
                line = self._endpoint_line.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                said = f" (it last said: {self._last_error()})" if self._errors else ""
                raise BrowserUnavailable(
                    f"the browser server ({self.source}) did not start: no endpoint within "
                    f"{self.start_timeout:g} s{said}") from None
            if line.startswith("ws://"):
                return line
            if line == "":  # stdout closed: node is exiting; its last words are on stderr
                try:
                    self.process.wait(KILL_TIMEOUT_S)
                except subprocess.TimeoutExpired:
                    pass
                self._readers[1].join(2)
                status = self.process.poll()
                raise BrowserUnavailable(
                    f"the browser server ({self.source}) did not start: "
                    f"{self._last_error() or f'node exited with status {status}'}")

    def _executable(self, driver: Driver) -> str | None:
        """The browser to serve; None: Playwright's own build, which launchServer knows."""
        if self.executable_path:
            if not Path(self.executable_path).is_file():
                raise BrowserUnavailable(f"{self.executable_path} does not exist: point "
                                         "executable_path at a Chromium executable")
            self.source = f"given: {self.executable_path}"
            return self.executable_path
        choice = pick_browser("chromium", None, None, lambda: playwright_build(driver))
        self.source = choice.source
        return choice.executable

    def _read_stdout(self, stream) -> None:  # noqa: ANN001 - a text pipe
        for line in stream:
            self._endpoint_line.put(line.strip())
        self._endpoint_line.put("")  # closed: no endpoint is coming

    def _read_stderr(self, stream) -> None:  # noqa: ANN001 - a text pipe
        for line in stream:
            if line.strip():
                self._errors.append(line.strip())

    def _last_error(self) -> str:
        return self._errors[-1] if self._errors else ""

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        # Read before anything can exit: once reaped, a pid can be reused by a stranger.
        started = members(process.pid)
        try:
            process.stdin.close()
            process.wait(STOP_TIMEOUT_S)
        except (OSError, subprocess.TimeoutExpired):
            process.terminate()
        try:
            process.wait(KILL_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            kill_members([Member(process.pid, process.pid, 0)])
            process.wait(KILL_TIMEOUT_S)
        survivors = wait_gone(started, KILL_TIMEOUT_S)
        kill_members(survivors)
        wait_gone(survivors, KILL_TIMEOUT_S)
        for reader in self._readers:
            reader.join(2)
        for stream in (process.stdout, process.stderr):
            if stream:
                stream.close()
        self.endpoint = ""


# --- python -m runner.nightly.browser_server ----------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m runner.nightly.browser_server",
        description="Serve a Chromium to `shopper run --browser-endpoint`: prints the ws:// "
                    "endpoint, serves until interrupted (Ctrl+C or SIGTERM).")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1; anyone who can reach "
                             "another address and knows the endpoint drives the browser)")
    parser.add_argument("--port", type=int, default=0, help="port (default: any free one)")
    args = parser.parse_args(argv)
    # A signal asks for a stop and the server closes in order; a second one cannot cut that short.
    stopping = threading.Event()
    for name in (signal.SIGINT, signal.SIGTERM):
        signal.signal(name, lambda *_: stopping.set())
    server = BrowserServer(host=args.host, port=args.port)
    try:
        with server as endpoint:
            print(endpoint, flush=True)
            print(f"Serving Chromium ({server.source}); Ctrl+C stops it.", file=sys.stderr,
                  flush=True)
            while not stopping.wait(1.0):
                if server.process.poll() is not None:  # Chromium or node died under us
                    print(f"shopper: the browser server stopped on its own: "
                          f"{server._last_error() or 'no reason given'}", file=sys.stderr)
                    return 3
    except ShopperError as exc:
        print(f"shopper: {exc}", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
