"""The built-in phrase lists the tool judges text with, and how users extend them.

Every list is Python regular expressions, searched case-insensitively in text whose
whitespace and quotes were normalised (`normalise`). They are written for the way real
support sites speak, never for the demo site's wording, one module per language in
runner/phrases/. English is always used; a page in German, French, Spanish, Italian, Dutch
or Portuguese adds its own families (README), and `shopper.yaml` `patterns:`
adds to any family, whatever the language (README).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from runner.phrases import PHRASES

LANGUAGES: tuple[str, ...] = tuple(PHRASES)  # ("en", "de", "fr", "es", "it", "nl", "pt")
BUILT_IN: dict[str, tuple[str, ...]] = PHRASES["en"]

FAMILIES = ("acknowledgement", "promise", "apology", "complaint", "handoff", "bot_label",
            "error_page", "captcha", "sign_in")

# French puts a narrow no-break space before "!", "?", ":" and inside "48 h".
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                         "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " "})
_SPACE = re.compile(r"[ \t\r\f\v]+")
_PRIMARY = re.compile(r"^\s*([A-Za-z]{2,3})(?:[-_]|\s*$)")


def normalise(text: str) -> str:
    """Same quotes and spaces everywhere, so "we’ve" matches "we've"; newlines are kept.
    Accents are composed (NFC), so an "é" typed as "e" + accent matches "é"."""
    text = unicodedata.normalize("NFC", text.translate(_QUOTES))
    lines = (_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def compile_all(patterns: Iterable[str]) -> list[re.Pattern[str]]:
    return [re.compile(normalise(p) if p else p, re.IGNORECASE) for p in patterns]


def first_match(patterns: Iterable[re.Pattern[str]], text: str) -> re.Match[str] | None:
    for pattern in patterns:
        found = pattern.search(text)
        if found:
            return found
    return None


def language_of(declared: str | None) -> str | None:
    """The supported language a declared one names ("de-DE", "pt_BR", "FR" → "de", "pt",
    "fr"), or None when there is none or the tool has no phrases for it (English only)."""
    found = _PRIMARY.match(declared or "")
    code = found.group(1).lower() if found else None
    return code if code in LANGUAGES else None


@lru_cache(maxsize=512)
def _compiled(name: str, language: str | None, extra: tuple[str, ...]
              ) -> tuple[re.Pattern[str], ...]:
    """English, then the language's own, then the user's: compiled once per combination."""
    own = PHRASES[language].get(name, ()) if language and language != "en" else ()
    return tuple(compile_all(BUILT_IN.get(name, ()) + own + extra))


@dataclass(frozen=True)
class Patterns:
    """Built-in lists plus the user's extensions from `shopper.yaml`."""

    extra: Mapping[str, tuple[str, ...]]

    @classmethod
    def from_settings(cls, patterns: Mapping[str, Iterable[str]] | None) -> Patterns:
        return cls({k: tuple(v) for k, v in (patterns or {}).items()})

    def family(self, name: str, language: str | None = None) -> list[re.Pattern[str]]:
        """The family `name` in English and `language` (a code or a declared `<html lang>`
        such as "de-DE"; an unsupported one adds nothing), with the user's own patterns."""
        return list(_compiled(name, language_of(language), tuple(self.extra.get(name, ()))))
