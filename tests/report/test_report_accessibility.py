"""The reports show accessibility and page experience from a real walk: the journey run page
lists the problems by rule with the element and the page, and each page's vitals; the
executive page gains the journey's barrier in one line; the journey page trends each page."""

from __future__ import annotations

import pytest

from runner.report.render import render_all

pytestmark = pytest.mark.browser

CONTACT = """
name: Contact
channel: contact-form
persona: ann
sla: {acknowledgement: 2s}
steps:
  - goto: /contact
  - fill: {"#name": "${persona.name}", "#email": "${persona.email}", "#message": "Late order"}
  - click: {role: button, name: Send}
  - expect_ack: {within: 4s}
"""


def test_a_run_with_barriers_and_a_slow_page_is_reported(walk, site, write_result, tmp_path):
    site.set_switches(a11y_unlabelled=True, slow_lcp_ms=2700)
    result = walk(CONTACT, name="contact")
    assert sorted(f.code for f in result.findings) == ["inaccessible", "inaccessible",
                                                        "slow-page"]
    write_result("contact", result.to_json(), run_id="20261203t000000z-a11y")
    site.reset()
    write_result("contact", walk(CONTACT, name="contact").to_json(),
                 run_id="20261203t000100z-good")
    render_all(tmp_path)

    first = (tmp_path / "runs" / "20261203t000000z-a11y" / "contact.html").read_text()
    assert 'id="accessibility"' in first
    assert "<code>label</code>" in first and "<code>button-name</code>" in first
    assert "<code>#email</code>" in first and "used by the customer" in first
    assert "&lt;input id=&#34;email&#34;" in first or "&lt;input id=\"email\"" in first
    assert "https://dequeuniversity.com/rules/axe/" in first
    assert 'id="page-experience"' in first and "over budget" in first

    executive = (tmp_path / "index.html").read_text()
    # The latest run is healthy: no barrier line for it any more.
    assert "Screen-reader users cannot fill the form" not in executive

    journey = (tmp_path / "journeys" / "contact.html").read_text()
    assert "Page experience per page" in journey and "<code>/contact</code>" in journey


def test_the_executive_page_names_the_barrier_of_the_latest_run(walk, site, write_result,
                                                                  tmp_path):
    site.set_switches(a11y_unlabelled=True)
    write_result("contact", walk(CONTACT, name="contact").to_json())
    render_all(tmp_path)
    executive = (tmp_path / "index.html").read_text()
    assert "Screen-reader users cannot fill the form on /contact: 1 field has no label." \
        in executive
