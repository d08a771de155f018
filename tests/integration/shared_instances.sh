#!/bin/sh
# tests/integration/shared_instances.sh: `grainflow solve` on every benchmark
# instance of ../shared/bench/instances/optimal.tsv must find the optimal cost
# that LEMON and CS2 agreed on.
#   GF=build/grainflow sh tests/integration/shared_instances.sh   (tests/run.sh sets GF)
# GF_SHARED_BENCH overrides the instance folder. Skips (exit 77, saying so;
# tests/run.sh counts it, and fails it in CI) when the folder is absent. In an ASan build ($BUILD contains "asan") the
# instances over 20000 nodes are skipped to keep CI time sane.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
GF=${GF:-$ROOT/build/grainflow}
BENCH=${GF_SHARED_BENCH:-$ROOT/../shared/bench/instances}
TSV=$BENCH/optimal.tsv
MAX_NODES=0 # 0: no limit
case "${BUILD:-}" in
*asan*) MAX_NODES=20000 ;;
esac

if [ ! -f "$TSV" ]; then
    echo "shared_instances: skipped: $TSV not found (CI checks ../shared out beside the repo)"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
solved=0
skipped=0
tab=$(printf '\t')

# the header row names the columns; find optimal_cost by name
head -n 1 "$TSV" | tr '\t' '\n' | grep -qx optimal_cost ||
    { echo "shared_instances: FAILED: $TSV has no optimal_cost column"; exit 1; }

while IFS=$tab read -r name nodes arcs cost rest || [ -n "${name:-}" ]; do
    [ "$name" = name ] && continue
    [ -n "$name" ] || continue
    if [ "$MAX_NODES" -gt 0 ] && [ "$nodes" -gt "$MAX_NODES" ]; then
        echo "shared_instances: skip $name ($nodes nodes > $MAX_NODES in an ASan build)"
        skipped=$((skipped + 1))
        continue
    fi
    file=$BENCH/$name.min.gz
    [ -f "$file" ] || file=$BENCH/$name.min
    [ -f "$file" ] || { echo "shared_instances: FAILED: no $name.min(.gz) in $BENCH"; exit 1; }
    "$GF" solve "$file" --json >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ "$rc" -ne 0 ]; then
        cat "$tmp/out" "$tmp/err"
        echo "shared_instances: FAILED: $name: grainflow solve exited $rc"
        exit 1
    fi
    got=$(python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["nodes"] == int(sys.argv[2]) and j["arcs"] == int(sys.argv[3]), "size"
print(j["cost"], "%.3f" % j["solve_seconds"])' "$tmp/out" "$nodes" "$arcs") || {
        cat "$tmp/out"
        echo "shared_instances: FAILED: $name: bad JSON or size (want $nodes nodes, $arcs arcs)"
        exit 1
    }
    if [ "${got% *}" != "$cost" ]; then
        echo "shared_instances: FAILED: $name: cost ${got% *}, optimal_cost is $cost"
        exit 1
    fi
    echo "shared_instances: $name: cost $cost ok (solve ${got#* } s)"
    solved=$((solved + 1))
done <"$TSV"

[ "$solved" -gt 0 ] || { echo "shared_instances: FAILED: no instance in $TSV"; exit 1; }
echo "shared_instances: ok ($solved solved, $skipped skipped)"
