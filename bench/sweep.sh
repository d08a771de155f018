#!/bin/sh
# bench/sweep.sh: grainflow sweep on the default scenario: warm re-solves
# per second per core, threads and MPI scaling, and memory against runs.
#
#   bench/sweep.sh [RUNS]          (make bench-sweep; RUNS default 10000)
#
# The spec is examples/sweep-freight-fob.json (sea freight, rail tariff, the
# alternative suppliers' FOB, the harvest) with "runs" set to RUNS. Every run
# is timed whole by /usr/bin/time (wall seconds, peak RSS), each one after
# the other on this machine:
#   cold    reference: `grainflow plan` on the default scenario, 20 times
#           (read, build, solve cold, extract the whole plan, print): what a
#           sweep would cost without warm re-solves
#   j1      grainflow sweep -j 1: runs/s per core (target >= 1,000)
#   j2      grainflow sweep -j 2: speed-up over j1 (target >= 1.8x)
#   mpi2    mpirun -np 2 grainflow-mpi sweep -j 1: against j2 (target: within 10 %)
#   rss     grainflow sweep -j 1 with RUNS / 10 and RUNS runs: peak RSS of
#           both (target: flat, the larger within 10 % of the smaller)
# Every sweep writes its run table to -o; the script checks that j1, j2 and
# mpi2 wrote byte-identical runs.csv. A sweep's time includes reading the
# scenario, writing runs.csv and the store, the summary and the tornado.
# Exit status: 0 when the tables agree (a missed target does not change it),
# 1 when they differ or a run failed, 2 on a setup error.
set -u
cd "$(dirname "$0")/.." || exit 2
RUNS=${1:-10000}
GF=build/grainflow
GFMPI=build/grainflow-mpi
[ -x "$GF" ] || { echo "bench/sweep.sh: build $GF first (make)"; exit 2; }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# The target is the network-simplex sweep: the default corridor's version-1
# build (plan and sweep without a DIR take GF_DATA_DIR's folder).
GF_DATA_DIR="$PWD/data/kz-ma-africa-v1"
export GF_DATA_DIR
status=0

spec() { sed "s/\"runs\": [0-9]*/\"runs\": $1/" examples/sweep-freight-fob.json >"$2"; }
spec "$RUNS" "$tmp/spec.json"
spec $((RUNS / 10)) "$tmp/small.json"

# timed NAME CMD...: wall seconds, peak RSS (KiB), user and system CPU
# seconds (of the process and its children: mpirun's ranks) into $tmp/NAME.time
timed() {
    name=$1
    shift
    /usr/bin/time -f "%e %M %U %S" -o "$tmp/$name.time" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" || {
        echo "bench/sweep.sh: $name failed:"
        cat "$tmp/$name.err"
        status=1
    }
}
wall() { cut -d' ' -f1 "$tmp/$1.time"; }
rss() { cut -d' ' -f2 "$tmp/$1.time"; }
cpu() { awk '{ printf "%.2f", $3 + $4 }' "$tmp/$1.time"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

echo "bench/sweep.sh: $RUNS Monte Carlo runs of examples/sweep-freight-fob.json on data/kz-ma-africa-v1"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

t0=$(date +%s.%N)
for i in $(seq 20); do "$GF" plan >/dev/null || status=1; done
t1=$(date +%s.%N)
cold=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", 20 / (b - a) }')

timed j1 "$GF" sweep "$tmp/spec.json" -j 1 -o "$tmp/j1"
timed j2 "$GF" sweep "$tmp/spec.json" -j 2 -o "$tmp/j2"
if [ -x "$GFMPI" ] && command -v mpirun >/dev/null 2>&1; then
    timed mpi2 mpirun --oversubscribe -np 2 "$GFMPI" sweep "$tmp/spec.json" -j 1 -o "$tmp/mpi2"
else
    echo "bench/sweep.sh: grainflow-mpi or mpirun missing: no MPI figure"
fi
timed small "$GF" sweep "$tmp/small.json" -j 1 -o "$tmp/small"

cmp -s "$tmp/j1/runs.csv" "$tmp/j2/runs.csv" || { echo "runs.csv: j1 and j2 differ"; status=1; }
if [ -f "$tmp/mpi2.time" ]; then
    cmp -s "$tmp/j1/runs.csv" "$tmp/mpi2/runs.csv" || { echo "runs.csv: j1 and mpi2 differ"; status=1; }
fi

r1=$(awk -v n="$RUNS" -v t="$(wall j1)" 'BEGIN { printf "%.0f", n / t }')
r2=$(awk -v n="$RUNS" -v t="$(wall j2)" 'BEGIN { printf "%.0f", n / t }')
printf "%-40s %9s %9s %9s %10s\n" "" "wall s" "CPU s" "runs/s" "peak RSS"
printf "%-40s %9s %9s %9s %10s\n" "cold: grainflow plan (reference), 20 runs" "" "" "$cold" ""
printf "%-40s %9s %9s %9s %8s K\n" "sweep -j 1, $RUNS runs" "$(wall j1)" "$(cpu j1)" "$r1" \
    "$(rss j1)"
printf "%-40s %9s %9s %9s %8s K\n" "sweep -j 2, $RUNS runs" "$(wall j2)" "$(cpu j2)" "$r2" \
    "$(rss j2)"
if [ -f "$tmp/mpi2.time" ]; then
    rm=$(awk -v n="$RUNS" -v t="$(wall mpi2)" 'BEGIN { printf "%.0f", n / t }')
    printf "%-40s %9s %9s %9s %8s K\n" "mpirun -np 2 sweep -j 1, $RUNS runs" "$(wall mpi2)" \
        "$(cpu mpi2)" "$rm" "$(rss mpi2)"
fi
printf "%-40s %9s %9s %9s %8s K\n" "sweep -j 1, $((RUNS / 10)) runs" "$(wall small)" \
    "$(cpu small)" "" "$(rss small)"
# Per core: runs per CPU second of the one-thread sweep (the wall clock
# says the same on an idle machine; on a shared one only the CPU time is
# this process's). Scaling: the wall-clock ratio, and the ratio of CPU
# time spent (2 x j1 CPU / j2 CPU: the speed-up two idle cores would give).
pc=$(awk -v n="$RUNS" -v t="$(cpu j1)" 'BEGIN { printf "%.0f", n / t }')
echo
echo "runs per CPU second (j1):     $pc   (target >= 1000; wall: $r1 runs/s, $(ratio "$r1" "$cold")x the cold plan)"
echo "2 threads / 1 thread:         wall $(ratio "$(wall j1)" "$(wall j2)")x, CPU $(ratio "$(awk -v a="$(cpu j1)" 'BEGIN { print 2 * a }')" "$(cpu j2)")x   (target >= 1.8)"
if [ -f "$tmp/mpi2.time" ]; then
    echo "mpirun -np 2 / 2 threads:     wall $(ratio "$(wall j2)" "$(wall mpi2)")x, CPU $(ratio "$(cpu j2)" "$(cpu mpi2)")x   (target >= 0.90)"
fi
echo "peak RSS $RUNS / $((RUNS / 10)) runs:  $(ratio "$(rss j1)" "$(rss small)")x   (target <= 1.10)"
echo "tables identical (j1, j2, mpi2): $([ "$status" -eq 0 ] && echo yes || echo NO)"
exit "$status"
