"""`--video` on the command line: a bad value is bad usage (exit 2); without an ffmpeg for
Playwright the run says so in one line and exits 3 before walking anything; and a whole run
in worker processes keeps the videos it should, played in the journeys' report pages."""

from __future__ import annotations

import json
import sys

import pytest
from support.cli_harness import quick_journey, write_journey
from support.pages import page

from runner.cli import main


@pytest.mark.parametrize("command", ["run", "schedule", "demo"])
def test_a_video_mode_that_is_not_one_is_bad_usage(command, capsys):
    with pytest.raises(SystemExit) as exited:
        main([command, "--video", "bogus"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "--video" in err and "invalid choice: 'bogus'" in err
    assert "retain-on-failure" in err


def test_video_without_any_ffmpeg_exits_3_in_one_line_before_any_journey(tmp_path, capsys,
                                                                         monkeypatch):
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "browsers"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setitem(sys.modules, "imageio_ffmpeg", None)
    journey = quick_journey(tmp_path / "journeys", "home")
    out = tmp_path / "reports"
    status = main(["run", str(journey), "--video", "on", "--base-url", "http://127.0.0.1:9",
                   "--out", str(out)])
    assert status == 3
    captured = capsys.readouterr()
    [line] = captured.err.splitlines()
    assert line.startswith("shopper: --video needs ffmpeg")
    assert "bash scripts/setup.sh" in line and "pip install imageio-ffmpeg" in line
    assert "Walking" not in captured.out and not out.exists()


@pytest.mark.browser
@pytest.mark.slow
def test_a_run_keeps_the_videos_of_the_journeys_that_failed(shopper, pages, tmp_path):
    pages.page("/", page("<h1>Welcome</h1>"))
    folder = tmp_path / "journeys"
    quick_journey(folder, "passes")
    write_journey(folder, "fails", """
        name: fails
        channel: browse
        steps:
          - goto: /
          - expect: {text: Goodbye}
            timeout: 1500ms
        """)
    done = shopper("run", str(folder), "--base-url", pages.url, "--out", "reports",
                   "--video", "retain-on-failure", "--workers", "2")
    assert done.returncode == 1, done.stdout + done.stderr
    [run] = (tmp_path / "reports" / "runs").iterdir()
    assert sorted(p.name for p in run.glob("*.webm")) == ["fails.webm"]
    assert (run / "fails.webm").read_bytes().startswith(bytes.fromhex("1a45dfa3"))
    results = {name: json.loads((run / f"{name}.json").read_text())
               for name in ("passes", "fails")}
    assert results["fails"]["artifacts"]["video"] == "fails.webm"
    assert "video" not in results["passes"]["artifacts"]
    html = (run / "fails.html").read_text()
    assert '<video class="journey" controls preload="metadata" src="fails.webm">' in html
    assert "<video" not in (run / "passes.html").read_text()
    assert shopper.wait_for_no_leftovers() == []

