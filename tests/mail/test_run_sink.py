"""`shopper run --mailbox smtp://HOST:PORT`: the run itself listens there for its length, the
site's mail lands under OUT/mail/<run-id>/, and the bundled journey reads it."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys

import pytest

from runner.bundled import bundled_journeys
from runner.demo import DemoSite

pytestmark = pytest.mark.browser


def test_the_run_starts_its_own_sink_and_reads_it(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    journeys = tmp_path / "journeys"
    journeys.mkdir()
    for name in ("contact_form.yaml", "personas.yaml"):
        shutil.copy(bundled_journeys() / name, journeys / name)
    out = tmp_path / "out"
    with DemoSite(smtp=f"127.0.0.1:{port}") as site:
        # In its own process, as CI runs it (beside this session's Playwright).
        done = subprocess.run(
            [sys.executable, "-m", "runner.cli", "run", str(journeys), "--out", str(out),
             "--base-url", site.url, "--mailbox", f"smtp://127.0.0.1:{port}", "--trace", "off"],
            capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    [result_file] = (out / "runs").glob("*/*.json")
    result = json.loads(result_file.read_text())
    assert result["status"] == "passed" and result["findings"] == []
    [email] = result["emails"]
    assert email["subject"].startswith("We received your message [CS-")
    run_id = result["run_id"]
    assert list((out / "mail" / run_id).glob(f"127.0.0.1_{port}/new/*"))
