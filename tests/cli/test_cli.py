"""The command line as CI systems and people see it: exit codes, one-line errors, files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from runner.bundled import bundled_journeys
from runner.cli import main
from runner.results.result_schema import result_problems

ROOT = Path(__file__).resolve().parents[2]

GOOD = """
name: Help page
channel: browse
steps:
  - goto: /help
  - expect: {title: "help"}
"""


def journey_folder(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "journeys"
    folder.mkdir()
    for name, text in files.items():
        (folder / f"{name}.yaml").write_text(text)
    return folder


def test_validate_accepts_the_bundled_journeys(capsys):
    assert main(["validate", str(bundled_journeys())]) == 0
    assert "contact_form.yaml" in capsys.readouterr().out


def test_validate_reports_every_problem_with_file_line_and_column(tmp_path, capsys):
    folder = journey_folder(tmp_path, good=GOOD, bad="""
name: Broken
steps:
  - goto: /help
  - clik: "#send"
""", worse="""
name: Also broken
steps:
  - wait: 5 parsecs
""")
    assert main(["validate", str(folder)]) == 2
    err = capsys.readouterr().err
    assert f"{folder / 'bad.yaml'}:5:5:" in err
    assert "click" in err  # did you mean
    assert f"{folder / 'worse.yaml'}:4:" in err
    assert "2 problems" in err


def test_validate_refuses_python_tags_without_a_traceback(tmp_path, capsys):
    folder = journey_folder(tmp_path, evil="""
name: !!python/object/apply:os.system ["echo pwned"]
steps: [{goto: /}]
""")
    assert main(["validate", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "evil.yaml:2:" in err


def test_missing_path_is_a_usage_error(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nowhere")]) == 2
    assert "nowhere" in capsys.readouterr().err


def test_tag_that_selects_nothing_exits_2(tmp_path, capsys):
    folder = journey_folder(tmp_path, good=GOOD)
    assert main(["run", str(folder), "--tag", "nightly", "--out", str(tmp_path / "r")]) == 2
    assert "no journey is tagged nightly" in capsys.readouterr().err


def test_unset_secret_warns_in_validate_and_stops_run(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("SHOPPER_TEST_TOKEN", raising=False)
    folder = journey_folder(tmp_path, secret="""
name: Uses a secret
steps:
  - goto: /help?token=${secrets.SHOPPER_TEST_TOKEN}
""")
    assert main(["validate", str(folder)]) == 0
    assert "SHOPPER_TEST_TOKEN" in capsys.readouterr().err
    assert main(["run", str(folder), "--out", str(tmp_path / "r")]) == 2


def test_browser_path_pointing_nowhere_exits_3_with_a_clear_message(tmp_path, monkeypatch):
    folder = journey_folder(tmp_path, good=GOOD)
    env = {**os.environ, "SHOPPER_BROWSER_PATH": str(tmp_path / "no-chromium")}
    done = subprocess.run(
        [sys.executable, "-m", "runner.cli", "run", str(folder), "--base-url",
         "http://127.0.0.1:9", "--out", str(tmp_path / "r")],
        env=env, capture_output=True, text=True, timeout=60, cwd=tmp_path)  # own process
    assert done.returncode == 3
    assert done.stderr.strip().splitlines()[-1] == (
        f"shopper: SHOPPER_BROWSER_PATH={tmp_path / 'no-chromium'} does not exist: "
        "point it at a browser executable or unset it")


def test_init_writes_starter_journeys_that_validate_and_never_overwrites(tmp_path, capsys):
    target = tmp_path / "journeys"
    assert main(["init", str(target)]) == 0
    assert (target / "personas.yaml").is_file()
    assert (target / "journey.schema.json").is_file()
    assert "$schema=journey.schema.json" in (target / "contact_form.yaml").read_text()
    assert main(["validate", str(target)]) == 0
    assert main(["init", str(target)]) == 2
    assert "already exists" in capsys.readouterr().err


def shopper(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """`shopper` in its own process, as CI runs it (and beside this session's browser)."""
    return subprocess.run([sys.executable, "-m", "runner.cli", *args], capture_output=True,
                          text=True, timeout=120, cwd=cwd)


@pytest.mark.browser
def test_run_writes_results_reports_and_exit_codes(tmp_path, site):
    site.set_switches(no_promise=True)
    folder = journey_folder(tmp_path, contact=(bundled_journeys() / "contact_form.yaml")
                            .read_text())
    (folder / "personas.yaml").write_text((bundled_journeys() / "personas.yaml").read_text())
    out = tmp_path / "reports"
    args = ["run", str(folder), "--base-url", site.url, "--out", str(out), "--trace", "off"]
    # A minor finding passes the default --fail-on critical...
    done = shopper(*args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Contact form is acknowledged  passed" in done.stdout
    assert f"Report: {(out / 'index.html').resolve()}" in done.stdout
    # ...and fails --fail-on minor.
    assert shopper(*args, "--fail-on", "minor", cwd=tmp_path).returncode == 1
    runs = sorted((out / "runs").iterdir())
    assert len(runs) == 2
    result = json.loads((runs[-1] / "contact.json").read_text())
    assert result_problems(result) == []  # the shipped result schema holds for a fresh run
    assert result["schema_version"] == 1
    assert [f["code"] for f in result["findings"]] == ["no-response-promise"]
    assert result["browser"]["source"]
    assert (out / "index.html").is_file() and (out / "junit.xml").is_file()
    latest = json.loads((out / "latest.json").read_text())
    assert latest["run_id"] == runs[-1].name


@pytest.mark.browser
def test_site_that_is_down_is_error_and_exit_3(tmp_path):
    import socket

    with socket.socket() as sock:  # a free port: nobody listens there once it is closed
        sock.bind(("127.0.0.1", 0))
        down = f"http://127.0.0.1:{sock.getsockname()[1]}"
    folder = journey_folder(tmp_path, good=GOOD)
    out = tmp_path / "reports"
    assert shopper("run", str(folder), "--base-url", down, "--out", str(out),
                   cwd=tmp_path).returncode == 3
    result = json.loads(next((out / "runs").glob("*/good.json")).read_text())
    assert result["status"] == "error" and result["score"] is None


def test_shopper_console_script_is_installed():
    shopper = Path(sys.executable).parent / "shopper"
    done = subprocess.run([str(shopper), "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("shopper ")


def test_report_rebuild_recreates_the_history_from_result_files(tmp_path, capsys):
    from runner.results.model import RunResult, write_result

    run_dir = tmp_path / "reports" / "runs" / "20261122t020000z-abcd"
    result = RunResult(run_id=run_dir.name, journey={"id": "contact", "name": "Contact",
                                                     "channel": "contact-form", "file": "c"},
                       persona={"id": None, "name": None}, journey_run_id="contact-x-1",
                       started_at="2026-11-22T02:00:00.000Z", status="passed",
                       score={"value": 100, "breakdown": []})
    write_result(run_dir, result)
    assert main(["report", "--out", str(tmp_path / "reports"), "--rebuild"]) == 0
    assert "rebuilt from 1 result files" in capsys.readouterr().out
    assert (tmp_path / "reports" / "history.sqlite").is_file()
    assert (tmp_path / "reports" / "index.html").is_file()


def test_an_unset_secret_stops_a_run_only_in_a_selected_journey(tmp_path):
    import subprocess
    import sys

    folder = tmp_path / "journeys"
    folder.mkdir()
    (folder / "signin.yaml").write_text(
        "name: Sign in\ntags: [account]\nbase_url: http://127.0.0.1:9\nsteps:\n"
        "  - goto: /login\n  - fill: {'#password': '${secrets.SHOP_PASSWORD_UNSET}'}\n")
    (folder / "browse.yaml").write_text(
        "name: Browse\ntags: [browse]\nbase_url: http://127.0.0.1:9\nsteps:\n  - goto: /\n")
    env = {k: v for k, v in os.environ.items() if k != "SHOP_PASSWORD_UNSET"}

    def run(tag: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "runner.cli", "run", str(folder), "--tag",
                               tag, "--out", str(tmp_path / "out")], capture_output=True,
                              text=True, timeout=120, env=env)

    selected = run("account")
    assert selected.returncode == 2
    assert "SHOP_PASSWORD_UNSET" in selected.stderr
    other = run("browse")  # walks (to a closed port: `error`, exit 3), not refused for a secret
    assert other.returncode == 3, other.stderr
    assert "SHOP_PASSWORD_UNSET" not in other.stderr
    assert json.loads(next((tmp_path / "out").glob("runs/*/browse.json")).read_text())[
        "status"] == "error"


def test_demo_with_an_unknown_switch_names_it_and_the_known_ones(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code = main(["demo", "--switch", "consent_banerr"])
    err = capsys.readouterr().err
    assert code != 0
    assert "unknown switch 'consent_banerr'" in err and "consent_banner" in err
    assert len(err.strip().splitlines()) == 1
