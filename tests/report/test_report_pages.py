"""The HTML pages: what a QA engineer opens after a run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from report_samples import HOSTILE, RUN_ID, error_result, passed_result

from runner.report import render_run


@pytest.fixture
def rendered(sample_run: Path) -> Path:
    render_run(sample_run, RUN_ID)
    return sample_run


def page(out_dir: Path, name: str) -> str:
    return (out_dir / "runs" / RUN_ID / name).read_text(encoding="utf-8")


def test_render_run_writes_every_page_and_returns_the_top_index(sample_run: Path) -> None:
    index = render_run(sample_run, RUN_ID)

    assert index == sample_run / "index.html"
    run_dir = sample_run / "runs" / RUN_ID
    for name in ("index.html", "contact_form.html", "refund.html", "chat.html"):
        assert (run_dir / name).is_file(), name
    assert (run_dir / "refund.attempt-1.html").is_file()
    for name in ("index.html", "latest.json", "junit.xml"):
        assert (sample_run / name).is_file(), name


def test_no_temp_files_are_left_behind(rendered: Path) -> None:
    assert not [p for p in rendered.rglob("*.tmp")]


def test_site_text_is_escaped_in_step_names_errors_and_evidence(rendered: Path) -> None:
    html = page(rendered, "refund.html")

    assert "<img src=x" not in html
    assert HOSTILE not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Sorry &lt;img src=x onerror=alert(1)&gt; we are closed" in html
    assert "Timeout waiting for &lt;img" in html


def test_a_javascript_url_from_the_site_is_never_a_link(rendered: Path) -> None:
    html = page(rendered, "refund.html")

    assert "javascript:alert(document.cookie)" in html  # shown, as text
    assert not re.search(r"href=\"\s*javascript:", html, re.IGNORECASE)
    assert 'href="http://127.0.0.1:8000/refund"' in html


def test_no_page_carries_script_or_network_resources(rendered: Path) -> None:
    for html_file in rendered.rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        assert "<script" not in html.lower(), html_file
        assert not re.search(r"(src|href)=\"(https?:)?//(?!127\.0\.0\.1)", html), html_file


def test_error_run_score_reads_not_measured_never_100(rendered: Path) -> None:
    journey = page(rendered, "chat.html")
    top = (rendered / "index.html").read_text(encoding="utf-8")

    assert "not measured" in journey
    assert "100/100" not in journey
    chat_row = top[top.index("Chat answers") :].split("</tr>", 1)[0]
    assert "not measured" in chat_row
    assert "connection refused" in journey


def test_executive_page_has_one_row_per_journey_with_links_relative_to_the_folder(
    rendered: Path,
) -> None:
    top = (rendered / "index.html").read_text(encoding="utf-8")
    table = top[top.index('id="journeys-h"') :].split("</table>", 1)[0]

    for stem in ("contact_form", "refund", "chat"):
        assert f'href="runs/{RUN_ID}/{stem}.html"' in table
        assert f'href="journeys/{stem}.html"' in table
    assert table.count("<tr>") == 1 + 3  # header + one row per journey, attempts not counted
    assert '<span class="score">95</span>' in table and '<span class="score">40</span>' in table
    assert 'href="refund.attempt-1.html"' in page(rendered, "index.html")  # on the run page


def test_journey_page_shows_steps_with_waterfall_bars_screenshots_and_skips(
    rendered: Path,
) -> None:
    html = page(rendered, "refund.html")

    assert "Refund request reaches a human" in html
    assert "156.0.8078.79" in html and "system: /usr/bin/chromium" in html
    assert "Ann Example" in html
    assert re.search(
        r'<a href="screenshots/step-1.png"[^>]*><img class="thumb" '
        r'src="screenshots/step-1.png" alt="[^"]+"',
        html,
    )
    assert "the journey stopped at step 1" in html
    assert re.search(r'style="left: 0.99%; width: 99.01%"', html)  # 30 s of a 30.3 s span
    assert "not measured" in html.split('id="steps"')[1]
    assert "<code>http_status</code>: 200" in html


def test_finding_shows_measured_against_budget_with_unit_and_principle(rendered: Path) -> None:
    html = page(rendered, "refund.html")

    assert "30000 ms (30.0 s) vs 5000 ms (5.0 s)" in html
    assert "Never leave a customer with nowhere to go." in html
    assert "whole journey" in html
    assert "-40" in html  # score breakdown
    assert "Capped at 40: the journey could not finish" in html
    assert "not counted: the journey could not finish" in html


def test_trace_command_says_what_to_run_and_from_where(rendered: Path) -> None:
    html = page(rendered, "refund.html")

    assert "playwright show-trace traces/refund.zip" in html
    assert f"runs/{RUN_ID}/" in html
    assert "show-trace" not in page(rendered, "contact_form.html")


def test_a_journeys_video_plays_in_its_page(rendered: Path) -> None:
    html = page(rendered, "refund.html")

    assert '<video class="journey" controls preload="metadata" src="refund.webm">' in html
    assert "<video" not in page(rendered, "contact_form.html")


def test_a_video_missing_from_the_run_folder_is_said_not_played(rendered: Path) -> None:
    (rendered / "runs" / RUN_ID / "refund.webm").unlink()
    render_run(rendered, RUN_ID)
    html = page(rendered, "refund.html")

    assert "<video" not in html
    assert "(<code>refund.webm</code>), but the file is not in the run folder" in html


def test_attempt_and_final_link_to_each_other(rendered: Path) -> None:
    assert 'href="refund.attempt-1.html"' in page(rendered, "refund.html")
    assert 'href="refund.html"' in page(rendered, "refund.attempt-1.html")


def test_missing_optional_keys_still_render(tmp_path: Path, write_result) -> None:
    bare = {"status": "passed", "journey": {"id": "bare"}, "steps": [{"status": "passed"}]}
    write_result("bare", bare)

    render_run(tmp_path, RUN_ID)

    html = page(tmp_path, "bare.html")
    assert "not measured" in html  # no score key at all is not a 100 either


def test_a_screenshot_path_outside_the_reports_folder_is_not_linked(
    tmp_path: Path, write_result
) -> None:
    result = passed_result()
    result["steps"][0]["screenshot"] = "../../../../etc/passwd"
    result["findings"][0]["evidence"]["screenshot"] = "javascript:alert(1)"
    write_result("contact_form", result)

    render_run(tmp_path, RUN_ID)

    html = page(tmp_path, "contact_form.html")
    assert 'href="../../../../etc/passwd"' not in html
    assert 'src="javascript:' not in html and 'href="javascript:' not in html


def test_an_unreadable_result_file_is_listed_not_fatal(tmp_path: Path, write_result) -> None:
    write_result("chat", error_result())
    (tmp_path / "runs" / RUN_ID / "broken.json").write_text("{not json", encoding="utf-8")

    render_run(tmp_path, RUN_ID)

    assert "broken.json" in page(tmp_path, "index.html")


def test_a_missing_run_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no run folder"):
        render_run(tmp_path, "nope")


def test_pages_have_accessible_structure(rendered: Path) -> None:
    html = page(rendered, "refund.html")

    assert '<html lang="en">' in html
    assert "<h1>" in html and "<h2" in html
    assert '<th scope="col"' in html
    assert "<caption>" in html


def test_a_screenshot_given_as_an_absolute_path_in_the_run_folder_becomes_relative(
    sample_run: Path, write_result
) -> None:
    result = passed_result()
    shot = sample_run / "runs" / RUN_ID / "screenshots" / "step-1.png"
    result["steps"][0]["screenshot"] = str(shot)
    result["steps"][1]["screenshot"] = "screenshots\\step-1.png"  # written on Windows
    write_result("contact_form", result)

    render_run(sample_run, RUN_ID)

    html = page(sample_run, "contact_form.html")
    assert html.count('src="screenshots/step-1.png"') == 2


def test_a_screenshot_that_was_never_written_is_named_not_shown_broken(
    tmp_path: Path, write_result
) -> None:
    result = passed_result()
    result["steps"][0]["screenshot"] = "screenshots/missing.png"
    write_result("contact_form", result)

    render_run(tmp_path, RUN_ID)

    html = page(tmp_path, "contact_form.html")
    assert "screenshots/missing.png" in html
    assert '<img class="thumb" src="screenshots/missing.png"' not in html


def test_steps_are_numbered_from_one_as_the_runners_own_messages_number_them(
    rendered: Path,
) -> None:
    html = page(rendered, "refund.html")

    # The result's step index 1 is the second step, and the runner wrote "stopped at step 1"
    # for the sample's first step: the page numbers steps as people count them.
    assert "<strong>Step 2 (Click &lt;img src=x onerror=alert(1)&gt;) failed:</strong>" in html
    assert re.search(r'<tr id="step-2">\s*<td class="num ordinal">2</td>', html)
    assert 'href="#step-2">step 2 (Click' in html
