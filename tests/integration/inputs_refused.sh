#!/bin/sh
# tests/integration/inputs_refused.sh: grainflow validate and plan refuse bad
# scenario files at once (issue #12): a misspelled column with its hint, a node
# id that is not UTF-8, a NUL byte at its own line, and a FIFO in place of a
# file, which used to block plan for ever (each command is bounded by timeout).
# Every refusal exits 2 with file:line:column and writes no output folder;
# the version-2 files and the period overrides too.
#   GF=build/grainflow sh tests/integration/inputs_refused.sh   (from the repository root)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
GF=${GF:-$ROOT/build/grainflow}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

say() { echo "inputs_refused: $*"; }

# refused <name> <stderr text> <command...>: exit 2 within 20 s, text on stderr
refused() {
    name=$1
    text=$2
    shift 2
    timeout 20 "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    if [ "$got" -ne 2 ]; then
        say "$name: exit $got, expected 2 (124 = blocked until the timeout)"
        cat "$tmp/out" "$tmp/err"
        fail=1
    elif ! grep -qF -- "$text" "$tmp/err"; then
        say "$name: '$text' missing from stderr"
        cat "$tmp/err"
        fail=1
    fi
}

# fresh: a copy of tests/data/tiny in $tmp/s
fresh() {
    rm -rf "$tmp/s" "$tmp/o"
    cp -r "$ROOT/tests/data/tiny" "$tmp/s"
}

fresh
sed '1s/capacity_t_per_period/capacity_t_per_perod/' "$ROOT/tests/data/tiny/links.csv" \
    >"$tmp/s/links.csv"
refused "misspelled column" \
    'links.csv:1:7: error: unknown column "capacity_t_per_perod"; did you mean "capacity_t_per_period"?' \
    "$GF" validate "$tmp/s"
refused "misspelled column, plan -o" 'links.csv:1:7: error: unknown column' \
    "$GF" plan "$tmp/s" -o "$tmp/o"
[ -e "$tmp/o" ] && { say "plan -o wrote $tmp/o on bad input"; fail=1; }

fresh
printf 'id,name,country,kind,lat,lon,handling_usd_per_t\nO\303,Origin,KZ,origin,50,60,\n' \
    >"$tmp/s/nodes.csv"
refused "invalid UTF-8" 'nodes.csv:2:1: error: the byte 0xC3 here is not UTF-8' \
    "$GF" plan "$tmp/s" --json

fresh
printf 'id,name,country,kind,lat,lon\nO,Origin,KZ,origin,50,60\nP,Po\000rt,MA,port,1,1\n' \
    >"$tmp/s/nodes.csv"
refused "NUL byte on line 3" 'nodes.csv:3:2: error: a field contains a NUL byte' \
    "$GF" validate "$tmp/s"

fresh
rm "$tmp/s/links.csv"
mkfifo "$tmp/s/links.csv"
refused "FIFO" 'links.csv: error: a FIFO (named pipe) is not a regular file' \
    "$GF" plan "$tmp/s"

# Format version 2 and period overrides (issues 8, 9): each new file's
# errors name file:line:column; validate accepts a valid v2 scenario that the
# network simplex cannot plan, and plan refuses it saying what it needs.
v2() {
    rm -rf "$tmp/s" "$tmp/o"
    cp -r "$ROOT/tests/data/$1" "$tmp/s"
}

v2 v2_milling
printf 'id,name\nwheat,a\nwheat,b\n' >"$tmp/s/products.csv"
refused "duplicate product" "products.csv:3:1: error: duplicate product id 'wheat'" \
    "$GF" validate "$tmp/s"

v2 v2_milling
printf 'node,from_product,to_product,yield\nP,wheat,flour,-1\n' >"$tmp/s/conversions.csv"
refused "negative yield" "conversions.csv:2:4: error: yield must be from" "$GF" validate "$tmp/s"

v2 v2_milling
printf 'from,to,mode,distance_km,cost_usd_per_t,transit_days,products\nO,P,rail,1,1,0,rye\n' \
    >"$tmp/s/links.csv"
refused "unknown link product" "links.csv:2:7: error: products: 'rye' is not a product" \
    "$GF" plan "$tmp/s" -o "$tmp/o"
[ -e "$tmp/o" ] && { say "plan -o wrote $tmp/o on bad input"; fail=1; }

v2 v2_alt_from
printf 'node,t,alt_price_usd_per_t,alt_from,alt_fob_usd_per_t\nM,5,100,C,90\n' \
    >"$tmp/s/demand.csv"
refused "both alternative forms" "demand.csv:2:4: error: this row gives both" \
    "$GF" validate "$tmp/s"

v2 v2_hub
printf 'node,option,fixed_usd_per_year,throughput_t_per_period\nH,small,1000,\n' \
    >"$tmp/s/hubs.csv"
refused "hub without throughput" "hubs.csv:2:4: error: throughput_t_per_period is empty" \
    "$GF" validate "$tmp/s"

v2 v2_hub
printf 'node,product,t,alt_price_usd_per_t\nH,wheat,5,100\n' >"$tmp/s/demand.csv"
refused "demand at a hub" "demand.csv:2: error: node 'H' is a hub facility" \
    "$GF" validate "$tmp/s"

v2 v2_hub
printf 'key,value\nmin_hubs,2\nmax_hubs,1\n' >"$tmp/s/scenario.csv"
refused "max_hubs below min_hubs" "scenario.csv:3:2: error: max_hubs (1) is below min_hubs (2)" \
    "$GF" validate "$tmp/s"

v2 v2_periods
printf 'from,to,mode,period,capacity_t\nM,O,rail,1,0\n' >"$tmp/s/link_periods.csv"
refused "override of a missing direction" \
    "link_periods.csv:2:1: error: no link goes from 'M' to 'O' by rail" "$GF" validate "$tmp/s"

v2 v2_periods
printf 'node,period,throughput_t\nP,4,10\n' >"$tmp/s/node_periods.csv"
refused "override past the horizon" "node_periods.csv:2:2: error: period: '4' is not a period" \
    "$GF" validate "$tmp/s"

v2 v2_departures
# compare, too, solves a version-2 scenario through CLP/CBC (plan_compare_v2.c)
if ! "$GF" compare "$tmp/s" --without P --remove >"$tmp/out" 2>&1 ||
    ! grep -q "version-2 scenario, with and without P" "$tmp/out"; then
    say "compare did not solve a version-2 scenario"
    cat "$tmp/out"
    fail=1
fi
# plan sends a version-2 scenario to CLP/CBC (cli_plan_v2.c) instead of refusing it
if ! "$GF" plan "$tmp/s" >"$tmp/out" 2>&1 || ! grep -q "solved by CBC" "$tmp/out"; then
    say "plan did not solve a version-2 scenario with CBC"
    cat "$tmp/out"
    fail=1
fi
if ! "$GF" validate "$tmp/s" >"$tmp/out" 2>&1 || ! grep -q "valid (format version 2" "$tmp/out"
then
    say "validate refused a valid version-2 scenario"
    cat "$tmp/out"
    fail=1
fi

exit $fail
