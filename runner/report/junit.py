"""junit.xml for CI systems: one testcase per journey run of the latest run (README).

Built with ElementTree so site text in messages is escaped; characters XML 1.0 cannot
hold at all (a page's stray control bytes) are dropped first, or the file would not parse.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from runner.report.view import SEVERITIES, JourneyRunView

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Not the site's fault and not a verdict on it: the journey could not be judged.
ERROR_STATUSES = ("error", "aborted")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def junit_xml(runs: list[JourneyRunView], *, fail_on: str, timestamp: str | None) -> str:
    if fail_on not in SEVERITIES:
        raise ValueError(f"fail_on must be one of {', '.join(SEVERITIES)}, not {fail_on!r}")
    suite = ET.Element("testsuite", name="mystery-shopper")
    counts = {"failures": 0, "errors": 0, "skipped": 0}
    total_seconds = 0.0
    for run in runs:
        total_seconds += run.duration_seconds
        case = ET.SubElement(
            suite,
            "testcase",
            classname=xml_text(run.channel),
            name=xml_text(run.stem),
            time=f"{run.duration_seconds:.3f}",
        )
        outcome = _outcome(case, run, fail_on)
        if outcome:
            counts[outcome] += 1
        status = "error (not measured)" if run.status == "error" else run.status
        ET.SubElement(case, "system-out").text = xml_text(
            f"{run.name}\nstatus: {status}\nscore: {run.score.text}\n"
            f"report: runs/{run.run_id}/{run.stem}.html\n" + _not_measured(run)
        )
    suite.set("tests", str(len(runs)))
    for key, value in counts.items():
        suite.set(key, str(value))
    suite.set("time", f"{total_seconds:.3f}")
    if timestamp:
        suite.set("timestamp", timestamp)
    ET.indent(suite)
    return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"


def _outcome(case: ET.Element, run: JourneyRunView, fail_on: str) -> str | None:
    """Add the failure/error/skipped element a CI system reads; say which one it was."""
    if run.status in ERROR_STATUSES:
        reason = run.error or _first_step_error(run) or f"journey {run.status}"
        ET.SubElement(case, "error", message=xml_text(reason), type=run.status).text = xml_text(
            reason
        )
        return "errors"
    if run.status == "skipped":
        ET.SubElement(case, "skipped", message=xml_text(run.error or "journey skipped"))
        return "skipped"
    blocking = run.findings_at_or_above(fail_on)
    if run.status != "failed" and not blocking:
        return None
    codes = ", ".join(dict.fromkeys(finding.code for finding in blocking))
    parts = ["journey failed"] if run.status == "failed" else []
    if blocking:
        parts.append(f"{len(blocking)} finding(s) at or above {fail_on}: {codes}")
    lines = [
        f"[{f.severity}] {f.code} at {f.step_label}: {f.message}"
        + (f" (measured {f.measured}, budget {f.budget})" if f.measured or f.budget else "")
        for f in blocking
    ]
    if run.status == "failed" and not blocking and _first_step_error(run):
        lines.append(_first_step_error(run) or "")
    failure = ET.SubElement(
        case,
        "failure",
        message=xml_text("; ".join(parts)),
        type=xml_text(blocking[0].code if blocking else "failed"),
    )
    failure.text = xml_text("\n".join(lines))
    return "failures"


def _not_measured(run: JourneyRunView) -> str:
    """The steps the journey never got to: not measured, and no verdict on the site."""
    return "".join(f"not measured: step {step.number} ({step.name}): {step.skip_reason}\n"
                   for step in run.steps if step.status == "skipped" and step.skip_reason)


def _first_step_error(run: JourneyRunView) -> str | None:
    for step in run.steps:
        if step.error:
            return f"step {step.number} ({step.name}): {step.error}"
    return None
