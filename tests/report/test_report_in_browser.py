"""The pages as a reader sees them in Chromium: the transcript, the email, the moments on the
waterfall, and hostile text from the site that stays text and runs nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conversation_samples import (
    BREAKOUT,
    FLAG_IMG,
    HOSTILE_REPLY,
    HOSTILE_TITLE,
    IMG,
    JS_LINK,
    RUN_ID,
    chat_result,
    refund_result,
)
from playwright.sync_api import Page

from runner.report import render_run


def write(out_dir: Path, stem: str, result: dict) -> None:
    path = out_dir / "runs" / RUN_ID / f"{stem}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result), encoding="utf-8")


@pytest.fixture
def conversation_run(tmp_path: Path) -> Path:
    write(tmp_path, "chat", chat_result())
    write(tmp_path, "refund", refund_result())
    render_run(tmp_path, RUN_ID)
    return tmp_path


@pytest.fixture
def hostile_run(tmp_path: Path) -> Path:
    """Everything the site said is an attack: the reply, the title, the email and its links."""
    chat = chat_result(reply=HOSTILE_REPLY, name=HOSTILE_TITLE)
    chat["findings"][0]["message"] = f"The bot said {FLAG_IMG} and went quiet."
    chat["findings"][0]["evidence"]["text"] = HOSTILE_REPLY
    write(tmp_path, "chat", chat)
    write(tmp_path, "refund", refund_result(
        subject=f"Refund {BREAKOUT}",
        body=f"Hello{BREAKOUT}\nClick javascript:alert(1) or {JS_LINK}\n",
        links=["javascript:alert(1)", f'https://shop.example/x{BREAKOUT}'],
    ))
    render_run(tmp_path, RUN_ID)
    return tmp_path


PAGE_KINDS = {
    "executive": "index.html",
    "run index": f"runs/{RUN_ID}/index.html",
    "journey run": f"runs/{RUN_ID}/chat.html",
    "journey run with the email": f"runs/{RUN_ID}/refund.html",
    "journey history": "journeys/chat.html",
}


def what_ran(page: Page) -> dict:
    """Traces an injected script or markup would leave in the page."""
    return page.evaluate("""() => ({
        flag: window.__pwned === undefined ? null : String(window.__pwned),
        scripts: document.scripts.length,
        handlers: [...document.querySelectorAll('*')].filter(
            el => [...el.attributes].some(a => a.name.toLowerCase().startsWith('on'))).length,
        images: [...document.images].map(img => img.getAttribute('src')),
        schemes: [...document.querySelectorAll('a[href], area[href]')].map(a => a.protocol),
        frames: document.querySelectorAll('iframe, object, embed').length,
    })""")


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_hostile_site_text_shows_as_text_runs_nothing_and_fetches_nothing(
    hostile_run: Path, open_report: Callable, kind: str
) -> None:
    opened = open_report(hostile_run / PAGE_KINDS[kind])
    page = opened.page
    page.wait_for_timeout(100)  # an onerror handler would have fired by now

    assert opened.dialogs == []
    traces = what_ran(page)
    assert traces["flag"] is None
    assert traces["scripts"] == 0 and traces["handlers"] == 0 and traces["frames"] == 0
    assert traces["images"] == [], "no page of these shows an image; any is injected"
    assert set(traces["schemes"]) <= {"file:", "http:", "https:"}, traces["schemes"]
    assert opened.requests and all(url.startswith("file://") for url in opened.requests), (
        opened.requests)
    shown = page.inner_text("body")
    if kind != "journey run with the email":
        assert "<script>window.__pwned=1;alert(1)</script>" in shown  # the journey's name


def test_hostile_chat_reply_and_email_read_as_the_site_wrote_them(
    hostile_run: Path, open_report: Callable
) -> None:
    chat = open_report(hostile_run / "runs" / RUN_ID / "chat.html").page
    reply = chat.locator("ol.transcript li").nth(1).locator(".said")
    assert reply.inner_text() == HOSTILE_REPLY
    assert reply.locator("a").count() == 1  # only the https URL in it
    assert reply.locator("a").get_attribute("href") == "https://shop.example/help"
    assert "<script>" in chat.title()

    refund = open_report(hostile_run / "runs" / RUN_ID / "refund.html").page
    email = refund.locator("article.email")
    assert email.locator("h3").inner_text() == f"Refund {BREAKOUT}"
    body = email.locator("blockquote.email-body").inner_text()
    assert IMG in body and JS_LINK in body and "javascript:alert(1)" in body
    links = email.locator("ul.links li")
    assert links.nth(0).inner_text() == "javascript:alert(1)"
    assert links.nth(0).locator("a").count() == 0
    assert links.nth(1).locator("a").get_attribute("href") == f"https://shop.example/x{BREAKOUT}"


def test_the_checks_would_catch_markup_that_escaped(
    hostile_run: Path, open_report: Callable
) -> None:
    """The same page with the reply written unescaped: the tests above would fail on it."""
    page_file = hostile_run / "runs" / RUN_ID / "chat.html"
    html = page_file.read_text(encoding="utf-8")
    escaped = "Sorry! &lt;img src=x onerror=alert(1)&gt;"
    assert escaped in html
    broken = hostile_run / "runs" / RUN_ID / "broken.html"
    broken.write_text(
        html.replace(escaped, f"Sorry! {IMG} {FLAG_IMG}<img src='https://evil.example/p.png'>", 1),
        encoding="utf-8")

    opened = open_report(broken)
    opened.page.wait_for_timeout(200)

    assert opened.dialogs == ["1"]
    assert what_ran(opened.page)["flag"] == "1"
    assert any(url.startswith("https://evil.example/") for url in opened.requests)


def test_transcript_shows_who_said_what_when_and_how_long_they_waited(
    conversation_run: Path, open_report: Callable
) -> None:
    page = open_report(conversation_run / "runs" / RUN_ID / "chat.html").page
    messages = page.locator("ol.transcript li")

    assert page.get_by_role("heading", name="Chat transcript").is_visible()
    assert messages.count() == 5
    first, reply, _, bot, maya = (messages.nth(i).inner_text() for i in range(5))
    assert "Ann Example (customer)" in first and "at 1.10 s" in first
    assert "My order 10482 arrived damaged." in first
    assert "Shopbot" in reply and "at 3.10 s" in reply
    assert "2.0 s after the customer’s message" in reply and "late" not in reply
    assert "at 5.10 s" in bot and "1.0 s after the customer’s message" in bot
    assert "Maya" in maya and "at 9.10 s" in maya and "5.0 s after the customer’s message" in maya
    assert "late" in maya and "a person took over" in maya
    assert messages.nth(4).get_by_role("link", name="step 5").get_attribute("href") == "#step-5"


def test_email_shows_subject_sender_arrival_against_budget_excerpt_and_links(
    conversation_run: Path, open_report: Callable
) -> None:
    page = open_report(conversation_run / "runs" / RUN_ID / "refund.html").page
    email = page.locator("article.email")

    assert email.locator("h3").inner_text() == "Refund request RF-12424 received"
    facts = email.locator("dl").inner_text()
    assert "Northwind Care <care@northwind.example>" in facts
    assert "at 7.10 s from the start of the journey, 5.0 s after the customer’s action" in facts
    assert "budget 4.0 s: late" in facts
    assert "RF-12424 is in the email" in facts
    body = email.locator("blockquote.email-body")
    assert "We have received your refund request RF-12424." in body.inner_text()
    # The URL inside the text is a link, without the full stop that ends the sentence.
    assert body.locator("a").get_attribute("href") == "https://shop.example/cases/RF-12424"
    assert email.locator("ul.links a").inner_text() == "https://shop.example/cases/RF-12424"


def mark_fraction(page: Page, row: str, kind: str, nth: int = 0) -> float:
    """Where a moment's mark sits on its row's timeline, as a fraction of the track."""
    track = page.locator(f"tr#{row} .timeline").bounding_box()
    mark = page.locator(f"tr#{row} .timeline .moment.{kind}").nth(nth).bounding_box()
    assert track and mark
    inner_left, inner_width = track["x"] + 1, track["width"] - 2  # inside the 1px border
    return (mark["x"] + mark["width"] / 2 - inner_left) / inner_width


def bar_span(page: Page, row: str) -> tuple[float, float]:
    track = page.locator(f"tr#{row} .timeline").bounding_box()
    bar = page.locator(f"tr#{row} .timeline .bar").bounding_box()
    assert track and bar
    inner_left, inner_width = track["x"] + 1, track["width"] - 2
    return ((bar["x"] - inner_left) / inner_width,
            (bar["x"] + bar["width"] - inner_left) / inner_width)


def test_moments_sit_on_the_waterfall_in_proportion_to_the_times(
    conversation_run: Path, open_report: Callable
) -> None:
    chat = open_report(conversation_run / "runs" / RUN_ID / "chat.html").page
    tolerance = 2 / chat.locator("tr#step-3 .timeline").bounding_box()["width"]  # 2 px

    # The chat lasts 10 s: replies at 3.1, 5.1 and 9.1 s.
    assert mark_fraction(chat, "step-3", "reply") == pytest.approx(0.31, abs=tolerance)
    assert mark_fraction(chat, "step-5", "reply", 0) == pytest.approx(0.51, abs=tolerance)
    assert mark_fraction(chat, "step-5", "reply", 1) == pytest.approx(0.91, abs=tolerance)
    start, end = bar_span(chat, "step-3")  # the reply step ran from 1.2 s to 4 s
    assert (start, end) == (pytest.approx(0.12, abs=tolerance), pytest.approx(0.4, abs=tolerance))
    assert start < mark_fraction(chat, "step-3", "reply") < end
    assert chat.locator("tr#step-5 .moment.late").count() == 1  # Maya, 5 s against 3 s

    refund = open_report(conversation_run / "runs" / RUN_ID / "refund.html").page
    # The refund lasts 8 s: submitted at 2.1 s, acknowledged at 2.8 s, the email at 7.1 s.
    assert mark_fraction(refund, "step-4", "acknowledgement") == pytest.approx(
        2.8 / 8, abs=tolerance)
    assert mark_fraction(refund, "step-5", "email") == pytest.approx(7.1 / 8, abs=tolerance)
    wait = refund.locator("tr#step-5 .timeline .wait.email").bounding_box()
    track = refund.locator("tr#step-5 .timeline").bounding_box()
    assert (wait["x"] - track["x"] - 1) / (track["width"] - 2) == pytest.approx(
        2.1 / 8, abs=tolerance)  # the wait runs from the submit
    assert refund.locator("tr#step-5 .moment.email.late").count() == 1
    assert refund.locator("tr#step-4 .moment.late").count() == 0
    labels = [text.strip() for text in refund.locator("ol.moments li").all_inner_texts()]
    assert labels[0].startswith("Acknowledgement at 2.8 s, 700 ms after the customer’s action")
    assert "Email “Refund request RF-12424 received” at 7.1 s" in labels[1]
    assert "late" in labels[1]


READABLE_KINDS = {
    "executive": "index.html",
    "run index": f"runs/{RUN_ID}/index.html",
    "journey run (chat)": f"runs/{RUN_ID}/chat.html",
    "journey run (email)": f"runs/{RUN_ID}/refund.html",
    "journey history": "journeys/chat.html",
}


@pytest.mark.parametrize("kind", READABLE_KINDS)
def test_on_a_phone_nothing_hides_off_the_right_edge(
    conversation_run: Path, open_report: Callable, kind: str
) -> None:
    page = open_report(conversation_run / READABLE_KINDS[kind]).page
    page.set_viewport_size({"width": 390, "height": 844})

    overflow = page.evaluate("""() => ({
        page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        tables: [...document.querySelectorAll('.table-wrap')]
            .filter(wrap => wrap.scrollWidth > wrap.clientWidth + 1).length,
    })""")
    assert overflow == {"page": 0, "tables": 0}
    if kind.startswith("journey run"):
        track = page.locator(".timeline").first.bounding_box()
        assert track and track["width"] > 300  # the waterfall gets the phone's full width


def test_a_step_budget_is_a_tick_where_it_ends_on_the_waterfall(
    tmp_path: Path, open_report: Callable
) -> None:
    chat = chat_result()
    chat["steps"][0]["budget_ms"] = 2500  # goto from 0 s: its budget ends at 2.5 s of 10 s
    chat["steps"][1]["budget_ms"] = 60000  # off the scale: no tick
    write(tmp_path, "chat", chat)
    render_run(tmp_path, RUN_ID)
    page = open_report(tmp_path / "runs" / RUN_ID / "chat.html").page
    track = page.locator("tr#step-1 .timeline").bounding_box()
    tick = page.locator("tr#step-1 .timeline .budget").bounding_box()
    inner_left, inner_width = track["x"] + 1, track["width"] - 2
    assert (tick["x"] - inner_left) / inner_width == pytest.approx(0.25, abs=2 / inner_width)
    assert page.locator("tr#step-2 .timeline .budget").count() == 0
    assert "budget 2.5 s" in page.locator("tr#step-1 .timeline").get_attribute("aria-label")
