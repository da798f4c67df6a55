#!/usr/bin/env bash
# Runs every property test of tests/properties.rs with 100,000 cases each (the test
# command runs 1,000–20,000), in release mode: the dose and quantity parsers, the form,
# the calculator and analysis links (also with hostile query strings), and "my data":
# pasted blocks and CSV files (preview_table/preview_import), JSON files and stored values
# (store::read_text/read_value), link fragments (mine::link::decode + link::entries), and
# encode::csv_field/csv_unneutralise and encode::is_json_number against the csv crate and
# serde_json. Usage: bash scripts/fuzz.sh [cases]
set -euo pipefail
cd "$(dirname "$0")/.."
PROPTEST_CASES="${1:-100000}" cargo test --release --test properties
