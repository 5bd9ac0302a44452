"""`shopper run --mailbox smtp://HOST:PORT`: the run itself listens there for its length, the
site's mail lands under OUT/mail/<run-id>/, and the bundled journey reads it."""

from __future__ import annotations

import json
import shutil
import smtplib
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


HELPDESK_FORM = """<!doctype html><title>Helpdesk</title>
<form method=post action=/ticket><label>Message <textarea id=msg name=msg></textarea></label>
<button>Send</button></form>"""


@pytest.mark.parametrize("alone", [["--tag", "tickets"], ["--shard", "2/2"]])
def test_a_configured_sink_listens_for_a_journey_without_mail_steps_run_alone(
        tmp_path, pages, alone):
    """Issue 16 item 1, as seen: a helpdesk sends its confirmation while it answers the form's
    POST and answers 500 when nothing listens. The ticket journey has no `expect_email` and
    is walked alone (a --tag subset, a shard without the mail journey): the sink for
    `--mailbox` must listen all the same."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]

    def ticket(handler) -> None:  # noqa: ANN001 - a PageHandler
        try:
            with smtplib.SMTP("127.0.0.1", port, timeout=5) as smtp:
                smtp.sendmail("help@example.com", ["ann@example.com"],
                              "Subject: Ticket T-4821\r\n\r\nWe have your ticket.")
        except (OSError, smtplib.SMTPException):
            handler.send(500, "<title>Error</title><h1>Internal Server Error</h1>")
            return
        handler.send(200, "<title>Helpdesk</title><p>Thank you! Your ticket number is "
                     "T-4821. We will reply within 24 hours.</p>")

    pages.page("/", HELPDESK_FORM)
    pages.route("/ticket", ticket)
    journeys = tmp_path / "journeys"
    journeys.mkdir()
    (journeys / "ticket.yaml").write_text(
        "name: Ticket is acknowledged\nchannel: contact-form\ntags: [tickets]\nsteps:\n"
        "  - goto: /\n  - fill: {'#msg': 'My order never came'}\n"
        "  - click: {role: button, name: Send}\n"
        "  - expect_ack: {within: 10s, text: ['thank you']}\n")
    (journeys / "mail.yaml").write_text(
        "name: Mail only\ntags: [mail]\nsteps:\n  - goto: /\n"
        "  - expect_email: {within: 2m, subject: ticket, to: ann@example.com}\n")
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "runner.cli", "run", str(journeys), *alone,
         "--out", str(out), "--base-url", pages.url, "--mailbox", f"smtp://127.0.0.1:{port}",
         "--trace", "off"], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert not list(out.glob("runs/*/mail.json"))  # walked alone
    result = json.loads(next(out.glob("runs/*/ticket.json")).read_text())
    assert result["status"] == "passed", result["findings"]
    assert not [f for f in result["findings"] if f["code"] == "http-error"]
    assert list(out.glob(f"mail/*/127.0.0.1_{port}/new/*"))  # the sink got the mail


def test_a_journey_with_mail_steps_and_no_mailbox_is_named_at_start(tmp_path, pages):
    pages.page("/", HELPDESK_FORM)
    journeys = tmp_path / "journeys"
    journeys.mkdir()
    (journeys / "mail.yaml").write_text(
        "name: Mail only\nsteps:\n  - goto: /\n"
        "  - expect_email: {within: 2m, subject: ticket, to: ann@example.com}\n")
    (journeys / "browse.yaml").write_text("name: Browse\nsteps:\n  - goto: /\n")
    done = subprocess.run(
        [sys.executable, "-m", "runner.cli", "run", str(journeys), "--out",
         str(tmp_path / "out"), "--base-url", pages.url, "--trace", "off"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path)
    [line] = [line for line in done.stdout.splitlines() if line.startswith("No mailbox:")]
    assert "mail has mail steps" in line and "browse" not in line
