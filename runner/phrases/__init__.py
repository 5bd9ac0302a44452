"""The built-in phrase families, one module per language (README).

Each module's `FAMILIES` maps a family name (acknowledgement, promise, apology, complaint,
handoff, bot_label, sign_in, error_page, captcha) to Python regexes, searched
case-insensitively in text `runner.patterns.normalise` made plain. They are written from how
real support sites in that language word things, never from the demo site's wording.
English is always used; a page's language adds its own (runner/patterns.py).
"""

from __future__ import annotations

from runner.phrases import de, en, es, fr, it, nl, pt

PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": en.FAMILIES, "de": de.FAMILIES, "fr": fr.FAMILIES, "es": es.FAMILIES,
    "it": it.FAMILIES, "nl": nl.FAMILIES, "pt": pt.FAMILIES,
}
