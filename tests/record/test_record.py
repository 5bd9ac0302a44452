"""`shopper record --headless`: a person (here, Playwright over the DevTools endpoint the
recorder prints, so every click and keystroke is a real input event in Chromium) walks the
demo site's contact form and refund flow; the journeys written validate, walk green on the
same site, and propose an acknowledgement with the site's reference shape."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from runner.cli import main

pytestmark = pytest.mark.browser


class RecordingProcess:
    """`shopper record URL --headless -o FILE` running, and the page it records."""

    def __init__(self, url: str, output: Path, cwd: Path) -> None:
        self.output = output
        self.process = subprocess.Popen(
            [sys.executable, "-m", "runner.cli", "record", url, "--headless", "-o",
             str(output)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, cwd=cwd)
        self.said: list[str] = []
        while True:
            line = self.process.stdout.readline()
            assert line, f"the recorder ended: {self.process.stderr.read()}"
            self.said.append(line)
            found = re.search(r"DevTools endpoint: (http://127\.0\.0\.1:\d+)", line)
            if found:
                self.endpoint = found.group(1)
                return

    def finish(self) -> str:
        """Press Enter in the recorder's terminal: it writes the journey and exits."""
        out, err = self.process.communicate("\n", timeout=60)
        assert self.process.returncode == 0, "".join(self.said) + out + err
        return "".join(self.said) + out


def record(playwright_session, url: str, output: Path,
           walk_the_site: Callable) -> str:
    recorder = RecordingProcess(url, output, output.parent.parent)
    try:
        browser = playwright_session.chromium.connect_over_cdp(recorder.endpoint)
        page = browser.contexts[0].pages[0]
        page.wait_for_load_state()
        walk_the_site(page)
        page.wait_for_timeout(500)  # the last text appeared reaches the recorder
    except BaseException:
        recorder.process.kill()
        raise
    return recorder.finish()


def type_into(page, label: str, text: str) -> None:
    page.get_by_label(label).click()
    page.keyboard.type(text, delay=5)


def send_the_contact_form(page) -> None:
    type_into(page, "Your name", "Ann Example")
    type_into(page, "Email address", "shopper+recorded-1@example.com")
    type_into(page, "Order number", "10482")
    type_into(page, "Your message", "Order 10482 arrived damaged. Could you help?")
    page.get_by_role("button", name="Send").click()
    page.get_by_text("Your reference is").wait_for(timeout=20_000)


def ask_for_a_refund(page) -> None:
    type_into(page, "Order number", "10482")
    type_into(page, "Email address", "shopper+recorded-2@example.com")
    page.get_by_role("button", name="Find my order").click()
    page.get_by_label("Reason").focus()
    page.keyboard.type("Damaged")  # as a person picks from a list with the keyboard
    type_into(page, "Tell us more", "The box was crushed.")
    page.get_by_role("button", name="Request refund").click()
    page.get_by_role("heading", name="Refund requested").wait_for(timeout=20_000)


def test_a_recorded_contact_form_validates_and_walks_green(playwright_session, site, walk,
                                                           tmp_path: Path, capsys):
    output = walk.folder / "contact_recorded.yaml"
    said = record(playwright_session, f"{site.url}/contact", output, send_the_contact_form)
    assert f"wrote {output}" in said
    journey = yaml.safe_load(output.read_text())
    steps = journey["steps"]
    assert journey["persona"] == "returning_customer"
    assert steps[0] == {"goto": "/contact"}
    fields = {str(e["locator"]): e["value"] for e in steps[1]["fill"]}
    assert fields == {"{'label': 'Your name'}": "${persona.name}",
                      "{'label': 'Email address'}": "${persona.email}",
                      "{'label': 'Order number (optional)'}": "${persona.order}",
                      "{'label': 'Your message'}":
                          "Order ${persona.order} arrived damaged. Could you help?"}
    assert steps[2] == {"click": {"role": "button", "name": "Send"}}
    ack = steps[3]["expect_ack"]
    assert ack == {"reference": r"(?P<ref>\b[A-Z]{2}-\d{5}\b)", "promise": True}
    assert re.search(ack["reference"], "Your reference is CS-48213.").group("ref") == "CS-48213"

    assert main(["validate", str(output)]) == 0, capsys.readouterr().err
    result = walk(output.read_text())
    assert result.status == "passed", [(s.name, s.status, s.error) for s in result.steps]
    assert re.fullmatch(r"CS-\d{5}", result.steps[3].measured["reference"])


def test_a_recorded_refund_flow_validates_and_walks_green(playwright_session, site, walk,
                                                          capsys):
    output = walk.folder / "refund_recorded.yaml"
    record(playwright_session, f"{site.url}/refund", output, ask_for_a_refund)
    text = output.read_text()
    steps = yaml.safe_load(text)["steps"]
    actions = [next(k for k in step if k != "name" and k != "save") for step in steps]
    assert actions == ["goto", "fill", "click", "select", "fill", "click", "expect_ack"], text
    assert steps[3] == {"select": [{"locator": {"role": "combobox", "name": "Reason"},
                                    "value": "Damaged"}]} or \
        steps[3] == {"select": [{"locator": {"label": "Reason"}, "value": "Damaged"}]}, text
    assert steps[6]["expect_ack"]["reference"] == r"(?P<ref>\b[A-Z]{2}-\d{5}\b)", text
    assert steps[6]["expect_ack"].get("promise") is True, text

    assert main(["validate", str(output)]) == 0, capsys.readouterr().err
    result = walk(text)
    assert result.status == "passed", [(s.name, s.status, s.error) for s in result.steps]
    assert re.fullmatch(r"RF-\d{5}", result.steps[6].measured["reference"])


HOME = '<title>Shop</title><h1>Shop</h1><p><a href="/form">Write to us</a></p>'
FORM = """<title>Write to us</title><h1>Write to us</h1>
<form action="/sent" method="post" enctype="multipart/form-data">
  <label><input type="checkbox" name="copy"> Send me a copy</label>
  <label for="file">Attachment</label><input type="file" id="file" name="file">
  <label for="order">Order</label><input id="order" name="order">
  <button>Send</button>
</form>"""
SENT = "<title>Sent</title><h1>Sent</h1><p>Thanks, we got it. Your ticket is TK-2231.</p>"


def test_ticks_files_keys_links_and_typed_addresses_are_recorded(playwright_session, pages,
                                                                  walk, tmp_path, capsys):
    pages.page("/", HOME)
    pages.page("/form", FORM)
    pages.page("/sent", SENT)
    pages.page("/help", "<title>Help</title><h1>Help</h1>")
    note = tmp_path / "note.txt"
    note.write_text("the label was torn")
    output = walk.folder / "write_to_us.yaml"

    def write_to_us(page) -> None:
        page.get_by_role("link", name="Write to us").click()
        page.get_by_text("Send me a copy").click()
        page.locator("#file").set_input_files(str(note))
        type_into(page, "Order", "10482")
        page.keyboard.press("Enter")
        page.get_by_text("Your ticket is").wait_for()
        page.wait_for_timeout(300)
        page.goto(f"{pages.url}/help")  # as if typed in the address bar

    record(playwright_session, f"{pages.url}/", output, write_to_us)
    text = output.read_text()
    assert yaml.safe_load(text)["steps"] == [
        {"goto": "/"},
        {"click": {"role": "link", "name": "Write to us"}},
        {"check": {"role": "checkbox", "name": "Send me a copy"}},
        {"upload": [{"locator": {"label": "Attachment"}, "value": "write_to_us_files/note.txt"}]},
        {"fill": [{"locator": {"label": "Order"}, "value": "${persona.order}"}]},
        {"press": [{"locator": {"label": "Order"}, "value": "Enter"}]},
        {"name": "Acknowledgement", "save": "reference",
         "expect_ack": {"reference": r"(?P<ref>\b[A-Z]{2}-\d{4}\b)"}},
        {"goto": "/help"},
    ], text
    assert (walk.folder / "write_to_us_files" / "note.txt").read_text() == "the label was torn"

    assert main(["validate", str(output)]) == 0, capsys.readouterr().err
    walk.base_url = pages.url
    result = walk(text, name="write_to_us")
    assert result.status == "passed", [(s.name, s.status, s.error) for s in result.steps]
    assert result.steps[6].measured["reference"] == "TK-2231"


def test_a_form_embedded_from_another_origin_is_recorded_with_its_frame(
        playwright_session, site, walk, capsys):
    site.set_switches(iframe_form=True)
    output = walk.folder / "contact_framed.yaml"

    def send_the_embedded_form(page) -> None:
        form = page.frame_locator("#contact-frame")
        for label, text in (("Your name", "Ann Example"),
                            ("Email address", "shopper+framed@example.com"),
                            ("Your message", "Where is my order?")):
            form.get_by_label(label).click()
            page.keyboard.type(text, delay=5)
        form.get_by_role("button", name="Send").click()
        form.get_by_text("Your reference is").wait_for(timeout=20_000)

    record(playwright_session, f"{site.url}/contact", output, send_the_embedded_form)
    text = output.read_text()
    steps = yaml.safe_load(text)["steps"]
    assert steps[1]["frame"] == {"title": "Contact form"}, text
    assert [e["value"] for e in steps[1]["fill"]] == ["${persona.name}", "${persona.email}",
                                                      "Where is my order?"], text
    assert steps[2] == {"click": {"role": "button", "name": "Send"},
                        "frame": {"title": "Contact form"}}, text
    assert steps[3]["expect_ack"]["reference"] == r"(?P<ref>\b[A-Z]{2}-\d{5}\b)", text

    assert main(["validate", str(output)]) == 0, capsys.readouterr().err
    result = walk(text)
    assert result.status == "passed", (result.error, [(s.name, s.error) for s in result.steps])


def test_ctrl_c_ends_the_recording_and_writes_what_was_done(playwright_session, pages,
                                                             tmp_path: Path):
    pages.page("/", "<title>Help</title><h1>Help</h1><label>Question <input></label>")
    output = tmp_path / "journeys" / "help.yaml"
    recorder = RecordingProcess(f"{pages.url}/", output, tmp_path)
    try:
        page = playwright_session.chromium.connect_over_cdp(recorder.endpoint).contexts[0] \
            .pages[0]
        type_into(page, "Question", "Where is my order?")
        page.wait_for_timeout(300)
        recorder.process.send_signal(signal.SIGINT)
        out, err = recorder.process.communicate(timeout=60)
    finally:
        if recorder.process.poll() is None:
            recorder.process.kill()
    assert recorder.process.returncode == 0, out + err
    assert "no expect_ack proposed" in out
    assert yaml.safe_load(output.read_text())["steps"] == [
        {"goto": "/"}, {"fill": [{"locator": {"label": "Question"},
                                  "value": "Where is my order?"}]}]
