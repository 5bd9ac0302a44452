"""`ImapMailbox` against a real IMAP server: Dovecot, started for the test on a free port with
a throwaway config (plain login, one user, a Maildir per user). Skipped where Dovecot is not
installed (`apt-get install dovecot-imapd`, see scripts/setup.sh)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from runner.mail import MailboxUnreachable, open_mailbox

DOVECOT = Path("/usr/sbin/dovecot")
pytestmark = pytest.mark.skipif(not DOVECOT.exists(),
                                reason="Dovecot is not installed (apt-get install dovecot-imapd)")

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


@pytest.fixture
def dovecot():
    # Not under pytest's tmp_path: its folders are private to us, and Dovecot reads as its
    # own users (the password file as `dovecot`, the mail as the mail user).
    root = Path(tempfile.mkdtemp(prefix="shopper-dovecot-"))
    root.chmod(0o755)
    for folder in ("run", "state", "home", "mail/shopper/new", "mail/shopper/cur",
                   "mail/shopper/tmp"):
        (root / folder).mkdir(parents=True)
    # Dovecot never serves mail as root: as root, the mail belongs to `nobody`.
    uid, gid = (65534, 65534) if os.getuid() == 0 else (os.getuid(), os.getgid())
    port = free_port()
    (root / "users").write_text("shopper:{PLAIN}s3cret\n")
    (root / "dovecot.conf").write_text(CONFIG.format(root=root, uid=uid, gid=gid, port=port))
    if os.getuid() == 0:
        for path in [root / "mail", root / "home", *(root / "mail").rglob("*")]:
            os.chown(path, uid, gid)
    process = subprocess.Popen([str(DOVECOT), "-F", "-c", str(root / "dovecot.conf")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    else:
        process.terminate()
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"Dovecot did not start: {process.stderr.read().decode()[:500]}")

    def deliver(name: str, raw: str, arrived: float) -> None:
        path = root / "mail" / "shopper" / "new" / name
        path.write_text(raw)
        os.utime(path, (arrived, arrived))  # a Maildir's INTERNALDATE is the file's time
        if os.getuid() == 0:
            os.chown(path, uid, gid)

    yield port, deliver
    process.terminate()
    process.wait(timeout=10)
    shutil.rmtree(root, ignore_errors=True)


def test_dovecot_inbox_is_read_with_internaldate_and_new_mail_seen(dovecot):
    port, deliver = dovecot
    now = int(time.time())
    deliver("1.old", "To: ann@example.com\nSubject: Old\n\nold\n", now - 7200)
    deliver("2.ack", "To: ann+r1@example.com\nSubject: =?utf-8?q?We_received_CS-5?=\n\n"
                     "Case CS-5: http://shop.example/cases/CS-5\n", now)
    box = open_mailbox(f"imap://shopper:s3cret@127.0.0.1:{port}/INBOX")
    try:
        [mail] = box.messages_since((now - 60) * 1000)
        assert mail.subject == "We received CS-5"
        assert mail.arrived_at == now * 1000
        assert mail.links == ["http://shop.example/cases/CS-5"]
        deliver("3.new", "To: ann+r1@example.com\nSubject: Later\n\nx\n", now + 1)
        assert [m.subject for m in box.messages_since((now - 60) * 1000)] == [
            "We received CS-5", "Later"]
    finally:
        box.close()


def test_dovecot_refuses_a_wrong_password_as_unreachable(dovecot):
    port, _ = dovecot
    with pytest.raises(MailboxUnreachable, match="cannot open"):
        open_mailbox(f"imap://shopper:wrong@127.0.0.1:{port}/INBOX").messages_since(0)
