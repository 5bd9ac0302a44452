"""Which locator a recorded step gets: the first, in the order a person reads best, that
finds the element and nothing else.

The recorder proposes candidates with the count it saw in the page at the moment of the
event. When the element's document is still the one on screen, Playwright's own engine
counts again (its role and name computation is the one the walk will use); after a
navigation only the page's count at the moment of the event is left to go by.
"""

from __future__ import annotations

from playwright.sync_api import Error, Frame, Locator

# get_by_* mappings first, in the order a person reads best; test ids where the page has
# them; CSS only when nothing else finds the element alone. A field is known to a person by
# its label ({label: Email} rather than {role: textbox, name: Email}).
PREFERENCE = ("role", "label", "placeholder", "text", "testid")
FIELD_PREFERENCE = ("label", "role", "placeholder", "text", "testid")
NOT_FIELDS = ("button", "submit", "reset", "image", "checkbox", "radio", "hidden")

Candidate = dict  # {"locator": mapping or CSS string, "count": int}


def playwright_locator(frame: Frame, locator: dict | str) -> Locator:
    """The Playwright locator the walk would use for a journey's locator."""
    if isinstance(locator, str):
        return frame.locator(locator)
    exact = bool(locator.get("exact", False))
    if "role" in locator:
        return frame.get_by_role(locator["role"], name=locator.get("name"), exact=exact)
    if "label" in locator:
        return frame.get_by_label(locator["label"], exact=exact)
    if "placeholder" in locator:
        return frame.get_by_placeholder(locator["placeholder"], exact=exact)
    if "text" in locator:
        return frame.get_by_text(locator["text"], exact=exact)
    return frame.get_by_test_id(locator["testid"])


def is_field(tag: str, kind: str) -> bool:
    """A place to type or choose in (an input that is not a button or a box to tick)."""
    return tag in ("textarea", "select") or (tag == "input" and kind not in NOT_FIELDS)


def ordered(candidates: list[Candidate], field: bool = False) -> list[Candidate]:
    preference = FIELD_PREFERENCE if field else PREFERENCE

    def rank(candidate: Candidate) -> int:
        locator = candidate["locator"]
        if isinstance(locator, str):
            return len(preference)
        return next((n for n, kind in enumerate(preference) if kind in locator),
                    len(preference))
    return sorted(candidates, key=rank)


def choose(candidates: list[Candidate], frame: Frame | None, document: str | None,
           field: bool = False) -> dict | str:
    """The first candidate that finds exactly one element. While the element's document
    (`document`, the recorder's token for it) is still the one in `frame`, Playwright counts;
    once the page has moved on (a click that navigates: the count may even start on the old
    page and end on the new one), the page's own count at the moment of the event decides.
    `field`: the element is one to type in."""
    ranked = ordered(candidates, field)
    for candidate in ranked:
        if candidate.get("count") != 1:
            continue
        if frame is None or not showing(frame, document):
            return candidate["locator"]
        if _found_once(frame, candidate["locator"]) or not showing(frame, document):
            return candidate["locator"]
    return ranked[-1]["locator"]  # the CSS path the recorder always adds last


def showing(frame: Frame, document: str | None) -> bool:
    """Is the recorder's document `document` still the one in `frame`?"""
    try:
        return frame.evaluate(
            "() => window.__shopperRecorder && window.__shopperRecorder.doc") == document
    except Error:
        return False


def _found_once(frame: Frame, locator: dict | str) -> bool:
    try:
        return playwright_locator(frame, locator).count() == 1
    except Error:
        return False  # a frame that went away meanwhile: no count to go by


# The iframe element as a person would point at it: its title (what a screen reader says),
# else its id, name or address.
IFRAME_LOCATOR_JS = """el => el.getAttribute('title') ? {title: el.getAttribute('title')}
  : el.id ? '#' + CSS.escape(el.id)
  : el.getAttribute('name') ? `iframe[name="${el.getAttribute('name')}"]`
  : el.getAttribute('src') ? `iframe[src="${el.getAttribute('src')}"]` : 'iframe'"""


def frame_path(frame: Frame) -> tuple[dict | str, ...]:
    """The `frame:` of a step whose element is in `frame`: the iframes from the page down,
    each by the locator of its <iframe> element; () for the page itself."""
    path: list[dict | str] = []
    try:
        while frame.parent_frame is not None:
            element = frame.frame_element()
            path.insert(0, element.evaluate(IFRAME_LOCATOR_JS))
            element.dispose()
            frame = frame.parent_frame
    except Error:
        return tuple(path)  # a frame that went away: as much as could be told
    return tuple(path)
