"""The demo site's accessibility and page-experience switches give exactly their findings on
the right page in a real walk; the healthy demo gives none on any bundled journey."""

from __future__ import annotations

import pytest

from runner.bundled import bundled_journeys

pytestmark = pytest.mark.browser

CONTACT = """
name: Contact
channel: contact-form
persona: ann
sla: {acknowledgement: 2s}
steps:
  - goto: /contact
  - fill:
      "#name": ${persona.name}
      "#email": ${persona.email}
      "#message": "My order ${persona.order} arrived damaged."
  - click: {role: button, name: Send}
  - name: Acknowledgement
    expect_ack:
      within: 4s
      reference: "(?P<ref>\\\\b[A-Z]{2,6}-\\\\d{3,}\\\\b)"
      promise: true
"""


def found(result) -> list[tuple]:
    return sorted((f.code, f.step["index"] if f.step else None, f.severity,
                   f.evidence.get("rule") or f.evidence.get("metric")) for f in result.findings)


def test_unlabelled_field_and_nameless_icon_button(walk, site):
    site.set_switches(a11y_unlabelled=True)
    result = walk(CONTACT)
    assert result.status == "passed"
    # The email field the customer filled: major; the paper clip they never touched: minor.
    assert found(result) == [("inaccessible", 0, "major", "label"),
                             ("inaccessible", 0, "minor", "button-name")]
    label = next(f for f in result.findings if f.evidence["rule"] == "label")
    assert label.evidence["url"].endswith("/contact")
    assert [e["selector"] for e in label.evidence["elements"]] == ["#email"]
    assert label.message == ("Screen-reader users cannot fill the form on /contact: "
                             "1 field has no label.")


def test_slow_team_photo_is_a_slow_largest_paint(walk, site):
    site.set_switches(slow_lcp_ms=3000)
    result = walk(CONTACT)
    assert found(result) == [("slow-page", 0, "minor", "lcp")]
    finding = result.findings[0]
    assert finding.measured >= 3000 and finding.budget == 2500 and finding.unit == "ms"
    assert finding.evidence["element"] == "img.team-photo"


def test_banner_pushing_the_form_down_is_a_layout_shift(walk, site):
    site.set_switches(layout_shift=True)
    result = walk(CONTACT)
    assert found(result) == [("slow-page", 0, "minor", "cls")]
    assert result.findings[0].measured > 0.1 and result.findings[0].unit == "score"


@pytest.mark.parametrize("name", ["contact_form", "refund", "chat"])
def test_healthy_demo_is_accessible_and_quick_on_every_bundled_journey(walk, site, name):
    result = walk((bundled_journeys() / f"{name}.yaml").read_text(), name=name)
    assert [f for f in result.findings if f.code in ("inaccessible", "slow-page")] == []
    # ...because it was looked at, not because nothing was measured.
    assert any(step.observed.get("accessibility") for step in result.steps)
    assert any("lcp_ms" in step.measured for step in result.steps)
