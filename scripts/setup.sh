#!/usr/bin/env bash
# Sets up everything Mystery Shopper needs, idempotently: a virtual environment with the
# package (editable) and its dev tools, a browser: Playwright's own Chromium if it can be
# downloaded, else Debian's `chromium` package; and an ffmpeg for `--video`: Playwright's own
# if it can be downloaded, else imageio-ffmpeg's, else Debian's. Safe to run again; quick
# when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=.venv

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }
apt_install() {
  command -v apt-get >/dev/null || return 1
  if [ -z "${APT_UPDATED:-}" ]; then as_root apt-get update -qq || true; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "Mystery Shopper needs Python 3.11 or newer (found $("$PYTHON" --version 2>&1))" >&2; exit 1; }

if [ ! -x "$VENV/bin/python" ]; then
  say "Creating the virtual environment in $VENV"
  if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
    rm -rf "$VENV"
    say "Installing python3-venv (Debian ships venv separately)"
    apt_install python3-venv
    "$PYTHON" -m venv "$VENV"
  fi
fi

# Reinstall only when the project's dependencies changed.
stamp="$VENV/.installed-$(sha1sum pyproject.toml | cut -c1-12)"
if [ ! -f "$stamp" ]; then
  say "Installing Mystery Shopper and its dependencies"
  "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null 2>&1 || true
  "$VENV/bin/python" -m pip install -q -e '.[dev]' 2>&1 | grep -v '^WARNING: Location' || true
  "$VENV/bin/python" -c 'import runner, playwright, yaml, jinja2, jsonschema, axe_playwright_python' # fail loudly
  rm -f "$VENV"/.installed-*
  touch "$stamp"
fi

browser_ready() {
  "$VENV/bin/python" - <<'PY' 2>/dev/null
import sys
from playwright.sync_api import sync_playwright
from runner.walk.browser import choose_browser
with sync_playwright() as pw:
    print(choose_browser(pw).source)
PY
}

if source=$(browser_ready); then
  say "Browser: $source"
else
  say "Installing Chromium with Playwright"
  if timeout 600 "$VENV/bin/python" -m playwright install chromium >/dev/null 2>&1; then
    as_root "$VENV/bin/python" -m playwright install-deps chromium >/dev/null 2>&1 || true
  else
    say "Playwright's download is unreachable; installing Debian's chromium package"
    apt_install chromium || { echo "could not install a browser: install chromium, or set SHOPPER_BROWSER_PATH" >&2; exit 1; }
    apt_install chromium-headless-shell || true
  fi
  source=$(browser_ready) || { echo "no usable browser after installing one" >&2; exit 1; }
  say "Browser: $source"
fi
# Runs nobody watches use Chromium's headless shell (~0.4 s less CPU a journey); `--headed`
# uses the full browser. Beside a system Chromium, both of Debian's packages.
case "$source" in
  system:*)
    command -v chromium-headless-shell >/dev/null || apt_install chromium-headless-shell \
      || say "chromium-headless-shell not installed: runs use the full Chromium (more CPU)"
    command -v chromium >/dev/null || command -v chromium-browser >/dev/null || apt_install chromium \
      || say "chromium not installed: --headed and recording need the full browser" ;;
esac
# Videos (`--video`) are encoded by an ffmpeg Playwright looks for in its browsers folder: its
# own build when its download is reachable, else the static one of the imageio-ffmpeg wheel
# (the `video` extra), else Debian's, linked there. Without any, only --video fails (in one line).
ffmpeg_ready() {
  "$VENV/bin/python" -c 'import os, sys; from runner.walk.video import playwright_ffmpeg
where = playwright_ffmpeg(); sys.exit(not (where and os.access(where, os.X_OK)))' 2>/dev/null
}
if ! ffmpeg_ready; then
  say "Installing ffmpeg for videos with Playwright"
  timeout 300 "$VENV/bin/python" -m playwright install ffmpeg >/dev/null 2>&1 || true
fi
if ! ffmpeg_ready; then
  "$VENV/bin/python" -c 'import imageio_ffmpeg' 2>/dev/null \
    || "$VENV/bin/python" -m pip install -q imageio-ffmpeg 2>&1 | grep -v '^WARNING: Location' || true
  link_ffmpeg() { "$VENV/bin/python" -c 'from runner.walk.video import ensure_ffmpeg; print(ensure_ffmpeg())' 2>/dev/null; }
  where=$(link_ffmpeg) || { command -v ffmpeg >/dev/null || apt_install ffmpeg; where=$(link_ffmpeg); } || true
  if [ -n "$where" ]; then
    say "ffmpeg for videos: linked at $where"
  else
    say "no ffmpeg (not Playwright's download, imageio-ffmpeg nor Debian's ffmpeg): --video will not work"
  fi
fi
[ -x /usr/sbin/dovecot ] || apt_install dovecot-imapd || say "Dovecot (apt-get install -y dovecot-imapd) not installed: the real-IMAP tests will be skipped"
