"""Every action of SPEC §2 becomes the model object the engine runs."""

from __future__ import annotations

from pathlib import Path

from runner.journey.model import (
    AckSpec,
    EmailLinkSpec,
    EmailSpec,
    Expectation,
    FieldValue,
    LinkCheckSpec,
    Locator,
    ReplySpec,
)

CHAT = """
name: Chat
channel: chat
persona: {name: Ann, email: "ann+${run.id}@example.com"}
chat:
  frame: "iframe#chat"
  open: "#chat-launcher"
  input: {placeholder: Type a message}
  send: "role=button[name='Send']"
  agent_messages: ".msg.agent"
  sender: ".who"
steps:
"""


def steps_of(load_one, steps: str, header: str = CHAT):
    return load_one(header + steps).steps


def only_step(load_one, step: str):
    return steps_of(load_one, step)[0]


def test_goto_keeps_the_path_and_names_the_step_after_it(load_one):
    step = only_step(load_one, "  - goto: /contact\n")
    assert (step.action, step.value, step.name) == ("goto", "/contact", "goto /contact")


def test_a_locator_string_is_a_playwright_selector(load_one):
    step = only_step(load_one, "  - click: \"text=Send\"\n")
    assert step.value == Locator(selector="text=Send")
    assert step.name == "click text=Send"


def test_a_role_locator_keeps_its_accessible_name_and_names_the_step_after_it(load_one):
    step = only_step(load_one, "  - click: {role: button, name: Send, exact: true}\n")
    assert step.value == Locator(by="role", value="button", name="Send", exact=True)
    assert step.name == "click Send"


def test_every_get_by_kind_is_a_locator(load_one):
    kinds = ["label", "text", "placeholder", "testid", "alt", "title"]
    steps = steps_of(load_one, "".join(f"  - check: {{{kind}: X}}\n" for kind in kinds))
    assert [step.value for step in steps] == [Locator(by=kind, value="X") for kind in kinds]


def test_fill_as_a_mapping_keeps_values_as_written(load_one):
    step = only_step(load_one, """\
  - fill:
      "#name": ${persona.name}
      "#zip": 01234
""")
    assert step.value == [FieldValue(Locator(selector="#name"), "${persona.name}"),
                          FieldValue(Locator(selector="#zip"), "01234")]
    assert step.name == "fill 2 fields"


def test_fill_as_a_list_allows_mapping_locators(load_one):
    step = only_step(load_one, """\
  - fill:
      - {locator: {label: Email}, value: "${persona.email}"}
""")
    assert step.value == [FieldValue(Locator(by="label", value="Email"), "${persona.email}")]
    assert step.name == "fill 1 field"


def test_select_maps_a_locator_to_an_option(load_one):
    step = only_step(load_one, "  - select: {\"#reason\": Damaged}\n")
    assert step.value == [FieldValue(Locator(selector="#reason"), "Damaged")]
    assert step.name == "select Damaged"


def test_press_a_key_on_the_page_or_in_a_field(load_one):
    page, field = steps_of(load_one, "  - press: Enter\n  - press: {\"#q\": Tab}\n")
    assert page.value == [FieldValue(None, "Enter")] and page.name == "press Enter"
    assert field.value == [FieldValue(Locator(selector="#q"), "Tab")]


def test_upload_paths_are_relative_to_the_journey_file(load_one, journeys_dir: Path):
    (journeys_dir / "files").mkdir()
    (journeys_dir / "files" / "receipt.pdf").write_bytes(b"%PDF")
    step = only_step(load_one, "  - upload: {\"#receipt\": files/receipt.pdf}\n")
    expected = str((journeys_dir / "files" / "receipt.pdf").resolve())
    assert step.value == [FieldValue(Locator(selector="#receipt"), expected)]
    assert step.name == "upload receipt.pdf"


def test_wait_is_a_duration_in_milliseconds(load_one):
    step = only_step(load_one, "  - wait: 1.5s\n")
    assert (step.value, step.name) == (1500.0, "wait 1.5s")


def test_expect_takes_exactly_one_kind_of_assertion(load_one):
    steps = steps_of(load_one, """\
  - expect: {text: Thank you}
  - expect: {not_text: Error}
  - expect: {visible: {role: heading, name: Done}}
  - expect: {url: "/thanks$"}
  - expect: {title: "^Thanks"}
""")
    assert [step.value for step in steps] == [
        Expectation("text", text="Thank you"), Expectation("not_text", text="Error"),
        Expectation("visible", locator=Locator(by="role", value="heading", name="Done")),
        Expectation("url", text="/thanks$"), Expectation("title", text="^Thanks")]
    assert steps[0].name == 'expect text "Thank you"'


def test_expect_ack_keeps_its_window_patterns_reference_and_promise(load_one):
    step = only_step(load_one, r"""
  - expect_ack:
      within: 20s
      text: ["thank you", "we (have|'ve) received"]
      reference: "(?P<ref>\\b[A-Z]{2,6}-\\d{3,}\\b)"
      promise: true
    save: ticket
""")
    assert step.value == AckSpec(within_ms=20000, text=("thank you", "we (have|'ve) received"),
                                 reference=r"(?P<ref>\b[A-Z]{2,6}-\d{3,}\b)", promise=True)
    assert (step.name, step.save, step.captures) == ("Acknowledgement", "ticket", "reference")


def test_a_window_defaults_to_twice_its_budget(load_one):
    steps = steps_of(load_one, """\
  - expect_ack: {}
  - say: Hello
  - expect_reply:
  - expect_email: {subject: received}
""")
    assert steps[0].value.within_ms == 20_000  # acknowledgement budget 10s
    assert steps[2].value.within_ms == 60_000  # reply budget 30s
    assert steps[3].value.within_ms == 240_000  # email budget 2m


def test_a_journey_sla_moves_the_default_window(load_one):
    journey = load_one(CHAT.replace("steps:", "sla: {acknowledgement: 3s}\nsteps:")
                       + "  - expect_ack: {}\n")
    assert journey.sla == {"acknowledgement": 3000}
    assert journey.steps[0].value.within_ms == 6000


def test_chat_actions(load_one):
    say, reply = steps_of(load_one, """\
  - say: "My order ${persona.name} arrived damaged, it is completely broken"
  - expect_reply: {within: 1m, text: [sorry], handoff: true}
    save: answer
""")
    assert say.value.startswith("My order") and say.name.startswith('say "My order')
    assert len(say.name) < 40
    assert reply.value == ReplySpec(within_ms=60_000, text=("sorry",), handoff=True)
    assert (reply.name, reply.captures) == ("Reply", "reply")


def test_email_actions(load_one):
    email, link_default, link = steps_of(load_one, """\
  - expect_email: {within: 5m, to: "ops@example.com", subject: "we received", contains: CS-1}
  - open_email_link: true
  - open_email_link: {pattern: "/confirm/"}
""")
    assert email.value == EmailSpec(within_ms=300_000, to="ops@example.com",
                                    subject="we received", contains="CS-1")
    assert link_default.value == EmailLinkSpec()
    assert link.value == EmailLinkSpec(pattern="/confirm/")
    assert link.name == "open email link"


def test_check_links_defaults_to_same_origin_and_fifty(load_one):
    plain, limited = steps_of(load_one, """\
  - check_links: true
  - check_links: {same_origin: false, limit: 10}
""")
    assert plain.value == LinkCheckSpec(same_origin=True, limit=50)
    assert limited.value == LinkCheckSpec(same_origin=False, limit=10)


def test_common_step_keys(load_one):
    step = only_step(load_one, """\
  - name: Send it
    click: "#send"
    sla: 2s
    timeout: 10s
    optional: true
    screenshot: true
""")
    assert (step.name, step.sla_ms, step.timeout_ms, step.optional, step.screenshot) == (
        "Send it", 2000, 10000, True, True)


def test_the_step_location_is_its_list_item(load_one):
    steps = steps_of(load_one, "  - goto: /\n  - name: second\n    goto: /b\n")
    first_step_line = 12  # CHAT's header is 11 lines
    assert (steps[0].location.line, steps[0].location.column) == (first_step_line, 5)
    assert steps[1].location.line == first_step_line + 1


def test_journey_level_keys(load_one, journeys_dir: Path):
    journey = load_one("""
name: Contact form is acknowledged
channel: contact-form
base_url: ${env.SHOP_URL:-http://127.0.0.1:8000}
persona: ann
schedule: daily at 02:00
tags: [nightly, support]
device: iPhone 13
timeout: 3m
sla: {step: 4s, form_fields: 8}
steps:
  - goto: /contact
""", personas="ann: {name: Ann, email: \"ann+${run.id}@example.com\"}\n")
    assert journey.id == "j"
    assert journey.base_url == "http://127.0.0.1:8000"
    assert (journey.persona_id, journey.persona["email"]) == ("ann", "ann+${run.id}@example.com")
    assert (journey.schedule, journey.tags, journey.device) == (
        "daily at 02:00", ["nightly", "support"], "iPhone 13")
    assert journey.timeout_ms == 180_000
    assert journey.sla == {"step": 4000, "form_fields": 8}
    assert journey.chat is None and journey.channel == "contact-form"


def test_base_url_takes_the_environment_at_load_time(load_one):
    journey = load_one("name: x\nbase_url: ${env.SHOP_URL:-http://d}\nsteps: [{goto: /}]\n",
                       env={"SHOP_URL": "https://staging.example"})
    assert journey.base_url == "https://staging.example"


def test_the_chat_block_is_made_of_locators(load_one):
    journey = load_one(CHAT + "  - say: hi\n")
    assert journey.chat.input == Locator(by="placeholder", value="Type a message")
    assert journey.chat.frame == "iframe#chat"
    assert journey.chat.send == Locator(selector="role=button[name='Send']")


def test_secrets_used_by_a_journey_are_listed(load):
    loaded = load("name: x\nsteps:\n  - goto: /?k=${secrets.API_KEY}\n",
                  env={"API_KEY": "s3cret"})
    assert loaded.journeys[0].secrets == frozenset({"API_KEY"})
    assert loaded.warnings == []
