"""A real IMAP server for tests: Dovecot, started on a free port of 127.0.0.1 with a
throwaway config (plain login, one user `shopper` with password `s3cret`, a Maildir).

`running_dovecot()` yields a `Dovecot` whose `deliver()` drops a message in the user's inbox
(its INTERNALDATE is the file's time), and whose `smtp()` starts an SMTP server that delivers
what it accepts into that inbox: the business's outgoing mail reaching a customer's mailbox.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

DOVECOT = Path("/usr/sbin/dovecot")
USER, PASSWORD = "shopper", "s3cret"

CONFIG = """
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Dovecot:
    root: Path
    port: int
    uid: int
    gid: int

    @property
    def inbox(self) -> Path:
        return self.root / "mail" / USER

    @property
    def url(self) -> str:
        return f"imap://{USER}:{PASSWORD}@127.0.0.1:{self.port}/INBOX"

    def deliver(self, name: str, raw: str | bytes, arrived: float | None = None) -> None:
        data = raw.encode() if isinstance(raw, str) else raw
        temporary = self.inbox / "tmp" / name
        temporary.write_bytes(data)
        if arrived is not None:
            os.utime(temporary, (arrived, arrived))  # a Maildir's INTERNALDATE: the file's time
        if os.getuid() == 0:
            os.chown(temporary, self.uid, self.gid)
        temporary.rename(self.inbox / "new" / name)  # whole, as a delivery agent does

    @contextmanager
    def smtp(self) -> Iterator[str]:
        """An SMTP server (HOST:PORT) that delivers every message it accepts into the inbox."""
        from aiosmtpd.controller import Controller

        dovecot = self

        class Deliver:
            async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802, ANN001
                name = f"{time.time():.6f}.{os.getpid()}.{len(os.listdir(dovecot.inbox / 'new'))}"
                dovecot.deliver(name, envelope.original_content or envelope.content)
                return "250 Delivered"

        port = free_port()
        controller = Controller(Deliver(), hostname="127.0.0.1", port=port, ready_timeout=5)
        controller.start()
        try:
            yield f"127.0.0.1:{port}"
        finally:
            controller.stop()


@contextmanager
def running_dovecot() -> Iterator[Dovecot]:
    # Not under pytest's tmp_path: its folders are private to us, and Dovecot reads as its
    # own users (the password file as `dovecot`, the mail as the mail user).
    root = Path(tempfile.mkdtemp(prefix="shopper-dovecot-"))
    root.chmod(0o755)
    for folder in ("run", "state", "home", f"mail/{USER}/new", f"mail/{USER}/cur",
                   f"mail/{USER}/tmp"):
        (root / folder).mkdir(parents=True)
    # Dovecot never serves mail as root: as root, the mail belongs to `nobody`.
    uid, gid = (65534, 65534) if os.getuid() == 0 else (os.getuid(), os.getgid())
    port = free_port()
    (root / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    (root / "dovecot.conf").write_text(CONFIG.format(root=root, uid=uid, gid=gid, port=port))
    if os.getuid() == 0:
        for path in [root / "mail", root / "home", *(root / "mail").rglob("*")]:
            os.chown(path, uid, gid)
    process = subprocess.Popen([str(DOVECOT), "-F", "-c", str(root / "dovecot.conf")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        else:
            process.terminate()
            raise RuntimeError(f"Dovecot did not start: {process.stderr.read().decode()[:500]}")
        yield Dovecot(root, port, uid, gid)
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)
        shutil.rmtree(root, ignore_errors=True)


__all__ = ["DOVECOT", "Dovecot", "running_dovecot"]
