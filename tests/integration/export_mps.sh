#!/bin/sh
# tests/integration/export_mps.sh: `grainflow export --mps` end to end.
#   GF=build/grainflow sh tests/integration/export_mps.sh   (tests/run.sh sets GF)
# Writes the MIP of tests/data/v2_hub (a hub that pays by consolidating two
# part-laden ships into one: total USD 12,700 by hand, see below) and of
# v2_milling, and checks that Debian's cbc and glpsol --freemps read the
# file and find objective + constant = that total; --without H gives the
# no-hub optimum (USD 13,000); usage errors exit 2 naming what is wrong,
# and a file that cannot be written leaves nothing behind. Needs cbc and
# glpsol (tools/install-deps); exits 77 (skipped) without them.
set -u
GF=${GF:-build/grainflow}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
checks=0

fail() {
    echo "export_mps: FAILED: $*"
    for f in "$tmp/out" "$tmp/err"; do
        [ -s "$f" ] && { echo "--- $(basename "$f"):"; cat "$f"; }
    done
    exit 1
}

for tool in cbc glpsol; do
    command -v $tool >/dev/null 2>&1 || { echo "export_mps: $tool not installed; skipped"; exit 77; }
done

# run WANT_RC ARGS...
run() {
    want=$1
    shift
    "$GF" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    [ "$rc" -eq "$want" ] || fail "grainflow $* exited $rc, expected $want"
    checks=$((checks + 1))
}

# total FILE: objective + constant, as cbc and glpsol find it, in cents
cbc_total() {
    c=$(sed -n 's/.*constant \([-0-9]*\)$/\1/p' "$1" | head -n 1)
    cbc "$1" -solve -solu "$tmp/cbc.sol" >/dev/null 2>&1 || fail "cbc could not solve $1"
    head -n 1 "$tmp/cbc.sol" | grep -q '^Optimal' || fail "cbc: $(head -n 1 "$tmp/cbc.sol")"
    awk -v c="$c" 'NR == 1 { printf "%.0f\n", $NF + c }' "$tmp/cbc.sol"
}
glpk_total() {
    c=$(sed -n 's/.*constant \([-0-9]*\)$/\1/p' "$1" | head -n 1)
    glpsol --freemps "$1" -o "$tmp/glpk.sol" >/dev/null 2>&1 || fail "glpsol could not read $1"
    grep -q 'INTEGER OPTIMAL\|OPTIMAL' "$tmp/glpk.sol" || fail "glpsol: $(grep Status "$tmp/glpk.sol")"
    sed -n 's/^Objective: *COST = *\([-0-9.e+]*\).*/\1/p' "$tmp/glpk.sol" |
        awk -v c="$c" '{ printf "%.0f\n", $1 + c }'
}

# v2_hub by hand: 100 t at USD 100; direct, two 50 t ships (USD 1,000 each)
# + USD 10/t = 3,000; through H, one 100 t ship (500) + 10/t + road 2/t +
# the small option's USD 1,000 a year = 2,700. Total 10,000 + 2,700.
run 0 export --mps "$tmp/hub.mps" tests/data/v2_hub
grep -q '^NAME' "$tmp/hub.mps" || fail "no NAME line in the MPS file"
grep -q "'INTORG'" "$tmp/hub.mps" || fail "no integer markers in the MIP"
[ "$(cbc_total "$tmp/hub.mps")" = 1270000 ] || fail "cbc total $(cbc_total "$tmp/hub.mps"), want 1270000"
[ "$(glpk_total "$tmp/hub.mps")" = 1270000 ] || fail "glpsol total $(glpk_total "$tmp/hub.mps")"
checks=$((checks + 2))

run 0 export --mps "$tmp/nohub.mps" tests/data/v2_hub --without H
[ "$(cbc_total "$tmp/nohub.mps")" = 1300000 ] || fail "without H: cbc $(cbc_total "$tmp/nohub.mps")"
[ "$(glpk_total "$tmp/nohub.mps")" = 1300000 ] || fail "without H: glpsol $(glpk_total "$tmp/nohub.mps")"
checks=$((checks + 2))

run 0 export --mps "$tmp/relax.mps" tests/data/v2_hub --relax
grep -q "'INTORG'" "$tmp/relax.mps" && fail "--relax still marks integer columns"
checks=$((checks + 1))

# an LP (several products, a conversion): the two readers agree
run 0 export --mps "$tmp/mill.mps" tests/data/v2_milling
[ "$(cbc_total "$tmp/mill.mps")" = "$(glpk_total "$tmp/mill.mps")" ] || fail "milling: cbc and glpsol differ"
checks=$((checks + 1))

run 2 export tests/data/v2_hub
grep -q -- "--mps FILE is required" "$tmp/err" || fail "no message for a missing --mps"
run 2 export --mps "$tmp/x.mps" tests/data/v2_hub --without M1
grep -q "'M1' is not a hub facility" "$tmp/err" || fail "no message for --without a non-hub"
run 2 export --mps "$tmp/no/such/dir/x.mps" tests/data/v2_hub
grep -q "cannot write" "$tmp/err" || fail "no message for an unwritable file"
[ -z "$(ls "$tmp" | grep '^x\.mps')" ] || fail "a failed export left a file behind"
run 0 export --help
grep -q "usage: grainflow export --mps FILE" "$tmp/out" || fail "--help does not show the usage"

echo "export_mps: ok ($checks checks)"
