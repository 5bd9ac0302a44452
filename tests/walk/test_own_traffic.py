"""Saying who is shopping (shopper.yaml `identify:`). By default in the user agent only,
with the journey run: it costs nothing. `identify: header` adds `X-Mystery-Shopper`, to the
journey's own site and nowhere else: a custom header on a third party's request would cause a
CORS preflight the real customer never causes, and tells others who is shopping."""

from __future__ import annotations

import pytest
from support.pages import page

from runner import __version__
from runner.config import load_settings
from runner.errors import ShopperError
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


JOURNEY = """
name: Looks around
channel: browse
steps:
  - goto: /shop
  - expect: {text: "Shop"}
"""


def listen(pages) -> dict[str, tuple[str | None, str]]:
    """What the shop's own origin (127.0.0.1) and a third party (localhost) were told:
    host -> (X-Mystery-Shopper, User-Agent) of its pixel's request."""
    heard: dict[str, tuple[str | None, str]] = {}

    def pixel(handler) -> None:
        heard[handler.headers["Host"].split(":")[0]] = (
            handler.headers.get("X-Mystery-Shopper"), handler.headers.get("User-Agent", ""))
        handler.send(200, b"GIF89a", {"Content-Type": "image/gif"})

    pages.route("/pixel", pixel)
    # localhost is the same server under another origin: a third party, as far as the
    # browser (and the header) is concerned.
    pages.page("/shop", page(f'<h1>Shop</h1><img src="/pixel">'
                             f'<img src="http://localhost:{pages.port}/pixel">'))
    return heard


@pytest.mark.browser
def test_by_default_the_user_agent_names_the_run_and_no_header_is_sent(walk, pages) -> None:
    heard = listen(pages)
    walk.base_url = pages.url
    result = walk(JOURNEY, name="looks")
    assert result.status == "passed", [s.error for s in result.steps]
    assert set(heard) == {"127.0.0.1", "localhost"}
    token = f"MysteryShopper/{__version__} (run {result.journey_run_id})"
    for host, (header, agent) in heard.items():
        assert header is None, host
        assert agent.endswith(token), (host, agent)


@pytest.mark.browser
def test_with_identify_header_only_the_sites_own_requests_carry_it(walk, pages) -> None:
    heard = listen(pages)
    walk.base_url = pages.url
    walk.settings.identify = "header"
    result = walk(JOURNEY, name="looks")
    assert result.status == "passed", [s.error for s in result.steps]
    assert set(heard) == {"127.0.0.1", "localhost"}
    assert heard["127.0.0.1"][0] == result.journey_run_id
    assert heard["localhost"][0] is None


@pytest.mark.browser
def test_with_identify_false_nothing_says_who_is_shopping(walk, pages) -> None:
    heard = listen(pages)
    walk.base_url = pages.url
    walk.settings.identify = False
    result = walk(JOURNEY, name="looks")
    assert result.status == "passed", [s.error for s in result.steps]
    assert heard and all(header is None and "MysteryShopper" not in agent
                         for header, agent in heard.values())


def test_shopper_yaml_takes_true_false_and_header_only(tmp_path) -> None:
    for value, expected in (("true", True), ("false", False), ("header", "header")):
        (tmp_path / "shopper.yaml").write_text(f"identify: {value}\n")
        assert load_settings(tmp_path / "shopper.yaml", {}).identify == expected
    (tmp_path / "shopper.yaml").write_text("identify: headers\n")
    with pytest.raises(ShopperError, match="identify"):
        load_settings(tmp_path / "shopper.yaml", {})
