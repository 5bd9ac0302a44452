"""A corpus of real-world page constructions (issue 15, item 8), served on 127.0.0.1.

Each page is built the way real sites build it (a CMS thank-you page whose header thanks
everybody, a HubSpot-style form embedded from another origin, a Cookiebot-style consent
dialog over the page, web components with open and closed shadow roots, a Bootstrap-style
toast, a React-style controlled form, ...), never the demo site's wording or markup.

Ground truth is taken in the page, on the page's clock, at the moment the page does the thing
(`markTruth(key)`: `performance.timeOrigin + performance.now()`), kept in `window.__truth`
and sent with `navigator.sendBeacon` to a truth server of its own (a beacon is neither a
fetch nor an XHR, so the tool does not count it among the requests an action made, and it
survives the page's unload; another origin, so the tool's route for the site's own requests,
answered in its Python process, never holds it while the journey ends). The journey's page
is closed after the walk; the truth stays on the server.

Three servers on 127.0.0.1, each on a free port (so each its own origin): `site` (the shop),
`embed` (the embedded form's vendor) and `receiver` (where the pages send their truth).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

# --- the in-page ground truth ------------------------------------------------------------

TRUTH_JS = """<script>
  window.__truth = {};
  // When the customer's click, key or submit reached the page's own scripts: the first
  // listener after the tool's probe (which the tool installs before any page script). The
  // page's handler may run later (a stall, a framework's own listeners first).
  ['click', 'keydown', 'submit'].forEach(function (type) {
    window.addEventListener(type, function () {
      window.__truth.lastEvent = {type: type, at: performance.timeOrigin + performance.now()};
    }, true);
  });
  window.markTruth = function (key, extra) {
    var at = performance.timeOrigin + performance.now();
    window.__truth[key] = at;
    var record = Object.assign({key: key, at: at, page: location.pathname}, extra || {});
    if (key === 'actionAt' && window.__truth.lastEvent) {
      record.event = window.__truth.lastEvent;
    }
    // After the page's own microtasks (the tool's MutationObserver among them): sending is
    // not free, and must not delay what is being timed. Still before an unload.
    queueMicrotask(function () {
      navigator.sendBeacon('@@TRUTH_URL@@/__truth', JSON.stringify(record));
    });
    return at;
  };
</script>"""


def document(body: str, *, title: str, lang: str = "en", head: str = "") -> str:
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{title}</title>{TRUTH_JS}{head}</head><body>{body}</body></html>")


# --- the server --------------------------------------------------------------------------

@dataclass
class Answer:
    """What a route answers, after `delay_s`."""

    body: str | bytes = ""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0


Route = Callable[["CorpusHandler"], Answer]


class TruthStore:
    """What the pages said they did, in arrival order (both origins write here)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._records: list[dict] = []

    def add(self, record: dict) -> None:
        with self._lock:
            self._records.append(record)

    def clear(self) -> None:
        with self._lock:
            self._records.clear()

    def records(self) -> list[dict]:
        with self._lock:
            return list(self._records)

    def latest(self, since: float = 0.0) -> dict[str, dict]:
        """key -> its latest record taken at or after `since` (epoch ms)."""
        return {record["key"]: record for record in self.records()
                if record.get("at", 0.0) >= since}


class CorpusHandler(BaseHTTPRequestHandler):
    server: CorpusServer
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self.body = b""
        self._serve()

    def do_HEAD(self) -> None:  # noqa: N802
        self.body = b""
        self._serve()

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        self.body = self.rfile.read(length) if length else b""
        self._serve()

    @property
    def path_only(self) -> str:
        return urlsplit(self.path).path

    def form(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.body.decode("utf-8", "replace")).items()}

    def _serve(self) -> None:
        path = self.path_only
        if path == "/__truth" and self.command == "POST":
            try:
                self.server.truth.add(json.loads(self.body or b"{}"))
            except ValueError:
                pass
            self._send(Answer(status=204))
            return
        route = self.server.routes.get((self.command if self.command != "HEAD" else "GET",
                                        path))
        answer = route(self) if route else Answer("<title>Not found</title><h1>Not found</h1>",
                                                  status=404)
        if answer.delay_s and self.server.closing.wait(answer.delay_s):
            self.close_connection = True
            return
        self._send(answer)

    def _send(self, answer: Answer) -> None:
        body = answer.body
        if isinstance(body, str):
            body = body.replace("@@TRUTH_URL@@", self.server.truth_url)
        data = body.encode() if isinstance(body, str) else body
        try:
            self.send_response(answer.status)
            if answer.status != 204:
                self.send_header("Content-Type", answer.content_type)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD" and data:
                self.wfile.write(data)
        except OSError:
            self.close_connection = True


class CorpusServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, truth: TruthStore) -> None:
        super().__init__(("127.0.0.1", 0), CorpusHandler)
        self.truth = truth
        self.routes: dict[tuple[str, str], Route] = {}
        self.closing = threading.Event()
        self.truth_url = ""  # where its pages send their truth (CorpusSite sets it)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001 - quiet
        pass

    def page(self, path: str, html: str | Callable[[], str]) -> None:
        self.routes[("GET", path)] = lambda h: Answer(html() if callable(html) else html)

    def route(self, method: str, path: str, route: Route) -> None:
        self.routes[(method, path)] = route

    def json(self, method: str, path: str, data: dict, delay_s: float = 0.0) -> None:
        self.routes[(method, path)] = lambda h: Answer(
            json.dumps(data), content_type="application/json", delay_s=delay_s)


class CorpusSite:
    """The shop, the embedded form's vendor and the truth's receiver, each on its own free
    port; stops by itself."""

    def __init__(self) -> None:
        self.truth = TruthStore()
        self.site = CorpusServer(self.truth)
        self.embed = CorpusServer(self.truth)
        self.receiver = CorpusServer(self.truth)
        self.servers = (self.site, self.embed, self.receiver)
        for server in self.servers:
            server.truth_url = self.receiver.url
        build_pages(self.site, self.embed)
        self._threads = [threading.Thread(target=server.serve_forever, args=(0.05,),
                                          daemon=True) for server in self.servers]

    @property
    def url(self) -> str:
        return self.site.url

    def __enter__(self) -> CorpusSite:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        for server in self.servers:
            server.closing.set()
            server.shutdown()
            server.server_close()

    def wait_for_truth(self, keys: tuple[str, ...], since: float = 0.0,
                       within_s: float = 3.0) -> dict[str, dict]:
        """The truth records taken since `since` (epoch ms), once every key in `keys` has
        come (or after `within_s`)."""
        deadline = time.monotonic() + within_s
        while True:
            latest = self.truth.latest(since)
            if all(key in latest for key in keys) or time.monotonic() >= deadline:
                return latest
            time.sleep(0.02)


# --- the pages ---------------------------------------------------------------------------
# Each builder adds its routes. Text the pages show is the sites' own: nothing here is
# worded for the tool's phrase lists.

def build_pages(site: CorpusServer, embed: CorpusServer) -> None:
    for builder in (open_shadow_form, closed_shadow_ack, closed_shadow_form, consent_overlay,
                    embedded_form, spa_pushstate, cms_thank_you, aria_live_toast,
                    late_reference, controlled_form, wizard, script_faults, languages,
                    background_post_then_slow_page, hidden_twin, footer_powered_by):
        builder(site, embed)


STYLE = """<style>
  body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1d1d1f}
  header,footer{padding:12px 24px;background:#f4f4f6} main{padding:24px;max-width:720px}
  label{display:block;margin-top:12px;font-weight:600}
  input,textarea,select{display:block;width:100%;max-width:420px;padding:6px;font:inherit}
  button,input[type=submit]{margin-top:16px;padding:8px 18px;font:inherit}
  nav a{margin-right:16px}
</style>"""


def open_shadow_form(site: CorpusServer, embed: CorpusServer) -> None:
    """A web component whose form, and its "done" message, live in an open shadow root."""
    component = """<script>
class SupportForm extends HTMLElement {
  constructor() { super(); this.attachShadow({mode: 'open'}); }
  connectedCallback() {
    this.shadowRoot.innerHTML = `
      <style>:host{display:block} label{display:block;margin-top:10px}
        .done{padding:12px;background:#e7f5ec;border-radius:6px}</style>
      <form part="form" novalidate>
        <label for="sf-name">Your name</label><input id="sf-name" name="name" autocomplete="name">
        <label for="sf-email">Email</label><input id="sf-email" name="email" type="email">
        <label for="sf-msg">Message</label><textarea id="sf-msg" name="message" rows="4"></textarea>
        <button type="submit" part="button">Send message</button>
      </form>
      <div class="done" role="status" hidden></div>`;
    const form = this.shadowRoot.querySelector('form');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      window.markTruth('actionAt');
      const body = new URLSearchParams(new FormData(form));
      fetch('/api/support-requests', {method: 'POST', body})
        .then((r) => r.json())
        .then((data) => {
          const done = this.shadowRoot.querySelector('.done');
          done.textContent = 'Thanks! We\\'ve received your message. Your reference is ' +
            data.reference + '. We\\'ll reply within 1 business day.';
          form.hidden = true;
          done.hidden = false;
          window.markTruth('ackShownAt');
        });
    });
  }
}
customElements.define('support-form', SupportForm);
</script>"""
    site.page("/outdoor/support", document(
        '<header><strong>Fernhill Outdoor</strong> <nav><a href="/outdoor/">Shop</a>'
        '<a href="/outdoor/support">Support</a></nav></header>'
        "<main><h1>Contact our support team</h1><support-form></support-form></main>",
        title="Support – Fernhill Outdoor", head=STYLE + component))
    site.json("POST", "/api/support-requests", {"reference": "SR-48213"}, delay_s=0.35)


def closed_shadow_ack(site: CorpusServer, embed: CorpusServer) -> None:
    """A light-DOM request form; the flash message is drawn inside a CLOSED shadow root."""
    component = """<script>
class HdFlash extends HTMLElement {
  #root;
  constructor() {
    super();
    this.#root = this.attachShadow({mode: 'closed'});
    this.#root.innerHTML = '<style>.flash{display:none;padding:12px;background:#e8f0fe}' +
      '.flash.visible{display:block}</style><div class="flash" role="alert"></div>';
  }
  show(text) {
    const box = this.#root.querySelector('.flash');
    box.textContent = text;
    box.classList.add('visible');
    window.markTruth('ackShownAt');
  }
}
customElements.define('hd-flash', HdFlash);
</script>"""
    script = """<script>
document.getElementById('new_request').addEventListener('submit', (event) => {
  event.preventDefault();
  window.markTruth('actionAt');
  const form = event.target;
  fetch('/hc/requests', {method: 'POST', body: new URLSearchParams(new FormData(form))})
    .then((r) => r.json())
    .then((data) => {
      form.reset();
      document.querySelector('hd-flash').show('Thank you! Your request was received. Case ' +
        data.case + ' \\u2014 we reply within 24 hours.');
    });
});
</script>"""
    site.page("/hc/requests/new", document(
        '<header><strong>Helio Help Center</strong></header>'
        '<main><hd-flash></hd-flash><h1>Submit a request</h1>'
        '<form id="new_request" class="request-form" novalidate>'
        '<label for="request_anonymous_requester_email">Your email address</label>'
        '<input id="request_anonymous_requester_email" name="email" type="email">'
        '<label for="request_subject">Subject</label><input id="request_subject" name="subject">'
        '<label for="request_description">Description</label>'
        '<textarea id="request_description" name="description" rows="5"></textarea>'
        '<input type="submit" name="commit" value="Submit"></form></main>' + script,
        title="Submit a request – Helio", head=STYLE + component))
    site.json("POST", "/hc/requests", {"case": "CX-20931"}, delay_s=0.4)


def closed_shadow_form(site: CorpusServer, embed: CorpusServer) -> None:
    """A call-back widget whose whole form lives in a CLOSED shadow root: a customer can use
    it, no script outside the component can reach into it."""
    component = """<script>
class CallbackWidget extends HTMLElement {
  constructor() {
    super();
    const root = this.attachShadow({mode: 'closed'});
    root.innerHTML = `<style>label{display:block;margin-top:10px}</style>
      <form novalidate><label for="cb-email">Email</label><input id="cb-email" type="email">
      <label for="cb-phone">Phone number</label><input id="cb-phone" type="tel">
      <button type="submit">Call me back</button></form>
      <p class="ok" hidden>Thanks! We have received your request and will call you
        within 2 hours.</p>`;
    root.querySelector('form').addEventListener('submit', (event) => {
      event.preventDefault();
      window.markTruth('actionAt');
      setTimeout(() => {
        root.querySelector('.ok').hidden = false;
        window.markTruth('ackShownAt');
      }, 300);
    });
  }
}
customElements.define('callback-widget', CallbackWidget);
</script>"""
    site.page("/energy/callback", document(
        "<header><strong>Volt Energy</strong></header>"
        "<main><h1>Request a call back</h1><callback-widget></callback-widget></main>",
        title="Call back – Volt Energy", head=STYLE + component))


CONTACT_FORM = """<form id="contact" novalidate>
  <label for="c-name">Name</label><input id="c-name" name="name" autocomplete="name">
  <label for="c-email">Email</label><input id="c-email" name="email" type="email">
  <label for="c-message">Message</label><textarea id="c-message" name="message" rows="4"></textarea>
  <button type="submit">Send</button>
</form>
<div id="contact-result" role="status"></div>"""


def consent_overlay(site: CorpusServer, embed: CorpusServer) -> None:
    """A Cookiebot-style consent dialog: a fixed, full-screen `role=dialog` over the page
    until the customer answers it."""
    dialog = """<div id="CybotCookiebotDialog" role="dialog" aria-modal="true"
  aria-labelledby="CybotCookiebotDialogBodyContentTitle"
  style="position:fixed;inset:0;z-index:2147483631;background:rgba(20,20,30,.55);
         display:flex;align-items:flex-end;justify-content:center">
  <div class="CybotCookiebotDialogContentWrapper"
       style="background:#fff;width:100%;max-width:960px;padding:20px 28px">
    <h2 id="CybotCookiebotDialogBodyContentTitle">This website uses cookies</h2>
    <p>We use cookies to personalise content and ads, to provide social media features and to
      analyse our traffic. You can change your choice at any time.</p>
    <button id="CybotCookiebotDialogBodyButtonDecline">Use necessary cookies only</button>
    <button id="CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll">Allow all</button>
  </div>
</div>"""
    script = """<script>
for (const id of ['CybotCookiebotDialogBodyButtonDecline',
                  'CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll']) {
  document.getElementById(id).addEventListener('click', () => {
    document.getElementById('CybotCookiebotDialog').style.display = 'none';
  });
}
document.getElementById('contact').addEventListener('submit', (event) => {
  event.preventDefault();
  window.markTruth('actionAt');
  fetch('/api/contact', {method: 'POST', body: new URLSearchParams(new FormData(event.target))})
    .then(() => {
      event.target.reset();
      document.getElementById('contact-result').textContent = 'Thanks for reaching out! ' +
        'We\\'ve received your message and will get back to you within 2 business days.';
      window.markTruth('ackShownAt');
    });
});
</script>"""
    site.page("/tea/contact", document(
        "<main><h1>Contact Hillside Tea</h1>" + CONTACT_FORM + "</main>" + dialog + script,
        title="Contact – Hillside Tea", head=STYLE))
    site.json("POST", "/api/contact", {"ok": True}, delay_s=0.3)


def embedded_form(site: CorpusServer, embed: CorpusServer) -> None:
    """A HubSpot-style form embedded in an iframe served by the vendor's own origin."""
    site.page("/pages/contact-us", lambda: document(
        "<header><strong>Quarry Analytics</strong></header>"
        "<main><h1>Talk to sales</h1><p>Tell us about your team.</p>"
        '<div class="hbspt-form" id="hbspt-form-4f1c">'
        f'<iframe id="hs-form-iframe-0" class="hs-form-iframe" title="Form 0" '
        f'src="{embed.url}/embed/v3/form/4f1c" style="width:100%;height:460px;border:0">'
        "</iframe></div></main>",
        title="Contact us – Quarry Analytics", head=STYLE))
    form = """<form class="hs-form stacked" id="hsForm_4f1c" novalidate>
  <div class="hs_firstname hs-form-field">
    <label for="firstname-4f1c"><span>First name</span></label>
    <div class="input"><input id="firstname-4f1c" name="firstname" class="hs-input" type="text">
    </div></div>
  <div class="hs_email hs-form-field"><label for="email-4f1c"><span>Email</span><span
    class="hs-form-required">*</span></label>
    <div class="input"><input id="email-4f1c" name="email" class="hs-input" type="email">
    </div></div>
  <div class="hs_message hs-form-field"><label for="message-4f1c"><span>Message</span></label>
    <div class="input"><textarea id="message-4f1c" name="message" class="hs-input"></textarea>
    </div></div>
  <div class="hs_submit hs-submit"><div class="actions">
    <input type="submit" class="hs-button primary large" value="Submit"></div></div>
</form>"""
    script = """<script>
document.getElementById('hsForm_4f1c').addEventListener('submit', (event) => {
  event.preventDefault();
  window.markTruth('actionAt');
  fetch('/submissions/v3/4f1c', {method: 'POST',
                                 body: new URLSearchParams(new FormData(event.target))})
    .then(() => {
      const done = document.createElement('div');
      done.className = 'submitted-message hs-main-font-element';
      done.textContent = 'Thanks for submitting the form. ' +
        'We\\'ll get back to you within 2 business days.';
      event.target.replaceWith(done);
      window.markTruth('ackShownAt');
    });
});
</script>"""
    embed.page("/embed/v3/form/4f1c", document(form + script, title="Form", head=STYLE))
    embed.json("POST", "/submissions/v3/4f1c", {"inlineMessage": "ok"}, delay_s=0.45)


def spa_pushstate(site: CorpusServer, embed: CorpusServer) -> None:
    """A single-page app: submit posts with fetch, then the router pushes /thanks and the
    app renders the thank-you view (no document load)."""
    app = """<script>
const app = document.getElementById('root');
const shell = (view) => `<header class="app-header"><strong>Orbit Mobile</strong>
  <nav><a href="/app/plans">Plans</a><a href="/app/phones">Phones</a>
    <a href="/app/help">Help</a></nav>
  </header><main>${view}</main><footer>Orbit Mobile Ltd</footer>`;
const contactView = () => `<h1>Get in touch</h1>
  <form id="ticket" novalidate>
    <label for="t-name">Name</label><input id="t-name" name="name">
    <label for="t-email">Email</label><input id="t-email" name="email" type="email">
    <label for="t-body">How can we help?</label><textarea id="t-body" name="body"></textarea>
    <button type="submit">Send</button></form>`;
const thanksView = (ticket) => `<section class="thanks"><h1>Thanks for getting in touch!</h1>
  <p>Your ticket number is ${ticket}. Our team replies within 2 business days.</p></section>`;
function render() {
  if (location.pathname === '/app/contact/thanks') {
    app.innerHTML = shell(thanksView(history.state && history.state.ticket));
    window.markTruth('ackShownAt');
    return;
  }
  app.innerHTML = shell(contactView());
  document.getElementById('ticket').addEventListener('submit', (event) => {
    event.preventDefault();
    window.markTruth('actionAt');
    fetch('/api/tickets', {method: 'POST', body: new URLSearchParams(new FormData(event.target))})
      .then((r) => r.json())
      .then((data) => {
        history.pushState({ticket: data.ticket}, '', '/app/contact/thanks');
        render();
      });
  });
}
window.addEventListener('popstate', render);
render();
</script>"""
    site.page("/app/contact", document('<div id="root"></div>' + app,
                                       title="Orbit Mobile", head=STYLE))
    site.json("POST", "/api/tickets", {"ticket": "TK-55120"}, delay_s=0.3)


def _dental_chrome(main: str) -> str:
    return ('<header class="site-header"><div class="topbar">Thank you for choosing Lakeside '
            'Dental \u2014 caring for smiles since 1998</div>'
            '<div class="site-branding"><a href="/dental/">Lakeside Dental</a></div>'
            '<nav class="main-navigation" aria-label="Primary"><ul class="menu">'
            '<li><a href="/dental/">Home</a></li><li><a href="/dental/treatments">Treatments'
            '</a></li><li><a href="/dental/team">Our team</a></li>'
            '<li><a href="/dental/appointment">Book</a></li></ul></nav></header>'
            f'<main id="content" class="site-main">{main}</main>'
            '<footer class="site-footer"><nav aria-label="Footer"><a href="/dental/privacy">'
            'Privacy</a><a href="/dental/accessibility">Accessibility</a></nav>'
            '<p class="site-info">Thanks for visiting! \u00a9 2025 Lakeside Dental</p></footer>')


def cms_thank_you(site: CorpusServer, embed: CorpusServer) -> None:
    """A CMS form posting to the server, redirected (303) to a thank-you page whose header,
    navigation and footer thank the visitor whatever happened."""
    def form_page(next_page: str) -> str:
        return document(_dental_chrome(
            '<article class="page"><h1 class="entry-title">Request an appointment</h1>'
            '<form class="wpcf7-form" method="post" action="/dental/appointment/send">'
            f'<input type="hidden" name="_next" value="{next_page}">'
            '<label for="your-name">Full name</label><input id="your-name" name="your-name">'
            '<label for="your-email">Email</label>'
            '<input id="your-email" name="your-email" type="email">'
            '<label for="your-phone">Phone</label><input id="your-phone" name="your-phone">'
            '<button type="submit" class="wpcf7-submit">Request appointment</button></form>'
            "</article>"
            "<script>document.querySelector('.wpcf7-form').addEventListener('submit', () => "
            "window.markTruth('actionAt'));</script>"),
            title="Request an appointment – Lakeside Dental", head=STYLE)

    site.page("/dental/appointment", form_page("/dental/thank-you"))
    site.page("/dental/appointment-online", form_page("/dental/thank-you-online"))
    site.route("POST", "/dental/appointment/send", lambda h: Answer(
        "", status=303, headers={"Location": h.form().get("_next", "/dental/thank-you")}))
    # The main content acknowledges nothing: only the site's chrome says "thank you".
    site.page("/dental/thank-you", document(_dental_chrome(
        '<article class="page"><h1 class="entry-title">Next steps</h1>'
        '<div class="entry-content"><p>While you wait, read our guide to your first visit.</p>'
        '<p><a href="/dental/first-visit">Your first visit</a></p></div></article>'),
        title="Thank you – Lakeside Dental", head=STYLE))
    # The practice-management plugin writes the acknowledgement 1.4 s after the page loaded.
    site.page("/dental/thank-you-online", document(_dental_chrome(
        '<article class="page"><h1 class="entry-title">Appointment request</h1>'
        '<div class="wpcf7-response-output" aria-live="polite"></div></article>'
        "<script>window.addEventListener('load', () => setTimeout(() => {"
        "document.querySelector('.wpcf7-response-output').textContent = 'We have received "
        "your appointment request. Our reception team will call you within 1 business day.';"
        "window.markTruth('ackShownAt');}, 1400));</script>"),
        title="Thank you – Lakeside Dental", head=STYLE))


def aria_live_toast(site: CorpusServer, embed: CorpusServer) -> None:
    """A Bootstrap-style toast in an aria-live region: hidden, shown for 3 s, hidden again."""
    body = """<main><h1>Request a quote</h1>
<form id="quote" novalidate>
  <label for="q-company">Company</label><input id="q-company" name="company">
  <label for="q-email">Work email</label><input id="q-email" name="email" type="email">
  <label for="q-brief">Project brief</label><textarea id="q-brief" name="brief"></textarea>
  <button type="submit" class="btn btn-primary">Send brief</button>
</form></main>
<div class="toast-container position-fixed bottom-0 end-0 p-3" aria-live="polite"
     aria-atomic="true">
  <div id="sentToast" class="toast" role="status">
    <div class="toast-body">Message sent! We'll reply within 24 hours.</div>
  </div>
</div>
<script>
document.getElementById('quote').addEventListener('submit', (event) => {
  event.preventDefault();
  window.markTruth('actionAt');
  fetch('/api/quotes', {method: 'POST', body: new URLSearchParams(new FormData(event.target))})
    .then(() => {
      event.target.reset();
      const toast = document.getElementById('sentToast');
      toast.classList.add('show');
      window.markTruth('ackShownAt');
      setTimeout(() => {
        toast.classList.remove('show');
        window.markTruth('toastHiddenAt');
      }, 3000);
    });
});
</script>"""
    site.page("/agency/quote", document(
        body, title="Request a quote – Pixel & Pine",
        head=STYLE + "<style>.toast{display:none}.toast.show{display:block}</style>"))
    site.json("POST", "/api/quotes", {"ok": True}, delay_s=0.25)


def late_reference(site: CorpusServer, embed: CorpusServer) -> None:
    """"Thanks!" at once; the reference number is fetched and added 600 ms later."""
    body = """<main><h1>Message the help desk</h1>
<form id="helpdesk" novalidate>
  <label for="h-email">Email</label><input id="h-email" name="email" type="email">
  <label for="h-message">Your question</label><textarea id="h-message" name="message"></textarea>
  <button type="submit">Send question</button>
</form>
<div id="helpdesk-status" class="notice" aria-live="polite"></div></main>
<script>
document.getElementById('helpdesk').addEventListener('submit', (event) => {
  event.preventDefault();
  window.markTruth('actionAt');
  const status = document.getElementById('helpdesk-status');
  fetch('/api/messages', {method: 'POST', body: new URLSearchParams(new FormData(event.target))})
    .then((r) => r.json())
    .then((message) => {
      status.innerHTML = '<p>Thanks! We\\'ve got your message.</p>';
      window.markTruth('ackShownAt');
      return message;
    })
    .then((message) => fetch('/api/messages/' + message.id + '/reference'))
    .then((r) => r.json())
    .then((ref) => {
      const line = document.createElement('p');
      line.textContent = 'Your reference is ' + ref.reference +
        '. We will reply within 2 business days.';
      status.appendChild(line);
      window.markTruth('referenceShownAt');
    });
});
</script>"""
    site.page("/desk/ask", document(body, title="Help desk – Tidewater Bank", head=STYLE))
    site.json("POST", "/api/messages", {"id": "m-7731"}, delay_s=0.25)
    site.json("GET", "/api/messages/m-7731/reference", {"reference": "HD-73104"}, delay_s=0.6)


def controlled_form(site: CorpusServer, embed: CorpusServer) -> None:
    """A React-style controlled form: state from input events, the submit button disabled
    until the fields are valid, "Sending…" while the request is under way."""
    body = """<main><h1>Contact us</h1><div id="root"></div></main>
<script>
const state = {name: '', email: '', message: '', sending: false, sent: false};
const valid = () => state.name.trim().length > 1
  && /^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$/.test(state.email)
  && state.message.trim().length >= 10;
const root = document.getElementById('root');
root.innerHTML = `<form novalidate>
  <label for="f-name">Full name</label><input id="f-name" name="name">
  <label for="f-email">Email address</label><input id="f-email" name="email" type="email">
  <label for="f-message">How can we help?</label><textarea id="f-message" name="message"></textarea>
  <p class="hint" aria-live="polite"></p>
  <button type="submit" disabled>Send request</button></form>
  <div class="alert" role="alert" hidden></div>`;
const form = root.querySelector('form');
const button = form.querySelector('button');
let scheduled = false;
function setState(patch) {
  Object.assign(state, patch);
  if (scheduled) return;
  scheduled = true;
  queueMicrotask(() => { scheduled = false; renderState(); });  // batched, like React 18
}
function renderState() {
  button.disabled = !valid() || state.sending;
  button.textContent = state.sending ? 'Sending\\u2026' : 'Send request';
  if (state.sent) {
    const alert = root.querySelector('.alert');
    alert.textContent = 'Thank you, we\\'ve received your request. ' +
      'We\\'ll answer within 1 business day.';
    alert.hidden = false;
    form.hidden = true;
    window.markTruth('ackShownAt');
  }
}
form.addEventListener('input', (event) => setState({[event.target.name]: event.target.value}));
form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!valid()) return;
  window.markTruth('actionAt', {enabledBeforeClick: true});
  setState({sending: true});
  fetch('/api/requests', {method: 'POST', body: JSON.stringify(state)})
    .then(() => setState({sending: false, sent: true}));
});
</script>"""
    site.page("/react/contact", document(body, title="Contact – Lumen Insurance", head=STYLE))
    site.json("POST", "/api/requests", {"ok": True}, delay_s=0.4)


def wizard(site: CorpusServer, embed: CorpusServer) -> None:
    """A three-step claim wizard in one form: each step a fieldset, one shown at a time."""
    body = """<main><h1>Make a claim</h1>
<form id="claim" novalidate>
  <fieldset data-step="1"><legend>Step 1 of 3: About you</legend>
    <label for="w-first">First name</label><input id="w-first" name="first">
    <label for="w-email">Email</label><input id="w-email" name="email" type="email">
    <button type="button" class="next">Continue</button></fieldset>
  <fieldset data-step="2" hidden><legend>Step 2 of 3: Your order</legend>
    <label for="w-order">Order number</label><input id="w-order" name="order">
    <label for="w-reason">What happened?</label>
    <select id="w-reason" name="reason"><option value="">Choose one</option>
      <option>Arrived damaged</option><option>Never arrived</option>
      <option>Wrong item</option></select>
    <button type="button" class="next">Continue</button></fieldset>
  <fieldset data-step="3" hidden><legend>Step 3 of 3: Details</legend>
    <label for="w-details">Tell us more</label><textarea id="w-details" name="details"></textarea>
    <button type="submit">Submit claim</button></fieldset>
</form>
<div id="claim-result" role="status"></div></main>
<script>
const steps = [...document.querySelectorAll('#claim fieldset')];
steps.forEach((step, i) => {
  const next = step.querySelector('.next');
  if (!next) return;
  next.addEventListener('click', () => { step.hidden = true; steps[i + 1].hidden = false; });
});
document.getElementById('claim').addEventListener('submit', (event) => {
  event.preventDefault();
  window.markTruth('actionAt');
  fetch('/api/claims', {method: 'POST', body: new URLSearchParams(new FormData(event.target))})
    .then((r) => r.json())
    .then((claim) => {
      event.target.hidden = true;
      document.getElementById('claim-result').textContent = 'Thank you \\u2014 your claim has ' +
        'been submitted. Claim number ' + claim.number +
        '. We\\'ll be in touch within 3 working days.';
      window.markTruth('ackShownAt');
    });
});
</script>"""
    site.page("/claims/new", document(body, title="Make a claim – Parcelly", head=STYLE))
    site.json("POST", "/api/claims", {"number": "CL-88231"}, delay_s=0.4)


def script_faults(site: CorpusServer, embed: CorpusServer) -> None:
    """One enquiry form, three ways its third-party scripts go wrong on submit
    (?fault=console | uncaught | rejection): the customer is acknowledged every time."""
    body = """<main><h1>Start a project</h1>
<form id="enquiry" novalidate>
  <label for="e-name">Name</label><input id="e-name" name="name">
  <label for="e-email">Email</label><input id="e-email" name="email" type="email">
  <label for="e-details">Project details</label><textarea id="e-details" name="details"></textarea>
  <button type="submit">Send enquiry</button>
</form>
<div id="enquiry-result" role="status"></div></main>
<script>
const fault = new URLSearchParams(location.search).get('fault');
async function sendConversion() {
  throw new Error('Conversion not sent: consent for ad_storage missing');
}
document.getElementById('enquiry').addEventListener('submit', (event) => {
  event.preventDefault();
  window.markTruth('actionAt');
  setTimeout(() => {
    document.getElementById('enquiry-result').textContent = 'Thanks for your enquiry! ' +
      'We\\'ve received it and will reply within 2 working days.';
    window.markTruth('ackShownAt');
  }, 250);
  if (fault === 'console') console.error('[Intercom] Messenger failed to boot: missing app_id');
  if (fault === 'rejection') sendConversion();  // nobody awaits it: an unhandled rejection
  if (fault === 'uncaught') window.analytics.track('Enquiry Sent');  // analytics never loaded
});
</script>"""
    site.page("/studio/start", document(body, title="Start a project – Kiln Studio",
                                        head=STYLE))


LANGUAGE_PAGES = {
    "de": ("/de/kontakt", "Kontakt – Bergblick Reisen", "Kontakt",
           ("Name", "E-Mail", "Ihre Nachricht"), "Absenden",
           "Vielen Dank! Ihre Anfrage ist eingegangen. Wir antworten innerhalb von 24 Stunden."),
    "fr": ("/fr/contact", "Contact – Maison Lavande", "Nous contacter",
           ("Nom", "Adresse e-mail", "Votre message"), "Envoyer",
           "Merci ! Votre demande a bien été reçue. Nous vous répondrons dans les 48 heures."),
    "es": ("/es/contacto", "Contacto – Casa Olivo", "Contacto",
           ("Nombre", "Correo electrónico", "Su mensaje"), "Enviar",
           "¡Gracias! Hemos recibido su solicitud. Le responderemos en un plazo de 24 horas."),
}


def languages(site: CorpusServer, embed: CorpusServer) -> None:
    """The same contact form in German, French and Spanish (`<html lang>` says which)."""
    for lang, (path, title, heading, labels, button, ack) in LANGUAGE_PAGES.items():
        fields = "".join(
            f'<label for="l-{i}">{label}</label>'
            + (f'<textarea id="l-{i}" name="f{i}"></textarea>' if i == 2
               else f'<input id="l-{i}" name="f{i}">')
            for i, label in enumerate(labels))
        site.page(path, document(
            f'<main><h1>{heading}</h1><form id="kontakt" novalidate>{fields}'
            f'<button type="submit">{button}</button></form>'
            '<div id="kontakt-result" role="status"></div></main>'
            "<script>document.getElementById('kontakt').addEventListener('submit', (e) => {"
            "e.preventDefault(); window.markTruth('actionAt');"
            f"fetch('/api/{lang}/contact', {{method: 'POST'}}).then(() => {{"
            f"document.getElementById('kontakt-result').textContent = {json.dumps(ack)};"
            "window.markTruth('ackShownAt');});});</script>",
            title=title, lang=lang, head=STYLE))
        site.json("POST", f"/api/{lang}/contact", {"ok": True}, delay_s=0.3)


def background_post_then_slow_page(site: CorpusServer, embed: CorpusServer) -> None:
    """A button that posts in the background (fetch), then sends the browser to the
    confirmation page, which is slow to answer and slow to load (a hero image)."""
    # ?then=answer: location set as the post is answered; json: once its body is read;
    # tag: once an analytics tag says it sent the conversion (gtag's event_callback), 150 ms on.
    booking = """<main><h1>Book a call back</h1>
<label for="b-phone">Phone</label><input id="b-phone" name="phone" type="tel">
<button type="button" id="book">Request call back</button></main>
<script>
const then = new URLSearchParams(location.search).get('then') || 'json';
const gtag = (event, name, params) => setTimeout(params.event_callback, 150);
document.getElementById('book').addEventListener('click', () => {
  window.markTruth('actionAt');
  const next = (id) => { window.location.href = '/callback/confirmed?id=' + id; };
  const posted = fetch('/api/callbacks', {method: 'POST',
                                          body: document.getElementById('b-phone').value});
  if (then === 'answer') { posted.then(() => next('RQ-4410')); return; }
  posted.then((r) => r.json()).then((booking) => {
    if (then === 'tag') {
      gtag('event', 'generate_lead', {event_callback: () => next(booking.id)});
    } else {
      next(booking.id);
    }
  });
});
</script>"""
    site.page("/callback/book", document(booking, title="Book a call back – Northshore "
                                                         "Broadband", head=STYLE))
    site.json("POST", "/api/callbacks", {"id": "RQ-4410"}, delay_s=0.25)
    confirmed = document(
        '<main><img src="/static/callback-hero.svg" alt="" width="320" height="120">'
        "<h1>You're booked</h1>"
        # Rendered by the page's script, so the moment it appears is known exactly.
        "<script>const booked = document.createElement('p'); booked.id = 'booked';"
        "booked.textContent = 'Thank you! Your call back request RQ-4410 is booked. We will "
        "call you within 2 hours.'; document.currentScript.before(booked);"
        "window.markTruth('ackShownAt');</script></main>"
        "<script>window.addEventListener('load', () => setTimeout(() => {"
        "const nav = performance.getEntriesByType('navigation')[0];"
        "window.markTruth('loadEnd', {loadEnd: performance.timeOrigin + nav.loadEventEnd});"
        "}, 0));</script>",
        title="Booked – Northshore Broadband", head=STYLE)
    site.route("GET", "/callback/confirmed", lambda h: Answer(confirmed, delay_s=0.9))
    site.route("GET", "/static/callback-hero.svg", lambda h: Answer(
        '<svg xmlns="http://www.w3.org/2000/svg" width="320" height="120">'
        '<rect width="320" height="120" fill="#cde"/></svg>',
        content_type="image/svg+xml", delay_s=0.4))


def hidden_twin(site: CorpusServer, embed: CorpusServer) -> None:
    """Two forms with the same labels; the first (an invoice copy form) is hidden."""
    body = """<main><h1>Billing help</h1>
<section class="invoice-copy" hidden><h2>Email me a copy of my invoice</h2>
  <form id="invoice-copy" novalidate>
    <label for="inv-email">Email</label><input id="inv-email" name="email" type="email">
    <label for="inv-message">Message</label><textarea id="inv-message" name="message"></textarea>
    <button type="submit">Send</button></form></section>
<section class="billing-question"><h2>Ask about a bill</h2>
  <form id="billing-question" novalidate>
    <label for="bq-email">Email</label><input id="bq-email" name="email" type="email">
    <label for="bq-message">Message</label><textarea id="bq-message" name="message"></textarea>
    <button type="submit">Send</button></form>
  <div id="billing-result" role="status"></div></section></main>
<script>
for (const form of document.querySelectorAll('form')) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    window.markTruth('actionAt', {form: form.id, email: form.elements.email.value});
    setTimeout(() => {
      document.getElementById('billing-result').textContent = 'Thanks \\u2014 we\\'ve received ' +
        'your billing question and will reply within 1 business day.';
      window.markTruth('ackShownAt');
    }, 300);
  });
}
</script>"""
    site.page("/billing/help", document(body, title="Billing help – Brightwater", head=STYLE))


def footer_powered_by(site: CorpusServer, embed: CorpusServer) -> None:
    """Thanks and "powered by" in the footer's nav from the start; on submit the app
    re-renders its footer (same words) and resets the form, and says nothing else."""
    body = """<header><strong>Birch &amp; Co.</strong></header>
<main><h1>Contact</h1>
<form id="contact-birch" novalidate>
  <label for="bc-name">Name</label><input id="bc-name" name="name">
  <label for="bc-email">Email</label><input id="bc-email" name="email" type="email">
  <label for="bc-message">Message</label><textarea id="bc-message" name="message"></textarea>
  <button type="submit">Send</button>
</form></main>
<footer class="site-footer"></footer>
<script>
const footer = document.querySelector('footer');
const renderFooter = () => {
  footer.innerHTML = '<nav aria-label="Footer"><ul>' +
    '<li><a href="/store/shipping">Shipping</a></li>' +
    '<li><a href="/store/returns">Returns</a></li></ul>' +
    '<p class="credit">Thank you for visiting Birch &amp; Co. \\u00b7 ' +
    'Powered by Craftfolio</p></nav>';
};
renderFooter();
document.getElementById('contact-birch').addEventListener('submit', (event) => {
  event.preventDefault();
  window.markTruth('actionAt');
  const body = new URLSearchParams(new FormData(event.target));
  fetch('/api/birch/contact', {method: 'POST', body})
    .then(() => { event.target.reset(); renderFooter(); window.markTruth('footerRenderedAt'); });
});
</script>"""
    site.page("/store/contact", document(body, title="Contact – Birch & Co.", head=STYLE))
    site.json("POST", "/api/birch/contact", {"ok": True}, delay_s=0.2)
