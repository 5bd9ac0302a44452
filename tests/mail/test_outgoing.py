"""Sending the customer's mail through a real SMTP server (aiosmtpd on 127.0.0.1): STARTTLS
when offered, implicit TLS (smtps), login; and every way the server can refuse is one line
naming the server, never its password."""

from __future__ import annotations

import socket
import ssl
import subprocess
import time
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from runner.mail.outgoing import OutgoingUnavailable, outgoing_problem, parse_outgoing, send

USER, PASSWORD = "ann@example.com", "pa55-w0rd-never-shown"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1, trusted by the client through SSL_CERT_FILE."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


class Inbound:
    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], bytes, float]] = []
        self.logins: list[str] = []

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802, ANN001
        if address.startswith("nobody@"):
            return "550 5.1.1 <nobody@shop.example>: Recipient address rejected"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802, ANN001
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos),
                              envelope.original_content, time.time() * 1000.0))
        return "250 Message accepted"

    def authenticate(self, server, session, envelope, mechanism, auth_data):  # noqa: ANN001
        login = auth_data.login.decode()
        self.logins.append(login)
        # handled=False: aiosmtpd then answers a refusal with 535 itself.
        return AuthResult(success=login == USER and auth_data.password.decode() == PASSWORD,
                          handled=False)


@pytest.fixture
def server(certificate, monkeypatch):
    """Start an SMTP server: `server("starttls"|"smtps"|"plain")` -> (port, inbound)."""
    cert, key = certificate
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    started = []

    def start(kind: str):
        inbound = Inbound()
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(cert), str(key))
        port = free_port()
        options = {"authenticator": inbound.authenticate}
        if kind == "starttls":
            options.update(tls_context=context, require_starttls=True, auth_require_tls=True)
        elif kind == "smtps":
            # Implicit TLS: aiosmtpd cannot tell, so AUTH must not wait for STARTTLS.
            options.update(ssl_context=context, auth_require_tls=False)
        else:
            options.update(auth_require_tls=False)
        controller = Controller(inbound, hostname="127.0.0.1", port=port, ready_timeout=5,
                                **options)
        controller.start()
        started.append(controller)
        return port, inbound

    yield start
    for controller in started:
        controller.stop()


def message(to: str = "support@shop.example") -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = f"Ann Example <{USER}>"
    mail["To"] = to
    mail["Subject"] = "My order arrived damaged"
    mail.set_content("The lid is broken.")
    return mail


def test_starttls_and_login_then_the_servers_acceptance_is_the_moment(server):
    port, inbound = server("starttls")
    outgoing = parse_outgoing(f"smtp://{USER.replace('@', '%40')}:{PASSWORD}@127.0.0.1:{port}")
    before = time.time() * 1000.0
    accepted = send(outgoing, message(), USER, ["support@shop.example"])
    [(sender, recipients, raw, got_at)] = inbound.received
    assert inbound.logins == [USER]
    assert sender == USER and recipients == ["support@shop.example"]
    assert b"The lid is broken." in raw
    assert before <= got_at <= accepted < time.time() * 1000.0


def test_smtps_speaks_tls_from_the_first_byte(server):
    port, inbound = server("smtps")
    accepted = send(parse_outgoing(f"smtps://{USER}:{PASSWORD}@127.0.0.1:{port}"), message(),
                    USER, ["support@shop.example"])
    assert len(inbound.received) == 1 and accepted > 0


def test_a_failed_login_names_the_server_and_hides_the_password(server):
    port, inbound = server("starttls")
    wrong = "not-the-password-123"
    with pytest.raises(OutgoingUnavailable) as refused:
        send(parse_outgoing(f"smtp://{USER}:{wrong}@127.0.0.1:{port}"), message(), USER,
             ["support@shop.example"])
    said = str(refused.value)
    assert f"127.0.0.1:{port}" in said and "refused the login" in said
    assert wrong not in said and "\n" not in said
    assert inbound.received == []


def test_a_refused_recipient_is_the_tools_problem_in_one_line(server):
    port, _ = server("plain")
    with pytest.raises(OutgoingUnavailable, match=r"refused nobody@shop\.example: 550"):
        send(parse_outgoing(f"smtp://127.0.0.1:{port}"), message("nobody@shop.example"), USER,
             ["nobody@shop.example"])


def test_an_unreachable_server_is_named():
    port = free_port()  # nothing listens there
    with pytest.raises(OutgoingUnavailable, match=rf"cannot connect to smtp://127\.0\.0\.1:{port}"):
        send(parse_outgoing(f"smtp://127.0.0.1:{port}"), message(), USER, ["support@shop.example"])


def test_a_server_without_tls_is_used_as_it_is(server):
    port, inbound = server("plain")
    accepted = send(parse_outgoing(f"smtp://{USER}:{PASSWORD}@127.0.0.1:{port}"), message(),
                    USER, ["support@shop.example"])
    assert accepted > 0 and inbound.logins == [USER]


@pytest.mark.parametrize(("url", "problem"), [
    ("smtps://ann:secret@mail.example.com:465", None),
    ("smtp://mail.example.com", None),
    ("imap://mail.example.com", "not an outgoing mail server"),
    ("smtp://", "has no host"),
    ("smtps://ann:secret@mail.example.com:notaport", "not an outgoing mail server"),
])
def test_outgoing_addresses_are_checked_without_showing_passwords(url, problem):
    said = outgoing_problem(url)
    assert (said is None) if problem is None else (problem in said and "secret" not in said)


def test_default_ports():
    assert parse_outgoing("smtps://a:b@h").port == 465
    assert parse_outgoing("smtp://a:b@h").port == 587
    assert parse_outgoing("smtp://h").port == 25
    assert parse_outgoing("smtps://a:b@h:2465").where == "smtps://a@h:2465"
