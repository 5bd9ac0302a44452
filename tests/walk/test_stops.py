"""When the customer cannot go on: failed expectations, timeouts, the journey cap, no site."""

from __future__ import annotations

import time

import pytest


@pytest.mark.browser
def test_failing_expect_is_a_dead_end_with_screenshot_and_skipped_steps(walk, site):
    result = walk("""
name: Help
channel: browse
steps:
  - goto: /help
  - timeout: 800ms
    expect: {text: "Live chat with a person 24/7"}
  - click: {text: Contact us}
""")
    assert result.status == "failed"
    failed = result.steps[1]
    assert failed.status == "failed"
    assert 700 <= failed.duration_ms < 3000
    assert failed.screenshot is not None
    assert result.steps[2].status == "skipped"
    assert result.steps[2].skip_reason == "the journey stopped at step 2"
    assert [f.code for f in result.findings] == ["dead-end"]
    assert result.findings[0].evidence["screenshot"] == failed.screenshot


@pytest.mark.browser
def test_optional_step_failure_is_major_and_the_journey_goes_on(walk, site):
    result = walk("""
name: Help
channel: browse
steps:
  - goto: /help
  - optional: true
    timeout: 500ms
    click: "#no-such-button"
  - expect: {title: "help"}
""")
    assert result.status == "passed"
    assert [(f.code, f.severity) for f in result.findings] == [("dead-end", "major")]
    assert result.steps[2].status == "passed"


@pytest.mark.browser
def test_journey_cap_stops_the_running_step(walk, site):
    result = walk("""
name: Slow
channel: browse
timeout: 1500ms
steps:
  - goto: /help
  - wait: 5s
  - goto: /
""")
    assert result.status == "failed"
    assert result.steps[1].stopped == "journey-cap"
    assert result.steps[2].status == "skipped"
    assert [f.code for f in result.findings] == ["dead-end"]


@pytest.mark.browser
def test_no_connection_at_all_is_an_error_not_a_finding(walk, site):
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    walk.base_url = f"http://127.0.0.1:{port}"
    result = walk("""
name: Down
channel: browse
steps:
  - goto: /
""")
    assert result.status == "error"
    assert "ERR_CONNECTION_REFUSED" in result.error
    assert result.score is None
    assert result.findings == []


@pytest.mark.browser
def test_page_answering_404_is_an_http_error(walk, site):
    result = walk("""
name: Missing page
channel: browse
steps:
  - goto: /no-such-page
  - goto: /
""")
    assert [f.code for f in result.findings] == ["http-error"]
    assert result.steps[0].status == "failed" and result.steps[0].stopped == "http-error"
    assert result.findings[0].measured == 404
    assert result.steps[1].status == "skipped"


@pytest.mark.browser
def test_identity_header_and_user_agent_reach_the_site(walk, site):
    result = walk("""
name: Contact
channel: contact-form
persona: ann
steps:
  - goto: /contact
  - fill: {"#name": Ann, "#email": ann@example.com, "#message": Hello}
  - click: {role: button, name: Send}
  - expect_ack: {within: 10s}
  - wait: 500ms   # the page reports its truth after the acknowledgement: let it leave
""")
    assert result.status == "passed"
    records = []
    for _ in range(40):  # the page reports its truth with a keepalive request: may trail
        records = [r for r in site.truth() if r["kind"] == "ack"]
        if records:
            break
        time.sleep(0.05)
    assert records and records[-1]["shopper_run"] == result.journey_run_id
