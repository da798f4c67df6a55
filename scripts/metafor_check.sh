#!/usr/bin/env bash
# The differential test against metafor with the R on this machine: installs R, metafor
# and lme4 when missing (scripts/r.sh, idempotent), regenerates the reference results
# into a temporary file (same seeds as tests/fixtures/metafor.json) and runs
# tests/metafor_golden.rs against them. `cargo test` alone checks the committed fixture,
# so the comparison runs without R too.
#
#   scripts/metafor_check.sh            # compare with fresh metafor output
#   scripts/metafor_check.sh --update   # also replace the committed fixture
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/r.sh
fresh="$(mktemp --suffix=.json)"
trap 'rm -f "$fresh"' EXIT
Rscript scripts/metafor_reference.R "$fresh"
METAFOR_REFERENCE="$fresh" cargo test --quiet --test metafor_golden -- --nocapture
if [ "${1:-}" = "--update" ]; then
    cp "$fresh" tests/fixtures/metafor.json
    echo "tests/fixtures/metafor.json updated"
fi
