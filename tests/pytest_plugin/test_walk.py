"""Journeys walked as tests against the demo site, each inner run in its own process.

Every inner run starts a browser, so there are few of them and each proves several things.
"""

from __future__ import annotations

import json
import re
import socket

import pytest

from runner.demo import DemoSite
from runner.walk.video import ensure_ffmpeg

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def results_in(out) -> dict[str, dict]:
    runs = list((out / "runs").iterdir())
    assert len(runs) == 1, f"one pytest run is one shopper run: {runs}"
    return {path.stem: json.loads(path.read_text()) for path in runs[0].glob("*.json")}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_bundled_journeys_pass_against_the_demo_site(project, site, mail_sink):
    # The demo site mails the session's sink; the journeys read its Maildir. The email
    # journey writes to the site's support inbox.
    project.write("shopper.yaml", f"mailbox: maildir:{mail_sink.maildir_path}\n"
                  f"outgoing: smtp://{site.support()['smtp']}\n")
    result = project.pytest("--shopper", "--shopper-base-url", site.url,
                            "--shopper-out", "reports")
    result.assert_outcomes(passed=4)
    results = results_in(project.path / "reports")
    assert sorted(results) == ["chat", "contact_form", "email", "refund"]
    for journey, data in results.items():
        assert data["status"] == "passed", journey
        assert data["browser"]["name"] == "chromium" and data["browser"]["source"]
        assert all(step["status"] == "passed" for step in data["steps"]), data["steps"]
    # The confirmation emails really were read, not skipped for want of a mailbox.
    assert any(step["action"] == "expect_email" for step in results["contact_form"]["steps"])


def test_a_broken_site_fails_the_journey_with_its_finding_and_step_line(project, site):
    site.set_switches(http_500=True, chat_impersonal=True)
    result = project.pytest("--shopper", "--shopper-base-url", site.url,
                            "-k", "contact_form or chat")
    # The chat's only finding (impersonal-reply, info) is below the default `critical`.
    result.assert_outcomes(failed=1, passed=1)
    click_line = project.line_of("journeys/contact_form.yaml", "- click:")
    result.stdout.fnmatch_lines([
        "*_ journey contact_form _*",
        "Contact form is acknowledged (contact_form): the customer could not finish; "
        "the journey stopped at step 3",
        f"  step 3 'click Send' (journeys/contact_form.yaml:{click_line}): "
        "the site answered HTTP 500 to POST *",
        "Findings at or above critical:",
        "  critical http-error: *HTTP 500*",
    ])
    assert "journey chat" not in result.stdout.str()


def test_fail_on_makes_lesser_findings_fail_the_journey(project, site):
    site.set_switches(chat_impersonal=True)
    result = project.pytest("--shopper", "--shopper-base-url", site.url, "-k", "chat",
                            "--shopper-fail-on", "info")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*findings at or above info",
                                 "  info     impersonal-reply: *"])


def test_workers_share_one_run_and_its_mail_sink_under_xdist(project, tmp_path):
    # The site mails an address the inner run itself must listen on (shopper.yaml's
    # smtp:// mailbox): one sink in the xdist controller, read by both workers.
    sink = f"127.0.0.1:{free_port()}"
    project.write("shopper.yaml", f"mailbox: smtp://{sink}\n")
    with DemoSite(smtp=sink) as shop:
        result = project.pytest("--shopper", "--shopper-base-url", shop.url, "-n", "2", "-v",
                                "-k", "contact_form or refund", "--shopper-out", "reports")
    result.assert_outcomes(passed=2)
    assert set(re.findall(r"\[(gw\d)\] .*PASSED", result.stdout.str())) == {"gw0", "gw1"}
    results = results_in(project.path / "reports")
    assert sorted(results) == ["contact_form", "refund"]
    for data in results.values():
        email = next(s for s in data["steps"] if s["action"] == "expect_email")
        assert email["status"] == "passed", email


def test_a_projects_own_launch_args_win_over_the_plugins_browser(project):
    project.write("conftest.py", """
import pytest

@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/nonexistent/our-chrome"}
""")
    result = project.pytest("--shopper", "-k", "chat")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*executable doesn't exist at /nonexistent/our-chrome*"])


def test_pytest_playwrights_video_option_films_the_journeys(project, site):
    # Put in place as a set-up machine has it (scripts/setup.sh), where the inner run looks:
    # its absence fails here, never skips.
    ensure_ffmpeg()
    result = project.pytest("--shopper", "--shopper-base-url", site.url, "-k", "contact_form",
                            "--video", "on", "--shopper-out", "reports")
    result.assert_outcomes(passed=1)
    [(stem, data)] = results_in(project.path / "reports").items()
    assert data["artifacts"]["video"] == f"{stem}.webm"
    [run] = (project.path / "reports" / "runs").iterdir()
    assert (run / f"{stem}.webm").read_bytes().startswith(bytes.fromhex("1a45dfa3"))
