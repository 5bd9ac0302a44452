"""Case 8: the results folder turns read-only, or the disk fills up.

Root ignores file modes, so both are made real with a user namespace and a small tmpfs:
`unshare --user --map-root-user --mount` runs a shell script that mounts the tmpfs on the
results folder, runs `shopper run` once to write results, copies what it wrote aside,
breaks the folder (remounts it read-only, or lets it fill up), runs `shopper run` again and
copies the folder out before the namespace (and the tmpfs with it) goes away.

The promise: exit 3, one clear line, and everything written before is intact.
"""

from __future__ import annotations

import json
import os
import shlex
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from support.cli_harness import (
    ShopperProcess,
    describe,
    one_clear_line,
    quick_journey,
    write_journey,
)
from support.pages import loopback_pages, page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# A canvas of noise: its screenshot does not compress (several hundred kB).
NOISE = """<h1>Welcome</h1><canvas id=c width=1280 height=720></canvas><script>
const c = document.getElementById('c').getContext('2d'), img = c.createImageData(1280, 720);
let s = 1;
for (let i = 0; i < img.data.length; i++) {
  s = (s * 1103515245 + 12345) & 0x7fffffff; img.data[i] = i % 4 == 3 ? 255 : (s >> 16) & 255;
}
c.putImageData(img, 0, 0);
</script>"""


def assert_cannot_write_results(run: dict, reason: str) -> None:
    """`shopper` stopped with exit 3 and one line naming the run folder and the reason."""
    assert run["code"] == 3, run
    line = one_clear_line(run["err"])
    assert line.startswith("shopper: cannot write results to out/runs/"), line
    assert line.endswith(f": {reason}"), line


def namespace_problem(tmp_path: Path) -> str | None:
    """Why a user namespace with a tmpfs that can be remounted read-only cannot be made
    here, or None when it can."""
    probe = tmp_path / "probe"
    probe.mkdir()
    try:
        done = subprocess.run(
            ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
             f"mount -t tmpfs -o size=64k tmpfs {probe} && mount -o remount,ro {probe}"],
            capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unshare cannot run: {exc}"
    if done.returncode != 0:
        return f"the kernel refuses a user namespace with a tmpfs: {done.stderr.strip()}"
    return None


@pytest.fixture
def namespace(tmp_path):
    problem = namespace_problem(tmp_path)
    if problem:
        pytest.skip(problem)


def shopper_command(journeys: str, base_url: str) -> str:
    return shlex.join([sys.executable, "-m", "runner.cli", "run", journeys, "--base-url",
                       base_url, "--out", "out"])


def run_in_namespace(tmp_path: Path, size: str, first: str, between: str, second: str
                     ) -> tuple[dict, dict]:
    """Run the script; return (first, second) as {code, out, err}, with the results folder
    after the first run in `before/` and at the end in `after/`."""
    for folder in ("out", "before", "after"):
        (tmp_path / folder).mkdir()
    script = tmp_path / "faults.sh"
    script.write_text(f"""
cd {shlex.quote(str(tmp_path))}
mount -t tmpfs -o size={size} tmpfs out || exit 90
{first} > first.out 2> first.err; echo $? > first.code
cp -a out/. before/
{between}
{second} > second.out 2> second.err; echo $? > second.code
cp -a out/. after/
""")
    run = ShopperProcess(tmp_path, (), command=["unshare", "--user", "--map-root-user",
                                                "--mount", "sh", str(script)])
    try:
        code, out, err = run.finish(120)
        left = run.wait_for_no_survivors(3)
    finally:
        run.kill_everything()
    assert code == 0, f"the script failed ({code}): {out}{err}"
    assert not left, describe(left)
    return tuple({"code": int((tmp_path / f"{name}.code").read_text()),
                  "out": (tmp_path / f"{name}.out").read_text(),
                  "err": (tmp_path / f"{name}.err").read_text()} for name in ("first", "second"))


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def history_rows(folder: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(folder / "history.sqlite") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return sorted(conn.execute("SELECT journey_id, status FROM journey_runs").fetchall())


def test_a_read_only_results_folder_exits_3_and_keeps_what_was_written(tmp_path, namespace):
    quick_journey(tmp_path / "journeys" / "first", "first")
    quick_journey(tmp_path / "journeys" / "second", "second")
    with loopback_pages() as pages:
        pages.page("/", page("<h1>Welcome</h1>"))
        first, second = run_in_namespace(
            tmp_path, "1m", shopper_command("journeys/first", pages.url),
            "mount -o remount,ro out", shopper_command("journeys/second", pages.url))
    assert first["code"] == 0, first
    assert_cannot_write_results(second, "Read-only file system")
    before, after = files_under(tmp_path / "before"), files_under(tmp_path / "after")
    assert any(name.endswith("first.json") for name in before)
    assert after == before, "the read-only folder changed, or lost what was written"
    # Written through a private temp file, a result used to stay private (0600): a web
    # server or CI job serving the folder could not read it.
    umask = os.umask(0o022)
    os.umask(umask)
    result = next((tmp_path / "before" / "runs").glob("*/first.json"))
    assert result.stat().st_mode & 0o777 == 0o666 & ~umask


def test_a_full_disk_exits_3_and_keeps_every_result_written_before(tmp_path, namespace):
    quick_journey(tmp_path / "journeys" / "first", "first")
    quick_journey(tmp_path / "journeys" / "second", "a_small")
    # Fails at once, so its screenshot is taken: more than the disk has left.
    write_journey(tmp_path / "journeys" / "second", "b_big", """
        name: Big screenshot
        channel: browse
        steps:
          - goto: /noise
          - timeout: 1s
            expect: {text: Thank you}
        """)
    with loopback_pages() as pages:
        pages.page("/", page("<h1>Welcome</h1>"))
        pages.page("/noise", page(NOISE))
        first, second = run_in_namespace(
            tmp_path, "600k", shopper_command("journeys/first", pages.url), "df -k out",
            shopper_command("journeys/second", pages.url) + " --trace off")
    assert first["code"] == 0, first
    assert_cannot_write_results(second, "No space left on device")

    before, after = files_under(tmp_path / "before"), files_under(tmp_path / "after")
    for name, content in before.items():
        if name != "history.sqlite":  # it gained the second run's row, checked below
            assert after.get(name) == content, f"{name} was damaged"
    written = {name: json.loads(content) for name, content in after.items()
               if name.endswith(".json") and name.startswith("runs/")}  # whole, every one
    written = {name: data for name, data in written.items() if name.count("/") == 2}
    assert {data["journey"]["id"] for data in written.values()} == {"first", "a_small"}
    assert not [name for name in after if name.endswith(".tmp")], "a temp file was left"
    assert history_rows(tmp_path / "after") == [("a_small", "passed"), ("first", "passed")]


def test_a_disk_that_fills_after_the_result_file_exits_3_naming_what_was_kept(
        tmp_path, namespace):
    """Room for one more result file, not for its history row nor the report: used to end
    in a warning, then `internal error: OSError(28, …)` from the report."""
    quick_journey(tmp_path / "journeys" / "first", "first")
    quick_journey(tmp_path / "journeys" / "second", "second")
    fill = ("avail=$(df -k out | awk 'NR==2 {print $4}'); "
            "head -c $(( (avail - 8) * 1024 )) /dev/zero > out/filler")
    with loopback_pages() as pages:
        pages.page("/", page("<h1>Welcome</h1>"))
        first, second = run_in_namespace(
            tmp_path, "1m", shopper_command("journeys/first", pages.url), fill,
            shopper_command("journeys/second", pages.url))
    assert first["code"] == 0, first
    assert second["code"] == 3, second
    line = one_clear_line(second["err"])
    assert line.startswith("shopper: cannot write the history out/history.sqlite: "), line
    assert "(the result file second.json is kept)" in line, line
    before, after = files_under(tmp_path / "before"), files_under(tmp_path / "after")
    for name, content in before.items():
        if name != "history.sqlite":
            assert after.get(name) == content, f"{name} was damaged"
    second_result = [json.loads(content) for name, content in after.items()
                     if name.endswith("/second.json")]
    assert [data["status"] for data in second_result] == ["passed"]
    assert ("first", "passed") in history_rows(tmp_path / "after")
