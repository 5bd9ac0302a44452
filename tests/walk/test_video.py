"""`--video on|off|retain-on-failure`, as Playwright Test's `video` option: a journey's video
is `<journey>.webm` in the run folder, named in `artifacts.video`; `retain-on-failure` keeps
only those of journeys that failed; `off` records nothing. Playwright's ffmpeg, which its
download cannot bring here, is put in place from imageio-ffmpeg or PATH before a run, or the
run says in one line how to get one."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest
from support.pages import page

from runner.walk import video
from runner.walk.engine import PROBE_BINDING, PROBE_JS
from runner.walk.tabs import Tabs, TabSpec
from runner.walk.video import VideoUnavailable, ensure_ffmpeg, playwright_ffmpeg

WEBM_MAGIC = bytes.fromhex("1a45dfa3")  # EBML, the container WebM is written in

SEARCH = """
name: Looks for a refund link
channel: browse
steps:
  - goto: /shop
  - fill: {{"#q": "{typed}"}}
  - click: {{role: button, name: Search}}
  - expect: {{text: "{expected}"}}
    timeout: 1500ms
"""
PASSES = SEARCH.format(typed="refund", expected="Refund policy")
FAILS = SEARCH.format(typed="refund", expected="Returns centre")


class SeenTabs(Tabs):
    """Tabs that remember the context options of every tab they opened."""

    def open(self, spec: TabSpec):
        self.seen = [*getattr(self, "seen", []), dict(spec.options)]
        return super().open(spec)


@pytest.fixture(scope="module")
def ffmpeg() -> Path:
    """Playwright's ffmpeg, linked as `shopper run --video` would: a machine set up by
    scripts/setup.sh has one (imageio-ffmpeg), so its absence fails here, never skips."""
    return ensure_ffmpeg()


@pytest.fixture
def shop(pages, walk, ffmpeg):
    pages.page("/shop", page('<h1>Shop</h1><input id="q" aria-label="Search">'
                             '<button onclick="document.querySelector(\'h1\').textContent='
                             '\'Refund policy\'">Search</button>'))
    walk.base_url = pages.url
    return walk


@pytest.fixture
def recordings(tmp_path, monkeypatch) -> Path:
    """Where Playwright writes this test's videos while it records (the system's temporary
    folder otherwise, shared with every other test): whatever is left there was not
    cleaned up."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder / "shopper-videos"


@pytest.fixture
def tabs(shared_browser):
    browser, _ = shared_browser
    tabs = SeenTabs(browser, PROBE_JS, PROBE_BINDING)
    yield tabs
    tabs.close()


def leftovers(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*")) if folder.exists() else []


# --- recording -----------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.no_context_left
def test_video_on_keeps_a_webm_of_a_passing_journey(shop, tabs, recordings):
    result = shop(PASSES, name="passes", video="on", tabs=tabs)
    assert result.status == "passed", [s.error for s in result.steps]
    assert result.artifacts["video"] == "passes.webm"
    kept = shop.out / "runs" / result.run_id / "passes.webm"
    content = kept.read_bytes()
    assert content.startswith(WEBM_MAGIC) and len(content) > 1000
    assert Path(tabs.seen[0]["record_video_dir"]).parent == recordings  # the journey's own
    assert leftovers(recordings) == []  # Playwright's own copy is deleted


@pytest.mark.browser
@pytest.mark.no_context_left
def test_retain_on_failure_keeps_no_video_of_a_passing_journey(shop, tabs, recordings):
    result = shop(PASSES, name="passes", video="retain-on-failure", tabs=tabs)
    assert result.status == "passed", [s.error for s in result.steps]
    assert "record_video_dir" in tabs.seen[0]  # recorded all the same
    assert "video" not in result.artifacts
    assert list((shop.out / "runs" / result.run_id).rglob("*.webm")) == []
    assert leftovers(recordings) == []


@pytest.mark.browser
@pytest.mark.no_context_left
def test_retain_on_failure_keeps_the_video_of_a_failed_journey(shop, tabs, recordings):
    result = shop(FAILS, name="fails", video="retain-on-failure", tabs=tabs)
    assert result.status == "failed"
    assert result.artifacts["video"] == "fails.webm"
    content = (shop.out / "runs" / result.run_id / "fails.webm").read_bytes()
    assert content.startswith(WEBM_MAGIC) and len(content) > 1000
    assert leftovers(recordings) == []


POPUP = """
name: A page that opens a window and closes it
channel: browse
steps:
  - goto: /popup
  - click: {role: button, name: Compare}
  - expect: {text: "Compared"}
"""


@pytest.mark.browser
@pytest.mark.no_context_left
def test_a_window_the_site_opened_and_closed_leaves_no_recording(shop, pages, tabs,
                                                                  recordings):
    """A tab gone before the journey ends is no longer among the context's pages: its
    recording is removed with the journey's recording folder all the same."""
    pages.page("/popup", page(
        '<button onclick="const w = window.open(\'/shop\'); setTimeout(() => { w.close(); '
        'document.body.append(\'Compared\'); }, 300)">Compare</button>'))
    result = shop(POPUP, name="popup", video="on", tabs=tabs)
    assert result.status == "passed", [s.error for s in result.steps]
    assert result.artifacts["video"] == "popup.webm"
    assert leftovers(recordings) == []


@pytest.mark.browser
def test_video_off_records_nothing(shop, tabs, recordings):
    result = shop(FAILS, name="fails", video="off", tabs=tabs)
    assert result.status == "failed"
    assert "record_video_dir" not in tabs.seen[0]
    assert "video" not in result.artifacts and "video_withheld" not in result.artifacts
    assert list((shop.out / "runs" / result.run_id).rglob("*.webm")) == []
    assert not recordings.exists()


@pytest.mark.browser
@pytest.mark.parametrize("opted_in", [False, True])
def test_a_journey_that_typed_a_secret_is_filmed_only_when_asked(shop, tabs, recordings,
                                                                   monkeypatch, opted_in):
    """A video shows the field as the secret was typed into it, where no mask reaches: like
    a trace, it is withheld unless the run keeps secret traces."""
    monkeypatch.setenv("SHOPPER_VIDEO_SECRET", "hunter2")
    journey = SEARCH.format(typed="${secrets.SHOPPER_VIDEO_SECRET}", expected="Refund policy")
    result = shop(journey, name="secret", video="on", tabs=tabs, keep_secret_traces=opted_in)
    assert result.status == "passed", [s.error for s in result.steps]
    if opted_in:
        assert result.artifacts["video"] == "secret.webm"
        assert "video_withheld" not in result.artifacts
    else:
        assert "record_video_dir" not in tabs.seen[0]
        assert "video" not in result.artifacts
        assert "secret" in result.artifacts["video_withheld"]
        assert list((shop.out / "runs" / result.run_id).rglob("*.webm")) == []


@pytest.mark.browser
def test_a_recorded_journey_opens_no_tab_ahead(shared_browser):
    """A tab opened ahead would film the wait for its journey: with video, none is."""
    browser, _ = shared_browser
    tabs = Tabs(browser, PROBE_JS, PROBE_BINDING, ahead=3)
    try:
        tabs.prepare(TabSpec(options=video.recording_options({})))
        assert not tabs.opening and tabs._ready == []
        tabs.prepare(TabSpec(options={}))  # the same tabs, without video, do
        assert len(tabs._ready) == 1
    finally:
        tabs.close()


def test_the_video_is_the_size_of_the_devices_page():
    options = video.recording_options({"viewport": {"width": 390, "height": 844}})
    assert options["record_video_size"] == {"width": 390, "height": 844}
    assert "record_video_size" not in video.recording_options({})  # Playwright's: ≤ 800×800


# --- ffmpeg --------------------------------------------------------------------------------

@pytest.fixture
def no_imageio(monkeypatch):
    monkeypatch.setitem(sys.modules, "imageio_ffmpeg", None)  # `import` raises ImportError


def fake_ffmpeg(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    program = folder / "ffmpeg"
    program.write_text("#!/bin/sh\necho fake ffmpeg\n")
    program.chmod(0o755)
    return program


def test_an_ffmpeg_on_path_is_linked_where_playwright_looks(tmp_path, monkeypatch, no_imageio):
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "browsers"))
    program = fake_ffmpeg(tmp_path / "bin")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    expected = playwright_ffmpeg()
    assert expected.parent.parent == tmp_path / "browsers"
    assert expected.parent.name.startswith("ffmpeg-") and expected.name == "ffmpeg-linux"
    assert ensure_ffmpeg() == expected
    assert expected.resolve() == program.resolve() and os.access(expected, os.X_OK)
    assert ensure_ffmpeg() == expected  # again: already there, left alone
    # Marked installed, so `playwright install` never extracts its own through the link.
    assert sorted(p.name for p in expected.parent.iterdir()) == [
        "INSTALLATION_COMPLETE", "ffmpeg-linux"]


def test_imageio_ffmpegs_binary_comes_first(tmp_path, monkeypatch):
    pytest.importorskip("imageio_ffmpeg")
    import imageio_ffmpeg

    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "browsers"))
    fake_ffmpeg(tmp_path / "bin")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    linked = ensure_ffmpeg()
    assert linked.resolve() == Path(imageio_ffmpeg.get_ffmpeg_exe()).resolve()


def test_a_dangling_link_is_replaced(tmp_path, monkeypatch, no_imageio):
    """imageio-ffmpeg uninstalled (or the virtualenv rebuilt) leaves the link dangling."""
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "browsers"))
    program = fake_ffmpeg(tmp_path / "bin")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    target = playwright_ffmpeg()
    target.parent.mkdir(parents=True)
    target.symlink_to(tmp_path / "gone" / "ffmpeg")
    assert ensure_ffmpeg().resolve() == program.resolve()


def test_no_ffmpeg_anywhere_is_one_line_that_says_what_to_do(tmp_path, monkeypatch, no_imageio):
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "browsers"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(VideoUnavailable) as raised:
        ensure_ffmpeg()
    message = str(raised.value)
    assert len(message.splitlines()) == 1
    assert "ffmpeg" in message and "bash scripts/setup.sh" in message
    assert "pip install imageio-ffmpeg" in message
    assert not (tmp_path / "browsers").exists()  # nothing half made


def test_playwrights_browsers_folder_is_found_as_its_driver_finds_it(tmp_path, monkeypatch):
    import playwright

    package = Path(playwright.__file__).parent / "driver" / "package"
    assert playwright_ffmpeg({"PLAYWRIGHT_BROWSERS_PATH": "0"}, "linux").parent.parent == \
        package / ".local-browsers"
    assert playwright_ffmpeg({"XDG_CACHE_HOME": str(tmp_path)}, "linux").parent.parent == \
        tmp_path / "ms-playwright"
    monkeypatch.chdir(tmp_path)
    assert playwright_ffmpeg({"PLAYWRIGHT_BROWSERS_PATH": "pw"}, "linux").parent.parent == \
        tmp_path / "pw"
    assert playwright_ffmpeg({}, "darwin").name == "ffmpeg-mac"
