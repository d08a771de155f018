#!/bin/sh
# tests/integration/workbook_upload.sh: a scenario uploaded to the server as
# one workbook (multipart field workbook.xlsx or workbook.ods), planned to
# the same total as the CLI plans the folder; a bad cell is a 400 naming the
# sheet, row and column; and a run's report has the CLI report's facts
# section, hashing the stored scenario and edits it was planned from.
#   GF=build/grainflow sh tests/integration/workbook_upload.sh   (from the repository root)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
GF=${GF:-$ROOT/build/grainflow}
D=$ROOT/tests/data/tiny
tmp=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
fail=0

say() { echo "workbook_upload: $*"; }
has() { # has <file> <text> <name>
    grep -qF -- "$2" "$1" || {
        say "$3: '$2' missing from: $(head -c 400 "$1")"
        fail=1
    }
}
req() { # req METHOD URL [curl args...]: body in $tmp/body, code in $code
    m=$1
    u=$2
    shift 2
    code=$(curl -s --max-time 30 -X "$m" -o "$tmp/body" -w '%{http_code}' "$@" "$u")
}
expect() { # expect <name> <want> <got>
    [ "$2" = "$3" ] || {
        say "$1: HTTP $3, expected $2: $(head -c 400 "$tmp/body")"
        fail=1
    }
}
# book <folder> <workbook>: one sheet per CSV table (ogr2ogr, not our code)
book() {
    for t in scenario nodes links supply demand; do
        ogr2ogr -f "$(case "$2" in *.ods) echo ODS ;; *) echo XLSX ;; esac)" -update -append \
            "$2" "$1/$t.csv" -nln "$t" -oo AUTODETECT_TYPE=YES || fail=1
    done
}

for t in ogr2ogr curl sha256sum; do
    command -v "$t" >/dev/null || {
        say "$t is missing (tools/install-deps installs it)"
        exit 1
    }
done

"$GF" serve --listen 127.0.0.1:0 --db "$tmp/s.db" --data "$ROOT/data/kz-ma-africa-v1" \
    --static "$ROOT/web" >"$tmp/serve.out" 2>"$tmp/serve.err" &
pid=$!
. "$ROOT/tools/serve_port.sh"
port=$(serve_port "$tmp/serve.out" "$pid" 10) || {
    say "the server did not start: $(cat "$tmp/serve.err")"
    exit 1
}
A="http://127.0.0.1:$port/api/v1"

want=$("$GF" plan "$D" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["total_cost_usd"])')
book "$D" "$tmp/tiny.xlsx"
book "$D" "$tmp/tiny.ods"
for fmt in xlsx ods; do
    req POST "$A/scenarios" -F id="book-$fmt" -F "workbook.$fmt=@$tmp/tiny.$fmt"
    expect "upload $fmt" 201 "$code"
    req POST "$A/runs" -H "Content-Type: application/json" -d "{\"scenario\":\"book-$fmt\"}"
    expect "plan the uploaded $fmt" 201 "$code"
    got=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["result"]["total_cost_usd"])' "$tmp/body")
    [ "$got" = "$want" ] || {
        say "$fmt: the uploaded workbook plans to $got, the folder to $want"
        fail=1
    }
done

# a bad cell: tiny's links row 2 (the first link), cost not a number
mkdir "$tmp/bad"
cp "$D"/*.csv "$tmp/bad/"
python3 - "$tmp/bad/links.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
rows[1][rows[0].index("cost_usd_per_t")] = "lots"
csv.writer(open(sys.argv[1], "w", newline=""), lineterminator="\n").writerows(rows)
PY
col=$(python3 -c 'import csv,sys; print(chr(65 + next(csv.reader(open(sys.argv[1]))).index("cost_usd_per_t")))' "$D/links.csv")
book "$tmp/bad" "$tmp/bad.xlsx"
req POST "$A/scenarios" -F id=book-bad -F "workbook.xlsx=@$tmp/bad.xlsx"
expect "bad cell" 400 "$code"
has "$tmp/body" "\"input\":\"workbook.xlsx: sheet links, row 2, column $col\"" "bad cell"
req POST "$A/scenarios" -F id=book-both -F "workbook.xlsx=@$tmp/tiny.xlsx" -F "nodes=@$D/nodes.csv"
expect "workbook and CSV files" 400 "$code"
has "$tmp/body" "send CSV files or one workbook, not both" "workbook and CSV files"
req GET "$A/scenarios/book-bad"
expect "a refused workbook is not stored" 404 "$code"

# the run's report: the facts section, hashing the stored scenario text
req POST "$A/runs" -H "Content-Type: application/json" -d '{"scenario":"book-xlsx"}'
run=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$tmp/body")
req GET "$A/scenarios/book-xlsx"
cp "$tmp/body" "$tmp/scenario.json"
req GET "$A/runs/$run/report"
expect "report" 200 "$code"
has "$tmp/body" 'id="gf-facts"' "report facts"
has "$tmp/body" "<p class=\"gf-meta\">grainflow " "report version line"
has "$tmp/body" "scenario <code>run $run: " "report names the run"
has "$tmp/body" "$(sha256sum "$tmp/scenario.json" | cut -d' ' -f1)  scenario.json" \
    "report hashes the stored scenario"
has "$tmp/body" "  edits.json" "report hashes the edits"
has "$tmp/body" "<h2>What the plan says</h2>" "report narrative"
grep -c "<h1" "$tmp/body" | grep -qx 1 || {
    say "report: the title should appear once"
    fail=1
}

[ "$fail" -eq 0 ] && echo "workbook_upload.sh: ok"
exit "$fail"
