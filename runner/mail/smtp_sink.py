"""An SMTP sink: the tool listens, the site under test sends its mail here, nothing is relayed.

One sink serves a whole run. It lives in the parent process and writes every message it
accepts to a Maildir (with the arrival time in a header), which any worker can read.
"""

from __future__ import annotations

import errno
import mailbox
import socket
import time
from pathlib import Path

from aiosmtpd.controller import Controller

from runner.errors import ShopperError


class MailSinkUnavailable(ShopperError):
    """The sink cannot listen (the port is taken, the address is not ours): exit 3."""


class _Deliver:
    def __init__(self, maildir: mailbox.Maildir) -> None:
        self.maildir = maildir

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: ANN001, N802
        arrived = time.time()
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "replace")
        stamp = (f"X-Shopper-Arrived: {arrived * 1000:.1f}\r\n"
                 f"X-Shopper-Rcpt: {', '.join(envelope.rcpt_tos)}\r\n").encode()
        self.maildir.add(mailbox.MaildirMessage(stamp + raw))
        return "250 Message accepted for delivery"


class SmtpSink:
    def __init__(self, maildir: Path, host: str = "127.0.0.1", port: int = 0) -> None:
        self.maildir_path = maildir
        self.host = host
        self.port = port or _free_port(host)
        self._controller: Controller | None = None

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    def __enter__(self) -> SmtpSink:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        self.maildir_path.parent.mkdir(parents=True, exist_ok=True)
        _check_free(self.host, self.port)  # fail at once, not after the controller's timeout
        handler = _Deliver(mailbox.Maildir(str(self.maildir_path), create=True))
        self._controller = Controller(handler, hostname=self.host, port=self.port,
                                      ready_timeout=5)
        try:
            self._controller.start()
        except Exception as exc:  # noqa: BLE001 - aiosmtpd raises several kinds here
            self._controller = None
            raise MailSinkUnavailable(
                f"cannot listen for mail on smtp://{self.address}: {exc}") from exc

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


def _free_port(host: str) -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def _check_free(host: str, port: int) -> None:
    with socket.socket() as sock:
        # The same option asyncio sets, so a port in TIME_WAIT is not mistaken for taken.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
            sock.listen(1)
        except OSError as exc:
            in_use = exc.errno == errno.EADDRINUSE
            reason = "the port is already in use" if in_use else (exc.strerror or exc)
            raise MailSinkUnavailable(f"cannot listen for mail on smtp://{host}:{port}: "
                                      f"{reason}") from exc
