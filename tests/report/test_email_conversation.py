"""The email channel in the reports: the run page draws the conversation like the chat
transcript, and the executive page counts the business's email acknowledgements with the
acknowledgements and a person's answer with the replies."""

from __future__ import annotations

import re
from pathlib import Path

from report_samples import RUN_ID

from runner.report import render_run

T0 = 1_795_000_000_000.0
HOSTILE = "<script>alert('x')</script>"


def email_result() -> dict:
    def step(index, name, action, measured, asked=None):  # noqa: ANN001, ANN202
        observed = {"asked": {"channel": True, **asked}, "trigger_at": T0} if asked else {}
        return {"index": index, "name": name, "action": action, "line": 10 + index,
                "start_ms": index * 300.0, "duration_ms": 20.0, "status": "passed",
                "measured": {"budget_ms": 5000.0, "window_ms": 10000.0, **measured},
                "observed": observed}

    customer = "Ann Example <ann+r1@example.com>"
    return {
        "schema_version": 1, "run_id": RUN_ID,
        "journey": {"id": "email", "name": "Support answers an email", "channel": "email",
                    "file": "journeys/email.yaml"},
        "persona": {"id": "returning_customer", "name": "Ann Example"},
        "journey_run_id": "email-1", "attempt": 1, "status": "passed",
        "started_at": "2026-11-18T11:06:39.900Z", "finished_at": "2026-11-18T11:06:50.000Z",
        "browser": {"name": "chromium", "version": "156", "source": "system"},
        "steps": [
            step(0, "Write to support", "send_email", {"accepted_at": T0}),
            step(1, "Automatic acknowledgement", "expect_email",
                 {"email_ms": 310.0, "ack_ms": 310.0, "reference": "CS-20931"},
                 {"reference": "(?P<ref>CS-\\d+)", "promise": True}),
            step(2, "A person answers", "expect_email", {"email_ms": 6500.0, "human": "Maya"},
                 {"human": True}),
        ],
        "emails": [
            {"direction": "sent", "step": 0, "from": customer, "to": ["support@shop.example"],
             "subject": "My order arrived damaged", "sent_at": T0,
             "excerpt": "The lid is broken.", "attachments": ["lid.jpg"]},
            {"direction": "received", "step": 1, "from": "Shop <noreply@shop.example>",
             "to": ["ann+r1@example.com"], "subject": "We received your email [CS-20931]",
             "arrived_at": T0 + 310, "email_ms": 310.0, "excerpt": "Case CS-20931. " + HOSTILE,
             "automatic": "Auto-Submitted: auto-replied", "person": None,
             "reference": "CS-20931", "in_thread": "headers", "links": []},
            {"direction": "received", "step": 2, "from": "Maya Lopez <support@shop.example>",
             "to": ["ann+r1@example.com"], "subject": "Re: My order arrived damaged",
             "arrived_at": T0 + 6500, "email_ms": 6500.0, "excerpt": "Sorry! Maya",
             "automatic": None, "person": "Maya Lopez", "in_thread": "headers", "links": []},
        ],
        "findings": [], "score": {"value": 100, "breakdown": []},
        "artifacts": {"trace": None, "screenshots": []},
    }


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_run_page_shows_the_email_conversation_like_a_transcript(tmp_path: Path,
                                                                    write_result) -> None:
    write_result("email", email_result())
    render_run(tmp_path, RUN_ID)
    page = (tmp_path / "runs" / RUN_ID / "email.html").read_text()
    assert 'id="email-conversation"' in page and "Emails received" not in page
    said = text_of(page[page.index('id="email-conversation"'):page.index('id="findings"')])
    customer = said[said.index("Ann Example (customer)"):said.index("Shop (automatic)")]
    automatic = said[said.index("Shop (automatic)"):said.index("Maya Lopez ·")]
    person = said[said.index("Maya Lopez ·"):]
    assert "step 1" in customer and "Attached: lid.jpg" in customer
    assert "310 ms after the customer’s email" in automatic
    assert "reference CS-20931" in automatic and "Auto-Submitted: auto-replied" in automatic
    assert "6.5 s after the customer’s email (budget 5.0 s)" in person and "late" in person
    assert "a person: Maya Lopez" in person
    assert said.index("Ann Example (customer)") < said.index("Shop (automatic)") < said.index(
        "Maya Lopez ·")
    assert HOSTILE not in page and "&lt;script&gt;" in page


def test_the_executive_page_counts_email_acknowledgements_and_answers(tmp_path: Path,
                                                                     write_result) -> None:
    write_result("email", email_result())
    render_run(tmp_path, RUN_ID)
    said = text_of((tmp_path / "index.html").read_text())
    assert re.search(r"100% Acknowledgements 1 of 1", said), said
    assert re.search(r"0% Replies 0 of 1", said), said
