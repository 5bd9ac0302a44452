"""Which findings each defect switch of the demo site earns, from a real run.

Walks the bundled journeys (and, for switches that need one, a short purpose-made journey)
on the demo site with each switch on, and prints switch → codes reported (with step and
severity). Not a test: the per-switch assertions live in tests/walk/test_switches.py.

    .venv/bin/python bench/switches.py           # every row
    .venv/bin/python bench/switches.py email     # only the rows of these journeys
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from runner.bundled import bundled_journeys  # noqa: E402
from runner.checks import CheckContext, judge  # noqa: E402
from runner.checks.landing import landing_judge  # noqa: E402
from runner.config import load_settings  # noqa: E402
from runner.demo import DemoSite  # noqa: E402
from runner.journey.load import load_journeys  # noqa: E402
from runner.mail.smtp_sink import SmtpSink  # noqa: E402
from runner.patterns import Patterns  # noqa: E402
from runner.walk.browser import choose_browser, describe, launch  # noqa: E402
from runner.walk.engine import RunOptions, new_run_id, run_journey  # noqa: E402

LINKS = """
name: Help links work
channel: browse
steps:
  - goto: /
  - check_links: true
"""

# switch settings, journey file, `sla:` budgets to set in the journey
MATRIX = [
    ({}, "contact_form", {}),
    ({}, "refund", {}),
    ({"ack_delay_ms": 2500}, "contact_form", {}),
    ({"no_ack": True}, "contact_form", {}),
    ({"no_reference": True}, "contact_form", {}),
    ({"no_promise": True}, "contact_form", {}),
    ({"dead_end": True}, "refund", {}),
    ({"http_500": True}, "contact_form", {}),
    ({"slow_pages_ms": 700}, "contact_form", {"step": "500ms", "journey": "600ms"}),
    ({"long_form": True}, "contact_form", {}),
    ({"reject_plus_address": True}, "contact_form", {}),
    ({"captcha": True}, "contact_form", {}),
    ({"forced_login": True}, "contact_form", {}),
    ({"error_page": True}, "contact_form", {}),
    ({"page_error": True}, "contact_form", {}),
    ({"broken_links": True}, "links", {}),
    ({}, "email", {}),
    ({"email_no_ack": True}, "email", {}),
    ({"email_ack_delay_ms": 5600}, "email", {}),
    ({"email_no_reference": True}, "email", {}),
    ({"email_no_promise": True}, "email", {}),
    ({"email_no_human": True}, "email", {}),
    ({"email_no_apology": True}, "email", {}),
    ({"email_thread_fork": True}, "email", {}),


    ({"a11y_unlabelled": True}, "contact_form", {}),
    ({"slow_lcp_ms": 3000}, "contact_form", {}),
    ({"layout_shift": True}, "contact_form", {}),
]


def journey_text(name: str, sla: dict[str, str]) -> str:
    """The bundled journey with short windows (a missing acknowledgement costs 4 s, not 20)."""
    if name == "links":
        return LINKS
    text = (bundled_journeys() / f"{name}.yaml").read_text()
    text = text.replace("within: 20s", "within: 4s")
    text = re.sub(r"^  acknowledgement: .*$", "  acknowledgement: 2s", text, flags=re.M)
    for key, value in sla.items():
        text = re.sub(rf"^  {key}: .*$\n", "", text, flags=re.M)
        text = text.replace("sla:\n", f"sla:\n  {key}: {value}\n", 1)
    return text


def _email_timings(result, site: DemoSite) -> str:  # noqa: ANN001 - a RunResult
    """Each answer's measured wait beside the shop's own record of it (sent − accepted): an
    acknowledgement step beside the shop's acknowledgements in order, a person's beside its
    answers."""
    truth = [r for r in site.truth() if r["shopper_run"] == result.journey_run_id]
    records = {"email-ack": iter([r for r in truth if r["kind"] == "email-ack"]),
               "email-answer": iter([r for r in truth if r["kind"] == "email-answer"])}
    parts = []
    for step in result.steps:
        if step.action != "expect_email":
            continue
        kind = "email-answer" if step.observed.get("asked", {}).get("human") else "email-ack"
        record = next(records[kind], None)
        waited = step.measured.get("email_ms")
        if waited is None or record is None or record["shown_at"] is None:
            continue
        site_ms = record["shown_at"] - record["trigger_at"]
        parts.append(f"step {step.index}: {waited:.1f} ms, site {site_ms:.1f} ms "
                     f"(Δ {waited - site_ms:+.1f})")
    return f" — {'; '.join(parts)}" if parts else ""


def _which(finding) -> str:  # noqa: ANN001 - a Finding
    """The axe-core rule or the vital behind an `inaccessible` or `slow-page` finding."""
    which = finding.evidence.get("rule") or finding.evidence.get("metric")
    return f" [{which}]" if which else ""


def main() -> int:
    settings = load_settings(None, os.environ)
    patterns = Patterns.from_settings(settings.patterns)
    with tempfile.TemporaryDirectory() as tmp, \
            SmtpSink(Path(tmp) / "mail") as sink, DemoSite(smtp=sink.address) as site, \
            sync_playwright() as pw:
        folder = Path(tmp)
        # Confirmation emails and the support inbox's answers reach the run's sink; the email
        # journey writes to the demo shop's own support inbox.
        settings.mailbox = f"smtp://{sink.address}"
        settings.outgoing = f"smtp://{site.support()['smtp']}"
        (folder / "personas.yaml").write_text((bundled_journeys() / "personas.yaml").read_text())
        choice = choose_browser(pw)
        browser = launch(pw, choice)
        info = describe(browser, choice)
        print("| switch | journey | status | findings (code @ step, severity) |")
        print("|---|---|---|---|")
        wanted = set(sys.argv[1:])
        for switches, name, sla in MATRIX:
            if wanted and name not in wanted:
                continue
            site.reset()
            site.set_switches(**switches)
            path = folder / f"{name}.yaml"
            path.write_text(journey_text(name, sla))
            loaded = load_journeys([path], settings, os.environ)
            assert not loaded.errors, [str(e) for e in loaded.errors]
            run_id = new_run_id()
            options = RunOptions(run_id=run_id, run_dir=folder / run_id, settings=settings,
                                 base_url=site.url, trace="off",
                                 landing_judge=landing_judge(patterns),
                                 mail_sinks={sink.address: sink.maildir_path})
            result = judge(run_journey(pw, browser, info, loaded.journeys[0], options),
                           CheckContext(patterns=patterns))
            codes = ", ".join(f"{f.code}{_which(f)} @ {f.step['index'] if f.step else 'journey'} "
                              f"({f.severity})" for f in result.findings) or "none"
            if name == "email":
                codes += _email_timings(result, site)
            label = ", ".join(f"{k}={v}" for k, v in switches.items()) or "(healthy)"
            print(f"| {label} | {name} | {result.status} | {codes} |", flush=True)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
