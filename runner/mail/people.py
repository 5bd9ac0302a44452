"""Did a person write this email? Their name, from where helpdesk answers carry it.

An agent's answer carries a name in one of a few places: a signature block under a closing
("Kind regards,\\nMaya Lopez\\nCustomer Care"), a sign-off on one line ("Thanks, Maya", "— Maya"),
an introduction ("I'm Maya from customer care"), or the sender's display name (Help Scout and
Front send as "Maya Lopez <support@…>"; Zendesk as "Maya Lopez (Northwind Goods)"; Freshdesk
as "Maya from Northwind"). A display name that is the company's (it spells the sender's
domain) or a role ("Customer Care", "Support Team") is nobody's name. Quoted earlier mail (">"
lines, "On … wrote:", Zendesk's "type your reply above this line") is not read: the
customer's own signature must not make the business look personal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from email.utils import parseaddr

from runner.senders import is_badge, is_bot, personal_name

CLOSING = re.compile(
    r"^(?:(?:best|kind|kindest|warm|warmest|many|with)?\s*(?:regards|wishes|thanks)(?: again)?"
    r"|thank you(?: again)?|cheers|best|sincerely|yours(?: sincerely| truly)?|all the best"
    r"|take care|speak soon|talk soon|mit freundlichen gr(?:ü|ue)(?:ß|ss)en"
    r"|viele gr(?:ü|ue)(?:ß|ss)e|beste gr(?:ü|ue)(?:ß|ss)e|cordialement|bien (?:à|a) vous"
    r"|saludos|un saludo|atentamente"
    r"|cordiali saluti|distinti saluti|met vriendelijke groet(?:en)?|groeten|atenciosamente"
    r"|cumprimentos)\s*[,.!]?$", re.IGNORECASE)
NAME_LINE = re.compile(r"^[-–—~]*\s*(?P<name>[A-ZÀ-Þ][a-zà-ÿ'’-]+(?: [A-ZÀ-Þ][a-zà-ÿ'’.-]*){0,2})"
                       r"\s*(?:[,|–—-]\s*.{0,60})?$")
QUOTE_START = re.compile(
    r"^(?:>|On .{4,200} wrote:$|Am .{4,200} schrieb|Le .{4,200} a écrit|El .{4,200} escribió"
    r"|-{2,}\s*Original Message\s*-{2,}|_{5,}|From: .+@|#+-? ?Please type your reply above"
    r"|-{2,} ?Reply above this line)", re.IGNORECASE)
DISPLAY_SPLIT = re.compile(r"\s+(?:via|from|at|von|de|@)\s+|\s*[(|,]\s*|\s+[-–—]\s+",
                           re.IGNORECASE)


def own_words(text: str) -> str:
    """The answer without the earlier mail it quotes."""
    kept = []
    for line in text.splitlines():
        if QUOTE_START.match(line.strip()):
            break
        kept.append(line)
    return "\n".join(kept).strip()


def person_in_email(sender: str, text: str, bot_labels: Iterable[re.Pattern[str]] = ()
                    ) -> tuple[str, str] | None:
    """(the person's name, where it was found: "signature", "sign-off", "introduction",
    "sender") or None when nothing in the answer names a person."""
    labels = list(bot_labels)
    words = own_words(text)
    name = _signature(words, labels)
    if name:
        return name, "signature"
    name = personal_name(None, words, labels)
    if name:
        return name, "sign-off"
    display = _person_in_display_name(sender, labels)
    # One word ("Maya", but also "Zendesk") is a name only when the answer itself uses it.
    if display and (" " in display or re.search(rf"\b{re.escape(display)}\b", words)):
        return display, "sender"
    return None


def _signature(words: str, labels: list[re.Pattern[str]]) -> str | None:
    lines = [line.strip() for line in words.splitlines() if line.strip()]
    for position in range(len(lines) - 1, -1, -1):
        if not CLOSING.match(lines[position]) or position + 1 >= len(lines):
            continue
        found = NAME_LINE.match(lines[position + 1])
        if found and _a_name(found.group("name"), labels):
            return found.group("name")
    return None


def _person_in_display_name(sender: str, labels: list[re.Pattern[str]]) -> str | None:
    display, address = parseaddr(sender)
    if not display:
        return None
    candidate = DISPLAY_SPLIT.split(display.strip().strip('"'))[0].strip()
    if not _a_name(candidate, labels) or not NAME_LINE.fullmatch(candidate):
        return None
    domain = address.split("@", 1)[-1].lower()
    letters = re.sub(r"[^a-z]", "", candidate.lower())
    if letters and letters in re.sub(r"[^a-z]", "", domain):
        return None  # "Northwind Goods <care@northwind-goods.example>": the company
    return candidate


def _a_name(name: str, labels: list[re.Pattern[str]]) -> bool:
    return bool(personal_name(name, "", labels)) and not is_badge(name) \
        and not is_bot(name, labels)
