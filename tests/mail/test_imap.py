"""Reading a real inbox over IMAP: a message's arrival is the server's INTERNALDATE, only
mail since the moment counts, new mail is seen on the next poll, and a refused connection
or a bad login is `MailboxUnreachable`.

Dovecot is not installed here (`/usr/sbin/dovecot` missing), so these run against a minimal
IMAP4rev1 responder written below: just LOGIN, SELECT/EXAMINE, NOOP, UID SEARCH, UID FETCH
and LOGOUT, enough for what `ImapMailbox` asks.
"""

from __future__ import annotations

import re
import socket
import socketserver
import threading
import time
from email.message import EmailMessage

import pytest

from runner.mail import MailboxUnreachable, open_mailbox


class Store:
    def __init__(self) -> None:
        self.messages: list[tuple[float, bytes]] = []  # (internaldate epoch s, raw)
        self.searches: list[str] = []

    def add(self, to: str, subject: str, body: str, at: float) -> None:
        message = EmailMessage()
        message["From"] = "care@shop.example"
        message["To"] = to
        message["Subject"] = subject
        message.set_content(body)
        self.messages.append((at, message.as_bytes()))


class Imap(socketserver.StreamRequestHandler):
    store: Store

    def send(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self.send("* OK IMAP4rev1 test responder ready")
        while line := self.rfile.readline().decode().rstrip("\r\n"):
            tag, _, rest = line.partition(" ")
            command, _, args = rest.partition(" ")
            command = command.upper()
            if command == "CAPABILITY":
                self.send("* CAPABILITY IMAP4rev1")
            elif command == "LOGIN":
                if [a.strip("\"") for a in args.split()] != ["shopper", "s3cret"]:
                    self.send(f"{tag} NO [AUTHENTICATIONFAILED] Authentication failed.")
                    continue
            elif command in ("SELECT", "EXAMINE"):
                if args.strip('"') != "INBOX":
                    self.send(f"{tag} NO Mailbox doesn't exist")
                    continue
                self.send(f"* {len(self.store.messages)} EXISTS")
            elif command == "UID":
                self.uid(tag, args)
                continue
            elif command == "LOGOUT":
                self.send("* BYE")
                self.send(f"{tag} OK LOGOUT completed")
                return
            self.send(f"{tag} OK {command} completed")

    def uid(self, tag: str, args: str) -> None:
        sub, _, rest = args.partition(" ")
        if sub.upper() == "SEARCH":
            self.store.searches.append(rest)
            uids = " ".join(str(i + 1) for i in range(len(self.store.messages)))
            self.send(f"* SEARCH {uids}".rstrip())
        else:
            uid = int(re.match(r"\d+", rest).group(0))
            at, raw = self.store.messages[uid - 1]
            date = time.strftime("%d-%b-%Y %H:%M:%S +0000", time.gmtime(at))
            self.wfile.write(f'* {uid} FETCH (UID {uid} INTERNALDATE "{date}" RFC822 '
                             f"{{{len(raw)}}}\r\n".encode() + raw + b")\r\n")
        self.send(f"{tag} OK UID completed")


@pytest.fixture
def imap_server():
    store = Store()
    handler = type("Handler", (Imap,), {"store": store})
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield store, server.server_address[1]
    server.shutdown()
    server.server_close()


def test_mail_since_the_moment_is_read_with_the_servers_arrival_time(imap_server):
    store, port = imap_server
    now = int(time.time())
    store.add("ann+r1@example.com", "Old news", "old", now - 3600)
    store.add("ann+r1@example.com", "=?utf-8?q?Refund_RF-77_received?=", "RF-77", now)
    box = open_mailbox(f"imap://shopper:s3cret@127.0.0.1:{port}/INBOX")
    try:
        [mail] = box.messages_since((now - 60) * 1000)
        assert mail.subject == "Refund RF-77 received"
        assert mail.arrived_at == now * 1000
        assert mail.is_for("ann+r1@example.com")
        store.add("ann+r2@example.com", "Another", "x", now + 1)
        assert [m.subject for m in box.messages_since((now - 60) * 1000)] == [
            "Refund RF-77 received", "Another"]
        assert re.fullmatch(r"SINCE \d{2}-[A-Z][a-z]{2}-\d{4}", store.searches[0])
        assert box.poll_ms > 500  # backs off between polls
    finally:
        box.close()


@pytest.mark.parametrize("url, reason", [
    ("imap://shopper:wrong@127.0.0.1:{port}/INBOX", "AUTHENTICATIONFAILED"),
    ("imap://shopper:s3cret@127.0.0.1:{port}/Nope", "Nope"),
])
def test_a_bad_login_or_folder_is_unreachable(imap_server, url, reason):
    _, port = imap_server
    box = open_mailbox(url.format(port=port))
    with pytest.raises(MailboxUnreachable, match=reason) as caught:
        box.messages_since(0)
    assert "wrong" not in str(caught.value) and "s3cret" not in str(caught.value)


def test_a_refused_connection_is_unreachable():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(MailboxUnreachable, match="cannot connect"):
        open_mailbox(f"imap://a:b@127.0.0.1:{port}/INBOX").messages_since(0)
