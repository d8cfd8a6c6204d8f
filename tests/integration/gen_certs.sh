#!/usr/bin/env bash
# Generates the TLS test PKI with the openssl command into DIR (default ./tls-certs):
#   ca.pem/ca.der          test CA (RSA 2048)
#   server.{pem,key}       localhost + 127.0.0.1 (SAN), EC P-256, signed by the CA
#   server-rsa.{pem,key}   the same with an RSA 2048 key (what cloud endpoints mostly use)
#   wronghost.{pem,key}    wrong.example only, signed by the CA
#   expired.{pem,key}      localhost, valid 2020-01-01 .. 2021-01-01, signed by the CA
#   untrusted.{pem,key}    localhost, signed by another CA (other-ca.pem)
#   twonames.{pem,key}     localhost and alias.localhost (+ 127.0.0.1): one server, two names
#   future.{pem,key}       localhost, valid 2099-01-01 .. 2100-01-01 (not yet valid)
# Keys are unencrypted PKCS#8 PEM. Re-running replaces everything.
set -euo pipefail
dir="${1:-tls-certs}"
mkdir -p "$dir"
cd "$dir"
rm -rf db && mkdir db && : > db/index.txt && echo 1000 > db/serial

make_ca() { # name subject
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.pem" -days 30 \
    -subj "$2" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}

# The ca command is the one way to set past validity dates on OpenSSL 3.0.
cat > ca.cnf <<CNF
[ca]
default_ca = test_ca
[test_ca]
database = db/index.txt
serial = db/serial
new_certs_dir = db
default_md = sha256
policy = any
unique_subject = no
copy_extensions = copy
[any]
commonName = supplied
[server_ext]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
CNF

leaf() { # name ca san [startdate enddate]
  local name=$1 ca=$2 san=$3 start=${4:-} end=${5:-}
  local cn=${san#DNS:}
  cn=${cn%%,*}
  local key=(-newkey ec -pkeyopt ec_paramgen_curve:P-256)
  [ "${keyalg:-ec}" = rsa ] && key=(-newkey rsa:2048)
  openssl req -new "${key[@]}" -nodes -keyout "$name.key" \
    -out "$name.csr" -subj "/CN=$cn" -addext "subjectAltName=$san" 2>/dev/null
  local dates=(-days 30)
  [ -n "$start" ] && dates=(-startdate "$start" -enddate "$end")
  openssl ca -batch -config ca.cnf -cert "$ca.pem" -keyfile "$ca.key" -extensions server_ext \
    "${dates[@]}" -notext -in "$name.csr" -out "$name.pem" 2>/dev/null
  rm -f "$name.csr"
}

make_ca ca "/CN=orca test CA"
make_ca other-ca "/CN=orca untrusted CA"
openssl x509 -in ca.pem -outform DER -out ca.der
leaf server ca "DNS:localhost,IP:127.0.0.1"
keyalg=rsa leaf server-rsa ca "DNS:localhost,IP:127.0.0.1"
leaf wronghost ca "DNS:wrong.example"
leaf expired ca "DNS:localhost,IP:127.0.0.1" 20200101000000Z 20210101000000Z
leaf untrusted other-ca "DNS:localhost,IP:127.0.0.1"
leaf twonames ca "DNS:localhost,DNS:alias.localhost,IP:127.0.0.1"
leaf future ca "DNS:localhost,IP:127.0.0.1" 20990101000000Z 21000101000000Z
echo "certificates in $(pwd)"
