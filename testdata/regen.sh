#!/usr/bin/env bash
# Regenerates testdata/: the P-256 test PKI and sample envelopes, with the CLI.
# The material is for parsers and fuzz seeds; its CRLs go stale a week after generation,
# so tests that need fresh revocation data generate their own PKI at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q -p egov-sign-cli
bin=target/debug/egov-sign
rm -rf testdata/pki testdata/envelopes
mkdir -p testdata/envelopes
"$bin" testpki --out testdata/pki --family p256
pki=testdata/pki
sign() { "$bin" sign --key "$pki/$1.key.pem" --cert "$pki/$1.pem" --chain "$pki/ca.pem" "${@:2}"; }
sign citizen_sign --kind request "$pki/request.json" -o testdata/envelopes/request.p7s
sign citizen_sign --kind request --pem "$pki/request.json" -o testdata/envelopes/request.pem
sign citizen_sign --kind request --detached "$pki/request.json" -o testdata/envelopes/request-detached.p7s
sign operator_sign --kind request "$pki/request_con.json" -o testdata/envelopes/request-con.p7s
sign citizen_auth --kind any "$pki/request.json" -o testdata/envelopes/auth-key.p7s
openssl cms -sign -binary -nodetach -outform DER -in "$pki/request.json" -signer "$pki/citizen_sign.pem" \
  -inkey "$pki/citizen_sign.key.pem" -certfile "$pki/ca.pem" -out testdata/envelopes/openssl-request.p7s
openssl cms -sign -binary -nodetach -noattr -outform DER -in "$pki/request.json" -signer "$pki/citizen_sign.pem" \
  -inkey "$pki/citizen_sign.key.pem" -certfile "$pki/ca.pem" -out testdata/envelopes/openssl-noattr.p7s
du -sh testdata/pki testdata/envelopes
