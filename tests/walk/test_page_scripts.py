"""The tool's page functions are installed once per document and called by name; a document
without them is sent them whole, and reads the same (runner/walk/page_scripts.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from runner.walk import page_scripts
from runner.walk.engine import PROBE_JS
from runner.walk.page_scripts import PageScript
from runner.walk.session import FORM, SNAPSHOT, TEXT_LIMIT, TYPED_FORM

pytestmark = pytest.mark.browser

PAGE = """<!doctype html><html lang="en"><body>
<main><h1>Contact us</h1><p>We answer within a day.</p>
<form><label for=n>Name</label><input id=n name=name>
<label for=m>Message</label><textarea id=m name=message></textarea>
<button>Send</button></form></main>
<script>window.__shopperScripts = null;  // a page's own global by the same name</script>
</body></html>"""

TWICE = PageScript("twice", "(n) => n * 2")
SUMMED = PageScript("summed", "([a, b]) => (TWICE)(a) + b", uses=(TWICE,))


@pytest.fixture
def contexts(shared_browser):  # noqa: ANN001, ANN201
    """A tab with the tool's init script and one without."""
    browser = shared_browser[0]
    installed, bare = browser.new_context(), browser.new_context()
    installed.add_init_script(PROBE_JS)
    yield installed.new_page(), bare.new_page()
    installed.close()
    bare.close()


@contextmanager
def sent_expressions(page) -> Iterator[list[str]]:  # noqa: ANN001
    """The scripts sent to be evaluated meanwhile (by anyone on this Playwright connection)."""
    sent: list[str] = []
    connection = page._impl_obj._connection
    send = connection.send_message_to_server

    def counted(owner, method, params, *rest, **options):  # noqa: ANN001, ANN002, ANN003, ANN202
        if method in ("evaluateExpression", "evalOnSelectorAll"):
            sent.append(params["expression"])
        return send(owner, method, params, *rest, **options)

    connection.send_message_to_server = counted
    try:
        yield sent
    finally:
        connection.send_message_to_server = send


def test_a_read_is_the_same_with_the_scripts_installed_or_sent_whole(contexts):
    installed, bare = contexts
    for page in (installed, bare):
        page.set_content(PAGE)
    assert installed.evaluate("() => typeof window.__shopperScripts") == "object"
    assert bare.evaluate("() => window.__shopperScripts") is None
    for script, arg in ((SNAPSHOT, TEXT_LIMIT), (TYPED_FORM, [0, TEXT_LIMIT])):
        by_name, whole = script.call(installed, arg), script.call(bare, arg)
        if script is TYPED_FORM:  # what was typed is the probe's, which only one tab has
            by_name, whole = by_name["view"], whole["view"]
        assert by_name == whole, script.name
        assert "We answer within a day." in by_name["text"]
    fields = [page.locator("#n").or_(page.locator("#m")) for page in (installed, bare)]
    assert FORM.call_all(fields[0]) == FORM.call_all(fields[1])
    assert FORM.call_all(fields[0])  # the form was found


def test_an_installed_script_is_called_by_name_and_a_missing_one_sent_whole(contexts):
    installed, bare = contexts
    installed.set_content(PAGE)
    bare.set_content(PAGE)
    with sent_expressions(installed) as sent:
        SNAPSHOT.call(installed, TEXT_LIMIT)
    assert len(sent) == 1 and len(sent[0]) < 400, sent  # the name, not the 6 kB script
    with sent_expressions(bare) as sent:
        SNAPSHOT.call(bare, TEXT_LIMIT)
    assert len(sent) == 2 and sent[1] == SNAPSHOT.whole


def test_scripts_call_the_scripts_they_use_where_they_are(shared_browser, contexts):
    _, bare = contexts
    context = shared_browser[0].new_context()
    try:
        context.add_init_script(page_scripts.install([TWICE, SUMMED]))
        installed = context.new_page()
        installed.set_content("<p>hi</p>")
        bare.set_content("<p>hi</p>")
        with sent_expressions(installed) as sent:
            by_name = SUMMED.call(installed, [4, 1])
        assert len(sent) == 1, sent  # found by name: nothing sent whole
        assert by_name == SUMMED.call(bare, [4, 1]) == 9
    finally:
        context.close()
    assert "(n) => n * 2" in SUMMED.whole and "(TWICE)" not in SUMMED.whole
    assert "scripts.twice(a)" in SUMMED.installed()


ODD = PageScript("odd", """(arg) => Promise.resolve({missing: undefined, list: [undefined, 1.5],
  text: 'Danke schön \\u2014 "quoted"', nested: {none: null, yes: true}, echo: arg})""")


def test_a_read_called_by_name_comes_back_as_json_and_reads_the_same(shared_browser):
    """Called by name, the result crosses as one JSON string: `undefined` is None as
    Playwright gives it, a promise is awaited, text keeps its quotes and accents."""
    context = shared_browser[0].new_context()
    try:
        context.add_init_script(page_scripts.install([ODD]))
        installed = context.new_page()
        installed.set_content("<p>hi</p>")
        with sent_expressions(installed) as sent:
            by_name = ODD.call(installed, {"n": 3})
        assert len(sent) == 1 and "asJson" in sent[0]
        whole = installed.evaluate(ODD.whole, {"n": 3})
    finally:
        context.close()
    assert by_name == whole == {"missing": None, "list": [None, 1.5],
                                "text": 'Danke schön \u2014 "quoted"',
                                "nested": {"none": None, "yes": True}, "echo": {"n": 3}}


def test_a_page_that_taught_arrays_tojson_is_read_as_playwrights_objects(shared_browser):
    """Prototype.js (still on old shops) gives arrays a `toJSON` that makes JSON.stringify
    write them as strings: the read then comes back as Playwright's objects, the same."""
    context = shared_browser[0].new_context()
    try:
        context.add_init_script(page_scripts.install([ODD]))
        page = context.new_page()
        page.set_content("<script>Array.prototype.toJSON = function () {"
                         " return JSON.stringify(this.slice()); };</script>")
        assert ODD.call(page, {"n": [1, 2]}) == page.evaluate(ODD.whole, {"n": [1, 2]})
        assert ODD.call(page, {"n": [1, 2]})["list"] == [None, 1.5]
    finally:
        context.close()
