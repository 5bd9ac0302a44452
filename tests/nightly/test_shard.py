"""--shard I/N: every journey in exactly one shard, the same split on every machine."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from runner.cli import shard


def fake(name: str) -> SimpleNamespace:
    return SimpleNamespace(id=name, file=Path(f"journeys/{name}.yaml"))


@pytest.mark.parametrize("total", [1, 2, 3, 5, 8])
def test_shards_cover_every_journey_exactly_once(total):
    journeys = [fake(f"j{n:02d}") for n in range(17)]
    shares = [shard(journeys, i, total) for i in range(1, total + 1)]
    seen = [j.id for share in shares for j in share]
    assert sorted(seen) == sorted(j.id for j in journeys)
    assert len(seen) == len(set(seen))
    sizes = [len(share) for share in shares]
    assert max(sizes) - min(sizes) <= 1


def test_the_split_does_not_depend_on_the_order_files_were_found():
    journeys = [fake(f"j{n:02d}") for n in range(11)]
    shuffled = journeys[:]
    random.Random(7).shuffle(shuffled)
    for i in (1, 2, 3):
        assert [j.id for j in shard(journeys, i, 3)] == [j.id for j in shard(shuffled, i, 3)]


@pytest.mark.parametrize("bad", ["0/2", "3/2", "x/2", "2"])
def test_a_bad_shard_is_a_usage_error(bad):
    done = subprocess.run([sys.executable, "-m", "runner.cli", "run", "--shard", bad],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "--shard" in done.stderr


def test_journey_run_ids_stay_apart_when_ids_are_shortened_or_respelled():
    from runner.walk.engine import journey_run_id

    options = SimpleNamespace(run_id="20261123t020000z-abcd", repeat_index=None)
    ids = ["contact_form", "contact-form", "refund_request_returning_customer_eu",
           "refund_request_returning_customer_us", "refund"]
    made = [journey_run_id(SimpleNamespace(id=i), options) for i in ids]
    assert len(set(made)) == len(ids)
    assert all(len(m) <= 64 - len("shopper+@") for m in made)  # fits an address's local part
    assert made[-1] == "refund-20261123t020000z-abcd-1"  # a plain id is kept as it is
