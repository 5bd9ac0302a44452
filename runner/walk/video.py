"""A video of each journey, as Playwright Test's `video` option has it: `off` (the default:
recording costs CPU on every journey), `on`, or `retain-on-failure` (every journey recorded,
only those that failed or could not be measured kept).

Playwright encodes a tab's screencast with an ffmpeg of its own, looked for at one place in
its browsers folder; `playwright install ffmpeg` downloads it from a CDN that some machines
cannot reach. Its recorder asks ffmpeg for nothing special (MJPEG frames in, VP8 WebM out), so
any ffmpeg with libvpx serves: the static build in the `imageio-ffmpeg` wheel (the `video`
extra, installed by scripts/setup.sh), else the system's, linked to where Playwright looks.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

import playwright
from playwright.sync_api import BrowserContext, Error, Page

from runner.errors import ShopperError

# The file Playwright (1.65, EXECUTABLE_PATHS of its driver) runs, inside ffmpeg-<revision>/.
FFMPEG_FILE = {"linux": "ffmpeg-linux", "darwin": "ffmpeg-mac", "win32": "ffmpeg-win64.exe"}
HOW_TO_GET_FFMPEG = "run `bash scripts/setup.sh`, or `pip install imageio-ffmpeg`"


class VideoUnavailable(ShopperError):
    """No ffmpeg for Playwright to encode videos with: the tool cannot record (exit 3)."""


def playwright_ffmpeg(env: Mapping[str, str] | None = None, platform: str = sys.platform
                      ) -> Path | None:
    """Where Playwright looks for its ffmpeg, as its driver computes it; None when its
    browsers.json does not say (another Playwright) or the platform has no ffmpeg build."""
    env = os.environ if env is None else env
    package = Path(playwright.__file__).parent / "driver" / "package"
    try:
        listing = json.loads((package / "browsers.json").read_text(encoding="utf-8"))
        revision = next(entry["revision"] for entry in listing["browsers"]
                        if entry.get("name") == "ffmpeg")
    except (OSError, ValueError, KeyError, TypeError, StopIteration):
        return None
    name = next((file for prefix, file in FFMPEG_FILE.items() if platform.startswith(prefix)),
                None)
    if name is None:
        return None
    return browsers_folder(env, platform) / f"ffmpeg-{revision}" / name


def browsers_folder(env: Mapping[str, str] | None = None, platform: str = sys.platform
                    ) -> Path:
    """Playwright's registry folder, absolute: PLAYWRIGHT_BROWSERS_PATH ("0": inside the
    package; a relative path from where the driver started, our working directory), else the
    user's cache folder."""
    env = os.environ if env is None else env
    package = Path(playwright.__file__).parent / "driver" / "package"
    chosen = env.get("PLAYWRIGHT_BROWSERS_PATH")
    if chosen == "0":
        return package / ".local-browsers"
    if chosen:
        return Path(env.get("INIT_CWD") or os.getcwd(), chosen).absolute()
    if platform.startswith("darwin"):
        return Path.home() / "Library" / "Caches" / "ms-playwright"
    if platform.startswith("win32"):
        return Path(env.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local",
                    "ms-playwright")
    return Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache", "ms-playwright")


def ensure_ffmpeg(env: Mapping[str, str] | None = None) -> Path:
    """Playwright's ffmpeg, put in place if it is not there yet: imageio-ffmpeg's, else one on
    PATH, linked (copied where links are not allowed) to where Playwright looks. Asked
    before a run walks anything, so that a run which cannot record says so at once, in one
    line, instead of losing every journey to the same error."""
    target = playwright_ffmpeg(env)
    if target is None:
        raise VideoUnavailable("--video: this Playwright does not say where it wants ffmpeg; "
                               "`python -m playwright install ffmpeg` puts it there")
    if target.is_file() and os.access(target, os.X_OK):
        return target
    found = _an_ffmpeg()
    if found is None:
        raise VideoUnavailable(f"--video needs ffmpeg to encode the videos, and none was "
                               f"found: {HOW_TO_GET_FFMPEG}")
    try:
        _link(found, target)
        # Playwright's mark of a finished install: without it, a `playwright install` that
        # can download would extract its own ffmpeg through the link, over imageio-ffmpeg's
        # binary inside its package.
        (target.parent / "INSTALLATION_COMPLETE").touch()
    except OSError as exc:
        raise VideoUnavailable(f"--video: cannot put ffmpeg where Playwright looks for it "
                               f"({target}): {exc.strerror or exc}") from exc
    return target


def ready_to_record(mode: str, remote: bool) -> None:
    """Before a run with `--video` `mode` walks anything: Playwright's ffmpeg in place, or
    VideoUnavailable in one line. A remote browser records with its own machine's."""
    if mode != "off" and not remote:
        ensure_ffmpeg()


def _an_ffmpeg() -> Path | None:
    try:
        import imageio_ffmpeg

        return Path(imageio_ffmpeg.get_ffmpeg_exe())
    except (ImportError, RuntimeError):  # not installed, or its binary is missing
        pass
    found = shutil.which("ffmpeg")
    return Path(found) if found else None


def _link(source: Path, target: Path) -> None:
    """`target` becomes `source`, at once: two runs starting together (or a dangling link
    left by an uninstalled imageio-ffmpeg) never leave a half-made file behind."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, making = tempfile.mkstemp(dir=target.parent, prefix=".ffmpeg-")
    os.close(fd)
    try:
        os.unlink(making)
        try:
            os.symlink(source.resolve(), making)
        except OSError:  # a file system without links
            shutil.copy2(source, making)
        os.replace(making, target)
    finally:
        if os.path.lexists(making):
            os.unlink(making)


def recording_options(context_options: Mapping) -> dict:
    """What a browser context needs to record its tabs: the folder Playwright writes into
    while recording (a temporary one of the journey's own: the kept video is saved into the
    run folder, and `forget_recordings` removes the folder with whatever else is in it), and
    the page's own size when the journey's device gives one (else Playwright's, ≤ 800×800)."""
    videos = Path(tempfile.gettempdir()) / "shopper-videos"
    videos.mkdir(parents=True, exist_ok=True)
    options: dict = {"record_video_dir": tempfile.mkdtemp(prefix="journey-", dir=videos)}
    if context_options.get("viewport"):
        options["record_video_size"] = dict(context_options["viewport"])
    return options


def forget_recordings(recording: Mapping) -> None:
    """Remove the journey's recording folder (`recording_options`), kept video saved or not.
    A remote browser records on its own machine: there is nothing here to remove then."""
    folder = recording.get("record_video_dir")
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def keep_video(context: BrowserContext, page: Page, target: Path, keep: bool) -> bool:
    """Close the journey's context (Playwright finishes a video file only then) and keep
    its tab's video as `target`, or not; every other recording is deleted. Returns whether
    `target` was written. (save_as, not a rename: a remote browser's video is on its own
    machine, and save_as brings it over.)"""
    videos = [tab.video for tab in context.pages if tab.video is not None]
    try:
        context.close()
        if keep and page.video is not None:
            page.video.save_as(target)
            return True
        return False
    except Error:
        return False  # a browser that died with the journey: no video to keep
    finally:
        for video in videos:
            try:
                video.delete()
            except Error:
                pass
