#!/bin/sh
# tests/integration/compare.sh: grainflow compare end to end: transit only by
# default (a port keeps its own market), --remove, several --without closed
# together, the break-even fee and "no transshipment at any fee >= 0", on the
# hand-worked tests/data/port_transit (figures in tests/unit/test_compare.c)
# and on the default scenario.
#   GF=build/grainflow sh tests/integration/compare.sh   (from the repository root)
set -u
. "$(dirname "$0")/lib.sh"
harness_cli compare

P=$D/port_transit
expect 0 "transit" "$GF" compare "$P" --without P
has "$tmp/out" "with and without P (transit only: own supply and demand kept" "transit"
has "$tmp/out" 'total cost with $7,800.00, without $7,900.00: $100.00 saved by the node' "transit"
# the port's own 80 t stay on both sides
grep -qE '^P +80 +35\.00 +25\.00 +0\.0 \| +80 +35\.00 +25\.00 ' "$tmp/out" || {
    say "transit: P's own 80 t at 35.00 should stay without it"
    cat "$tmp/out"
    fail=1
}
has "$tmp/out" 'break-even handling fee at P: $5.99/t on transshipped tonnes; 100 t go through at its $5.00/t now, none above $5.99/t' "transit"

expect 0 "remove" "$GF" compare "$P" --without P --remove
has "$tmp/out" "with and without P (removed: links, storage, own supply and demand)" "remove"
has "$tmp/out" 'total cost with $7,800.00, without $9,900.00: $2,100.00 saved by the node' "remove"
has "$tmp/out" 'delivered with 180 t, without 100 t' "remove"
has "$tmp/out" 'break-even handling fee at P: $29.99/t on arriving tonnes' "remove"

expect 0 "two nodes" "$GF" compare "$P" --without P --without=P2
has "$tmp/out" "with and without P and P2 (transit only" "two nodes"
has "$tmp/out" 'without $9,300.00: $1,500.00 saved by the nodes' "two nodes"
has "$tmp/out" 'break-even handling fee at P: $5.99/t' "two nodes"
has "$tmp/out" 'break-even handling fee at P2: $3.99/t on transshipped tonnes; none go through at its $5.00/t now; they start at $3.99/t or less' "two nodes"

expect 0 "two nodes --json" "$GF" compare "$P" --without P --without P2 --json
python3 - "$tmp/out" <<'PY' || fail=1
import json, sys
j = json.load(open(sys.argv[1]))
assert j["mode"] == "transit", j["mode"]
assert j["difference_usd"] == 1500.0, j
assert [n["node"] for n in j["nodes"]] == ["P", "P2"], j["nodes"]
assert [n["transshipped_t"] for n in j["nodes"]] == [100, 0], j["nodes"]
assert [n["breakeven_handling_usd_per_t"] for n in j["nodes"]] == [5.99, 3.99], j["nodes"]
assert j["breakeven_handling_usd_per_t"] == 5.99
PY

# the what-if close_transit is compare's "without": the same $7,900.00
expect 0 "close_transit what-if" "$GF" plan "$P" --edit '{"op":"close_transit","node":"P"}'
has "$tmp/out" 'total incl. the alternative purchases            $7,900.00' "close_transit what-if"
expect 2 "close_transit with periods" "$GF" plan "$P" \
    --edit '{"op":"close_transit","node":"P","periods":[1]}'
has "$tmp/err" "--edit #1 periods: error: close_transit closes the node's transshipment in every period" \
    "close_transit with periods"

# P2 -> M at 40.00: nothing goes through P2 even at a zero fee
cp -r "$P" "$tmp/dear"
sed -i 's/^P2,M,sea,2700,14.00,5$/P2,M,sea,2700,40.00,5/' "$tmp/dear/links.csv"
expect 0 "no transshipment" "$GF" compare "$tmp/dear" --without P2 --json
python3 - "$tmp/out" <<'PY' || fail=1
import json, sys
j = json.load(open(sys.argv[1]))
assert j["breakeven_handling_usd_per_t"] is None, j
assert j["nodes"][0]["breakeven_handling_usd_per_t"] is None, j
assert j["difference_usd"] == 0.0, j
PY
expect 0 "no transshipment text" "$GF" compare "$tmp/dear" --without P2
has "$tmp/out" 'P2: no transshipment at any fee >= 0 (now $5.00/t;' "no transshipment text"

# refusals: a node named twice, an unknown node, a node with its own supply
# and demand in transit mode (with a hint), -o
expect 2 "twice" "$GF" compare "$P" --without P --without P
has "$tmp/err" "--without 'P' is given twice" "twice"
expect 2 "unknown" "$GF" compare "$P" --without P --without NOPE
has "$tmp/err" "--without 'NOPE' is not a node id of $P/nodes.csv" "unknown"
cp -r "$P" "$tmp/both"
echo "P,10,10.00" >>"$tmp/both/supply.csv"
expect 2 "both supply and demand" "$GF" compare "$tmp/both" --without P
has "$tmp/err" "node P has both supply and demand rows" "both supply and demand"
has "$tmp/err" "hint: --remove takes such a node out whole" "both supply and demand"
expect 0 "both supply and demand --remove" "$GF" compare "$tmp/both" --without P --remove
expect 2 "-o" "$GF" compare "$P" --without P -o "$tmp/x"
expect 0 "--help" "$GF" compare --help
has "$tmp/out" "--remove        take the whole node out" "--help"
has "$tmp/out" "no" "--help"
has "$tmp/out" "transshipment at any fee >= 0" "--help"

# The default scenario: without the Casablanca hub, Casablanca still gets its
# own tonnes (the same with and without; how many depends on which of the
# equal-cost splits the solver lands on); it transships nothing at any fee.
# Removed, its market goes.
if [ -d "$ROOT/data/kz-ma-africa" ]; then
    K=$ROOT/data/kz-ma-africa
    expect 0 "default transit" "$GF" compare "$K" --without MA_CASABLANCA
    grep -qE '^MA_CASABLANCA +([1-9][0-9,]*) .*\| +\1 ' "$tmp/out" || {
        say "default transit: Casablanca's own tonnes should stay"
        cat "$tmp/out"
        fail=1
    }
    has "$tmp/out" 'MA_CASABLANCA: no transshipment at any fee >= 0 (now $6.00/t;' "default transit"
    has "$tmp/out" 'delivered with 1,807,000 t, without 1,807,000 t' "default transit"
    expect 0 "default remove" "$GF" compare "$K" --without MA_CASABLANCA --remove
    grep -qE '^MA_CASABLANCA +[1-9][0-9,]* .*\| +0 ' "$tmp/out" || {
        say "default remove: Casablanca's market should go"
        cat "$tmp/out"
        fail=1
    }
    expect 0 "default Novorossiysk" "$GF" compare "$K" --without RU_NOVOROSSIYSK --json
    python3 - "$tmp/out" <<'PY' || fail=1
import json, sys
j = json.load(open(sys.argv[1]))
n = j["nodes"][0]
assert n["node"] == "RU_NOVOROSSIYSK" and n["transshipped_t"] == 1807000, n
# it transships at its 12.00 now, so its break-even is at least that
assert n["breakeven_handling_usd_per_t"] >= 12.0, n
assert j["difference_usd"] > 0, j
PY
else
    say "data/kz-ma-africa is missing: the default scenario is part of the repository"
    fail=1
fi

[ "$fail" -eq 0 ] && echo "compare.sh: ok"
exit "$fail"
