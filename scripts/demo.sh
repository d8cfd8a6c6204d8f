#!/usr/bin/env bash
# The main job: both Oracle sign-in flows with the orca CLI against the mock
# Oracle server over TLS (a CA and a localhost certificate made here).
#   PCA:     login, an authenticated GET, logout
#   Classic: authenticate, a GET, a wait past a short token lifetime, a GET
#            that signs in again by itself; then a GET shortly before expiry
#            that renews with /refresh/
# Every HTTP exchange shows on stderr as "orca: <status> <METHOD> <path>".
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_packages build-essential cmake libcmocka-dev libjsmn-dev libmbedtls-dev openssl python3 \
  libpsl-dev publicsuffix

build=build-demo
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DORCA_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j "$(orca_jobs)" --target orca >/dev/null
orca="$build/orca"
certs="$build/demo-certs"
bash tests/integration/gen_certs.sh "$certs" >/dev/null

log="$build/demo-server.log"
rm -f "$log"
# Classic tokens live 12 s here (margin min(300 s, 12 s / 6) = 2 s) so the demo can outwait one.
python3 tests/server/mock_oracle.py --cert "$certs/server.pem" --key "$certs/server.key" \
  --token-lifetime 12 --log "$log" > "$build/demo-server.port" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  grep -q '^PORT ' "$build/demo-server.port" 2>/dev/null && break
  sleep 0.1
done
port=$(awk '/^PORT /{print $2}' "$build/demo-server.port")
[ -n "$port" ] || { echo "the mock server did not start" >&2; exit 1; }
url="https://localhost:$port"
echo "mock Oracle server (PCA + Classic) on $url, TLS with a CA made by openssl"

# The password travels in the environment, never on the command line.
export ORCA_PASSWORD=secret

echo
echo "== PCA 3.0: login, GET instances, logout"
"$orca" pca --url "$url" --cacert "$certs/ca.pem" --user jdoe --tenancy mytenancy \
  login get '/20160918/instances?compartmentId=ocid1.tenancy.oc1..aaaa' logout

echo
echo "== Compute Classic: authenticate, GET, wait 13 s (token lifetime 12 s), GET (signs in again)"
"$orca" classic --url "$url" --cacert "$certs/ca.pem" --user /Compute-acme/jack.jones@example.com \
  login get /instance/Compute-acme/ wait 13 get /instance/Compute-acme/jack/vm-1

echo
echo "== Compute Classic: GET, wait 11 s (1 s before expiry, inside the 2 s margin), GET (refreshes first)"
"$orca" classic --url "$url" --cacert "$certs/ca.pem" --user /Compute-acme/jack.jones@example.com \
  get /instance/Compute-acme/ wait 11 get /instance/Compute-acme/

echo
echo "== A wrong password: one sign-in attempt, the server's message, exit status 1"
set +e
ORCA_PASSWORD=wrong "$orca" pca --url "$url" --cacert "$certs/ca.pem" --user jdoe \
  --tenancy mytenancy get /20160918/instances
status=$?
set -e
echo "exit status $status"
[ "$status" -eq 1 ] || { echo "expected exit status 1 for a wrong password" >&2; exit 1; }

echo
echo "the server saw $(wc -l < "$log") requests (log: $log)"
