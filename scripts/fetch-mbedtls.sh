#!/usr/bin/env bash
# Fetches the mbedTLS 3.6 LTS source from Debian's source archive (trixie)
# into third_party/ and prints the unpacked tree's path on the last line.
# Only a deb-src entry is added, so no binary package ever comes from trixie.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

dest="third_party"
existing=$(ls -d "$dest"/mbedtls-3.6* 2>/dev/null | head -n 1 || true)
if [ -n "$existing" ] && [ -f "$existing/include/mbedtls/build_info.h" ]; then
  echo "mbedTLS source already present"
  echo "$existing"
  exit 0
fi

ensure_packages dpkg-dev
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
list=/etc/apt/sources.list.d/orca-trixie-src.sources
if [ ! -f "$list" ]; then
  printf '%s\n' 'Types: deb-src' 'URIs: http://deb.debian.org/debian' 'Suites: trixie' \
    'Components: main' 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' \
    | $sudo tee "$list" >/dev/null
fi
# A failing index of another suite must not stop us: apt-get source decides.
apt_locked $sudo apt-get update -qq || true

mkdir -p "$dest"
# apt checks the downloaded files against the signed Sources index; dpkg-source
# then only unpacks (--no-check: no keyring for the .dsc signature is needed).
(cd "$dest" && apt_locked apt-get source -qq --download-only mbedtls/trixie \
  && dpkg-source -x --no-check mbedtls_3.6*.dsc >/dev/null)
existing=$(ls -d "$dest"/mbedtls-3.6* 2>/dev/null | head -n 1 || true)
if [ -z "$existing" ] || [ ! -f "$existing/include/mbedtls/build_info.h" ]; then
  echo "mbedTLS 3.6 source not found after apt-get source" >&2
  exit 1
fi
echo "$existing"
