"""The acknowledgement as a careful person reads it (SPEC "What is new", "Languages").

Pages built the ways real sites build them: a thank-you page whose site header says thanks, a
reference fetched after "Thanks!", a web component with a closed shadow root, a German page,
a waiting overlay and a countdown around the acknowledgement.
"""

from __future__ import annotations

from support.pages import page

SEND = """<form id=f><input id=msg aria-label=Message value="Where is my parcel?">
<button>Send</button></form>
<div id=out role=status></div>
<script>
document.getElementById('f').addEventListener('submit', e => {{
  e.preventDefault();
  {script}
}});
</script>"""


def journey(url: str, ack: str = "{within: 4s}", extra: str = "") -> str:
    return f"""name: Read the acknowledgement
channel: contact-form
persona: ann
sla: {{acknowledgement: 2s}}
{extra}steps:
  - goto: {url}
  - click: {{role: button, name: Send}}
  - expect_ack: {ack}
"""


def codes(result) -> list[str]:
    return sorted(f.code for f in result.findings)


def test_a_thank_you_in_the_new_pages_header_is_no_acknowledgement(walk, pages):
    pages.page("/contact", page('<form action="/thanks"><button>Send</button></form>'))
    pages.page("/thanks", """<!doctype html><html lang="en"><title>Thanks</title><body>
      <header><a href="/">Northwind</a><p>Thank you for choosing us</p></header>
      <nav><a href="/help">Help</a></nav>
      <main><h1>Contact us</h1><p>Back to the shop</p></main>
      <footer>Thanks for shopping with us. Powered by Shopware.</footer></body></html>""")
    result = walk(journey(f"{pages.url}/contact"))
    assert codes(result) == ["missing-acknowledgement"]
    message = result.findings[0].message
    assert "Contact us" in message and "Thank you for choosing us" not in message


def test_a_reference_the_page_fetches_after_thanks_counts(walk, pages):
    pages.page("/contact", page(SEND.format(script="""
      out.innerHTML = '<p>Thanks! We have received your message.</p>';
      setTimeout(() => out.insertAdjacentHTML('beforeend', '<p>Your reference: CS-48213</p>'),
                 600);""")))
    result = walk(journey(f"{pages.url}/contact", """
      within: 4s
      reference: "(?P<ref>CS-\\\\d+)"
    save: ticket"""))
    assert result.status == "passed", (result.error, result.findings)
    ack = result.steps[2]
    assert ack.measured["reference"] == "CS-48213"
    assert ack.measured["ack_ms"] < 200
    assert 550 <= ack.measured["reference_ms"] < 900


def test_an_acknowledgement_in_a_closed_shadow_root_is_seen(walk, pages):
    pages.page("/contact", page("""<support-form></support-form><script>
      customElements.define('support-form', class extends HTMLElement {
        connectedCallback() {
          const root = this.attachShadow({mode: 'closed'});
          root.innerHTML = '<div id=out></div>';
          document.body.insertAdjacentHTML('beforeend', '<button id=send>Send</button>');
          document.getElementById('send').addEventListener('click', () => setTimeout(() => {
            root.getElementById('out').textContent = 'Thank you, your request was received.';
          }, 300));
        }
      });</script>"""))
    result = walk(journey(f"{pages.url}/contact"))
    assert result.status == "passed", (result.error, result.findings)
    assert "request was received" in result.steps[2].observed["acknowledgement"]
    assert 250 <= result.steps[2].measured["ack_ms"] < 600


def test_a_german_acknowledgement_with_its_promise(walk, pages):
    pages.page("/kontakt", page(SEND.format(
        script="""out.textContent = 'Vielen Dank! Ihre Anfrage ist bei uns eingegangen. '
          + 'Wir antworten innerhalb von 24 Stunden.';"""), title="Kontakt", lang="de-DE"))
    result = walk(journey(f"{pages.url}/kontakt", "{within: 4s, promise: true}"))
    assert result.status == "passed", (result.error, result.findings)
    assert result.steps[2].observed["language"] == "de"
    assert result.steps[2].measured["promise"] == "innerhalb von 24 Stunden"


def test_a_vague_promise_in_german_is_no_promise(walk, pages):
    pages.page("/kontakt", page(SEND.format(
        script="out.textContent = 'Vielen Dank für Ihre Nachricht. Wir melden uns in Kürze.';"),
        title="Kontakt", lang="de"))
    result = walk(journey(f"{pages.url}/kontakt", "{within: 4s, promise: true}"))
    assert codes(result) == ["no-response-promise"]


def test_text_that_reads_as_no_acknowledgement_is_quoted_with_its_language(walk, pages):
    pages.page("/contatto", page(SEND.format(
        script="out.textContent = 'お問い合わせありがとうございます';"),
        title="Contatto", lang="ja"))
    result = walk(journey(f"{pages.url}/contatto"))
    assert codes(result) == ["missing-acknowledgement"]
    message = result.findings[0].message
    assert "new text appeared" in message and "お問い合わせありがとうございます" in message


def test_the_evidence_leaves_out_a_waiting_overlay_and_a_countdowns_ticks(walk, pages):
    pages.page("/contact", page(SEND.format(script="""
      const wait = document.createElement('div');
      wait.setAttribute('role', 'dialog');
      wait.textContent = 'Please wait while we send your message';
      document.body.append(wait);
      setTimeout(() => {
        wait.remove();
        out.innerHTML = '<p>Thank you, we have received your message.</p><p id=c></p>';
        let left = 5;
        const tick = () => { c.textContent = 'Back to the shop in ' + left + ' seconds';
                             if (left-- > 0) setTimeout(tick, 150); };
        tick();
      }, 300);""")))
    result = walk(journey(f"{pages.url}/contact"))
    assert result.status == "passed", (result.error, result.findings)
    assert result.steps[2].observed["acknowledgement"] == (
        "Thank you, we have received your message.\nBack to the shop in 5 seconds")


def test_a_journey_language_decides_when_the_page_declares_none(walk, pages):
    pages.page("/contacto", page(SEND.format(
        script="out.textContent = 'Hemos recibido tu solicitud. Te responderemos en 48 horas.';"),
        lang=None))
    result = walk(journey(f"{pages.url}/contacto", "{within: 4s, promise: true}",
                          extra="language: es\n"))
    assert result.status == "passed", (result.error, result.findings)
    assert result.steps[2].observed["language"] == "es"
