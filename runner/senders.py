"""Who spoke in a chat, from what a message shows: a name, a bot, or nobody in particular.

Pure rules over text, shared by the walk (reading a widget's messages) and the conversation
checks (judging a stored transcript), so neither reaches into the other.

Real chat widgets draw a message as a name label above the bubble, often with a role badge
("Virtual assistant", "Customer Care") and a time ("10:42", "2 min ago") beside the name; some
give the author only in the markup (`data-author`, `aria-label="Sam Rivera: 10:42"`, an
avatar's `alt`); some write "Sam: …" or sign off "— Sam". `read_sender` takes what the walk
read from a message element (`Drawn`) and says who sent it, with what badge, and what the
message says without its label (`Sender`). The badge is kept apart from the name, because the
name is who spoke and the badge is what they are (a "Virtual assistant" badge is a bot).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from runner.patterns import first_match, normalise

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

# Badges name a role, not a person: a label part made only of these words is a badge.
_ROLE_WORDS = frozenset("""
    customer customers care client clients clientèle support service services team staff crew
    agent agents advisor adviser advisors specialist specialists representative rep expert
    operator admin administrator moderator manager owner host guide concierge helpdesk help
    desk sales billing returns technical tech verified official live chat human person
    assistant assistance virtual digital ai bot chatbot robot automated automatic auto reply
    system helper intelligent smart your our the of for and at on
    kundenservice kundendienst kundensupport kundenbetreuung kundenberater kundenberaterin
    berater beraterin mitarbeiter mitarbeiterin virtueller virtuelle virtuell digitaler digitale
    assistent assistentin ki automatisch automatische der die das ihr
    virtuel conseiller conseillère équipe numérique ia automatique au du de la le des votre
    atención atencion al cliente servicio soporte asistente agente asesor asesora equipo
    automático automática automatico automatica el tu su
    assistente virtuale assistenza clienti operatore
    klantenservice medewerker virtueel
    atendimento suporte equipe virtuais
""".split())
# Bot labels in other languages than the English list (patterns.py "bot_label").
_BOT_WORDS = re.compile(
    r"\b(?:virtu\w*|digital\w*|numérique|intelligent\w*|künstlich\w*|artificial|artificiel\w*)"
    r"[\s-]+(?:assist\w*|asist\w*|agent\w*|berater\w*|conseill\w*|asesor\w*|helfer\w*"
    r"|operator\w*|medewerker)\b"
    r"|\b(?:assist\w*|asist\w*|agent\w*|conseill\w*|asesor\w*|operatore)[\s-]+(?:virtu\w*"
    r"|digital\w*|numérique|automat\w*|ia|ki|ai)\b"
    r"|\b(?:ki|ia)[\s-]+(?:assist\w*|asist\w*|agent\w*)\b"
    r"|\bautomat(?:isch\w*|ique\w*|ico|ica|izad\w*|ed)\b|\bautomátic[oa]\b"
    r"|\brobot\w*\b|\bchatbot\w*\b|\bbot\b", re.IGNORECASE)
# Words that say what an attribute is about, never who: alt="avatar", aria-label="Message".
_NOT_A_NAME = frozenset("""
    avatar avatars profile picture pic photo image img icon logo user message messages incoming
    outgoing received sent new unread chat from by
""".split())
# Words a message starts with that no name label does ("Thanks Sam", "Hello There").
_NOT_A_FIRST_NAME = frozenset("""
    thanks thank hello hi hey dear good great ok okay yes no sure please sorry welcome yours
    kind best cheers regards hallo danke bonjour merci hola gracias ciao grazie
""".split())
_PARTICLES = frozenset("de da di du dos das del della van von der den la le al bin y".split())

_MONTH = (r"(?:jan(?:uary|uar|vier)?|feb(?:ruary|ruar)?|févr(?:ier)?|mar(?:ch|s|zo)?|märz?"
          r"|apr(?:il)?|avr(?:il)?|abr(?:il)?|may|mai|mayo|jun(?:e|i|io)?|juin|jul(?:y|i|io)?"
          r"|juil(?:let)?|aug(?:ust)?|août|ago(?:sto)?|sep(?:t|tember|tembre|tiembre)?"
          r"|oct(?:ober|obre|ubre)?|okt(?:ober)?|nov(?:ember|embre|iembre)?|dec(?:ember)?"
          r"|déc(?:embre)?|dez(?:ember)?|dic(?:iembre)?|ene(?:ro)?)\.?")
# Weekdays in full; abbreviated only in English and only before a clock ("Mon 10:42"): "Sam",
# "Di" or "Do" on their own are names as often as days.
_DAY = (r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag"
        r"|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi"
        r"|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo)")
_SHORT_DAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?"
_CLOCK = r"\d{1,2}[:.h]\d{2}(?:[:.]\d{2})?(?:\s*(?:[ap]\.?\s?m\.?|uhr|h))?|\d{1,2}\s*[ap]\.?m\.?"
_DATE = (rf"(?:\d{{1,4}}[./-]\d{{1,2}}(?:[./-]\d{{2,4}})?|\d{{1,2}}\.?\s+{_MONTH}(?:\s+\d{{4}})?"
         rf"|{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|{_DAY}|today|yesterday|heute|gestern"
         r"|aujourd'hui|hier|hoy|ayer|oggi|ieri|vandaag|gisteren|hoje|ontem)")
_UNIT = (r"(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?|sek|sekunden?"
         r"|minuten?|std|stunden?|tagen?|tage?|secondes?|heures?|jours?|segundos?|minutos?"
         r"|horas?|días?|dias?)\.?")
_AGO = (r"(?:(?:about|around|vor|il y a|hace|há|fa)\s+)?"
        r"(?:\d+\s*|(?:an?|one|a few|few|ein\w*|une?)\s+)"
        rf"{_UNIT}(?:\s+(?:ago|fa|atrás))?")
_NOW = (r"just now|now|a moment ago|moments ago|a few seconds ago|gerade eben|jetzt|soeben"
        r"|à l'instant|maintenant|ahora(?: mismo)?|adesso|agora|zojuist|nu")
_TIME = re.compile(
    rf"^(?:{_DATE}(?:,?\s+(?:at|um|à|a las|alle|om|às)?\s*(?:{_CLOCK}))?"
    rf"|{_SHORT_DAY},?\s+(?:{_CLOCK})|{_CLOCK}|{_AGO}|{_NOW})"
    r"\s*$", re.IGNORECASE)
_TRAILING_TIME = re.compile(rf"^(?P<head>.*?\S)\s+(?P<time>{_CLOCK}|\d+\s*{_UNIT}\s+ago)\s*$",
                            re.IGNORECASE)
_SEPARATORS = re.compile(r"\n|\s+[-–—|·•]\s+|\s*[·•|]\s*|,\s+")
_BRACKETS = re.compile(r"\(([^)]{1,60})\)|\[([^\]]{1,60})\]")
_WORDS = re.compile(r"[^\W\d_]+")
_AUTHOR = (
    re.compile(r"^(?:(?:new |incoming |chat )?(?:message|reply|msg|nachricht|antwort|mensaje"
               r"|respuesta|messaggio|bericht|mensagem)\s+)?(?:from|by|von|de|da|di|van|par)"
               r"\s+(?P<name>.+)$", re.IGNORECASE),
    re.compile(r"^(?P<name>.+?)\s+(?:said|says|wrote|writes|sent|replied|schrieb|schreibt"
               r"|a écrit|dijo|escribió|ha scritto|schreef|escreveu)\b.*$", re.IGNORECASE),
)


@dataclass(frozen=True)
class Label:
    """A name label as a widget draws it: "Sam Rivera · Customer Care · 10:42"."""

    name: str | None = None
    badge: str | None = None  # the role beside the name ("Virtual assistant"), not the name
    time: str | None = None


@dataclass(frozen=True)
class Drawn:
    """What the walk read from one message element, in the page."""

    text: str  # everything the message shows (innerText)
    label: str | None = None  # its name label element (class name …name/author/sender/title…)
    name: str | None = None  # the element inside that label that holds the name alone
    first_own: bool = False  # its first line is an element of its own
    extras: tuple[tuple[str, str], ...] = ()  # (time|badge|avatar, text) outside the label
    author: str | None = None  # data-author, data-sender, …
    aria: str | None = None  # the message's aria-label
    avatar: str | None = None  # an avatar's alt text or title


@dataclass(frozen=True)
class Sender:
    """Who sent a message, read as a customer reads it, and the message without its label."""

    name: str | None
    badge: str | None
    time: str | None
    text: str  # the message, without its name label, badge and time stamp (lines kept)
    source: str  # where the name came from: label, first-line, markup, text or none

    @property
    def sender(self) -> str | None:
        """Who spoke: the name, or the badge when that is all the widget shows."""
        return self.name or self.badge


def is_time(text: str) -> bool:
    """A time stamp as chats show one: "10:42", "10:42 AM", "2 min ago", "Yesterday 09:15"."""
    return bool(_TIME.match(text.strip()))


def is_badge(text: str) -> bool:
    """A role rather than a name: "Virtual assistant", "Customer Care", "Kundenservice"."""
    words = _WORDS.findall(text.lower())
    return bool(words) and all(word in _ROLE_WORDS for word in words)


def split_label(label: str, name: str | None = None) -> Label:
    """A name label split into the name, its role badge and its time: "Sam · Customer Care ·
    10:42", "Ava (Virtual assistant)\\n2 min ago", "SR\\nSam Rivera, Kundenservice". `name` is
    the label's own name element, when the widget has one."""
    names, badges, time = _split(label)
    if name:
        own = _split(name)[0]
        names = own[:1] or [normalise(name).replace("\n", " ")]
    return Label(name=names[0] if names else None, badge=" · ".join(badges) or None, time=time)


def author_in_markup(value: str | None) -> Label:
    """The author a message's markup names: `aria-label="Message from Sam"`, "Sam Rivera:
    10:42", "Sam said …", `data-author="Sam"`, an avatar's `alt="Sam Rivera"`."""
    text = normalise(value or "").replace("\n", " ")
    if not text or len(text) > 200:
        return Label()
    for pattern in _AUTHOR:
        found = pattern.match(text)
        if found:
            text = found.group("name")
            break
    head, colon, tail = text.partition(": ")
    if colon and (is_time(tail) or len(head) <= 40):
        text = head
    label = split_label(text)
    if label.name and len(label.name) > 40:
        return Label(badge=label.badge, time=label.time)
    return label


def label_in_first_line(line: str, own: bool) -> Label | None:
    """The first line of a message as its name label, when it reads as one: a name (or a
    badge) on a line of its own element; on a line of running text, only a name with its
    badge or time ("Sam · 10:42"), so "Hello there" or "Thanks Sam" stay the message."""
    line = normalise(line).replace("\n", " ")
    if not line or len(line) > 80:
        return None
    names, badges, time = _split(line)
    if len(names) > 1:
        return None
    name = names[0] if names else None
    if name is not None and not _name_shaped(name):
        return None
    if own and (name or badges):
        return Label(name=name, badge=" · ".join(badges) or None, time=time)
    if name and (badges or time):
        return Label(name=name, badge=" · ".join(badges) or None, time=time)
    return None


def read_sender(drawn: Drawn) -> Sender:
    """Who sent a message and what it says, from its markup (README): its name label
    (its own element or first line, with a badge or time beside the name), else an author in
    the markup, else a leading "Name:" or a sign-off in the text."""
    lines = normalise(drawn.text).split("\n") if drawn.text.strip() else []
    label, source = Label(), "none"
    if drawn.label:
        label_lines = normalise(drawn.label).split("\n")
        kept = _without_lines(lines, label_lines)
        if kept is not None:
            lines, label, source = kept, split_label(drawn.label, drawn.name), "label"
    if source == "none" and len(lines) > 1:
        first = label_in_first_line(lines[0], drawn.first_own)
        if first is not None:
            lines, label, source = lines[1:], first, "first-line"
    badge, time = label.badge, label.time
    for kind, extra in drawn.extras:
        extra = normalise(extra).replace("\n", " ")
        if not extra or extra not in lines or len(lines) < 2:
            continue
        lines = [line for line in lines if line != extra]
        if kind == "time" and time is None:
            time = extra
        elif kind == "badge" and badge is None and is_badge(extra):
            badge = extra
    if len(lines) > 1 and is_time(lines[-1]):
        time, lines = time or lines[-1], lines[:-1]
    if len(lines) > 1 and is_time(lines[0]):
        time, lines = time or lines[0], lines[1:]
    text = "\n".join(lines)
    name = label.name if source != "none" else None
    if name is None:
        for value in (drawn.author, drawn.aria, drawn.avatar):
            found = author_in_markup(value)
            if found.name:
                name, source = found.name, "markup"
                break
            badge = badge or found.badge
    if name is None:
        written = sender_in_text(text)
        if written:
            name, source = written, "text"
            text = without_leading_name(text)
    if name is None and badge and source == "none":
        source = "label"
    return Sender(name=name, badge=badge, time=time, text=text, source=source)


def sender_in_text(text: str) -> str | None:
    """A sender written in the message: a leading "Name:", else a sign-off ("— Sam")."""
    for pattern in (_LEADING_NAME, _SIGN_OFF):
        found = pattern.search(text.strip())
        if found and not _GENERIC.match(found.group("name")):
            return found.group("name")
    return None


def is_bot(sender: str | None, bot_labels: Iterable[re.Pattern[str]],
           badge: str | None = None) -> bool:
    """Labelled as not a person, by its name ("HelpBot") or its badge ("Virtual assistant",
    "Virtueller Assistent", "Asistente virtual")."""
    labels = list(bot_labels)
    return any(bool(said) and (first_match(labels, said) is not None
                               or _BOT_WORDS.search(said) is not None)
               for said in (sender, badge))


def personal_name(sender: str | None, text: str, bot_labels: Iterable[re.Pattern[str]],
                  badge: str | None = None) -> str | None:
    """The human name or signature a reply carries, if any (its sender, a sign-off, "I'm X");
    none from a sender badged as a bot."""
    labels = list(bot_labels)
    if badge and is_bot(None, labels, badge):
        return None
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


# --- the parts of a label ---------------------------------------------------------------------

def _split(label: str) -> tuple[list[str], list[str], str | None]:
    """A label's name candidates, badges and time, in the order they are drawn."""
    text = _BRACKETS.sub(lambda m: "\n" + (m.group(1) or m.group(2)) + "\n", normalise(label))
    names: list[str] = []
    badges: list[str] = []
    time: str | None = None
    for raw in _SEPARATORS.split(text):
        part = raw.strip(" :–—-")
        if not part:
            continue
        if is_time(part):
            time = time or part
            continue
        trailing = _TRAILING_TIME.match(part)
        if trailing and not is_time(trailing.group("head")):
            part, time = trailing.group("head").strip(" :–—-"), time or trailing.group("time")
        if is_badge(part):
            badges.append(part)
        elif not all(word in _NOT_A_NAME for word in _WORDS.findall(part.lower()) or ["?"]):
            names.append(part)
    # An avatar drawn as initials ("SR" beside "Sam Rivera") is not a second name.
    names = [n for n in names if not any(_initials_of(n, other) for other in names if other != n)]
    return names, badges, time


def _initials_of(short: str, name: str) -> bool:
    letters = "".join(word[0] for word in _WORDS.findall(name)).upper()
    return short.isupper() and len(short) <= 3 and bool(letters) and letters.startswith(short)


def _name_shaped(name: str) -> bool:
    """Reads as a person's or bot's name: a few capitalised words ("Sam Rivera", "Tom B.")."""
    words = name.split()
    if not 1 <= len(words) <= 4 or len(name) > 40 or _GENERIC.match(name):
        return False
    if words[0].lower().strip(",.!") in _NOT_A_FIRST_NAME:
        return False
    return all(word[0].isupper() or word.lower() in _PARTICLES for word in words) \
        and not name.rstrip().endswith(("?", "!")) \
        and (not name.endswith(".") or len(words[-1]) <= 2)


def _without_lines(lines: list[str], label_lines: list[str]) -> list[str] | None:
    """The message's lines without its label's: the label must be whole lines of it (or the
    start of its first line, for a label drawn inline before the text); None if it is not."""
    label_lines = [line for line in label_lines if line]
    if not label_lines:
        return None
    rest = list(lines)
    for line in label_lines:
        if line in rest:
            rest.remove(line)
        elif len(label_lines) == 1 and rest and rest[0].startswith(line + " "):
            rest[0] = rest[0][len(line):].lstrip(" :–—-")
        else:
            return None
    return rest if any(rest) else None
