"""Which conversation an email belongs to, read the way mail programs thread it.

A reply names the message it answers in `In-Reply-To` and the whole chain in `References`
(RFC 5322); helpdesks that drop those (or rewrite them) keep the case number in the subject
instead ("[CS-20931]", "Re: … #4711", "[Ticket#20931]"). Both are read: the headers first,
then a case reference in the subject or text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from runner.mail.message import Mail

MESSAGE_ID = re.compile(r"<[^<>\s]+>")
ANSWER_PREFIX = re.compile(r"^\s*((re|aw|sv|vs|antw|rif|r|res|odp)\s*(\[\d+\])?\s*:\s*)+",
                           re.IGNORECASE)


def message_ids(value: str | None) -> list[str]:
    """The `<id@host>` tokens of a Message-ID, In-Reply-To or References header."""
    return MESSAGE_ID.findall(value or "")


def answers(mail: Mail, ours: Iterable[str]) -> bool:
    """`mail` names one of our messages (their Message-IDs) as what it replies to."""
    wanted = {token.lower() for value in ours for token in message_ids(value)}
    named = message_ids(mail.headers.get("in-reply-to")) + message_ids(
        mail.headers.get("references"))
    return any(token.lower() in wanted for token in named)


def thread_relation(mail: Mail, ours: Iterable[str], reference: str | None) -> str | None:
    """How `mail` belongs to the customer's thread: "headers" (In-Reply-To/References name
    one of the customer's messages), "reference" (it quotes the thread's case reference), or
    None (neither)."""
    if answers(mail, ours):
        return "headers"
    if reference and reference in f"{mail.subject}\n{mail.text}":
        return "reference"
    return None


def reply_subject(subject: str) -> str:
    """The subject of an answer in the thread: `Re: ` once, whatever prefixes it had
    ("Re: Re:", "AW:", "RE[2]:")."""
    bare = ANSWER_PREFIX.sub("", subject or "").strip()
    return f"Re: {bare}" if bare else "Re:"


def references_for_reply(mail: Mail) -> str:
    """`References` of an answer to `mail`: its own chain, then its Message-ID."""
    chain = message_ids(mail.headers.get("references"))
    if not chain:
        chain = message_ids(mail.headers.get("in-reply-to"))
    own = message_ids(mail.message_id)
    return " ".join(dict.fromkeys(chain + own))
