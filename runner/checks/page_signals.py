"""Reading a page the way the customer reads it: an error page, a CAPTCHA, a sign-in wall, or
a form that refused what they typed.

Pure functions over one page snapshot (the dict `runner/walk/snapshot.js` returns), so a stored run
can be judged again without a browser. Each answers with the evidence that convinced it (the
words or marker the customer met), or with nothing. They lean towards silence: a help article
that talks about errors, a "Sign in" link in the header or a robot vacuum for sale is the
customer's normal day, not a finding.
"""

from __future__ import annotations

import re

from runner.patterns import Patterns, first_match, normalise

SHORT_PAGE = 500       # characters of main content: an error page says little else
HEADING_WORDS = 12     # a longer heading is a sentence in an article, not what the page is
LINE_WORDS = 25        # a short page's line that can carry the error by itself
CHALLENGE_WORDS = 14   # a challenge label is short; an article quoting one is not
FEW_FIELDS = 2         # a 404 page may offer a search box; a page with a real form is a form

# Text about errors rather than an error: how-to and reference headings, conditionals.
_ABOUT = re.compile(
    r"^(?:how|what|why|when|where|which|if|whenever|in case|about|fix|fixing|avoid\w*"
    r"|troubleshoot\w*|understanding|help with|learn)\b"
    r"|\b(?:explained|meaning|means|guide|faqs?|troubleshooting|codes|messages|tips"
    r"|article|glossary)\b", re.IGNORECASE)
_TITLE_PARTS = re.compile(r"\s+(?:[|\-–—:·•»]|::)\s+")
_WORD = re.compile(r"[a-z']+|\d+")
_STATUS = re.compile(r"^[45]\d\d$")
# A heading made only of these words (with at least one of the first set, or a status code)
# is an error by itself: "Error", "Error 500", "Server error", "404", "Page unavailable".
_ERROR_WORDS = frozenset({"error", "errors", "unavailable", "oops", "whoops", "failed",
                          "failure", "forbidden", "unauthorized", "unauthorised", "gone"})
_ERROR_FILLER = frozenset({
    "a", "an", "the", "this", "that", "page", "site", "website", "server", "http", "https",
    "status", "code", "sorry", "we", "we're", "we've", "are", "is", "has", "have", "been",
    "occurred", "not", "found", "currently", "temporarily", "unexpected", "unknown", "internal",
    "request", "bad", "something", "went", "wrong", "please", "again", "later", "try",
    "there", "was", "there's", "it", "it's", "oh", "no", "uh", "ah", "hmm", "service",
})

# The address of a sign-in or registration page.
_SIGN_IN_ADDRESS = re.compile(
    r"/(?:log[-_]?in|log[-_]?on|sign[-_]?in|sign[-_]?up|register|registration|auth\w*|sso"
    r"|oauth2?|session/new|account|my-?account|customer/account)(?:[/?#.;]|$)", re.IGNORECASE)
# A page heading that is a sign-in wall, not a page that merely mentions signing in.
_WALL = re.compile(
    r"^(?:please )?(?:sign|log)[ -]?(?:in|on)\b|^login\b|^sign[ -]?up\b|^register\b"
    r"|^(?:create|register|open) (?:an? |your |a (?:free |new )?)?(?:new )?account\b"
    r"|^welcome back\b|^(?:members?|customer) (?:area|login)\b"
    r"|\byou(?:'ll| will)? (?:must|need to|have to) (?:be )?(?:signed|logged) in\b"
    r"|\b(?:sign|log)[ -]?in (?:to|before you) (?:continue|contact|get help|send|proceed|access"
    r"|reach|write|message|chat)\b"
    r"|\baccount (?:to|before you) (?:continue|contact|get help|send|proceed|reach|write)\b",
    re.IGNORECASE)

_FIELD_TAGS = ("input", "select", "textarea")


def reads_as_error(snapshot: dict, patterns: Patterns) -> str | None:
    """The words that make this page an error page (README), else None.

    The title or the page's main heading is an error phrase; or the page says little else
    and its first lines are one. A longer heading or a how-to ("Error codes explained") is an
    article about errors, not an error.
    """
    phrases = patterns.family("error_page")
    for candidate in _title_parts(snapshot) + _top_headings(snapshot):
        if _is_error_line(candidate, phrases, HEADING_WORDS):
            return candidate
    length = snapshot.get("main_text_length")
    text = normalise(snapshot.get("text") or "")
    if (length if isinstance(length, int) else len(text)) > SHORT_PAGE:
        return None
    if (snapshot.get("visible_fields") or 0) > FEW_FIELDS:
        return None
    for line in text.split("\n")[:3]:
        if _is_error_line(line, phrases, LINE_WORDS):
            return line
    return None


def shows_captcha(snapshot: dict, patterns: Patterns) -> str | None:
    """A CAPTCHA widget the customer can see, or a short "prove you are human" line."""
    markers = snapshot.get("captcha") or []
    if markers:
        return str(markers[0])
    phrases = patterns.family("captcha")
    for line in _visible_lines(snapshot):
        if (len(_WORD.findall(line.lower())) <= CHALLENGE_WORDS and not _ABOUT.search(line)
                and first_match(phrases, line)):
            return line
    return None


def asks_to_sign_in(snapshot: dict, patterns: Patterns) -> str | None:
    """The page in front of the customer is a sign-in or registration wall.

    Either a password field in the page's own content (not a login box in the header) with
    sign-in wording around it, or a main heading that demands signing in on a page with a
    form or a sign-in address. A "Sign in" link in the navigation is neither.
    """
    login = snapshot.get("login") or {}
    url = str(snapshot.get("url") or "")
    address = _SIGN_IN_ADDRESS.search(_path_of(url))
    if (login.get("password_fields") or 0) > 0:
        wording = patterns.family("sign_in")
        sources = ([("heading", h) for h in login.get("headings") or []]
                   + [("button", b) for b in login.get("buttons") or []]
                   + [("heading", h) for h in _top_headings(snapshot)]
                   + [("title", t) for t in _title_parts(snapshot)])
        for source, words in sources:
            if first_match(wording, normalise(words)):
                return f"password field under {source} {normalise(words)!r}"
        if address:
            return f"password field at {address.group(0)!r}"
    has_form = (snapshot.get("visible_fields") or 0) > 0
    for candidate in _top_headings(snapshot) + _title_parts(snapshot):
        if _is_question_or_article(candidate) or len(candidate.split()) > HEADING_WORDS:
            continue
        if _WALL.search(candidate) and (has_form or address):
            return candidate
    return None


def field_errors(snapshot: dict) -> list[dict]:
    """The field errors the page shows for what the customer typed: one per field.

    Each is `{field, text, kind}`: the field's id or name (None when a message in a form
    names no field), the message the customer reads (a message beside the field wins over
    the browser's own wording), and how it was found (`aria-invalid`, `message`, `invalid`).
    """
    by_field: dict[str, dict] = {}
    loose: list[dict] = []
    rank = {"message": 0, "aria-invalid": 1, "invalid": 2}
    for entry in snapshot.get("field_errors") or []:
        kind = entry.get("kind")
        if kind is None:  # a snapshot from before entries said what they were
            if entry.get("tag") not in _FIELD_TAGS:
                continue
            kind = "aria-invalid"
        field = entry.get("field") or entry.get("id") or entry.get("name")
        text = normalise(str(entry.get("text") or ""))
        if field is None:
            if text and all(text != other["text"] for other in loose):
                loose.append({"field": None, "text": text, "kind": kind})
            continue
        current = by_field.get(field)
        if current is None:
            by_field[field] = {"field": field, "text": text, "kind": kind}
        elif text and (not current["text"] or rank.get(kind, 3) < rank.get(current["kind"], 3)):
            current.update(text=text, kind=kind)
    named = {item["text"] for item in by_field.values()}
    return list(by_field.values()) + [item for item in loose if item["text"] not in named]


def _is_error_line(line: str, phrases: list[re.Pattern[str]], max_words: int) -> bool:
    line = normalise(line)
    words = _WORD.findall(line.lower())
    if not words or len(words) > max_words or _is_question_or_article(line):
        return False
    if first_match(phrases, line):
        return True
    # Made of error words alone: "Error", "Error 500", "404 Not Found", "Server error".
    core = any(w in _ERROR_WORDS or _STATUS.match(w) for w in words)
    return core and all(w in _ERROR_WORDS or w in _ERROR_FILLER or _STATUS.match(w)
                        for w in words)


def _is_question_or_article(line: str) -> bool:
    line = line.strip()
    return line.endswith("?") or bool(_ABOUT.search(line))


def _title_parts(snapshot: dict) -> list[str]:
    """The title's parts: "Page not found | Northwind" is judged as each half."""
    title = normalise(str(snapshot.get("title") or ""))
    return [part for part in _TITLE_PARTS.split(title) if part.strip()] if title else []


def _top_headings(snapshot: dict) -> list[str]:
    """What the page calls itself: its main h1s, or else its first heading."""
    headings = snapshot.get("main_headings")
    if headings is None:  # an older snapshot: every visible h1/h2, chrome included
        return [normalise(h) for h in (snapshot.get("headings") or [])[:1] if h]
    top = [h["text"] for h in headings if h.get("level") == 1 and h.get("text")]
    if not top and headings:
        top = [headings[0].get("text") or ""]
    return [normalise(h) for h in top if h]


def _visible_lines(snapshot: dict) -> list[str]:
    lines = _title_parts(snapshot)
    lines += [normalise(h.get("text") or "") for h in snapshot.get("main_headings") or []]
    lines += normalise(snapshot.get("text") or "").split("\n")
    return [line for line in lines if line]


def _path_of(url: str) -> str:
    match = re.match(r"^[a-z][a-z0-9+.-]*://[^/?#]*", url, re.IGNORECASE)
    return url[match.end():] if match else url
