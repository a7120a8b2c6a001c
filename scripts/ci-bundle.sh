#!/usr/bin/env bash
# CI for the frozen program: build dist/taizhang with scripts/build-bundle.sh, smoke-test the
# frozen executables (not the venv), time their start against the venv, compile the installer.
# Needs ../shared/fixtures/youxian.docx (SHARED=... to point elsewhere), pdffonts, makensis.
# SKIP_BUILD=1 tests the dist/taizhang already there.
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=C.UTF-8 LC_ALL=C.UTF-8 QT_QPA_PLATFORM=offscreen
SHARED=${SHARED:-../shared}
step() { echo "ci-bundle: $*"; }

if ! command -v makensis > /dev/null && command -v apt-get > /dev/null && [ "$(id -u)" = 0 ]; then
  apt-get install -y -qq --no-install-recommends nsis > /dev/null \
    || { apt-get update -qq && apt-get install -y -qq --no-install-recommends nsis > /dev/null; }
fi
[ "${SKIP_BUILD:-0}" = 1 ] || bash scripts/build-bundle.sh
BUNDLE=dist/taizhang
CLI=$BUNDLE/taizhang-cli
GUI=$BUNDLE/taizhang
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# The frozen program must not lean on the checkout: run it from elsewhere, with its own
# user folders.
export HOME=$T/home XDG_DATA_HOME=$T/home/data XDG_CONFIG_HOME=$T/home/config \
  XDG_STATE_HOME=$T/home/state XDG_CACHE_HOME=$T/home/cache
mkdir -p "$HOME"
ROOT=$PWD
CLI=$ROOT/$CLI GUI=$ROOT/$GUI
cd "$T"

step "demo, plans, dump"
plan=$("$CLI" --db demo.db demo --tasks 30 --months 2 | tail -1)
"$CLI" --db demo.db plans | grep -q "示例县"
PYTHONIOENCODING=cp936 "$CLI" --db demo.db dump --plan "$plan" > plan.json
python3 -c 'import json,sys; d=json.load(open("plan.json",encoding="utf-8")); assert d["region"]=="示例县", d["region"]'

step "export PDF (fonts embedded) and Excel"
"$CLI" --db demo.db export --plan "$plan" --report tasks -o tasks.pdf
"$CLI" --db demo.db export --plan "$plan" --report progress -o progress.xlsx
pdffonts tasks.pdf > fonts.txt
cat fonts.txt
if awk 'NR > 2 && $(NF-4) != "yes" { bad = 1 } END { exit !bad }' fonts.txt; then
  echo "ci-bundle: a font in tasks.pdf is not embedded" >&2; exit 1
fi
[ "$(awk 'NR > 2' fonts.txt | wc -l)" -gt 0 ] || { echo "ci-bundle: no fonts in tasks.pdf" >&2; exit 1; }
python3 -c 'import zipfile; assert "xl/workbook.xml" in zipfile.ZipFile("progress.xlsx").namelist()'

step "import $SHARED/fixtures/youxian.docx"
imported=$("$CLI" --db import.db import "$ROOT/$SHARED/fixtures/youxian.docx" 2> import-warnings.txt | tail -1)
"$CLI" --db import.db dump --plan "$imported" > imported.json
python3 -c 'import json; d=json.load(open("imported.json",encoding="utf-8")); assert len(d["tasks"]) > 0'

step "upgrade of a 0001 ledger (with a backup)"
"$ROOT/.venv/bin/python" - <<'PY'
import sqlite3
from db.migrate import upgrade
from db.session import to_url
upgrade(to_url("old.db"), "0001")
raw = sqlite3.connect("old.db")
raw.execute("insert into plan (title, region, issuing_body, goals_text, number_style, created_at,"
            " version) values ('示例县旧方案', '示例县', '', '', 'paren', '2026-01-01', 1)")
raw.commit()
PY
"$CLI" --db old.db plans | grep -q "示例县旧方案"
"$ROOT/.venv/bin/python" - <<'PY'
import sqlite3
from pathlib import Path
from db.backups import backups_dir
head = sqlite3.connect("old.db").execute("select version_num from alembic_version").fetchone()[0]
backups = sorted(backups_dir(Path("old.db").resolve()).glob("*.db"))
assert backups, "no backup made before the upgrade"
old = sqlite3.connect(backups[0]).execute("select version_num from alembic_version").fetchone()[0]
assert old == "0001" and head != "0001", (old, head)
print(f"ci-bundle: upgraded 0001 -> {head}, backup {backups[0].name} kept at 0001")
PY

step "window started offscreen and closed"
TAIZHANG_QUIT_AFTER_SHOW=1 "$GUI" --db demo.db
if grep -q "未处理的异常" "$XDG_STATE_HOME"/taizhang/log/taizhang.log 2>/dev/null; then
  cat "$XDG_STATE_HOME"/taizhang/log/taizhang.log >&2; exit 1
fi

step "start-up time, bundle against the venv (best of 3)"
best() {  # best wall time in ms of 3 runs of "$@"
  python3 - "$@" <<'PY'
import subprocess, sys, time
runs = []
for _ in range(3):
    t = time.perf_counter()
    subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
    runs.append((time.perf_counter() - t) * 1000)
print(f"{min(runs):.0f} ms")
PY
}
echo "ci-bundle: taizhang-cli plans: bundle $(best "$CLI" --db demo.db plans), venv $(best "$ROOT/.venv/bin/taizhang" --db demo.db plans)"
export TAIZHANG_QUIT_AFTER_SHOW=1
echo "ci-bundle: window shown and closed: bundle $(best "$GUI" --db demo.db), venv $(best "$ROOT/.venv/bin/taizhang-gui" --db demo.db)"
unset TAIZHANG_QUIT_AFTER_SHOW

cd "$ROOT"
step "installer script compiles (makensis, against this bundle)"
bash scripts/build-installer.sh
