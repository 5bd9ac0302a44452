"""`X-Mystery-Shopper` (shopper.yaml `identify:`) goes to the journey's own site and nowhere
else: a custom header on a third party's request would cause a CORS preflight the real
customer never causes, and tells others who is shopping."""

from __future__ import annotations

import pytest
from support.pages import page

from runner.walk.engine import own_origin

pytestmark = pytest.mark.no_context_left


def test_the_own_origin_is_the_scheme_host_and_port_exactly() -> None:
    mine = own_origin("http://127.0.0.1:80/shop/contact")
    assert mine.search("http://127.0.0.1:80")
    assert mine.search("http://127.0.0.1:80/")
    assert mine.search("http://127.0.0.1:80?q=1")
    for other in ("http://127.0.0.1:8000/", "https://127.0.0.1:80/",
                  "http://127.0.0.1:80@evil.example/", "http://127.0.0.1:80.evil.example/",
                  "http://localhost:80/", "http://evil.example/?http://127.0.0.1:80/"):
        assert not mine.search(other), other
    assert own_origin("/contact") is None


@pytest.mark.browser
def test_only_the_sites_own_requests_say_who_is_shopping(walk, pages) -> None:
    heard: dict[str, str | None] = {}

    def pixel(handler) -> None:
        heard[handler.headers["Host"].split(":")[0]] = handler.headers.get("X-Mystery-Shopper")
        handler.send(200, b"GIF89a", {"Content-Type": "image/gif"})

    pages.route("/pixel", pixel)
    # localhost is the same server under another origin: a third party, as far as the
    # browser (and the header) is concerned.
    pages.page("/shop", page(f'<h1>Shop</h1><img src="/pixel">'
                             f'<img src="http://localhost:{pages.port}/pixel">'))
    walk.base_url = pages.url
    result = walk("""
name: Looks around
channel: browse
steps:
  - goto: /shop
  - expect: {text: "Shop"}
""", name="looks")
    assert result.status == "passed", [s.error for s in result.steps]
    assert set(heard) == {"127.0.0.1", "localhost"}
    assert heard["127.0.0.1"] == result.journey_run_id
    assert heard["localhost"] is None
