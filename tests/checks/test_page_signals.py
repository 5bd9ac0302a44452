"""Reading pages as the customer does: error pages, CAPTCHAs, sign-in walls, field errors.

Each page is rendered in the real browser and snapshotted exactly as the engine does
(`SNAPSHOT_JS`), then judged from the snapshot alone. Wording comes from how real sites speak;
the demo site's wording is one case among many.
"""

from __future__ import annotations

import pytest

from runner.checks.page_signals import asks_to_sign_in, field_errors, reads_as_error, shows_captcha
from runner.patterns import Patterns
from runner.walk.session import SNAPSHOT_JS

PATTERNS = Patterns.from_settings({})
SITE = "https://shop.example"

HEADER = """<header><a href="/">Acme Goods</a>
  <nav><a href="/help">Help</a> <a href="/contact">Contact us</a> <a href="/login">Sign in</a>
  <a href="/account/register">Register</a></nav></header>"""
FOOTER = """<footer><p>Thank you for shopping with us! Something went wrong? Call 0800 404 1234.</p>
  <p>Error reporting: <a href="/security">security@acme.example</a></p></footer>"""
CONTACT_FORM = """<form action="/contact" method="post">
  <label for="name">Name</label><input id="name" name="name" required>
  <label for="email">Email</label><input id="email" name="email" type="email" required>
  <label for="message">Message</label><textarea id="message" name="message" required></textarea>
  <button type="submit">Send</button></form>"""
ARTICLE = " ".join(["Our delivery partners work every day of the week to bring your parcel to you."]
                   * 12)


@pytest.fixture(scope="module")
def context(shared_browser):
    browser, _info = shared_browser
    context = browser.new_context()
    # Nothing leaves the machine: every request (our pages, widget frames) is answered here.
    context.route("**/*", lambda route: route.fulfill(
        body=PAGES.get(route.request.url, "<html><body>widget</body></html>"),
        content_type="text/html"))
    yield context
    context.close()


@pytest.fixture(scope="module")
def page(context):
    # One tab for the module: every test replaces the whole document, so nothing carries over.
    return context.new_page()


PAGES: dict[str, str] = {}


def snapshot(page, main: str, *, title: str = "Acme Goods", url: str | None = None,
             chrome: bool = True) -> dict:
    body = f"{HEADER}<main>{main}</main>{FOOTER}" if chrome else main
    html = f"<!doctype html><html><head><title>{title}</title></head><body>{body}</body></html>"
    if url:
        PAGES[url] = html
        page.goto(url)
    else:
        page.set_content(html)
    return page.evaluate(SNAPSHOT_JS, 20000)


# --- error pages -------------------------------------------------------------------------

@pytest.mark.parametrize(("title", "main", "chrome"), [
    ("Acme Goods", "<h1>Oops! Something went wrong</h1><p>We're having trouble loading this "
     "page. Please try again later.</p><p><a href='/'>Back to the home page</a></p>", True),
    ("Page not found | Acme Goods", "<h1>Sorry, we couldn't find the page you were looking "
     "for</h1><p>Try searching instead.</p><form><input name='q' type='search'></form>"
     f"<h2>Popular right now</h2><p>{ARTICLE}</p>", True),
    ("Acme Goods", "<h1>Service Temporarily Unavailable</h1><p>The server is temporarily "
     "unable to service your request due to maintenance downtime.</p>", False),
    ("500 Internal Server Error", "<h1>Internal Server Error</h1><p>The server encountered an "
     "internal error and was unable to complete your request.</p>", False),
    ("Error", "<h1>Error 503</h1>", False),
    ("Acme Goods", "<div class='big'>404</div><h1>Page not found</h1>", True),
    ("Acme Goods", "<p>Something's gone wrong on our side.</p><p>Please try again in a few "
     "minutes.</p>", True),
    ("Acme Goods", "<p>We're sorry, but we can't find that page.</p>", True),
])
def test_error_pages_are_recognised(page, title, main, chrome):
    assert reads_as_error(snapshot(page, main, title=title, chrome=chrome), PATTERNS)


@pytest.mark.parametrize(("title", "main"), [
    ("Error messages explained | Help", "<h1>Error messages explained</h1>"
     "<p>If you see error code 404, the link you followed is out of date. A 500 Internal "
     f"Server Error means something went wrong on our side; please try again later.</p>"
     f"<h2>503 Service unavailable</h2><p>{ARTICLE}</p>"),
    ("Contact us | Acme Goods", "<h1>Get in touch</h1><p>Call us on 0800 404 1234, Monday to "
     "Friday.</p>"),
    ("Order confirmed | Acme Goods", "<h1>Thank you for your order</h1><p>Your order number is "
     "404-5001. We will email you when it ships.</p>"),
    ("Garden hose | Acme Goods", "<h1>Garden hose, 25 m</h1><p>This item is currently "
     "unavailable.</p>"),
    ("Help centre | Acme Goods", "<h1>Help centre</h1><h2>Something went wrong with my order"
     f"</h2><p>{ARTICLE}</p><h2>Why is the page not found?</h2>"),
    ("Contact us | Acme Goods", f"<h1>Contact us</h1>{CONTACT_FORM}"),
])
def test_pages_that_only_talk_about_errors_are_not_error_pages(page, title, main):
    assert reads_as_error(snapshot(page, main, title=title), PATTERNS) is None


def test_shopper_yaml_error_wording_extends_the_built_in_list(page):
    snap = snapshot(page, "<h1>Hoppla! Da ist etwas schiefgelaufen</h1>", title="Acme")
    assert reads_as_error(snap, PATTERNS) is None
    german = Patterns.from_settings({"error_page": ["hoppla"]})
    assert reads_as_error(snap, german) == "Hoppla! Da ist etwas schiefgelaufen"


# --- CAPTCHAs ----------------------------------------------------------------------------

RECAPTCHA = """<div class="g-recaptcha" data-sitekey="6Lc-key"><iframe title="reCAPTCHA"
  src="https://www.google.com/recaptcha/api2/anchor?k=6Lc-key" width="304" height="78"></iframe>
  </div>"""
HCAPTCHA = """<div class="h-captcha" data-sitekey="10000000-ffff"><iframe
  src="https://newassets.hcaptcha.com/captcha/v1/abc/static/hcaptcha.html#frame=checkbox"
  title="Widget containing checkbox for hCaptcha security challenge" width="303" height="78">
  </iframe></div>"""
TURNSTILE = """<div class="cf-turnstile" data-sitekey="0x4AAA" style="width:300px;height:65px">
  </div>"""


@pytest.mark.parametrize(("main", "evidence"), [
    (f"<h1>Contact us</h1>{RECAPTCHA}", "class:g-recaptcha"),
    (f"<h1>Contact us</h1>{HCAPTCHA}", "class:h-captcha"),
    (f"<h1>Contact us</h1>{TURNSTILE}", "class:cf-turnstile"),
    ("<h1>shop.example</h1><p>Verify you are human by completing the action below.</p>",
     "Verify you are human by completing the action below."),
    ("<h1>Contact us</h1><p class='problem'>Please confirm you are not a robot.</p>",
     "Please confirm you are not a robot."),
    ("<h2>Are you a robot?</h2><label><input type='checkbox'> No, I'm a person</label>",
     "Are you a robot?"),
    ("<p>Press &amp; Hold to confirm you are a human (and not a bot).</p>",
     "Press & Hold to confirm you are a human (and not a bot)."),
])
def test_captchas_are_recognised(page, main, evidence):
    assert shows_captcha(snapshot(page, main), PATTERNS) == evidence


@pytest.mark.parametrize("main", [
    "<h1>Robot vacuums</h1><p>Is a robot vacuum right for you? Are you a robot vacuum owner? "
    "I'm not a robot vacuum fan myself, but our customers love them.</p>",
    # reCAPTCHA v3 / invisible: a badge and a bound button, no challenge in front of anyone.
    f"<h1>Contact us</h1>{CONTACT_FORM}<button class='g-recaptcha' data-sitekey='k' "
    "data-callback='send'>Send</button><div class='grecaptcha-badge' style='width:256px;"
    "height:60px'><iframe title='reCAPTCHA' width='256' height='60' src='https://www.google"
    ".com/recaptcha/api2/anchor?k=k&amp;size=invisible'></iframe></div>",
    "<h1>Why do I see an 'I'm not a robot' box?</h1><p>Some pages ask you to tick a box to "
    "show you are not a robot before you can send us a message; this keeps spam away.</p>",
    f"<h1>Contact us</h1>{CONTACT_FORM}<div class='g-recaptcha' data-sitekey='k' "
    "style='display:none'></div>",
])
def test_pages_without_a_challenge_show_no_captcha(page, main):
    assert shows_captcha(snapshot(page, main), PATTERNS) is None


# --- sign-in walls -----------------------------------------------------------------------

SIGN_IN_FORM = """<form action="/session" method="post">
  <label for="user">Email address</label><input id="user" name="email" type="email">
  <label for="pw">Password</label><input id="pw" name="password" type="password">
  <button type="submit">{button}</button></form>"""


@pytest.mark.parametrize(("main", "url"), [
    ("<h1>Sign in to your account</h1><p>Sign in to see your orders and get help with them.</p>"
     + SIGN_IN_FORM.format(button="Sign in"), None),
    ("<h1>Log in to continue</h1><form><label for='e'>Email</label><input id='e' type='email'>"
     "<button>Next</button></form>", None),
    ("<h1>Create an account to contact us</h1><form><input name='name'><input name='email'>"
     "<input name='pw' type='password'><input name='pw2' type='password'><button>Register"
     "</button></form>", None),
    ("<h1>Welcome</h1>" + SIGN_IN_FORM.format(button="Continue"), f"{SITE}/account/login"),
    ("<h2>Please log in</h2><form><input name='user'><button>Go</button></form>", None),
])
def test_sign_in_walls_are_recognised(page, main, url):
    assert asks_to_sign_in(snapshot(page, main, url=url), PATTERNS)


@pytest.mark.parametrize(("main", "header"), [
    (f"<h1>Contact us</h1>{CONTACT_FORM}", HEADER),
    (f"<h1>Contact us</h1>{CONTACT_FORM}", "<header><form><input name='u' placeholder='Email'>"
     "<input name='p' type='password'><button>Log in</button></form></header>"),
    ("<h1>How to sign in to your account</h1><p>Open the Sign in link at the top of any page "
     f"and enter your email and password.</p><p>{ARTICLE}</p>", HEADER),
    ("<h1>Sign in problems?</h1><p>If you cannot log in, contact us.</p>" + CONTACT_FORM,
     HEADER),
])
def test_pages_that_only_offer_signing_in_are_not_walls(page, main, header):
    html = f"{header}<main>{main}</main>{FOOTER}"
    assert asks_to_sign_in(snapshot(page, html, chrome=False), PATTERNS) is None


# --- field errors ------------------------------------------------------------------------

def fill(page, values: dict[str, str]) -> None:
    for selector, value in values.items():
        page.fill(selector, value)


def test_a_message_tied_to_a_field_is_its_error(page):
    main = """<form><label for="email">Email</label>
      <input id="email" name="email" type="email" value="ann+1@example.com" aria-invalid="true"
        aria-describedby="email-error">
      <p class="field-error" id="email-error" role="alert">Please enter a valid email address.</p>
      <button>Send</button></form>"""
    assert field_errors(snapshot(page, main)) == [
        {"field": "email", "text": "Please enter a valid email address.", "kind": "message"}]


def test_a_message_beside_a_field_names_that_field(page):
    main = """<form><div class="mb-3"><label for="phone">Phone</label>
      <input id="phone" class="is-invalid" value="+44 20 7946 0000">
      <div class="invalid-feedback">Phone numbers must start with 0.</div></div>
      <button>Send</button></form>"""
    assert field_errors(snapshot(page, main)) == [
        {"field": "phone", "text": "Phone numbers must start with 0.", "kind": "message"}]


def test_the_browser_refusing_typed_input_is_a_field_error(page):
    main = """<form><input id="email" name="email" type="email" pattern="[^+]+@.+" required>
      <input id="message" name="message" required><button>Send</button></form>"""
    snapshot(page, main)
    fill(page, {"#email": "ann+shop@example.com"})
    errors = field_errors(page.evaluate(SNAPSHOT_JS, 20000))
    assert [(e["field"], e["kind"]) for e in errors] == [("email", "invalid")]
    assert errors[0]["text"]  # the browser's own wording


def test_empty_required_fields_nobody_touched_are_not_errors(page):
    assert field_errors(snapshot(page, f"<h1>Contact us</h1>{CONTACT_FORM}")) == []


def test_alerts_away_from_the_form_are_not_field_errors(page):
    main = f"""<div role="alert">We use cookies to make this site work.</div>
      <h1>Contact us</h1>{CONTACT_FORM}
      <div class="error" role="alert">Please confirm you are not a robot.</div>"""
    assert field_errors(snapshot(page, main)) == []


def test_a_form_level_alert_names_no_field(page):
    main = """<form><input id="name" value="Ann"><button>Send</button>
      <p role="alert">Please correct the errors above.</p></form>"""
    assert field_errors(snapshot(page, main)) == [
        {"field": None, "text": "Please correct the errors above.", "kind": "message"}]


def test_snapshot_keeps_its_old_keys_and_adds_the_new_ones(page):
    snap = snapshot(page, f"<h1>Contact us</h1>{CONTACT_FORM}{RECAPTCHA}")
    assert {"url", "title", "text", "headings", "field_errors", "password_fields",
            "iframes"} <= snap.keys()
    assert snap["main_headings"] == [{"level": 1, "text": "Contact us"}]
    assert snap["login"] == {"password_fields": 0, "headings": [], "buttons": []}
    assert snap["visible_fields"] == 3
    assert snap["captcha"][:2] == ["class:g-recaptcha",
                                   "iframe:https://www.google.com/recaptcha/api2/anchor?k=6Lc-key"]
    assert snap["main_text_length"] == len(snap["text"])
    assert "0800 404 1234" not in snap["text"]
