"""Sending webhooks: retried when the failure may pass, bounded in time, never redirected to
another host, https only (except loopback), the URL masked in logs (runner.nightly.notify.send)."""

from __future__ import annotations

import socket
import time

import pytest
import requests
from webhook_server import ENDLESS, HANG, HOOK_PATH

from runner.nightly.notify import MASK, mask, refusal, send

MESSAGE = {"journey": {"id": "contact_form"}, "events": [{"type": "failure"}]}
TOKEN = HOOK_PATH.rsplit("/", 1)[-1]
FAST = {"backoff": 0.01, "timeout": 2.0, "deadline": 10.0}


@pytest.fixture
def no_requests(monkeypatch) -> list:
    """Any HTTP request made is recorded here (and not sent)."""
    made: list = []

    def refuse(session, request, **kwargs):
        made.append(request.url)
        raise AssertionError("no request should have been made")

    monkeypatch.setattr(requests.Session, "send", refuse)
    return made


def assert_masked(logs: list[str], url: str) -> None:
    assert logs, "expected a log line"
    for line in logs:
        assert TOKEN not in line and url not in line
        assert mask(url) in line


def test_a_message_is_posted_as_json(webhook, logs):
    assert send([webhook.url()], [MESSAGE], log=logs.append, **FAST) == [True]
    (received,) = webhook.received
    assert (received.method, received.path) == ("POST", HOOK_PATH)
    assert received.headers["Content-Type"].startswith("application/json")
    assert received.headers["User-Agent"].startswith("MysteryShopper/")
    assert received.json == MESSAGE
    assert logs == []


def test_a_500_then_200_is_retried_and_delivered_once(webhook, logs):
    webhook.respond(500)
    assert send([webhook.url()], [MESSAGE], log=logs.append, **FAST) == [True]
    assert webhook.bodies() == [MESSAGE, MESSAGE]
    assert logs == []


def test_a_429_is_retried_after_the_servers_retry_after(webhook, logs):
    webhook.respond((429, {"Retry-After": "0.3"}))
    started = time.monotonic()
    assert send([webhook.url()], [MESSAGE], log=logs.append, **FAST) == [True]
    assert time.monotonic() - started >= 0.3
    assert len(webhook.received) == 2


def test_retries_are_bounded_and_the_failure_logged_with_the_url_masked(webhook, logs):
    webhook.always = (503, {})
    assert send([webhook.url()], [MESSAGE], retries=2, log=logs.append, **FAST) == [False]
    assert len(webhook.received) == 3
    assert logs == [f"notify: {mask(webhook.url())} not delivered after 3 tries: HTTP 503"]
    assert logs[0].startswith(f"notify: http://127.0.0.1:{webhook.port}/{MASK} ")
    assert_masked(logs, webhook.url())


def test_a_client_error_is_not_retried(webhook, logs):
    webhook.always = (404, {})
    assert send([webhook.url()], [MESSAGE], log=logs.append, **FAST) == [False]
    assert len(webhook.received) == 1
    assert logs == [f"notify: {mask(webhook.url())} not delivered: HTTP 404"]


def test_a_hung_endpoint_costs_its_timeout_per_try_and_no_more(webhook, logs):
    webhook.always = HANG
    started = time.monotonic()
    delivered = send([webhook.url()], [MESSAGE], timeout=0.5, retries=1, backoff=0.05,
                     deadline=20, log=logs.append)
    elapsed = time.monotonic() - started
    assert delivered == [False]
    assert 1.0 <= elapsed < 3.0
    assert len(webhook.received) == 2
    assert logs == [f"notify: {mask(webhook.url())} not delivered after 2 tries: "
                    "no answer within 0.5 s"]


def test_the_deadline_bounds_the_whole_call_whatever_the_timeout(webhook, logs):
    webhook.always = HANG
    started = time.monotonic()
    delivered = send([webhook.url()] * 2, [MESSAGE, MESSAGE], timeout=60, deadline=1.0,
                     log=logs.append)
    assert delivered == [False, False]
    assert time.monotonic() - started < 2.5
    assert logs == [f"notify: {mask(webhook.url())} not delivered: gave up at the 1 s deadline"]


def test_an_answer_whose_body_never_ends_is_not_read(webhook, logs):
    webhook.always = ENDLESS
    started = time.monotonic()
    assert send([webhook.url()], [MESSAGE], timeout=5, deadline=5, log=logs.append) == [True]
    assert time.monotonic() - started < 1.0
    assert logs == []


def test_a_hung_hook_does_not_hold_back_another(webhook, other_webhook, logs):
    webhook.always = HANG
    started = time.monotonic()
    delivered = send([webhook.url(), other_webhook.url("/ok")], [MESSAGE, MESSAGE],
                     timeout=60, deadline=1.5, log=logs.append)
    assert delivered == [False, True]
    assert other_webhook.bodies() == [MESSAGE]
    assert time.monotonic() - started < 3.0
    assert logs == [f"notify: {mask(webhook.url())} not delivered: gave up at the 1.5 s "
                    "deadline"]


def test_messages_and_hooks_that_do_not_pair_up_are_refused_not_raised(webhook, logs):
    assert send([webhook.url()], [MESSAGE, MESSAGE], log=logs.append, **FAST) == [False, False]
    assert logs == ["notify: not sent (ValueError)"]
    assert webhook.received == []


def test_a_redirect_to_another_host_is_not_followed(webhook, other_webhook, logs):
    elsewhere = other_webhook.url("/stolen")
    webhook.respond((307, {"Location": elsewhere}))
    assert send([webhook.url()], [MESSAGE], log=logs.append, **FAST) == [False]
    assert len(webhook.received) == 1
    assert other_webhook.received == []
    assert logs == [f"notify: {mask(webhook.url())} not delivered: HTTP 307 redirects to "
                    f"another host (http://127.0.0.2:{other_webhook.port}/{MASK}); not followed"]


def test_a_redirect_on_the_same_host_is_followed_with_the_same_post(webhook, logs):
    webhook.respond((308, {"Location": "/moved"}), (302, {"Location": "/moved-again"}))
    assert send([webhook.url()], [MESSAGE], log=logs.append, **FAST) == [True]
    assert [(r.method, r.path) for r in webhook.received] == [
        ("POST", HOOK_PATH), ("POST", "/moved"), ("POST", "/moved-again")]
    assert webhook.bodies() == [MESSAGE] * 3


def test_at_most_three_redirects_are_followed(webhook, logs):
    webhook.always = (302, {"Location": "/again"})
    assert send([webhook.url()], [MESSAGE], log=logs.append, **FAST) == [False]
    assert len(webhook.received) == 4
    assert logs == [f"notify: {mask(webhook.url())} not delivered: more than 3 redirects"]


def test_plain_http_to_another_machine_is_refused_without_a_request(no_requests, logs):
    url = f"http://hooks.example.com{HOOK_PATH}"
    assert send([url], [MESSAGE], log=logs.append, **FAST) == [False]
    assert no_requests == []
    assert logs == [f"notify: http://hooks.example.com/{MASK} refused: plain http:// is only "
                    "allowed to this machine (loopback); use https://"]


def test_an_unreachable_hook_is_logged_without_its_path(logs):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}{HOOK_PATH}"
    assert send([url], [MESSAGE], retries=1, log=logs.append, **FAST) == [False]
    assert logs == [f"notify: http://127.0.0.1:{port}/{MASK} not delivered after 2 tries: "
                    "could not connect"]


def test_secret_values_never_leave_in_a_payload_or_a_log(webhook, logs):
    secret = "hunter2-Pa55word"
    message = {"events": [{"type": "failure", "message": f"login as ann:{secret} failed"}],
               "top_findings": [{"message": secret, "step": f"Type {secret}"}]}
    webhook.respond(500)
    assert send([webhook.url()], [message], secrets={secret, ""}, log=logs.append,
                **FAST) == [True]
    for received in webhook.received:
        assert secret.encode() not in received.body
    assert webhook.bodies()[0]["events"][0]["message"] == f"login as ann:{MASK} failed"
    assert message["top_findings"][0]["message"] == secret  # the caller's dict is untouched


def test_a_malformed_hook_is_refused_and_the_others_still_sent(webhook, logs):
    hooks = ["https://[::1", None, webhook.url()]
    assert send(hooks, [MESSAGE] * 3, log=logs.append, **FAST) == [False, False, True]
    assert logs == [f"notify: {MASK} refused: not a valid URL"] * 2


@pytest.mark.parametrize("url", [
    "https://hooks.slack.com/services/T0/B0/x", "http://127.0.0.1:8080/hook",
    "http://127.45.6.7/hook", "http://localhost:9000/", "http://LOCALHOST./hook",
    "http://[::1]:9000/hook"])
def test_https_or_loopback_is_allowed(url):
    assert refusal(url) is None


@pytest.mark.parametrize("url", [
    "http://hooks.example.com/x", "http://10.0.0.5/hook", "http://[::2]/hook",
    "http://localhost.evil.example/hook", "ftp://127.0.0.1/hook", "file:///etc/passwd",
    "hooks.slack.com/services/x", "https://", "https://host:port/"])
def test_anything_else_is_refused(url):
    assert refusal(url) is not None


@pytest.mark.parametrize(("url", "shown"), [
    ("https://hooks.slack.com/services/T0/B0/secret", f"https://hooks.slack.com/{MASK}"),
    ("https://user:pa55@hooks.example.com:8443/x?token=t", f"https://hooks.example.com:8443/{MASK}"),
    ("http://[::1]:9000/x", f"http://[::1]:9000/{MASK}"),
    ("not a url", MASK)])
def test_mask_keeps_only_scheme_host_and_port(url, shown):
    assert mask(url) == shown


def test_a_loopback_hook_is_never_sent_through_a_proxy_from_the_environment(webhook, logs,
                                                                           monkeypatch):
    with socket.socket() as probe:  # a proxy that is not there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, f"http://127.0.0.1:{port}")
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    assert send([webhook.url()], [MESSAGE], retries=0, log=logs.append, **FAST) == [True]
    assert webhook.bodies() == [MESSAGE]
