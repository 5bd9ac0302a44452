"""Issue 16 item 7: two runs into one folder. `latest.json` described only the run that
finished last; a run that exited 3 at start left an empty run folder behind."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest


def journeys_of(tmp_path: Path) -> Path:
    folder = tmp_path / "journeys"
    folder.mkdir()
    (folder / "help.yaml").write_text("name: Help page\ntags: [help]\nsteps:\n  - goto: /\n"
                                      "  - expect: {text: How can we help}\n")
    (folder / "shop.yaml").write_text("name: Shop page\ntags: [shop]\nsteps:\n"
                                      "  - goto: /shop\n  - expect: {text: Our products}\n")
    return folder


def shopper(*args: str, cwd: Path, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "runner.cli", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.browser
def test_two_runs_at_once_into_one_folder_are_both_in_latest_json(tmp_path, pages):
    pages.page("/", "<title>Help</title><h1>Help</h1><p>How can we help?</p>")
    pages.page("/shop", "<title>Shop</title><h1>Our products</h1>")
    folder = journeys_of(tmp_path)
    out = tmp_path / "reports"
    common = ["run", str(folder), "--base-url", pages.url, "--out", str(out), "--trace", "off"]
    runs = [shopper(*common, "--tag", tag, cwd=tmp_path) for tag in ("help", "shop")]
    for run in runs:
        stdout, stderr = run.communicate(timeout=180)
        assert run.returncode == 0, stdout + stderr
    latest = json.loads((out / "latest.json").read_text())
    by_id = {journey["id"]: journey for journey in latest["journeys"]}
    assert set(by_id) == {"help", "shop"}
    assert by_id["help"]["run_id"] != by_id["shop"]["run_id"]
    assert latest["totals"]["journeys"] == 2 and latest["totals"]["passed"] == 2
    for journey in by_id.values():  # each points at its own run's files
        assert (out / journey["result"]).is_file()
        assert journey["result"] == f"runs/{journey['run_id']}/{journey['id']}.json"
    # A later run of one journey replaces only that journey's entry.
    again = shopper(*common, "--tag", "help", cwd=tmp_path)
    again.communicate(timeout=180)
    after = {j["id"]: j for j in json.loads((out / "latest.json").read_text())["journeys"]}
    assert after["shop"] == by_id["shop"]
    assert after["help"]["run_id"] != by_id["help"]["run_id"]


def test_a_run_without_a_browser_leaves_no_run_folder(tmp_path):
    folder = journeys_of(tmp_path)
    out = tmp_path / "reports"
    env = {**os.environ, "SHOPPER_BROWSER_PATH": str(tmp_path / "no-chromium")}
    run = shopper("run", str(folder), "--base-url", "http://127.0.0.1:9", "--out", str(out),
                  cwd=tmp_path, env=env)
    stdout, stderr = run.communicate(timeout=120)
    assert run.returncode == 3, stdout + stderr
    assert not list(out.glob("runs/*")), "an empty run folder was left behind"


def test_a_run_whose_mail_port_is_taken_leaves_no_run_folder(tmp_path):
    folder = journeys_of(tmp_path)
    out = tmp_path / "reports"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = shopper("run", str(folder), "--base-url", "http://127.0.0.1:9", "--out",
                      str(out), "--mailbox", f"smtp://127.0.0.1:{port}", cwd=tmp_path)
        stdout, stderr = run.communicate(timeout=120)
    assert run.returncode == 3, stdout + stderr
    assert str(port) in stderr
    assert not list(out.glob("runs/*")) and not list(out.glob("mail/*"))
