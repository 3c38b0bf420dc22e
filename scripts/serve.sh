#!/usr/bin/env bash
# Builds the release web bundle with the bundled exhibition and serves it on 127.0.0.1.
# Usage: scripts/serve.sh [--dev] [--port N]
#   --dev     faster build without link-time optimization and wasm-opt, rebuilt on change
#   --port N  port to serve on (default 8080)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh

mode=(--release)
port=8080
while (($#)); do
  case $1 in
    --dev) mode=() ;;
    --port) port=$2; shift ;;
    *) echo "unknown option $1; see the comment at the top of scripts/serve.sh" >&2; exit 2 ;;
  esac
  shift
done
echo "The hall will be at http://127.0.0.1:$port/ once the build finishes (the first build takes several minutes)."
exec trunk serve "${mode[@]}" --port "$port" --address 127.0.0.1
