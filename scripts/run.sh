#!/usr/bin/env bash
# README command 1: install what is missing, build, and serve the app at
# http://127.0.0.1:8080 (extra arguments go to `trunk serve`).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
bash scripts/tools.sh
cargo fetch --quiet
echo "[run] serving MSC·HSCT at http://127.0.0.1:8080 (Ctrl-C stops)"
exec trunk serve --release "$@"
