#!/usr/bin/env bash
# Fuzzing smoke run: installs cargo-fuzz (nightly) if missing, builds every fuzz target,
# seeds the corpora, runs each target for FUZZ_TIME seconds (default 20) and replays every
# kept regression input. Idempotent. A crash fails the script (libFuzzer exits non-zero)
# and leaves the input under fuzz/artifacts/<target>/.
#   FUZZ_TIME=600 scripts/test-fuzz.sh          # a longer run
#   FUZZ_TARGETS="crl verify_request" scripts/test-fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

FUZZ_TIME=${FUZZ_TIME:-20}
ALL_TARGETS="envelope_parse verify_request crl certificate_chain document_json decode_blobs sign_mutate gost_verify certificate_diff gost_arith pkcs12 tsp_ocsp xml_document xml_parse_c14n xml_verify"
FUZZ_TARGETS=${FUZZ_TARGETS:-$ALL_TARGETS}

# Toolchain: nightly (cargo-fuzz needs -Z flags) and cargo-fuzz, from crates.io.
command -v cc >/dev/null 2>&1 && command -v c++ >/dev/null 2>&1 || apt_install build-essential
if ! rustup toolchain list | grep -q '^nightly'; then
  log "rustup toolchain install nightly"
  rustup toolchain install nightly --profile minimal
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  log "cargo install cargo-fuzz"
  cargo +nightly install cargo-fuzz --locked
fi

cd fuzz
# -s none: the core forbids unsafe code, so AddressSanitizer mostly slows the Rust code
# down; libFuzzer's coverage guidance, panics and debug assertions (overflow checks, -a)
# are what find bugs here. Use `cargo fuzz run <target>` (ASan) for a deeper run.
log "cargo fuzz build (release, debug assertions, no sanitizer)"
cargo +nightly fuzz build -s none -a
bin=target/x86_64-unknown-linux-gnu/release
# The fuzz crate is outside the workspace: lint it here (stable clippy, like the workspace).
log "cargo clippy (fuzz crate)"
cargo clippy -q --all-targets -- -D warnings

log "seed corpora"
./seed.sh

dict_for() {
  case "$1" in
    document_json) echo "-dict=dict/json.dict" ;;
    xml_*) echo "-dict=dict/xml.dict" ;;
    sign_mutate) echo "" ;;
    *) echo "-dict=dict/der.dict" ;;
  esac
}

status=0
summary=()
for t in $FUZZ_TARGETS; do
  # Regressions first: every kept input must pass (each run once).
  if compgen -G "regressions/$t/*" >/dev/null; then
    log "$t: replay regressions/$t"
    "$bin/$t" regressions/$t/* >/dev/null 2>&1 || { echo "REGRESSION FAILS: $t"; status=1; }
  fi
  log "$t: fuzz for ${FUZZ_TIME}s"
  mkdir -p "artifacts/$t" "corpus/$t"
  log_file="artifacts/$t/last-run.log"
  # shellcheck disable=SC2046
  if "$bin/$t" "corpus/$t" $(dict_for "$t") -max_total_time="$FUZZ_TIME" -rss_limit_mb=2048 \
      -timeout=10 -max_len=65536 -print_final_stats=1 -artifact_prefix="artifacts/$t/" \
      >"$log_file" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log_file")
    eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log_file")
    summary+=("$(printf '%-18s ok     %10s runs %8s exec/s' "$t" "$runs" "$eps")")
  else
    tail -40 "$log_file"
    summary+=("$(printf '%-18s CRASH  see fuzz/artifacts/%s/' "$t" "$t")")
    status=1
  fi
done
log "fuzz summary (${FUZZ_TIME}s per target)"
printf '%s\n' "${summary[@]}"
exit $status
