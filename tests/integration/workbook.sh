#!/bin/sh
# tests/integration/workbook.sh: a scenario read from one .xlsx or .ods
# workbook (src/scenario/scenario_workbook.c). The default scenario's CSV
# files are put into a workbook by GDAL's ogr2ogr (not our code; number
# columns become number cells), one sheet per table; the plan from the
# workbook equals the folder's to the cent (every CSV table byte for byte,
# plan.json but for the solve time). Bad cells, columns, sheets and files are
# refused with the workbook, sheet, row and column.
#   GF=build/grainflow sh tests/integration/workbook.sh   (from the repository root)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
GF=${GF:-$ROOT/build/grainflow}
K=$ROOT/data/kz-ma-africa-v1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

say() { echo "workbook: $*"; }

command -v ogr2ogr >/dev/null || {
    say "ogr2ogr (gdal-bin, a test dependency in tools/install-deps) is missing"
    exit 1
}

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

# book <folder> <workbook> [sheet name for nodes]: one sheet per CSV table
book() {
    for t in scenario nodes links supply demand; do
        [ -f "$1/$t.csv" ] || continue
        name=$t
        [ "$t" = nodes ] && name=${3:-nodes}
        ogr2ogr -f "$(case "$2" in *.ods) echo ODS ;; *) echo XLSX ;; esac)" -update -append \
            "$2" "$1/$t.csv" -nln "$name" -oo AUTODETECT_TYPE=YES || {
            say "ogr2ogr could not write $t into $2"
            fail=1
        }
    done
}

book "$K" "$tmp/corridor.xlsx" Nodes # a sheet name in another case is the same table
book "$K" "$tmp/corridor.ods"
expect 0 "plan folder" "$GF" plan "$K" -o "$tmp/folder"
expect 0 "plan xlsx" "$GF" plan "$tmp/corridor.xlsx" -o "$tmp/xlsx"
expect 0 "plan ods" "$GF" plan "$tmp/corridor.ods" -o "$tmp/ods"
for out in xlsx ods; do
    for f in "$tmp/folder"/*.csv; do
        cmp -s "$f" "$tmp/$out/$(basename "$f")" || {
            say "$out: $(basename "$f") differs from the folder's plan"
            fail=1
        }
    done
    python3 - "$tmp/folder/plan.json" "$tmp/$out/plan.json" <<'PY' || fail=1
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
for j in (a, b):
    j["network"].pop("solve_seconds", None)
assert a == b, "plan.json differs from the folder's"
assert a["total_cost_usd"] == b["total_cost_usd"] == 5161879919.60, a["total_cost_usd"]
PY
done
expect 0 "validate xlsx" "$GF" validate "$tmp/corridor.xlsx"
expect 0 "compare xlsx" "$GF" compare "$tmp/corridor.xlsx" --without MA_CASABLANCA
has "$tmp/out" "MA_CASABLANCA: no transshipment at any fee >= 0" "compare xlsx"

# The report of a workbook's plan hashes the workbook itself.
expect 0 "report xlsx" "$GF" plan "$tmp/corridor.xlsx" --report "$tmp/r.html"
has "$tmp/r.html" "scenario workbook <code>$tmp/corridor.xlsx</code>" "report xlsx"
want=$(cd "$tmp" && sha256sum corridor.xlsx | sha256sum | cut -d' ' -f1)
has "$tmp/r.html" "id=\"gf-inputs-sha256\">$want<" "report xlsx hash"

# A bad cell: links row 5 (the 4th link), cost_usd_per_t not a number.
mkdir "$tmp/bad"
cp "$K"/*.csv "$tmp/bad/"
col=$(python3 - "$K/links.csv" <<'PY'
import csv, sys
h = next(csv.reader(open(sys.argv[1])))
i = h.index("cost_usd_per_t") + 1
s = ""
while i:
    i, r = divmod(i - 1, 26)
    s = chr(65 + r) + s
print(s)
PY
)
python3 - "$tmp/bad/links.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
rows[4][rows[0].index("cost_usd_per_t")] = "cheap"
csv.writer(open(sys.argv[1], "w", newline=""), lineterminator="\n").writerows(rows)
PY
book "$tmp/bad" "$tmp/bad.xlsx"
expect 2 "bad cell" "$GF" plan "$tmp/bad.xlsx"
has "$tmp/err" "$tmp/bad.xlsx: sheet links, row 5, column $col: error:" "bad cell"
has "$tmp/err" "cost_usd_per_t: 'cheap' is not a number" "bad cell"
book "$tmp/bad" "$tmp/bad.ods"
expect 2 "bad cell ods" "$GF" plan "$tmp/bad.ods"
has "$tmp/err" "$tmp/bad.ods: sheet links, row 5, column $col: error:" "bad cell ods"

# An unknown column: the header row of the nodes sheet.
mkdir "$tmp/col"
cp "$K"/*.csv "$tmp/col/"
sed -i '1s/,lat,/,latitude,/' "$tmp/col/nodes.csv"
book "$tmp/col" "$tmp/col.xlsx"
expect 2 "unknown column" "$GF" plan "$tmp/col.xlsx"
has "$tmp/err" "$tmp/col.xlsx: sheet nodes, row 1, column E: error: unknown column \"latitude\"" \
    "unknown column"

# A missing sheet, a line break in a cell, a file that is not a workbook.
mkdir "$tmp/nodemand"
cp "$K"/scenario.csv "$K"/nodes.csv "$K"/links.csv "$K"/supply.csv "$tmp/nodemand/"
book "$tmp/nodemand" "$tmp/nodemand.xlsx"
expect 2 "missing sheet" "$GF" plan "$tmp/nodemand.xlsx"
has "$tmp/err" "$tmp/nodemand.xlsx: sheet demand: error: no such sheet; add a sheet named demand" \
    "missing sheet"
mkdir "$tmp/nl"
cp "$K"/*.csv "$tmp/nl/"
python3 - "$tmp/nl/nodes.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
rows[3][rows[0].index("name")] = "two\nlines"
csv.writer(open(sys.argv[1], "w", newline=""), lineterminator="\n").writerows(rows)
PY
book "$tmp/nl" "$tmp/nl.xlsx"
expect 2 "line break" "$GF" plan "$tmp/nl.xlsx"
has "$tmp/err" "$tmp/nl.xlsx: sheet nodes, row 4, column B: error: a cell holds a line break" \
    "line break"
echo "not a zip" >"$tmp/text.xlsx"
expect 2 "not a workbook" "$GF" plan "$tmp/text.xlsx"
has "$tmp/err" "$tmp/text.xlsx: error: not a workbook GDAL can read as .xlsx or .ods" \
    "not a workbook"
[ -s "$tmp/out" ] && {
    say "not a workbook: printed a plan"
    fail=1
}

# validate's warnings name the sheet and row too, not a CSV file's line: the
# tiny scenario's demand and supply, but no link from its origin to its market
mkdir "$tmp/unreach"
cp "$ROOT"/tests/data/tiny/*.csv "$tmp/unreach/"
printf 'from,to,mode,distance_km,cost_usd_per_t,transit_days\nP,M,sea,1,1,1\n' >"$tmp/unreach/links.csv"
book "$tmp/unreach" "$tmp/unreach.xlsx"
expect 0 "validate warnings" "$GF" validate "$tmp/unreach.xlsx"
has "$tmp/out" "$tmp/unreach.xlsx: sheet demand, row 2: warning: no supply can reach market M" \
    "validate warnings"
has "$tmp/out" "$tmp/unreach.xlsx: sheet supply, row 2: warning: grain offered at O" \
    "validate warnings"

expect 0 "plan --help" "$GF" plan --help
has "$tmp/out" "DIR may instead be one .xlsx or .ods workbook" "plan --help"

[ "$fail" -eq 0 ] && echo "workbook.sh: ok"
exit "$fail"
