"""The corpus site (two origins on 127.0.0.1, one per test process) and a walker for it, on
the session's shared browser (tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from corpus_cases import CorpusWalker
from corpus_site import CorpusSite


@pytest.fixture(scope="session")
def corpus_site() -> Iterator[CorpusSite]:
    with CorpusSite() as site:
        yield site


@pytest.fixture
def corpus_walker(playwright_session, shared_browser, corpus_site, tmp_path) -> CorpusWalker:
    browser, info = shared_browser
    return CorpusWalker(playwright_session, browser, info, corpus_site, tmp_path)
