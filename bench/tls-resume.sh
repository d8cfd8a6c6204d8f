#!/usr/bin/env bash
# TLS session resumption, measured: instructions (callgrind, x86-64 host) of one
# connection (connect + "GET / HTTP/1.0" + read to the end + close, client side
# only) with a full handshake and with a resumed one, and the TLS arena peak
# of each, against openssl s_server -www (EC P-256 certificate of
# tests/integration/gen_certs.sh). Client: bench/tls_resume.c, -O2, with
#   - mbedTLS 3.6 built from source with the project's config (TLS 1.3 psk_dhe_ke,
#     TLS 1.2 ticket and session id), and once more with ORCA_TLS_TLS13_PSK_KE=1
#     (TLS 1.3 psk_ke, against a server with -allow_no_dhe_kex);
#   - Debian's mbedTLS 2.28 (TLS 1.2 only).
# Steps per row: HOST forget HOST HOST -> connection 2 is a full handshake,
# connection 3 a resumed one (connection 1 also pays first-use costs; not shown).
# Usage: bash bench/tls-resume.sh      Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_packages build-essential cmake dpkg-dev libcmocka-dev libjsmn-dev libmbedtls-dev openssl \
  python3 valgrind
src=$(bash scripts/fetch-mbedtls.sh | tail -n 1)
out=build-bench/tls-resume
mkdir -p "$out"
build() { # DIR CMAKE-ARGS...
  local dir="$1"; shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$dir" -j "$(orca_jobs)" --target orca_tls_resume >/dev/null
}
build "$out/m36" -DORCA_MBEDTLS_SOURCE_DIR="$PWD/$src"
build "$out/m36-pskke" -DORCA_MBEDTLS_SOURCE_DIR="$PWD/$src" -DCMAKE_C_FLAGS=-DORCA_TLS_TLS13_PSK_KE=1
build "$out/m228"
certs="$out/certs"
bash tests/integration/gen_certs.sh "$certs" >/dev/null

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# row LABEL BUILD S_SERVER-ARGS...: one table row.
row() {
  local label="$1" build="$2"; shift 2
  local port pid dir lines
  port=$(free_port)
  openssl s_server -quiet -www -accept "127.0.0.1:$port" -cert "$certs/server.pem" \
    -key "$certs/server.key" "$@" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  dir=$(mktemp -d "$out/cg.XXXX")
  lines=$(valgrind --tool=callgrind --toggle-collect=bench_connection \
    --dump-after=bench_connection --callgrind-out-file="$dir/cg" \
    "$build/tests/orca_tls_resume" "$port" "$certs/ca.pem" localhost forget localhost localhost \
    2>/dev/null)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  python3 - "$label" "$dir" "$lines" <<'PY'
import glob, re, sys
label, d, lines = sys.argv[1], sys.argv[2], sys.argv[3]
def ir(path):
    for line in open(path):
        if line.startswith(("summary:", "totals:")):
            return int(line.split()[1])
dumps = sorted(glob.glob(d + "/cg.*"), key=lambda p: int(p.rsplit(".", 1)[1]))
conns = re.findall(r"version=(\S+) resumed=(\d) server=(\S+) arena_peak=(-?\d+)", lines)
if len(dumps) != 3 or len(conns) != 3 or conns[1][1] != "0" or conns[2][1] != "1":
    sys.exit("%s: unexpected run: %s %s" % (label, dumps, lines))
full, res = ir(dumps[1]), ir(dumps[2])
peak = lambda c: "%s B" % c[3] if c[3] != "-1" else "n/a"
print("| %s | %s | %s | %s | %.1f %% | %s | %s |" % (label, conns[2][0], format(full, ","),
      format(res, ","), 100.0 * res / full, peak(conns[1]), peak(conns[2])))
PY
  rm -rf "$dir"
}

echo "| client, resumption | TLS | full handshake (Ir) | resumed (Ir) | resumed / full | arena peak full | arena peak resumed |"
echo "|---|---|---:|---:|---:|---:|---:|"
row "mbedTLS 3.6, TLS 1.3 ticket, psk_dhe_ke (default)" "$out/m36"
row "mbedTLS 3.6, TLS 1.3 ticket, psk_ke (ORCA_TLS_TLS13_PSK_KE=1)" "$out/m36-pskke" -allow_no_dhe_kex
row "mbedTLS 3.6, TLS 1.2 session ticket" "$out/m36" -tls1_2
row "mbedTLS 3.6, TLS 1.2 session id" "$out/m36" -tls1_2 -no_ticket
row "mbedTLS 2.28 (Debian), TLS 1.2 session ticket" "$out/m228" -tls1_2
row "mbedTLS 2.28 (Debian), TLS 1.2 session id" "$out/m228" -tls1_2 -no_ticket
