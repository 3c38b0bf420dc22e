#!/usr/bin/env bash
# Builds the release web bundle exactly as `scripts/serve.sh` deploys it and records figures in
# docs/benchmarks.md. bench/load.mjs measures its download size and load time. bench/perf.mjs
# serves it with nginx and deploy/nginx.conf and measures the throttled load, frame time, draw
# calls and memory for the bundled and a generated 500-booth exhibition. bench/xr.mjs compares
# the VR path's frame cost with the desktop path's.
# Not a test: figures depend on the machine. The perf run took 18 minutes on 2 cores with a
# release build, most of it visiting the 500-booth exhibition's booths one by one.
# Usage: scripts/benchmark.sh [RUNS]   (RUNS: load.mjs runs, default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --release
source scripts/env.sh

# nginx and its Brotli static module, from Debian. Only the benchmark needs them, so they are
# installed here and not by scripts/setup.sh, which the tests run too. On a system with an init
# system, installing nginx also starts Debian's default site on port 80. The benchmark does not
# use it, because it runs its own nginx on a free port of 127.0.0.1.
if ! command -v nginx >/dev/null || [ ! -e /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ]; then
  sudo=
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get install -y --no-install-recommends nginx libnginx-mod-http-brotli-static
fi

dist="$EXPO_HALL_CACHE/dist-release"
trunk build --release --dist "$dist"
node bench/load.mjs "$dist" "${1:-3}"
node bench/perf.mjs "$dist" --build "release (trunk build --release)" --json "$EXPO_HALL_CACHE/perf-release.json"
node bench/xr.mjs "$dist" 30 "release (trunk build --release)"
