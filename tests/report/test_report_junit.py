"""junit.xml: what a CI system reads to go red or green."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from report_samples import RUN_ID, passed_result

from runner.report import render_run


def suite(out_dir: Path) -> ET.Element:
    return ET.parse(out_dir / "junit.xml").getroot()


def case(root: ET.Element, name: str) -> ET.Element:
    (found,) = [c for c in root.iter("testcase") if c.get("name") == name]
    return found


def test_one_testsuite_with_one_testcase_per_journey_run_and_the_right_counts(
    sample_run: Path,
) -> None:
    render_run(sample_run, RUN_ID)
    root = suite(sample_run)

    assert root.tag == "testsuite" and root.get("name") == "mystery-shopper"
    assert len(list(root.iter("testcase"))) == 3  # the earlier attempt is not a testcase
    assert (root.get("tests"), root.get("failures"), root.get("errors"), root.get("skipped")) == (
        "3",
        "1",
        "1",
        "0",
    )
    assert float(root.get("time")) > 0


def test_testcase_classname_is_the_channel_and_time_is_in_seconds(sample_run: Path) -> None:
    render_run(sample_run, RUN_ID)
    contact = case(suite(sample_run), "contact_form")

    assert contact.get("classname") == "contact-form"
    assert float(contact.get("time")) == pytest.approx(4.858)
    assert contact.find("failure") is None and contact.find("error") is None


def test_a_failed_journey_lists_its_findings_at_or_above_fail_on(sample_run: Path) -> None:
    render_run(sample_run, RUN_ID)
    failure = case(suite(sample_run), "refund").find("failure")

    assert failure is not None
    assert failure.get("type") == "dead-end"
    assert "dead-end" in failure.get("message")
    assert "<img src=x onerror=alert(1)>" in failure.text  # escaped in the file, intact here
    assert "slow-step" not in failure.text  # minor is below critical


def test_an_error_run_is_a_junit_error(sample_run: Path) -> None:
    render_run(sample_run, RUN_ID)
    error = case(suite(sample_run), "chat").find("error")

    assert error is not None and "connection refused" in error.get("message")


def test_fail_on_minor_fails_a_passed_journey_with_a_minor_finding(sample_run: Path) -> None:
    render_run(sample_run, RUN_ID, fail_on="minor")
    root = suite(sample_run)

    failure = case(root, "contact_form").find("failure")
    assert failure is not None and "no-response-promise" in failure.text
    assert root.get("failures") == "2"


def test_a_skipped_journey_is_skipped(tmp_path: Path, write_result) -> None:
    skipped = passed_result()
    skipped["status"] = "skipped"
    write_result("contact_form", skipped)

    render_run(tmp_path, RUN_ID)
    root = suite(tmp_path)

    assert case(root, "contact_form").find("skipped") is not None
    assert root.get("skipped") == "1" and root.get("failures") == "0"


def test_control_characters_from_the_site_do_not_break_the_xml(
    tmp_path: Path, write_result
) -> None:
    result = passed_result()
    result["status"] = "failed"
    result["findings"][0]["severity"] = "critical"
    result["findings"][0]["message"] = "bad\x00bytes\x1b[31m & <b>"
    write_result("contact_form", result)

    render_run(tmp_path, RUN_ID)

    failure = case(suite(tmp_path), "contact_form").find("failure")
    assert "badbytes[31m & <b>" in failure.text


def test_an_unknown_fail_on_is_refused(sample_run: Path) -> None:
    with pytest.raises(ValueError, match="fail_on"):
        render_run(sample_run, RUN_ID, fail_on="blocker")


def test_steps_the_journey_never_got_to_are_not_measured(sample_run: Path) -> None:
    render_run(sample_run, RUN_ID)
    root = suite(sample_run)
    out = case(root, "refund").find("system-out").text
    assert "not measured: step 3 (Acknowledgement): the journey stopped at step 1" in out
    assert "not measured" not in case(root, "contact_form").find("system-out").text
    assert "status: error (not measured)" in case(root, "chat").find("system-out").text
