"""Result files with a chat transcript and a received email, shaped as the engine writes them.

Times are chosen so positions are easy to check: the journey's clock starts at `started_at`
(`ZERO` in epoch ms); page and mailbox times are epoch ms; step times are ms from the start.

Chat (10 s): goto 0–1 s, say 1.0–1.2 s (sent at 1.1 s), expect_reply 1.2–4 s (the bot at
3.1 s), say 4.0–4.2 s (sent at 4.1 s), expect_reply 4.2–10 s (the bot at 5.1 s, Maya at
9.1 s: 5 s after the message, over the 3 s budget).

Refund (8 s): goto 0–1 s, fill 1–2 s, click 2.0–2.6 s (submitted at 2.1 s), expect_ack
2.6–3 s (the acknowledgement at 2.8 s), expect_email 3–8 s (the email at 7.1 s: 5 s after the
submit, over the 4 s budget).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

RUN_ID = "20261122t020000z-c0de"
STARTED_AT = "2026-11-22T02:00:00.000Z"
ZERO = datetime(2026, 11, 22, 2, tzinfo=UTC).timestamp() * 1000.0

IMG = "<img src=x onerror=alert(1)>"
FLAG_IMG = '<img src=x onerror="window.__pwned=1">'
SCRIPT = "<script>window.__pwned=1;alert(1)</script>"
JS_LINK = '<a href="javascript:alert(1)">track your order</a>'
BREAKOUT = '"><img src=x onerror=alert(1)><img src="https://evil.example/pixel.png">'
HOSTILE_REPLY = f"Sorry! {IMG} {FLAG_IMG} {JS_LINK} or paste javascript:alert(1) — see https://shop.example/help."
HOSTILE_TITLE = f"Chat {SCRIPT} answers"


def step(index: int, action: str, start: float, duration: float, *, name: str | None = None,
         measured: dict | None = None, observed: dict | None = None,
         status: str = "passed") -> dict[str, Any]:
    return {"index": index, "name": name or action, "action": action, "line": 10 + index,
            "start_ms": start, "duration_ms": duration, "status": status,
            "url": "https://shop.example/", "error": None, "skip_reason": None,
            "screenshot": None, "measured": measured or {}, "observed": observed or {}}


def base(journey_id: str, name: str, channel: str, steps: list[dict],
         finished_ms: float) -> dict[str, Any]:
    finished = datetime.fromtimestamp((ZERO + finished_ms) / 1000.0, UTC)
    return {
        "schema_version": 1, "run_id": RUN_ID,
        "journey": {"id": journey_id, "name": name, "channel": channel,
                    "file": f"journeys/{journey_id}.yaml"},
        "persona": {"id": "ann", "name": "Ann Example"},
        "journey_run_id": f"{journey_id}-{RUN_ID}", "attempt": 1,
        "started_at": STARTED_AT,
        "finished_at": finished.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "status": "passed",
        "browser": {"name": "chromium", "version": "156.0.8078.79"},
        "steps": steps, "transcript": [], "emails": [], "findings": [],
        "score": {"value": 100, "breakdown": []},
        "artifacts": {"trace": None, "screenshots": []}, "error": None,
        "budgets": {"step": 5000, "journey": 120000, "acknowledgement": 10000,
                    "reply": 3000, "email": 4000},
    }


def chat_result(*, reply: str = "Hello! I can help with orders and refunds.",
                name: str = "Chat answers a complaint") -> dict[str, Any]:
    sent_1, sent_2 = ZERO + 1100, ZERO + 4100
    steps = [
        step(0, "goto", 0, 1000, measured={"http_status": 200}),
        step(1, "say", 1000, 200, measured={"sent_at": sent_1}),
        step(2, "expect_reply", 1200, 2800, name="First answer",
             measured={"window_ms": 20000, "budget_ms": 3000, "reply_ms": 2000.0,
                       "sender": "Shopbot"},
             observed={"trigger": "click", "trigger_at": sent_1}),
        step(3, "say", 4000, 200, measured={"sent_at": sent_2}),
        step(4, "expect_reply", 4200, 5800, name="A person answers",
             measured={"window_ms": 20000, "budget_ms": 3000, "reply_ms": 1000.0,
                       "sender": "Shopbot", "handoff": True, "human": "Maya",
                       "human_ms": 5000.0},
             observed={"trigger": "click", "trigger_at": sent_2}),
    ]
    result = base("chat", name, "chat", steps, 10_000)
    result["transcript"] = [
        {"at": sent_1, "from": "customer", "sender": "Ann Example",
         "text": "My order 10482 arrived damaged."},
        {"at": ZERO + 3100, "from": "agent", "sender": "Shopbot", "text": reply},
        {"at": sent_2, "from": "customer", "sender": "Ann Example",
         "text": "Can I talk to a person, please?"},
        {"at": ZERO + 5100, "from": "agent", "sender": "Shopbot",
         "text": "Connecting you to a colleague…"},
        {"at": ZERO + 9100, "from": "agent", "sender": "Maya",
         "text": "Hi, I'm Maya from customer care. I'm sorry for the trouble."},
    ]
    result["findings"] = [{
        "code": "slow-reply", "category": "friction", "severity": "minor",
        "step": {"index": 4, "name": "A person answers"},
        "message": "A person answered after 5.0 s; the budget is 3.0 s.",
        "measured": 5000, "budget": 3000, "unit": "ms",
        "evidence": {"text": reply, "url": "javascript:alert(1)"},
        "principle": "Answer while the customer is still there.",
    }]
    result["score"] = {"value": 95, "breakdown": [
        {"code": "slow-reply", "severity": "minor", "points": -5}]}
    return result


def refund_result(*, body: str | None = None, links: list[str] | None = None,
                  subject: str = "Refund request RF-12424 received") -> dict[str, Any]:
    submitted = ZERO + 2100
    steps = [
        step(0, "goto", 0, 1000, measured={"http_status": 200}),
        step(1, "fill", 1000, 1000, measured={"fields_filled": 3}),
        step(2, "click", 2000, 600, name="Send the request"),
        step(3, "expect_ack", 2600, 400, name="Acknowledgement",
             measured={"window_ms": 20000, "budget_ms": 10000, "ack_ms": 700.0,
                       "reference": "RF-12424"},
             observed={"trigger": "submit", "trigger_at": submitted, "trigger_step": 2}),
        step(4, "expect_email", 3000, 5000, name="Confirmation email",
             measured={"window_ms": 240000, "budget_ms": 4000, "email_ms": 5000.0,
                       "subject": subject, "contains": "RF-12424", "contains_found": True},
             observed={"trigger_at": submitted}),
    ]
    result = base("refund", "Refund request is confirmed", "refund", steps, 8_000)
    result["emails"] = [{
        "subject": subject,
        "from": "Northwind Care <care@northwind.example>",
        "to": ["ann@example.com"],
        "arrived_at": ZERO + 7100,
        "excerpt": body if body is not None else (
            "Hello,\n\nWe have received your refund request RF-12424.\n"
            "Follow it here: https://shop.example/cases/RF-12424.\n"),
        "links": links if links is not None else ["https://shop.example/cases/RF-12424"],
        "email_ms": 5000.0, "step": 4, "contains": "RF-12424", "contains_found": True,
    }]
    result["findings"] = [{
        "code": "slow-email", "category": "friction", "severity": "minor",
        "step": {"index": 4, "name": "Confirmation email"},
        "message": "The confirmation email came after 5.0 s; the budget is 4.0 s.",
        "measured": 5000, "budget": 4000, "unit": "ms", "evidence": {"subject": subject},
        "principle": "Confirm in writing, promptly.",
    }]
    result["score"] = {"value": 95, "breakdown": [
        {"code": "slow-email", "severity": "minor", "points": -5}]}
    return result
