#!/usr/bin/env bash
# Installs what `make serve` and `make test` need, and nothing that is already
# there. Safe to run again: a second run only checks versions.
#
#   scripts/bootstrap.sh build   # wasm32 target, trunk, wasm-bindgen-cli, wasm-opt,
#                                # the pinned nightly for the release wasm
#   scripts/bootstrap.sh test    # the same, plus Chromium and ChromeDriver
#
# Versions are pinned here and in Cargo.lock; see README.md ("Set-up").
set -euo pipefail

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132
# The release wasm is built with this nightly when it is installed (Makefile,
# SLIM): std rebuilt for size, panics abort without formatting a message.
# Keep it equal to NIGHTLY in the Makefile.
NIGHTLY=nightly-2026-05-20
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TOOLS="$ROOT/.tools"
mode=${1:-build}
# Find what an earlier run installed, whoever calls this script.
export PATH="$TOOLS/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

say() { printf 'bootstrap: %s\n' "$*"; }

# The wasm-bindgen-cli version must equal the wasm-bindgen crate in Cargo.lock.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

ensure_wasm_target() {
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "wasm32-unknown-unknown target: present"
  else
    say "installing the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_trunk() {
  if command -v trunk >/dev/null && trunk --version | grep -q " $TRUNK_VERSION\$"; then
    say "trunk $TRUNK_VERSION: present"
  else
    say "installing trunk $TRUNK_VERSION (a one-time build of about 15 minutes)"
    cargo install "trunk@$TRUNK_VERSION" --locked
  fi
}

ensure_wasm_bindgen() {
  local want
  want=$(wasm_bindgen_version)
  if [ -z "$want" ]; then
    say "no wasm-bindgen in Cargo.lock"; exit 1
  fi
  if command -v wasm-bindgen >/dev/null && wasm-bindgen --version | grep -q " $want\$" \
     && command -v wasm-bindgen-test-runner >/dev/null; then
    say "wasm-bindgen-cli $want: present"
  else
    # Not --locked: the registry lacks one of its pinned dependencies.
    say "installing wasm-bindgen-cli $want"
    cargo install "wasm-bindgen-cli@$want" --force
  fi
}

ensure_wasm_opt() {
  local bin="$TOOLS/node_modules/.bin/wasm-opt"
  if [ -x "$bin" ] && "$bin" --version | grep -q "version $BINARYEN_VERSION"; then
    say "wasm-opt $BINARYEN_VERSION: present"
  else
    say "installing wasm-opt (binaryen@$BINARYEN_VERSION) into .tools/"
    mkdir -p "$TOOLS"
    npm install --prefix "$TOOLS" --no-audit --no-fund --loglevel=error "binaryen@$BINARYEN_VERSION"
  fi
}

ensure_nightly() {
  if rustup toolchain list | grep -q "^$NIGHTLY" \
     && rustup component list --toolchain "$NIGHTLY" --installed | grep -q '^rust-src'; then
    say "$NIGHTLY with rust-src: present"
  else
    say "installing $NIGHTLY with rust-src (the release wasm's std is rebuilt for size)"
    rustup toolchain install "$NIGHTLY" --profile minimal --component rust-src
  fi
}

# Trunk builds with --offline, so every crate the release wasm needs must be in
# cargo's cache first: the project's, and, when the pinned nightly rebuilds
# std, std's own (dlmalloc, addr2line, …; listed in the nightly's rust-src).
# Quick when they are there already.
ensure_crates() {
  say "fetching the crates the release wasm needs (cargo fetch)"
  if rustup toolchain list | grep -q "^$NIGHTLY"; then
    (cd "$ROOT" && RUSTUP_TOOLCHAIN="$NIGHTLY" cargo fetch --target wasm32-unknown-unknown \
      -Zbuild-std=std,panic_abort)
  else
    (cd "$ROOT" && cargo fetch --target wasm32-unknown-unknown)
  fi
}

ensure_chromium() {
  if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
    say "chromium and chromedriver: present"
    return
  fi
  say "installing Debian's chromium and chromium-driver"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y chromium chromium-driver \
    || { $sudo apt-get update && $sudo apt-get install -y chromium chromium-driver; }
}

case "$mode" in
  build) ensure_wasm_target; ensure_trunk; ensure_wasm_bindgen; ensure_wasm_opt; ensure_nightly; ensure_crates ;;
  test) ensure_wasm_target; ensure_trunk; ensure_wasm_bindgen; ensure_wasm_opt; ensure_nightly; ensure_crates; ensure_chromium ;;
  *) echo "usage: $0 build|test" >&2; exit 2 ;;
esac
