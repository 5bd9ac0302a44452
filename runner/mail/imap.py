"""A real inbox over IMAP: `imap://USER:PASSWORD@HOST[:PORT]/FOLDER` or `imaps://…`.

Arrival is the server's INTERNALDATE (when the server accepted the message). The folder is
opened read-only, so the tool never marks a customer's mail as read. SEARCH SINCE works by
whole days, so the search starts a day early and the exact moment is filtered here. Servers
are asked at growing intervals (`poll_ms` grows up to `MAX_POLL_MS`), not hammered.
"""

from __future__ import annotations

import imaplib
import re
import ssl
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import unquote, urlsplit

from runner.mail.mailbox import MailboxUnreachable
from runner.mail.message import Mail, parse_mail

CONNECT_TIMEOUT_S = 10.0
FIRST_POLL_MS = 500.0
MAX_POLL_MS = 5_000.0
INTERNALDATE = re.compile(rb'INTERNALDATE "([^"]+)"')
UID = re.compile(rb"UID (\d+)")


class ImapMailbox:
    # INTERNALDATE is to the second: an answer stamped up to this much before the moment it
    # answers may have come after it (runner/walk/steps/expect_email.py).
    arrival_precision_ms = 1000.0

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.secure = parts.scheme == "imaps"
        self.host = parts.hostname or ""
        self.port = parts.port or (993 if self.secure else 143)
        self.user = unquote(parts.username or "")
        self.password = unquote(parts.password or "")
        self.folder = unquote(parts.path.lstrip("/")) or "INBOX"
        self.where = f"{parts.scheme}://{self.host}:{self.port}/{self.folder}"  # no password
        self.poll_ms = FIRST_POLL_MS
        self._conn: imaplib.IMAP4 | None = None
        self._read: dict[bytes, Mail] = {}

    def messages_since(self, epoch_ms: float) -> list[Mail]:
        try:
            found = self._fetch_since(epoch_ms)
        except (imaplib.IMAP4.abort, OSError):
            self._drop()  # the server hung up between polls: one fresh try
            try:
                found = self._fetch_since(epoch_ms)
            except (imaplib.IMAP4.error, OSError) as exc:
                raise MailboxUnreachable(f"cannot read {self.where}: {exc}") from exc
        except imaplib.IMAP4.error as exc:
            raise MailboxUnreachable(f"cannot read {self.where}: {exc}") from exc
        self.poll_ms = min(self.poll_ms * 1.5, MAX_POLL_MS)
        return found

    def _fetch_since(self, epoch_ms: float) -> list[Mail]:
        conn = self._connection()
        conn.noop()  # lets the server tell us about new mail in the selected folder
        day = datetime.fromtimestamp(epoch_ms / 1000.0, UTC) - timedelta(days=1)
        status, data = conn.uid("SEARCH", None, "SINCE", day.strftime("%d-%b-%Y"))
        if status != "OK":
            raise imaplib.IMAP4.error(f"SEARCH failed: {data!r}")
        uids = (data[0] or b"").split()
        for uid in (u for u in uids if u not in self._read):
            status, parts = conn.uid("FETCH", uid, "(INTERNALDATE RFC822)")
            if status != "OK":
                continue
            mail = _mail_from_fetch(parts)
            if mail is not None:
                self._read[uid] = mail
        found = [m for m in self._read.values() if m.arrived_at >= epoch_ms]
        found.sort(key=lambda m: m.arrived_at)
        return found

    def _connection(self) -> imaplib.IMAP4:
        if self._conn is not None:
            return self._conn
        try:
            if self.secure:
                conn = imaplib.IMAP4_SSL(self.host, self.port, timeout=CONNECT_TIMEOUT_S,
                                         ssl_context=ssl.create_default_context())
            else:
                conn = imaplib.IMAP4(self.host, self.port, timeout=CONNECT_TIMEOUT_S)
        except (OSError, imaplib.IMAP4.error) as exc:
            raise MailboxUnreachable(f"cannot connect to {self.where}: {exc}") from exc
        try:
            conn.login(self.user, self.password)
            status, data = conn.select(_quoted(self.folder), readonly=True)
            if status != "OK":
                raise imaplib.IMAP4.error(f"no folder {self.folder!r}: {data!r}")
        except (imaplib.IMAP4.error, OSError) as exc:
            try:
                conn.shutdown()
            except OSError:
                pass
            raise MailboxUnreachable(f"cannot open {self.where} as {self.user}: {exc}") from exc
        self._conn = conn
        return conn

    def _drop(self) -> None:
        if self._conn is not None:
            try:
                self._conn.shutdown()
            except OSError:
                pass
            self._conn = None

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.logout()
            except (imaplib.IMAP4.error, OSError):
                pass
            self._conn = None


def _mail_from_fetch(parts: list) -> Mail | None:
    for part in parts:
        if isinstance(part, tuple) and len(part) == 2:
            meta, raw = part
            stamp = INTERNALDATE.search(meta)
            arrived = _internaldate_ms(stamp.group(1)) if stamp else time.time() * 1000.0
            return parse_mail(raw, arrived)
    return None


def _internaldate_ms(value: bytes) -> float:
    moment = datetime.strptime(value.decode("ascii").strip(), "%d-%b-%Y %H:%M:%S %z")
    return moment.timestamp() * 1000.0


def _quoted(folder: str) -> str:
    return folder if re.fullmatch(r"[A-Za-z0-9._/-]+", folder) else '"' + folder.replace(
        "\\", "\\\\").replace('"', '\\"') + '"'
