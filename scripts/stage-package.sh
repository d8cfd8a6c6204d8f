#!/usr/bin/env bash
# The installable library. Twice (system mbedTLS 2.28, and mbedTLS 3.6 built
# from source with the project's config): build orca with a config header of
# its own (tests/package/consumer_config.h), install it into a temporary
# prefix, build the consumer (tests/package) against the install with
# find_package(orca) and with pkg-config. Once more as a parent's
# add_subdirectory(orca). Every consumer signs in to the mock server
# (tests/package/package_test.py). Then: one version everywhere, the API docs
# with warnings as errors, and the main page's device program compiled.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_packages build-essential cmake dpkg-dev libjsmn-dev libmbedtls-dev pkgconf doxygen \
  openssl python3 libpsl-dev publicsuffix
ensure_links "build-essential libmbedtls-dev" gcc -lmbedtls -lmbedx509 -lmbedcrypto
jobs="$(orca_jobs)"
out="$PWD/build-package"
rm -rf "$out"
mkdir -p "$out"
prefixes="$(mktemp -d /tmp/orca-package.XXXXXX)"
trap 'rm -rf "$prefixes"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
version="$(sed -n 's/^project(orca VERSION \([0-9.]*\) .*/\1/p' CMakeLists.txt)"
[ -n "$version" ] || fail "no version in project() of CMakeLists.txt"
bash tests/integration/gen_certs.sh "$out/certs" >/dev/null

# install_and_consume NAME MBEDTLS_VERSION [CMAKE_ARG...]: orca built with the
# arguments and installed into $prefixes/NAME; the consumer built against it
# both ways into $out/NAME-find-package and $out/NAME-pkg-config, and run.
install_and_consume() {
  local name="$1" mbedtls="$2" prefix="$prefixes/$1"
  shift 2
  echo "-- $name: build and install into $prefix"
  cmake -S . -B "$out/$name" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DORCA_BUILD_TESTS=OFF \
    -DORCA_CONFIG_FILE="$PWD/tests/package/consumer_config.h" "$@" >/dev/null
  cmake --build "$out/$name" -j "$jobs" >/dev/null
  cmake --install "$out/$name" --prefix "$prefix" >/dev/null
  echo "-- $name: installed files"
  (cd "$prefix" && find . -type f ! -path './include/orca/mbedtls/*' | sed 's|^\./|   |' | sort)
  [ ! -d "$prefix/include/orca/mbedtls" ] \
    || echo "   include/orca/mbedtls/: $(find "$prefix/include/orca/mbedtls" -type f | wc -l) mbedTLS headers"

  echo "-- $name: consumer with find_package(orca CONFIG REQUIRED)"
  cmake -S tests/package/consumer -B "$out/$name-find-package" -DCMAKE_PREFIX_PATH="$prefix" \
    | tee "$out/$name-find-package.log" | grep '^-- orca '
  cmake --build "$out/$name-find-package" -j "$jobs" >/dev/null
  grep -q "^-- orca $version from " "$out/$name-find-package.log" \
    || fail "find_package(orca) did not report version $version"

  echo "-- $name: consumer with pkg-config --cflags --libs orca (tests/package/consumer/Makefile)"
  echo "   cflags: $(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags orca)"
  echo "   libs:   $(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --libs orca)"
  mkdir -p "$out/$name-pkg-config"
  PKG_CONFIG_PATH="$prefix/lib/pkgconfig" make -s -C tests/package/consumer \
    OUT="$out/$name-pkg-config"
  [ "$(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --modversion orca)" = "$version" ] \
    || fail "orca.pc is not version $version"
  [ "$("$prefix/bin/orca" --version)" = "orca $version" ] || fail "orca --version is not $version"

  echo "-- $name: the consumers sign in to the mock server"
  python3 tests/package/package_test.py "$version" "$mbedtls" "$out/certs" "$out/$name-work" \
    "$out/$name-find-package/orca_consumer" "$out/$name-pkg-config/orca_consumer"
}

install_and_consume system-mbedtls 2.28
src="$(bash scripts/fetch-mbedtls.sh | tail -n 1)"
install_and_consume mbedtls36 3.6 -DORCA_MBEDTLS_SOURCE_DIR="$PWD/$src"
echo "-- one version: $version in project(), version.h, orca --version, orca.pc," \
  "orcaConfigVersion.cmake"

echo "-- the checks refuse what they must"
sp="$prefixes/system-mbedtls"
# Another minor version is not compatible before 1.0 (SameMinorVersion).
next_minor="$(echo "$version" | awk -F. '{print $1 "." $2 + 1}')"
if cmake -S tests/package/consumer -B "$out/wrong-version" -DCMAKE_PREFIX_PATH="$sp" \
     -DCONSUMER_WANTS_ORCA="$next_minor" >"$out/wrong-version.log" 2>&1; then
  fail "find_package(orca $next_minor) accepted orca $version"
fi
grep -q "version: $version" "$out/wrong-version.log" || fail "no version message for $next_minor"
echo "   find_package(orca $next_minor) refused: found $version"
# A component this install lacks fails the find.
mkdir -p "$out/no-component"
printf 'cmake_minimum_required(VERSION 3.16)\nproject(c C)\nfind_package(orca CONFIG REQUIRED COMPONENTS nosuch)\n' \
  >"$out/no-component/CMakeLists.txt"
if cmake -S "$out/no-component" -B "$out/no-component/b" -DCMAKE_PREFIX_PATH="$sp" \
     >"$out/no-component.log" 2>&1; then
  fail "find_package(orca COMPONENTS nosuch) succeeded"
fi
grep -q "orca: no component nosuch in this install" "$out/no-component.log" \
  || fail "find_package(orca COMPONENTS nosuch) failed without naming the component"
echo "   find_package(orca COMPONENTS nosuch) refused"
# Without the config header's definition the consumer must not compile: its
# orca_session would not have the library's layout.
if gcc -std=c99 -I"$sp/include" -c tests/package/consumer/consumer.c -o "$out/no-config.o" \
     >"$out/no-config.log" 2>&1; then
  fail "consumer.c compiled without ORCA_CONFIG_FILE (the layout check checks nothing)"
fi
grep -q "ORCA_CONFIG_FILE did not reach the consumer" "$out/no-config.log" \
  || fail "consumer.c failed without ORCA_CONFIG_FILE, but not on its layout check"
echo "   consumer.c without ORCA_CONFIG_FILE refused (#error: layout differs)"
# version.h and project() disagreeing stops the configure.
mkdir -p "$out/version-copy/core/include/orca"
sed 's/^#define ORCA_VERSION_PATCH .*/#define ORCA_VERSION_PATCH 99/' core/include/orca/version.h \
  >"$out/version-copy/core/include/orca/version.h"
if cmake -DPROJECT_SOURCE_DIR="$out/version-copy" -DPROJECT_VERSION="$version" \
     -P cmake/orcaVersion.cmake >"$out/version-check.log" 2>&1; then
  fail "cmake/orcaVersion.cmake accepted a version.h that says another version"
fi
cmake -DPROJECT_SOURCE_DIR="$PWD" -DPROJECT_VERSION="$version" -P cmake/orcaVersion.cmake \
  || fail "cmake/orcaVersion.cmake refused the tree's own version.h"
echo "   version.h with another patch number refused by cmake/orcaVersion.cmake"

echo "-- consumer in a parent project with add_subdirectory(orca)"
cmake -S tests/package/parent -B "$out/parent" -DORCA_SOURCE_DIR="$PWD" >/dev/null
cmake --build "$out/parent" -j "$jobs" >"$out/parent.log" 2>&1 || { cat "$out/parent.log"; exit 1; }
grep -q "warning: unused variable" "$out/parent.log" \
  || fail "the parent's warning.c gave no warning (the -Werror check checked nothing)"
python3 tests/package/package_test.py "$version" 2.28 "$out/certs" "$out/parent-work" \
  "$out/parent/orca_consumer"

echo "-- API docs (doxygen, WARN_AS_ERROR)"
if ! cmake --build "$out/system-mbedtls" --target docs >"$out/docs.log" 2>&1; then
  cat "$out/docs.log"
  fail "the docs target failed (every public function, member and status needs its comment)"
fi
[ -f "$out/system-mbedtls/docs/html/index.html" ] || fail "no docs/html/index.html"
echo "   doxygen warnings and errors: $(grep -c 'warning:\|error:' "$out/docs.log" || true)"

echo "-- the main page's device program compiles against the installed headers"
sed -n '/^@code{\.c}$/,/^@endcode$/p' docs/mainpage.md | sed '1d;$d' >"$out/device_program.c"
[ -s "$out/device_program.c" ] || fail "no @code{.c} block in docs/mainpage.md"
for name in system-mbedtls mbedtls36; do
  eval "gcc -std=c99 -Wall -Wextra -Wpedantic -Werror \
    $(PKG_CONFIG_PATH="$prefixes/$name/lib/pkgconfig" pkg-config --cflags orca) \
    -c '$out/device_program.c' -o '$out/device_program-$name.o'"
done
echo "package stage passed"
