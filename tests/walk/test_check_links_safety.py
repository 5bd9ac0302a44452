"""`check_links` is safe to point at any page (issue 7, case 19).

A page under test can link, or redirect, anywhere: to the machines around the tool (another
host's loopback or private address, a cloud metadata service), to `file:` and other schemes,
or to a server that never answers. The checker requests none of the first two unless the
user allowed the host (`allow_hosts:`), and every request it makes ends on time.
"""

from __future__ import annotations

import threading
import time

import pytest
from support.pages import page

from runner.walk.link_checker import LinkRules, check_links

pytestmark = pytest.mark.no_context_left

LINKS = """
name: Links
channel: browse
steps:
  - goto: /
  - {timeout}check_links: {{same_origin: false}}
  - expect: {{text: "Welcome"}}
"""

# The page itself, and the icon the full Chromium asks for on its own (the headless shell
# does not): neither is a link the tool checked.
THE_BROWSERS_OWN = ("/", "/favicon.ico")


def links_page(*hrefs: str) -> str:
    # Each link a 24 px target, as WCAG 2.2 asks of links stacked one under another.
    return page("<h1>Welcome</h1>" + "".join(
        f'<a href="{href}" style="display: block; min-height: 24px">link {n}</a>'
        for n, href in enumerate(hrefs)))


def walk_links(walk, pages, *hrefs: str, timeout: str = ""):
    pages.page("/", links_page(*hrefs))
    walk.base_url = pages.url
    started = time.perf_counter()
    result = walk(LINKS.format(timeout=f"timeout: {timeout}\n    " if timeout else ""))
    return result, time.perf_counter() - started


def recorded(result) -> dict[str, dict]:
    return {link["url"]: link for link in result.steps[1].observed["links"]}


@pytest.mark.browser
def test_links_to_other_hosts_private_addresses_are_never_requested(walk, pages):
    port = pages.port
    private = [f"http://localhost:{port}/private", f"http://[::1]:{port}/private-v6", f"http://[::ffff:127.0.0.1]:{port}/mapped",
               "http://10.255.255.1/intranet", "http://169.254.169.254/latest/meta-data/",
               f"http://0.0.0.0:{port}/any"]
    result, elapsed = walk_links(walk, pages, *private)
    assert result.status == "passed"
    links = recorded(result)
    assert len(links) == len(private)
    for url, link in links.items():
        assert "private address" in (link.get("not_followed") or ""), (url, link)
        assert link["status"] is None and not link["broken"]
    assert [f.code for f in result.findings] == []
    assert [path for path in pages.paths_seen() if path not in THE_BROWSERS_OWN] == []
    assert elapsed < 10  # nothing waited on an unroutable 10.x address


@pytest.mark.browser
def test_redirects_to_private_addresses_or_other_schemes_are_not_followed(walk, pages):
    port = pages.port
    for path, target in {"/to-localhost": f"http://localhost:{port}/private",
                         "/to-metadata": "http://169.254.169.254/latest/meta-data/",
                         "/to-file": "file:///etc/passwd",
                         "/to-ftp": f"ftp://127.0.0.1:{port}/"}.items():
        pages.page(path, "", status=302, headers={"Location": target})
    result, _ = walk_links(walk, pages, "/to-localhost", "/to-metadata", "/to-file",
                           "/to-ftp")
    links = recorded(result)
    assert {url.rsplit("/", 1)[1]: (link["status"], link["not_followed"].split(":")[0])
            for url, link in links.items()} == {
        "to-localhost": (302, "not followed"), "to-metadata": (302, "not followed"),
        "to-file": (302, "not followed"), "to-ftp": (302, "not followed")}
    assert "private address" in links[pages.url + "/to-localhost"]["not_followed"]
    assert "file scheme" in links[pages.url + "/to-file"]["not_followed"]
    assert not any(link["broken"] for link in links.values())
    assert "/private" not in pages.paths_seen()


@pytest.mark.browser
def test_a_private_host_the_user_allowed_is_checked(walk, pages):
    pages.page("/private", page("<h1>Intranet</h1>"))
    walk.settings.allow_hosts = ["localhost"]
    result, _ = walk_links(walk, pages, f"http://localhost:{pages.port}/private")
    [link] = recorded(result).values()
    assert (link["status"], link.get("not_followed")) == (200, None)
    assert "/private" in pages.paths_seen()


@pytest.mark.browser
def test_links_with_other_schemes_are_never_requested(walk, pages):
    port = pages.port
    pages.page("/ok", page("<h1>ok</h1>"))
    result, _ = walk_links(walk, pages, "file:///etc/passwd", f"ftp://127.0.0.1:{port}/x",
                           f"gopher://127.0.0.1:{port}/x", f"ws://127.0.0.1:{port}/socket",
                           "data:text/html,hello", "javascript:alert(1)",
                           "mailto:help@example.com", "tel:+441234567", "/ok")
    links = recorded(result)
    assert list(links) == [pages.url + "/ok"]
    assert [path for path in pages.paths_seen() if path not in THE_BROWSERS_OWN] == ["/ok"]
    assert result.findings == []


@pytest.mark.browser
def test_every_request_ends_on_time_even_against_a_slow_loris(walk, pages):
    pages.route("/hang", pages.hang)
    pages.route("/trickle", pages.trickle(every_s=0.1))
    pages.route("/slow-body", pages.headers_then_hang)
    result, elapsed = walk_links(walk, pages, "/hang", "/trickle", "/slow-body",
                                 timeout="2s")
    assert result.status == "passed"
    step = result.steps[1]
    assert step.duration_ms < 3500, step.duration_ms
    links = recorded(result)
    assert links[pages.url + "/hang"]["error"] == "timed out"
    assert links[pages.url + "/trickle"]["error"] == "timed out"
    assert links[pages.url + "/slow-body"]["status"] == 200  # the headers came: it answered
    assert sorted(f.code for f in result.findings) == ["broken-link", "broken-link"]
    assert elapsed < 10


def test_a_slow_loris_link_times_out_within_its_budget(pages):
    pages.route("/trickle", pages.trickle(every_s=0.05))
    started = time.perf_counter()
    [link] = check_links([pages.url + "/trickle"],
                         LinkRules(page_url=pages.url + "/", read_timeout_s=0.5,
                                   link_budget_s=1.0))
    assert link.broken and link.error == "timed out"
    assert time.perf_counter() - started < 2.0


def test_a_host_that_turns_private_after_it_was_checked_is_not_requested(pages):
    # DNS rebinding: the name looks public when checked, then points home when connected.
    answers = iter([["93.184.216.34"]] + [["127.0.0.1"]] * 10)
    lock = threading.Lock()

    def rebinding(host: str) -> list[str]:
        with lock:
            return next(answers)

    pages.page("/private", page("<h1>Intranet</h1>"))
    [link] = check_links([f"http://rebind.test:{pages.port}/private"],
                         LinkRules(page_url=pages.url + "/", same_origin=False),
                         resolve=rebinding)
    assert pages.paths_seen() == []
    assert not link.broken and "private address" in (link.not_followed or ""), link
