#!/usr/bin/env bash
# Installs whatever the build and the tests need and is missing: the pinned Rust toolchain and
# wasm target, trunk, wasm-bindgen-cli of the version in Cargo.lock, wasm-opt (binaryen 116),
# Debian's Chromium, CJK fonts, ffmpeg and PostgreSQL server (for the expo-service tests), and
# the npm packages from package-lock.json.
# Safe to run again: each step checks first and does nothing when its tool is already there.
# Usage: scripts/setup.sh [--release]
#   --release  also install wasm-opt, which only the release build (scripts/serve.sh) runs.
#              Compiling it took 18 minutes on 2 cores, so the test command skips it.
set -euo pipefail
release=
case ${1:-} in
  --release) release=yes ;;
  '') ;;
  *) echo "unknown option $1; see the comment at the top of scripts/setup.sh" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/.."
source scripts/env.sh

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# Rust toolchain named in rust-toolchain.toml, with the wasm target.
toolchain=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)
if ! command -v rustup >/dev/null; then
  echo "rustup is not installed. Install Rust with rustup first (see README.md), then run this again." >&2
  exit 1
fi
if ! rustup run "$toolchain" rustc --version >/dev/null 2>&1 \
   || ! rustup target list --toolchain "$toolchain" --installed | grep -qx wasm32-unknown-unknown; then
  log "installing Rust $toolchain with the wasm32-unknown-unknown target"
  rustup toolchain install "$toolchain" --profile minimal -c rustfmt,clippy -t wasm32-unknown-unknown
fi

# Cargo-installed tools go into a folder of their own, outside the clone, kept between runs.
mkdir -p "$EXPO_TOOLS/bin"
install_crate() { # NAME VERSION BINARY [extra cargo install args]
  local name=$1 version=$2 binary=$3
  shift 3
  if "$EXPO_TOOLS/bin/$binary" --version 2>/dev/null | grep -q "$version"; then
    return
  fi
  log "installing $name $version (a few minutes, once)"
  cargo +"$toolchain" install "$name" --version "=$version" --root "$EXPO_TOOLS" "$@"
}
bindgen_version=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
# wasm-bindgen-cli's lock file names a crate version the registry no longer has, so no --locked.
install_crate wasm-bindgen-cli "$bindgen_version" wasm-bindgen
install_crate trunk 0.22.1 trunk --locked
# Debian's binaryen 108 corrupts wasm-bindgen's externref table; the wasm-opt crate builds 116.
if [ -n "$release" ] && ! "$EXPO_TOOLS/bin/wasm-opt" --version 2>/dev/null | grep -q "version 116"; then
  log "installing wasm-opt (binaryen 116, about 18 minutes, once)"
  cargo +"$toolchain" install wasm-opt --version "=0.116.1" --root "$EXPO_TOOLS" --locked
fi
if ! grep -q "^wasm_bindgen = \"$bindgen_version\"" Trunk.toml; then
  echo "Trunk.toml pins a wasm-bindgen other than $bindgen_version (from Cargo.lock); update [tools] wasm_bindgen." >&2
  exit 1
fi

# Debian packages: Chromium for the browser tests, CJK fonts so Chinese signs render, ffmpeg to
# make the test videos and streams, and the PostgreSQL server that scripts/postgres.sh starts for
# the expo-service tests.
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v ffmpeg >/dev/null || missing+=(ffmpeg)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
if ! command -v initdb >/dev/null && ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
  missing+=(postgresql)
fi
if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
fi

# npm packages exactly as locked.
if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund
fi
log "all tools present"
