"""Screenshots of the report pages at laptop and phone widths, to look at before shipping.

Writes a realistic reports folder (two weeks of nightly runs of four journeys; the latest
night with findings, a chat transcript, confirmation emails, a dead end with its screenshot),
renders it, and photographs the executive page, the run page, two journey-run pages (chat,
refund with its email) and a journey's page over time at 1280 px and 390 px wide:

    .venv/bin/python bench/report_screenshots.py /tmp/shots [--segments 1000] [--keep-report DIR]

Prints each PNG it wrote, and any page wider than its window or table that scrolls sideways
(a table or chart that does not fit hides columns on a phone).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from runner.report import render_all
from runner.walk.browser import choose_browser, launch

NIGHTS = 14
WIDTHS = {"laptop": 1280, "phone": 390}
SITE = "https://shop.northwind.example"
BUDGETS = {"step": 5000, "journey": 120000, "acknowledgement": 10000, "reply": 10000,
           "email": 120000, "form_fields": 6, "required_fields": 4, "steps": 12}
PRINCIPLES = {
    "slow-acknowledgement": "If you cannot deal with someone at once, acknowledge them at once.",
    "no-response-promise": "Overcommunicate: say what happens next, and when.",
    "slow-reply": "Answer while the customer is still there.",
    "slow-email": "Confirm in writing, promptly.",
    "dead-end": "Never leave a customer with nowhere to go.",
    "long-form": "Ask only what you need.",
    "impersonal-reply": "People want to know who they are talking to.",
    "missing-email": "Close the loop: confirm in writing.",
}
SEVERITY_POINTS = {"critical": 40, "major": 15, "minor": 5, "info": 0}


def run_id(night: int) -> str:
    return (datetime(2026, 11, 9, 2, tzinfo=UTC) + timedelta(days=night)).strftime(
        "%Y%m%dt%H%M%Sz") + f"-{night:04x}"


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Journey:
    """One journey run being written: steps on the step clock, page times in epoch ms."""

    def __init__(self, night: int, offset_s: int, journey_id: str, name: str, channel: str):
        self.night = night
        self.started = datetime(2026, 11, 9, 2, tzinfo=UTC) + timedelta(days=night,
                                                                        seconds=offset_s)
        self.zero = self.started.timestamp() * 1000.0
        self.clock = 0.0
        self.result = {
            "schema_version": 1, "run_id": run_id(night),
            "journey": {"id": journey_id, "name": name, "channel": channel,
                        "file": f"journeys/{journey_id}.yaml"},
            "persona": {"id": "returning_customer", "name": "Ann Example"},
            "journey_run_id": f"{journey_id}-{run_id(night)}-1", "attempt": 1,
            "started_at": iso(self.started), "status": "passed",
            "browser": {"name": "chromium", "version": "156.0.8078.79",
                        "source": "system: /usr/bin/chromium"},
            "steps": [], "transcript": [], "emails": [], "findings": [],
            "artifacts": {"trace": None, "screenshots": []}, "error": None,
            "budgets": BUDGETS,
        }

    def step(self, action: str, name: str, duration: float, *, gap: float = 40.0,
             url: str | None = None, measured: dict | None = None,
             observed: dict | None = None, status: str = "passed",
             error: str | None = None) -> dict:
        self.clock += gap
        step = {"index": len(self.result["steps"]), "name": name, "action": action,
                "line": 8 + 2 * len(self.result["steps"]), "start_ms": round(self.clock, 1),
                "duration_ms": round(duration, 1), "status": status, "url": url,
                "error": error, "skip_reason": None, "screenshot": None,
                "measured": measured or {}, "observed": observed or {}}
        self.result["steps"].append(step)
        self.clock += duration
        return step

    def skipped(self, action: str, name: str, reason: str) -> None:
        self.result["steps"].append({
            "index": len(self.result["steps"]), "name": name, "action": action,
            "line": 8 + 2 * len(self.result["steps"]), "start_ms": None, "duration_ms": None,
            "status": "skipped", "url": None, "error": None, "skip_reason": reason,
            "screenshot": None, "measured": {}, "observed": {}})

    def epoch(self, at_ms: float) -> float:
        return round(self.zero + at_ms, 1)

    def finding(self, code: str, category: str, severity: str, step: dict | None,
                message: str, *, measured: float | None = None, budget: float | None = None,
                unit: str | None = None, evidence: dict | None = None) -> None:
        self.result["findings"].append({
            "code": code, "category": category, "severity": severity,
            "step": None if step is None else {"index": step["index"], "name": step["name"]},
            "message": message, "measured": measured, "budget": budget, "unit": unit,
            "evidence": evidence or {}, "principle": PRINCIPLES[code]})

    def done(self) -> dict:
        findings = self.result["findings"]
        breakdown = [{"code": f["code"], "severity": f["severity"],
                      "points": -SEVERITY_POINTS[f["severity"]]} for f in findings]
        self.result["score"] = {"value": max(0, 100 + sum(b["points"] for b in breakdown)),
                                "breakdown": breakdown}
        finished = self.started + timedelta(milliseconds=self.clock + 30)
        self.result["finished_at"] = iso(finished)
        return self.result


def contact_form(night: int, rng: random.Random) -> dict:
    journey = Journey(night, 0, "contact_form", "Contact form is acknowledged", "contact-form")
    journey.step("goto", "goto /contact", rng.uniform(180, 320), url=f"{SITE}/contact",
                 measured={"http_status": 200})
    journey.step("fill", "Fill in the contact form", rng.uniform(90, 160),
                 measured={"fields_filled": 7})
    send = journey.step("click", "Send the message", rng.uniform(60, 120), url=f"{SITE}/contact")
    trigger = send["start_ms"] + 25
    ack_ms = rng.uniform(300, 900) if night < NIGHTS - 3 else rng.uniform(11_000, 14_500)
    ack = journey.step("expect_ack", "Acknowledgement", ack_ms + 120, gap=10,
                       url=f"{SITE}/contact/thanks",
                       measured={"window_ms": 20000, "budget_ms": 10000,
                                 "ack_ms": round(ack_ms, 1), "reference": "CS-64912"},
                       observed={"trigger": "submit", "trigger_at": journey.epoch(trigger),
                                 "trigger_step": send["index"]})
    if night == NIGHTS - 1:  # the mail server broke last night
        missing = journey.step(
            "expect_email", "Confirmation email", 240_000 - (journey.clock - trigger), gap=5,
            measured={"window_ms": 240000, "budget_ms": 120000, "email_ms": None},
            observed={"trigger_at": journey.epoch(trigger)}, status="failed",
            error="no email to ann@example.com with a subject like 'received' within 240 s")
        journey.finding("missing-email", "missing-ack", "major", missing,
                        "No confirmation email arrived within 4 minutes.",
                        measured=None, budget=120000, unit="ms")
    else:
        email_ms = rng.uniform(1_500, 4_000)
        email = journey.step(
            "expect_email", "Confirmation email", trigger + email_ms - journey.clock + 30,
            gap=5, measured={"window_ms": 240000, "budget_ms": 120000,
                             "email_ms": round(email_ms, 1), "subject": "We received your "
                             "message [CS-64912]", "contains": "CS-64912",
                             "contains_found": True},
            observed={"trigger_at": journey.epoch(trigger)})
        journey.result["emails"].append({
            "subject": "We received your message [CS-64912]",
            "from": "Northwind Goods Customer Care <care@northwind.example>",
            "to": ["ann+contact@example.com"], "arrived_at": journey.epoch(trigger + email_ms),
            "excerpt": "Hello Ann Example,\n\nThank you for contacting Northwind Goods. We have "
                       "received your message and opened\ncase CS-64912.\n\n"
                       f"You can see the status of your case at any time:\n{SITE}/cases/CS-64912",
            "links": [f"{SITE}/cases/CS-64912"], "email_ms": round(email_ms, 1),
            "step": email["index"], "contains": "CS-64912", "contains_found": True})
    if ack_ms > 10_000:
        journey.finding("slow-acknowledgement", "friction", "minor", ack,
                        f"The confirmation took {ack_ms / 1000:.1f} s to appear; "
                        "the budget is 10 s.", measured=round(ack_ms), budget=10000, unit="ms",
                        evidence={"text": "Thank you! Your case number is CS-64912.",
                                  "url": f"{SITE}/contact/thanks"})
        journey.finding("no-response-promise", "missing-ack", "minor", ack,
                        "The confirmation never says when you will hear back.",
                        evidence={"text": "Thank you! Your case number is CS-64912."})
    journey.finding("long-form", "friction", "minor", journey.result["steps"][1],
                    "The contact form asks for 7 fields; 6 is the most a customer should see.",
                    measured=7, budget=6, unit="fields")
    return journey.done()


def chat(night: int, rng: random.Random) -> dict:
    journey = Journey(night, 30, "chat", "Chat answers a complaint and hands over to a person",
                      "chat")
    journey.step("goto", "goto /", rng.uniform(180, 260), url=f"{SITE}/",
                 measured={"http_status": 200})
    conversation = [
        ("My order 10482 arrived damaged. The lid of the kettle is cracked.",
         [("Shopbot (virtual assistant)", rng.uniform(700, 1100),
           "I'm sorry to hear that. I can help with orders, deliveries and refunds. "
           "Could you tell me your order number?")]),
        ("Can I talk to a person, please?",
         [("Shopbot (virtual assistant)", rng.uniform(600, 900),
           "Connecting you to a colleague… they will be with you in a moment."),
          ("Maya", rng.uniform(8_000, 13_500) if night == NIGHTS - 1 else rng.uniform(1500, 4000),
           "Hi, I'm Maya from customer care. I'm sorry for the trouble with your kettle. "
           "I have started a replacement: you can follow it at "
           f"{SITE}/orders/10482/replacement. Anything else I can do?")]),
    ]
    for said, answers in conversation:
        send = journey.step("say", f"say {said[:24]}…", rng.uniform(80, 260),
                            measured={})
        sent_at = journey.epoch(send["start_ms"] + send["duration_ms"] - 8)
        send["measured"]["sent_at"] = sent_at
        journey.result["transcript"].append({"at": sent_at, "from": "customer",
                                             "sender": "Ann Example", "text": said})
        waited = max(wait for _, wait, _ in answers)
        human = answers[-1][0] if len(answers) > 1 else None
        reply = journey.step(
            "expect_reply", "A person answers" if human else "The bot answers",
            waited + 60 - (journey.clock - (sent_at - journey.zero)), gap=5,
            measured={"window_ms": 20000, "budget_ms": 10000,
                      "reply_ms": round(answers[0][1], 1), "sender": answers[0][0],
                      **({"handoff": True, "human": human,
                          "human_ms": round(waited, 1)} if human else {})},
            observed={"trigger": "click", "trigger_at": sent_at})
        for sender, wait, text in answers:
            journey.result["transcript"].append({"at": round(sent_at + wait, 1),
                                                 "from": "agent", "sender": sender,
                                                 "text": text})
        if waited > 10_000:
            journey.finding("slow-reply", "friction", "minor", reply,
                            f"Maya answered after {waited / 1000:.1f} s; the budget is 10 s.",
                            measured=round(waited), budget=10000, unit="ms",
                            evidence={"text": answers[-1][2]})
    return journey.done()


def refund(night: int, rng: random.Random) -> dict:
    journey = Journey(night, 60, "refund", "Refund request is confirmed", "refund")
    journey.step("goto", "goto /refund", rng.uniform(140, 220), url=f"{SITE}/refund",
                 measured={"http_status": 200})
    journey.step("fill", "Fill in order and email", rng.uniform(60, 110),
                 measured={"fields_filled": 2})
    journey.step("select", "Reason: damaged", rng.uniform(30, 50))
    send = journey.step("click", "Request the refund", rng.uniform(380, 520), url=f"{SITE}/refund")
    trigger = send["start_ms"] + 30
    ack_ms = rng.uniform(350, 500)
    journey.step("expect_ack", "Acknowledgement", 8, gap=5, url=f"{SITE}/refund/RF-12424",
                 measured={"window_ms": 20000, "budget_ms": 10000, "ack_ms": round(ack_ms, 1),
                           "reference": "RF-12424", "promise": "within 2 business days"},
                 observed={"trigger": "submit", "trigger_at": journey.epoch(trigger),
                           "trigger_step": send["index"]})
    email_ms = rng.uniform(2_000, 6_000) if night < NIGHTS - 1 else 131_400.0
    subject = "Refund request RF-12424 received"
    email = journey.step(
        "expect_email", "Confirmation email", trigger + email_ms - journey.clock + 40, gap=5,
        measured={"window_ms": 240000, "budget_ms": 120000, "email_ms": round(email_ms, 1),
                  "subject": subject, "contains": "RF-12424", "contains_found": True},
        observed={"trigger_at": journey.epoch(trigger)})
    journey.result["emails"].append({
        "subject": subject, "from": "Northwind Goods Customer Care <care@northwind.example>",
        "to": ["ann+refund@example.com"], "arrived_at": journey.epoch(trigger + email_ms),
        "excerpt": "Hello Ann,\n\nWe have received your refund request RF-12424 for order "
                   "10482 (reason: Damaged).\nWe will email you within 2 business days.\n\n"
                   f"You can follow your request here:\n{SITE}/cases/RF-12424\n\n"
                   "Northwind Goods Customer Care",
        "links": [f"{SITE}/cases/RF-12424", f"{SITE}/unsubscribe?u=8f3a21c9d0e4b7a6"],
        "email_ms": round(email_ms, 1), "step": email["index"], "contains": "RF-12424",
        "contains_found": True})
    journey.step("open_email_link", "Open the case link", rng.uniform(100, 140),
                 url=f"{SITE}/cases/RF-12424", measured={"http_status": 200})
    if email_ms > 120_000:
        journey.finding("slow-email", "friction", "minor", email,
                        f"The confirmation email came after {email_ms / 1000:.0f} s; "
                        "the budget is 2 min.", measured=round(email_ms), budget=120000,
                        unit="ms", evidence={"subject": subject})
    return journey.done()


def returns(night: int, rng: random.Random) -> dict:
    journey = Journey(night, 90, "returns", "Return a parcel without an account", "other")
    journey.step("goto", "goto /returns", rng.uniform(150, 250), url=f"{SITE}/returns",
                 measured={"http_status": 200})
    broken = night >= NIGHTS - 2
    if not broken:
        journey.step("click", "Start a return", rng.uniform(200, 400), url=f"{SITE}/returns")
        journey.step("expect", "Return label offered", rng.uniform(20, 60),
                     url=f"{SITE}/returns/label")
        return journey.done()
    step = journey.step("click", "Start a return", 30_000, url=f"{SITE}/returns",
                        status="failed",
                        error="Timeout 30000ms exceeded waiting for "
                              "get_by_role('button', name='Start a return')")
    step["screenshot"] = "screenshots/returns-step-2.png"
    journey.result["artifacts"] = {"trace": "traces/returns.zip",
                                   "screenshots": ["screenshots/returns-step-2.png"]}
    journey.skipped("expect", "Return label offered", "the journey stopped at step 2")
    journey.result["status"] = "failed"
    journey.finding("dead-end", "dead-end", "critical", step,
                    "The “Start a return” button never appeared: customers without an "
                    "account cannot return a parcel.", measured=30000, budget=5000, unit="ms",
                    evidence={"text": "Please sign in to continue.", "url": f"{SITE}/returns",
                              "screenshot": "screenshots/returns-step-2.png"})
    return journey.done()


SITE_SCREENSHOT = """<!doctype html><meta charset=utf-8><style>
body{font:16px system-ui;margin:0}header{background:#23395d;color:#fff;padding:14px 24px}
main{padding:24px}.box{border:1px solid #ccc;padding:16px;max-width:420px}
button{background:#777;color:#fff;border:0;padding:8px 14px}</style>
<header>Northwind Goods</header><main><h1>Returns</h1><div class=box>
<p>Please sign in to continue.</p><p><input placeholder=Email> <input placeholder=Password>
</p><button>Sign in</button></div></main>"""


def write_reports(out: Path, browser: Browser) -> str:
    rng = random.Random(7)
    for night in range(NIGHTS):
        folder = out / "runs" / run_id(night)
        folder.mkdir(parents=True)
        for make in (contact_form, chat, refund, returns):
            result = make(night, rng)
            (folder / f"{result['journey']['id']}.json").write_text(
                json.dumps(result, indent=1), encoding="utf-8")
    latest = out / "runs" / run_id(NIGHTS - 1)
    page = browser.new_page(viewport={"width": 800, "height": 500})
    (latest / "screenshots").mkdir()
    page.set_content(SITE_SCREENSHOT)
    page.screenshot(path=str(latest / "screenshots" / "returns-step-2.png"))
    page.close()
    (latest / "traces").mkdir()
    (latest / "traces" / "returns.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    render_all(out)
    return run_id(NIGHTS - 1)


def shoot(browser: Browser, reports: Path, latest: str, shots: Path,
          segment_px: int | None = None) -> None:
    pages = {
        "executive": reports / "index.html",
        "run": reports / "runs" / latest / "index.html",
        "journey-run-chat": reports / "runs" / latest / "chat.html",
        "journey-run-refund": reports / "runs" / latest / "refund.html",
        "journey-run-returns": reports / "runs" / latest / "returns.html",
        "journey": reports / "journeys" / "chat.html",
    }
    shots.mkdir(parents=True, exist_ok=True)
    for device, width in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": 900},
                                      device_scale_factor=1)
        context.route("**/*", lambda route: route.continue_()
                      if route.request.url.startswith("file://") else route.abort())
        for name, path in pages.items():
            page = context.new_page()
            page.goto(path.as_uri(), wait_until="load")
            target = shots / f"{name}-{device}.png"
            page.screenshot(path=str(target), full_page=True)
            if segment_px:
                # Long pages shrink to illegible thumbnails in an image viewer: also in parts.
                height = page.evaluate("() => document.documentElement.scrollHeight")
                for part, top in enumerate(range(0, height, segment_px), start=1):
                    page.screenshot(path=str(shots / f"{name}-{device}-part{part}.png"),
                                    full_page=True, clip={"x": 0, "y": top, "width": width,
                                                          "height": min(segment_px,
                                                                        height - top)})
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
            # A table in its own scroller does not widen the page, but hides columns.
            hidden = page.evaluate("""() => [...document.querySelectorAll('.table-wrap')]
                .filter(wrap => wrap.scrollWidth > wrap.clientWidth + 1)
                .map(wrap => (wrap.querySelector('caption') || wrap).textContent.trim()
                             .slice(0, 40))""")
            notes = ([f"WIDER THAN THE WINDOW by {overflow}px"] if overflow > 0 else []) + [
                f"table scrolls sideways: {caption!r}" for caption in hidden]
            print(target, *notes, sep="  ")
            page.close()
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("shots", type=Path, help="folder for the PNG files")
    parser.add_argument("--segments", type=int, metavar="PX",
                        help="also write each page in parts PX tall, easier to read")
    parser.add_argument("--keep-report", type=Path,
                        help="write the sample reports folder here (replaced) and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as pw:
        reports = args.keep_report or Path(scratch) / "reports"
        if args.keep_report and reports.exists():
            shutil.rmtree(reports)
        browser = launch(pw, choose_browser(pw))
        try:
            latest = write_reports(reports, browser)
            shoot(browser, reports, latest, args.shots, args.segments)
        finally:
            browser.close()
        if args.keep_report:
            print(f"Reports: {reports / 'index.html'}")


if __name__ == "__main__":
    main()
