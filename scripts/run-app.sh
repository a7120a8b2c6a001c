#!/usr/bin/env bash
# Set up (if needed) and launch taizhang on the embedded default database
# (taizhang.db in the user data folder). Extra arguments go to the program, e.g. --db FILE.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export LANG=${LANG:-C.UTF-8}
exec .venv/bin/taizhang "$@"
