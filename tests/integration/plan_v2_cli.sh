#!/bin/sh
# tests/integration/plan_v2_cli.sh: grainflow plan on version-2 scenarios end to end,
# on the hand-worked folders of tests/data (tests/unit/test_plan_v2.c has the
# arithmetic): --time-limit (accepted, refused when not a positive number, and a
# proven plan said to be one), --json's status fields parsed by python3, --report
# with its version-2 sections, --edit on the model (a hub closed, freight scaled,
# an unknown node refused naming the option), and -o's files.
#   GF=build/grainflow sh tests/integration/plan_v2_cli.sh   (from the repository root)
set -u
. "$(dirname "$0")/lib.sh"
harness_cli plan_v2_cli

# lacks <file> <text> <name>: TEXT must not be in FILE
lacks() {
    if grep -qF -- "$2" "$1"; then
        say "$3: '$2' should not be in $(basename "$1")"
        fail=1
    fi
}

# a time limit the small MIP never reaches, with --gap 0 (an exact proof;
# the default stops within 0.1% of the saving): proven, and said so
expect 0 "time limit" "$GF" plan "$D/v2_hub" --time-limit 30 --gap 0
has "$tmp/out" "proven optimal (" "time limit, proven"
lacks "$tmp/out" "NOT proven" "time limit, proven"
has "$tmp/out" "Total cost \$12,700.00; saving against the alternative suppliers \$7,300.00" \
    "v2_hub total"
has "$tmp/out" "H                open with small (fixed \$1,000.00 over the horizon)" "hub open"
for bad in 0 -1 abc 1e999 ""; do
    expect 2 "--time-limit '$bad'" "$GF" plan "$D/v2_hub" --time-limit "$bad"
    has "$tmp/err" "--time-limit must be a number of seconds > 0" "--time-limit '$bad' message"
done
expect 2 "validate --time-limit" "$GF" validate "$D/v2_hub" --time-limit 5
has "$tmp/err" "--time-limit belongs to grainflow plan" "validate --time-limit message"
expect 0 "help" "$GF" plan --help
has "$tmp/out" "--time-limit S" "help lists --time-limit"
has "$tmp/out" "--gap PCT" "help lists --gap"
has "$tmp/out" "(default 0.1, what grainflow site proves" "help gives --gap's default"
lacks "$tmp/out" "%%" "help prints a single per cent sign"

# The default --gap is 0.1 (GF_LP_GAP_SHARE_DEFAULT, as site's): a plan
# within 0.1% of the saving, never called optimal unless proven exactly.
expect 0 "default gap" "$GF" plan "$D/v2_hub" --json
python3 - "$tmp/out" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
st = d["status"]
assert st in ("optimal", "within_gap"), st
assert d["optimal"] == (st == "optimal"), (st, d["optimal"])
assert d["gap_usd"] <= 0.001 * d["saving_usd"] + 0.01, (d["gap_usd"], d["saving_usd"])
assert 12700.00 - 7.30 - 1e-6 <= d["total_cost_usd"] <= 12700.00 + 7.30 + 1e-6, d["total_cost_usd"]
PY

# --gap PCT: the proof may stop within PCT % of the saving; it is then never
# called optimal, and the plan stays within the gap of the true optimum
# (v2_hub's is $12,700.00, saving $7,300.00: 0.1 % of it is $7.30)
expect 0 "gap" "$GF" plan "$D/v2_hub" --gap 0.1 --json
python3 - "$tmp/out" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
st = d["status"]
assert st in ("optimal", "within_gap"), st
assert d["optimal"] == (st == "optimal"), (st, d["optimal"])
total = d["total_cost_usd"]
assert 12700.00 - 7.30 - 1e-6 <= total <= 12700.00 + 7.30 + 1e-6, total
PY
for bad in -1 100 abc ""; do
    expect 2 "--gap '$bad'" "$GF" plan "$D/v2_hub" --gap "$bad"
    has "$tmp/err" "--gap must be a percentage of the saving" "--gap '$bad' message"
done
expect 2 "validate --gap" "$GF" validate "$D/v2_hub" --gap 1
has "$tmp/err" "--gap belongs to grainflow plan" "validate --gap message"

# --json: status, optimal, bound, gap (absolute and against the saving), hubs
expect 0 "json" "$GF" plan "$D/v2_hub" --time-limit 30 --gap 0 --json
python3 - "$tmp/out" <<'PY' || fail=1
import json, sys
p = json.load(open(sys.argv[1]))
assert p["status"] == "optimal" and p["optimal"] is True, p["status"]
assert p["gap_usd"] == 0 and p["gap_pct_of_saving"] == 0, (p["gap_usd"], p["gap_pct_of_saving"])
assert abs(p["bound_usd"] - p["total_cost_usd"]) < 0.01, (p["bound_usd"], p["total_cost_usd"])
assert p["status_text"].startswith("proven optimal ("), p["status_text"]
h = p["hubs"][0]
assert (h["node"], h["option"], h["fixed_usd"]) == ("H", "small", 1000.0), h
assert (h["throughput_t"], h["capacity_t"], h["transshipped_t"]) == (100.0, 100.0, {"wheat": 100.0}), h
PY

# --report: the version-2 sections, next to the summary
expect 0 "report" "$GF" plan "$D/v2_hub" --gap 0 --report "$tmp/r.html"
for id in gf-v2-status gf-v2-costs gf-v2-products gf-v2-hubs gf-v2-departures gf-v2-flows-0 \
    gf-inputs-sha256; do
    has "$tmp/r.html" "id=\"$id\"" "report section $id"
done
has "$tmp/r.html" "$(cd "$D/v2_hub" && sha256sum hubs.csv)" "report hashes hubs.csv"
has "$tmp/out" "proven optimal (" "report run prints the summary"
expect 0 "report milling" "$GF" plan "$D/v2_milling" --report "$tmp/m.html"
has "$tmp/m.html" "id=\"gf-v2-conversions\"" "report conversions"
expect 2 "report to a missing folder" "$GF" plan "$D/v2_hub" --report "$tmp/no/such/r.html"
has "$tmp/err" "$tmp/no/such" "report error names the path"

# --edit on a version-2 model: the hub closed (two 50-t ships instead), freight
expect 0 "edit close hub" "$GF" plan "$D/v2_hub" --edit '{"op":"close_node","node":"H"}'
has "$tmp/out" "Total cost \$13,000.00" "closed hub total"
has "$tmp/out" "H                closed" "closed hub listed"
expect 0 "edit freight" "$GF" plan "$D/v2_departures" \
    --edit '{"op":"scale_freight","mode":"sea","pct":100}' --json
python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["total_cost_usd"]; assert t == 26140, t' \
    "$tmp/out" || fail=1
expect 2 "edit unknown node" "$GF" plan "$D/v2_hub" --edit '{"op":"close_node","node":"NOPE"}'
has "$tmp/err" "--edit #1 node" "edit error names the option"
has "$tmp/err" "no node \"NOPE\"" "edit error names the node"
expect 2 "edit transit with rows" "$GF" plan "$D/v2_backhaul" \
    --edit '{"op":"close_transit","node":"O"}'
has "$tmp/err" "use close_node" "close_transit refusal says what to do"

# -o with an edit: the edited plan's files
expect 0 "edit -o" "$GF" plan "$D/v2_hub" --edit '{"op":"close_node","node":"H"}' -o "$tmp/o"
has "$tmp/o/hubs.csv" "H,,0.00,0.000,0.000" "closed hub in hubs.csv"

# the version-2 edits: the competitors' FOB (v2_hub_alt: 180 + 15 = 195 at
# either market; -30%: 141, the saving 6,800 - 100 x 54 = 1,400) and a hub
# option's fixed cost (v2_hub: 1,200 a year instead of 1,000: 12,900)
expect 0 "edit scale_alt_fob" "$GF" plan "$D/v2_hub_alt" \
    --edit '{"op":"scale_alt_fob","pct":-30}' --json
python3 - "$tmp/out" <<'PY' || fail=1
import json, sys
p = json.load(open(sys.argv[1]))
assert p["total_cost_usd"] == 12700 and p["saving_usd"] == 1400, (p["total_cost_usd"], p["saving_usd"])
PY
expect 0 "edit set_hub" "$GF" plan "$D/v2_hub" \
    --edit '{"op":"set_hub","node":"H","option":"small","fixed_usd_per_year":1200}'
has "$tmp/out" "Total cost \$12,900.00" "set_hub total"
has "$tmp/out" "H                open with small (fixed \$1,200.00 over the horizon)" "set_hub hub"
expect 2 "edit set_hub unknown option" "$GF" plan "$D/v2_hub" \
    --edit '{"op":"set_hub","node":"H","option":"tiny","fixed_usd_per_year":1}'
has "$tmp/err" '--edit #1 option: error: hub H has no option "tiny"; its options: small, large' \
    "set_hub error names the field and the options"
expect 2 "edit scale_alt_fob on alt_price rows" "$GF" plan "$D/v2_hub" \
    --edit '{"op":"scale_alt_fob","pct":5}'
has "$tmp/err" "--edit #1 op: error: no demand row has alt_from" "scale_alt_fob refusal"
expect 2 "edit scale_alt_fob on version 1" "$GF" plan "$D/tiny" \
    --edit '{"op":"scale_alt_fob","pct":5}'
has "$tmp/err" "this is a version-1 scenario" "scale_alt_fob refusal on version 1"
# one product, alt_from: the network simplex plans it, the price follows too
# (v2_alt_from: 110 FOB + 10% = 121 + 17 = 138 for the 50 t unmet)
expect 0 "edit scale_alt_fob, network" "$GF" plan "$D/v2_alt_from" \
    --edit '{"op":"scale_alt_fob","pct":10}'
has "$tmp/out" "total incl. the alternative purchases           \$18,600.00" "scale_alt_fob network"

[ "$fail" -eq 0 ] && say "ok"
exit "$fail"
