#!/usr/bin/env bash
# Runs every property test of the parsers and the dose arithmetic with 100,000 cases each
# (the test command runs 5,000–20,000), in release mode. Usage: bash scripts/fuzz.sh [cases]
set -euo pipefail
cd "$(dirname "$0")/.."
PROPTEST_CASES="${1:-100000}" cargo test --release --test properties
