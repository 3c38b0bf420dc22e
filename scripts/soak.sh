#!/usr/bin/env bash
# Runs the big-screen soak benchmark: the kiosk tour for MINUTES (default 30) in headless
# Chromium, recording memory and entity counts into docs/benchmarks.md. Not a test.
# Usage: scripts/soak.sh [--dev] [MINUTES]
#   --dev  use the faster development build (release code without link-time optimization)
set -euo pipefail
cd "$(dirname "$0")/.."
dev=
if [ "${1:-}" = --dev ]; then dev=yes; shift; fi
if [ -n "$dev" ]; then scripts/setup.sh; else scripts/setup.sh --release; fi
source scripts/env.sh
if [ -n "$dev" ]; then
  dist="$EXPO_HALL_CACHE/dist-soak"
  trunk build --dist "$dist"
  label="development (web-dev profile)"
else
  dist="$EXPO_HALL_CACHE/dist-release"
  trunk build --release --dist "$dist"
  label="release"
fi
node bench/soak.mjs "$dist" "${1:-30}" "$label"
