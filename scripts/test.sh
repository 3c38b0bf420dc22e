#!/usr/bin/env bash
# Runs every test: Rust unit and headless ECS tests for the whole workspace, then the browser
# end-to-end tests in headless Chromium against a fresh web build.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh

echo "== Rust tests (workspace)"
cargo test --workspace --locked

echo "== Web build for the browser tests"
dist="$EXPO_HALL_CACHE/dist-test"
trunk build --dist "$dist"

echo "== Broken model fixtures"
broken="$EXPO_HALL_CACHE/broken-models"
rm -rf "$broken"
cargo run --locked -q -p exhibit-gen -- --broken "$broken"

echo "== Browser tests (headless Chromium)"
EXPO_DIST="$dist" EXPO_BROKEN_MODELS="$broken" node --test --test-reporter=spec tests/e2e/
