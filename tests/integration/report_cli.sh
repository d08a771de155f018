#!/bin/sh
# tests/integration/report_cli.sh: what `grainflow plan --report` says besides
# the map and charts: program version, date, the input files' SHA-256 (checked
# against sha256sum), the narrative, the supply limits, the scenario's
# estimates.csv; the title once; a bad estimates.csv refused, nothing written.
#   GF=build/grainflow sh tests/integration/report_cli.sh   (from the repository root)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
GF=${GF:-$ROOT/build/grainflow}
D=$ROOT/tests/data
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

say() { echo "report_cli: $*"; }

has() {
    grep -qF -- "$2" "$1" || {
        say "$3: '$2' missing from $(basename "$1")"
        fail=1
    }
}

# A copy of the unsold scenario with an estimates.csv (one row quoting HTML).
cp -r "$D/unsold" "$tmp/scn"
printf 'file,column,rows,what\nsupply.csv,price_usd_per_t,Q,"guessed <price> & more"\n' \
    >"$tmp/scn/estimates.csv"
"$GF" plan "$tmp/scn" --report "$tmp/r.html" >/dev/null 2>"$tmp/err" || {
    say "plan --report failed"
    cat "$tmp/err"
    exit 1
}
version=$(sed -n 's/^#define GF_VERSION_STRING "\(.*\)"$/\1/p' "$ROOT/include/grainflow/version.h")
has "$tmp/r.html" "grainflow $version &middot; planned on $(date -u +%Y-%m-%d)" "version and date"
for f in scenario.csv nodes.csv links.csv supply.csv demand.csv estimates.csv; do
    has "$tmp/r.html" "$(cd "$tmp/scn" && sha256sum "$f")" "hash of $f"
done
all=$(cd "$tmp/scn" && sha256sum scenario.csv nodes.csv links.csv supply.csv demand.csv \
    estimates.csv | sha256sum | cut -d' ' -f1)
has "$tmp/r.html" "<code id=\"gf-inputs-sha256\">$all</code>" "hash of all inputs"
has "$tmp/r.html" "The corridor delivers 200 t of the markets' 1,000 t (20.0%) and saves \$2,000.00" \
    "narrative"
has "$tmp/r.html" "1 of 2 origins sell every tonne offered (O \$10.00/t" "narrative: supply limit"
has "$tmp/r.html" "1 sells nothing (Q \$10.00/t short)" "narrative: unsold origin"
has "$tmp/r.html" "Period 1 starts in July." "narrative: start month"
has "$tmp/r.html" "<tr><td>Q</td><td>100</td><td>0</td><td>20.00</td><td>-</td><td>-10.00</td><td>sells nothing</td></tr>" \
    "supply limits"
has "$tmp/r.html" "<td>supply.csv</td><td>price_usd_per_t</td><td>Q</td><td>guessed &lt;price&gt; &amp; more</td>" \
    "estimates"
n=$(grep -c "<h1" "$tmp/r.html")
[ "$n" -eq 1 ] || {
    say "the title appears in $n h1 elements, expected 1"
    fail=1
}
has "$tmp/r.html" '<div id="status" role="status" hidden>' "status line hidden"

# The default scenario's estimates.csv reaches the report row for row.
if [ -d "$ROOT/data/kz-ma-africa-v1" ]; then
    "$GF" plan "$ROOT/data/kz-ma-africa-v1" --report "$tmp/d.html" >/dev/null || fail=1
    want=$(awk 'NR > 1' "$ROOT/data/kz-ma-africa-v1/estimates.csv" | wc -l)
    got=$(sed -n '/id="gf-estimates"/,/<\/table>/p' "$tmp/d.html" | grep -c '^<tr><td>')
    [ "$want" -gt 0 ] && [ "$got" -eq "$want" ] || {
        say "default report lists $got estimates, estimates.csv has $want"
        fail=1
    }
fi

# No estimates.csv: said so.
"$GF" plan "$D/unsold" --report "$tmp/n.html" >/dev/null || fail=1
has "$tmp/n.html" "The scenario lists no estimates (no estimates.csv in its folder)" "no estimates"

# A broken estimates.csv: exit 2, file:line named, no report left behind.
printf 'file,column,rows\nx,y,z\n' >"$tmp/scn/estimates.csv"
"$GF" plan "$tmp/scn" --report "$tmp/bad.html" >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" -eq 2 ] || {
    say "a bad estimates.csv exited $rc, expected 2"
    fail=1
}
has "$tmp/err" "estimates.csv:1:1: error: missing required column 'what'" "bad estimates.csv"
[ ! -e "$tmp/bad.html" ] && [ -z "$(ls "$tmp" | grep 'bad.html.tmp')" ] || {
    say "a failed report left a file behind"
    fail=1
}

[ "$fail" -eq 0 ] && say ok
exit "$fail"
