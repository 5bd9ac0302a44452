"""Secrets (issue 7, case 17): a `${secrets.X}` value never leaves memory.

A journey types a secret into a plain text field, sends it in a URL, and lands on a page that
echoes it in its title, its text, its acknowledgement, its links, its console and a dialog.
After `shopper run`, every file the run wrote (results, history, HTML reports, screenshots,
traces) and everything it printed is searched for the secret in every spelling a file could
hold it (as typed, URL-encoded, HTML-escaped); screenshots are images, so the secret field's
pixels are read back and must be the mask. Traces record DOM and network verbatim: they are
not kept for journeys that used a secret unless the run opts in (`keep_secret_traces`).
"""

from __future__ import annotations

import base64
import html
import json
from pathlib import Path
from urllib.parse import parse_qs, quote, quote_plus, unquote, urlsplit

import pytest
from support.pages import page

pytestmark = [pytest.mark.browser, pytest.mark.no_context_left]

SECRET = "Zq9Vx7 s3cret&kw/44"  # a space, & and /: spelt differently in URLs and HTML
NAME = "SHOPPER_FAULT_SECRET"

FIELD_BOX = {"x": 20, "y": 120, "width": 320, "height": 32}  # where #code sits
USER_BOX = {"x": 20, "y": 60, "width": 320, "height": 32}  # #user: not secret, not masked
ECHO_BOX = {"x": 20, "y": 300, "width": 600, "height": 40}  # the page repeating the secret


def placed(box: dict) -> str:
    return (f"position:absolute;left:{box['x']}px;top:{box['y']}px;width:{box['width']}px;"
            f"height:{box['height']}px;margin:0;box-sizing:border-box")


SIGN_IN = page(f"""
<h1>Sign in</h1>
<form action=/welcome method=get>
  <input id=user name=user aria-label=User style="{placed(USER_BOX)}">
  <input id=code name=code aria-label="One-time code" style="{placed(FIELD_BOX)}">
  <button style="position:absolute;left:20px;top:200px">Sign in</button>
</form>
""")


def echo(handler) -> None:
    """A careless site: the code comes back everywhere a page can put it."""
    code = parse_qs(urlsplit(handler.path).query).get("code", [""])[0]
    shown = html.escape(code)
    handler.send(200, page(f"""
<h1>Welcome back</h1>
<p style="{placed(ECHO_BOX)};font-size:24px">Your code {shown}</p>
<a href="/account?code={quote_plus(code)}">Your account</a>
<div id=ack></div>
<script>
  const code = {json.dumps(code)};
  console.error('login code ' + code);
  setTimeout(() => {{
    document.getElementById('ack').textContent = 'Thank you, we have received code ' + code;
  }}, 150);
</script>""", title=f"Welcome {shown}"))


def alert_echo(handler) -> None:
    # The journey puts the secret in the address as it is, `&` and all: the rest is the code.
    code = unquote(urlsplit(handler.path).query.partition("code=")[2])
    handler.send(200, page(f"<h1>Your account</h1><p style='{placed(ECHO_BOX)}'>"
                           f"{html.escape(code)}</p>"
                           f"<script>alert('Remember your code ' + {json.dumps(code)})</script>"))


JOURNEY = f"""
name: Secret sign-in
channel: other
sla: {{acknowledgement: 2s}}
steps:
  - goto: /sign-in
  - name: Type the code
    fill: {{"#user": ann, "#code": "${{secrets.{NAME}}}"}}
    screenshot: true
  - click: {{role: button, name: Sign in}}
  - expect_ack: {{within: 5s, text: ["we have received"]}}
  - check_links: {{same_origin: true}}
  - goto: /account?code=${{secrets.{NAME}}}
    screenshot: true
  - timeout: 500ms
    expect: {{text: "${{secrets.{NAME}}} is not the code"}}
"""


def spellings(secret: str) -> set[str]:
    """Every way a file could hold the secret: as typed, in a URL, in HTML, base64."""
    return {secret, quote(secret), quote(secret, safe=""), quote_plus(secret),
            html.escape(secret), html.escape(secret, quote=False),
            json.dumps(secret)[1:-1], base64.b64encode(secret.encode()).decode(),
            secret.split(" ")[0] + "+" + secret.split(" ", 1)[1]}


def leaks_in(data: bytes, secret: str) -> list[str]:
    text = data.decode("utf-8", "replace")
    return [form for form in spellings(secret) if form in text or form.encode() in data]


def magenta_share(browser, png: bytes, box: dict) -> float:
    """The share of pixels inside `box` (a margin in) that are Playwright's mask colour."""
    context = browser.new_context()
    try:
        return context.new_page().evaluate("""async ([data, box]) => {
          const img = new Image();
          img.src = 'data:image/png;base64,' + data;
          await img.decode();
          const canvas = document.createElement('canvas');
          canvas.width = img.width; canvas.height = img.height;
          const g = canvas.getContext('2d');
          g.drawImage(img, 0, 0);
          const d = g.getImageData(box.x + 4, box.y + 4, box.width - 8, box.height - 8).data;
          let mask = 0;
          for (let i = 0; i < d.length; i += 4) {
            if (d[i] > 200 && d[i + 1] < 60 && d[i + 2] > 200) mask++;
          }
          return mask / (d.length / 4);
        }""", [base64.b64encode(png).decode(), box])
    finally:
        context.close()


@pytest.fixture
def careless_site(pages):
    pages.page("/sign-in", SIGN_IN)
    pages.route("/welcome", echo)
    pages.route("/account", alert_echo)
    return pages


@pytest.mark.slow
def test_a_secret_appears_in_no_artifact_of_a_run(tmp_path, careless_site, shopper,
                                                 shared_browser):
    folder = tmp_path / "journeys"
    folder.mkdir()
    (folder / "secret_sign_in.yaml").write_text(JOURNEY)
    out = tmp_path / "reports"
    done = shopper("run", str(folder), "--base-url", careless_site.url, "--out", str(out),
                   "--trace", "on", env={NAME: SECRET})
    assert done.returncode == 1, done.stderr  # the last step fails: a stop, and a trace

    # The site did receive the secret: the journey really used it.
    assert any(quote_plus(SECRET) in path for path in careless_site.paths_seen())
    [result_file] = (out / "runs").glob("*/secret_sign_in.json")
    result = json.loads(result_file.read_text())
    steps = result["steps"]
    assert [s["status"] for s in steps] == ["passed"] * 6 + ["failed"]
    assert steps[3]["measured"]["ack_ms"] is not None
    assert "••••" in steps[1]["observed"]["filled"][1]["value"]
    assert "••••" in steps[2]["url"]
    assert steps[5]["observed"]["dialogs"][0]["message"] == "Remember your code ••••"

    files = [p for p in out.rglob("*") if p.is_file()]
    kinds = {p.suffix for p in files}
    assert {".json", ".html", ".png", ".sqlite"} <= kinds, kinds
    leaks = {str(p.relative_to(out)): found for p in files
             if (found := leaks_in(p.read_bytes(), SECRET))}
    leaks.update({stream: found for stream, text in (("stdout", done.stdout),
                                                    ("stderr", done.stderr))
                  if (found := leaks_in(text.encode(), SECRET))})
    assert leaks == {}

    # Traces record the DOM and the network verbatim: not kept without opting in.
    assert result["artifacts"]["trace"] is None
    assert list(out.rglob("*.zip")) == []

    # The screenshot after typing: the secret field is covered by the mask, the other not.
    browser, _ = shared_browser
    typed = (result_file.parent / steps[1]["screenshot"]).read_bytes()
    assert magenta_share(browser, typed, FIELD_BOX) > 0.95
    assert magenta_share(browser, typed, USER_BOX) < 0.05
    # And text on the page that repeats the secret is masked too.
    echoed = (result_file.parent / steps[5]["screenshot"]).read_bytes()
    assert magenta_share(browser, echoed, ECHO_BOX) > 0.3
    assert shopper.wait_for_no_leftovers() == []


TRACED = """
name: Traced
channel: browse
steps:
  - goto: /sign-in
  - fill: {{"#code": "{value}"}}
"""


@pytest.mark.parametrize("uses_secret, opted_in, kept", [
    (True, False, False), (True, True, True), (False, False, True)])
def test_traces_of_journeys_that_used_a_secret_are_kept_only_when_asked(
        walk, careless_site, monkeypatch, uses_secret, opted_in, kept):
    monkeypatch.setenv(NAME, SECRET)
    walk.base_url = careless_site.url
    value = f"${{secrets.{NAME}}}" if uses_secret else "123456"
    result = walk(TRACED.format(value=value), trace="on", keep_secret_traces=opted_in)
    assert result.status == "passed"
    run_dir = walk.out / "runs" / result.run_id
    traces = list(run_dir.glob("*.zip"))
    if kept:
        assert result.artifacts["trace"] == "journey.trace.zip"
        assert traces == [run_dir / "journey.trace.zip"]
    else:
        assert result.artifacts["trace"] is None
        assert traces == []
        assert "secret" in result.artifacts["trace_withheld"]


def test_a_secret_in_an_error_message_is_masked(walk, pages, monkeypatch):
    # No connection at all: Chromium's error names the URL, secret and all.
    monkeypatch.setenv(NAME, SECRET)
    walk.base_url = pages.url
    pages.route("/sign-in", pages.reset)
    result = walk(f"""
name: Down with a secret
channel: browse
steps:
  - goto: /sign-in?code=${{secrets.{NAME}}}
""")
    assert result.status == "error"
    assert "••••" in result.error
    assert leaks_in(json.dumps(result.to_json()).encode(), SECRET) == []


def test_the_secret_is_masked_wherever_the_engine_writes_it(walk, careless_site,
                                                           monkeypatch):
    monkeypatch.setenv(NAME, SECRET)
    walk.base_url = careless_site.url
    streamed: list[bytes] = []  # what a live progress display is given, step by step
    result = walk(JOURNEY, on_step=lambda step: streamed.append(
        json.dumps(step.to_json(), ensure_ascii=False).encode()))
    assert result.status == "failed"
    data = json.dumps(result.to_json(), ensure_ascii=False).encode()
    assert leaks_in(data, SECRET) == []
    assert len(streamed) == len(result.steps)
    assert [leaks_in(step, SECRET) for step in streamed] == [[]] * len(streamed)
    assert b"\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2" in data  # ••••
    assert Path(walk.out).exists()


def test_a_secret_in_the_settings_signs_in_to_staging_and_is_never_traced(walk, pages,
                                                                         monkeypatch):
    # shopper.yaml: context: {http_credentials: {username: qa, password: ${secrets.X}}}
    monkeypatch.setenv(NAME, SECRET)
    expected = "Basic " + base64.b64encode(f"qa:{SECRET}".encode()).decode()

    def staging(handler) -> None:
        if handler.headers.get("Authorization") == expected:
            handler.send(200, page("<h1>Hello staging</h1>"))
        else:
            handler.send(401, page("<h1>Who are you?</h1>"),
                         {"WWW-Authenticate": 'Basic realm="staging"'})

    pages.route("/", staging)
    walk.base_url = pages.url
    walk.settings.context.http_credentials = {"username": "qa",
                                              "password": f"${{secrets.{NAME}}}"}
    walk.settings.secrets = {NAME}
    result = walk("""
name: Staging
channel: browse
steps:
  - goto: /
  - expect: {text: "Hello staging"}
""", trace="on")
    assert result.status == "passed", [s.error for s in result.steps]
    assert result.artifacts["trace"] is None and "trace_withheld" in result.artifacts
    assert list((walk.out / "runs" / result.run_id).glob("*.zip")) == []
