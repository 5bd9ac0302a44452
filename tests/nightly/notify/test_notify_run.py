"""After a run: each `notify:` hook hears exactly what changed, and nothing else; a webhook that
fails never touches the results (runner.nightly.notify.notify_run)."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest
from notify_samples import finding, record, result, run_id
from webhook_server import HANG

from runner.config import load_settings
from runner.errors import ConfigError
from runner.nightly.notify import MASK, notify_run

SETTINGS = """\
context:
  http_credentials: {username: qa, password: "${secrets.STAGING_PASS}"}
notify:
  - url: ${secrets.ALL_HOOK}
  - url: ${secrets.SLACK_HOOK}
    on: [failure, recovery]
    format: slack
    report_url: https://qa.example.com/reports/
  - url: ${secrets.FINDINGS_HOOK}
    on: [new-finding]
"""
STAGING_PASS = "st4ging-Pa55-9f1c"
FAST = {"backoff": 0.01, "timeout": 2.0, "deadline": 10.0}


@pytest.fixture
def env(webhook) -> dict[str, str]:
    return {"ALL_HOOK": webhook.url("/all/T0K3N-all"),
            "SLACK_HOOK": webhook.url("/slack/T0K3N-slack"),
            "FINDINGS_HOOK": webhook.url("/findings/T0K3N-findings"),
            "STAGING_PASS": STAGING_PASS}


@pytest.fixture
def settings(tmp_path: Path):
    path = tmp_path / "shopper.yaml"
    path.write_text(SETTINGS, encoding="utf-8")
    return load_settings(path, {})


def by_hook(webhook) -> dict[str, list[tuple[str, list[str]]]]:
    """What each hook received: (journey run, event types) per message, in order."""
    heard: dict[str, list[tuple[str, list[str]]]] = {"all": [], "slack": [], "findings": []}
    for request in webhook.received:
        body, hook = request.json, request.path.split("/")[1]
        if hook == "slack":
            heard[hook].append((body["text"].split(": ")[1], []))
        else:
            heard[hook].append((body["journey_run_id"], [
                f"{e['type']}:{e['code']}" if e.get("code") else e["type"]
                for e in body["events"]]))
    return heard


def test_each_hook_hears_exactly_what_changed_night_after_night(
        settings, env, webhook, out_dir, history, logs):
    nights = [
        result(0, findings=[finding("no-response-promise", "minor")]),  # first run ever
        result(1, findings=[finding("no-response-promise", "minor")]),  # the same again
        result(2, status="failed", stopped_at=2, findings=[finding("dead-end", "critical")]),
        result(3, status="failed", stopped_at=2, findings=[finding("dead-end", "critical")]),
        result(4, status="skipped"),
        result(5),                                                      # fail → pass
        result(6, findings=[finding("slow-step", "major", step=1)]),    # a new code
    ]
    for night in nights:
        record(out_dir, history, night)
        notify_run(settings, out_dir, [night], env=env, log=logs.append, **FAST)
    ids = [night["journey_run_id"] for night in nights]
    assert by_hook(webhook) == {
        "all": [(ids[0], ["baseline"]),
                (ids[2], ["failure", "new-finding:dead-end"]),
                (ids[5], ["recovery"]),
                (ids[6], ["new-finding:slow-step"])],
        "slack": [("failed (failure)", []), ("passed (recovery)", [])],
        "findings": [(ids[0], ["baseline"]),
                     (ids[2], ["new-finding:dead-end"]),
                     (ids[6], ["new-finding:slow-step"])],
    }
    assert logs == []


def test_one_call_covers_every_journey_of_the_run(settings, env, webhook, out_dir, history,
                                                  logs):
    record(out_dir, history, result(0))
    tonight = [result(1), result(1, journey_id="refund", status="failed", stopped_at=3)]
    for data in tonight:
        record(out_dir, history, data)
    assert notify_run(settings, out_dir, tonight, env=env, log=logs.append, **FAST) == [True] * 2
    assert by_hook(webhook)["all"] == [(tonight[1]["journey_run_id"], ["failure"])]


def test_the_json_and_slack_messages_received(settings, env, webhook, out_dir, history, logs):
    data = result(0, status="failed", stopped_at=2, score=40,
                  findings=[finding("dead-end", "critical", step=2)])
    record(out_dir, history, data)
    notify_run(settings, out_dir, [data], env=env, log=logs.append, **FAST)
    bodies = {request.path.split("/")[1]: request.json for request in webhook.received}
    assert bodies["all"]["journey"] == {"id": "contact_form", "name": "Contact form",
                                        "channel": "contact-form"}
    assert (bodies["all"]["status"], bodies["all"]["score"]) == ("failed", 40)
    assert bodies["all"]["report_url"] == f"runs/{run_id(0)}/contact_form.html"
    assert bodies["all"]["top_findings"][0]["step"] == "Send the form"
    slack = bodies["slack"]
    assert [block["type"] for block in slack["blocks"]] == ["section", "section", "section",
                                                            "context"]
    assert slack["blocks"][0]["text"]["text"] == (
        f"*<https://qa.example.com/reports/runs/{run_id(0)}/contact_form.html"
        "|Contact form: failed (score 40)>*")


def test_secret_values_never_reach_a_hook_or_the_log(settings, env, webhook, out_dir, history,
                                                     logs):
    journey_secret = "ann-card-4111111111111111"
    data = result(0, status="failed", stopped_at=2, findings=[
        finding("dead-end", "critical", step=2,
                message=f"Login as qa / {STAGING_PASS} refused; card {journey_secret}")])
    data["steps"][2]["error"] = f"password {STAGING_PASS} rejected"
    record(out_dir, history, data)
    webhook.respond(500, 500, 500)  # and the failures are logged
    notify_run(settings, out_dir, [data], {journey_secret}, env=env, log=logs.append, **FAST)
    assert len(webhook.received) == 6  # three hooks were told; three 500s retried
    for request in webhook.received:
        for secret in (STAGING_PASS, journey_secret):
            assert secret.encode() not in request.body
    assert MASK in by_hook_body(webhook, "all")["events"][0]["message"]
    for line in logs:
        assert STAGING_PASS not in line and journey_secret not in line and "T0K3N" not in line


def by_hook_body(webhook, hook: str) -> dict:
    return next(r.json for r in webhook.received if r.path.startswith(f"/{hook}/"))


def fingerprint(out_dir: Path) -> dict[str, str]:
    return {str(path.relative_to(out_dir)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(out_dir.rglob("*.json"))}


def test_a_hung_webhook_costs_only_its_deadline_and_leaves_the_results_alone(
        settings, env, webhook, out_dir, history, logs):
    data = result(0, status="failed", stopped_at=2)
    record(out_dir, history, data)
    files = fingerprint(out_dir)
    rows = history.execute("SELECT * FROM journey_runs").fetchall()
    webhook.always = HANG
    started = time.monotonic()
    sent = notify_run(settings, out_dir, [data], env=env, log=logs.append, timeout=30,
                      deadline=1.0)
    assert time.monotonic() - started < 2.5
    assert sent == [False, False]
    assert fingerprint(out_dir) == files
    assert history.execute("SELECT * FROM journey_runs").fetchall() == rows
    assert sorted(logs) == [
        f"notify: http://127.0.0.1:{webhook.port}/{MASK} not delivered: gave up at the 1 s "
        "deadline"] * 2  # one line per hook (all and slack hang; findings has no news)


def test_an_unset_webhook_secret_skips_that_hook_and_no_other(settings, env, webhook, out_dir,
                                                             history, logs):
    del env["SLACK_HOOK"]
    data = result(0, status="failed", stopped_at=2)
    record(out_dir, history, data)
    assert notify_run(settings, out_dir, [data], env=env, log=logs.append, **FAST) == [True]
    assert logs == ["notify: webhook 2 skipped: the secret `SLACK_HOOK` is not set: "
                    "export SLACK_HOOK=… before running"]


def test_a_broken_history_is_logged_and_nothing_raised(settings, env, webhook, out_dir, logs):
    out_dir.mkdir(parents=True)
    (out_dir / "history.sqlite").write_bytes(b"not a database at all" * 100)
    assert notify_run(settings, out_dir, [result(0)], env=env, log=logs.append, **FAST) == []
    assert logs == ["notify: nothing sent (DatabaseError: file is not a database); "
                    "the run's results are unaffected"]
    assert webhook.received == []


def test_a_result_it_cannot_read_does_not_silence_the_others(settings, env, webhook, out_dir,
                                                              history, logs):
    good = result(0, status="failed", stopped_at=2)
    record(out_dir, history, good)
    sent = notify_run(settings, out_dir, [{"status": "failed"}, good], env=env,
                      log=logs.append, **FAST)
    assert sent == [True, True]
    assert logs == ["notify: a result was skipped (KeyError)"]


def test_no_hooks_no_work(out_dir, logs):
    settings = load_settings(None, {})
    assert notify_run(settings, out_dir, [result(0)], log=logs.append) == []
    assert not out_dir.exists() and logs == []


def test_settings_keep_format_and_report_url(settings):
    assert settings.notify[1] == {"url": "${secrets.SLACK_HOOK}", "on": ["failure", "recovery"],
                                  "format": "slack",
                                  "report_url": "https://qa.example.com/reports/"}
    assert settings.notify[0] == {"url": "${secrets.ALL_HOOK}",
                                  "on": ["new-finding", "failure", "recovery"], "format": "json"}


def test_an_unknown_format_is_refused_at_its_line(tmp_path):
    path = tmp_path / "shopper.yaml"
    path.write_text("notify:\n  - url: https://h.example/x\n    format: teams\n")
    with pytest.raises(ConfigError) as raised:
        load_settings(path, {})
    assert str(raised.value).split("shopper.yaml:", 1)[-1] == (
        "3:13: `notify[0].format` should be one of json, slack, not `teams`")
