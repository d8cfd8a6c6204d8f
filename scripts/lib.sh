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
