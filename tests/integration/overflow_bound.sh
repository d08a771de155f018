#!/bin/sh
# tests/integration/overflow_bound.sh: a scenario at real tonnages is planned,
# not refused for overflow. `tools/gen_scenario.py --scale 1 5000` (5,000
# places, 286k nodes, 1.5M arcs, optimum about $27e9 = 2^51 cents) used to
# fail before solving with "the objective could exceed 2^61" (issue 7
# section 4); it must now plan to an optimum. In an ASan build ($BUILD
# contains "asan") the 1,000-place scenario stands in, to keep CI time sane.
#   GF=build/grainflow sh tests/integration/overflow_bound.sh   (tests/run.sh sets GF)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
GF=${GF:-$ROOT/build/grainflow}
PLACES=5000
case "${BUILD:-}" in
*asan*) PLACES=1000 ;;
esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
say() { echo "overflow_bound: $*"; }

python3 "$ROOT/tools/gen_scenario.py" --scale 1 "$PLACES" "$tmp/syn" >/dev/null || {
    say "FAILED: tools/gen_scenario.py --scale 1 $PLACES did not run"
    exit 1
}
"$GF" plan "$tmp/syn" --json >"$tmp/plan.json" 2>"$tmp/err"
rc=$?
if [ "$rc" -ne 0 ]; then
    cat "$tmp/err"
    say "FAILED: plan of syn-$PLACES at --scale 1 exited $rc"
    exit 1
fi
if grep -q "2^6[0-9]" "$tmp/err"; then
    cat "$tmp/err"
    say "FAILED: an overflow message on a plan that fits"
    exit 1
fi
python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["status"] == "optimal", j["status"]
assert j["delivered_t"] > 10**7 and 0 < j["total_cost_usd"] < 2**61 / 100, j["total_cost_usd"]
print("optimal, $%.2f for %d t delivered" % (j["total_cost_usd"], j["delivered_t"]))
' "$tmp/plan.json" >"$tmp/sum" 2>&1 || {
    cat "$tmp/sum"
    say "FAILED: the plan of syn-$PLACES is not an optimal plan"
    exit 1
}
say "ok: syn-$PLACES at --scale 1: $(cat "$tmp/sum")"
