#!/bin/sh
# tests/integration/plan_files.sh: plan -o DIR writes plan.xlsx and plan.gpkg,
# read back with GDAL (ogr2ogr / ogrinfo, not our code) and compared with the
# CSV tables of the same folder: every sheet has the CSV's columns and rows
# with the same figures, numbers are number cells; the GeoPackage has a place
# per node and a line per link with flow whose tonnes add up to flows.csv,
# sea legs drawn along sea lanes.
#   GF=build/grainflow sh tests/integration/plan_files.sh   (from the repository root)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
GF=${GF:-$ROOT/build/grainflow}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
say() { echo "plan_files: $*"; }

"$GF" plan "$ROOT/data/kz-ma-africa-v1" -o "$tmp/out" >/dev/null 2>"$tmp/err" || { say "plan failed"; cat "$tmp/err"; exit 1; }
for f in plan.xlsx plan.gpkg; do
    [ -s "$tmp/out/$f" ] || { say "$f missing"; exit 1; }
done
ls "$tmp/out" | grep -q 'tmp-' && { say "a temporary file was left behind"; fail=1; }

# every sheet back to CSV through GDAL's XLSX driver (first row = header)
for t in flows markets stocks bottlenecks routes; do
    ogr2ogr --config OGR_XLSX_HEADERS FORCE -f CSV "$tmp/$t.xlsx.csv" "$tmp/out/plan.xlsx" "$t" \
        2>"$tmp/err" || { say "ogr2ogr cannot read sheet $t"; cat "$tmp/err"; fail=1; }
done
python3 - "$tmp" <<'PY' || fail=1
import csv, sys
tmp = sys.argv[1]
bad = 0
def num(s):
    try:
        return float(s)
    except ValueError:
        return None
for t in ["flows", "markets", "stocks", "bottlenecks", "routes"]:
    want = list(csv.reader(open(f"{tmp}/out/{t}.csv")))
    got = list(csv.reader(open(f"{tmp}/{t}.xlsx.csv")))
    if len(got) == 2 and got[0][0] == "Field1":
        got = got[1:]  # GDAL reads a header-only sheet as one row of data
    if want[0] != got[0] or len(want) != len(got):
        print(f"plan_files: sheet {t}: {len(got) - 1} rows {got[0]}, csv {len(want) - 1} rows {want[0]}")
        bad += 1
        continue
    for r, (w, g) in enumerate(zip(want[1:], got[1:]), 2):
        for c, (a, b) in enumerate(zip(w, g)):
            same = a == b or (num(a) is not None and num(a) == num(b))
            if not same:
                print(f"plan_files: sheet {t} row {r} {want[0][c]}: {b!r}, csv {a!r}")
                bad += 1
                break
    print(f"plan_files: sheet {t}: {len(got) - 1} rows as in {t}.csv")
sys.exit(1 if bad else 0)
PY
# numbers are number cells, ids are text
ogrinfo -ro -so "$tmp/out/plan.xlsx" flows >"$tmp/flows.info" 2>&1
for want in "t: Integer" "cost_usd_per_t: Real" "period: Integer" "from: String"; do
    grep -q "^$want" "$tmp/flows.info" || { say "sheet flows: no '$want'"; cat "$tmp/flows.info"; fail=1; }
done

# the GeoPackage: layers, counts, tonnes, sea lanes
ogrinfo -ro -so "$tmp/out/plan.gpkg" places >"$tmp/places.info" 2>&1
# one point per place of the default scenario (nodes.csv rows less the header)
n_places=$(($(wc -l <"$ROOT/data/kz-ma-africa-v1/nodes.csv") - 1))
grep -q "Feature Count: $n_places\$" "$tmp/places.info" || { say "places: not $n_places points"; cat "$tmp/places.info"; fail=1; }
grep -q "Geometry: Point" "$tmp/places.info" || { say "places: not points"; fail=1; }
ogr2ogr -f CSV -lco GEOMETRY=AS_WKT "$tmp/flows.gpkg.csv" "$tmp/out/plan.gpkg" flows 2>"$tmp/err" ||
    { say "ogr2ogr cannot read layer flows"; cat "$tmp/err"; fail=1; }
python3 - "$tmp" <<'PY' || fail=1
import csv, sys
tmp = sys.argv[1]
want = {}
for r in csv.DictReader(open(f"{tmp}/out/flows.csv")):
    k = (r["from"], r["to"], r["mode"])
    want[k] = want.get(k, 0) + int(r["t"])
got, sea_points = {}, []
for r in csv.DictReader(open(f"{tmp}/flows.gpkg.csv")):
    got[(r["from"], r["to"], r["mode"])] = int(r["t"])
    if r["mode"] == "sea":
        sea_points.append(r["WKT"].count(",") + 1)
ok = got == want and sea_points and min(sea_points) > 2
print(f"plan_files: gpkg flows: {len(got)} lines, {sum(got.values())} t "
      f"(flows.csv: {len(want)} links, {sum(want.values())} t); "
      f"sea lines of {min(sea_points or [0])} to {max(sea_points or [0])} points")
sys.exit(0 if ok else 1)
PY
[ "$fail" -eq 0 ] && echo "plan_files: ok"
exit "$fail"
