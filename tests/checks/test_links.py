"""The link checker asks each link the way a careful visitor would, and says which doors are shut.

Against a tiny local server (127.0.0.1, a thread, stopped when the test ends); no browser.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import runner.checks.links  # noqa: F401 - registers the check
from runner.checks import CheckContext, judge
from runner.results.model import RunResult, StepResult
from runner.walk.link_checker import LinkRules, check_links, origin_of

SLOW_S = 1.0


class Handler(BaseHTTPRequestHandler):
    seen: list[tuple[str, str, dict]]  # (method, path, headers), set per server

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_HEAD(self) -> None:  # noqa: N802 - http.server's naming
        self.answer("HEAD")

    def do_GET(self) -> None:  # noqa: N802
        self.answer("GET")

    def answer(self, method: str) -> None:
        self.server.seen.append((method, self.path, dict(self.headers)))
        path, port = self.path, self.server.server_address[1]
        if path == "/ok":
            self.reply(200)
        elif path == "/missing":
            self.reply(404)
        elif path == "/boom":
            self.reply(500)
        elif path == "/no-head":
            self.reply(405 if method == "HEAD" else 200)
        elif path.startswith("/hop/"):
            left = int(path.rsplit("/", 1)[1])
            self.reply(200) if left == 0 else self.reply(302, f"/hop/{left - 1}")
        elif path == "/loop-a":
            self.reply(302, "/loop-b")
        elif path == "/loop-b":
            self.reply(301, "/loop-a")
        elif path == "/to-localhost":
            self.reply(302, f"http://localhost:{port}/ok")
        elif path == "/to-ftp":
            self.reply(302, "ftp://example.com/file")
        elif path in ("/slow", "/pause"):
            time.sleep(SLOW_S if path == "/slow" else 0.2)
            self.reply(200)
        else:
            self.reply(404)

    def reply(self, status: int, location: str | None = None) -> None:
        body = b"<p>hello</p>" * 100
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            try:
                self.wfile.write(body)
            except OSError:
                pass


@pytest.fixture
def server() -> Iterator[ThreadingHTTPServer]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    httpd.seen = []
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()


def base(server: ThreadingHTTPServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


def rules(server: ThreadingHTTPServer, **overrides) -> LinkRules:
    return LinkRules(page_url=base(server) + "/", **overrides)


def one(server: ThreadingHTTPServer, path: str, **overrides):
    [result] = check_links([base(server) + path], rules(server, **overrides))
    return result


def test_a_page_that_answers_is_not_broken_and_head_is_enough(server):
    link = one(server, "/ok")
    assert (link.status, link.error, link.broken, link.method) == (200, None, False, "HEAD")
    assert [method for method, _, _ in server.seen] == ["HEAD"]


@pytest.mark.parametrize("path, status", [("/missing", 404), ("/boom", 500)])
def test_4xx_and_5xx_are_broken(server, path, status):
    link = one(server, path)
    assert link.status == status and link.error is None and link.broken


def test_a_server_refusing_head_is_asked_again_with_get(server):
    link = one(server, "/no-head")
    assert (link.status, link.method, link.broken) == (200, "GET", False)
    assert [method for method, _, _ in server.seen] == ["HEAD", "GET"]


def test_a_chain_of_five_redirects_is_followed_hop_by_hop(server):
    link = one(server, "/hop/5")
    assert link.status == 200 and not link.broken
    assert link.redirects == [f"{base(server)}/hop/{n}" for n in (4, 3, 2, 1, 0)]


def test_more_than_five_redirects_is_broken(server):
    link = one(server, "/hop/6")
    assert link.broken and link.error == "too many redirects (more than 5)"
    assert len(link.redirects) == 5


def test_a_redirect_loop_is_broken(server):
    link = one(server, "/loop-a")
    assert link.broken and link.error == "redirect loop"
    assert link.redirects == [base(server) + "/loop-b", base(server) + "/loop-a"]


def test_a_redirect_to_another_private_host_is_not_followed_unless_allowed(server):
    refused = one(server, "/to-localhost", same_origin=False)
    assert refused.status == 302 and not refused.broken
    assert "localhost is a private address" in refused.not_followed
    assert [path for _, path, _ in server.seen] == ["/to-localhost"]

    allowed = one(server, "/to-localhost", same_origin=False, allow_hosts=["LOCALHOST"])
    assert allowed.status == 200 and allowed.not_followed is None and not allowed.broken
    assert allowed.redirects == [f"http://localhost:{server.server_address[1]}/ok"]


def test_a_link_to_another_private_host_is_not_requested(server):
    port = server.server_address[1]
    [link] = check_links([f"http://localhost:{port}/missing"],
                         rules(server, same_origin=False))
    assert link.status is None and not link.broken and "private address" in link.not_followed
    assert server.seen == []


def test_with_same_origin_a_redirect_leaving_the_site_is_not_followed(server):
    link = one(server, "/to-localhost", allow_hosts=["localhost"])
    assert link.status == 302 and not link.broken
    assert link.not_followed == "not followed: it leaves the site"


def test_a_redirect_to_another_scheme_is_not_followed(server):
    link = one(server, "/to-ftp", same_origin=False)
    assert link.status == 302 and not link.broken and "ftp scheme" in link.not_followed


def test_a_link_that_does_not_answer_in_time_is_broken(server):
    started = time.perf_counter()
    link = one(server, "/slow", read_timeout_s=0.2, link_budget_s=0.6)
    assert link.broken and link.error == "timed out" and link.status is None
    assert time.perf_counter() - started < SLOW_S


def test_connection_refused_is_broken_without_asking_twice(server):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    [link] = check_links([f"http://127.0.0.1:{port}/"],
                         LinkRules(page_url=f"http://127.0.0.1:{port}/"))
    assert link.broken and link.error == "connection refused" and link.method is None


def test_answers_come_back_in_the_order_asked(server):
    paths = ["/pause", "/missing", "/ok", "/boom", "/no-head", "/hop/2"]
    results = check_links([base(server) + p for p in paths], rules(server))
    assert [r.url for r in results] == [base(server) + p for p in paths]
    assert [r.status for r in results] == [200, 404, 200, 500, 200, 200]


def test_the_browser_user_agent_goes_everywhere_the_identity_header_only_home(server):
    port = server.server_address[1]
    check_links([base(server) + "/ok"],
                rules(server, user_agent="Chrome/1 MysteryShopper/9", run_id="cf-1",
                      own_origin=base(server)))
    check_links([base(server) + "/ok"],
                rules(server, user_agent="Chrome/1 MysteryShopper/9", run_id="cf-1",
                      own_origin=f"http://localhost:{port}"))
    (_, _, home), (_, _, elsewhere) = server.seen
    assert home["User-Agent"] == elsewhere["User-Agent"] == "Chrome/1 MysteryShopper/9"
    assert home["X-Mystery-Shopper"] == "cf-1"
    assert "X-Mystery-Shopper" not in elsewhere


def test_origins_compare_like_a_browser():
    assert origin_of("HTTP://Example.com:80/a?b#c") == "http://example.com"
    assert origin_of("https://example.com:8443/") == "https://example.com:8443"
    assert origin_of("http://[::1]:8000/x") == "http://[::1]:8000"


def links_step(*links: dict) -> StepResult:
    return StepResult(index=1, name="check links", action="check_links", line=4,
                      status="passed", url="http://shop.test/help",
                      observed={"links": list(links)})


def run_with(*steps: StepResult) -> RunResult:
    return RunResult(run_id="r", journey={"id": "j", "name": "J", "channel": "browse",
                                          "file": "j.yaml"},
                     persona={"id": None, "name": None}, journey_run_id="j-r-1",
                     steps=list(steps))


def test_each_broken_link_is_one_major_finding_a_customer_can_read():
    step = links_step(
        {"url": "http://shop.test/", "status": 200, "error": None, "redirects": [],
         "text": "Home", "broken": False},
        {"url": "http://shop.test/returns-policy", "status": 404, "error": None,
         "redirects": [], "text": "Returns policy", "broken": True},
        {"url": "http://shop.test/gone", "status": None, "error": "connection refused",
         "redirects": [], "text": "", "broken": True},
        {"url": "http://other.test/", "status": None, "error": None, "redirects": [],
         "text": "Partner", "broken": False, "not_followed": "not checked: another site"})
    result = judge(run_with(step), CheckContext())
    broken = [f for f in result.findings if f.code == "broken-link"]
    assert [(f.severity, f.category) for f in broken] == [("major", "dead-end")] * 2
    first, second = broken
    assert first.message == ("The link “Returns policy” leads to a page that does not exist "
                             "(HTTP 404).")
    assert (first.measured, first.unit) == (404, "status")
    assert first.evidence == {"url": "http://shop.test/help",
                              "link": "http://shop.test/returns-policy",
                              "text": "Returns policy", "status": 404}
    assert second.measured is None and second.unit is None
    assert second.message == ("The link to http://shop.test/gone could not be opened at all "
                              "(connection refused).")
    assert result.status == "passed"
