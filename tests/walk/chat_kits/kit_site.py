"""A live chat widget drawn with real chat UI kits' markup, on 127.0.0.1.

The markup in markup/*.html is what the kits' React components render (render_kits.mjs); the
page around it behaves like a live widget: an input and a Send button; on each send it shows
the customer's message at once and, after known delays, the agent's next messages, either
appended to the list or by re-rendering the WHOLE list (its innerHTML replaced, every message
with its sender and time stamp, as React does when a list loses its keys). The moment each
agent message goes in is the ground truth (SPEC §2 "Timing": epoch ms on the page's clock),
kept in `window.__truth` and sent to the server:

  shownAt      taken right after the insertion;
  settledAt    at the end of that task, after the probe's observer has run (a renderer
               stalled by a busy machine between the two shows here);
  triggerAt    the send, taken in the page's click handler (after the probe's listener);
  triggerStamp the send as the click event was stamped, before any script saw it.

GET /chat/<kit>/<language>/<mode>/<script>  the widget (mode: append | rerender; script: a
                                            key of SCRIPTS)
POST /send?wait=<ms>                        the widget's server taking its time to answer
POST /truth                                 one ground-truth record (a beacon)
"""

from __future__ import annotations

import html
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

MARKUP = Path(__file__).resolve().parent / "markup"
KITS = ("chatscope", "chat-elements")
MODES = ("append", "rerender")

# After each customer message, which agent messages come and when (ms after the send);
# "redraw" draws the whole list again with no new message. `post_ms`: the widget posts each
# message to its server, which answers after that long (the `say` step waits for it).
SCRIPTS = {
    "handoff": {"turns": [[["bot1", 250]], [["bot2", 200], ["person1", 650]]]},
    "bot-only": {"turns": [[["bot1", 250]], [["bot2", 200]]]},
    # The reply comes while the send is still being answered and the list is drawn again
    # before it is (the message marked as delivered): the tool first reads the reply after
    # that, in an element younger than the reply.
    "redrawn-while-sending": {"post_ms": 400, "turns": [[["bot1", 100], ["redraw", 200]],
                                                        [["bot2", 200], ["person1", 650]]]},
}

PAGE = """<!doctype html>
<html lang="{language}">
<head>
<meta charset="utf-8">
<title>Help — {kit}</title>
<style>{css}</style>
<style>
  body {{ font-family: sans-serif; margin: 1rem; }}
  #widget {{ width: 420px; border: 1px solid #ccc; }}
  .rce-container-mlist {{ height: 420px; overflow-y: auto; }}
  .role-badge {{ margin: 0 .5em; font-size: .8em; color: #333; }}
  form {{ display: flex; gap: .5em; margin-top: .5em; }}
</style>
</head>
<body>
<main>
<h1>Chat with us</h1>
<div id="widget">
{markup}
</div>
<form id="composer" onsubmit="return false">
  <input id="chat-input" aria-label="Your message" autocomplete="off">
  <button id="chat-send" type="button">Send</button>
</form>
</main>
<script>
(() => {{
  const MODE = {mode};
  const SCRIPT = {script};
  const kit = document.querySelector("[data-kit]");
  const list = kit.querySelector(kit.dataset.list);
  const input = document.getElementById("chat-input");
  const markupOf = (key) => document.querySelector(`template[data-message="${{key}}"]`).innerHTML;
  const shown = [markupOf("greeting")];  // every message's markup, in order (re-rendering)
  const escape = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  function textOf(markup) {{
    const scratch = document.createElement("div");
    scratch.innerHTML = markup;
    const body = scratch.querySelector(".cs-message__html-content, .rce-mbox-text");
    return (body ? body.textContent : scratch.textContent).trim();
  }}
  function redraw() {{
    list.innerHTML = shown.join("");  // the whole list, each message with sender and time
    list.scrollTop = list.scrollHeight;
  }}
  function show(markup) {{
    shown.push(markup);
    if (MODE === "rerender") {{
      redraw();
    }} else {{
      list.insertAdjacentHTML("beforeend", markup);
      list.scrollTop = list.scrollHeight;
    }}
  }}
  window.__truth = [];
  let turn = 0;
  document.getElementById("chat-send").addEventListener("click", (event) => {{
    const triggerAt = performance.timeOrigin + performance.now();
    // The click as stamped on its way in: before it reached any script (the probe's included).
    const triggerStamp = performance.timeOrigin + event.timeStamp;
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    show(markupOf("customer").replace("{{customer}}", escape(text)));
    if (SCRIPT.post_ms) fetch("/send?wait=" + SCRIPT.post_ms, {{method: "POST", body: text}});
    for (const [key, delay] of SCRIPT.turns[turn++] || []) {{
      if (key === "redraw") {{
        setTimeout(redraw, delay);
        continue;
      }}
      setTimeout(() => {{
        const markup = markupOf(key);
        show(markup);
        const shownAt = performance.timeOrigin + performance.now();
        const record = {{key, text: textOf(markup), triggerStamp, triggerAt, shownAt,
                        settledAt: null}};
        window.__truth.push(record);
        // The end of this task (after the probe's observer, queued by the insertion itself):
        // a page stalled in between shows here. Reported after, so reporting never delays it.
        queueMicrotask(() => {{
          record.settledAt = performance.timeOrigin + performance.now();
          setTimeout(() => navigator.sendBeacon("/truth", JSON.stringify(record)), 0);
        }});
      }}, delay);
    }}
  }});
}})();
</script>
</body>
</html>
"""


def kit_page(kit: str, language: str, mode: str, script: str) -> str:
    markup = (MARKUP / f"{kit}.{language}.html").read_text()
    css = (MARKUP / f"{kit}.css").read_text()
    return PAGE.format(kit=html.escape(kit), language=language, css=css, markup=markup,
                       mode=json.dumps(mode), script=json.dumps(SCRIPTS[script]))


def agent_messages(kit: str) -> str:
    """The CSS selector of the kit's agent messages, as the generator wrote it down."""
    head = (MARKUP / f"{kit}.en.html").read_text().split("\n", 2)[1]
    start = head.index('data-agent-messages="') + len('data-agent-messages="')
    return html.unescape(head[start:head.index('"', start)])


class _Handler(BaseHTTPRequestHandler):
    server: KitSite
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        parts = self.path.split("?", 1)[0].strip("/").split("/")
        if len(parts) == 5 and parts[0] == "chat" and parts[1] in KITS and parts[3] in MODES \
                and parts[4] in SCRIPTS and (MARKUP / f"{parts[1]}.{parts[2]}.html").exists():
            self._send(200, kit_page(parts[1], parts[2], parts[3], parts[4]))
        else:
            self._send(404, "<title>Not found</title><h1>Not found</h1>")

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        path, _, query = self.path.partition("?")
        if path == "/truth":
            with self.server.lock:
                self.server.truth.append(json.loads(body))
        elif path == "/send" and query.startswith("wait="):
            time.sleep(min(float(query[5:]), 5_000.0) / 1000.0)
        self._send(204, "")

    def _send(self, status: int, body: str) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class KitSite(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.truth: list[dict] = []
        self.lock = threading.Lock()
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> KitSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()

    def reset(self) -> None:
        with self.lock:
            self.truth.clear()

    def records(self, count: int, timeout_s: float = 2.0) -> list[dict]:
        """The page's ground truth, once `count` records came (beacons trail the page)."""
        deadline = time.monotonic() + timeout_s
        while True:
            with self.lock:
                found = list(self.truth)
            if len(found) >= count or time.monotonic() > deadline:
                return sorted(found, key=lambda r: r["shownAt"])
            time.sleep(0.02)
