"""From a recording to a journey file beside its personas: the header a person would write
(a title from the first page, the channel, the site, the persona whose values were typed),
the steps, and any file the person attached, kept next to the journey."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from runner.errors import ShopperError
from runner.journey.personas import load_personas
from runner.record.personas import best_persona
from runner.record.recording import Recording
from runner.record.steps import journey_steps
from runner.record.writer import journey_yaml

# Words in the first address that say which channel a journey is.
CHANNEL_WORDS = (("contact", "contact-form"), ("support", "contact-form"),
                 ("refund", "refund"), ("return", "refund"))


@dataclass
class Written:
    path: Path
    steps: int
    persona: str | None
    acknowledged: bool


def default_output(url: str, folder: Path = Path("journeys")) -> Path:
    """journeys/<first word of the address's path>.yaml ("/contact" → contact.yaml)."""
    words = re.findall(r"[a-z0-9]+", urlsplit(url).path.lower())
    return folder / f"{'_'.join(words[:3]) or 'recorded'}.yaml"


def check_persona(output: Path, persona_name: str | None) -> None:
    """Before anything is recorded: a persona asked for must be in the personas beside the
    journey (finding out after the walk would cost the person the walk)."""
    if persona_name is None:
        return
    book = load_personas(output.parent, os.environ)
    if persona_name not in book.personas:
        known = ", ".join(sorted(book.personas)) or "none"
        raise ShopperError(f"--persona {persona_name}: no such persona in "
                           f"{output.parent / 'personas.yaml'} (known: {known})")


def write_journey(recording: Recording, url: str, output: Path,
                  persona_name: str | None = None) -> Written:
    parts = urlsplit(url)
    base_url = f"{parts.scheme}://{parts.netloc}"
    check_persona(output, persona_name)
    book = load_personas(output.parent, os.environ)
    typed = [a.value for a in recording.actions if a.kind == "fill" and a.value]
    persona = best_persona(book.personas, typed, persona_name)
    _keep_uploads(recording, output)
    steps = journey_steps(recording.actions, base_url, persona)
    if not steps:
        raise ShopperError("nothing was recorded: the page was never reached")
    header = {
        "name": recording.first_heading or recording.first_title or output.stem,
        "channel": _channel(url, recording),
        "base_url": base_url,
        "persona": persona.name if persona is not None else None,
    }
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    comments = [f"Recorded by `shopper record` from {url} on {stamp}.",
                "Check the locators and the proposed expect_ack, then `shopper validate`."]
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(journey_yaml(header, steps, comments), encoding="utf-8")
    return Written(output, len(steps), header["persona"],
                   any("expect_ack" in step for step in steps))


def _channel(url: str, recording: Recording) -> str:
    path = urlsplit(url).path.lower()
    for word, channel in CHANNEL_WORDS:
        if word in path:
            return channel
    return "other" if any(a.submitted for a in recording.actions) else "browse"


def _keep_uploads(recording: Recording, output: Path) -> None:
    """Attached files go to <journey>_files/ beside the journey; the steps name them by their
    path relative to the journey file, as an upload step does."""
    if not recording.files:
        return
    folder = output.parent / f"{output.stem}_files"
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in recording.files.items():
        (folder / name).write_bytes(data)
    for action in recording.actions:
        if action.kind == "upload" and action.value in recording.files:
            action.value = f"{folder.name}/{action.value}"
