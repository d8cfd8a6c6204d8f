#!/usr/bin/env bash
# The test command: installs what it needs, builds, runs every test.
# Usage: bash scripts/test.sh [stage...]   (default: every stage below)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

# Each stage is one script; a stage whose script does not exist yet is skipped.
ALL_STAGES=(host sanitize mbedtls36 fuzz cross presets package lwip coverage proofs)
stages=("$@")
[ ${#stages[@]} -eq 0 ] && stages=("${ALL_STAGES[@]}")

failed=()
for s in "${stages[@]}"; do
  script="scripts/stage-$s.sh"
  if [ ! -f "$script" ]; then
    echo "== stage $s: no $script yet, skipped"
    continue
  fi
  echo "== stage $s"
  if ! bash "$script"; then
    failed+=("$s")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED stages: ${failed[*]}"
  exit 1
fi
echo "all stages passed: ${stages[*]}"
