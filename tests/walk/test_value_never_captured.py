"""A value never captured stops the journey where it is needed (SPEC "When the journey
stops"): the capturing step's own finding explains it, critical; no dead-end is added.

Seen: `save: ticket` captured nothing, the lookup step was skipped, the next click submitted
an empty form and a critical `dead-end` followed; the terminal said passed.
"""

from __future__ import annotations

from support.pages import page

TICKET = """name: Ticket and lookup
channel: contact-form
persona: ann
sla: {{acknowledgement: 2s}}
steps:
  - goto: {url}/contact
  - click: {{role: button, name: Send}}
  - expect_ack:
      within: 4s
      reference: "(?P<ref>\\\\bCS-\\\\d+\\\\b)"
    save: ticket
  - goto: {url}/lookup?ref=${{saved.ticket}}
  - click: {{role: button, name: Look up}}
"""
SENT = page("""<button id=send>Send</button><p id=out></p><script>
send.onclick = () => out.textContent = 'Thanks, we have received your message{ref}.';
</script>""")


def test_a_reference_never_given_stops_the_journey_at_the_step_that_needs_it(walk, pages):
    pages.page("/contact", SENT.replace("{ref}", ""))
    pages.page("/lookup", page("<form><input name=ref><button>Look up</button></form>"))
    result = walk(TICKET.format(url=pages.url))
    assert result.status == "failed"
    assert result.stop == {"step": 2, "reason": "never-captured"}
    assert [(f.code, f.step["index"], f.severity) for f in result.findings] == [
        ("no-reference", 2, "critical")]
    assert "a later step needed it" in result.findings[0].message
    lookup, after = result.steps[3], result.steps[4]
    assert lookup.status == after.status == "skipped"
    assert lookup.skip_reason == ("needs ${saved.ticket}, which was never captured "
                                  f"(step 3, {result.steps[2].name})")
    assert after.skip_reason == "the journey stopped at step 4"
    assert not [path for path in pages.paths_seen() if path.startswith("/lookup")]


def test_a_reference_given_lets_the_journey_go_on(walk, pages):
    pages.page("/contact", SENT.replace("{ref}", " (CS-20931)"))
    pages.page("/lookup", page("<form><input name=ref><button>Look up</button></form>"))
    result = walk(TICKET.format(url=pages.url))
    assert result.status == "passed", (result.error, result.findings)
    assert "/lookup?ref=CS-20931" in pages.paths_seen()


def test_the_stop_scores_as_a_journey_that_could_not_finish(walk, pages):
    pages.page("/contact", SENT.replace("{ref}", ""))
    result = walk(TICKET.format(url=pages.url))
    assert result.score["value"] == 40
