#!/bin/sh
# Regenerate the pool of RSA-2048 test keys embedded by `test_pki` (feature `test-pki`).
# Each key is an unencrypted PKCS#8 "PRIVATE KEY" PEM, which ring's `RsaKeyPair::from_pkcs8`
# and rcgen's `KeyPair::from_pkcs8_pem_and_sign_algo` accept.
#
# These keys are PUBLIC TEST MATERIAL. Never trust anything they sign.
#
# Usage: sh regen.sh   (from any directory)
set -eu
cd "$(dirname "$0")"
i=0
while [ "$i" -lt 8 ]; do
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "rsa$i.pem" 2>/dev/null
    i=$((i + 1))
done
echo "wrote rsa0.pem .. rsa7.pem"
