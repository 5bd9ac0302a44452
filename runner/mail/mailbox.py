"""What every mailbox reader is, and the two reasons mail cannot be read."""

from __future__ import annotations

from typing import Protocol

from runner.errors import ShopperError
from runner.mail.message import Mail


class MailboxUnreachable(ShopperError):
    """The mailbox cannot be read (refused, unknown host, bad login, missing folder)."""


class NoMailbox(Exception):  # noqa: N818 - a reason to skip, not a failure
    """The journey reads mail but no mailbox is configured: its mail steps are skipped (with
    this reason), neither a finding against the site nor an error of the run."""


class Mailbox(Protocol):
    # How often it is worth asking again, at most (ms): a local folder is cheap, a server not.
    poll_ms: float

    def messages_since(self, epoch_ms: float) -> list[Mail]: ...

    def close(self) -> None: ...
