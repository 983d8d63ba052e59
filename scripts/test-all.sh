#!/usr/bin/env bash
# Installs what the tests need (on a fresh machine) and runs every test.
# Usage: scripts/test-all.sh
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n==> %s\n' "$*"; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# --- set-up -----------------------------------------------------------------------------
if ! command -v openssl >/dev/null 2>&1; then
  log "installing openssl (interoperability tests)"
  as_root apt-get update -qq
  as_root apt-get install -y -qq openssl
fi
if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo is required (https://rustup.rs)" >&2
  exit 1
fi
rustup component add rustfmt clippy >/dev/null 2>&1 || true

# --- checks -----------------------------------------------------------------------------
log "cargo fmt --check"
cargo fmt --all -- --check

log "cargo clippy (all targets, all features, -D warnings)"
cargo clippy --workspace --all-targets --all-features -- -D warnings

log "cargo test (workspace, all features)"
cargo test --workspace --all-features

log "CLI demo"
cargo run -q -p egov-sign-cli -- demo >/dev/null

log "all tests passed"
