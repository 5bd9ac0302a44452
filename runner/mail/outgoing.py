"""The customer's outgoing mail server: `outgoing:` in shopper.yaml, used by `send_email`.

`smtps://USER:PASSWORD@HOST[:PORT]` speaks TLS from the first byte (port 465 by default);
`smtp://…` (port 587 with a user, else 25) upgrades with STARTTLS whenever the server offers
it. With a user, it logs in (AUTH). The moment that matters is when the server accepted the
message (its answer to DATA): that is when the customer's mail is "sent", and the business's
answer is timed from it.

Everything that keeps the tool from sending (no connection, TLS refused, login failed, the
recipient or the sender refused) raises `OutgoingUnavailable` with one line naming the server,
never the password: the tool could not do what the customer would have done, so the journey
is not measured; it is never held against the business.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
import time
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from runner.errors import ShopperError

TIMEOUT_S = 30.0
SCHEMES = ("smtp", "smtps")


class OutgoingUnavailable(ShopperError):
    """The outgoing server cannot take the customer's mail: the tool's (or the network's)
    problem, not the business's."""


@dataclass(frozen=True)
class OutgoingServer:
    scheme: str
    host: str
    port: int
    user: str = ""
    password: str = ""

    @property
    def where(self) -> str:
        """The server as it may be written anywhere: never with its password."""
        who = f"{self.user}@" if self.user else ""
        return f"{self.scheme}://{who}{self.host}:{self.port}"


def outgoing_problem(url: str) -> str | None:
    """Why `url` cannot be an outgoing server, or None."""
    expected = "expected smtp://[USER:PASSWORD@]HOST[:PORT] or smtps://…"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return f"`{_public(url)}` is not an outgoing mail server; {expected}"
    if parts.scheme not in SCHEMES:
        return f"`{_public(url)}` is not an outgoing mail server; {expected}"
    if not parts.hostname:
        return f"`{_public(url)}` has no host; {expected}"
    return None


def parse_outgoing(url: str) -> OutgoingServer:
    problem = outgoing_problem(url)
    if problem:
        raise OutgoingUnavailable(problem)
    parts = urlsplit(url)
    user = unquote(parts.username or "")
    default = 465 if parts.scheme == "smtps" else (587 if user else 25)
    return OutgoingServer(parts.scheme, parts.hostname or "", parts.port or default, user,
                          unquote(parts.password or ""))


def send(server: OutgoingServer, message: EmailMessage, sender: str,
         recipients: list[str]) -> float:
    """Hand `message` to `server`; the epoch ms at which the server accepted it."""
    context = ssl.create_default_context()
    try:
        if server.scheme == "smtps":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(server.host, server.port, timeout=TIMEOUT_S,
                                                  context=context)
        else:
            smtp = smtplib.SMTP(server.host, server.port, timeout=TIMEOUT_S)
    except (OSError, smtplib.SMTPException) as exc:
        raise OutgoingUnavailable(f"cannot connect to {server.where}: {_reason(exc)}") from exc
    try:
        smtp.ehlo()
        if server.scheme == "smtp" and smtp.has_extn("starttls"):
            smtp.starttls(context=context)
            smtp.ehlo()
        if server.user:
            try:
                smtp.login(server.user, server.password)
            except smtplib.SMTPAuthenticationError as exc:
                raise OutgoingUnavailable(f"{server.where} refused the login of {server.user}: "
                                          f"{_reason(exc)}") from exc
            except smtplib.SMTPNotSupportedError as exc:
                raise OutgoingUnavailable(f"{server.where} offers no login (AUTH) on this "
                                          "connection") from exc
        refused = smtp.send_message(message, from_addr=sender, to_addrs=recipients)
        accepted_at = time.time() * 1000.0
        if refused:
            # Some recipients were taken, some not: the customer's mail did not reach all of
            # whom it was for.
            raise OutgoingUnavailable(f"{server.where} refused {', '.join(sorted(refused))}: "
                                      f"{_reason(next(iter(refused.values())))}")
        return accepted_at
    except smtplib.SMTPRecipientsRefused as exc:
        raise OutgoingUnavailable(
            f"{server.where} refused {', '.join(sorted(exc.recipients))}: "
            f"{_reason(next(iter(exc.recipients.values())))}") from exc
    except smtplib.SMTPSenderRefused as exc:
        raise OutgoingUnavailable(f"{server.where} refused the sender {exc.sender}: "
                                  f"{_reason(exc)}") from exc
    except (OSError, smtplib.SMTPException) as exc:
        raise OutgoingUnavailable(f"cannot send through {server.where}: {_reason(exc)}") from exc
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()


def _reason(problem: object) -> str:
    """One line from an smtplib error: its code and words, or an OSError's."""
    if isinstance(problem, tuple) and len(problem) == 2:  # (code, b"words") from a refusal
        code, words = problem
        text = words.decode("utf-8", "replace") if isinstance(words, bytes) else str(words)
        return f"{code} {' '.join(text.split())}"
    if isinstance(problem, smtplib.SMTPResponseException):
        return _reason((problem.smtp_code, problem.smtp_error))
    if isinstance(problem, socket.timeout | TimeoutError):
        return "timed out"
    if isinstance(problem, ssl.SSLError):
        return f"TLS failed ({problem.reason or problem})"
    if isinstance(problem, OSError) and problem.strerror:
        return problem.strerror
    return " ".join(str(problem).split()) or type(problem).__name__


def _public(url: str) -> str:
    try:
        parts = urlsplit(url)
        if parts.password:
            return url.replace(f":{parts.password}@", ":••••@", 1)
    except ValueError:
        pass
    return url
