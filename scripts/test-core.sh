#!/usr/bin/env bash
# The Rust workspace: formatting, clippy, every test, the CLI demo.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
command -v openssl >/dev/null 2>&1 || apt_install openssl
# xmllint validates the XML documents against schemas/housing-1.xsd (tests/xml_document.rs).
command -v xmllint >/dev/null 2>&1 || apt_install libxml2-utils
export EGOV_REQUIRE_XMLLINT=1
# xmlsec1: the independent XMLDSig peer of tests/xml_interop.rs (fails, never skips, without it).
command -v xmlsec1 >/dev/null 2>&1 || apt_install xmlsec1
rustup component add rustfmt clippy >/dev/null 2>&1 || true

log "cargo fmt --check"
cargo fmt --all -- --check
log "cargo clippy (workspace, all targets, all features, -D warnings)"
cargo clippy --workspace --all-targets --all-features -- -D warnings
log "cargo doc (workspace, no warnings: broken or private intra-doc links, missing docs)"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --all-features
log "cargo test (workspace, all features)"
cargo test --workspace --all-features
log "CLI demo"
cargo run -q -p egov-sign-cli -- demo >/dev/null
log "GOST constant-time signing test (dudect-style Welch t-test, release build; issue 17)"
cargo run --release -q -p egov-sign-benches --bin gost-ct
