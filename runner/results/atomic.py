"""Atomic writes: a reader (a CI job, a browser, a web server) never sees half a file.

Through a temp file in the same folder and `os.replace` (atomic only within one file
system); the temp file's name starts with a dot and ends with `.tmp`, so nothing globbing
`*.json` or `*.html` picks it up mid-write, and it is removed if the write fails (a full
disk gets its space back). The file is as readable as any the user writes: mkstemp would
make it private, and a web server or CI job serving the reports folder must read it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_text_atomic(path: Path, text: str, *, durable: bool = False) -> None:
    """Write `text` to `path`; `durable` also waits until it is on disk (results)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process's umask, read without setting it (os.umask would, for a moment, for
    every thread)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return 0o022
