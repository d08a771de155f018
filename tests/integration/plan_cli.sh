#!/bin/sh
# tests/integration/plan_cli.sh: grainflow plan, validate and compare end to end:
# exit codes, summaries, --json, -o outputs (ogrinfo opens the GeoJSON), and no
# output at all on bad input.
#   GF=build/grainflow sh tests/integration/plan_cli.sh   (from the repository root)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
GF=${GF:-$ROOT/build/grainflow}
D=$ROOT/tests/data
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

say() { echo "plan_cli: $*"; }

# expect <exit code> <name> <command...>: run, keep stdout/stderr in $tmp
expect() {
    want=$1
    name=$2
    shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    if [ "$got" -ne "$want" ]; then
        say "$name: exit $got, expected $want"
        cat "$tmp/out" "$tmp/err"
        fail=1
    fi
}

# has <file> <text> <name>
has() {
    grep -qF -- "$2" "$1" || {
        say "$3: '$2' missing from $(basename "$1")"
        cat "$1"
        fail=1
    }
}

expect 0 "plan tiny" "$GF" plan "$D/tiny"
has "$tmp/out" '$27,200.00' "plan tiny"
has "$tmp/out" 'binds in week 1' "plan tiny"
has "$tmp/out" 'Saving against the alternative suppliers: $800.00 on 100 t (8.00 $/t)' "plan tiny"
has "$tmp/out" 'O -rail-> P -sea-> M' "plan tiny"
has "$tmp/out" 'link O -> P: capacity 100 t, up to $8.00/t' "plan tiny"

expect 0 "plan --json" "$GF" plan "$D/store" --json
python3 - "$tmp/out" <<'PY' || fail=1
import json, sys
j = json.load(open(sys.argv[1]))
for k in ("status", "total_cost_usd", "cost", "delivered_t", "unmet_t", "co2_t", "flows",
          "stocks", "markets", "bottlenecks", "routes"):
    assert k in j, k
assert j["status"] == "optimal"
assert j["total_cost_usd"] == 6850.0, j["total_cost_usd"]
c = j["cost"]
assert abs(sum(c[k] for k in ("procurement_usd", "transport_usd", "handling_usd", "storage_usd",
                              "unmet_usd")) - j["total_cost_usd"]) < 0.005
assert j["stocks"] == [{"node": "H", "period": 2, "t": 50}], j["stocks"]
b = j["bottlenecks"][0]
assert (b["from"], b["period"], b["shadow_usd_per_t"]) == ("H", 2, 11.0), b
routes = sum(r["t"] * r["usd_per_t"] for r in j["routes"])
assert abs(routes + c["unmet_usd"] - j["total_cost_usd"]) < 0.005
PY

out=$tmp/outdir
expect 0 "plan -o" "$GF" plan "$D/hub" -o "$out"
for f in flows.csv markets.csv stocks.csv bottlenecks.csv routes.csv plan.json plan.geojson; do
    [ -s "$out/$f" ] || {
        say "plan -o: $f missing"
        fail=1
    }
done
[ -z "$(ls "$out" | grep tmp)" ] || {
    say "plan -o: temporary files left behind"
    fail=1
}
has "$out/bottlenecks.csv" "throughput,H,H,1,70,70,6.00" "bottlenecks.csv"
has "$out/routes.csv" "F1>H>M,rail F1>H 14.00; sea H>M 30.00" "routes.csv"
if command -v ogrinfo >/dev/null 2>&1; then
    ogrinfo -ro -al -so "$out/plan.geojson" >"$tmp/ogr" 2>&1 || {
        say "ogrinfo cannot open plan.geojson"
        cat "$tmp/ogr"
        fail=1
    }
    has "$tmp/ogr" "Feature Count: 7" "ogrinfo"
else
    say "ogrinfo not installed (gdal-bin): GeoJSON check skipped"
fi

# Mass balance in the CSV outputs of the cyclic scenario (links wrap, stock
# wraps): per node and period, purchases (routes.csv) + arrivals (flows.csv)
# + stock carried in = departures + stock carried out + deliveries.
out2=$tmp/cyc
expect 0 "plan -o cyclic" "$GF" plan "$D/cyclic" -o "$out2"
python3 - "$out2" 3 <<'PY' || fail=1
import csv, sys, collections
d, periods = sys.argv[1], int(sys.argv[2])
bal = collections.Counter()
rows = lambda f: list(csv.DictReader(open(f"{d}/{f}")))
for r in rows("routes.csv"):
    bal[r["origin"], int(r["supply_period"])] += int(r["t"])
for r in rows("flows.csv"):
    bal[r["from"], int(r["period"])] -= int(r["t"])
    bal[r["to"], int(r["arrival_period"])] += int(r["t"])
for r in rows("stocks.csv"):
    bal[r["node"], int(r["period"])] -= int(r["t"])
    bal[r["node"], int(r["period"]) % periods + 1] += int(r["t"])
for r in rows("markets.csv"):
    bal[r["node"], int(r["period"])] -= int(r["delivered_t"])
bad = {k: v for k, v in bal.items() if v}
assert not bad, bad
assert sum(int(r["t"]) for r in rows("flows.csv")) == 40
PY

# Bad input: exit 2, the error names file:line:column, and nothing is written.
cp -r "$D/tiny" "$tmp/bad"
sed -i 's/^O,P,rail,1000,10.00/O,P,rail,1000,ten/' "$tmp/bad/links.csv"
expect 2 "plan bad input" "$GF" plan "$tmp/bad" -o "$tmp/badout"
has "$tmp/err" "links.csv:2:5: error: cost_usd_per_t: 'ten' is not a number" "plan bad input"
[ ! -e "$tmp/badout" ] || {
    say "plan bad input: output folder created"
    fail=1
}
expect 2 "validate bad" "$GF" validate "$tmp/bad"
has "$tmp/err" "links.csv:2:5" "validate bad"
expect 0 "validate tiny" "$GF" validate "$D/tiny"
has "$tmp/out" "valid: 3 nodes, 2 links" "validate tiny"

cp -r "$D/tiny" "$tmp/unreach"
printf 'from,to,mode,distance_km,cost_usd_per_t,transit_days\nP,M,sea,1,1,1\n' >"$tmp/unreach/links.csv"
expect 0 "validate unreachable" "$GF" validate "$tmp/unreach"
has "$tmp/out" "demand.csv:2: warning: no supply can reach market M" "validate unreachable"
has "$tmp/out" "supply.csv:2: warning: grain offered at O can reach no market" "validate unreachable"

expect 2 "missing folder" "$GF" plan "$tmp/nope"
has "$tmp/err" "nope: error: not a scenario folder" "missing folder"
mkdir "$tmp/empty"
expect 2 "empty folder" "$GF" plan "$tmp/empty"
has "$tmp/err" "nodes.csv: error: missing file" "empty folder"
expect 2 "unknown option" "$GF" plan "$D/tiny" --frobnicate
expect 2 "two folders" "$GF" plan "$D/tiny" "$D/hub"
expect 0 "plan --help" "$GF" plan --help
has "$tmp/out" "usage: grainflow plan" "plan --help"
expect 0 "compare --help" "$GF" compare --help
expect 0 "validate --help" "$GF" validate --help

expect 0 "compare" "$GF" compare "$D/hub" --without H
has "$tmp/out" '$920.00 saved by the node' "compare"
# f* = 20.00 is a tie: either the cent below or f* itself is right
grep -qE 'break-even handling fee at H: \$(19\.99|20\.00)/t' "$tmp/out" || {
    say "compare: break-even fee is not 19.99 or 20.00"
    cat "$tmp/out"
    fail=1
}
expect 0 "compare --json" "$GF" compare "$D/hub" --without H --json
python3 - "$tmp/out" <<'PY' || fail=1
import json, sys
j = json.load(open(sys.argv[1]))
assert j["difference_usd"] == 920.0, j
assert j["breakeven_handling_usd_per_t"] in (19.99, 20.0), j
assert j["markets"][0]["delivered_t_without"] == 100
PY
expect 2 "compare unknown node" "$GF" compare "$D/hub" --without NOPE
expect 2 "compare without --without" "$GF" compare "$D/hub"

# What-ifs on the command line, one JSON edit object per --edit. tiny: 100 t
# of 200 get through (O->P carries 100), at 100 + 10 rail + 2 handling + 20
# sea; the rest costs the 140 alternative. Rail +50 %: 100 x 137 + 100 x 140.
expect 0 "plan --edit" "$GF" plan "$D/tiny" --edit '{"op":"scale_freight","mode":"rail","pct":50}'
has "$tmp/out" '$27,700.00' "plan --edit"
expect 0 "plan --edit close" "$GF" plan "$D/tiny" --edit '{"op":"close_link","from":"O","to":"P"}'
has "$tmp/out" '$28,000.00' "plan --edit close"
expect 2 "plan --edit bad" "$GF" plan "$D/tiny" --edit '{"op":"scale_freight"}' \
    --edit '{"op":"scale_supply","pct":"ten"}'
has "$tmp/err" "--edit #1 pct: error: pct must be a number from -100 to 1000" "plan --edit bad"
expect 2 "plan --edit unknown node" "$GF" plan "$D/tiny" --edit '{"op":"close_node","node":"X"}'
has "$tmp/err" '--edit #1 node: error: no node "X" in the scenario' "plan --edit unknown node"

# The default scenario, found next to the executable or through GF_DATA_DIR.
if [ -d "$ROOT/data/kz-ma-africa" ]; then
    expect 0 "plan default" env GF_DATA_DIR="$ROOT/data" "$GF" plan
    has "$tmp/out" "Cost breakdown" "plan default"
    expect 0 "plan default --json" "$GF" plan --json
    python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert j["status"]=="optimal"' \
        "$tmp/out" || fail=1
fi

[ "$fail" -eq 0 ] && say ok
exit "$fail"
