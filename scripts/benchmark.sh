#!/usr/bin/env bash
# Builds the release web bundle exactly as `scripts/serve.sh` deploys it and records its download
# size and load time in docs/benchmarks.md. Not a test: figures depend on the machine.
# Usage: scripts/benchmark.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --release
source scripts/env.sh
dist="$EXPO_HALL_CACHE/dist-release"
trunk build --release --dist "$dist"
node bench/load.mjs "$dist" "${1:-3}"
