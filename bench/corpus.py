"""Does the tool get real-world page constructions right? The corpus, walked in Chromium.

The constructions (tests/walk/corpus/: web components with open and closed shadow roots, a
consent dialog over the page, a form embedded from another origin, a single-page app, a CMS
thank-you page whose chrome says "thank you", a toast, a late reference, a controlled form,
a wizard, script errors, German/French/Spanish pages, a click that posts then navigates to a
slow page, a hidden twin form, a footer that thanks everybody) are served on 127.0.0.1 and
walked like `shopper run` walks a journey. Each page records its own ground truth (when the
action reached it, when the acknowledgement appeared, when the next page loaded).

Prints, per construction: the verdict (status and finding codes), the timing errors
(measured − truth, ms: `ack` for ack_ms, `load` for where a step's duration ended), the
verdict it is owed, and OK or WRONG (a verdict, a time more than 20 ms off, or a message
that does not say what it must). A construction where the tool can be right by luck (a race)
is walked several times and is OK only when every walk is; its row shows the first wrong
walk (walks stop there). `-v` explains every WRONG.

    .venv/bin/python bench/corpus.py [-v] [-k NAME ...]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "walk" / "corpus"))

from corpus_cases import CONSTRUCTIONS, TOLERANCE_MS, CorpusWalker  # noqa: E402
from corpus_site import CorpusSite  # noqa: E402

from runner.walk.browser import choose_browser, describe, launch  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", dest="names", action="append", default=[],
                        help="only this construction (repeatable; a part of its name)")
    parser.add_argument("-v", "--verbose", action="store_true", help="explain every WRONG")
    args = parser.parse_args()
    chosen = [c for c in CONSTRUCTIONS
              if not args.names or any(part in c.name for part in args.names)]
    if not chosen:
        parser.error("no construction matches -k")

    verdicts = []
    with tempfile.TemporaryDirectory() as tmp, CorpusSite() as site, sync_playwright() as pw:
        choice = choose_browser(pw)
        browser = launch(pw, choice)
        info = describe(browser, choice)
        print(f"browser: {info.name} {info.version} ({info.source}); "
              f"{len(chosen)} constructions, times within ±{TOLERANCE_MS:g} ms of the truth")
        walker = CorpusWalker(pw, browser, info, site, Path(tmp))
        width = max(len(c.name) for c in chosen)
        header = (f"{'construction':<{width}}  {'verdict':<36} {'timing error (ms)':<24} "
                  f"{'expected':<36} ")
        print(header + "result")
        print("-" * (len(header) + 6))
        for construction in chosen:
            verdict, right = walker.walk_all(construction)
            verdicts.append(verdict)
            result = "OK" if verdict.ok else "WRONG"
            if construction.walks > 1:
                result += (f" (all {right} walks)" if verdict.ok else
                           f" (walk {right + 1} of {construction.walks})")
            print(f"{construction.name:<{width}}  {verdict.verdict:<36} {verdict.timing():<24} "
                  f"{construction.expected:<36} {result}", flush=True)
        browser.close()
    wrong = [v for v in verdicts if not v.ok]
    print(f"\n{len(verdicts) - len(wrong)} OK, {len(wrong)} WRONG")
    if args.verbose:
        for verdict in wrong:
            print("\n" + verdict.explain())
    elif wrong:
        print("why: " + "; ".join(f"{v.construction.name}: {v.problems[0]}" for v in wrong))
    return 0


if __name__ == "__main__":
    sys.exit(main())
