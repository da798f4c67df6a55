#!/usr/bin/env bash
# README command 2: install what the tests need, then run every check, stopping at the
# first failure: format, lints (native and wasm), native tests, the differential test
# against metafor (fresh R output), wasm tests in headless Chromium, the release build,
# the size budget and the end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver
START=$(date +%s)
step() { printf '\n\033[1m==> %s\033[0m (%ss)\n' "$*" "$(( $(date +%s) - START ))"; }

step "tools"
bash scripts/tools.sh
bash scripts/browser.sh
cargo fetch --quiet

step "cargo fmt --check"
cargo fmt --all -- --check

step "no function over 80 lines, no file over 600 lines in src (scripts/sizes.py)"
python3 scripts/sizes.py

step "cargo clippy (native, all targets)"
cargo clippy --offline --all-targets -- -D warnings

step "cargo clippy (wasm32, all targets)"
cargo clippy --offline --target wasm32-unknown-unknown --all-targets -- -D warnings

step "cargo test (native)"
cargo test --offline

step "differential test against metafor itself (R, metafor, lme4 from Debian; scripts/metafor_check.sh)"
bash scripts/metafor_check.sh

step "cargo test (wasm32 in headless Chromium)"
cargo test --offline --target wasm32-unknown-unknown --test web

step "trunk build --release"
rm -rf dist
trunk build --release

step "size report"
node scripts/size-report.mjs dist

step "end-to-end tests (Playwright on Debian's Chromium)"
node --test --test-concurrency=1 tests/e2e/

step "all checks passed in $(( $(date +%s) - START ))s"
