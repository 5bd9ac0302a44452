"""One email as the customer reads it: decoded headers, its text, and the links in it.

Mail comes from the site under test, so it is hostile: HTML is reduced to text with the
standard library's parser (never rendered, scripts and styles dropped), and nothing in it is
evaluated.
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import getaddresses
from html.parser import HTMLParser

URL = re.compile(r"https?://[^\s<>\"'()\[\]{}]+", re.IGNORECASE)
BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul",
          "ol", "section", "article", "header", "footer", "blockquote", "pre", "hr", "td"}
SKIPPED = {"script", "style", "head", "title", "template"}
# What the email channel reads besides the text (runner/mail/automatic.py, threads.py).
KEPT_HEADERS = ("auto-submitted", "x-autoreply", "x-autorespond", "x-autoresponder",
                "x-auto-reply", "x-autoreply-from", "x-mail-autoreply", "precedence",
                "x-precedence", "return-path", "reply-to", "in-reply-to", "references",
                "message-id", "x-mystery-shopper", "x-loop", "list-id")


@dataclass
class Mail:
    to: list[str]  # every recipient we know of: To, Cc, Delivered-To and the SMTP envelope
    sender: str
    subject: str
    text: str
    links: list[str] = field(default_factory=list)
    arrived_at: float = 0.0  # epoch ms
    message_id: str | None = None
    # The links of each part, in order: the text part is what most mail readers show a
    # customer first, and an HTML part often opens with a banner or event link.
    text_links: list[str] = field(default_factory=list)
    html_links: list[str] = field(default_factory=list)
    # The headers that say how a message came to be and where it belongs: whether a machine
    # sent it (Auto-Submitted, Precedence, X-Autoreply…) and which thread it answers
    # (In-Reply-To, References). Lower-case names, decoded values, the first of each.
    headers: dict[str, str] = field(default_factory=dict)

    def is_for(self, address: str) -> bool:
        wanted = address.strip().lower()
        return any(r.lower() == wanted for r in self.to)

    def evidence(self) -> dict:
        return {"subject": self.subject, "from": self.sender, "to": list(self.to),
                "arrived_at": self.arrived_at, "excerpt": self.text[:500],
                "links": list(self.links)}


class _TextOfHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self._skipping += 1
        if tag in BLOCKS:
            self.parts.append("\n")
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.lower().startswith(("http://", "https://")):
                self.links.append(href.strip())

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED and self._skipping:
            self._skipping -= 1
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str, list[str]]:
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line), parser.links


def parse_mail(raw: bytes, arrived_at: float) -> Mail:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    text, links, text_links, html_links = _body(message)
    recipients: list[str] = []
    for header in ("To", "Cc", "Delivered-To", "X-Shopper-Rcpt", "X-Original-To"):
        values = [str(v) for v in message.get_all(header, [])]
        for _, address in getaddresses(values):
            if address and address not in recipients:
                recipients.append(address)
    subject = " ".join(str(message.get("Subject", "")).split())
    headers = {}
    for name in KEPT_HEADERS:
        value = message.get(name)
        if value is not None:
            headers[name] = " ".join(str(value).split())
    return Mail(to=recipients, sender=str(message.get("From", "")), subject=subject,
                text=text, headers=headers, links=links, arrived_at=arrived_at,
                text_links=text_links, html_links=html_links,
                message_id=str(message.get("Message-ID")) if message.get("Message-ID") else None)


def _body(message: EmailMessage) -> tuple[str, list[str], list[str], list[str]]:
    """The text a customer reads, every link (the HTML part's, then the text's), and the
    links of the text part and of the HTML part apart."""
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    text, html_links = "", []
    if html is not None:
        text, html_links = html_to_text(_content(html))
    if plain is not None:
        text = _content(plain).replace("\r\n", "\n").strip()
    text_links = []
    for url in URL.findall(text):
        url = url.rstrip(".,;:!?")
        if url not in text_links:
            text_links.append(url)
    links = html_links + [url for url in text_links if url not in html_links]
    return text, links, (text_links if plain is not None else []), html_links


def _content(part: EmailMessage) -> str:
    try:
        content = part.get_content()
    except (LookupError, ValueError):  # an unknown charset: read it as best we can
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", "replace")
    return content if isinstance(content, str) else content.decode("utf-8", "replace")
