"""The bundled demo support site, started as a child process on 127.0.0.1.

Used by `shopper demo`, the tests and the benchmarks. The site stops when this process closes
its stdin (so it never outlives us), and it can be steered (switches) and asked for its ground
truth through its /__control/ API.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

from runner.bundled import demo_site_script
from runner.errors import ShopperError

START_TIMEOUT_S = 15.0


class DemoSite:
    def __init__(self, *, smtp: str | None = None, switches: list[str] | None = None,
                 script: Path | None = None) -> None:
        self.smtp = smtp
        self.switch_args = switches or []
        self.script = script or demo_site_script()
        self.process: subprocess.Popen | None = None
        self.url = ""

    def __enter__(self) -> DemoSite:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        command = [sys.executable, str(self.script)]
        if self.smtp:
            command += ["--smtp", self.smtp]
        for switch in self.switch_args:
            command += ["--switch", switch]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        ready: list[str] = []
        reader = threading.Thread(target=lambda: ready.append(self.process.stdout.readline()),
                                  daemon=True)
        reader.start()
        reader.join(START_TIMEOUT_S)
        line = ready[0].strip() if ready else ""
        if ready and not line:
            # Its stdout closed without READY: it is exiting; let it finish saying why.
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        if not line.startswith("READY "):
            said = self._last_error_line() if self.process.poll() is not None else ""
            self.stop()
            raise ShopperError(f"the demo site did not start: {said or line or 'no answer'}")
        self.url = line.split(" ", 1)[1]

    def _last_error_line(self) -> str:
        """What the site said as it exited (e.g. "unknown switch 'nope'; known switches: …"),
        without argparse's prefix."""
        try:
            lines = [line.strip() for line in self.process.stderr.read().splitlines()
                     if line.strip()]
        except (OSError, ValueError):
            return ""
        return lines[-1].split("error: ", 1)[-1] if lines else ""

    def stop(self) -> None:
        if self.process is None:
            return
        try:
            if self.process.stdin:
                self.process.stdin.close()
            self.process.wait(timeout=5)
        except (subprocess.TimeoutExpired, OSError):
            self.process.kill()
            self.process.wait(timeout=5)
        finally:
            for stream in (self.process.stdout, self.process.stderr):
                if stream:
                    stream.close()
            self.process = None

    # --- the control API ------------------------------------------------------------------

    def _call(self, path: str, payload: dict | None = None) -> dict:
        data = None if payload is None else json.dumps(payload).encode()
        request = urllib.request.Request(self.url + path, data=data,
                                         method="GET" if payload is None else "POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as reply:
            return json.loads(reply.read() or b"{}")

    def set_switches(self, **switches: object) -> dict:
        """Replace the site's defects (none: a healthy site)."""
        return self._call("/__control/switches", switches)

    def reset(self) -> None:
        self._call("/__control/reset", {})

    def truth(self) -> list[dict]:
        return self._call("/__control/truth")["records"]

    def mail_log(self) -> list[dict]:
        return self._call("/__control/mail")["messages"]

    def support(self) -> dict:
        """The shop's support address and the SMTP server (HOST:PORT) that takes its mail."""
        return self._call("/__control/support")
