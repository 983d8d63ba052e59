#!/usr/bin/env bash
# Regenerate the PKCS#12 test stores of tests/pkcs12.rs with OpenSSL 3 (password "test-pass").
# Self-signed test certificates only; never use these keys for anything else.
#
#   <alg>_pbes2.p12   OpenSSL 3 defaults: PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC), MAC SHA-256
#   <alg>_legacy.p12  -legacy: pbeWithSHA1And3-KeyTripleDES-CBC key, pbeWithSHA1And40BitRC2-CBC
#                     certificates, MAC SHA-1 (what KalkanCrypt writes)
#   two_entries.p12   the RSA and P-256 entries in one store (aliases "rsa" and "p256"),
#                     unencrypted bags, no MAC (composed by compose.py: OpenSSL writes one key)
#   mismatch.p12      the RSA key with the P-256 certificate under the RSA key's localKeyId
#   gost2015.p12, gost2004.p12
#                     the citizen signing key and certificate of egov-sign's GOST test PKIs
#                     (`egov-sign testpki --family gost2015|gost2004`), unencrypted bags, no
#                     MAC (OpenSSL cannot read GOST keys; compose.py writes them)
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
PASS=pass:test-pass
subj() { echo "/CN=egov-sign p12 test $1/serialNumber=IIN123456789011/C=KZ"; }
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$tmp/rsa.key" 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$tmp/p256.key"
openssl genpkey -algorithm ED25519 -out "$tmp/ed25519.key"
for alg in rsa p256 ed25519; do
  openssl req -x509 -new -key "$tmp/$alg.key" -subj "$(subj "$alg")" -days 3650 \
    -addext "keyUsage=critical,digitalSignature,nonRepudiation" -out "$alg.pem"
  openssl pkcs12 -export -inkey "$tmp/$alg.key" -in "$alg.pem" -name "$alg" \
    -passout "$PASS" -out "${alg}_pbes2.p12"
  openssl pkcs12 -export -legacy -inkey "$tmp/$alg.key" -in "$alg.pem" -name "$alg" \
    -passout "$PASS" -out "${alg}_legacy.p12"
  openssl pkcs12 -export -inkey "$tmp/$alg.key" -in "$alg.pem" -name "$alg" \
    -keypbe NONE -certpbe NONE -nomac -passout "$PASS" -out "$tmp/${alg}_plain.p12"
done
python3 compose.py two "$tmp/rsa_plain.p12" "$tmp/p256_plain.p12" two_entries.p12
python3 compose.py mismatch "$tmp/rsa_plain.p12" "$tmp/p256_plain.p12" mismatch.p12
if [ "${GOST:-1}" = 1 ]; then
  for fam in gost2015 gost2004; do
    (cd ../.. && cargo run -q -p egov-sign-cli -- testpki --family "$fam" --out "$tmp/$fam")
    openssl asn1parse -in "$tmp/$fam/citizen_sign.key.pem" -out "$tmp/$fam.key.der" -noout
    openssl x509 -in "$tmp/$fam/citizen_sign.pem" -outform DER -out "$fam.cer" 2>/dev/null \
      || sed '/-----/d' "$tmp/$fam/citizen_sign.pem" | base64 -d > "$fam.cer"
    python3 compose.py plain "$tmp/$fam.key.der" "$fam.cer" "citizen-$fam" "$fam.p12"
  done
fi
