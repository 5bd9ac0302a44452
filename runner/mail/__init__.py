"""Mailboxes where a persona's mail is read: an SMTP sink of our own, IMAP, a Maildir.

Every reader answers one question, `messages_since(epoch_ms)`: the messages that arrived at
or after that moment, decoded into `Mail`. Which reader a journey gets is decided by its
mailbox address (README) in `open_mailbox`. A mailbox the tool cannot reach raises
`MailboxUnreachable`: the tool's fault, never the site's (status `error`, not missing-email).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from runner.mail.mailbox import Mailbox, MailboxUnreachable, NoMailbox
from runner.mail.message import Mail


def sink_key(url: str) -> str:
    """`smtp://HOST:PORT` -> `HOST:PORT`, the key a run's sinks are kept under."""
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port}"


def open_mailbox(url: str, sink_maildir: Path | Mapping[str, Path] | None = None) -> Mailbox:
    """The reader for a mailbox address. `smtp://` means the run's own sink: its Maildir is
    `sink_maildir` (one path, or a mapping HOST:PORT -> path when a run has several)."""
    from runner.mail.imap import ImapMailbox
    from runner.mail.maildir import MaildirMailbox

    if url.startswith("maildir:"):
        return MaildirMailbox(Path(url[len("maildir:"):]).expanduser())
    scheme = urlsplit(url).scheme
    if scheme == "smtp":
        path = sink_maildir
        if isinstance(sink_maildir, Mapping):
            path = sink_maildir.get(sink_key(url))
        if path is None:
            raise MailboxUnreachable(f"no mail sink of this run listens at {url}")
        return MaildirMailbox(Path(path))
    if scheme in ("imap", "imaps"):
        return ImapMailbox(url)
    raise MailboxUnreachable(f"`{url}` is not a mailbox address")


__all__ = ["Mail", "Mailbox", "MailboxUnreachable", "NoMailbox", "open_mailbox", "sink_key"]
