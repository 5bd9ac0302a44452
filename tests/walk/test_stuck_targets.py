"""A target that never came says why (SPEC "When the tool, not the site, is stuck").

A mistyped locator, a consent dialog that takes the click, a form embedded from another
origin and a field in a closed shadow root once all read "…: nothing after 30 s". Each now
names what the tool saw, and the one a customer could use but the tool cannot reach is
"not measured" (status `error`), never a finding against the site.
"""

from __future__ import annotations

import pytest
from support.pages import loopback_pages, page

ACK_SCRIPT = """<script>
document.querySelectorAll('form').forEach(f => f.addEventListener('submit', e => {
  e.preventDefault();
  const p = document.createElement('p');
  p.textContent = 'Thank you, we have received your message.';
  f.after(p);
}));
</script>"""
FORM = """<form><label for="{id}">Email</label><input id="{id}" type="email">
<button type="submit">Send</button></form>"""


def journey(url: str, steps: str) -> str:
    return f"""name: Stuck somewhere
channel: contact-form
persona: ann
sla: {{acknowledgement: 2s}}
steps:
  - goto: {url}
{steps}"""


def only_finding(result) -> object:
    assert result.status == "failed", (result.status, result.error)
    assert [f.code for f in result.findings] == ["dead-end"], result.findings
    return result.findings[0]


def test_a_mistyped_field_names_the_field_it_is_close_to(walk, pages):
    pages.page("/contact", page(FORM.format(id="email") + ACK_SCRIPT))
    result = walk(journey(f"{pages.url}/contact", """
  - fill:
      - locator: {label: Emial}
        value: ann@example.com
    timeout: 1s
"""))
    found = only_finding(result)
    assert "label=Emial" in found.message
    assert 'a field labelled "Email"' in found.message
    assert found.evidence["diagnosis"]["near_matches"] == ['a field labelled "Email"']
    assert any("waiting for" in line for line in found.evidence["diagnosis"]["call_log"])


def test_a_consent_dialog_that_takes_the_click_is_named_with_the_step_that_dismisses_it(
        walk, pages):
    banner = """<div role="dialog" aria-modal="true" aria-label="Cookie consent"
      style="position:fixed;inset:0;background:rgba(0,0,0,.4);z-index:9">
      <p>We use cookies to improve your experience.</p>
      <button>Cookie settings</button><button>Accept all</button></div>"""
    pages.page("/contact", page(FORM.format(id="email") + banner + ACK_SCRIPT))
    result = walk(journey(f"{pages.url}/contact", """
  - fill: {"#email": ann@example.com}
    timeout: 1s
  - click: {role: button, name: Send}
    timeout: 1s
"""))
    found = only_finding(result)
    assert found.step["index"] == 2
    assert 'covered by <div role="dialog"> ("Cookie consent")' in found.message
    assert '`- click: {role: button, name: "Accept all"}`' in found.message
    assert any("intercepts pointer events" in line
               for line in found.evidence["diagnosis"]["call_log"])


def test_the_dismissing_step_it_suggests_gets_the_customer_past_the_dialog(walk, pages):
    banner = """<div id="consent" role="dialog" aria-label="Cookie consent"
      style="position:fixed;inset:0;background:#eee;z-index:9">
      <button onclick="document.getElementById('consent').remove()">Accept all</button></div>"""
    pages.page("/contact", page(FORM.format(id="email") + banner + ACK_SCRIPT))
    result = walk(journey(f"{pages.url}/contact", """
  - click: {role: button, name: "Accept all"}
  - fill: {"#email": ann@example.com}
  - click: {role: button, name: Send}
  - expect_ack: {within: 4s}
"""))
    assert result.status == "passed", (result.error, result.findings)


def test_a_form_in_a_frame_from_another_origin_names_the_frame_to_write(walk, pages):
    with loopback_pages() as embedded:  # another port: another origin
        embedded.page("/form", page(FORM.format(id="email") + ACK_SCRIPT))
        pages.page("/contact", page(
            f'<h1>Contact us</h1><iframe title="Contact form" src="{embedded.url}/form">'
            f"</iframe>"))
        result = walk(journey(f"{pages.url}/contact", """
  - fill: {"#email": ann@example.com}
    timeout: 1s
"""))
    # The customer can fill it: the journey needs `frame:`, the site is not at fault.
    assert (result.status, result.findings) == ("error", [])
    assert result.error == ("not measured: no element of the page matches #email, but a frame "
                            "does: add `frame: \"iframe[title='Contact form']\"` to the step")


def test_a_form_in_a_closed_shadow_root_is_not_measured_never_a_dead_end(walk, pages):
    component = """<contact-box></contact-box><script>
    customElements.define('contact-box', class extends HTMLElement {
      constructor() {
        super();
        const root = this.attachShadow({mode: 'closed'});
        root.innerHTML = '<label for="e">Email</label><input id="e" placeholder="you@example.com">'
          + '<button>Send</button>';
      }
    });</script>"""
    pages.page("/contact", page(component))
    result = walk(journey(f"{pages.url}/contact", """
  - fill:
      - locator: {placeholder: "you@example.com"}
        value: ann@example.com
    timeout: 1s
"""))
    assert result.status == "error"
    assert result.findings == []
    assert result.error.startswith("not measured: placeholder=you@example.com is inside a "
                                   "closed shadow root (<contact-box>)")
    assert result.steps[1].error.startswith("not measured:")


def test_a_submit_that_stays_disabled_says_so(walk, pages):
    pages.page("/contact", page('<form><input id="email" aria-label="Email">'
                                "<button disabled>Send</button></form>"))
    result = walk(journey(f"{pages.url}/contact", """
  - click: {role: button, name: Send}
    timeout: 1s
"""))
    assert "role=button[name='Send'] is there but disabled" in only_finding(result).message


def test_a_hidden_twin_of_the_form_is_never_the_one_filled(walk, pages):
    twin = '<div hidden>' + FORM.format(id="invoice-email") + "</div>"
    pages.page("/contact", page(twin + FORM.format(id="email") + ACK_SCRIPT))
    result = walk(journey(f"{pages.url}/contact", """
  - fill:
      - locator: {label: Email}
        value: ann@example.com
  - click: {role: button, name: Send}
  - expect_ack: {within: 4s}
"""))
    assert result.status == "passed", (result.error, result.findings)
    assert result.steps[1].observed["form"]["fields"][0]["id"] == "email"


@pytest.mark.parametrize("kind", ["selector", "text"])
def test_nothing_close_on_the_page_says_only_that_nothing_matches(walk, pages, kind):
    pages.page("/contact", page("<p>Nothing to click here.</p>"))
    locator = '"#zzz-none"' if kind == "selector" else "{text: Qwertyuiop}"
    result = walk(journey(f"{pages.url}/contact", f"""
  - click: {locator}
    timeout: 1s
"""))
    message = only_finding(result).message
    assert "no element on the page matches" in message
    assert "close to it" not in message


@pytest.mark.parametrize("frame", ['"iframe[title=\'Contact form\']"',
                                   "{title: Contact form}"])
def test_with_frame_a_cross_origin_form_is_filled_sent_and_acknowledged(walk, pages, frame):
    with loopback_pages() as embedded:
        embedded.page("/form", page(FORM.format(id="email") + ACK_SCRIPT))
        pages.page("/contact", page(
            f'<h1>Contact us</h1><iframe title="Contact form" src="{embedded.url}/form">'
            f"</iframe>"))
        result = walk(journey(f"{pages.url}/contact", f"""
  - fill: {{"#email": ann@example.com}}
    frame: {frame}
  - click: {{role: button, name: Send}}
    frame: {frame}
  - expect_ack: {{within: 4s}}
"""))
    assert result.status == "passed", (result.error, result.findings)
    ack = result.steps[3]
    assert "we have received your message" in ack.observed["acknowledgement"]
    assert 0 <= ack.measured["ack_ms"] < 500


def test_nested_frames_are_a_list_outermost_first(walk, pages):
    with loopback_pages() as embedded:
        embedded.page("/form", page(FORM.format(id="email") + ACK_SCRIPT))
        embedded.page("/wrapper", page(f'<iframe id="inner" src="{embedded.url}/form"></iframe>'))
        pages.page("/contact", page(f'<iframe id="outer" src="{embedded.url}/wrapper"></iframe>'))
        result = walk(journey(f"{pages.url}/contact", """
  - fill: {"#email": ann@example.com}
    frame: ["#outer", "#inner"]
  - click: {role: button, name: Send}
    frame: ["#outer", "#inner"]
  - expect_ack: {within: 4s}
"""))
    assert result.status == "passed", (result.error, result.findings)


def test_a_frame_that_is_not_there_is_named(walk, pages):
    pages.page("/contact", page(FORM.format(id="email")))
    result = walk(journey(f"{pages.url}/contact", """
  - fill: {"#email": ann@example.com}
    frame: "#contact-frame"
    timeout: 1s
"""))
    assert "the frame #contact-frame (the step's `frame:`) is not on the page" in (
        only_finding(result).message)
