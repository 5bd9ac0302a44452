"""pytest plugin: every journey file is a test, walked by the engine on pytest-playwright's browser.

Collection is opt-in (the `shopper_journeys` ini option or `--shopper`): the plugin is loaded in
every pytest run of an environment that has Mystery Shopper installed, so without an opt-in it
collects nothing and touches nothing (CI configs and other YAML stay unrelated files).

One journey is one `pytest.Function` whose fixtures are pytest-playwright's `playwright` and
`browser`, so `--headed`, `--browser`, `--browser-channel`, `--tracing`, `--video` and a
project's own `browser_type_launch_args` apply, and pytest-xdist gives each worker its own
browser. The walk is `pool.shop`, the same path `shopper run` takes, and the test fails on the
same rule as the command line's exit status: the journey failed or errored, or a finding at or
above `--shopper-fail-on`.

Shared services of a run live in the process that controls it (ARCHITECTURE.md): the run id
and the SMTP sinks are made once, in the xdist controller when there is one, and handed to the
workers through `workerinput`.

Engine modules are imported only once the plugin is switched on, so an unrelated pytest run
pays nothing for it.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from runner.results.model import SEVERITIES, RunResult, severity_rank

JOURNEY_SUFFIXES = (".yaml", ".yml")
NOT_JOURNEYS = ("personas.yaml", "shopper.yaml")
DEFAULT_FOLDER = "journeys"
WORKER_INPUT = "shopper"


# --- options -------------------------------------------------------------------------------

def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("shopper", "Mystery Shopper customer journeys")
    group.addoption("--shopper", action="store_true", default=False,
                    help="walk the customer journeys: the `shopper_journeys` ini paths, "
                         f"else ./{DEFAULT_FOLDER}/")
    group.addoption("--shopper-fail-on", choices=SEVERITIES, default="critical",
                    metavar="SEVERITY",
                    help="fail a journey with a finding at or above this severity "
                         "(critical, major, minor, info; default critical)")
    group.addoption("--shopper-base-url", default=None, metavar="URL",
                    help="walk every journey against this site (wins over the journeys' "
                         "and shopper.yaml's base_url)")
    group.addoption("--shopper-out", default=None, metavar="DIR",
                    help="also write each journey's result JSON to DIR/runs/<run-id>/, as "
                         "`shopper run --out DIR` does (`shopper report --out DIR --rebuild` "
                         "renders them)")
    parser.addini("shopper_journeys", type="paths", default=[],
                  help="journey files or folders to collect as tests (switches the "
                       "Mystery Shopper plugin on)")


# --- the run: what every journey test of this pytest session shares ----------------------

@dataclasses.dataclass
class ShopperRun:
    """What the journeys of one pytest run share: where they are, how they are judged."""

    journey_paths: list[Path]  # resolved files and folders
    settings: Any  # runner.config.Settings
    fail_on: str
    base_url: str | None
    out: Path | None
    run_id: str
    mail_sinks: dict[str, Path]
    services: ExitStack = dataclasses.field(default_factory=ExitStack)
    # executable path -> how runner.walk.browser found it, for the results' `browser.source`
    browser_sources: dict[str, str] = dataclasses.field(default_factory=dict)

    def holds(self, path: Path) -> bool:
        """Is `path` one of the journey files this run collects?"""
        if path.suffix not in JOURNEY_SUFFIXES or path.name in NOT_JOURNEYS:
            return False
        path = path.resolve()
        return any(path == root or root in path.parents for root in self.journey_paths)


RUN_KEY = pytest.StashKey[ShopperRun]()


def _journey_paths(config: pytest.Config) -> list[Path]:
    """The opted-in journey paths; empty when the plugin is off."""
    configured = [Path(p) for p in config.getini("shopper_journeys")]
    if configured:
        return configured
    if config.getoption("shopper"):
        return [config.invocation_params.dir / DEFAULT_FOLDER]
    return []


def pytest_configure(config: pytest.Config) -> None:
    paths = _journey_paths(config)
    if not paths:
        return
    from runner.config import find_config, load_settings
    from runner.errors import JourneyFileError, ShopperError

    missing = [p for p in paths if not p.exists()]
    if missing:
        raise pytest.UsageError(f"shopper: {missing[0]}: no such journey file or folder")
    journeys_dir = next((p if p.is_dir() else p.parent for p in paths), None)
    try:
        settings = load_settings(find_config(None, journeys_dir), os.environ)
    except JourneyFileError as exc:
        raise pytest.UsageError(f"shopper: {exc.render()}") from exc
    except ShopperError as exc:
        raise pytest.UsageError(f"shopper: {exc}") from exc
    out = config.getoption("shopper_out")
    run = ShopperRun(
        journey_paths=[p.resolve() for p in paths], settings=settings,
        fail_on=config.getoption("shopper_fail_on"),
        base_url=config.getoption("shopper_base_url"),
        out=Path(out).resolve() if out else None, run_id="", mail_sinks={})
    shared = getattr(config, "workerinput", {}).get(WORKER_INPUT)
    if shared:  # an xdist worker: the controller made the run's id and services
        run.run_id = shared["run_id"]
        run.mail_sinks = {key: Path(path) for key, path in shared["mail_sinks"].items()}
    else:
        _start_run(run, paths)
    config.stash[RUN_KEY] = run
    _add_journeys_to_the_run(config, run)
    config.pluginmanager.register(ShopperFixtures, "shopper-fixtures")


def _start_run(run: ShopperRun, paths: list[Path]) -> None:
    """The run id and the SMTP sinks the run's journeys read (README: the tool listens
    there for the length of the run, one sink for every worker)."""
    from runner.journey.load import discover, load_journeys
    from runner.mail.sinks import run_sinks
    from runner.nightly.pool import run_mailboxes
    from runner.walk.engine import RunOptions, new_run_id

    run.run_id = new_run_id()
    # Problems in the files are reported by collection, file by file; here only the
    # mailboxes of the journeys that load are needed: every one configured, whatever steps
    # the selected journeys hold (`-k` must not change what the site finds listening).
    journeys = load_journeys(discover(paths), run.settings, os.environ).journeys
    options = RunOptions(run_id=run.run_id, run_dir=Path(), settings=run.settings)
    mailboxes = run_mailboxes(journeys, options)
    if run.out is not None:
        mail_folder = run.out / "mail" / run.run_id
    else:
        mail_folder = Path(run.services.enter_context(
            tempfile.TemporaryDirectory(prefix="shopper-mail-")))
    try:
        run.mail_sinks = run.services.enter_context(run_sinks(mailboxes, mail_folder))
    except Exception as exc:  # a taken port: the run cannot read its mail at all
        run.services.close()
        raise pytest.UsageError(f"shopper: {exc}") from exc


def _add_journeys_to_the_run(config: pytest.Config, run: ShopperRun) -> None:
    """`pytest --shopper` walks the journeys even when testpaths point elsewhere; so does a
    plain `pytest` in a project that lists them in `shopper_journeys`. Naming files on the
    command line (`pytest tests/test_login.py`) runs only those, unless --shopper asks for the
    journeys too."""
    if config.args_source == pytest.Config.ArgsSource.ARGS and not config.getoption("shopper"):
        return
    given = [(config.invocation_params.dir / arg.split("::")[0]).resolve() for arg in config.args]
    for root in run.journey_paths:
        covered = any(root == arg or arg in root.parents or root in arg.parents for arg in given)
        if not covered:
            config.args.append(str(root))


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """xdist: hand the run id and the SMTP sinks to each worker."""
    run = node.config.stash.get(RUN_KEY, None)
    if run is not None:
        node.workerinput[WORKER_INPUT] = {
            "run_id": run.run_id,
            "mail_sinks": {key: str(path) for key, path in run.mail_sinks.items()}}


def pytest_unconfigure(config: pytest.Config) -> None:
    run = config.stash.get(RUN_KEY, None)
    if run is not None:
        run.services.close()


def pytest_report_header(config: pytest.Config) -> str | None:
    run = config.stash.get(RUN_KEY, None)
    if run is None:
        return None
    where = ", ".join(_shown(p, config) for p in run.journey_paths)
    out = f", results in {_shown(run.out, config)}" if run.out else ""
    return f"shopper: journeys in {where}; run {run.run_id}; fail on {run.fail_on}{out}"


def _readable(path: Path) -> Path:
    """Relative to the working directory when inside it, so locations in errors and results
    read `journeys/contact_form.yaml:18`, as `shopper run` writes them."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def _shown(path: Path, config: pytest.Config) -> str:
    try:
        return str(path.relative_to(config.invocation_params.dir))
    except ValueError:
        return str(path)


# --- collection ----------------------------------------------------------------------------

def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    run = parent.config.stash.get(RUN_KEY, None)
    if run is None or not run.holds(file_path):
        return None
    return JourneyFile.from_parent(parent, path=file_path)


class JourneyFile(pytest.File):
    """One journey file: one test, or a collection error naming file:line:column."""

    def collect(self) -> Iterator[JourneyItem]:
        from runner.errors import JourneyFilesInvalid
        from runner.journey.load import load_journeys

        run = self.config.stash[RUN_KEY]
        loaded = load_journeys([_readable(self.path)], run.settings, os.environ,
                               secrets_required=True)
        if loaded.errors:
            raise JourneyFilesInvalid(loaded.errors)
        for warning in loaded.warnings:
            self.warn(pytest.PytestWarning(f"shopper: {warning}"))
        for journey in loaded.journeys:
            item = JourneyItem.from_parent(self, name=journey.id, callobj=walk_journey,
                                           journey=journey)
            # `pytest -k nightly` or `-k chat` selects by the journey's tags and channel.
            item.extra_keyword_matches.update([*journey.tags, journey.channel])
            yield item

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException]) -> Any:
        from runner.errors import JourneyFilesInvalid, ShopperError

        if isinstance(excinfo.value, JourneyFilesInvalid):
            return excinfo.value.render()
        if isinstance(excinfo.value, ShopperError):
            return f"{_shown(self.path, self.config)}: {excinfo.value}"
        return super().repr_failure(excinfo)


class JourneyItem(pytest.Function):
    """A journey as a test: a Function, so pytest resolves its fixtures (pytest-playwright's
    browser among them) like any test's."""

    def __init__(self, *args: Any, journey: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.journey = journey
        self.result: RunResult | None = None

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.journey.location.line - 1, f"journey {self.journey.id}"


def walk_journey(request: pytest.FixtureRequest, playwright: Any, browser: Any,
                 shopper_browser_info: Any, shopper_run_options: Any) -> None:
    """The body of every journey test: walk, judge, keep the result, give the verdict."""
    from runner.nightly.shop import shop
    from runner.results.model import write_result

    item: JourneyItem = request.node
    run: ShopperRun = request.config.stash[RUN_KEY]
    options, context = shopper_run_options
    # pytest-rerunfailures runs an item again: each attempt is its own journey run.
    options = dataclasses.replace(options, attempt=getattr(item, "execution_count", 1))
    result = shop(playwright, browser, shopper_browser_info, item.journey, options, context)
    item.result = result
    item.user_properties.append(("shopper_status", result.status))
    if result.score is not None:
        item.user_properties.append(("shopper_score", result.score.get("value")))
    if run.out is not None:
        path = write_result(options.run_dir, result)
        item.user_properties.append(("shopper_result", str(path)))
    trace = _trace_path(result, options.run_dir)
    message = failure_message(result, run.fail_on, trace=trace)
    if message is not None:
        pytest.fail(message, pytrace=False)
    if result.findings:
        item.add_report_section("call", "shopper findings", _findings_text(result.findings))


# --- fixtures (registered once the plugin is on, after pytest-playwright's) ---------------

class ShopperFixtures:
    """Registered in pytest_configure, so it comes after pytest-playwright's fixtures (which
    it extends) and before a project's conftest.py (which still overrides it). The class
    itself is the plugin: its fixtures are plain functions, not methods of an instance."""

    @pytest.fixture(scope="session")
    def browser_type_launch_args(pytestconfig: pytest.Config,  # noqa: N805 - not a method
                                 browser_type_launch_args: dict, playwright: Any,
                                 browser_name: str, connect_options: dict | None) -> dict:
        """pytest-playwright's launch options, plus the browser Mystery Shopper would use
        (SHOPPER_BROWSER_PATH, else Playwright's build, else a system Chromium) when none is
        set: an explicit `executable_path` or `channel` is left alone, and so is a remote
        browser (`connect_options`), which launches on a machine where our paths mean
        nothing."""
        from runner.walk.browser import CHROMIUM_ARGS, BrowserUnavailable, choose_browser

        args = dict(browser_type_launch_args)
        if args.get("executable_path") or args.get("channel") or connect_options:
            return args
        try:
            choice = choose_browser(playwright, browser_name,
                                    headed=args.get("headless") is False)
        except BrowserUnavailable as exc:
            pytest.fail(f"shopper: {exc}", pytrace=False)
        if choice.executable:
            args["executable_path"] = choice.executable
            pytestconfig.stash[RUN_KEY].browser_sources[choice.executable] = choice.source
            if browser_name == "chromium":
                args["args"] = [*args.get("args", []),
                                *(a for a in CHROMIUM_ARGS if a not in args.get("args", []))]
        return args

    @pytest.fixture(scope="session")
    def shopper_browser_info(pytestconfig: pytest.Config,  # noqa: N805 - not a method
                             browser: Any, browser_type_launch_args: dict,
                             connect_options: dict | None) -> Any:
        """What every result says about its browser (name, version, where it came from)."""
        from runner.walk.browser import BrowserInfo

        executable = browser_type_launch_args.get("executable_path")
        if connect_options:
            source = f"remote: {connect_options.get('ws_endpoint', 'connect_options')}"
        elif executable:
            source = pytestconfig.stash[RUN_KEY].browser_sources.get(
                str(executable), f"browser_type_launch_args: {executable}")
        elif browser_type_launch_args.get("channel"):
            source = f"channel: {browser_type_launch_args['channel']}"
        else:
            source = f"playwright: {browser.browser_type.executable_path}"
        return BrowserInfo(browser.browser_type.name, browser.version, source)

    @pytest.fixture(scope="session")
    def shopper_run_options(pytestconfig: pytest.Config,  # noqa: N805 - not a method
                            tmp_path_factory: pytest.TempPathFactory,
                            connect_options: dict | None) -> tuple[Any, Any]:
        """How this session walks journeys (one RunOptions, as `shopper run` has) and the
        judging context they share."""
        from runner.checks import CheckContext
        from runner.patterns import Patterns
        from runner.walk.engine import RunOptions
        from runner.walk.video import VideoUnavailable, ready_to_record

        run = pytestconfig.stash[RUN_KEY]
        out = run.out if run.out is not None else tmp_path_factory.mktemp("shopper")
        trace = pytestconfig.getoption("tracing", default="off") or "off"
        video = pytestconfig.getoption("video", default="off") or "off"
        try:
            ready_to_record(video, remote=bool(connect_options))
        except VideoUnavailable as exc:
            pytest.fail(f"shopper: {exc}", pytrace=False)
        options = RunOptions(run_id=run.run_id, run_dir=out / "runs" / run.run_id,
                             settings=run.settings, base_url=run.base_url, trace=trace,
                             video=video, mail_sinks=dict(run.mail_sinks))
        options.run_dir.mkdir(parents=True, exist_ok=True)
        context = CheckContext(patterns=Patterns.from_settings(run.settings.patterns))
        return options, context


# --- the verdict ---------------------------------------------------------------------------

def failure_message(result: RunResult, fail_on: str, *, trace: Path | None = None
                    ) -> str | None:
    """Why this journey fails the test, for a reader of pytest's output; None if it passes.

    The rule is `shopper run`'s exit status: the journey failed or could not be walked, or a
    finding is at or above `fail_on`."""
    threshold = severity_rank(fail_on)
    serious = [f for f in result.findings if severity_rank(f.severity) <= threshold]
    if result.status == "passed" and not serious:
        return None
    title = f"{result.journey.get('name')} ({result.journey.get('id')})"
    if result.status == "failed":
        stopped = result.stopped_step
        where = f" at step {stopped.index + 1}" if stopped else ""
        lines = [f"{title}: the customer could not finish; the journey stopped{where}"]
    elif result.status == "passed":
        lines = [f"{title}: findings at or above {fail_on}"]
    else:
        lines = [f"{title}: the journey could not be walked (status {result.status}): "
                 f"{result.error or 'no reason given'}"]
    for step in result.steps:
        if step.status == "failed":
            lines.append("  " + step_line(result, step))
    if serious:
        lines.append(f"Findings at or above {fail_on}:")
        lines.append(_findings_text(serious))
    others = [f for f in result.findings if f not in serious]
    if others:
        lines.append("Other findings:")
        lines.append(_findings_text(others))
    score = "not measured" if result.score is None else f"{result.score.get('value')}/100"
    browser = result.browser or {}
    lines.append(f"Score {score}; browser {browser.get('name')} {browser.get('version')} "
                 f"({browser.get('source')})")
    if trace is not None:
        lines.append(f"Trace: {trace} (open with `playwright show-trace`)")
    return "\n".join(lines)


def step_line(result: RunResult, step: Any) -> str:
    """`step 3 'Send' (journeys/contact_form.yaml:21): what went wrong`"""
    what = step.error or step.stopped or "failed"
    return f"step {step.index + 1} '{step.name}' ({result.journey.get('file')}:{step.line}): {what}"


def _findings_text(findings: list[Any]) -> str:
    ordered = sorted(findings, key=lambda f: severity_rank(f.severity))
    lines = []
    for finding in ordered:
        at = ""
        if finding.step:
            at = f"  [step {finding.step['index'] + 1} '{finding.step['name']}']"
        lines.append(f"  {finding.severity:<8} {finding.code}: {finding.message}{at}")
    return "\n".join(lines)


def _trace_path(result: RunResult, run_dir: Path) -> Path | None:
    name = (result.artifacts or {}).get("trace")
    return run_dir / name if name else None
