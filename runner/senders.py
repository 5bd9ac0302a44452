"""Who spoke in a chat, from what a message shows: a name, a bot, or nobody in particular.

Pure rules over text, shared by the walk (reading a widget's messages) and the conversation
checks (judging a stored transcript), so neither reaches into the other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from runner.patterns import first_match

_NAME = r"[A-Z][a-zà-ÿ'’-]+(?: [A-Z][a-zà-ÿ'’-]*\.?)?"
_LEADING_NAME = re.compile(rf"^(?P<name>{_NAME}(?: \([^)]{{1,40}}\))?)\s*:\s+")
_SIGN_OFF = re.compile(
    rf"(?:^|[.!?]\s+|\n)(?:[-–—~]+\s*|(?i:(?:(?:best|kind|warm|many|with)?\s*(?:regards"
    rf"|wishes|thanks)|thank you|cheers|best|sincerely|speak soon|take care|all the best|yours"
    rf"(?: sincerely| truly)?))\s*[,.!]?\s+)(?P<name>{_NAME})(?:\s*(?:from|at|[-–—|,])\s*"
    rf"[^\n.!?]{{0,40}})?[.!]?\s*$")
_INTRO = re.compile(rf"\b(?:I'm|I am|[Mm]y name is|[Tt]his is|[Ii]t's)\s+(?P<name>{_NAME})"
                    r"(?=\s*(?:$|[,.!?]|from\b|here\b|with\b|and\b|at\b|of\b|on\b))")
_GENERIC = re.compile(
    r"^(?:(?:the|our|your|live|online|customer|customers|client|support|service|services|care"
    r"|team|help|helpdesk|desk|center|centre|agent|agents|advisor|adviser|admin|administrator"
    r"|operator|staff|sales|info|chat|reply|replies|message|messages|notification|note|update"
    r"|tip|warning|error|fyi|ps|re|us|we|you|me|shop|store|concierge|representative|rep|hello"
    r"|hi|hey|welcome|today|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday"
    r"|sunday|sorry|here|happy|glad|afraid|just|not|so|now|back|available|online|offline)"
    r"\b[\s&/.,'-]*)+$", re.IGNORECASE)


def sender_in_text(text: str) -> str | None:
    """A sender written in the message: a leading "Name:", else a sign-off ("— Sam")."""
    for pattern in (_LEADING_NAME, _SIGN_OFF):
        found = pattern.search(text.strip())
        if found and not _GENERIC.match(found.group("name")):
            return found.group("name")
    return None


def is_bot(sender: str | None, bot_labels: Iterable[re.Pattern[str]]) -> bool:
    return bool(sender) and first_match(bot_labels, sender) is not None


def personal_name(sender: str | None, text: str, bot_labels: Iterable[re.Pattern[str]]
                  ) -> str | None:
    """The human name or signature a reply carries, if any (its sender, a sign-off, "I'm X")."""
    labels = list(bot_labels)
    candidates = [sender] if sender else []
    for pattern in (_SIGN_OFF, _INTRO, _LEADING_NAME):
        found = pattern.search(text.strip())
        if found:
            candidates.append(found.group("name"))
    for name in candidates:
        cleaned = re.sub(r"\([^)]*\)", " ", name or "").strip()
        if cleaned and not _GENERIC.match(cleaned) and not is_bot(name, labels) \
                and re.search(r"[A-Za-zÀ-ÿ]{2}", cleaned):
            return name
    return None


def without_leading_name(text: str) -> str:
    """The message without its leading "Name:" label, if it starts with one."""
    return _LEADING_NAME.sub("", text, count=1) if _LEADING_NAME.match(text) else text
