"""Placing page and mailbox times on the step waterfall, and the text pieces that may be links."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from conversation_samples import RUN_ID, ZERO, chat_result, refund_result
from report_samples import RUN_ID as SAMPLE_RUN_ID
from report_samples import passed_result

from runner.report import render_run
from runner.report.conversation import email_views, text_with_links, transcript_view
from runner.report.moments import fit_clock, moments, step_times
from runner.report.values import Link


def placed(result: dict) -> list[tuple[str, float]]:
    times = step_times(result["steps"])
    return [(m.kind, round(m.at_ms, 1)) for m in moments(result, times, fit_clock(result, times))]


def shift_page_times(result: dict, by_ms: float) -> dict:
    """The same result with every epoch time `by_ms` later, as a lagging `started_at` would."""
    result = copy.deepcopy(result)
    for step in result["steps"]:
        for record in (step["measured"], step["observed"]):
            for key in ("sent_at", "trigger_at"):
                if key in record:
                    record[key] += by_ms
    for entry in result["transcript"]:
        entry["at"] += by_ms
    for email in result["emails"]:
        email["arrived_at"] += by_ms
    return result


def test_moments_are_placed_from_the_journey_start() -> None:
    assert placed(chat_result()) == [("reply", 3100), ("reply", 5100), ("reply", 9100)]
    assert placed(refund_result()) == [("acknowledgement", 2800), ("email", 7100)]


def test_skew_between_started_at_and_the_step_clock_is_fitted_away() -> None:
    # started_at taken 150 ms before the step clock began: every page time reads 150 ms late,
    # which would put the chat sends after their own steps ended (say: 1.0–1.2 s, 4.0–4.2 s).
    skewed = shift_page_times(chat_result(), 150)

    # The smallest correction that puts both sends inside their steps: 50 ms back.
    assert placed(skewed) == [("reply", 3200), ("reply", 5200), ("reply", 9200)]


def test_an_acknowledgement_trigger_ties_the_clocks_too() -> None:
    skewed = shift_page_times(refund_result(), 700)  # the submit would read 2.8 s: after 2.6 s

    assert placed(skewed) == [("acknowledgement", 3300), ("email", 7600)]


def test_anchors_that_contradict_each_other_leave_started_at_alone() -> None:
    result = chat_result()
    result["steps"][3]["measured"]["sent_at"] += 2000  # this send would be 2 s off its step

    assert placed(result)[0] == ("reply", 3100)


def test_without_started_at_the_sends_anchor_the_clock() -> None:
    result = chat_result()
    del result["started_at"]

    replies = placed(result)
    assert [kind for kind, _ in replies] == ["reply"] * 3
    assert 3000 <= replies[0][1] <= 3200  # the send is put at its step's end (1.2 s)


def test_a_result_with_no_page_times_has_no_moments_and_still_renders(
    tmp_path: Path, write_result
) -> None:
    write_result("contact_form", passed_result())  # ack_ms, but no trigger time recorded

    render_run(tmp_path, SAMPLE_RUN_ID)

    html = (tmp_path / "runs" / SAMPLE_RUN_ID / "contact_form.html").read_text(encoding="utf-8")
    assert "<code>ack_ms</code>: 377.4 ms" in html
    assert 'class="moment' not in html and "When the customer heard back" not in html


def test_a_reply_step_without_a_transcript_is_placed_from_its_own_measure() -> None:
    result = chat_result()
    result["transcript"] = []

    assert placed(result) == [("reply", 3100), ("reply", 5100)]


def test_an_email_step_without_a_recorded_email_is_placed_from_its_own_measure() -> None:
    result = refund_result()
    result["emails"] = []

    assert placed(result) == [("acknowledgement", 2800), ("email", 7100)]


def test_a_moment_after_the_last_step_widens_the_waterfall_to_keep_it_to_scale(
    tmp_path: Path
) -> None:
    result = chat_result()
    result["transcript"].append({"at": ZERO + 20_000, "from": "agent", "sender": "Maya",
                                 "text": "Are you still there?"})
    path = tmp_path / "runs" / RUN_ID / "chat.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(result), encoding="utf-8")

    render_run(tmp_path, RUN_ID)

    html = (tmp_path / "runs" / RUN_ID / "chat.html").read_text(encoding="utf-8")
    assert 'class="bar passed" style="left: 6.0%; width: 14.0%"' in html  # 1.2–4 s of 20 s
    assert 'data-kind="reply" style="left: 100.0%"' in html


def test_each_agent_message_waits_from_the_customers_last_message() -> None:
    result = chat_result()
    result["transcript"].insert(0, {"at": ZERO + 500, "from": "agent", "sender": "Shopbot",
                                    "text": "Hi! How can I help?"})
    messages = transcript_view(result, fit_clock(result, step_times(result["steps"])))

    greeting, _, reply, *_ = messages
    assert greeting.waited_text is None and greeting.at_text == "0.50 s"  # nobody asked yet
    assert reply.waited_text == "2.0 s after the customer’s message"
    assert [m.step_index for m in messages] == [None, 1, 2, 3, 4, 4]  # sends link their steps
    assert [m.late for m in messages] == [False, False, False, False, False, True]


def test_an_email_without_its_step_is_judged_against_the_run_budget() -> None:
    result = refund_result()
    del result["emails"][0]["step"]

    (email,) = email_views(result, fit_clock(result, step_times(result["steps"])))
    assert email.budget_text == "4.0 s" and email.late
    assert email.arrived_text == "7.10 s"


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("See https://shop.example/a.", [Link("See "), Link("https://shop.example/a",
                                                            "https://shop.example/a"),
                                         Link(".")]),
        ("(http://x.example/b?c=1&d=2)", [Link("("), Link("http://x.example/b?c=1&d=2",
                                                          "http://x.example/b?c=1&d=2"),
                                          Link(")")]),
        ("javascript:alert(1) and data:text/html,<b>", [
            Link("javascript:alert(1) and data:text/html,<b>")]),
        ('<a href="https://e.example/">x</a>', [Link('<a href="'), Link(
            "https://e.example/", "https://e.example/"), Link('">x</a>')]),
        ("https:// and http://", [Link("https:// and http://")]),
        ("", []),
    ],
)
def test_only_http_urls_in_site_text_become_links(text: str, pieces: list[Link]) -> None:
    assert text_with_links(text) == pieces
