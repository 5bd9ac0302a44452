"""What a notification says: the JSON payload and the Slack message (runner.nightly.notify)."""

from __future__ import annotations

import json

from notify_samples import finding, record, result, run_id

from runner.nightly.notify import changes, journey_page, payload

HOSTILE = 'Thanks <script>alert(1)</script> & <!channel> <https://evil.example|click> "ok"'


def failing_night() -> dict:
    return result(3, status="failed", stopped_at=2, score=35, findings=[
        finding("no-response-promise", "minor"),
        finding("dead-end", "critical", step=2, message="The form cannot be sent."),
        finding("tone-cold", "info", step=None),
        finding("slow-step", "major", step=1, message="Filling the form took 7.2 s."),
    ])


def test_payload_names_the_journey_run_its_events_score_and_worst_three_findings():
    data = failing_night()
    events = [{"type": "failure", "message": "Stopped at step “Send the form”"}]
    assert payload(data, events) == {
        "journey": {"id": "contact_form", "name": "Contact form", "channel": "contact-form"},
        "run_id": run_id(3),
        "journey_run_id": f"contact-form-{run_id(3)}-1",
        "status": "failed",
        "score": 35,
        "events": events,
        "top_findings": [
            {"code": "dead-end", "severity": "critical", "message": "The form cannot be sent.",
             "step": "Send the form"},
            {"code": "slow-step", "severity": "major", "message": "Filling the form took 7.2 s.",
             "step": "Fill in the form"},
            {"code": "no-response-promise", "severity": "minor",
             "message": "The customer met no-response-promise.", "step": "Acknowledgement"},
        ],
        "report_url": f"runs/{run_id(3)}/contact_form.html",
    }


def test_an_unmeasured_run_has_no_score_and_a_finding_about_the_whole_journey_no_step():
    data = result(0, status="error", error="no browser", findings=[finding("x", step=None)])
    body = payload(data, [])
    assert body["score"] is None
    assert body["top_findings"][0]["step"] is None


def test_report_url_base_makes_the_link_absolute():
    body = payload(result(0), [], "https://qa.example.com/reports/")
    assert body["report_url"] == f"https://qa.example.com/reports/runs/{run_id(0)}/contact_form.html"


def test_the_page_of_a_repeated_journey_comes_from_its_result_file(out_dir, history):
    data = result(0, repeat=2)
    record(out_dir, history, data, repeat=2)
    page = journey_page(history, data)
    assert page == f"runs/{run_id(0)}/contact_form-2.html"
    assert payload(data, [], "https://qa.example.com/r", page=page)["report_url"] == (
        f"https://qa.example.com/r/runs/{run_id(0)}/contact_form-2.html")


def test_long_site_text_is_cut_in_a_notification():
    data = result(0, findings=[finding("wall-of-text", message="word " * 500)])
    message = payload(data, [])["top_findings"][0]["message"]
    assert len(message) == 300 and message.endswith("…")


def slack(data: dict, events: list[dict], base: str | None = None) -> dict:
    message = payload(data, events, base, format="slack")
    json.dumps(message)  # it is what is posted
    return message


def all_text(message: dict) -> str:
    texts = [message["text"]]
    for block in message["blocks"]:
        if "text" in block:
            texts.append(block["text"]["text"])
        texts.extend(element["text"] for element in block.get("elements", []))
    return "\n".join(texts)


def test_slack_format_is_a_text_fallback_and_mrkdwn_blocks(out_dir, history):
    record(out_dir, history, result(2))
    data = failing_night()
    record(out_dir, history, data)
    message = slack(data, changes(history, data), "https://qa.example.com/reports")
    assert set(message) == {"text", "blocks"}
    assert message["text"] == "Contact form: failed (failure, new-finding)"
    sections = [block for block in message["blocks"] if block["type"] == "section"]
    assert all(block["text"]["type"] == "mrkdwn" for block in sections)
    assert message["blocks"][-1]["type"] == "context"
    heading, events, top = (block["text"]["text"] for block in sections)
    assert heading == (f"*<https://qa.example.com/reports/runs/{run_id(3)}/contact_form.html"
                       "|Contact form: failed (score 35)>*")
    assert events.splitlines()[0].startswith(":red_circle: *Failure*: Stopped at step")
    assert "*New finding* `dead-end`: The form cannot be sent." in events
    assert top.splitlines()[:2] == [
        "*Top findings*",
        "• `dead-end` (critical) The form cannot be sent. — _Send the form_"]


def test_slack_without_a_published_report_shows_the_page_path_not_a_link():
    message = slack(result(0, status="error", error="no browser"),
                    [{"type": "failure", "message": "Not measured: no browser"}])
    text = all_text(message)
    assert "*Contact form: error (not measured)*" in text
    assert f"report: `runs/{run_id(0)}/contact_form.html`" in text
    assert "<runs/" not in text


def test_slack_escapes_site_text_so_it_can_neither_link_nor_ping():
    data = result(0, findings=[finding("tone-cold", "major", message=HOSTILE)])
    data["journey"]["name"] = "Refund <b>&</b>"
    message = slack(data, [{"type": "new-finding", "code": "tone-cold", "message": HOSTILE}])
    text = all_text(message)
    escaped = ("Thanks &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;!channel&gt; "
               "&lt;https://evil.example|click&gt; \"ok\"")
    assert text.count(escaped) == 2  # the event and the top finding
    assert "Refund &lt;b&gt;&amp;&lt;/b&gt;: passed" in message["text"]
    for raw in ("<script>", "<!channel>", "<https://evil", "<b>"):
        assert raw not in text


def test_slack_sections_stay_within_slacks_text_limit():
    events = [{"type": "new-finding", "code": f"code-{n}", "message": "<" * 299}
              for n in range(40)]
    message = slack(result(0), events)
    for block in message["blocks"]:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
    lines = message["blocks"][1]["text"]["text"].splitlines()
    assert lines[-1] == f"… and {40 - (len(lines) - 1)} more"  # the rest are counted
    assert all(line.endswith("&lt;") for line in lines[:-1])  # whole lines: no cut escape


def test_slack_lists_at_most_ten_events():
    events = [{"type": "new-finding", "code": f"code-{n}", "message": "ok"} for n in range(40)]
    lines = slack(result(0), events)["blocks"][1]["text"]["text"].splitlines()
    assert len(lines) == 11 and lines[-1] == "… and 30 more"
