#!/usr/bin/env bash
# The WebAssembly binding: builds the web / bundler / nodejs packages (wasm-bindgen +
# wasm-opt -Oz), checks the TypeScript types, runs the node test suite and the end-to-end
# test of the demo page in headless chromium. Installs everything it needs (idempotent).
# Set EGOV_WASM_BENCH=1 to also print the wasm-vs-native verifyRequest timing.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
REPO=$(pwd)
W=bindings/wasm

# --- tools -----------------------------------------------------------------------------
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || apt_install nodejs npm
if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "Node >= 20 is required (playwright-core); found $(node --version)" >&2
  exit 1
fi
# ring's C/asm parts for wasm32 need clang; the e2e test needs chromium.
apt_install clang chromium chromium-driver
rustup target list --installed | grep -qx wasm32-unknown-unknown \
  || rustup target add wasm32-unknown-unknown
# wasm-bindgen-cli must be exactly the version of the wasm-bindgen crate in Cargo.lock.
BG_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$BG_VERSION" ]; then
  log "cargo install wasm-bindgen-cli $BG_VERSION"
  cargo install -q wasm-bindgen-cli --version "$BG_VERSION"
fi
# npm side: binaryen (wasm-opt; Debian's v108 breaks wasm-bindgen output), typescript,
# playwright-core (drives /usr/bin/chromium; never downloads a browser).
if [ ! -f $W/node_modules/.package-lock.json ] || [ $W/package-lock.json -nt $W/node_modules/.package-lock.json ]; then
  log "npm ci ($W)"
  (cd $W && npm ci --no-audit --no-fund --loglevel=error)
fi

# --- build -----------------------------------------------------------------------------
# Size (issue 4: <= 1,000,000 bytes after wasm-opt): everything at opt-level "z" except the
# binding crate at 3 — it is the LTO root, so its level is the level of the link-time
# optimisation of the whole module (the crates at "z" keep their size attributes) — and ring
# at "s" — it computes the SHA-256 of the certificates, CRLs and content in wasm on every path,
# and the signature primitives of the wasm path (see bindings/wasm/README.md for the measured
# sizes and speeds of the alternatives).
log "cargo build (wasm32-unknown-unknown, release, LTO)"
export CARGO_PROFILE_RELEASE_LTO=true CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 \
  CARGO_PROFILE_RELEASE_PANIC=abort CARGO_PROFILE_RELEASE_OPT_LEVEL=${EGOV_WASM_OPT_LEVEL:-z}
# An opt-level for --config: a number, or a quoted "s" / "z".
toml_level() { case $1 in [0-3]) echo "$1" ;; *) echo "\"$1\"" ;; esac; }
cargo build -q --release --target wasm32-unknown-unknown -p egov-sign-wasm \
  --config "profile.release.package.egov-sign-wasm.opt-level=$(toml_level "${EGOV_WASM_BINDING_OPT_LEVEL:-3}")" \
  --config "profile.release.package.ring.opt-level=$(toml_level "${EGOV_WASM_RING_OPT_LEVEL:-s}")"
RAW=target/wasm32-unknown-unknown/release/egov_sign_wasm.wasm
for t in web bundler nodejs; do
  log "wasm-bindgen --target $t"
  rm -rf $W/pkg/$t
  wasm-bindgen --target $t --out-dir $W/pkg/$t $RAW
done
# The three targets get the same module: optimize it once (wasm-opt -Oz), copy it to each.
cmp -s $W/pkg/web/egov_sign_wasm_bg.wasm $W/pkg/nodejs/egov_sign_wasm_bg.wasm
cmp -s $W/pkg/web/egov_sign_wasm_bg.wasm $W/pkg/bundler/egov_sign_wasm_bg.wasm
log "wasm-opt -Oz"
"$W/node_modules/.bin/wasm-opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
  -o $W/pkg/egov_sign_wasm_bg.wasm.opt $W/pkg/web/egov_sign_wasm_bg.wasm
for t in web bundler nodejs; do cp $W/pkg/egov_sign_wasm_bg.wasm.opt $W/pkg/$t/egov_sign_wasm_bg.wasm; done
rm $W/pkg/egov_sign_wasm_bg.wasm.opt
# The nodejs target is CommonJS, inside a "type": "module" package.
echo '{ "type": "commonjs" }' > $W/pkg/nodejs/package.json
SIZE=$(stat -c %s $W/pkg/web/egov_sign_wasm_bg.wasm)
log "wasm size: $(stat -c %s $RAW) bytes from cargo, $SIZE bytes after wasm-opt -Oz ($(gzip -9c $W/pkg/web/egov_sign_wasm_bg.wasm | wc -c) gzipped)"
# Limit: 1,200,000 (was 1,300,000 in stop 12, 1,000,000 before). The module grew from 840,472 to
# 1,267,099 bytes with the embedded KZ calendar 2015-2027 (~100 KB of JSON with sources), the
# PKCS#12 ciphers and KDFs, and the fixed-width GOST arithmetic; embedding the calendar as a
# compact constant table (data/calendar/kz/compact.rs) brought it to 1,178,828. Stop 13 added
# several signers and co-signing (1,226,256) and RFC 3161 time-stamps and OCSP (1,295,040:
# the verifier's token and OCSP checks were still dead code then, no JS option configured TSA
# anchors or OCSP responses). Issue 16's binding API (tsaAnchors, ocspResponses,
# revocationSource: +18.8 KB of the core's checks now reachable; verifyTimestampToken,
# verifyOcspResponse: +20.5 KB; timestampRequest, embedTimestamp, ocspRequest: +14.4 KB) made
# it 1,348,913: limit 1,360,000. Issue 18's signed XML (verify / verifyRequest auto-detect XML,
# signXml, toXml, fromXml) links the XML stack — roxmltree (the tree), bergshamra-c14n on its own
# parser uppsala (C14N), the XMLDSig verifier and the XML form of the documents — and made it
# 1,684,704 (632,054 gzipped; per-part figures in bindings/wasm/README.md). Merged with the
# long-term form, the per-family path budget, the embedded-evidence budget and the GOST
# verification field (stop 14), the final CI measured 1,726,587 (649,157 gzipped): limit 1,740,000.
# Issue 19: the documents' dates read and written by hand (time's format-description
# interpreter no longer linked, -77 KB) made room for inspect(): 1,666,645.
# Back under 1,000,000 is still an open item (see the wasm README; C14N on roxmltree alone
# would drop uppsala).
MAX=${EGOV_WASM_MAX_SIZE:-1740000}
if [ "$SIZE" -gt "$MAX" ]; then
  echo "the .wasm is $SIZE bytes, above the limit of $MAX (EGOV_WASM_MAX_SIZE)" >&2
  exit 1
fi

log "tsc --noEmit (generated declarations + test/types-check.ts)"
(cd $W && node_modules/.bin/tsc --noEmit --strict --target es2022 --lib esnext,dom \
  --module nodenext --moduleResolution nodenext --skipLibCheck false test/types-check.ts)

# --- fixtures: a fresh test PKI from the native CLI, the demo material for www/ ---------
log "test PKI (egov-sign testpki) and demo material"
cargo build -q -p egov-sign-cli
export EGOV_SIGN_CLI="$REPO/target/debug/egov-sign"
rm -rf $W/test-output && mkdir -p $W/test-output
for f in p256 rsa; do "$EGOV_SIGN_CLI" testpki --out $W/test-output/pki-$f --family $f >/dev/null; done
node $W/tools/make-demo.mjs $W/test-output/pki-p256
# Time-stamps and OCSP responses of the core's test TSA and responder, and the native reports
# the wasm ones must equal (test/evidence.test.mjs).
for f in p256 rsa; do
  cargo run -q -p egov-sign-wasm --example evidence_fixtures -- $W/test-output/evidence-$f $f
done

# --- tests -----------------------------------------------------------------------------
log "node --test (acceptance scenarios, API, end-to-end in chromium)"
(cd $W && node --test test/*.test.mjs)
log "screenshots: $(ls $W/test-output/*.png | tr '\n' ' ')"

if [ "${EGOV_WASM_BENCH:-0}" = 1 ]; then
  log "bench: verifyRequest wasm (node) vs native"
  node $W/bench/compare.mjs
fi
