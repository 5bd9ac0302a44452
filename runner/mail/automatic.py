"""Was this answer written by a machine? Read from the headers and the sender, as mail
systems themselves decide whether to answer an answer.

RFC 3834 asks every automatic responder to say so with `Auto-Submitted` (anything but "no");
older responders mark themselves with `X-Autoreply`/`X-Autorespond` or `Precedence:
auto_reply|bulk|junk|list`; a `noreply@` sender cannot be answered, so no person is behind
it. `X-Auto-Response-Suppress` is *not* such a mark: helpdesks (Zendesk, Freshdesk) put it on
every agent's answer too, to keep out-of-office replies away, so it says nothing about who
wrote the message.
"""

from __future__ import annotations

import re
from email.utils import parseaddr

from runner.mail.message import Mail

AUTO_HEADERS = ("x-autoreply", "x-autorespond", "x-autoresponder", "x-auto-reply",
                "x-autoreply-from", "x-mail-autoreply")
AUTOMATIC_PRECEDENCE = re.compile(r"^\s*(auto[_-]?reply|bulk|junk|list)\b", re.IGNORECASE)
NOT_SET = re.compile(r"^\s*(no|false|0)\s*$", re.IGNORECASE)
# Local parts that nobody reads: replies to them bounce or vanish.
NO_REPLY = re.compile(r"^(?:no[._-]?reply|do[._-]?not[._-]?reply|donotreply|noreply[._+-].*"
                      r"|.*[._+-]no[._-]?reply|mailer[._-]?daemon|postmaster|bounces?(?:[+._-].*)?)$",
                      re.IGNORECASE)


def automatic_reason(mail: Mail) -> str | None:
    """Why `mail` reads as sent by a machine ("Auto-Submitted: auto-replied"), or None."""
    headers = mail.headers
    submitted = headers.get("auto-submitted")
    if submitted and not NOT_SET.match(submitted):
        return f"Auto-Submitted: {submitted}"
    for name in AUTO_HEADERS:
        value = headers.get(name)
        if value is not None and not NOT_SET.match(value):
            return f"{_title(name)}: {value}"
    for name in ("precedence", "x-precedence"):
        value = headers.get(name)
        if value and AUTOMATIC_PRECEDENCE.match(value):
            return f"{_title(name)}: {value}"
    address = parseaddr(mail.sender)[1]
    if address and NO_REPLY.match(address.split("@", 1)[0]):
        return f"sent from {address}, which takes no replies"
    return None


def _title(name: str) -> str:
    return "-".join(part.capitalize() if part != "x" else "X" for part in name.split("-"))
