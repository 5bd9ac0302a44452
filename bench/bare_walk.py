"""The anchor of bench/cpu.py: the bundled journeys walked by hand, as a Playwright user would.

A fresh context per journey, the same fills, clicks and waits as journeys/*.yaml, and
nothing else: no probe, no settling, no tracing, no judging, no result files. Whatever the
tool spends above this walk, on the same browser, is the tool's own cost.

The waits are Playwright's own (auto-waiting locators and `wait_for`), the mail is read
from the run's SMTP sink folder as the tool reads it, polled every 100 ms.

With `look=axe_check`, the walk also checks each page the customer is shown for
accessibility as a Playwright user adds it: axe-playwright-python's `Axe().run(page)` once
the page is there and once each answer came, with the tool's WCAG A/AA rules. The anchor for
the tool with its own accessibility scans on.
"""

from __future__ import annotations

import mailbox
import re
import time
from email import message_from_bytes
from email.message import Message
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from runner.walk.accessibility import AXE_OPTIONS as TOOLS_AXE_OPTIONS

ACK = re.compile(r"thank you|we( have|'ve) received|request (has been )?received", re.I)
CASE_LINK = re.compile(r"https?://\S+/cases/\S+")
MAIL_WAIT_S = 20.0
AXE = Axe()
# The tool's rules and results (WCAG A/AA, violations only), without its element references,
# which only a scan that keeps the elements in the page has use for.
AXE_OPTIONS = {key: TOOLS_AXE_OPTIONS[key] for key in ("runOnly", "resultTypes")}


def no_check(page: Page) -> None:
    """The plain walk: no look at the page beyond the waits."""


def axe_check(page: Page) -> None:
    """axe-core over the page as it stands, as a Playwright test adds it."""
    AXE.run(page, options=AXE_OPTIONS)


def walk_contact_form(browser: Browser, base_url: str, persona: dict, maildir: Path,
                      look=no_check) -> None:
    with _tab(browser) as page:
        page.goto(base_url + "/contact")
        look(page)
        page.fill("#name", persona["name"])
        page.fill("#email", persona["email"])
        page.fill("#order", persona["order"])
        page.fill("#message", f"Order {persona['order']} arrived damaged. Could you help?")
        page.get_by_role("button", name="Send").click()
        page.get_by_text(ACK).first.wait_for()
        ticket = _reference(page, r"\b[A-Z]{2,6}-\d{3,}\b")
        look(page)
        mail = _email(maildir, persona["email"], "we received", ticket)
        page.goto(_case_link(mail))
        page.get_by_text(ticket).first.wait_for()
        look(page)


def walk_refund(browser: Browser, base_url: str, persona: dict, maildir: Path,
                look=no_check) -> None:
    with _tab(browser) as page:
        page.goto(base_url + "/refund")
        look(page)
        page.fill("#order", persona["order"])
        page.fill("#email", persona["email"])
        page.get_by_role("button", name="Find my order").click()
        page.get_by_text("Why would you like a refund").first.wait_for()
        look(page)
        page.select_option("#reason", "Damaged")
        page.fill("#details", "The box was crushed and the vase inside is broken.")
        page.get_by_role("button", name="Request refund").click()
        page.get_by_text(ACK).first.wait_for()
        refund = _reference(page, r"\bRF-\d{3,}\b")
        look(page)
        mail = _email(maildir, persona["email"], "refund", refund)
        page.goto(_case_link(mail))
        page.get_by_text(refund).first.wait_for()
        look(page)


def walk_chat(browser: Browser, base_url: str, persona: dict, maildir: Path,
              look=no_check) -> None:
    with _tab(browser) as page:
        page.goto(base_url + "/chat")
        look(page)
        for n, said in enumerate((f"My order {persona['order']} arrived damaged.",
                                  "Can I talk to a person, please?"), start=1):
            agent = page.locator(".msg.agent")
            before = agent.count()
            if n == 1:
                page.click("#chat-launcher")
            page.fill("#chat-input", said)
            page.get_by_role("button", name="Send").click()
            agent.nth(before).wait_for(timeout=20_000)
            look(page)


WALKS = {"contact_form": walk_contact_form, "refund": walk_refund, "chat": walk_chat}


class _tab:  # noqa: N801 - used as a `with` statement, like Playwright's own
    """A fresh context and its page, closed after the journey."""

    def __init__(self, browser: Browser) -> None:
        self.context = browser.new_context()

    def __enter__(self) -> Page:
        return self.context.new_page()

    def __exit__(self, *exc: object) -> None:
        self.context.close()


def _reference(page: Page, pattern: str) -> str:
    """The reference the acknowledgement shows; it may come a moment after the thanks."""
    page.get_by_text(re.compile(pattern)).first.wait_for()
    found = re.search(pattern, page.inner_text("body"))
    if not found:
        raise AssertionError(f"no reference matching {pattern} on {page.url}")
    return found.group(0)


def _email(maildir: Path, to: str, subject: str, containing: str) -> Message:
    deadline = time.monotonic() + MAIL_WAIT_S
    while time.monotonic() < deadline:
        for _, raw in mailbox.Maildir(str(maildir), factory=None, create=True).iteritems():
            message = message_from_bytes(raw.as_bytes())
            if (to in message.get("To", "") and subject in message.get("Subject", "").lower()
                    and containing in _body(message)):
                return message
        time.sleep(0.1)
    raise AssertionError(f"no email to {to} about {subject!r} within {MAIL_WAIT_S:.0f} s")


def _body(message: Message) -> str:
    parts = message.walk() if message.is_multipart() else [message]
    return "\n".join(part.get_payload(decode=True).decode("utf-8", "replace")
                     for part in parts if part.get_content_type() == "text/plain")


def _case_link(message: Message) -> str:
    found = CASE_LINK.search(_body(message))
    if not found:
        raise AssertionError("the confirmation email holds no /cases/ link")
    return found.group(0)
