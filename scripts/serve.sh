#!/usr/bin/env bash
# Builds the hall with the bundled exhibition and serves it on 127.0.0.1 with the organizers'
# service (expo-service), which also receives negotiation requests and visit events and serves
# the inbox page at /inbox/. Its SQLite database lives in $EXPO_HALL_CACHE/service.
# Usage: scripts/serve.sh [--dev] [--port N]
#   --dev     faster build without link-time optimization and wasm-opt, rebuilt on change, served
#             by trunk on port N; trunk forwards /api/ to expo-service on port N+1, which also
#             serves the inbox page
#   --port N  port to serve on (default 8080)
set -euo pipefail
cd "$(dirname "$0")/.."
dev=
port=8080
while (($#)); do
  case $1 in
    --dev) dev=yes ;;
    --port) port=$2; shift ;;
    *) echo "unknown option $1; see the comment at the top of scripts/serve.sh" >&2; exit 2 ;;
  esac
  shift
done
if [ -n "$dev" ]; then scripts/setup.sh; else scripts/setup.sh --release; fi
source scripts/env.sh
data_dir="$EXPO_HALL_CACHE/service"

if [ -z "$dev" ]; then
  dist="$EXPO_HALL_CACHE/dist-release"
  echo "The hall will be at http://127.0.0.1:$port/ once the build finishes (the first build takes several minutes)."
  trunk build --release --dist "$dist"
  cargo build --locked --profile service -p expo-service
  service="$CARGO_TARGET_DIR/service/expo-service"
  "$service" precompress "$dist"
  echo "Inbox page: http://127.0.0.1:$port/inbox/ . Create an access token with"
  echo "  $service token create --organizer --data-dir $data_dir"
  exec "$service" --dist "$dist" --listen "127.0.0.1:$port" --data-dir "$data_dir"
fi

service_port=$((port + 1))
cargo build --locked -p expo-service
"$CARGO_TARGET_DIR/debug/expo-service" --listen "127.0.0.1:$service_port" --data-dir "$data_dir" &
service_pid=$!
trap 'kill "$service_pid" 2>/dev/null || true' EXIT
echo "The hall will be at http://127.0.0.1:$port/ once the build finishes; the inbox page is at http://127.0.0.1:$service_port/inbox/ ."
trunk serve --port "$port" --address 127.0.0.1 \
  --proxy-backend "http://127.0.0.1:$service_port/api/" --proxy-rewrite /api/ --proxy-no-system-proxy
