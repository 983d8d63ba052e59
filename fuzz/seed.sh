#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with seeds: the committed ones (fuzz/seeds/), the fixture's
# (written by the verify_request binary, which must be built), and testdata/ (regenerated
# by testdata/regen.sh). Idempotent; the corpus is git-ignored.
set -euo pipefail
cd "$(dirname "$0")"
bin=${FUZZ_BIN_DIR:-target/x86_64-unknown-linux-gnu/release}
targets="envelope_parse verify_request crl certificate_chain document_json decode_blobs sign_mutate gost_verify certificate_diff pkcs12 tsp_ocsp xml_document xml_parse_c14n xml_verify"
for t in $targets; do mkdir -p "corpus/$t"; done
if [ -d seeds ]; then for t in $targets; do [ -d "seeds/$t" ] && cp -n seeds/$t/* "corpus/$t/" 2>/dev/null || true; done; fi
if [ -x "$bin/verify_request" ]; then
  EGOV_FUZZ_WRITE_SEEDS="$PWD/corpus" "$bin/verify_request" -runs=0 >/dev/null 2>&1
fi
td=../testdata
if [ -d "$td" ]; then
  for f in "$td"/envelopes/*; do
    cp -n "$f" corpus/envelope_parse/ ; cp -n "$f" corpus/decode_blobs/
    case "$f" in *.p7s) cp -n "$f" corpus/verify_request/ ;; esac
  done
  for f in "$td"/pki/*.crl "$td"/nca/*.crl; do cp -n "$f" corpus/crl/; done
  for f in "$td"/xml/*/*.xml; do cp -n "$f" corpus/xml_parse_c14n/; cp -n "$f" corpus/xml_verify/; done
  for f in "$td"/nca/*.tst "$td"/nca/*.ocsp; do cp -n "$f" corpus/tsp_ocsp/; done
  for f in "$td"/pki/*.pem; do
    case "$f" in *.key.pem) ;; *) cp -n "$f" corpus/certificate_chain/; cp -n "$f" corpus/decode_blobs/ ;; esac
  done
  # certificate_diff takes DER.
  for f in "$td"/pki/*.pem; do
    case "$f" in *.key.pem) ;; *)
      out="corpus/certificate_diff/$(basename "$f" .pem).der"
      [ -e "$out" ] || sed '/-----/d' "$f" | base64 -d > "$out" ;;
    esac
  done
  for f in "$td"/pki/*.json; do cp -n "$f" corpus/document_json/; done
  for f in "$td"/xml/documents/*.xml "$td"/xml/documents/*.json "$td"/pki/*.json; do cp -n "$f" corpus/xml_document/; done
  for f in "$td"/p12/*.p12 "$td"/nca/*.p12; do cp -n "$f" corpus/pkcs12/; done
fi
nca=../../shared/nca-test-pki
if [ -d "$nca" ]; then
  for f in "$nca"/*.cer "$nca"/*.crt "$nca"/*.crl; do
    case "$f" in *2015*|*2022*) p='\006' ;; *) p='\007' ;; esac
    { printf "$p"; cat "$f"; } > "corpus/gost_verify/$(basename "$f").seed"
  done
  for f in "$nca"/*.cer "$nca"/*.crt; do
    if [ "$(head -c 1 "$f")" = "-" ]; then sed '/-----/d' "$f" | base64 -d; else cat "$f"; fi \
      > "corpus/certificate_diff/$(basename "$f").der"
  done
fi
for t in $targets; do printf '%-18s %s seeds\n' "$t" "$(ls "corpus/$t" | wc -l)"; done
