#!/usr/bin/env bash
# Runs every test. First the Rust unit and headless ECS tests of the whole workspace, with the
# expo-service tests on a SQLite file and on a throwaway PostgreSQL server. Then the browser
# end-to-end tests in headless Chromium against a fresh web build, some of them against
# expo-service.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh

echo "== Rust tests (workspace; expo-service on SQLite and on PostgreSQL from scripts/postgres.sh)"
scripts/postgres.sh cargo test --workspace --locked

echo "== expo-service for the browser tests"
cargo build --locked -p expo-service
export EXPO_SERVICE_BIN="$CARGO_TARGET_DIR/debug/expo-service"

echo "== Web build for the browser tests"
dist="$EXPO_HALL_CACHE/dist-test"
trunk build --dist "$dist"

echo "== Broken model fixtures"
broken="$EXPO_HALL_CACHE/broken-models"
rm -rf "$broken"
cargo run --locked -q -p exhibit-gen -- --broken "$broken"

echo "== Browser tests (headless Chromium)"
EXPO_DIST="$dist" EXPO_BROKEN_MODELS="$broken" node --test --test-reporter=spec tests/e2e/
