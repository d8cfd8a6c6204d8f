#!/usr/bin/env bash
# Line and branch coverage of core/ and port/ over the unit, vector and
# integration tests (everything ctest runs), per file, as a table.
#
#   bash scripts/coverage.sh              build-cov/, table on stdout
#   ORCA_COVERAGE_MIN_LINES=95 ORCA_COVERAGE_MIN_BRANCHES=85 bash scripts/coverage.sh
#                                         also fails when core/ is below either
#
# GCC --coverage -O0 (branches as gcov counts them, with -fno-exceptions-style
# C code: every conditional jump of the source), gcovr from Debian.
# Also writes build-cov/coverage.txt (the table) and build-cov/coverage.json.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_packages build-essential cmake gcovr libcmocka-dev libjsmn-dev libmbedtls-dev \
  openssl nginx python3 libpsl-dev publicsuffix
ensure_links "build-essential libmbedtls-dev libcmocka-dev" \
  gcc --coverage -lmbedtls -lmbedx509 -lmbedcrypto -lcmocka

dir=build-cov
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS="--coverage -O0" \
  -DCMAKE_EXE_LINKER_FLAGS=--coverage >/dev/null
cmake --build "$dir" -j "$(orca_jobs)" >/dev/null
# Counters of an earlier run would add up with this one.
find "$dir" -name '*.gcda' -delete
ctest --test-dir "$dir" --output-on-failure -j "$(orca_jobs)"

# One gcovr pass over the objects of the libraries (the counters of core and
# the ports, whichever test ran them); the table is made from its JSON summary
# so core/ and port/ each get their own total. test_status_other's second
# build of status.c (texts the other way) is left out: gcovr 5.2 cannot merge
# two builds of one file whose functions sit on different lines.
gcovr --root . --filter 'core/' --filter 'port/' --exclude-unreachable-branches \
  --json-summary-pretty -o "$dir/coverage.json" "$dir/core" "$dir/port"
python3 - "$dir/coverage.json" "${ORCA_COVERAGE_MIN_LINES:-0}" \
  "${ORCA_COVERAGE_MIN_BRANCHES:-0}" <<'EOF' | tee "$dir/coverage.txt"
import json, sys
data = json.load(open(sys.argv[1]))
min_lines, min_branches = float(sys.argv[2]), float(sys.argv[3])
def pct(c, t):
    return 100.0 * c / t if t else 100.0
print("| file | lines | line % | branches | branch % |")
print("|---|---:|---:|---:|---:|")
totals = {}
for f in sorted(data["files"], key=lambda f: f["filename"]):
    name = f["filename"]
    area = name.split("/")[0]
    t = totals.setdefault(area, [0, 0, 0, 0])
    t[0] += f["line_covered"]; t[1] += f["line_total"]
    t[2] += f["branch_covered"]; t[3] += f["branch_total"]
    print("| %s | %d/%d | %.1f | %d/%d | %.1f |" % (
        name, f["line_covered"], f["line_total"], pct(f["line_covered"], f["line_total"]),
        f["branch_covered"], f["branch_total"], pct(f["branch_covered"], f["branch_total"])))
for area, t in sorted(totals.items()):
    print("| **%s/ total** | %d/%d | %.1f | %d/%d | %.1f |" % (
        area, t[0], t[1], pct(t[0], t[1]), t[2], t[3], pct(t[2], t[3])))
core = totals.get("core", [0, 0, 0, 0])
if pct(core[0], core[1]) < min_lines or pct(core[2], core[3]) < min_branches:
    print("coverage FAILED: core/ below %.1f %% lines or %.1f %% branches"
          % (min_lines, min_branches), file=sys.stderr)
    sys.exit(1)
EOF
