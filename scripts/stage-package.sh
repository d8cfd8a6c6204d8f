#!/usr/bin/env bash
# The installable library: build orca with a config header of its own
# (tests/package/consumer_config.h), install it into a temporary prefix, build
# the consumer (tests/package) against it with find_package(orca) and with
# pkg-config, and as a parent's add_subdirectory(orca); run all three against
# the mock server; compare the version everywhere; build the API docs with
# warnings as errors and compile the main page's device program.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_packages build-essential cmake libjsmn-dev libmbedtls-dev pkgconf doxygen openssl python3
ensure_links "build-essential libmbedtls-dev" gcc -lmbedtls -lmbedx509 -lmbedcrypto
jobs="$(orca_jobs)"
out="$PWD/build-package"
rm -rf "$out"
mkdir -p "$out"
prefix="$(mktemp -d /tmp/orca-prefix.XXXXXX)"
trap 'rm -rf "$prefix"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

echo "-- build and install into $prefix"
cmake -S . -B "$out/orca" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DORCA_BUILD_TESTS=OFF \
  -DORCA_CONFIG_FILE="$PWD/tests/package/consumer_config.h" >/dev/null
cmake --build "$out/orca" -j "$jobs" >/dev/null
cmake --install "$out/orca" --prefix "$prefix" >/dev/null
echo "-- installed files:"
(cd "$prefix" && find . -type f | sed 's|^\./|   |' | sort)

echo "-- consumer with find_package(orca CONFIG REQUIRED)"
cmake -S tests/package/consumer -B "$out/find-package" -DCMAKE_PREFIX_PATH="$prefix" \
  | tee "$out/find-package.log" | grep 'orca '
cmake --build "$out/find-package" -j "$jobs" >/dev/null

echo "-- consumer with pkg-config --cflags --libs orca (tests/package/consumer/Makefile)"
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
echo "   cflags: $(pkg-config --cflags orca)"
echo "   libs:   $(pkg-config --libs orca)"
mkdir -p "$out/pkg-config"
make -s -C tests/package/consumer OUT="$out/pkg-config"

echo "-- consumer in a parent project with add_subdirectory(orca)"
cmake -S tests/package/parent -B "$out/parent" -DORCA_SOURCE_DIR="$PWD" >/dev/null
cmake --build "$out/parent" -j "$jobs" 2>&1 | tee "$out/parent.log" >/dev/null
grep -q "warning: unused variable" "$out/parent.log" \
  || fail "the parent's warning.c gave no warning (the -Werror check checked nothing)"

echo "-- one version everywhere"
version="$(sed -n 's/^project(orca VERSION \([0-9.]*\) .*/\1/p' CMakeLists.txt)"
[ -n "$version" ] || fail "no version in project() of CMakeLists.txt"
[ "$("$prefix/bin/orca" --version)" = "orca $version" ] || fail "orca --version is not orca $version"
[ "$(pkg-config --modversion orca)" = "$version" ] || fail "orca.pc is not version $version"
grep -q "^-- orca $version from " "$out/find-package.log" \
  || fail "find_package(orca) did not report version $version"
echo "   $version: project(), orca --version, orca.pc, orcaConfigVersion.cmake"

echo "-- the consumers sign in to the mock server"
bash tests/integration/gen_certs.sh "$out/certs" >/dev/null
python3 tests/package/package_test.py "$version" "$out/certs" "$out/work" \
  "$out/find-package/orca_consumer" "$out/pkg-config/orca_consumer" \
  "$out/parent/orca_consumer"

echo "-- API docs (doxygen, WARN_AS_ERROR)"
if ! cmake --build "$out/orca" --target docs >"$out/docs.log" 2>&1; then
  cat "$out/docs.log"
  fail "the docs target failed (every public function, member and status needs its comment)"
fi
[ -f "$out/orca/docs/html/index.html" ] || fail "no docs/html/index.html"
echo "   doxygen warnings and errors: $(grep -c 'warning:\|error:' "$out/docs.log" || true)"

echo "-- the main page's device program compiles against the installed headers"
sed -n '/^@code{\.c}$/,/^@endcode$/p' docs/mainpage.md | sed '1d;$d' >"$out/device_program.c"
[ -s "$out/device_program.c" ] || fail "no @code{.c} block in docs/mainpage.md"
eval "gcc -std=c99 -Wall -Wextra -Wpedantic -Werror $(pkg-config --cflags orca) \
  -c '$out/device_program.c' -o '$out/device_program.o'"
echo "package stage passed"
