"""Broken links: a door on the page that does not open.

Reads what `check_links` recorded on its step (`observed["links"]`); one `broken-link` per
link that answered 4xx/5xx or could not be reached. The journey went on, so these are never
a stop.
"""

from __future__ import annotations

from runner.checks.registry import CheckContext, check, finding, step_ref
from runner.results.model import Finding, RunResult

STATUS_MEANING = {
    401: "asks the customer to sign in",
    403: "refuses to open",
    404: "leads to a page that does not exist",
    410: "leads to a page that has been removed",
    429: "turns the customer away (too many requests)",
}


@check("links")
def broken_links(result: RunResult, context: CheckContext) -> list[Finding]:
    found: list[Finding] = []
    for step in result.steps:
        if step.action != "check_links":
            continue
        for link in step.observed.get("links") or []:
            if not _is_broken(link):
                continue
            status = link.get("status")
            found.append(finding(
                "broken-link", _message(link), step=step_ref(step),
                measured=status if link.get("error") is None else None,
                unit="status" if link.get("error") is None else None,
                evidence={"url": step.url, "link": link.get("url"),
                          "text": link.get("text") or None, "status": status,
                          "error": link.get("error"),
                          "redirects": link.get("redirects") or None}))
    return found


def _is_broken(link: dict) -> bool:
    if "broken" in link:
        return bool(link["broken"])
    status = link.get("status")
    return link.get("error") is not None or (status is not None and status >= 400)


def _message(link: dict) -> str:
    name = link.get("text")
    subject = f"The link “{name}”" if name else f"The link to {link.get('url')}"
    error = link.get("error")
    if error is not None:
        return f"{subject} could not be opened at all ({error})."
    status = link["status"]
    if status in STATUS_MEANING:
        meaning = STATUS_MEANING[status]
    elif status >= 500:
        meaning = "leads to a page where the site fails with an error"
    else:
        meaning = "leads to a page the site refuses to show"
    via = " after being redirected" if link.get("redirects") else ""
    return f"{subject} {meaning}{via} (HTTP {status})."
