#!/usr/bin/env bash
# Compile packaging/taizhang.nsi with makensis against dist/taizhang (Debian's nsis package).
# On Linux the bundle holds Linux executables, so the result only proves the script compiles;
# the real installer is made on Windows by scripts/build-windows.ps1. FAST=0 to compress
# as the real one does (LZMA: minutes on two cores).
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')
[ -d dist/taizhang ] || { echo "build-installer: dist/taizhang is missing (scripts/build-bundle.sh)" >&2; exit 1; }
out=dist/taizhang-setup-$version.exe
fast=()
[ "${FAST:-1}" = 1 ] && fast=(-DFAST)
makensis -V2 "${fast[@]}" -DVERSION="$version" -DBUNDLE="$PWD/dist/taizhang" -DOUTFILE="$PWD/$out" packaging/taizhang.nsi
echo "build-installer: $out ($(du -m "$out" | cut -f1) MB)"
