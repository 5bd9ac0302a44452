"""The demo support site (fixtures/site) behaves as the README promises: its pages, switches,
ground truth and mail, and it never outlives whoever started it."""

from __future__ import annotations

import html
import http.client
import json
import re
import select
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email import message_from_bytes, policy
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

SERVER = Path(__file__).resolve().parents[1] / "fixtures" / "site" / "server.py"
PAGES = ["/", "/help", "/contact", "/refund", "/chat"]


# --- plumbing ------------------------------------------------------------------------------

@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self) -> object:
        return json.loads(self.body)


@dataclass
class Site:
    url: str
    process: subprocess.Popen

    def request(self, method: str, path: str, *, json_body: object = None,
                form: dict | None = None, headers: dict | None = None) -> Answer:
        """One request, redirects not followed (the tests look at them)."""
        parts = urlsplit(self.url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=15)
        body, sent_headers = None, dict(headers or {})
        if json_body is not None:
            body = json.dumps(json_body).encode()
            sent_headers["Content-Type"] = "application/json"
        elif form is not None:
            body = urlencode(form).encode()
            sent_headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=sent_headers)
            response = connection.getresponse()
            return Answer(response.status, {k.lower(): v for k, v in response.getheaders()},
                          response.read())
        finally:
            connection.close()

    def get(self, path: str, **options) -> Answer:
        return self.request("GET", path, **options)

    def post(self, path: str, **options) -> Answer:
        return self.request("POST", path, **options)

    def switch(self, **settings) -> None:
        assert self.post("/__control/switches", json_body=settings).status == 200

    def truth(self) -> list[dict]:
        return self.get("/__control/truth").json()["records"]

    def wait_for_truth(self, count: int, timeout: float = 5.0) -> list[dict]:
        deadline = time.monotonic() + timeout
        while True:
            records = self.truth()
            if len(records) >= count or time.monotonic() > deadline:
                return records
            time.sleep(0.05)


def start_site(*arguments: str) -> Site:
    process = subprocess.Popen(
        [sys.executable, str(SERVER), "--port", "0", *arguments],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    ready, _, _ = select.select([process.stdout], [], [], 10)
    line = process.stdout.readline() if ready else ""
    if not line.startswith("READY http://127.0.0.1:"):
        process.kill()
        pytest.fail(f"the demo site did not start: {line!r}")
    return Site(line.split()[1], process)


def stop_site(site: Site) -> int:
    site.process.stdin.close()
    return site.process.wait(timeout=5)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """An SMTP sink that keeps every message in memory."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 5.0) -> list:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages

    def mail_about(self, reference: str, timeout: float = 5.0) -> list:
        """The messages whose subject names `reference`: an earlier test's mail can still be
        on its way when the next test begins."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [m for m in self.messages if reference in (m["Subject"] or "")]
            if found:
                return found
            time.sleep(0.05)
        return []


@pytest.fixture(scope="module")
def inbox() -> Iterator[tuple[Inbox, int]]:
    from aiosmtpd.controller import Controller

    mailbox, port = Inbox(), free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield mailbox, port
    controller.stop()


@pytest.fixture(scope="module")
def running_site(inbox) -> Iterator[Site]:
    site = start_site("--smtp", f"127.0.0.1:{inbox[1]}")
    yield site
    stop_site(site)


@pytest.fixture()
def site(running_site: Site, inbox) -> Site:
    """A healthy site with an empty truth log and inbox, whatever the last test did."""
    assert running_site.post("/__control/reset").status == 200
    inbox[0].messages.clear()
    return running_site


# --- pages -------------------------------------------------------------------------------

@pytest.mark.parametrize("path", PAGES)
def test_every_page_shares_the_header_nav_and_thankful_footer(site: Site, path: str) -> None:
    page = site.get(path)
    assert page.status == 200
    assert "<header" in page.text and "<nav" in page.text and "<footer" in page.text
    for link in ("Home", "Help", "Contact us", "Refunds", "Chat"):
        assert f">{link}</a>" in page.text
    assert "Thank you for shopping with us" in page.text


def test_help_article_talks_about_errors_without_being_an_error_page(site: Site) -> None:
    page = site.get("/help").text
    assert "error code 404" in page
    assert "something went wrong with your order" in page
    assert "0800 404 1234" in page
    assert "<h1>Help with your order</h1>" in page


def test_unknown_pages_answer_404_and_head_is_answered_like_get(site: Site) -> None:
    assert site.get("/no-such-page").status == 404
    head = site.request("HEAD", "/help")
    assert head.status == 200 and head.body == b""


def test_contact_page_has_the_form_the_journeys_fill(site: Site) -> None:
    page = site.get("/contact").text
    for needle in ('<form id="contact-form"', 'id="name"', 'id="email" name="email" type="email"',
                   'id="order"', '<select id="topic"', '<textarea id="message"',
                   '<button type="submit">Send</button>', 'id="contact-result" role="status"'):
        assert needle in page


# --- switches ----------------------------------------------------------------------------

def test_switches_round_trip_and_empty_means_healthy(site: Site) -> None:
    assert site.get("/__control/switches").json() == {}
    site.switch(no_ack=True, ack_delay_ms=1200)
    assert site.get("/__control/switches").json() == {"no_ack": True, "ack_delay_ms": 1200}
    site.switch()
    assert site.get("/__control/switches").json() == {}


def test_unknown_switch_or_bad_value_is_refused(site: Site) -> None:
    assert site.post("/__control/switches", json_body={"no_such_thing": True}).status == 400
    assert site.post("/__control/switches", json_body={"ack_delay_ms": "soon"}).status == 400
    assert site.get("/__control/switches").json() == {}


def test_switch_table_says_what_each_switch_breaks(site: Site) -> None:
    table = site.get("/__control/switches/table").json()["switches"]
    names = {row["name"] for row in table}
    assert {"ack_delay_ms", "reply_delay_ms", "no_ack", "no_reference", "no_promise",
            "dead_end", "http_500", "no_mail"} <= names
    assert all(row["breaks"] for row in table)


def test_switches_can_be_set_at_start_up() -> None:
    site = start_site("--switch", "no_promise", "--switch", "ack_delay_ms=0")
    try:
        assert site.get("/__control/switches").json() == {"no_promise": True, "ack_delay_ms": 0}
    finally:
        stop_site(site)


# --- contact form API --------------------------------------------------------------------

ANN = {"name": "Ann Example", "email": "ann@example.com", "order": "12345",
       "topic": "Delivery", "message": "My order arrived damaged."}


def test_contact_acknowledgement_has_reference_and_promise_after_the_delay(site: Site) -> None:
    site.switch(ack_delay_ms=250)
    started = time.monotonic()
    answer = site.post("/api/contact", json_body=ANN)
    waited = time.monotonic() - started
    ack = answer.json()
    assert answer.status == 200
    assert 0.25 <= waited < 1.0
    assert re.fullmatch(r"CS-\d{5}", ack["reference"])
    assert ack["acknowledgement"] == (f"Thank you, Ann. We have received your message. "
                                      f"Your reference is {ack['reference']}. "
                                      f"We will reply within 24 hours.")
    assert site.get(f"/cases/{ack['reference']}").status == 200


def test_each_contact_message_gets_its_own_reference(site: Site) -> None:
    site.switch(ack_delay_ms=0)
    references = {site.post("/api/contact", json_body=ANN).json()["reference"] for _ in range(5)}
    assert len(references) == 5


def test_no_reference_and_no_promise_trim_the_acknowledgement(site: Site) -> None:
    site.switch(ack_delay_ms=0, no_reference=True, no_promise=True)
    ack = site.post("/api/contact", json_body=ANN).json()
    assert ack["acknowledgement"] == "Thank you, Ann. We have received your message."
    assert ack["reference"] is None


def test_no_ack_gives_the_page_nothing_to_show(site: Site) -> None:
    site.switch(ack_delay_ms=0, no_ack=True)
    assert site.post("/api/contact", json_body=ANN).json()["acknowledgement"] is None


def test_http_500_makes_the_contact_api_fail(site: Site) -> None:
    site.switch(ack_delay_ms=0, http_500=True)
    assert site.post("/api/contact", json_body=ANN).status == 500


def test_dead_end_removes_the_contact_form(site: Site) -> None:
    site.switch(dead_end=True)
    page = site.get("/contact").text
    assert "<form" not in page and "Please use the options below." in page


# --- mail --------------------------------------------------------------------------------

def test_contact_confirmation_email_carries_reference_and_case_link(site: Site, inbox) -> None:
    site.switch(ack_delay_ms=0)
    reference = site.post("/api/contact", json_body=ANN,
                          headers={"X-Mystery-Shopper": "run-7"}).json()["reference"]
    [mail] = inbox[0].mail_about(reference)
    assert mail["To"] == "ann@example.com"
    assert mail["Subject"] == f"We received your message [{reference}]"
    assert mail["X-Mystery-Shopper"] == "run-7"
    assert f"{site.url}/cases/{reference}" in mail.get_content()


def test_no_mail_sends_nothing(site: Site, inbox) -> None:
    site.switch(ack_delay_ms=0, no_mail=True)
    assert site.post("/api/contact", json_body=ANN).status == 200
    time.sleep(0.3)
    assert inbox[0].messages == []


def test_a_mail_server_that_is_down_never_breaks_the_page() -> None:
    site = start_site("--smtp", f"127.0.0.1:{free_port()}", "--switch", "ack_delay_ms=0")
    try:
        assert site.post("/api/contact", json_body=ANN).status == 200
        deadline = time.monotonic() + 5
        while not site.get("/__control/mail").json()["messages"] and time.monotonic() < deadline:
            time.sleep(0.05)
        [attempt] = site.get("/__control/mail").json()["messages"]
        assert attempt["error"] and attempt["sent_at"] is None
    finally:
        stop_site(site)


# --- refund flow -------------------------------------------------------------------------

def test_refund_flow_redirects_from_lookup_to_confirmation(site: Site, inbox) -> None:
    site.switch(ack_delay_ms=0)
    found = site.post("/refund", form={"order": "12345", "email": "ann@example.com"})
    assert found.status == 303
    reason_url = found.headers["location"]
    assert reason_url.startswith("/refund/reason?")
    reason_page = site.get(reason_url).text
    assert '<select id="reason"' in reason_page and ">Request refund</button>" in reason_page

    submitted = site.post("/refund/submit", form={"order": "12345", "email": "ann@example.com",
                                                  "reason": "Damaged", "details": "Cracked"})
    assert submitted.status == 303
    confirmation = site.get(submitted.headers["location"]).text
    reference = re.search(r"RF-\d{5}", submitted.headers["location"]).group()
    assert (f"Your refund request has been received. Reference {reference}. "
            f"We will email you within 2 business days.") in confirmation
    [mail] = inbox[0].mail_about(reference)
    assert mail["Subject"] == f"Refund request {reference} received"


def test_refund_submit_waits_the_ack_delay(site: Site) -> None:
    site.switch(ack_delay_ms=300)
    started = time.monotonic()
    site.post("/refund/submit", form={"order": "1234", "email": "a@b.c", "reason": "Damaged"})
    assert time.monotonic() - started >= 0.3


def test_an_order_number_without_four_digits_is_a_field_error(site: Site) -> None:
    answer = site.post("/refund", form={"order": "AB12", "email": "ann@example.com"})
    assert answer.status == 422
    assert 'class="field-error" id="order-error"' in answer.text
    assert 'aria-invalid="true"' in answer.text


def test_no_ack_leaves_only_a_generic_refunds_heading(site: Site) -> None:
    site.switch(ack_delay_ms=0, no_ack=True)
    submitted = site.post("/refund/submit", form={"order": "1234", "email": "a@b.c",
                                                  "reason": "Damaged"})
    page = site.get(submitted.headers["location"]).text
    assert "<h1>Refunds</h1>" in page and "received" not in page


def test_http_500_and_dead_end_break_the_refund_flow(site: Site) -> None:
    site.switch(ack_delay_ms=0, http_500=True, dead_end=True)
    reason_page = site.get("/refund/reason?order=1234&email=a%40b.c").text
    assert '<select id="reason"' in reason_page and "<button" not in reason_page.split("<main")[1]
    submitted = site.post("/refund/submit", form={"order": "1234", "email": "a@b.c",
                                                  "reason": "Damaged"})
    assert submitted.status == 500


# --- chat API ----------------------------------------------------------------------------

def test_chat_apologises_then_hands_over_to_a_person(site: Site) -> None:
    site.switch(reply_delay_ms=0)
    first = site.post("/api/chat", json_body={"session": "s1",
                                              "text": "My parcel arrived damaged"}).json()
    assert first["messages"][0]["sender"] == "Shopbot (virtual assistant)"
    assert first["messages"][0]["text"].startswith("I'm sorry to hear that")
    assert first["more"] is False

    second = site.post("/api/chat", json_body={"session": "s1", "text": "Order 12345"}).json()
    assert second["messages"][0]["text"].startswith("Connecting you to a colleague")
    assert second["more"] is True
    human = site.get("/api/chat/next?session=s1").json()
    assert human["messages"][0]["sender"] == "Maya"
    assert human["messages"][0]["text"].startswith("Hi, I'm Maya from customer care.")
    assert human["more"] is False


def test_asking_for_a_person_hands_over_at_once(site: Site) -> None:
    site.switch(reply_delay_ms=0)
    first = site.post("/api/chat", json_body={"session": "s2",
                                              "text": "Can I talk to a person?"}).json()
    assert first["more"] is True


# --- ground truth and life cycle ---------------------------------------------------------

def test_truth_records_keep_the_shopper_header_and_reset_clears_them(site: Site) -> None:
    site.post("/__control/truth", headers={"X-Mystery-Shopper": "run-1"},
              json_body={"kind": "ack", "flow": "contact", "trigger_at": 1.0, "shown_at": 2.0})
    [record] = site.truth()
    assert record["shopper_run"] == "run-1" and record["at_server"] > 0
    site.post("/__control/reset")
    assert site.truth() == []


def test_site_exits_when_its_stdin_closes() -> None:
    site = start_site()
    assert site.get("/").status == 200
    assert stop_site(site) == 0


def test_site_exits_cleanly_on_sigterm() -> None:
    site = start_site()
    site.process.terminate()
    assert site.process.wait(timeout=5) == 0
    site.process.stdin.close()


# --- switches that break one more thing each ---------------------------------------------

NEW_SWITCHES = {"slow_pages_ms": 0, "long_form": False, "confirm_step": False,
                "reject_plus_address": False, "captcha": False, "forced_login": False,
                "error_page": False, "broken_links": False, "page_error": False,
                "flaky_ack": False, "jitter_ms": 0}
PLUS_ANN = dict(ANN, email="ann+shop@example.com")
REFUND = {"order": "12345", "email": "ann@example.com", "reason": "Damaged",
          "details": "Cracked lid"}


def test_new_switches_are_in_the_table_and_off_by_default(site: Site) -> None:
    table = {row["name"]: row for row in site.get("/__control/switches/table").json()["switches"]}
    for name, default in NEW_SWITCHES.items():
        assert table[name]["default"] == default and table[name]["breaks"]
    home, contact = site.get("/").text, site.get("/contact").text
    assert "/returns-policy" not in home and "/old-faq" not in home
    assert "recommendations.js" not in home and "recommendations.js" not in contact
    for absent in ('id="phone"', "g-recaptcha", "heard_about_us", "Oops"):
        assert absent not in contact
    assert site.get("/old-faq").status == 404
    assert site.post("/refund/submit", form=REFUND).headers["location"].startswith(
        "/refund/confirmation?")


@pytest.mark.parametrize(("path", "status"), [
    ("/", 200), ("/help", 200), ("/contact", 200), ("/refund", 200), ("/chat", 200),
    ("/account/sign-in?next=/contact", 200), ("/captcha/anchor", 200),
    ("/static/site.css", 200), ("/cases/CS-00000", 404), ("/returns-policy", 404),
    ("/contact/form", 200), ("/contact/thanks?ref=CS-00000", 303),
])
def test_head_answers_every_get_route_with_its_status_and_no_body(site: Site, path: str,
                                                                  status: int) -> None:
    get, head = site.get(path), site.request("HEAD", path)
    assert get.status == head.status == status
    assert head.body == b"" and head.headers["content-length"] == str(len(get.body))


def test_slow_pages_delay_html_pages_only(site: Site) -> None:
    site.switch(slow_pages_ms=300, ack_delay_ms=0)
    for path in ("/help", "/contact"):
        started = time.monotonic()
        assert site.get(path).status == 200
        assert time.monotonic() - started >= 0.3
    started = time.monotonic()
    site.get("/static/site.css")
    site.get("/__control/switches")
    site.post("/api/contact", json_body=ANN)
    assert time.monotonic() - started < 0.3


def test_long_form_asks_for_much_more_but_accepts_the_short_message(site: Site) -> None:
    site.switch(long_form=True, ack_delay_ms=0)
    page = site.get("/contact").text
    for field in ('id="phone"', 'id="address"', 'id="postcode"', '<select id="country"',
                  'id="dob"', 'id="customer-number"'):
        tag = page[page.index(field):].split(">", 1)[0]
        assert 'aria-required="true"' in tag, tag
    radios = re.findall(r'<input type="radio" name="(\w+)"[^>]*aria-required="true"', page)
    assert len(radios) == 3 and len(set(radios)) == 1
    assert "How did you hear about us?" in page
    short = {key: ANN[key] for key in ("name", "email", "message")}
    assert site.post("/api/contact", json_body=short).json()["acknowledgement"]


def test_confirm_step_adds_a_check_page_before_the_refund_is_requested(site: Site) -> None:
    site.switch(confirm_step=True, ack_delay_ms=200)
    started = time.monotonic()
    submitted = site.post("/refund/submit", form=REFUND)
    assert time.monotonic() - started < 0.2  # nothing is requested yet
    assert submitted.status == 303 and submitted.headers["location"].startswith("/refund/check?")
    assert "refund.js" not in site.get("/refund/reason?order=12345&email=ann%40example.com").text

    check = site.get(submitted.headers["location"]).text
    assert "<h1>Check your request</h1>" in check and "12345" in check and "Damaged" in check
    assert '<form id="refund-check"' in check and 'action="/refund/confirm"' in check
    assert '<button type="submit">Confirm refund</button>' in check and "refund.js" in check

    started = time.monotonic()
    confirmed = site.post("/refund/confirm", form=REFUND)
    assert time.monotonic() - started >= 0.2
    assert confirmed.headers["location"].startswith("/refund/confirmation?ref=RF-")
    assert "Your refund request has been received." in site.get(
        confirmed.headers["location"]).text


def test_reject_plus_address_refuses_a_valid_email_with_a_field_error(site: Site) -> None:
    site.switch(reject_plus_address=True, ack_delay_ms=0)
    refused = site.post("/api/contact", json_body=PLUS_ANN)
    assert refused.status == 422
    assert refused.json() == {"errors": {"email": "Please enter a valid email address."}}
    assert site.post("/api/contact", json_body=ANN).status == 200

    lookup = site.post("/refund", form={"order": "12345", "email": "ann+shop@example.com"})
    assert lookup.status == 422
    assert ('<p class="field-error" id="email-error" role="alert">'
            'Please enter a valid email address.</p>') in lookup.text
    email_input = re.search(r'<input id="email"[^>]*>', lookup.text).group()
    assert 'aria-invalid="true"' in email_input
    assert site.post("/refund", form={"order": "12345",
                                      "email": "ann@example.com"}).status == 303


def test_captcha_stands_before_send_and_nothing_passes_it(site: Site) -> None:
    site.switch(captcha=True, ack_delay_ms=0)
    page = site.get("/contact").text
    widget = page.index('<div class="g-recaptcha" data-sitekey="local-demo">')
    assert widget < page.index('<button type="submit">Send</button>')
    assert "I'm not a robot" in page and '<iframe title="reCAPTCHA" src="/captcha/anchor"' in page
    assert site.get("/captcha/anchor").status == 200
    blocked = dict(ANN, email="blocked@example.com")
    for attempt in (blocked, dict(blocked, **{"g-recaptcha-response": "anything"})):
        refused = site.post("/api/contact", json_body=attempt)
        assert refused.status == 400 and refused.json() == {"error": "captcha"}
    time.sleep(0.2)  # mail goes out on a thread: give a wrongly sent one time to show
    assert all(m["to"] != blocked["email"] for m in site.get("/__control/mail").json()["messages"])


def test_forced_login_sends_the_customer_to_sign_in(site: Site) -> None:
    site.switch(forced_login=True)
    sent = site.get("/contact")
    assert sent.status == 302 and sent.headers["location"] == "/account/sign-in?next=/contact"
    page = site.get(sent.headers["location"]).text
    for needle in ("<h1>Sign in to your account</h1>", 'type="email"', 'type="password"',
                   '<button type="submit">Sign in</button>', ">Create an account</a>"):
        assert needle in page
    refused = site.post("/account/sign-in", form={"email": "ann@example.com", "password": "x",
                                                  "next": "/contact"})
    assert refused.status == 200 and "could not sign you in" in refused.text
    assert site.get("/account/register").status == 200


def test_error_page_answers_200_with_an_oops(site: Site) -> None:
    site.switch(error_page=True)
    page = site.get("/contact")
    assert page.status == 200
    assert "<title>Oops! Something went wrong | Northwind Goods</title>" in page.text
    assert "<h1>Oops! Something went wrong</h1>" in page.text
    assert "We're having trouble loading this page. Please try again later." in page.text
    assert '<a href="/">Back to the home page</a>' in page.text
    assert "<header" in page.text and "Thank you for shopping with us" in page.text
    assert "<form" not in page.text


def test_broken_links_lead_to_a_404_and_a_500_among_working_ones(site: Site) -> None:
    site.switch(broken_links=True)
    for path in ("/", "/help"):
        page = site.get(path).text
        assert 'href="/returns-policy"' in page and 'href="/old-faq"' in page
        assert 'href="/contact"' in page and 'href="/refund"' in page
    for method in ("GET", "HEAD"):
        assert site.request(method, "/returns-policy").status == 404
        assert site.request(method, "/old-faq").status == 500
        assert site.request(method, "/help").status == 200


@pytest.mark.parametrize("path", PAGES)
def test_page_error_puts_a_failing_widget_on_every_page(site: Site, path: str) -> None:
    site.switch(page_error=True)
    assert '<script src="/static/recommendations.js" defer></script>' in site.get(path).text
    script = site.get("/static/recommendations.js")
    assert script.status == 200 and script.headers["content-type"].startswith("text/javascript")


def test_flaky_ack_acknowledges_every_other_message(site: Site) -> None:
    site.switch(flaky_ack=True, ack_delay_ms=0)
    acks = [site.post("/api/contact", json_body=ANN).json() for _ in range(4)]
    assert [bool(ack["acknowledgement"]) for ack in acks] == [True, False, True, False]
    assert acks[1]["reference"] is None
    site.post("/__control/reset")
    site.switch(flaky_ack=True, ack_delay_ms=0)
    assert site.post("/api/contact", json_body=ANN).json()["acknowledgement"]


def test_jitter_spreads_the_acknowledgement_delay_and_reports_it(site: Site) -> None:
    site.switch(ack_delay_ms=50, jitter_ms=200)
    delays = []
    for _ in range(6):
        started = time.monotonic()
        delay_ms = site.post("/api/contact", json_body=ANN).json()["delay_ms"]
        assert (time.monotonic() - started) * 1000 >= delay_ms - 1
        delays.append(delay_ms)
    assert all(50 <= delay <= 250 for delay in delays) and len(set(delays)) > 1
    confirmation = site.get(site.post("/refund/submit", form=REFUND).headers["location"]).text
    refund_delay = float(re.search(r'"delay_ms": ([\d.]+)', confirmation).group(1))
    assert 50 <= refund_delay <= 250


# --- in a real browser: the truth is measured in the page --------------------------------

@pytest.fixture(scope="module")
def chromium_browser(shared_browser):
    # One browser per test session (conftest.py): a second sync Playwright cannot run beside it.
    browser, _ = shared_browser
    return browser


@pytest.fixture()
def shop_window(chromium_browser):
    context = chromium_browser.new_context(
        extra_http_headers={"X-Mystery-Shopper": "browser-run"})
    yield context.new_page()
    context.close()


@pytest.mark.browser
def test_contact_ack_truth_is_timed_in_the_page(site: Site, shop_window) -> None:
    page = shop_window
    site.switch(ack_delay_ms=300)
    page.goto(site.url + "/contact")
    page.fill("#name", "Ann Example")
    page.fill("#email", "ann@example.com")
    page.fill("#message", "My order arrived damaged.")
    page.get_by_role("button", name="Send").click()
    page.wait_for_selector("#contact-result .ack")

    [record] = site.wait_for_truth(1)
    assert record["kind"] == "ack" and record["flow"] == "contact"
    assert 300 <= record["shown_at"] - record["trigger_at"] <= 600
    assert record["delay_ms"] == 300
    assert re.fullmatch(r"CS-\d{5}", record["reference"])
    assert record["reference"] in record["text"]
    assert record["text"] == page.inner_text("#contact-result").strip()
    assert record["shopper_run"] == "browser-run"
    assert abs(record["at_server"] - record["shown_at"]) < 2000  # one clock: epoch ms
    assert page.input_value("#name") == ""  # the form resets


@pytest.mark.browser
def test_refund_truth_spans_the_navigation(site: Site, shop_window) -> None:
    page = shop_window
    site.switch(ack_delay_ms=200)
    page.goto(site.url + "/refund")
    page.fill("#order", "12345")
    page.fill("#email", "ann@example.com")
    page.get_by_role("button", name="Find my order").click()
    page.select_option("#reason", "Damaged")
    page.get_by_role("button", name="Request refund").click()
    page.wait_for_url("**/refund/confirmation?ref=*")

    [record] = site.wait_for_truth(1)
    assert record["flow"] == "refund" and record["text"].startswith("Your refund request")
    assert 200 <= record["shown_at"] - record["trigger_at"] <= 1000
    assert record["reference"] in page.url


@pytest.mark.browser
def test_chat_truth_has_one_record_per_agent_message(site: Site, shop_window) -> None:
    page = shop_window
    site.switch(reply_delay_ms=200)
    page.goto(site.url + "/chat")
    page.click("#chat-launcher")
    page.fill("#chat-input", "My parcel never arrived")
    page.get_by_role("button", name="Send").click()
    page.wait_for_selector(".msg.agent >> nth=1")
    page.fill("#chat-input", "Can I speak to someone?")
    page.press("#chat-input", "Enter")
    page.wait_for_selector(".msg.agent:has-text('Maya from customer care')")

    records = site.wait_for_truth(3)
    assert [r["sender"] for r in records] == ["Shopbot (virtual assistant)",
                                              "Shopbot (virtual assistant)", "Maya"]
    apology, connecting, maya = records
    assert apology["text"].startswith("I'm sorry to hear that")
    assert 200 <= apology["shown_at"] - apology["trigger_at"] <= 500
    assert connecting["trigger_at"] == maya["trigger_at"]  # Maya answers the same message
    assert 400 <= maya["shown_at"] - maya["trigger_at"] <= 900


def fill_contact_form(page, email: str = "ann@example.com") -> None:
    page.fill("#name", "Ann Example")
    page.fill("#email", email)
    page.fill("#message", "My order arrived damaged.")
    page.get_by_role("button", name="Send").click()


@pytest.mark.browser
def test_long_form_and_a_broken_widget_still_let_the_short_message_through(
        site: Site, shop_window) -> None:
    page = shop_window
    errors: list = []
    page.on("pageerror", lambda error: errors.append(error))
    site.switch(long_form=True, page_error=True, ack_delay_ms=100)
    page.goto(site.url + "/contact")
    assert page.locator("#contact-form input[type=radio][name=heard_about_us]").count() == 3
    fill_contact_form(page)
    page.wait_for_selector("#contact-result .ack")

    assert [error.name for error in errors] == ["TypeError"]
    [record] = site.wait_for_truth(1)
    assert record["shown_at"] is not None and record["reference"] in record["text"]


@pytest.mark.browser
def test_confirm_step_times_the_refund_from_confirm_refund(site: Site, shop_window) -> None:
    page = shop_window
    site.switch(confirm_step=True, ack_delay_ms=200)
    page.goto(site.url + "/refund")
    page.fill("#order", "12345")
    page.fill("#email", "ann@example.com")
    page.get_by_role("button", name="Find my order").click()
    page.select_option("#reason", "Damaged")
    page.get_by_role("button", name="Request refund").click()
    page.wait_for_url("**/refund/check?*")
    page.wait_for_timeout(300)  # the customer reads the summary: not part of the ack time
    page.get_by_role("button", name="Confirm refund").click()
    page.wait_for_url("**/refund/confirmation?ref=*")

    [record] = site.wait_for_truth(1)
    assert record["flow"] == "refund" and record["reference"] in page.url
    assert 200 <= record["shown_at"] - record["trigger_at"] <= 1000


@pytest.mark.browser
def test_refusals_are_shown_where_the_customer_looks(site: Site, shop_window) -> None:
    page = shop_window
    site.switch(reject_plus_address=True, captcha=True, ack_delay_ms=0)
    page.goto(site.url + "/contact")
    fill_contact_form(page, email="ann+shop@example.com")
    error = page.wait_for_selector("#email + p.field-error#email-error[role=alert]")
    assert error.inner_text() == "Please enter a valid email address."
    assert page.get_attribute("#email", "aria-invalid") == "true"

    assert page.frame_locator("iframe[title=reCAPTCHA]").locator("text=reCAPTCHA").count() == 1
    page.click("#captcha-checkbox")
    fill_contact_form(page)
    page.wait_for_selector("#contact-result >> text=Please confirm you are not a robot.")
    assert page.locator(".field-error").count() == 0
    assert page.get_attribute("#captcha-checkbox", "aria-checked") == "false"

    records = site.wait_for_truth(2)
    assert [r["shown_at"] for r in records] == [None, None]


# --- constructions a journey has to see through (issue 15) -------------------------------

CONSTRUCTIONS = {"consent_banner": False, "iframe_form": False, "german": False,
                 "header_thank_you": False, "late_reference": False}


def test_constructions_are_in_the_table_and_change_nothing_when_off(site: Site) -> None:
    table = {row["name"]: row for row in site.get("/__control/switches/table").json()["switches"]}
    for name, default in CONSTRUCTIONS.items():
        assert table[name]["default"] == default and table[name]["breaks"]
    assert table["header_thank_you"]["words"] == ["late"]
    assert "words" not in table["no_ack"]
    contact = site.get("/contact").text
    assert '<html lang="en">' in contact and '<button type="submit">Send</button>' in contact
    assert "consent.js" not in contact and "<iframe" not in contact
    answer = site.post("/api/contact", json_body=ANN).json()
    assert set(answer) == {"acknowledgement", "reference", "delay_ms", "shopper_run"}
    assert answer["acknowledgement"].startswith("Thank you, Ann. We have received your message.")


def test_a_flag_with_a_word_takes_it_and_nothing_else() -> None:
    site = start_site("--switch", "header_thank_you=late", "--switch", "late_reference")
    try:
        assert site.get("/__control/switches").json() == {"header_thank_you": "late",
                                                          "late_reference": True}
        assert site.post("/__control/switches",
                         json_body={"header_thank_you": "LATE"}).json() == {
            "header_thank_you": "late"}
        refused = site.post("/__control/switches", json_body={"header_thank_you": "soon"})
        assert refused.status == 400 and "'late'" in refused.json()["error"]
        assert site.post("/__control/switches",
                         json_body={"late_reference": "late"}).status == 400
    finally:
        stop_site(site)


@pytest.mark.parametrize("path", PAGES)
def test_consent_banner_is_loaded_on_every_page_until_a_choice_is_kept(site: Site,
                                                                       path: str) -> None:
    site.switch(consent_banner=True)
    manager = '<script src="/static/consent.js" defer></script>'
    assert manager in site.get(path).text
    assert manager not in site.get(path, headers={"Cookie": "a=1; northwind_consent=all"}).text
    script = site.get("/static/consent.js")
    assert script.status == 200 and 'aria-label", "Cookie consent"' in script.text


def test_consent_banner_stays_out_of_framed_pages(site: Site) -> None:
    site.switch(consent_banner=True)
    for path in ("/chat/widget", "/contact/form"):
        assert "consent.js" not in site.get(path).text


def test_iframe_form_frames_the_form_from_the_other_name_of_the_server(site: Site) -> None:
    site.switch(iframe_form=True, ack_delay_ms=0)
    port = urlsplit(site.url).port
    page = site.get("/contact").text
    frame = re.search(r'<iframe id="contact-frame"[^>]*>', page).group()
    assert 'title="Contact form"' in frame
    assert f'src="http://localhost:{port}/contact/form"' in frame
    assert "<form" not in page and "contact.js" not in page
    told = site.get("/contact", headers={"X-Mystery-Shopper": "run 9"}).text
    assert f'src="http://localhost:{port}/contact/form?shopper_run=run+9"' in told
    # Asked for by its other name, the page frames the form from 127.0.0.1: always the other.
    other = site.get("/contact", headers={"Host": f"localhost:{port}"}).text
    assert f'src="http://127.0.0.1:{port}/contact/form"' in other

    # The same server answers to the other name (the browser sends Host: localhost:PORT).
    embedded = site.get("/contact/form?shopper_run=run+9",
                        headers={"Host": f"localhost:{port}"})
    assert embedded.status == 200
    assert '<html lang="en" data-shopper-run="run 9">' in embedded.text
    for needle in ('<form id="contact-form"', 'id="name"', 'id="email"', '<textarea id="message"',
                   '<button type="submit">Send</button>', 'id="contact-result" role="status"',
                   '<script src="/static/contact.js" defer>'):
        assert needle in embedded.text
    assert "<header" not in embedded.text and "<nav" not in embedded.text


def test_german_puts_the_contact_page_and_its_answers_in_german(site: Site, inbox) -> None:
    site.switch(german=True, ack_delay_ms=0)
    page = site.get("/contact").text
    assert page.startswith("<!doctype html>\n<html lang=\"de\">")
    assert "<title>Kontakt | Northwind Goods</title>" in page and "<h1>Kontakt</h1>" in page
    for label, field in (("Name", "name"), ("E-Mail", "email"), ("Nachricht", "message")):
        assert f'<label for="{field}">{label}</label>' in page
    for needle in ('<form id="contact-form"', 'id="email" name="email" type="email"',
                   'id="order"', '<select id="topic"', '<textarea id="message"',
                   '<button type="submit">Senden</button>', 'id="contact-result" role="status"'):
        assert needle in page
    assert ">Startseite</a>" in page and "Vielen Dank für Ihren Einkauf!" in page
    assert "Send</button>" not in page

    ack = site.post("/api/contact", json_body=ANN).json()
    assert ack["acknowledgement"] == (f"Vielen Dank! Ihre Anfrage {ack['reference']} ist bei "
                                      f"uns eingegangen. Wir antworten Ihnen innerhalb von 24 "
                                      f"Stunden.")
    [mail] = inbox[0].wait_for(1)
    assert mail["Subject"] == f"Wir haben Ihre Nachricht erhalten [{ack['reference']}]"
    assert f"Vorgangsnummer lautet {ack['reference']}" in mail.get_content()

    site.switch(german=True, ack_delay_ms=0, no_reference=True, no_promise=True)
    assert site.post("/api/contact", json_body=ANN).json()["acknowledgement"] == (
        "Vielen Dank! Ihre Anfrage ist bei uns eingegangen.")
    site.switch(german=True, reject_plus_address=True)
    assert site.post("/api/contact", json_body={}).json()["errors"]["name"] == (
        "Bitte füllen Sie dieses Feld aus.")
    assert site.post("/api/contact", json_body=PLUS_ANN).json()["errors"]["email"] == (
        "Bitte geben Sie eine gültige E-Mail-Adresse ein.")


def test_german_and_iframe_form_frame_a_german_form(site: Site) -> None:
    site.switch(german=True, iframe_form=True)
    page = site.get("/contact").text
    assert '<html lang="de">' in page and 'title="Contact form"' in page
    embedded = site.get("/contact/form").text
    assert '<html lang="de"' in embedded and '<button type="submit">Senden</button>' in embedded


def main_of(page: str) -> str:
    return page.split('<main id="main">', 1)[1].split("</main>", 1)[0]


def test_header_thank_you_moves_on_to_a_page_that_thanks_everywhere_but_main(site: Site) -> None:
    site.switch(header_thank_you=True, ack_delay_ms=0)
    answer = site.post("/api/contact", json_body=ANN).json()
    assert answer["acknowledgement"] is None and answer["reference"] is None
    assert re.fullmatch(r"/contact/thanks\?ref=CS-\d{5}", answer["next"])
    page = site.get(answer["next"]).text
    header = page.split("<header", 1)[1].split("</header>", 1)[0]
    assert '<p class="header-thanks">Thank you for choosing Northwind Goods</p>' in header
    assert ">Thank-you offers</a>" in header.split("<nav", 1)[1]
    footer = page.split("<footer", 1)[1]
    assert "Thanks again for choosing Northwind Goods." in footer
    main = main_of(page)
    assert "<h1>Contact us</h1>" in main and '<a href="/">Back to the shop</a>' in main
    facts = json.loads(html.unescape(re.search(r'data-facts="([^"]*)"', main).group(1)))
    assert facts["acknowledgement"] is None and facts["reference"] is None
    visible = re.sub(r"<[^>]+>", " ", main)
    for word in ("thank", "received", "CS-", "reply"):
        assert word not in visible.lower(), word

    assert site.get("/contact/thanks?ref=CS-00000").headers["location"] == "/contact"

    site.switch(header_thank_you=True, german=True, ack_delay_ms=0)
    german = site.get(site.post("/api/contact", json_body=ANN).json()["next"]).text
    assert '<html lang="de">' in german and "<h1>Kontakt</h1>" in german
    assert "Vielen Dank, dass Sie sich für Northwind Goods entschieden haben" in german
    assert '<a href="/">Zurück zum Shop</a>' in main_of(german)


def test_header_thank_you_late_acknowledges_on_the_new_page(site: Site) -> None:
    site.switch(header_thank_you="late", ack_delay_ms=0)
    answer = site.post("/api/contact", json_body=ANN, headers={"X-Mystery-Shopper": "r5"}).json()
    reference = answer["next"].rsplit("=", 1)[1]
    main = main_of(site.get(answer["next"]).text)
    facts = json.loads(html.unescape(re.search(r'data-facts="([^"]*)"', main).group(1)))
    assert facts == {"acknowledgement": f"Thank you, Ann. We have received your message. "
                                        f"Your reference is {reference}. "
                                        f"We will reply within 24 hours.",
                     "reference": reference, "delay_ms": 0, "shopper_run": "r5",
                     "later_ms": 1400}
    assert "We have received" not in re.sub(r'data-facts="[^"]*"', "", main)


def test_late_reference_fetches_the_reference_after_the_thanks(site: Site) -> None:
    site.switch(late_reference=True, ack_delay_ms=0)
    answer = site.post("/api/contact", json_body=ANN).json()
    assert answer["acknowledgement"] == ("Thanks! We've received your message. "
                                         "We will reply within 24 hours.")
    assert answer["reference"] is None and "CS-" not in json.dumps(answer)
    started = time.monotonic()
    found = site.get(f"/api/contact/reference?ticket={answer['reference_ticket']}").json()
    assert time.monotonic() - started >= 0.6
    assert re.fullmatch(r"CS-\d{5}", found["reference"])
    assert found["text"] == f"Your reference: {found['reference']}"
    assert found["delay_ms"] == 600
    assert site.get(f"/cases/{found['reference']}").status == 200
    assert site.get("/api/contact/reference?ticket=nope").status == 404

    site.switch(late_reference=True, ack_delay_ms=0, no_reference=True)
    plain = site.post("/api/contact", json_body=ANN).json()
    assert "reference_ticket" not in plain and plain["acknowledgement"].startswith("Thank you")


# --- the constructions in a real browser -------------------------------------------------

def fill_only(scope) -> None:
    scope.locator("#name").fill("Ann Example")
    scope.locator("#email").fill("ann@example.com")
    scope.locator("#message").fill("My order arrived damaged.")


@pytest.mark.browser
def test_consent_dialog_takes_the_click_until_it_is_answered(site: Site, shop_window) -> None:
    page = shop_window
    site.switch(consent_banner=True, ack_delay_ms=0)
    page.goto(site.url + "/contact")
    dialog = page.get_by_role("dialog", name="Cookie consent")
    assert dialog.is_visible() and dialog.get_attribute("aria-modal") == "true"
    assert "We use cookies" in dialog.inner_text()
    fill_only(page)  # typing is not blocked (Playwright does not check what is on top)
    with pytest.raises(PlaywrightError) as blocked:
        page.locator("button[type=submit]").click(timeout=1000)
    assert "intercepts pointer events" in str(blocked.value)
    assert 'aria-label="Cookie consent"' in str(blocked.value)

    page.get_by_role("button", name="Accept all").click()
    assert dialog.count() == 0
    page.locator("button[type=submit]").click(timeout=1000)
    page.wait_for_selector("#contact-result .ack")
    [record] = site.wait_for_truth(1)
    assert record["shown_at"] is not None and record["reference"] in record["text"]

    page.reload()  # the choice is kept: no dialog, not even the script
    assert {c["name"]: c["value"] for c in page.context.cookies()}["northwind_consent"] == "all"
    assert dialog.count() == 0 and "consent.js" not in page.content()

    page.context.clear_cookies()
    page.reload()
    page.get_by_role("button", name="Settings").click()
    page.get_by_label("Analytics").check()
    page.get_by_role("button", name="Save my choices").click()
    assert dialog.count() == 0
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies["northwind_consent"] == "necessary.analytics"
    page.context.clear_cookies()
    page.reload()
    page.get_by_role("button", name="Reject all").click()
    assert dialog.count() == 0
    assert {c["name"]: c["value"] for c in page.context.cookies()}["northwind_consent"] == (
        "necessary")


@pytest.mark.browser
def test_iframe_form_works_end_to_end_from_another_origin(site: Site, shop_window) -> None:
    page = shop_window
    site.switch(iframe_form=True, ack_delay_ms=200)
    page.goto(site.url + "/contact")
    frame_element = page.locator("iframe[title='Contact form']")
    frame = frame_element.element_handle().content_frame()
    frame.wait_for_load_state()
    assert page.evaluate("location.origin") == site.url
    assert frame.evaluate("location.origin") == site.url.replace("127.0.0.1", "localhost")
    # Cross-origin for real: the page cannot look inside its frame.
    assert page.evaluate("document.querySelector('iframe').contentDocument === null")
    assert page.locator("#name").count() == 0

    form = page.frame_locator("iframe[title='Contact form']")
    fill_only(form)
    form.get_by_role("button", name="Send").click()
    ack = form.locator("#contact-result .ack")
    ack.wait_for()
    [record] = site.wait_for_truth(1)
    assert record["flow"] == "contact" and record["text"] == ack.inner_text()
    assert 200 <= record["shown_at"] - record["trigger_at"] <= 1000
    assert re.fullmatch(r"CS-\d{5}", record["reference"])
    assert record["shopper_run"] == "browser-run"  # passed on by the framing page


@pytest.mark.browser
def test_german_page_is_walked_with_the_same_ids(site: Site, shop_window) -> None:
    page = shop_window
    site.switch(german=True, ack_delay_ms=0)
    page.goto(site.url + "/contact")
    assert page.evaluate("document.documentElement.lang") == "de"
    assert page.get_by_role("button", name="Send", exact=True).count() == 0
    # Playwright's name match is a case-insensitive substring unless exact: "Senden" matches.
    assert page.get_by_role("button", name="Send").inner_text() == "Senden"
    fill_only(page)
    page.get_by_role("button", name="Senden").click()
    page.wait_for_selector("#contact-result .ack")
    [record] = site.wait_for_truth(1)
    assert record["text"].startswith("Vielen Dank! Ihre Anfrage CS-")
    assert record["text"].endswith("ist bei uns eingegangen. Wir antworten Ihnen innerhalb "
                                   "von 24 Stunden.")

    site.switch(german=True, http_500=True, ack_delay_ms=0)
    page.reload()
    fill_only(page)
    page.get_by_role("button", name="Senden").click()
    page.wait_for_selector("#contact-result .problem")
    assert page.inner_text("#contact-result").startswith("Entschuldigung")


@pytest.mark.browser
def test_header_thank_you_leaves_main_silent_and_says_so_in_the_truth(site: Site,
                                                                     shop_window) -> None:
    page = shop_window
    site.switch(header_thank_you=True, ack_delay_ms=0)
    page.goto(site.url + "/contact")
    fill_only(page)
    page.get_by_role("button", name="Send").click()
    page.wait_for_url("**/contact/thanks?ref=CS-*")
    assert "Thank you for choosing Northwind Goods" in page.inner_text("header")
    assert "Thank-you offers" in page.inner_text("nav")
    assert "Thank" in page.inner_text("footer")
    assert page.inner_text("main").split() == ["Contact", "us", "Back", "to", "the", "shop"]

    [record] = site.wait_for_truth(1)
    assert record["flow"] == "contact" and record["trigger_at"] is not None
    assert record["shown_at"] is None and record["text"] is None
    assert record["reference"] is None and record["shopper_run"] == "browser-run"
    page.wait_for_timeout(1600)  # nothing comes later either
    assert "Back to the shop" in page.inner_text("main")
    assert page.locator("main .ack").count() == 0 and len(site.truth()) == 1


@pytest.mark.browser
def test_header_thank_you_late_acknowledges_after_the_new_page_loads(site: Site,
                                                                    shop_window) -> None:
    page = shop_window
    site.switch(header_thank_you="late", ack_delay_ms=100)
    page.goto(site.url + "/contact")
    fill_only(page)
    page.get_by_role("button", name="Send").click()
    page.wait_for_url("**/contact/thanks?ref=CS-*")
    assert page.locator("main .ack").count() == 0
    ack = page.locator("main .ack")
    ack.wait_for(timeout=5000)
    loaded = page.evaluate("performance.timeOrigin"
                           " + performance.getEntriesByType('navigation')[0].loadEventStart")
    [record] = site.wait_for_truth(1)
    assert record["text"] == ack.inner_text() and record["reference"] in page.url
    assert record["text"].startswith("Thank you, Ann. We have received your message.")
    assert 1400 <= record["shown_at"] - loaded <= 1900
    assert record["shown_at"] - record["trigger_at"] >= 1500
    assert record["delay_ms"] == 100 and record["shopper_run"] == "browser-run"


@pytest.mark.browser
def test_late_reference_truth_has_both_moments(site: Site, shop_window) -> None:
    page = shop_window
    site.switch(late_reference=True, ack_delay_ms=100)
    page.goto(site.url + "/contact")
    fill_only(page)
    page.get_by_role("button", name="Send").click()
    page.wait_for_selector("#contact-result .ack")
    assert "CS-" not in page.inner_text("#contact-result")
    page.wait_for_selector("#contact-result .ack-reference")
    ack, reference = site.wait_for_truth(2)
    assert [ack["kind"], reference["kind"]] == ["ack", "reference"]
    assert ack["text"] == "Thanks! We've received your message. We will reply within 24 hours."
    assert ack["reference"] is None and ack["delay_ms"] == 100
    assert reference["trigger_at"] == ack["trigger_at"]
    assert re.fullmatch(r"CS-\d{5}", reference["reference"])
    assert reference["text"] == f"Your reference: {reference['reference']}"
    assert reference["text"] == page.inner_text("#contact-result .ack-reference")
    assert 600 <= reference["shown_at"] - ack["shown_at"] <= 1200
    assert reference["delay_ms"] == 600 and reference["shopper_run"] == "browser-run"
