#!/usr/bin/env bash
# Set up a machine for taizhang: system libraries Qt needs and CJK fonts (Debian/Ubuntu, as root),
# then a virtual environment in .venv with the project and its test extra installed.
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=C.UTF-8 LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive

APT_PACKAGES=(
  # Qt offscreen and xcb platform plugins
  libglib2.0-0 libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libxkbcommon0
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
  libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libx11-xcb1
  # Chinese glyphs on screen and TrueType fonts reportlab can embed in PDFs
  fonts-wqy-microhei fonts-wqy-zenhei fonts-arphic-uming
  # Calibri's metrics (Carlito), so LibreOffice prints our workbooks as Excel and WPS do
  fonts-crosextra-carlito
  # real windows on a virtual screen; pdffonts/pdftotext/pdftoppm to check PDFs
  xvfb xauth poppler-utils
)

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}"
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
elif command -v apt-get >/dev/null 2>&1; then
  echo "setup: not root, skipping system packages (need: ${APT_PACKAGES[*]})" >&2
fi

PYTHON=${PYTHON:-python3}
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "setup: Python 3.11 or newer is needed (found $("$PYTHON" --version 2>&1))" >&2; exit 1; }

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.taizhang-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test]"
  touch "$stamp"
fi
