"""`shopper run --debug`: before each step, the step as it stands in the journey file, then
Playwright's Inspector on the page, paused, so a person can look, pick a locator with the
Inspector's picker, step over the action or resume."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from runner.journey.model import Journey, Step


def step_source(journey: Journey, step: Step) -> list[str]:
    """The step's lines in its journey file: from its `- ` line to the next step (or the end
    of the `steps:` list), without trailing blank and comment lines."""
    try:
        lines = Path(journey.file).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    first = step.location.line - 1
    if not 0 <= first < len(lines):
        return []
    following = [s.location.line - 1 for s in journey.steps if s.location.line - 1 > first]
    end = min(following, default=len(lines))
    own = lines[first:end]
    indent = len(lines[first]) - len(lines[first].lstrip())
    for n, line in enumerate(own[1:], start=1):  # the list ended: back to a shallower key
        if line.strip() and not line.lstrip().startswith("#") \
                and len(line) - len(line.lstrip()) <= indent:
            own = own[:n]
            break
    while own and (not own[-1].strip() or own[-1].lstrip().startswith("#")):
        own.pop()
    return own


def announce(journey: Journey, step: Step, out: TextIO | None = None) -> None:
    out = out or sys.stdout
    where = f"{journey.file}:{step.location.line}"
    print(f"\n⏸ step {step.index + 1}/{len(journey.steps)} of {journey.name}  ({where})",
          file=out)
    for line in step_source(journey, step):
        print(f"    {line}", file=out)
    print("  Paused before it in the Playwright Inspector: Step over walks this step, "
          "Resume walks on to the next.", file=out, flush=True)


def inspect(page) -> None:  # noqa: ANN001 - a Playwright Page
    """Playwright's own pause: the Inspector opens on the page and holds the walk."""
    page.pause()


def pause_before_step(page, journey: Journey, step: Step) -> None:  # noqa: ANN001
    """The `before_step` of `--debug`."""
    announce(journey, step)
    inspect(page)
