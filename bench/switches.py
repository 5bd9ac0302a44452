"""Which findings each defect switch of the demo site earns, from a real run.

Walks the bundled journeys (and, for switches that need one, a short purpose-made journey)
on the demo site with each switch on, and prints switch → codes reported (with step and
severity). Not a test: the per-switch assertions live in tests/walk/test_switches.py.

    .venv/bin/python bench/switches.py
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


def _which(finding) -> str:  # noqa: ANN001 - a Finding
    """The axe-core rule or the vital behind an `inaccessible` or `slow-page` finding."""
    which = finding.evidence.get("rule") or finding.evidence.get("metric")
    return f" [{which}]" if which else ""


def main() -> int:
    settings = load_settings(None, os.environ)
    patterns = Patterns.from_settings(settings.patterns)
    with tempfile.TemporaryDirectory() as tmp, DemoSite() as site, sync_playwright() as pw:
        folder = Path(tmp)
        (folder / "personas.yaml").write_text((bundled_journeys() / "personas.yaml").read_text())
        choice = choose_browser(pw)
        browser = launch(pw, choice)
        info = describe(browser, choice)
        print("| switch | journey | status | findings (code @ step, severity) |")
        print("|---|---|---|---|")
        for switches, name, sla in MATRIX:
            site.reset()
            site.set_switches(**switches)
            path = folder / f"{name}.yaml"
            path.write_text(journey_text(name, sla))
            loaded = load_journeys([path], settings, os.environ)
            assert not loaded.errors, [str(e) for e in loaded.errors]
            run_id = new_run_id()
            options = RunOptions(run_id=run_id, run_dir=folder / run_id, settings=settings,
                                 base_url=site.url, trace="off",
                                 landing_judge=landing_judge(patterns))
            result = judge(run_journey(pw, browser, info, loaded.journeys[0], options),
                           CheckContext(patterns=patterns))
            codes = ", ".join(f"{f.code}{_which(f)} @ {f.step['index'] if f.step else 'journey'} "
                              f"({f.severity})" for f in result.findings) or "none"
            label = ", ".join(f"{k}={v}" for k, v in switches.items()) or "(healthy)"
            print(f"| {label} | {name} | {result.status} | {codes} |", flush=True)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
