"""Bad input (issue 7, cases 13-16): whatever a journey file holds, `shopper` answers with one
clear line naming the file and line, exits 2 and runs nothing; hostile files are refused
quickly and in bounded memory.

`validate` runs in this process (runner.cli.main); `run` and anything measured run in their
own process, as a user or CI runs them.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from runner.cli import main

GOOD = """
name: Help page
channel: browse
steps:
  - goto: /help
"""

# The CLI in a child process that reports what refusing the input cost it.
MEASURED = """
import resource, sys
from runner.cli import main
code = main(sys.argv[1:])
usage = resource.getrusage(resource.RUSAGE_SELF)
print(f"usage cpu_s={usage.ru_utime + usage.ru_stime:.3f} rss_kb={usage.ru_maxrss}",
      file=sys.stderr)
sys.exit(code)
"""


def folder_with(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "journeys"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def the_one_line(err: str, file: Path) -> str:
    """The single line that names `file`: `FILE:LINE:COLUMN: message`, no traceback."""
    assert "Traceback" not in err and "internal error" not in err, err
    named = [line for line in err.splitlines() if line.startswith(f"{file}:")]
    assert len(named) == 1, err
    assert re.match(rf"{re.escape(str(file))}:\d+:\d+: \S", named[0]), named[0]
    return named[0][len(str(file)) + 1:]


def validate(capsys, *paths: Path) -> tuple[int, str]:
    code = main(["validate", *map(str, paths)])
    return code, capsys.readouterr().err


class Measured:
    def __init__(self, done, wall_s: float):
        self.code, self.err, self.wall_s = done.returncode, done.stderr, wall_s
        usage = re.search(r"usage cpu_s=([\d.]+) rss_kb=(\d+)", done.stderr)
        assert usage, done.stderr
        self.cpu_s, self.rss_mb = float(usage[1]), int(usage[2]) / 1024


def measured(shopper, *args: str) -> Measured:
    started = time.perf_counter()
    done = shopper.python(MEASURED, *args, timeout=120)
    return Measured(done, time.perf_counter() - started)


@pytest.fixture(scope="module")
def baseline_mb(tmp_path_factory) -> float:
    """What validating one small good journey costs: the tool's own footprint."""
    from support.cli_harness import Shopper

    folder = folder_with(tmp_path_factory.mktemp("baseline"), **{"good.yaml": GOOD})
    result = measured(Shopper(folder.parent), "validate", str(folder))
    assert result.code == 0, result.err
    return result.rss_mb


def assert_refused_cheaply(result: Measured, baseline_mb: float, *, extra_mb: float = 40,
                           cpu_s: float = 3.0) -> None:
    assert result.code == 2, result.err
    assert result.cpu_s < cpu_s, result.cpu_s  # CPU, not wall time: the machine is shared
    assert result.wall_s < 30
    assert result.rss_mb < baseline_mb + extra_mb, (result.rss_mb, baseline_mb)


# --- 13. tags ----------------------------------------------------------------------------

@pytest.mark.parametrize("value", [
    '!!python/object/apply:os.system ["touch PWNED"]',
    "!!python/name:os.system",
    '!!python/object/new:subprocess.Popen [["touch", "PWNED"]]',
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!include secrets.yaml",
    "!!timestamp 2026-11-22",
])
def test_any_tag_in_a_journey_is_refused_at_its_line(tmp_path, capsys, value):
    folder = folder_with(tmp_path, **{"evil.yaml": f"name: Evil\nchannel: browse\n"
                                                   f"steps:\n  - goto: {value}\n"})
    code, err = validate(capsys, folder)
    assert code == 2
    assert the_one_line(err, folder / "evil.yaml").startswith("4:11: tags are not allowed")
    assert not (tmp_path / "PWNED").exists()


def test_a_tag_declared_with_a_tag_directive_is_refused(tmp_path, capsys):
    folder = folder_with(tmp_path, **{"evil.yaml": "%TAG !py! tag:yaml.org,2002:python/object/"
                                                   "apply:\n---\nname: !py!os.system [id]\n"
                                                   "steps: [{goto: /}]\n"})
    code, err = validate(capsys, folder)
    assert code == 2
    assert the_one_line(err, folder / "evil.yaml").startswith("3:7: tags are not allowed")


def test_tags_in_personas_and_settings_are_refused_too(tmp_path, capsys):
    folder = folder_with(tmp_path, **{
        "good.yaml": GOOD.replace("steps:", "persona: ann\nsteps:"),
        "personas.yaml": 'ann:\n  name: !!python/object/apply:os.system ["touch PWNED"]\n'})
    code, err = validate(capsys, folder)
    assert code == 2
    assert the_one_line(err, folder / "personas.yaml").startswith("2:9: tags are not allowed")

    settings = tmp_path / "shopper.yaml"
    settings.write_text('base_url: !!python/object/apply:os.system ["touch PWNED"]\n')
    (folder / "personas.yaml").unlink()
    code = main(["validate", "--config", str(settings), str(folder / "good.yaml")])
    err = capsys.readouterr().err
    assert code == 2
    assert re.search(rf"^shopper: {re.escape(str(settings))}:1:11: tags are not allowed", err,
                     re.M), err
    assert not (tmp_path / "PWNED").exists()


def test_run_refuses_a_tagged_journey_before_anything_runs(tmp_path, shopper):
    folder = folder_with(tmp_path, **{
        "good.yaml": GOOD,
        "evil.yaml": 'name: !!python/object/apply:os.system ["touch PWNED"]\nsteps: [{goto: /}]\n'})
    done = shopper("run", str(folder), "--base-url", "http://127.0.0.1:9",
                   "--out", str(tmp_path / "reports"))
    assert done.returncode == 2, done.stderr
    assert the_one_line(done.stderr, folder / "evil.yaml").startswith("1:7: tags are not allowed")
    assert not (tmp_path / "PWNED").exists()
    assert not (tmp_path / "reports").exists()  # nothing ran, nothing was written
    assert "Walking" not in done.stdout
    assert shopper.wait_for_no_leftovers() == []


# --- 14. alias bombs and huge files ----------------------------------------------------------

def billion_laughs() -> str:
    lines = ['lol: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for name, previous in zip("bcdefghi", "abcdefgh", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "name: Laughs\nsteps: [{goto: /}]\n" + "\n".join(lines) + "\n"


def test_a_billion_laughs_journey_is_refused_quickly_in_bounded_memory(tmp_path, shopper,
                                                                       baseline_mb):
    folder = folder_with(tmp_path, **{"laughs.yaml": billion_laughs()})
    result = measured(shopper, "validate", str(folder))
    assert_refused_cheaply(result, baseline_mb)
    assert the_one_line(result.err, folder / "laughs.yaml") == (
        "4:8: aliases (`*a`) are not allowed: write the value out in full")


def test_a_billion_laughs_personas_file_is_refused_too(tmp_path, shopper, baseline_mb):
    folder = folder_with(tmp_path, **{"good.yaml": GOOD,
                                      "personas.yaml": billion_laughs().split("\n", 2)[2]})
    result = measured(shopper, "validate", str(folder))
    assert_refused_cheaply(result, baseline_mb)
    assert the_one_line(result.err, folder / "personas.yaml").startswith("2:8: aliases")


@pytest.mark.parametrize("name", ["huge.yaml", "personas.yaml"])
def test_a_50_mb_file_is_refused_before_it_is_read(tmp_path, shopper, baseline_mb, name):
    folder = folder_with(tmp_path, **{"good.yaml": GOOD})
    with (folder / name).open("w") as out:
        out.write("name: Huge\nsteps:\n")
        line = "  - goto: /" + "x" * 88 + "\n"
        for _ in range(50 * 1024 * 1024 // len(line)):
            out.write(line)
    assert (folder / name).stat().st_size > 50_000_000
    result = measured(shopper, "validate", str(folder))
    assert_refused_cheaply(result, baseline_mb)
    assert re.fullmatch(r"1:1: the file is \d+ kB; the limit is 2000 kB",
                        the_one_line(result.err, folder / name))


def test_a_file_under_the_size_limit_but_of_half_a_million_values_is_refused_quickly(
        tmp_path, shopper, baseline_mb):
    # 1.9 MB of `- goto: /`: before the value limit, 20 s and 400 MB in PyYAML's composer.
    folder = folder_with(tmp_path, **{"many.yaml": "name: Many\nsteps:\n"
                                                   + "  - goto: /\n" * 160_000})
    result = measured(shopper, "validate", str(folder))
    assert_refused_cheaply(result, baseline_mb, extra_mb=80, cpu_s=5.0)
    assert the_one_line(result.err, folder / "many.yaml") == (
        "16668:5: more than 50000 values in one file: a journey needs far fewer "
        "(is it generated by mistake?)")


# --- 15. precise errors ------------------------------------------------------------------

@pytest.mark.parametrize("step, expected", [
    ('clik: "#send"', "4:5: unknown key `clik` in this step"),
    ('goto: /\n    click: "#send"',
     "5:5: a step has exactly one action; this one has `goto` and `click`: split it into 2 "
     "steps"),
    ("click: 42", "4:12: `click` in step 1 should be a selector string, or a mapping like "
                  "{role: button, name: Send} or {label: Email}, not the number 42"),
    ("click: [a, b]", "4:12: `click` in step 1 should be a selector string, or a mapping like "
                      "{role: button, name: Send} or {label: Email}, not a list"),
    ('expect: {url: "(unclosed"}', "4:20: `(unclosed` is not a valid regular expression: "
                                   "missing ), unterminated subpattern (at character 1)"),
    ('expect: {title: "*oops"}', "4:22: `*oops` is not a valid regular expression: nothing to "
                                 "repeat (at character 1)"),
    ("wait: 5 parsecs", "4:11: `wait` in step 1 should be a duration like 250ms, 5s, 2m or "
                        "1h, not `5 parsecs`"),
    ("timeout: 5 parsecs\n    goto: /", "4:14: `timeout` in step 1 should be a duration like "
                                        "250ms, 5s, 2m or 1h, not `5 parsecs`"),
    ("null", "4:5: step 1 should be a mapping, not empty"),
    ("", "4:4: step 1 should be a mapping, not empty"),
])
def test_each_mistake_is_one_precise_error(tmp_path, capsys, step, expected):
    folder = folder_with(tmp_path, **{"bad.yaml": f"name: Bad\nchannel: browse\nsteps:\n"
                                                  f"  - {step}\n"})
    code, err = validate(capsys, folder)
    assert code == 2
    assert the_one_line(err, folder / "bad.yaml") == expected
    if step.startswith("clik"):
        assert "hint: did you mean `click`?" in err


def test_a_regex_in_the_settings_that_does_not_compile_is_a_precise_error(tmp_path, capsys):
    folder = folder_with(tmp_path, **{"good.yaml": GOOD})
    settings = tmp_path / "shopper.yaml"
    settings.write_text('patterns:\n  acknowledgement: ["merci", "(gracias"]\n')
    code = main(["validate", "--config", str(settings), str(folder)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"shopper: {settings}:2:31: `(gracias` is not a valid regular expression" in err


SECRET_JOURNEY = """
name: Sign in
channel: browse
steps:
  - goto: /sign-in
  - fill: {"#password": "${secrets.SHOPPER_FAULT_UNSET}"}
"""


def test_an_unset_secret_is_a_warning_for_validate_and_exit_2_for_run(tmp_path, capsys,
                                                                      monkeypatch, shopper):
    monkeypatch.delenv("SHOPPER_FAULT_UNSET", raising=False)
    folder = folder_with(tmp_path, **{"secret.yaml": SECRET_JOURNEY})
    code, err = validate(capsys, folder)
    assert code == 0
    assert err.strip() == (f"warning: {folder / 'secret.yaml'}:6:26: the secret "
                           "`SHOPPER_FAULT_UNSET` is not set (export SHOPPER_FAULT_UNSET=… "
                           "before running)")

    done = shopper("run", str(folder), "--base-url", "http://127.0.0.1:9",
                   "--out", str(tmp_path / "reports"))
    assert done.returncode == 2
    assert the_one_line(done.stderr, folder / "secret.yaml") == (
        "6:26: the secret `SHOPPER_FAULT_UNSET` is not set (export SHOPPER_FAULT_UNSET=… "
        "before running)")
    assert not (tmp_path / "reports").exists()
    assert shopper.wait_for_no_leftovers() == []


# --- 16. 10,000 steps, a 1 MB value ----------------------------------------------------------

def test_ten_thousand_steps_are_refused_quickly(tmp_path, shopper, baseline_mb):
    folder = folder_with(tmp_path, **{"long.yaml": "name: Long\nsteps:\n"
                                                   + "  - wait: 1ms\n" * 10_000})
    result = measured(shopper, "validate", str(folder))
    assert_refused_cheaply(result, baseline_mb)
    assert the_one_line(result.err, folder / "long.yaml") == "2:1: 10000 steps; the limit is 2000"


def test_a_journey_at_the_step_limit_is_handled(tmp_path, capsys):
    folder = folder_with(tmp_path, **{"long.yaml": "name: Long\nsteps:\n"
                                                   + "  - wait: 1ms\n" * 2000})
    started = time.perf_counter()
    code = main(["validate", str(folder)])
    assert code == 0, capsys.readouterr().err
    assert "Long (2000 steps)" in capsys.readouterr().out
    assert time.perf_counter() - started < 20


@pytest.mark.parametrize("style", ["plain", "quoted", "block"])
def test_a_one_megabyte_value_is_refused_quickly(tmp_path, shopper, baseline_mb, style):
    value = "x" * 1_000_000
    written = {"plain": value, "quoted": f'"{value}"',
               "block": "|\n" + "\n".join("        " + value[i:i + 100]
                                          for i in range(0, len(value), 100))}[style]
    folder = folder_with(tmp_path, **{"big.yaml": "name: Big value\nsteps:\n  - fill:\n"
                                                  f'      "#message": {written}\n'})
    result = measured(shopper, "validate", str(folder))
    assert_refused_cheaply(result, baseline_mb)
    assert re.fullmatch(r"4:\d+: a value of 10\d{5} characters; the limit is 100000",
                        the_one_line(result.err, folder / "big.yaml"))
