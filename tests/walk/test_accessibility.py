"""`inaccessible`: axe-core on the pages the customer stood on, judged by whether the customer
used the element (major) or it was elsewhere on the page (minor). Pages are built the way
real support pages are: an icon-only send button, aria-labelledby, placeholder-only inputs,
a chat launcher that is a div with an onclick."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.no_context_left]


def shop_page(body: str, title: str = "Contact us", head: str = "") -> str:
    """A page as a real shop writes it: a language, a title, landmarks."""
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=utf-8><title>{title}</title>"
            f"{head}</head><body><header><a href=\"/\">Northwind</a></header>"
            f"<main><h1>{title}</h1>{body}</main></body></html>")


# Labelled three ways a real form labels its fields, and an icon button with a name.
ACCESSIBLE_FORM = shop_page("""
<form id="f" onsubmit="event.preventDefault(); document.getElementById('done').textContent =
  'Thanks, we have received your message.'">
  <p><label for="name">Your name</label> <input id="name" autocomplete="name"></p>
  <p><span id="email-label">Email</span> <input id="email" aria-labelledby="email-label"></p>
  <p><label>Message <textarea id="message"></textarea></label></p>
  <button id="send" type="submit"><svg aria-hidden="true" width="16" height="16">
    <path d="M0 0L16 8L0 16z"/></svg><span class="sr-only">Send</span></button>
</form>
<p id="done" role="status"></p>
""", head="<style>.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;"
          "clip:rect(0 0 0 0)}</style>")

# What real sites get wrong: a caption beside a field but not tied to it, an svg-only
# button, and an unlabelled newsletter field elsewhere on the page (never used). A
# placeholder-only field is weak but named (axe-core accepts a placeholder as its name).
BROKEN_FORM = shop_page("""
<form id="f" onsubmit="event.preventDefault(); document.getElementById('done').textContent =
  'Thanks, we have received your message.'">
  <p><label for="name">Your name</label> <input id="name"></p>
  <p><span class="caption">Email</span> <input id="email" type="email"></p>
  <p><textarea id="message" placeholder="How can we help?"></textarea></p>
  <button id="send" type="submit" class="icon"><svg width="16" height="16">
    <path d="M0 0L16 8L0 16z"/></svg></button>
</form>
<p id="done" role="status"></p>
<footer><p>Newsletter <input id="newsletter" type="email"></p></footer>
""")

# A chat launcher as many widgets ship it: a div with an onclick and an icon, no name.
CHAT_LAUNCHER = shop_page("""
<div id="launcher" role="button" tabindex="0" onclick="
  document.getElementById('panel').hidden = false"><svg width="24" height="24">
  <circle cx="12" cy="12" r="10"/></svg></div>
<div id="panel" hidden><p>How can we help?</p></div>
""", title="Help")

SEND = """
name: Contact
channel: contact-form
steps:
  - goto: /contact
  - fill: {"#name": Ann, "#email": ann@example.com, "#message": "My order is late."}
  - click: "#send"
  - expect: {text: "we have received"}
"""


def inaccessible(result) -> list[tuple[str, str, int]]:
    return sorted((f.evidence["rule"], f.severity, f.step["index"])
                  for f in result.findings if f.code == "inaccessible")


def test_an_accessible_form_gives_no_finding(walk, pages):
    pages.page("/contact", ACCESSIBLE_FORM)
    walk.base_url = pages.url
    result = walk(SEND)
    assert result.status == "passed"
    assert inaccessible(result) == []
    scans = [scan for step in result.steps for scan in step.observed.get("accessibility", [])]
    assert scans and all(scan["violations"] == [] for scan in scans if "violations" in scan)


def test_fields_and_button_the_customer_used_are_major_the_footer_field_minor(walk, pages):
    pages.page("/contact", BROKEN_FORM)
    walk.base_url = pages.url
    result = walk(SEND)
    assert result.status == "passed"
    assert inaccessible(result) == [("button-name", "major", 0), ("label", "major", 0)]
    label = next(f for f in result.findings if f.evidence.get("rule") == "label")
    # One finding for the rule on the page, every element quoted, the used ones first.
    selectors = [e["selector"] for e in label.evidence["elements"]]
    assert selectors == ["#email", "#newsletter"]  # not the placeholder-named #message
    assert label.evidence["elements_used"] == 1
    assert label.message == "Screen-reader users cannot fill the form on /contact: " \
                            "1 field has no label."
    assert label.evidence["help_url"].startswith("https://dequeuniversity.com/rules/axe/")
    assert "<input" in label.evidence["elements"][0]["html"]


def test_an_unlabelled_field_the_customer_never_used_is_minor(walk, pages):
    pages.page("/contact", BROKEN_FORM)
    walk.base_url = pages.url
    result = walk("""
name: Look
channel: browse
steps:
  - goto: /contact
  - fill: {"#name": Ann}
""")
    assert inaccessible(result) == [("button-name", "minor", 0), ("label", "minor", 0)]


def test_a_nameless_chat_launcher_the_customer_clicked_is_major(walk, pages):
    pages.page("/help", CHAT_LAUNCHER)
    walk.base_url = pages.url
    result = walk("""
name: Chat
channel: chat
steps:
  - goto: /help
  - click: "#launcher svg"
  - expect: {text: "How can we help?"}
""")
    assert ("aria-command-name", "major", 0) in inaccessible(result)


def test_accessibility_false_turns_the_scan_off(walk, pages):
    pages.page("/contact", BROKEN_FORM)
    walk.base_url = pages.url
    result = walk("accessibility: false\n" + SEND)
    assert inaccessible(result) == []
    assert not any("accessibility" in step.observed for step in result.steps)


def test_a_page_that_refuses_scripts_is_still_scanned_or_said_not_measured(walk, pages):
    """A strict Content-Security-Policy governs the page's own scripts; axe-core, evaluated as
    the browser's debugger does, still runs. If it ever could not, the step says so."""
    pages.page("/contact", BROKEN_FORM.replace(' onsubmit="', ' data-x="'), headers={
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"})
    walk.base_url = pages.url
    result = walk("""
name: Look
channel: browse
steps:
  - goto: /contact
""")
    scan = result.steps[0].observed["accessibility"][0]
    assert scan.get("not_measured") or {v["id"] for v in scan["violations"]} >= {"label"}


def test_a_page_state_is_scanned_once(walk, pages):
    pages.page("/contact", BROKEN_FORM)
    walk.base_url = pages.url
    result = walk(SEND)
    scanned = [step.index for step in result.steps
               if any("violations" in scan for scan in step.observed.get("accessibility", []))]
    # The page as it opened, and as the acknowledgement changed it; typing changes no markup.
    assert scanned == [0, 2]
    # ...but the fields typed into are known to be used from then on.
    assert any("used_since" in scan for scan in result.steps[1].observed["accessibility"])


def test_a_closed_shadow_root_is_said_not_measured_never_blamed(walk, pages):
    """A web component with a closed shadow root: axe-core cannot enter it, so what is inside
    is "not measured" on the step (the probe knows the root is there), never a finding."""
    pages.page("/contact", shop_page("""
<contact-box></contact-box>
<script>
  const root = document.querySelector('contact-box').attachShadow({mode: 'closed'});
  root.innerHTML = '<input id="hidden-email"><button></button>';
</script>"""))
    walk.base_url = pages.url
    result = walk("""
name: Look
channel: browse
steps:
  - goto: /contact
""")
    scan = result.steps[0].observed["accessibility"][0]
    assert scan["closed_shadow_roots"] == 1
    assert inaccessible(result) == []
