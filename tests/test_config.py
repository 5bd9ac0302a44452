"""shopper.yaml (SPEC §7): optional, found where users expect it, errors at their line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from runner.config import DEFAULT_BUDGETS, ContextOptions, Settings, find_config, load_settings
from runner.errors import ConfigError, ShopperError

SPEC_EXAMPLE = """
base_url: ${env.SHOP_URL:-http://127.0.0.1:8000}
out: reports
workers: 4
browser: chromium
timezone: Europe/London
budgets: {step: 5s, journey: 2m, acknowledgement: 10s, reply: 30s, email: 2m,
          form_fields: 6, required_fields: 4, steps: 12, lcp: 2.5s, cls: 0.1, inp: 200ms}
accessibility: true
mailbox: smtp://127.0.0.1:2525
patterns:
  acknowledgement: ["merci", "gracias"]
  promise: ["binnen 24 uur"]
  apology: []
  complaint: []
  handoff: []
  error_page: []
  captcha: []
allow_hosts: [staging.internal]
context:
  http_credentials: {username: "${env.STAGING_USER}", password: "${secrets.STAGING_PASS}"}
  extra_http_headers: {X-Env: staging}
  ignore_https_errors: false
  proxy: {server: http://proxy.internal:3128}
identify: true
notify:
  - url: ${secrets.SLACK_WEBHOOK}
    on: [new-finding, failure, recovery]
"""


def write(tmp_path: Path, text: str, name: str = "shopper.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def config_error(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as raised:
        load_settings(write(tmp_path, text), {})
    return str(raised.value).split("shopper.yaml:", 1)[-1]


def test_no_file_means_the_defaults():
    settings = load_settings(None, {})
    assert settings == Settings()
    assert settings.budgets == DEFAULT_BUDGETS
    assert (settings.out, settings.workers, settings.browser, settings.identify) == (
        Path("reports"), 1, "chromium", True)
    assert set(settings.patterns) == {"acknowledgement", "promise", "apology", "complaint",
                                      "handoff", "error_page", "captcha", "reference"}


def test_the_spec_example_loads(tmp_path: Path):
    path = write(tmp_path, SPEC_EXAMPLE)
    settings = load_settings(path, {"STAGING_USER": "qa"})
    assert settings.base_url == "http://127.0.0.1:8000"
    assert settings.out == tmp_path / "reports"
    assert (settings.workers, settings.timezone, settings.mailbox) == (
        4, "Europe/London", "smtp://127.0.0.1:2525")
    assert settings.budgets == {"step": 5000, "journey": 120_000, "acknowledgement": 10_000,
                                "reply": 30_000, "email": 120_000, "form_fields": 6,
                                "required_fields": 4, "steps": 12, "lcp": 2500, "cls": 0.1,
                                "inp": 200}
    assert settings.accessibility is True
    assert settings.patterns["acknowledgement"] == ["merci", "gracias"]
    assert settings.patterns["reference"] == []
    assert settings.allow_hosts == ["staging.internal"]
    assert settings.context == ContextOptions(
        http_credentials={"username": "qa", "password": "${secrets.STAGING_PASS}"},
        extra_http_headers={"X-Env": "staging"}, ignore_https_errors=False,
        proxy={"server": "http://proxy.internal:3128"})
    assert settings.notify == [{"url": "${secrets.SLACK_WEBHOOK}",
                                "on": ["new-finding", "failure", "recovery"], "format": "json"}]
    assert settings.secrets == {"STAGING_PASS", "SLACK_WEBHOOK"}
    assert settings.source == path


def test_budgets_given_overlay_the_defaults(tmp_path: Path):
    settings = load_settings(write(tmp_path, "budgets: {acknowledgement: 3s}\n"), {})
    assert settings.budgets == {**DEFAULT_BUDGETS, "acknowledgement": 3000}


@pytest.mark.parametrize("mailbox", ["smtp://127.0.0.1:2525",
                                     "imaps://me:${secrets.IMAP_PASS}@imap.example.com/INBOX",
                                     "imap://me:pw@localhost:1143/INBOX", "maildir:/var/mail/x"])
def test_mailbox_addresses(tmp_path: Path, mailbox):
    assert load_settings(write(tmp_path, f"mailbox: \"{mailbox}\"\n"), {}).mailbox == mailbox


def test_errors_point_at_the_line(tmp_path: Path):
    assert config_error(tmp_path, "workers: 4\nbrowsr: firefox\n") == (
        "2:1: unknown key `browsr` (did you mean `browser`?)")
    assert config_error(tmp_path, "budgets:\n  reply: soon\n") == (
        "2:10: `budgets.reply` should be a duration like 250ms, 5s, 2m or 1h, not `soon`")
    assert config_error(tmp_path, "browser: safari\n") == (
        "1:10: `browser` should be one of chromium, firefox, webkit, not `safari`")
    assert config_error(tmp_path, "mailbox: pop3://x\n") == (
        "1:10: `mailbox` should be smtp://HOST:PORT, imap://USER:PASSWORD@HOST/FOLDER, "
        "imaps://… or maildir:PATH, not `pop3://x`")
    assert config_error(tmp_path, "mailbox: smtp://localhost\n") == (
        "1:10: `smtp://localhost` needs a host and a port, like smtp://127.0.0.1:2525")
    assert config_error(tmp_path, "timezone: Mars/Olympus\n") == (
        "1:11: `Mars/Olympus` is not a time zone; write an IANA name such as Europe/London")
    assert config_error(tmp_path, "notify:\n  - url: http://h\n    on: [always]\n") == (
        "3:10: item 1 of `notify[0].on` should be one of new-finding, failure, recovery, "
        "not `always`")


def test_a_pattern_must_compile(tmp_path: Path):
    assert config_error(tmp_path, "patterns:\n  promise: ['within (24 hours']\n") == (
        "2:21: `within (24 hours` is not a valid regular expression: missing ), "
        "unterminated subpattern")


def test_only_env_and_secrets_are_known_in_settings(tmp_path: Path):
    assert config_error(tmp_path, "base_url: http://${persona.host}\n") == (
        "1:18: `${persona.host}` cannot be used here: only ${env.…} and ${secrets.…} can")


def test_an_unset_env_value_is_an_error(tmp_path: Path):
    assert config_error(tmp_path, "base_url: ${env.SHOP_URL}\n") == (
        "1:11: the environment variable `SHOP_URL` is not set (give a default with "
        "`${env.SHOP_URL:-…}`)")


def test_every_problem_is_listed(tmp_path: Path):
    with pytest.raises(ConfigError) as raised:
        load_settings(write(tmp_path, "workers: 0\nbrowser: lynx\n"), {})
    assert [error.location.line for error in raised.value.errors] == [1, 2]
    assert "2 | browser: lynx" in raised.value.render()


def test_not_yaml_and_tags_are_config_errors(tmp_path: Path):
    assert config_error(tmp_path, "workers: [1\n").startswith("2:1: not valid YAML")
    assert config_error(tmp_path, "workers: !!int 3\n").startswith(
        "1:10: tags are not allowed")


def test_find_config_prefers_the_flag_then_the_working_folder_then_beside_journeys(
        tmp_path: Path, monkeypatch):
    project = tmp_path / "project"
    (project / "journeys").mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert find_config(None, project / "journeys") is None
    beside = write(project, "workers: 2\n")
    assert find_config(None, project / "journeys") == beside
    here = write(elsewhere, "workers: 3\n")
    assert find_config(None, project / "journeys") == here
    explicit = write(tmp_path, "workers: 4\n", name="ci.yaml")
    assert find_config(explicit, project / "journeys") == explicit


def test_a_missing_config_flag_file_is_a_user_error(tmp_path: Path):
    with pytest.raises(ShopperError, match="no such file"):
        find_config(tmp_path / "nope.yaml", None)


def test_retry_after_submit_is_off_unless_said(tmp_path: Path):
    assert load_settings(None, {}).retry_after_submit is False
    assert load_settings(write(tmp_path, "retry_after_submit: true\n"), {}).retry_after_submit
    with pytest.raises(ShopperError, match="retry_after_submit"):
        load_settings(write(tmp_path, "retry_after_submit: sometimes\n"), {})


def test_page_experience_budgets_and_accessibility_off(tmp_path: Path):
    path = write(tmp_path, "budgets: {lcp: 4s, cls: 0.25, inp: 500ms}\naccessibility: false\n")
    settings = load_settings(path, {})
    assert (settings.budgets["lcp"], settings.budgets["cls"], settings.budgets["inp"]) == (
        4000, 0.25, 500)
    assert settings.accessibility is False


def test_a_cls_budget_must_be_a_number(tmp_path: Path):
    path = write(tmp_path, "budgets: {cls: 10%}\n")
    with pytest.raises(ConfigError):
        load_settings(path, {})
