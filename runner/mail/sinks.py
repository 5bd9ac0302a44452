"""The run's own SMTP sinks: one per `smtp://HOST:PORT` mailbox the run's journeys read.

They live in the parent for the length of the run (README: one sink serves every worker);
journeys read the Maildir each one writes, under `OUT/mail/<run-id>/`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from runner.mail import sink_key
from runner.mail.smtp_sink import SmtpSink


def smtp_mailboxes(urls: Iterable[str | None]) -> list[str]:
    """The distinct HOST:PORT of every smtp:// address among `urls`."""
    keys: list[str] = []
    for url in urls:
        if url and "${" not in url and urlsplit(url).scheme == "smtp":
            key = sink_key(url)
            if key not in keys:
                keys.append(key)
    return keys


@contextmanager
def run_sinks(urls: Iterable[str | None], folder: Path,
              running: dict[str, Path] | None = None) -> Iterator[dict[str, Path]]:
    """Start a sink for each smtp:// mailbox not already `running`; yield HOST:PORT ->
    Maildir for all of them. A port that is taken raises MailSinkUnavailable at once."""
    sinks = dict(running or {})
    with ExitStack() as stack:
        for key in smtp_mailboxes(urls):
            if key in sinks:
                continue
            host, _, port = key.rpartition(":")
            maildir = folder / key.replace(":", "_")
            stack.enter_context(SmtpSink(maildir, host=host, port=int(port)))
            sinks[key] = maildir
        yield sinks
