"""Sample result files (SPEC §4), as the runner would write them.

Three journeys make one run: one passed, one failed at a dead end (with a screenshot and
skipped steps, and hostile text from the site), and one in `error` with no score.
"""

from __future__ import annotations

from typing import Any

RUN_ID = "20261122t020000z-4f3a"
HOSTILE = "<img src=x onerror=alert(1)>"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def passed_result() -> dict[str, Any]:
    return {
        "schema_version": 1,
        "run_id": RUN_ID,
        "journey": {
            "id": "contact_form",
            "name": "Contact form is acknowledged",
            "channel": "contact-form",
            "file": "journeys/contact_form.yaml",
        },
        "persona": {"id": "returning_customer", "name": "Ann Example"},
        "journey_run_id": "cf-20261122t020000z-4f3a-1",
        "attempt": 1,
        "started_at": "2026-11-22T02:00:00.123Z",
        "finished_at": "2026-11-22T02:00:04.981Z",
        "status": "passed",
        "browser": {
            "name": "chromium",
            "version": "156.0.8078.79",
            "source": "system: /usr/bin/chromium",
        },
        "steps": [
            {
                "index": 0,
                "name": "goto /contact",
                "action": "goto",
                "line": 12,
                "start_ms": 0,
                "duration_ms": 231,
                "status": "passed",
                "url": "http://127.0.0.1:8000/contact",
                "error": None,
                "skip_reason": None,
                "screenshot": None,
                "measured": {"http_status": 200},
            },
            {
                "index": 3,
                "name": "Acknowledgement",
                "action": "expect_ack",
                "line": 20,
                "start_ms": 1480,
                "duration_ms": 402,
                "status": "passed",
                "measured": {"ack_ms": 377.4, "reference": "CS-20931"},
            },
        ],
        "transcript": [],
        "emails": [],
        "findings": [
            {
                "code": "no-response-promise",
                "category": "missing-ack",
                "severity": "minor",
                "step": {"index": 3, "name": "Acknowledgement"},
                "message": "The confirmation never says when you will hear back.",
                "measured": None,
                "budget": None,
                "unit": None,
                "evidence": {
                    "text": "Thanks! Your case number is CS-20931.",
                    "url": "http://127.0.0.1:8000/contact/thanks",
                },
                "principle": "Overcommunicate: say what happens next, and when.",
            }
        ],
        "score": {
            "value": 95,
            "breakdown": [{"code": "no-response-promise", "severity": "minor", "points": -5}],
        },
        "artifacts": {"trace": None, "screenshots": []},
    }


def failed_result() -> dict[str, Any]:
    result = passed_result()
    result["journey"] = {
        "id": "refund",
        "name": "Refund request reaches a human",
        "channel": "refund",
        "file": "journeys/refund.yaml",
    }
    result["status"] = "failed"
    result["journey_run_id"] = "rf-20261122t020000z-4f3a-1"
    result["steps"] = [
        {
            "index": 0,
            "name": "goto /refund",
            "action": "goto",
            "line": 8,
            "start_ms": 0,
            "duration_ms": 300,
            "status": "passed",
            "url": "http://127.0.0.1:8000/refund",
            "error": None,
            "skip_reason": None,
            "screenshot": None,
            "measured": {"http_status": 200},
        },
        {
            "index": 1,
            "name": f"Click {HOSTILE}",
            "action": "click",
            "line": 10,
            "start_ms": 300,
            "duration_ms": 30000,
            "status": "failed",
            "url": "javascript:alert(2)",
            "error": f"Timeout waiting for {HOSTILE}",
            "skip_reason": None,
            "screenshot": "screenshots/step-1.png",
            "measured": {},
        },
        {
            "index": 2,
            "name": "Acknowledgement",
            "action": "expect_ack",
            "line": 14,
            "start_ms": None,
            "duration_ms": None,
            "status": "skipped",
            "error": None,
            "skip_reason": "the journey stopped at step 1",
            "screenshot": None,
            "measured": {},
        },
    ]
    result["findings"] = [
        {
            "code": "dead-end",
            "category": "dead-end",
            "severity": "critical",
            "step": {"index": 1, "name": f"Click {HOSTILE}"},
            "message": "The Request refund button never appeared.",
            "measured": 30000,
            "budget": 5000,
            "unit": "ms",
            "evidence": {
                "text": f"Sorry {HOSTILE} we are closed",
                "url": "javascript:alert(document.cookie)",
                "screenshot": "screenshots/step-1.png",
            },
            "principle": "Never leave a customer with nowhere to go.",
        },
        {
            "code": "slow-step",
            "category": "friction",
            "severity": "minor",
            "step": None,
            "message": "The journey was slow.",
            "measured": 30300,
            "budget": 120000,
            "unit": "ms",
            "evidence": {},
            "principle": "Respect the customer's time.",
        },
    ]
    # Scored as runner/checks/scoring.py does: a journey that could not finish scores at
    # most 40, and what else it met takes nothing off.
    result["score"] = {
        "value": 40,
        "breakdown": [
            {"code": "dead-end", "severity": "critical", "points": -40},
            {"code": "slow-step", "severity": "minor", "points": 0,
             "note": "not counted: the journey could not finish"},
        ],
        "cap": {"at": 40, "before_cap": 60,
                "reason": "the journey could not finish (a critical finding)"},
    }
    result["artifacts"] = {"trace": "traces/refund.zip", "screenshots": ["screenshots/step-1.png"],
                           "video": "refund.webm"}
    return result


def error_result() -> dict[str, Any]:
    result = passed_result()
    result["journey"] = {"id": "chat", "name": "Chat answers", "channel": "chat"}
    result["status"] = "error"
    result["error"] = "connection refused: http://127.0.0.1:8000/"
    result["steps"] = []
    result["findings"] = []
    result["score"] = None
    return result
