"""The engine on the three-page refund flow (server-rendered, navigations between pages)."""

from __future__ import annotations

import pytest

from runner.journey.load import load_journeys


@pytest.mark.browser
def test_bundled_refund_journey_passes_on_a_healthy_site(walk, site):
    from runner.bundled import bundled_journeys

    text = (bundled_journeys() / "refund.yaml").read_text()
    result = walk(text, name="refund")
    assert result.status == "passed", [(s.name, s.error) for s in result.steps]
    assert result.findings == []
    ack = next(s for s in result.steps if s.action == "expect_ack")
    assert ack.measured["reference"].startswith("RF-")
    assert ack.measured["ack_ms"] > 0


@pytest.mark.browser
def test_http_500_on_the_refund_submission(walk, site):
    from runner.bundled import bundled_journeys

    site.set_switches(http_500=True)
    result = walk((bundled_journeys() / "refund.yaml").read_text(), name="refund")
    assert [f.code for f in result.findings] == ["http-error"]
    assert result.findings[0].step["name"] == "click Request refund"
    assert result.steps[-1].status == "skipped"


def test_bundled_journeys_validate():
    import os

    from runner.bundled import bundled_journeys
    from runner.config import load_settings
    from runner.journey.load import discover

    loaded = load_journeys(discover([bundled_journeys()]), load_settings(None, os.environ),
                           os.environ)
    assert loaded.errors == []
    assert {j.id for j in loaded.journeys} >= {"contact_form", "refund"}
