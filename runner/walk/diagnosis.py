"""Why a step's target never came, in words a person can act on (README).

"clicking #send: nothing after 30 s" is the same sentence for a mistyped selector, a consent
banner that takes the click, a form embedded from another origin and a field in a closed
shadow root; each wants a different fix, and one of them is not the site's fault at all. Run
once a step has failed, outside every timer: it asks the page which locator of the step
matches nothing (for a `fill`, which field), what the page's controls are really called
(near matches), what covers a target the click could not reach (and which step would dismiss
it), which frame holds a match (and the `frame:` to write), and whether a closed shadow root
holds it. In those last two the customer can go on and only the journey or the tool cannot:
`NotMeasured`, never a finding against the site.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from playwright.sync_api import Error

from runner.walk import untraced

if TYPE_CHECKING:
    from runner.journey.model import Locator, Step
    from runner.walk.session import Session

HERE = Path(__file__).parent
DIAGNOSE_JS = (HERE / "diagnose.js").read_text(encoding="utf-8")
COVER_JS = (HERE / "cover.js").read_text(encoding="utf-8")
NAMES_READ = 300  # control names read per frame for near matches
CALL_LOG_LINES = 8
# The buttons of a consent banner or pop-up that let the customer past it, in the shipped
# languages: the step to suggest is a click on the first that reads like one of these.
_DISMISS = re.compile(
    r"\b(?:accept|agree|allow|ok(?:ay)?|got it|close|dismiss|continue|reject|decline|deny"
    r"|no,? thanks|akzeptieren|zustimmen|alle annehmen|ablehnen|schließen|accepter|j'accepte"
    r"|refuser|fermer|aceptar|rechazar|cerrar|accetta|accetto|rifiuta|chiudi|accepteren"
    r"|akkoord|weigeren|sluiten|aceitar|rejeitar|fechar)\b", re.IGNORECASE)


@dataclass
class Diagnosis:
    """What the tool saw when the target never came."""

    said: str  # one sentence, appended to the failure
    evidence: dict = field(default_factory=dict)
    not_measured: bool = False  # the customer could go on; the tool cannot reach the target


def call_log(exc: BaseException, mask: Any) -> list[str]:
    """Playwright's own account of the wait ("<div role=dialog …> intercepts pointer
    events"), which the exception's first line leaves out."""
    text = str(exc)
    if "Call log:" not in text:
        return []
    lines = [line.strip().lstrip("-").strip() for line in text.split("Call log:", 1)[1]
             .splitlines()]
    lines = [mask(line) for line in lines if line]
    interesting = [line for line in lines if "intercepts pointer events" in line
                   or "not enabled" in line or "not visible" in line or "not editable" in line]
    head = lines[:CALL_LOG_LINES - len(interesting[:3])]
    return head + [line for line in interesting[:3] if line not in head]


def targets_of(step: Step) -> list[Locator]:
    """The elements a step needs, in the order it needs them."""
    value = step.value
    if step.action in ("click", "check"):
        return [value]
    if step.action in ("fill", "select", "upload", "press"):
        return [item.locator for item in value if item.locator is not None]
    if step.action == "expect":
        locator = getattr(value, "visible", None) or getattr(value, "locator", None)
        return [locator] if locator is not None and hasattr(locator, "describe") else []
    return []


def diagnose(session: Session, step: Step, scope: Any, exc: BaseException) -> Diagnosis:
    """Look at the page as it is now and say why the step's target never came."""
    log = call_log(exc, session.mask)
    evidence: dict = {"call_log": log} if log else {}
    try:
        said, more, not_measured = _look(session, step, scope, log)
    except Error:  # the page is gone or navigating: Playwright's own account is all there is
        said, more, not_measured = "", {}, False
    evidence.update(more)
    return Diagnosis(said=said, evidence=evidence, not_measured=not_measured)


def _look(session: Session, step: Step, scope: Any, log: list[str]
          ) -> tuple[str, dict, bool]:
    root: Any = session.page
    for frame in session.frame_path:  # the step's `frame:`, outermost first
        every = session.every_match(frame, root)
        if not every.filter(visible=True).count():
            return (f"the frame {frame.describe()} (the step's `frame:`) is not on the page"), \
                {"frame_missing": frame.describe()}, False
        root = every.filter(visible=True).first.content_frame
    for locator in targets_of(step):
        every = session.every_match(locator, scope)
        if every.filter(visible=True).count():
            continue
        return _missing(session, locator, scope, every.count())
    # Every target is there and visible: something stops the action itself.
    for locator in targets_of(step):
        target = session.locate(locator, scope)
        cover = _cover(target)
        if cover is not None:
            return _covered(locator, cover), {"covered_by": cover}, False
        if step.action in ("click", "check", "fill", "select") and not _enabled(target):
            return (f"{locator.describe()} is there but disabled (a form that waits for "
                    f"something else first?)"), {}, False
    covering = next((line for line in log if "intercepts pointer events" in line), None)
    if covering:
        return f"{covering.replace(' intercepts', ' covers it and intercepts')}", {}, False
    return "", {}, False


def _missing(session: Session, locator: Locator, scope: Any, hidden: int
             ) -> tuple[str, dict, bool]:
    what = locator.describe()
    if hidden:
        return (f"{what} matches {hidden} element{'s' if hidden > 1 else ''}, none of them "
                f"visible to the customer"), {"hidden_matches": hidden}, False
    frame_selector = _frame_holding(session, locator, scope)
    if frame_selector:  # the customer can use it: the journey, not the site, needs a change
        return (f"no element of the page matches {what}, but a frame does: add "
                f"`frame: \"{frame_selector}\"` to the step"), {"frame": frame_selector}, True
    found = _page_names(session, locator, scope)
    if found["closed"]:
        host = found["closed"][0]
        return (f"{what} is inside a closed shadow root (<{host}>): a customer can use it, "
                f"but the browser lets no script into it, so this was not measured"), \
            {"closed_shadow_root": host}, True
    near = _near(session, locator, found["names"])
    if near:
        return (f"no element matches {what}; close to it on the page: "
                f"{', '.join(near)}"), {"near_matches": near}, False
    return f"no element on the page matches {what}", {}, False


def _frame_holding(session: Session, locator: Locator, scope: Any) -> str | None:
    if scope is not None and scope is not session.page:
        return None
    for frame in session.page.frames[1:]:
        try:
            if not session.every_match(locator, frame).filter(visible=True).count():
                continue
            element = frame.frame_element()
            attributes = element.evaluate("(f) => ({id: f.id, name: f.name, title: f.title, "
                                          "src: f.src})")
        except Error:
            continue
        return _frame_selector(attributes or {})
    return None


def _frame_selector(attributes: dict) -> str:
    if attributes.get("id"):
        return f"iframe#{attributes['id']}"
    for key in ("title", "name"):
        if attributes.get(key):
            return f"iframe[{key}='{attributes[key]}']"
    src = attributes.get("src") or ""
    host = re.sub(r"^[a-z]+://", "", src).split("/")[0]
    return f"iframe[src*='{host}']" if host else "iframe"


def _page_names(session: Session, locator: Locator, scope: Any) -> dict:
    needle = {"by": locator.by, "selector": locator.selector, "exact": locator.exact,
              "value": session.render(locator.value or "") if locator.value else None,
              "name": session.render(locator.name) if locator.name else None}
    target = _document(session, scope)
    try:
        found = untraced.evaluate(target, DIAGNOSE_JS, [needle, NAMES_READ]) if target else None
    except Error:
        found = None
    return found or {"names": [], "closed": []}


def _document(session: Session, scope: Any) -> Any:
    """The page or frame to read: a step's `frame:` scope is a FrameLocator, not a frame."""
    if scope is None or scope is session.page:
        return session.page
    if hasattr(scope, "owner"):
        return session.step_frame()
    return scope


def _near(session: Session, locator: Locator, names: list[dict]) -> list[str]:
    """Names on the page a letter or two from the locator's: "Emial" → "Email"."""
    wanted = session.render(locator.name or locator.value or "") if locator.by else \
        _selector_word(locator.selector or "")
    if not wanted:
        return []
    by_text: dict[str, dict] = {}
    for item in names:
        by_text.setdefault(item["text"].lower(), item)
    close = difflib.get_close_matches(wanted.lower(), list(by_text), n=3, cutoff=0.75)
    return [_name_of(by_text[text]) for text in close]


def _selector_word(selector: str) -> str:
    """The name inside a selector: "#emial" → "emial", "text=Sned" → "Sned"."""
    found = re.search(r"(?:^#|name=['\"]?|text=|\[name=['\"]?)([\w -]+)", selector)
    return found.group(1) if found else ""


def _name_of(item: dict) -> str:
    kinds = {"label": "a field labelled", "aria-label": f"a {item['tag']} named",
             "placeholder": "a field with placeholder", "id": f"a {item['tag']} with id",
             "name": f"a {item['tag']} named", "testid": "test id", "text": f"a {item['tag']}"}
    return f"{kinds.get(item['kind'], item['kind'])} \"{item['text']}\""


def _cover(target: Any) -> dict | None:
    try:
        return target.evaluate(COVER_JS, timeout=1_000)
    except Error:
        return None


def _enabled(target: Any) -> bool:
    try:
        return target.is_enabled(timeout=500)
    except Error:
        return True


def _covered(locator: Locator, cover: dict) -> str:
    name = cover.get("label") or cover.get("text") or ""
    element = f"<{cover['tag']}" + (f" id=\"{cover['id']}\"" if cover.get("id") else "") + \
        (f" role=\"{cover['role']}\"" if cover.get("role") else "") + ">"
    said = (f"{locator.describe()} is covered by {element}"
            + (f" (\"{name[:60]}\")" if name else "") + ", which takes the click")
    buttons = cover.get("buttons") or []
    dismiss = next((b for b in buttons if _DISMISS.search(b)), buttons[0] if buttons else None)
    if dismiss:
        said += f": add a step before it, `- click: {{role: button, name: \"{dismiss}\"}}`"
    return said
