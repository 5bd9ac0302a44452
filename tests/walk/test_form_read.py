"""The form a `fill` filled (SPEC §2 "Forms", for `long-form`): read from the fields the
probe saw typed into, or, when it did not see them all, found again by their locators. Both
ways must describe the same form."""

from __future__ import annotations

import pytest
from support.pages import page

from runner.walk import untraced

pytestmark = [pytest.mark.browser, pytest.mark.no_context_left]

FORM = page("""
<p><label>Search <input id="search"></label></p>
<form id="contact" action="/send">
  <label>Name <input id="name" required></label>
  <label>Email <input id="email" type="email" required></label>
  <label>Phone <input id="phone"></label>
  <label>Topic <select id="topic"><option>Order</option></select></label>
  <label>Message <textarea id="message"></textarea></label>
  <input type="hidden" name="token" value="x">
  <button>Send</button>
</form>
<div id="host"></div>
<script>
  const root = document.getElementById('host').attachShadow({mode: 'open'});
  root.innerHTML = '<div id="card"><input id="card-number" aria-label="Card"> ' +
                   '<input id="card-name" aria-label="Name on card"></div>';
</script>
""")

FILL = """
name: Fills in
channel: contact-form
steps:
  - goto: /form
  - fill: {fields}
"""


@pytest.fixture
def locator_reads(monkeypatch) -> list[int]:
    """Counts the reads that had to find the fields again by their locators."""
    reads: list[int] = []
    real = untraced.evaluate_all

    def counted(locator, script, *args):
        reads.append(1)
        return real(locator, script, *args)

    monkeypatch.setattr(untraced, "evaluate_all", counted)
    return reads


def form_after(walk, pages, fields: str) -> dict:
    pages.page("/form", FORM)
    walk.base_url = pages.url
    result = walk(FILL.format(fields=fields), name="fills")
    assert result.status == "passed", [s.error for s in result.steps]
    return result.steps[1].observed["form"]


def test_the_form_typed_into_is_read_from_the_probe(walk, pages, locator_reads) -> None:
    form = form_after(walk, pages, '{"#name": Ann, "#email": ann@example.com}')
    assert locator_reads == []
    assert (form["id"], form["visible_fields"], form["required_fields"]) == ("contact", 5, 2)
    assert [f["id"] for f in form["fields"]] == ["name", "email", "phone", "topic", "message"]


def test_both_ways_read_the_same_form(walk, pages, locator_reads, monkeypatch) -> None:
    import runner.walk.session as session

    fields = '{"#name": Ann, "#message": "Hello"}'
    from_probe = form_after(walk, pages, fields)
    from runner.walk.page_scripts import PageScript

    # Not installed in the page: sent whole, and finding nothing typed.
    monkeypatch.setattr(session, "TYPED_FORM", PageScript("nothingTyped", "() => ({found: false})"))
    assert form_after(walk, pages, fields) == from_probe
    assert locator_reads == [1]


def test_a_field_left_empty_types_nothing_and_the_locators_find_it(walk, pages,
                                                                    locator_reads) -> None:
    """Filling an empty field with nothing fires no input event: the probe saw one field of
    two, so the form is found by the locators, and it is still the whole form."""
    form = form_after(walk, pages, '{"#name": Ann, "#phone": ""}')
    assert locator_reads == [1]
    assert (form["id"], form["visible_fields"]) == ("contact", 5)


def test_fields_in_a_shadow_root_and_outside_the_form(walk, pages, locator_reads) -> None:
    card = form_after(walk, pages, '{"#card-number": "4242", "#card-name": Ann}')
    assert locator_reads == []
    assert [f["label"] for f in card["fields"]] == ["Card", "Name on card"]
    # A field outside the form and one inside: their closest common ancestor.
    both = form_after(walk, pages, '{"#search": vase, "#name": Ann}')
    assert both["tag"] == "main" and both["visible_fields"] == 6  # page() wraps in <main>
