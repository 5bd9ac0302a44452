"""The tool's waits are woken by the page, not polled (probe.js `whenActive`).

Waiting for a chat's reply or an acknowledgement used to ask the page every 20 ms (two or
three round trips through the driver and the browser each time); settling after an action
asked for every frame while the action's post was answered (each frame asked for is one the
browser paints). Now both sleep in the page until it does something: a DOM change, an answer,
beginning to leave. What is measured must not change: replies and acknowledgements are timed
by the page's own clock as before, and one shown by nothing the wait watches (an attribute
the probe does not observe, another frame) is still found."""

from __future__ import annotations

import json
import re
import time

import pytest
from support.pages import page
from support.protocol import methods_sent

from runner.walk.session import LOOK_AGAIN_MS

pytestmark = pytest.mark.browser

# A small widget as chat kits draw one: a log of messages, each with its sender, an input and
# a Send button. The agent answers after REPLY_MS. With `reveal`, the answer goes into the
# log at once, hidden, and is shown after REPLY_MS by an attribute the probe does not watch
# (data-state), as widgets that animate a message in do.
CHAT_PAGE = """
<style>.msg[data-state="hidden"] {{ display: none; }} {style}</style>
<section aria-label="Chat with us">
  <ol id="log"></ol>
  <input id="chat-input" aria-label="Your message">
  <button type="button" id="send">Send</button>
</section>
<script>
  const reveal = {reveal};
  const log = document.getElementById('log');
  const input = document.getElementById('chat-input');
  function add(who, name, text, state) {{
    const item = document.createElement('li');
    item.className = 'msg ' + who;
    item.dataset.state = state;
    item.innerHTML = '<b class="who"></b> <span class="text"></span>';
    item.querySelector('.who').textContent = name;
    item.querySelector('.text').textContent = text;
    log.append(item);
    return item;
  }}
  document.getElementById('send').addEventListener('click', () => {{
    add('me', 'You', input.value, 'shown');
    input.value = '';
    const text = 'Sorry to hear that. I have refunded order 10482 for you.';
    const hidden = reveal ? add('agent', 'Mia', text, 'hidden') : null;
    setTimeout(() => {{
      if (hidden) hidden.dataset.state = 'shown';
      else add('agent', 'Mia', text, 'shown');
    }}, {delay});
  }});
</script>
"""

CHAT = """
name: Chat
channel: chat
persona: ann
sla: {reply: 3s}
chat:
  input: "#chat-input"
  send: {role: button, name: Send}
  agent_messages: ".msg.agent"
  sender: ".who"
steps:
  - goto: /chat
  - say: "My order arrived damaged."
  - name: Reply
    expect_reply: {within: 10s}
"""

REPLY_MS = 1500


def walk_page(walk, pages, path: str, html: str, journey: str):  # noqa: ANN001, ANN201
    """Serve `html` at `path` and walk `journey` there; the result, which must pass."""
    pages.page(path, html)
    walk.base_url = pages.url
    result = walk(journey, name=path.strip("/"))
    assert result.status == "passed", [(s.action, s.status, s.error) for s in result.steps]
    return result


def walk_chat(walk, pages, reveal: bool = False, style: str = ""):  # noqa: ANN001, ANN201
    html = CHAT_PAGE.format(reveal=str(reveal).lower(), delay=REPLY_MS, style=style)
    return walk_page(walk, pages, "/chat", page(html, title="Chat"), CHAT).steps[-1]


def test_a_chat_reply_is_waited_for_woken_by_the_page_not_polled(walk, pages):
    with methods_sent(walk.pw) as sent:
        reply = walk_chat(walk, pages)
    assert reply.measured["sender"] == "Mia"
    assert reply.measured["timing"] == "element"
    # Timed by the page's clock, from the send reaching the page: the reply's delay, late by
    # no more than a busy machine's timer.
    assert REPLY_MS - 5 <= reply.measured["reply_ms"] <= REPLY_MS + 300, reply.measured
    # The whole walk: asking every 20 ms, 117 reads of the page and of the widget's messages
    # (measured); woken by the page (and looking again every LOOK_AGAIN_MS), 32.
    reads = sum(1 for method in sent if method in ("evaluateExpression", "evalOnSelectorAll"))
    assert reads <= 40, f"{reads} reads of the page: {sent}"


def test_a_reply_revealed_by_an_attribute_the_probe_does_not_watch_is_still_found(walk, pages):
    reply = walk_chat(walk, pages, reveal=True)
    assert reply.measured["sender"] == "Mia"
    assert "refunded order 10482" in reply.observed["reply"]
    assert reply.measured["timing"] == "tool", reply.measured
    # No DOM change the probe watches wakes the wait: the tool looks again within
    # LOOK_AGAIN_MS all the same, and says it timed the reply itself.
    assert REPLY_MS - 5 <= reply.measured["reply_ms"] <= REPLY_MS + LOOK_AGAIN_MS + 300, \
        reply.measured


def test_a_message_without_a_box_of_its_own_is_read_as_shown(walk, pages):
    """`display: contents` (a web component's host, often): the browser calls the element
    itself invisible; its parent is shown, so the message is."""
    reply = walk_chat(walk, pages, style=".msg { display: contents; }")
    assert reply.measured["sender"] == "Mia"
    assert "refunded order 10482" in reply.observed["reply"]
    assert REPLY_MS - 5 <= reply.measured["reply_ms"] <= REPLY_MS + 300, reply.measured


# A form that posts in the background and says thank you when the answer comes, with how many
# animation frames the tool's settle asked of the page meanwhile (the probe counts them; it
# asks with the browser's own requestAnimationFrame, which the page cannot see).
POSTING_PAGE = """
<form id="contact"><label>Message <input name="message"></label>
<button type="submit">Send</button></form>
<p id="out" role="status"></p>
<script>
  const asked = () => window.__shopperProbe.framesAsked;
  document.getElementById('contact').addEventListener('submit', (event) => {
    event.preventDefault();
    const before = asked();
    fetch('/send', {method: 'POST', body: new FormData(event.target)})
      .then((answer) => answer.text())
      .then(() => {
        document.getElementById('out').textContent =
          'Thank you, we got your message. Your reference is CS-31337 (' +
          (asked() - before) + ' frames asked).';
      });
  });
</script>
"""
ANSWER_S = 0.8

# Both contact pages: the customer writes, sends, and is told a reference.
CONTACT = r"""
name: Contact
channel: contact-form
persona: ann
steps:
  - goto: /contact
  - fill: {"input[name=message]": "My order arrived damaged."}
  - click: {role: button, name: Send}
  - expect_ack: {within: 10s, reference: 'CS-\d+'}
"""


def test_settling_on_a_post_sleeps_until_its_answer_instead_of_asking_for_frames(walk, pages):
    def answer_late(handler) -> None:  # noqa: ANN001 - a PageHandler
        time.sleep(ANSWER_S)
        handler.send(200, "ok", {"Content-Type": "text/plain"})

    pages.route("/send", answer_late)
    result = walk_page(walk, pages, "/contact", page(POSTING_PAGE, title="Contact us"),
                       CONTACT)
    click = result.steps[2]
    # The click lasts until its answer was shown: the wait is the customer's.
    assert click.duration_ms >= ANSWER_S * 1000 - 50, click.duration_ms
    said = re.search(r"\((\d+) frames asked\)", json.dumps(result.to_json()))
    assert said, "the page's thank-you was not read"
    # Asking for each frame while the post was answered: 49 (measured); sleeping until the
    # answer came: 2 or 3.
    assert int(said.group(1)) <= 8, said.group(0)


# A contact form that thanks the customer ACK_MS after the send, in the page or in a frame
# that was there all along (an embedded form's "thank you" often is): then nothing changes in
# the page itself.
ACK_PAGE = """
<form id="contact"><label>Message <input name="message"></label>
<button type="submit">Send</button></form>
<div id="out" role="status"></div>
{frame}
<script>
  document.getElementById('contact').addEventListener('submit', (event) => {{
    event.preventDefault();
    setTimeout(() => {{
      const words = 'Thank you, we received your message. Your reference is CS-20417.';
      if ({in_frame}) {{
        document.getElementById('status').contentDocument.getElementById('said')
          .textContent = words;
      }} else {{
        document.getElementById('out').textContent = words;
      }}
    }}, {delay});
  }});
</script>
"""
ACK_MS = 1500


def walk_ack(walk, pages, in_frame: bool):  # noqa: ANN001, ANN201 - fixtures
    frame = '<iframe id="status" title="Status" srcdoc="<p id=said></p>"></iframe>'
    html = ACK_PAGE.format(in_frame=str(in_frame).lower(), delay=ACK_MS,
                           frame=frame if in_frame else "")
    return walk_page(walk, pages, "/contact", page(html, title="Contact us"), CONTACT).steps[-1]


def test_an_acknowledgement_is_waited_for_woken_by_the_page_not_polled(walk, pages):
    with methods_sent(walk.pw) as sent:
        ack = walk_ack(walk, pages, in_frame=False)
    assert ack.measured["reference"] == "CS-20417"
    assert ACK_MS - 5 <= ack.measured["ack_ms"] <= ACK_MS + 300, ack.measured
    # The whole walk: asking every 20 ms, 72 reads of the page (measured); woken, 27.
    reads = sum(1 for method in sent if method == "evaluateExpression")
    assert reads <= 30, f"{reads} reads of the page: {sent}"


def test_an_acknowledgement_in_a_frame_is_timed_by_its_own_clock_all_the_same(walk, pages):
    ack = walk_ack(walk, pages, in_frame=True)
    assert ack.measured["reference"] == "CS-20417"
    # Nothing changes in the page the wait watches: the frame is read within LOOK_AGAIN_MS,
    # and the time is the frame's own record of its text, not the moment it was read.
    assert ACK_MS - 5 <= ack.measured["ack_ms"] <= ACK_MS + 300, ack.measured


def test_the_look_after_a_wait_takes_the_records_the_wait_read(walk, pages, monkeypatch):
    """Each wait for the page's change reads the records that change made as it ends, so
    the look that follows reads nothing of its own: one read of the records, the first
    look's, however many waits the acknowledgement took."""
    from runner.walk.page_scripts import PageScript

    calls = []
    call = PageScript.call
    monkeypatch.setattr(PageScript, "call", lambda self, target, arg=None: (
        calls.append(self.name), call(self, target, arg))[1])
    ack = walk_ack(walk, pages, in_frame=False)
    assert ack.measured["reference"] == "CS-20417"
    assert ACK_MS - 5 <= ack.measured["ack_ms"] <= ACK_MS + 300, ack.measured
    assert calls.count("nextChange") >= 2, calls  # woken by the thanks, and its look-again
    assert calls.count("changes") == 1, calls
