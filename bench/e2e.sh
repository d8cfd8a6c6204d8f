#!/usr/bin/env bash
# End to end: N keep-alive GETs over loopback against nginx (started here on
# free ports, plain HTTP and TLS with a generated certificate), orca
# (orca_http_exchange + orca_posix + orca_mbedtls on Debian's mbedTLS) against
# libcurl (OpenSSL), in one run. Reports client instructions per request
# (callgrind, steady state: the difference between two request counts, so
# start-up and the TLS handshake cancel out) and the wall-time ratio over many
# requests (median of 5 alternating orca/libcurl pairs). Ratios only, never bare times.
# Usage: bash bench/e2e.sh [REQUESTS_FOR_WALL_TIME]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_packages build-essential cmake nginx openssl libcurl4-openssl-dev libmbedtls-dev \
  libjsmn-dev valgrind python3

wall_n="${1:-5000}"
out="$(pwd)/build-bench/e2e"
rm -rf "$out"
mkdir -p "$out/www" "$out/nginx"

# orca's libraries as a user builds them (-O2), then the two clients.
# Warnings are the test stages' business: a warning GCC only finds at -O3 must
# not stop a measurement.
cmake -S . -B "$out/orca" -DCMAKE_BUILD_TYPE=Release -DORCA_BUILD_TESTS=OFF \
  -DORCA_BUILD_EXAMPLES=OFF -DORCA_WERROR=OFF >/dev/null
cmake --build "$out/orca" -j "$(orca_jobs)" >/dev/null
gcc -std=c99 -O2 -D_POSIX_C_SOURCE=200809L -Icore/include -Iport/posix/include -Iport/mbedtls/include \
  -o "$out/orca_get" bench/e2e/orca_get.c \
  "$out/orca/port/mbedtls/liborca_mbedtls.a" "$out/orca/port/posix/liborca_posix.a" \
  "$out/orca/core/liborca_core.a" -lmbedtls -lmbedx509 -lmbedcrypto
gcc -std=c99 -O2 -o "$out/curl_get" bench/e2e/curl_get.c -lcurl

# A JSON list body as the PCA API returns it (the bytes of the chunked sample).
python3 - "$out/www/instances.json" <<'PY'
import sys
raw = open("bench/responses/chunked-list.http", "rb").read().split(b"\r\n\r\n", 1)[1]
body, rest = b"", raw
while True:
    size, rest = rest.split(b"\r\n", 1)
    n = int(size, 16)
    if n == 0:
        break
    body, rest = body + rest[:n], rest[n + 2:]
open(sys.argv[1], "wb").write(body)
PY
body_len=$(stat -c %s "$out/www/instances.json")

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
  -keyout "$out/nginx/key.pem" -out "$out/nginx/cert.pem" -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" 2>/dev/null

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
http_port=$(free_port)
https_port=$(free_port)
while [ "$https_port" = "$http_port" ]; do https_port=$(free_port); done
cat > "$out/nginx/nginx.conf" <<CONF
worker_processes 1;
error_log $out/nginx/error.log;
pid $out/nginx/nginx.pid;
events { worker_connections 64; }
http {
  access_log off;
  default_type application/json;
  keepalive_requests 1000000;
  keepalive_timeout 60s;
  client_body_temp_path $out/nginx; proxy_temp_path $out/nginx; fastcgi_temp_path $out/nginx;
  uwsgi_temp_path $out/nginx; scgi_temp_path $out/nginx;
  server {
    listen 127.0.0.1:$http_port;
    listen 127.0.0.1:$https_port ssl;
    ssl_certificate $out/nginx/cert.pem;
    ssl_certificate_key $out/nginx/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    root $out/www;
  }
}
CONF
nginx -p "$out/nginx" -c "$out/nginx/nginx.conf"
stop_nginx() { [ -f "$out/nginx/nginx.pid" ] && kill "$(cat "$out/nginx/nginx.pid")" 2>/dev/null || true; }
trap stop_nginx EXIT
for _ in $(seq 50); do
  python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $https_port), 0.2)" 2>/dev/null && break
  sleep 0.1
done

ca="$out/nginx/cert.pem"
path=/instances.json
run() {  # run orca|curl http|https N
  local port=$http_port tls=0 scheme=http
  [ "$2" = https ] && { port=$https_port; tls=1; scheme=https; }
  if [ "$1" = orca ]; then
    "$out/orca_get" localhost "$port" "$tls" "$ca" "$path" "$3" "$body_len"
  else
    "$out/curl_get" "$scheme://localhost:$port$path" "$ca" "$3" "$body_len"
  fi
}
per_request() {  # per_request orca|curl http|https: steady-state Ir per request
  local a b
  a=$(valgrind_run "$1" "$2" 20)
  b=$(valgrind_run "$1" "$2" 220)
  echo $(( (b - a) / 200 ))
}
valgrind_run() {
  local cg="$out/cg-$1-$2-$3.out" port=$http_port tls=0 scheme=http
  [ "$2" = https ] && { port=$https_port; tls=1; scheme=https; }
  if [ "$1" = orca ]; then
    valgrind --tool=callgrind --callgrind-out-file="$cg" "$out/orca_get" localhost "$port" "$tls" \
      "$ca" "$path" "$3" "$body_len" >/dev/null 2>"$out/valgrind.log"
  else
    valgrind --tool=callgrind --callgrind-out-file="$cg" "$out/curl_get" \
      "$scheme://localhost:$port$path" "$ca" "$3" "$body_len" >/dev/null 2>"$out/valgrind.log"
  fi || { cat "$out/valgrind.log" >&2; return 1; }
  awk '/^summary:/ { print $2 }' "$cg"
}
elapsed_ns() {  # elapsed_ns orca|curl http|https: wall time of N requests (ratios only)
  local t0 t1
  t0=$(date +%s%N); run "$1" "$2" "$wall_n" >/dev/null; t1=$(date +%s%N)
  echo $((t1 - t0))
}
wall_ratio() {  # wall_ratio http|https: median over 5 alternating pairs of curl time / orca time
  local i
  for i in 1 2 3 4 5; do
    awk -v o="$(elapsed_ns orca "$1")" -v c="$(elapsed_ns curl "$1")" 'BEGIN { print c / o }'
  done | sort -g | sed -n 3p
}

# Both clients must work before anything is measured.
for c in orca curl; do for s in http https; do run "$c" "$s" 3; done; done

printf '\n%d-byte JSON body, keep-alive, loopback, nginx %s; orca on mbedTLS %s, libcurl %s on OpenSSL:\n\n' \
  "$body_len" "$(nginx -v 2>&1 | sed 's|.*/||')" "$(dpkg-query -W -f='${Version}' libmbedtls-dev | cut -d- -f1)" \
  "$(curl-config --version | cut -d' ' -f2)"
echo "| transport | orca instr./request | libcurl instr./request | libcurl ÷ orca (instructions) | libcurl ÷ orca (wall time, $wall_n requests, median of 5 pairs) |"
echo "|---|---:|---:|---:|---:|"
for s in http https; do
  o=$(per_request orca "$s"); c=$(per_request curl "$s")
  w=$(wall_ratio "$s")
  awk -v s="$s" -v o="$o" -v c="$c" -v w="$w" \
    'BEGIN { printf "| %s | %d | %d | %.2f | %.2f |\n", s, o, c, c / o, w }'
done
echo
echo "Ratios above 1: orca is faster (goal)."
