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
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  if [ -z "${ORCA_APT_UPDATED:-}" ]; then
    # An update may report a failed index and still leave the installs working:
    # the install below is what must succeed.
    apt_locked $sudo apt-get update -qq || true
    export ORCA_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt_locked $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
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
