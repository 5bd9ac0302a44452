"""`shopper run` tells the `notify:` hooks what changed, and only that; a dead hook loses
nothing."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


class Receiver:
    """A loopback webhook that records the JSON it is sent and answers `status`."""

    def __init__(self, status: int = 200) -> None:
        self.bodies: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.bodies.append(json.loads(body))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def events(self) -> list[list[str]]:
        return [sorted(e["type"] for e in body["events"]) for body in self.bodies]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_hooks_hear_the_failure_and_the_recovery_but_not_the_same_failure_twice(
        tmp_path, pages, journeys):
    good = "<html lang=en><title>Shop</title><h1>Shop</h1><p>Welcome</p>"
    state = {"status": 200}
    pages.page_by_visit("/shop", lambda n: (
        state["status"], good if state["status"] == 200 else
        "<title>Error</title><h1>Internal Server Error</h1>"))
    journeys.write("shop", f"""
        name: Shop opens
        base_url: {pages.url}
        steps:
          - goto: /shop
        """)
    hook, dead = Receiver(), Receiver(status=500)
    config = tmp_path / "shopper.yaml"
    config.write_text(f"notify:\n  - url: {hook.url}\n  - url: {dead.url}\n")
    out = tmp_path / "out"

    def run() -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "runner.cli", "run", str(journeys.folder),
                               "--config", str(config), "--out", str(out)],
                              capture_output=True, text=True, timeout=120)

    try:
        assert run().returncode == 0  # first run, nothing found: nothing to say
        state["status"] = 500
        assert run().returncode == 1  # failure
        assert run().returncode == 1  # the same failure again: silence
        state["status"] = 200
        done = run()  # recovery
        assert done.returncode == 0
    finally:
        hook.close()
        dead.close()
    assert hook.events() == [["failure", "new-finding"], ["recovery"]]
    assert hook.bodies[0]["journey"]["id"] == "shop"
    assert hook.bodies[0]["status"] == "failed"
    # The failing hook was tried (and retried) but every run's result is on disk.
    assert len(dead.bodies) >= 2
    assert len(list(out.glob("runs/*/shop.json"))) == 4
    # It is reported, with its address masked (a webhook URL is a secret).
    assert "••••" in done.stderr and "/hook" not in done.stderr
