#!/bin/sh
# tests/integration/sweep_mpi.sh: `mpirun --oversubscribe -np 2 grainflow-mpi
# sweep` on localhost writes the same runs.csv, byte for byte, as one thread
# and as two threads, on an uneven split (the last chain is short and the
# ranks get different numbers of chains), and on a sweep long enough that a
# sender's ring of messages in flight wraps. Exits 77 (skipped) when
# grainflow-mpi was not built (no mpicc); CI has Open MPI, so there it runs.
#   GF=build/grainflow sh tests/integration/sweep_mpi.sh   (from the repository root)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
GF=${GF:-$ROOT/build/grainflow}
GFMPI=$(dirname "$GF")/grainflow-mpi
if [ ! -x "$GFMPI" ] || ! command -v mpirun >/dev/null 2>&1; then
    echo "grainflow-mpi or mpirun missing: build with Open MPI (libopenmpi-dev)"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
# CI runs as root; Open MPI refuses that unless told
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# Sweeps without a DIR: the version-1 build of the default corridor.
GF_DATA_DIR="$ROOT/data/kz-ma-africa-v1"
export GF_DATA_DIR
say() { echo "sweep_mpi: $*"; }

cat >"$tmp/spec.json" <<'JSON'
{"runs": 146, "seed": 11,
 "parameters": [
  {"name": "sea", "what": "link_cost", "op": "multiply", "mode": "sea",
   "how": {"dist": "triangular", "min": 0.85, "mode": 1.0, "max": 1.4}},
  {"name": "fob", "what": "alt_price", "op": "add", "how": {"dist": "normal", "mean": 0, "sd": 6}}],
 "events": [{"name": "ru_closed", "p": 0.2,
   "close": [{"node": "RU_NOVOROSSIYSK", "periods": ["10-17"]}]}]}
JSON

"$GF" sweep "$tmp/spec.json" -j 1 -o "$tmp/j1" >/dev/null 2>"$tmp/err" || {
    cat "$tmp/err"
    say "sweep -j 1 failed"
    exit 1
}
"$GF" sweep "$tmp/spec.json" -j 2 -o "$tmp/j2" >/dev/null 2>&1 || fail=1
# LeakSanitizer (check-asan) would report Open MPI's own allocations at
# exit; the same sweep code is leak-checked by the thread runs.
ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0 mpirun --oversubscribe -np 2 "$GFMPI" sweep \
    "$tmp/spec.json" -o "$tmp/mpi" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" -ne 0 ]; then
    say "mpirun -np 2: exit $rc"
    cat "$tmp/out" "$tmp/err"
    fail=1
fi
grep -qF "on 1 thread x 2 processes" "$tmp/out" || { say "not 2 processes"; cat "$tmp/out"; fail=1; }
for d in j2 mpi; do
    cmp "$tmp/j1/runs.csv" "$tmp/$d/runs.csv" || { say "runs.csv: j1 and $d differ"; fail=1; }
    cmp "$tmp/j1/summary.csv" "$tmp/$d/summary.csv" || { say "summary.csv: j1 and $d differ"; fail=1; }
done
[ "$(wc -l <"$tmp/mpi/runs.csv")" -eq 147 ] || { say "mpi runs.csv: not 146 rows"; fail=1; }

# 3,000 runs of tests/data/tiny (chains of 93): rank 1 sends some 1,500
# messages, more than the 1,024 slots of its ring of sends in flight
# (src/sweep/mpi/sweep_mpi.c), so the ring wraps and reuses its buffers.
cat >"$tmp/many.json" <<'JSON'
{"runs": 3000, "seed": 5,
 "parameters": [
  {"name": "freight", "what": "link_cost", "op": "multiply",
   "how": {"dist": "uniform", "min": 0.5, "max": 1.5}},
  {"name": "fob", "what": "alt_price", "op": "add", "how": {"dist": "normal", "mean": 0, "sd": 20}}]}
JSON
"$GF" sweep "$tmp/many.json" "$ROOT/tests/data/tiny" -j 1 -o "$tmp/many1" >/dev/null 2>&1 || {
    say "tiny sweep -j 1 failed"
    fail=1
}
ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0 mpirun --oversubscribe -np 2 "$GFMPI" sweep \
    "$tmp/many.json" "$ROOT/tests/data/tiny" -o "$tmp/many2" >"$tmp/out" 2>"$tmp/err" || {
    say "mpirun -np 2, 3,000 runs: failed"
    cat "$tmp/out" "$tmp/err"
    fail=1
}
cmp "$tmp/many1/runs.csv" "$tmp/many2/runs.csv" || { say "3,000 runs: j1 and mpi differ"; fail=1; }
[ "$(wc -l <"$tmp/many2/runs.csv")" -eq 3001 ] || { say "mpi runs.csv: not 3,000 rows"; fail=1; }
[ "$fail" -eq 0 ] && say ok
exit "$fail"
