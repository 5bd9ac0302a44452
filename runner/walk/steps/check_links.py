"""`check_links`: does every door on this page open? Each link is requested outside the browser.

The page is only read (its links, in page order, as the browser resolved them); the requests
go through `runner.walk.link_checker`, so the customer's tab stays where it is. Broken links are the
`links` check's findings, not a stop: the step passes unless the page cannot be read at all.
"""

from __future__ import annotations

import time
from urllib.parse import urldefrag

from runner.journey.model import LinkCheckSpec, Step
from runner.walk.link_checker import LinkCheck, LinkRules, check_links, origin_of
from runner.walk.outcomes import Outcome
from runner.walk.session import Session
from runner.walk.steps.base import action

DEFAULT_CHECK_TIMEOUT_MS = 120_000.0  # the whole step, all links together
TEXT_CLIP = 120
SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:")

# `.href` is the URL as the browser resolved it (an SVG <a> keeps it in `.href.baseVal`).
READ_LINKS_JS = """
elements => elements.map(e => {
  let href = e.href;
  if (href && typeof href === 'object') href = new URL(href.baseVal, document.baseURI).href;
  const img = e.querySelector && e.querySelector('img[alt]');
  // Its name as a customer would say it: a card's heading, not the card's whole text.
  const shown = (e.innerText || e.textContent || '').split('\\n').map(l => l.trim())
    .find(l => l) || '';
  const text = e.getAttribute('aria-label') || shown || e.getAttribute('title')
    || e.getAttribute('alt') || (img ? img.alt : '') || '';
  return {href: href || '', text: text.replace(/\\s+/g, ' ').trim()};
})
"""


@action("check_links")
def check_links_step(session: Session, step: Step) -> Outcome:
    spec: LinkCheckSpec = step.value if isinstance(step.value, LinkCheckSpec) else LinkCheckSpec()
    timeout = session.timeout_for(step, DEFAULT_CHECK_TIMEOUT_MS)
    page_url = session.page.url
    found, user_agent = session.guard(lambda: _read_page(session), step, timeout,
                                      "reading the links on the page")
    links = links_to_check(found, page_url, same_origin=spec.same_origin)
    chosen, skipped = links[:max(0, spec.limit)], max(0, len(links) - max(0, spec.limit))

    rules = LinkRules(
        page_url=page_url, same_origin=spec.same_origin,
        allow_hosts=session.allow_hosts, own_origin=session.base_url,
        run_id=session.scope.run_id if session.identify else None,
        user_agent=user_agent, deadline=time.perf_counter() + timeout / 1000.0)
    checks = check_links([url for url, _ in chosen], rules)
    if session.remaining_ms() <= 1.0:
        raise session.fail_for_timeout(step, timeout, "checking the links on the page")

    recorded = [_record(session, link, text) for link, (_, text) in zip(checks, chosen,
                                                                          strict=True)]
    measured = {"links_checked": sum(1 for link in checks if link.not_followed is None
                                     or link.redirects),
                "broken": sum(1 for link in checks if link.broken),
                "skipped_by_limit": skipped}
    return Outcome(measured=measured, observed={"links": recorded})


def links_to_check(found: list[dict], page_url: str, *, same_origin: bool
                   ) -> list[tuple[str, str]]:
    """(url, text) of each link worth requesting, first occurrence first, fragments dropped."""
    page_document = urldefrag(page_url)[0]
    page_origin = origin_of(page_url)
    seen: set[str] = set()
    kept: list[tuple[str, str]] = []
    for link in found:
        href = (link.get("href") or "").strip()
        if not href or href.lower().startswith(SKIPPED_SCHEMES):
            continue
        document, fragment = urldefrag(href)
        if (fragment or href.endswith("#")) and document == page_document:
            continue  # a jump within the page the customer is on
        if not document.lower().startswith(("http://", "https://")):
            continue
        if same_origin and origin_of(document) != page_origin:
            continue
        if document in seen:
            continue
        seen.add(document)
        kept.append((document, link.get("text") or ""))
    return kept


def _read_page(session: Session) -> tuple[list[dict], str]:
    found = session.page.eval_on_selector_all("a[href], area[href]", READ_LINKS_JS)
    user_agent = session.page.evaluate("() => navigator.userAgent")
    return found, user_agent


def _record(session: Session, link: LinkCheck, text: str) -> dict:
    clipped = text if len(text) <= TEXT_CLIP else text[:TEXT_CLIP - 1] + "…"
    entry = {"url": session.mask(link.url), "status": link.status,
             "error": link.error, "redirects": [session.mask(u) for u in link.redirects],
             "text": session.mask(clipped), "broken": link.broken}
    if link.not_followed:
        entry["not_followed"] = session.mask(link.not_followed)
    if link.method:
        entry["method"] = link.method
    return entry
