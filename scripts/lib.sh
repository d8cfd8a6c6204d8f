# Shared helpers for the project's scripts; source it, do not run it.

# ensure_packages PKG...: installs the Debian packages that are missing.
# Checks first, so a machine that has them all makes no apt call at all.
ensure_packages() {
  local missing=()
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing: ${missing[*]}"
  apt_install "${missing[@]}"
}

# apt_install [--reinstall] PKG...: apt-get install (after one apt-get update
# per run), without recommends.
apt_install() {
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  if [ -z "${ORCA_APT_UPDATED:-}" ]; then
    # An update may report a failed index and still leave the installs working:
    # the install below is what must succeed.
    apt_locked $sudo apt-get update -qq || true
    export ORCA_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt_locked $sudo apt-get install -y -qq --no-install-recommends "$@"
}

# apt_locked CMD...: runs an apt command under one lock so that parallel
# scripts wait for each other instead of failing on apt's own lock.
apt_locked() {
  if command -v flock >/dev/null 2>&1; then
    flock /tmp/orca-apt.lock "$@"
  else
    "$@"
  fi
}

# jobs for make/ctest
orca_jobs() { nproc 2>/dev/null || echo 2; }

# links CC FLAGS...: 0 when CC (with FLAGS, libraries included) compiles and
# links a trivial program (LINK_PROGRAM, default an empty main); otherwise
# LINK_LOG holds the linker's last lines.
links() {
  local dir rc
  dir="$(mktemp -d)"
  local program='int main(void) { return 0; }'
  [ -n "${LINK_PROGRAM:-}" ] && program="$LINK_PROGRAM"
  printf '%s\n' "$program" >"$dir/t.c"
  "$@" "$dir/t.c" -o "$dir/t" >"$dir/log" 2>&1 && rc=0 || rc=$?
  LINK_LOG="$(tail -n 3 "$dir/log")"
  rm -rf "$dir"
  return "$rc"
}

# ensure_links "PKG..." CC FLAGS...: makes sure CC can link a program with
# FLAGS. A compiler package installed without its C library (or a library
# without its -dev files) is what this catches: when the link fails, PKG...
# are installed (reinstalled if dpkg already lists them) and the link is
# tried again; the stage fails with a message naming the packages otherwise.
ensure_links() {
  local pkgs="$1"; shift
  links "$@" && return 0
  echo "$* cannot link a program (${LINK_LOG//$'\n'/ | }); installing: $pkgs"
  # shellcheck disable=SC2086
  ensure_packages $pkgs || true
  links "$@" && return 0
  # shellcheck disable=SC2086
  apt_install --reinstall $pkgs || true
  links "$@" && return 0
  echo "ERROR: '$*' still cannot link a program: ${LINK_LOG//$'\n'/ | }" >&2
  echo "ERROR: it needs the Debian package(s): $pkgs" >&2
  return 1
}

# fetch_trixie_source NAME SOURCE VERSION MARKER: the Debian source package
# SOURCE (trixie) unpacked, Debian's patches applied, into third_party/; its
# tree (SOURCE-VERSION*, holding the file MARKER) is printed on the last line.
# Only a deb-src entry is added, so no binary package ever comes from trixie;
# a tree already there is used as it is.
fetch_trixie_source() {
  local name="$1" source="$2" version="$3" marker="$4" dest="third_party" existing
  existing=$(ls -d "$dest/$source-$version"* 2>/dev/null | head -n 1 || true)
  if [ -n "$existing" ] && [ -f "$existing/$marker" ]; then
    echo "$name source already present"
    echo "$existing"
    return 0
  fi
  ensure_packages dpkg-dev
  local sudo="" list=/etc/apt/sources.list.d/orca-trixie-src.sources
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  if [ ! -f "$list" ]; then
    printf '%s\n' 'Types: deb-src' 'URIs: http://deb.debian.org/debian' 'Suites: trixie' \
      'Components: main' 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' \
      | $sudo tee "$list" >/dev/null
  fi
  # A failing index of another suite must not stop us: apt-get source decides.
  apt_locked $sudo apt-get update -qq || true
  mkdir -p "$dest"
  # apt checks the downloaded files against the signed Sources index;
  # dpkg-source then unpacks and applies Debian's patches (--no-check: no
  # keyring for the .dsc signature is needed).
  (cd "$dest" && apt_locked apt-get source -qq --download-only "$source/trixie" \
    && dpkg-source -x --no-check "${source}_$version"*.dsc >/dev/null)
  existing=$(ls -d "$dest/$source-$version"* 2>/dev/null | head -n 1 || true)
  if [ -z "$existing" ] || [ ! -f "$existing/$marker" ]; then
    echo "$name $version source not found after apt-get source $source/trixie" >&2
    return 1
  fi
  echo "$existing"
}
