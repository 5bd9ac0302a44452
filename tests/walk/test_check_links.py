"""`check_links` on the demo site: every door on the page is tried, and the journey goes on."""

from __future__ import annotations

import pytest

import runner.checks.links  # noqa: F401 - registers the check

HOME_LINKS = """
name: Home links
channel: browse
steps:
  - goto: /
  - check_links: {spec}
  - goto: /help
"""


def broken_links(result) -> list:
    return [f for f in result.findings if f.code == "broken-link"]


@pytest.mark.browser
def test_broken_links_on_the_home_page_are_two_findings_and_the_journey_goes_on(walk, site):
    site.set_switches(broken_links=True)
    result = walk(HOME_LINKS.format(spec="true"))
    assert result.status == "passed"
    step = result.steps[1]
    assert step.status == "passed" and result.steps[2].status == "passed"
    found = broken_links(result)
    assert sorted(f.measured for f in found) == [404, 500]
    by_status = {f.measured: f for f in found}
    assert by_status[404].message == ("The link “Returns policy” leads to a page that does "
                                      "not exist (HTTP 404).")
    assert by_status[404].evidence["link"] == site.url + "/returns-policy"
    assert by_status[500].evidence["link"] == site.url + "/old-faq"
    assert all(f.severity == "major" and f.step["index"] == 1 for f in found)
    assert step.measured["broken"] == 2
    assert step.measured["links_checked"] == len(step.observed["links"]) >= 7
    assert step.measured["skipped_by_limit"] == 0
    checked = {link["url"] for link in step.observed["links"]}
    assert {site.url + "/help", site.url + "/contact"} <= checked


@pytest.mark.browser
def test_a_healthy_page_has_no_broken_links(walk, site):
    result = walk(HOME_LINKS.format(spec="true"))
    assert result.status == "passed"
    assert broken_links(result) == []
    step = result.steps[1]
    assert step.measured["broken"] == 0 and step.measured["links_checked"] > 0
    assert all(link["status"] == 200 for link in step.observed["links"])


@pytest.mark.browser
def test_limit_checks_that_many_links_and_counts_the_rest_as_skipped(walk, site):
    site.set_switches(broken_links=True)
    everything = walk(HOME_LINKS.format(spec="true"), name="all").steps[1]
    result = walk(HOME_LINKS.format(spec="{limit: 1}"), name="one")
    step = result.steps[1]
    links = {key: step.measured[key] for key in ("links_checked", "broken", "skipped_by_limit")}
    assert links == {"links_checked": 1, "broken": 0,
                             "skipped_by_limit": everything.measured["links_checked"] - 1}
    assert [link["url"] for link in step.observed["links"]] == \
        [everything.observed["links"][0]["url"]]


@pytest.mark.browser
def test_other_origins_may_be_checked_too(walk, site):
    site.set_switches(broken_links=True)
    result = walk(HOME_LINKS.format(spec="{same_origin: false, limit: 50}"))
    assert result.status == "passed"
    assert sorted(f.measured for f in broken_links(result)) == [404, 500]

