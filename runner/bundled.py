"""Where the demo site and the bundled journeys are, installed or in a checkout.

In a wheel they ship as `runner/_bundled/{fixtures,journeys}` (see pyproject.toml); in a
checkout (or an editable install) they are the repository's top-level folders.
"""

from __future__ import annotations

from pathlib import Path

from runner.errors import ShopperError

_PACKAGE = Path(__file__).resolve().parent


def bundled(name: str) -> Path:
    for candidate in (_PACKAGE / "_bundled" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise ShopperError(f"the bundled {name}/ folder is missing from this installation")


def demo_site_script() -> Path:
    return bundled("fixtures") / "site" / "server.py"


def bundled_journeys() -> Path:
    return bundled("journeys")
