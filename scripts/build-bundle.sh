#!/usr/bin/env bash
# Build the frozen program with PyInstaller from packaging/taizhang.spec (the same spec as on
# Windows): dist/taizhang/ holding taizhang (windowed) and taizhang-cli (console).
# PyInstaller is a build tool, not a runtime dependency: it is installed here, into .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m pip install -q "pyinstaller>=6.10,<7"
rm -rf dist/taizhang
.venv/bin/python -m PyInstaller --noconfirm --log-level WARN \
  --workpath build/pyinstaller --distpath dist packaging/taizhang.spec
# Links PyInstaller made to libraries the spec left out point nowhere: remove them.
find dist/taizhang -xtype l -delete
size_mb=$(du -sm dist/taizhang | cut -f1)
files=$(find dist/taizhang -type f | wc -l)
echo "build-bundle: dist/taizhang: ${size_mb} MB unpacked, ${files} files"
# Linux carries what Windows does not: ICU (~38 MB) and system libraries (X11/xcb, CUPS,
# GnuTLS ...); scripts/build-windows.ps1 holds the Windows bundle to 150 MB.
if [ "$size_mb" -gt "${BUNDLE_LIMIT_MB:-200}" ]; then
  echo "build-bundle: the bundle is over ${BUNDLE_LIMIT_MB:-200} MB" >&2
  exit 1
fi
