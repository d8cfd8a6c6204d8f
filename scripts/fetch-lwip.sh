#!/usr/bin/env bash
# Fetches the lwIP 2.2 source from Debian's source archive (trixie) into
# third_party/ and prints the unpacked tree's path on the last line.
# Only a deb-src entry is added, so no binary package ever comes from trixie.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

dest="third_party"
marker="src/include/lwip/opt.h"
existing=$(ls -d "$dest"/lwip-2.2* 2>/dev/null | head -n 1 || true)
if [ -n "$existing" ] && [ -f "$existing/$marker" ]; then
  echo "lwIP source already present"
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
# then unpacks and applies Debian's patches (--no-check: no keyring for the
# .dsc signature is needed).
(cd "$dest" && apt_locked apt-get source -qq --download-only lwip/trixie \
  && dpkg-source -x --no-check lwip_2.2*.dsc >/dev/null)
existing=$(ls -d "$dest"/lwip-2.2* 2>/dev/null | head -n 1 || true)
if [ -z "$existing" ] || [ ! -f "$existing/$marker" ]; then
  echo "lwIP 2.2 source not found after apt-get source" >&2
  exit 1
fi
echo "$existing"
