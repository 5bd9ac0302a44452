"""Where the browser's main threads spend a journey: the tool against the bare walk.

bench/cpu.py says how much CPU each process kind costs; this says what the pages' main
threads did with it, from Chromium's own timeline (`browser.start_tracing`, the
devtools.timeline and v8.execute categories): animation frames, paints, layouts, microtasks
(the tool's page reads run as those), mutation observers, script calls by function name.
One block of the bundled web/chat journeys per mode after a warm block, the same modes
and journeys as bench/cpu.py (Chromium only: tracing is a CDP feature).

    .venv/bin/python bench/renderer_timeline.py [--browser full|shell] [--accessibility on|off]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench.cpu as cpu  # noqa: E402

CATEGORIES = ["devtools.timeline", "v8.execute", "disabled-by-default-devtools.timeline"]
# Timeline events that are work of their own (not wrappers of each other's time).
KINDS = {"FireAnimationFrame", "Paint", "PrePaint", "Layerize", "Layout", "UpdateLayoutTree",
         "ParseHTML", "ParseAuthorStyleSheet", "RunMicrotasks", "EventDispatch", "TimerFire",
         "HitTest", "MinorGC", "MajorGC", "EvaluateScript", "FunctionCall", "v8.compile"}
NAMED = {"EvaluateScript", "FunctionCall", "v8.compile"}  # told apart by script or function


def by_kind(events: list[dict]) -> tuple[Counter, Counter]:
    """Milliseconds and counts per kind of work, a script call named by its function."""
    spent, count = Counter(), Counter()
    for event in events:
        if event.get("ph") != "X" or not event.get("dur") or event.get("name") not in KINDS:
            continue
        key = event["name"]
        if key in NAMED:
            data = event.get("args", {}).get("data", {})
            key += " " + (data.get("functionName") or data.get("url") or "(anonymous)")[:60]
        spent[key] += event["dur"] / 1000.0
        count[key] += 1
    return spent, count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--browser", choices=("full", "shell"), default="shell")
    parser.add_argument("--accessibility", choices=("on", "off"))
    parser.add_argument("--top", type=int, default=20, help="rows per mode")
    args = parser.parse_args()
    spent = {"tool": Counter(), "bare": Counter()}
    count = {"tool": Counter(), "bare": Counter()}
    walked = {"tool": 0, "bare": 0}
    block = cpu.Mode.block

    def traced_block(mode: cpu.Mode, n: int, *rest) -> None:  # noqa: ANN002
        if n == 0:  # the warm block: browser caches, not the journeys' own work
            return block(mode, n, *rest)
        mode.browser.start_tracing(categories=CATEGORIES)
        try:
            return block(mode, n, *rest)
        finally:
            trace = json.loads(mode.browser.stop_tracing())
            events = trace["traceEvents"] if isinstance(trace, dict) else trace
            ms, times = by_kind(events)
            spent[mode.name].update(ms)
            count[mode.name].update(times)
            walked[mode.name] += len(mode.journeys)

    cpu.Mode.block = traced_block
    argv = ["--runs", "3", "--browser", args.browser]
    if args.accessibility:
        argv += ["--accessibility", args.accessibility]
    sys.argv = [sys.argv[0], *argv]
    code = cpu.main()
    for name in ("tool", "bare"):
        journeys = max(1, walked[name])
        total = sum(spent[name].values()) / journeys
        print(f"\n{name}: {total:.0f} ms of main-thread work per journey, by kind "
              f"(ms, times per journey)")
        for key, ms in spent[name].most_common(args.top):
            print(f"  {ms / journeys:8.1f} ms  {count[name][key] / journeys:7.1f}×  {key}")
    return code


if __name__ == "__main__":
    sys.exit(main())
