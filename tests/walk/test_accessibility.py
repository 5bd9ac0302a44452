"""`inaccessible`: axe-core on the pages the customer stood on, judged by whether the customer
used the element (major) or it was elsewhere on the page (minor). Pages are built the way
real support pages are: an icon-only send button, aria-labelledby, placeholder-only inputs,
a chat launcher that is a div with an onclick."""

from __future__ import annotations

import dataclasses

import pytest

from runner.walk.engine import new_run_id

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


# --- one run's journeys share their scans ---------------------------------------------------

LOOK = """
name: Look
channel: browse
steps:
  - goto: /contact
"""


def scans_of(result) -> list[dict]:
    return [scan for step in result.steps for scan in step.observed.get("accessibility", [])
            if "violations" in scan]


def test_a_page_state_another_journey_of_the_run_scanned_is_carried_over_for_this_customer(
        walk, pages):
    """The second journey through the same contact page is not scanned again, yet its
    verdict is its own: the first customer looked (minor), the second typed into the
    unlabelled field and pressed the nameless button (major)."""
    pages.page("/contact", BROKEN_FORM)
    walk.base_url = pages.url
    run_id = new_run_id()
    looked = walk(LOOK, name="look", run_id=run_id)
    sent = walk(SEND, name="send", run_id=run_id)
    assert [scan.get("reused", False) for scan in scans_of(looked)] == [False]
    first, *later = scans_of(sent)
    assert first.get("reused") is True and "inject_ms" not in first
    assert not any(scan.get("reused") for scan in later)  # the acknowledged page is new
    assert inaccessible(looked) == [("button-name", "minor", 0), ("label", "minor", 0)]
    assert inaccessible(sent) == [("button-name", "major", 0), ("label", "major", 0)]
    # The carried-over elements are this document's: typing into them later is seen.
    assert any("used_since" in scan for scan in sent.steps[1].observed["accessibility"])
    label = next(f for f in sent.findings if f.evidence.get("rule") == "label")
    assert [e["selector"] for e in label.evidence["elements"]] == ["#email", "#newsletter"]


def test_another_run_or_another_viewport_scans_afresh(walk, pages):
    pages.page("/contact", BROKEN_FORM)
    walk.base_url = pages.url
    run_id = new_run_id()
    walk(LOOK, name="look", run_id=run_id)
    again = walk(LOOK, name="look", run_id=new_run_id())
    phone = walk(LOOK.replace("channel: browse", "channel: browse\ndevice: iPhone 13"),
                 name="phone", run_id=run_id)
    assert [scan.get("reused", False) for scan in scans_of(again) + scans_of(phone)] == \
        [False, False]
    assert inaccessible(again) == inaccessible(phone) == [
        ("button-name", "minor", 0), ("label", "minor", 0)]


def test_another_browser_in_the_same_run_scans_afresh(walk, pages):
    """`pytest --browser chromium --browser firefox` walks one run in two engines, which
    render (so judge contrast, sizes) each their own way."""
    pages.page("/contact", BROKEN_FORM)
    walk.base_url = pages.url
    run_id = new_run_id()
    walk(LOOK, name="look", run_id=run_id)
    walk.info = dataclasses.replace(walk.info, version=walk.info.version + "-other")
    other = walk(LOOK, name="look", run_id=run_id)
    assert [scan.get("reused", False) for scan in scans_of(other)] == [False]


def test_a_web_component_that_shows_something_else_is_a_new_page_state(walk, pages):
    """Same light DOM, other content in a shadow root (a launcher that renders what it
    fetched): the earlier scan's elements are all still there, but it is scanned afresh."""
    pages.page("/contact", shop_page("""
<contact-box></contact-box>
<script>
  const root = document.querySelector('contact-box').attachShadow({mode: 'open'});
  root.innerHTML = '<p>Email <input id="email"></p><p>Ticket ' +
    Math.random().toString(36).slice(2) + '</p>';
</script>"""))
    walk.base_url = pages.url
    run_id = new_run_id()
    first = walk(LOOK, name="look", run_id=run_id)
    second = walk(LOOK, name="look", run_id=run_id)
    assert [scan.get("reused", False) for scan in scans_of(first) + scans_of(second)] == \
        [False, False]
    assert ("label", "minor", 0) in inaccessible(second)


def test_an_earlier_scan_is_not_carried_over_unless_each_element_is_found_once(shared_browser):
    """The page changed between its read and the carrying over: an element gone, or a
    selector that now names two: no reuse (the caller scans afresh)."""
    from runner.walk.accessibility import FrameScan, reuse

    def earlier(*targets: object) -> FrameScan:
        return FrameScan("http://shop.test/contact", True, [{
            "id": "label", "impact": "critical", "nodes": [
                {"target": target, "html": "", "used": True} for target in targets]}], 1.0)

    context = shared_browser[0].new_context()
    try:
        page = context.new_page()
        page.set_content('<input id="email"><p class="twin"></p><p class="twin"></p>'
                         '<x-box></x-box><script>document.querySelector("x-box")'
                         '.attachShadow({mode: "open"}).innerHTML = "<input id=inner>";</script>')
        found = reuse(page.main_frame, True, earlier(["#email"], [["x-box", "#inner"]]))
        assert found is not None and found.reused
        assert [node["used"] for node in found.violations[0]["nodes"]] == [False, False]
        assert reuse(page.main_frame, True, earlier(["#email"], ["#gone"])) is None
        assert reuse(page.main_frame, True, earlier([".twin"])) is None
    finally:
        context.close()


# --- axe-core comes with the tab ----------------------------------------------------------

TWO_PAGES = """
name: Two pages
channel: browse
steps:
  - goto: /contact
  - goto: /help
"""


@pytest.fixture
def axe_sent(monkeypatch) -> list[str]:
    """The frames axe-core's 570 kB were sent to with a scan."""
    from axe_playwright_python.base import AXE_SCRIPT

    from runner.walk import accessibility

    sent: list[str] = []
    evaluate = accessibility.untraced.evaluate

    def recording(target, script, arg=None):
        if script == AXE_SCRIPT:
            sent.append(target.url)
        return evaluate(target, script, arg)

    monkeypatch.setattr(accessibility.untraced, "evaluate", recording)
    return sent


def test_axe_core_is_installed_with_the_tab_not_sent_with_each_scan(walk, pages, axe_sent):
    pages.page("/contact", BROKEN_FORM)
    pages.page("/help", CHAT_LAUNCHER)
    walk.base_url = pages.url
    result = walk(TWO_PAGES)
    scans = scans_of(result)
    assert [scan["url"].rsplit("/", 1)[1] for scan in scans] == ["contact", "help"]
    assert axe_sent == []
    assert all(scan["inject_ms"] > 0 for scan in scans)  # started in each document
    assert ("label", "minor", 0) in inaccessible(result)
    assert ("aria-command-name", "minor", 1) in inaccessible(result)


def test_a_tab_without_the_installer_is_sent_axe_core_with_the_scan(walk, pages, axe_sent,
                                                                      monkeypatch):
    from runner.walk import accessibility

    monkeypatch.setattr(accessibility, "INSTALLER", None)
    pages.page("/contact", BROKEN_FORM)
    pages.page("/help", CHAT_LAUNCHER)
    walk.base_url = pages.url
    result = walk(TWO_PAGES)
    assert [url.rsplit("/", 1)[1] for url in axe_sent] == ["contact", "help"]
    assert ("label", "minor", 0) in inaccessible(result)
    assert ("aria-command-name", "minor", 1) in inaccessible(result)
