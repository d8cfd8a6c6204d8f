#!/usr/bin/env bash
# Known-answer vectors for OCI request signing, made with openssl at test time
# (nothing stored in the repository): RSA keys in every form the mbedTLS
# signer reads, and openssl's own signatures over the signing strings that
# tests/unit/test_signer_mbedtls.c expects orca to build.
#
# Usage: gen_signing_vectors.sh OUT_DIR
# Writes to OUT_DIR:
#   key.pem (PKCS#8), key-pkcs1.pem, key.der, key-enc.pem (traditional PEM,
#   AES-256-CBC, passphrase in passphrase.txt), key-enc-pkcs8.pem (PBES2,
#   AES-256-CBC), key.pub.pem, fingerprint.txt (MD5 of the DER public key,
#   colon-separated, as OCI shows it), other.pem / other.pub.pem (a second
#   key: the wrong one), ec.pem (not RSA), and for each vector NAME
#   (get, post): NAME.txt (the signing string), NAME.sig (openssl's
#   base64 signature of it with key.pem); post.sha256 (base64 SHA-256 of the
#   POST body).
set -euo pipefail
out="$1"
mkdir -p "$out"
cd "$out"
pass="orca-test-passphrase"
printf '%s' "$pass" >passphrase.txt
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out key.pem 2>/dev/null
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out other.pem 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec.pem 2>/dev/null
openssl pkey -in key.pem -traditional -out key-pkcs1.pem
openssl pkey -in key.pem -outform DER -out key.der
openssl pkey -in key.pem -traditional -aes-256-cbc -passout "pass:$pass" -out key-enc.pem
openssl pkcs8 -topk8 -v2 aes-256-cbc -in key.pem -passout "pass:$pass" -out key-enc-pkcs8.pem
openssl pkey -in key.pem -pubout -out key.pub.pem
openssl pkey -in other.pem -pubout -out other.pub.pem
openssl pkey -in key.pem -pubout -outform DER | openssl md5 -c | sed 's/^.*= //' >fingerprint.txt
grep -q "BEGIN RSA PRIVATE KEY" key-pkcs1.pem
grep -q "DEK-Info: AES-256-CBC" key-enc.pem
grep -q "BEGIN ENCRYPTED PRIVATE KEY" key-enc-pkcs8.pem

# The vectors' requests (the test sends the same): host iaas.example.com on
# the default port, date 2014-01-05T21:31:40Z.
date="Sun, 05 Jan 2014 21:31:40 GMT"
host="iaas.example.com"
body='{"compartmentId":"ocid1.compartment.oc1..aaaa","displayName":"vm-2"}'
digest=$(printf '%s' "$body" | openssl dgst -sha256 -binary | base64 -w0)
printf '%s' "$digest" >post.sha256
printf '%s' "$body" >post.body
printf 'date: %s\n(request-target): get %s\nhost: %s' "$date" \
  '/20160918/instances?compartmentId=ocid1.compartment.oc1..aaaa&limit=2' "$host" >get.txt
printf 'date: %s\n(request-target): post %s\nhost: %s\ncontent-length: %d\ncontent-type: %s\nx-content-sha256: %s' \
  "$date" '/20160918/instances' "$host" "${#body}" "application/json" "$digest" >post.txt
for name in get post; do
  openssl dgst -sha256 -sign key.pem "$name.txt" | base64 -w0 >"$name.sig"
  # openssl agrees with itself: the signature verifies with the public key.
  base64 -d "$name.sig" >"$name.sig.bin"
  openssl dgst -sha256 -verify key.pub.pem -signature "$name.sig.bin" "$name.txt" >/dev/null
done
echo "signing vectors in $out"
