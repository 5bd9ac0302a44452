"""`shopper report --merge`: fold the output folders of shards into one reports folder.

Machines that each walked one `--shard I/N` of the night bring back their own `reports/`.
Their run folders are copied in whole (result files, screenshots, traces, so every relative
link in the pages still works) and each result is recorded in this folder's history. A file
already here is never overwritten: merging the same shard twice changes nothing. Files are
copied through a temp file and renamed, and every result here is (re)recorded, so a merge
that was interrupted is mended by running it again.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from runner.errors import ShopperError
from runner.results import store


class NotAReportsFolder(ShopperError):
    """A --merge source with no runs in it."""


def merge(out: Path, sources: list[Path]) -> int:
    """Copy every run of `sources` into `out`; return how many result files were added."""
    for source in sources:
        if not source.is_dir():
            raise NotAReportsFolder(f"--merge {source}: no such folder")
        if not (source / "runs").is_dir():  # a shard that had no journeys to walk
            print(f"warning: --merge {source}: no runs in it; nothing to fold in",
                  file=sys.stderr)
    added: list[Path] = []
    folders: list[Path] = []
    for source in sources:
        if (source / "runs").is_dir():
            for run in sorted(p for p in (source / "runs").iterdir() if p.is_dir()):
                added.extend(_copy_run(run, out / "runs" / run.name))
                folders.append(out / "runs" / run.name)
    conn = store.connect(out)
    try:
        # Every result of the runs merged, not only the new files: recording is idempotent,
        # and a merge cut short before its history rows gets them on the next try.
        for path in sorted(p for folder in folders for p in folder.glob("*.json")):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue  # a half-written file on the shard is not a result
            if store.recordable(data):
                store.record(conn, data, str(path.relative_to(out)))
    finally:
        conn.close()
    return len(added)


def _copy_run(source: Path, target: Path) -> list[Path]:
    """Copy what `target` lacks; return the result files among it."""
    results: list[Path] = []
    for item in sorted(source.rglob("*")):
        if item.is_dir() or item.name.startswith("."):
            continue
        destination = target / item.relative_to(source)
        if destination.exists():
            if item.suffix == ".json" and destination.read_bytes() != item.read_bytes():
                print(f"warning: {destination} differs from {item}; the one already here "
                      "is kept", file=sys.stderr)
            continue
        _copy_atomic(item, destination)
        if item.suffix == ".json" and item.parent == source:
            results.append(destination)
    return results


def _copy_atomic(source: Path, destination: Path) -> None:
    """Whole or not at all: an interrupted merge never leaves half a file to be kept."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=destination.parent, prefix=f".{destination.name}.",
                               suffix=".tmp")
    os.close(fd)
    try:
        shutil.copy2(source, tmp)
        os.replace(tmp, destination)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
