#!/usr/bin/env bash
# Benchmarks (benches/, crate egov-sign-benches): build every bench target, then a quick
# run of the main bench and of the CRL memory measurement, so that CI stays fast.
# The full run and the plot: see BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
# OpenSSL (the peer measured in-process through the `openssl` crate) needs its headers.
apt_install libssl-dev pkg-config python3
# The OpenSSL peer is compiled only with this cfg, so that the workspace's
# `cargo clippy/test --all-features` never needs libssl-dev.
export RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }--cfg egov_openssl"

log "cargo bench --no-run (egov-sign-benches)"
cargo bench -p egov-sign-benches --no-run

out="target/bench-quick"
mkdir -p "$out"
# Keep the quick figures apart from a full run's (target/criterion, used by BENCHMARKS.md).
export CRITERION_HOME="$PWD/$out/criterion"

log "quick run: verify_request vs the floor and vs rustls-webpki / OpenSSL (10,000-entry CRLs at most)"
EGOV_BENCH_MAX_CRL=10000 cargo bench -p egov-sign-benches --bench verify -- \
  --warm-up-time 0.2 --measurement-time 0.5 '^(verify/|peers/(rsa2048|p256)/(small|10000)/)'

log "quick CRL memory measurement (10,000 entries)"
EGOV_BENCH_MAX_CRL=10000 cargo run -q --release -p egov-sign-benches --bin crl-mem -- all "$out" "$out/crl-mem.json"

log "summary + plot from the criterion output"
python3 benches/plot.py --criterion "$out/criterion" --mem "$out/crl-mem.json" --out "$out" >/dev/null
test -s "$out/crl-scaling.svg" && test -s "$out/summary.md"
echo "bench: ok ($out/summary.md)"
