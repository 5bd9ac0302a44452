"""A Maildir: `maildir:PATH`, and the folder the run's own SMTP sink writes to.

Arrival is the sink's `X-Shopper-Arrived` stamp (epoch ms, taken when the message was
accepted) or else the file's modification time (when the delivery agent wrote it).
"""

from __future__ import annotations

import os
from pathlib import Path

from runner.mail.mailbox import MailboxUnreachable
from runner.mail.message import Mail, parse_mail

ARRIVED = b"x-shopper-arrived:"
# A file written this long before the moment asked about cannot hold a message that arrived
# after it (the arrival stamp is taken just before the file is written): it is not even
# read, so a Maildir that has collected months of mail costs a directory listing, not a parse.
OLDER_MARGIN_MS = 60_000.0


class MaildirMailbox:
    poll_ms = 100.0

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._read: dict[str, Mail] = {}  # file name (unique per message) -> parsed
        # file name -> arrival, of the messages that came before the moment asked about:
        # not parsed (a parse is ~10-20 ms, and a shared mailbox holds others' mail)
        self._earlier: dict[str, float] = {}

    def messages_since(self, epoch_ms: float) -> list[Mail]:
        if not (self.path / "new").is_dir() and not (self.path / "cur").is_dir():
            raise MailboxUnreachable(f"{self.path} is not a Maildir (no new/ or cur/ folder)")
        found: list[Mail] = []
        for folder in ("new", "cur"):
            try:
                entries = list(os.scandir(self.path / folder))
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise MailboxUnreachable(f"cannot read {self.path / folder}: {exc}") from exc
            for entry in entries:
                # A message moved from new/ to cur/ gains an ":2,…" suffix: same message.
                key = entry.name.split(":", 1)[0]
                mail = self._read.get(key)
                if mail is None:
                    if self._earlier.get(key, epoch_ms) < epoch_ms:
                        continue
                    if _written_ms(entry) < epoch_ms - OLDER_MARGIN_MS:
                        continue
                    mail = self._parse(entry, epoch_ms)
                    if mail is None:
                        continue
                    if isinstance(mail, float):
                        self._earlier[key] = mail
                        continue
                    self._read[key] = mail
                if mail.arrived_at >= epoch_ms:
                    found.append(mail)
        found.sort(key=lambda m: m.arrived_at)
        return found

    def _parse(self, entry: os.DirEntry, epoch_ms: float) -> Mail | float | None:
        """The message, or only its arrival when that was before `epoch_ms`; None when the
        file moved away meanwhile."""
        try:
            raw = Path(entry.path).read_bytes()
            mtime_ms = entry.stat().st_mtime * 1000.0
        except FileNotFoundError:  # moved between listing and reading; next poll finds it
            return None
        arrived = _arrival(raw) or mtime_ms
        if arrived < epoch_ms:
            return arrived
        return parse_mail(raw, arrived)

    def close(self) -> None:
        self._read.clear()
        self._earlier.clear()


def _written_ms(entry: os.DirEntry) -> float:
    try:
        return entry.stat().st_mtime * 1000.0
    except FileNotFoundError:
        return float("inf")  # moved meanwhile: let the parse find out


def _arrival(raw: bytes) -> float | None:
    head = raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    for line in head.splitlines():
        if line.lower().startswith(ARRIVED):
            try:
                return float(line[len(ARRIVED):].strip())
            except ValueError:
                return None
    return None
