#!/usr/bin/env bash
# Installs what the tests need (on a fresh machine) and runs every test.
# Usage: scripts/test-all.sh
# Each part has its own script (scripts/test-<part>.sh) that installs its own tools.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo is required (https://rustup.rs)" >&2
  exit 1
fi
start=$(date +%s)
for part in core python wasm fuzz bench; do
  script="scripts/test-$part.sh"
  if [ -x "$script" ]; then
    log "[$part] $script"
    t0=$(date +%s)
    "$script"
    log "[$part] done in $(( $(date +%s) - t0 )) s"
  fi
done
log "all tests passed in $(( $(date +%s) - start )) s"
