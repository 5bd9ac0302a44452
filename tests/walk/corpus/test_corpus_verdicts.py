"""Issue 15, item 8: each real-world page construction of the corpus, walked in Chromium,
gets exactly the verdict it is owed (status and finding codes) and times within 20 ms of the
page's own record (corpus_cases.py says what each owes, and why).

Constructions the tool gets wrong today are `xfail(strict=True)`, each with what it does
wrong: when the fix lands the test passes, strict turns that into a failure, and the marker
is removed then. The same corpus prints as a table with `bench/corpus.py`.
"""

from __future__ import annotations

import pytest
from corpus_cases import CONSTRUCTIONS, Construction

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WRONG_TODAY: dict[str, str] = {}


def _param(construction: Construction):  # noqa: ANN202 - a pytest ParameterSet
    reason = WRONG_TODAY.get(construction.name)
    marks = [pytest.mark.xfail(strict=True, reason=f"issue 15: {reason}")] if reason else []
    return pytest.param(construction, id=construction.name, marks=marks)


def test_every_construction_named_today_is_in_the_corpus():
    assert set(WRONG_TODAY) <= {c.name for c in CONSTRUCTIONS}


@pytest.mark.parametrize("construction", [_param(c) for c in CONSTRUCTIONS])
def test_the_construction_gets_its_verdict_and_its_times(corpus_walker, construction):
    verdict, right = corpus_walker.walk_all(construction)
    assert verdict.ok, f"{right} of {construction.walks} walks right\n" + verdict.explain()
