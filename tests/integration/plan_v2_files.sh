#!/bin/sh
# tests/integration/plan_v2_files.sh: plan -o DIR on version-2 scenarios also writes
# plan.xlsx and plan.gpkg, read back with GDAL (ogr2ogr / ogrinfo, not our code) and
# compared with the CSV tables and plan.geojson of the same folder, on tests/data's
# v2_hub (a hub open with an option, and closed by an edit) and v2_milling (two
# products, a conversion):
#  - every sheet (flows, links, products, hubs, conversions) has its CSV's header and
#    rows with the same figures; tonnes, money and counts are number cells, ids,
#    products and hub options text;
#  - the GeoPackage has a point per node, a hub facility flagged (hub 1) with the
#    option hubs.csv names (none when closed), and a line per flows.csv row (link,
#    period, product) with its tonnes, so the tonnes per product add up to flows.csv;
#    each line has the points of the link's line in plan.geojson (sea lanes).
#   GF=build/grainflow sh tests/integration/plan_v2_files.sh   (from the repository root)
set -u
. "$(dirname "$0")/lib.sh"
harness_cli plan_v2_files

# check NAME DIR SCENARIO: the checks above on the folder DIR planned from SCENARIO
check() {
    name=$1
    out=$2
    for f in flows.csv links.csv products.csv hubs.csv conversions.csv plan.json \
        plan.geojson plan.xlsx plan.gpkg; do
        [ -s "$out/$f" ] || { say "$name: $f missing"; fail=1; return; }
    done
    ls -a "$out" | grep -q 'tmp-' && { say "$name: a temporary file was left behind"; fail=1; }
    for t in flows links products hubs conversions; do
        ogr2ogr --config OGR_XLSX_HEADERS FORCE -f CSV "$tmp/$t.xlsx.csv" "$out/plan.xlsx" "$t" \
            2>"$tmp/err" || { say "$name: ogr2ogr cannot read sheet $t"; cat "$tmp/err"; fail=1; }
    done
    ogr2ogr -f CSV -lco GEOMETRY=AS_WKT "$tmp/places.gpkg.csv" "$out/plan.gpkg" places \
        2>"$tmp/err" || { say "$name: ogr2ogr cannot read layer places"; cat "$tmp/err"; fail=1; }
    ogr2ogr -f CSV -lco GEOMETRY=AS_WKT "$tmp/flows.gpkg.csv" "$out/plan.gpkg" flows \
        2>"$tmp/err" || { say "$name: ogr2ogr cannot read layer flows"; cat "$tmp/err"; fail=1; }
    python3 - "$tmp" "$out" "$3" "$name" <<'PY' || fail=1
import csv, json, sys
tmp, out, scen, name = sys.argv[1:]
bad = 0
def say(msg):
    global bad
    print(f"plan_v2_files: {name}: {msg}")
    bad += 1
def num(s):
    try:
        return float(s)
    except ValueError:
        return None
def rows(path):
    return list(csv.reader(open(path)))
# every sheet is its CSV table
for t in ["flows", "links", "products", "hubs", "conversions"]:
    want, got = rows(f"{out}/{t}.csv"), rows(f"{tmp}/{t}.xlsx.csv")
    if len(got) == 2 and got[0][0] == "Field1":
        got = got[1:]  # GDAL reads a header-only sheet as one row of data
    if want[0] != got[0] or len(want) != len(got):
        say(f"sheet {t}: {len(got) - 1} rows {got[0]}, csv {len(want) - 1} rows {want[0]}")
        continue
    for r, (w, g) in enumerate(zip(want[1:], got[1:]), 2):
        for c, (a, b) in enumerate(zip(w, g)):
            if not (a == b or (num(a) is not None and num(a) == num(b))):
                say(f"sheet {t} row {r} {want[0][c]}: {b!r}, csv {a!r}")
                break
    print(f"plan_v2_files: {name}: sheet {t}: {len(got) - 1} rows as in {t}.csv")
# places: one point per node; hub facilities flagged with the chosen option
nodes = [r["id"] for r in csv.DictReader(open(f"{scen}/nodes.csv"))]
places = {r["id"]: r for r in csv.DictReader(open(f"{tmp}/places.gpkg.csv"))}
if sorted(places) != sorted(nodes):
    say(f"places {sorted(places)}, nodes.csv {sorted(nodes)}")
if any(not r["WKT"].startswith("POINT") for r in places.values()):
    say("a place is not a point")
hubs = {r["node"]: r for r in csv.DictReader(open(f"{out}/hubs.csv"))}
for n, r in places.items():
    if n in hubs:
        h = hubs[n]
        if r["hub"] != "1" or r["hub_option"] != h["option"]:
            say(f"place {n}: hub {r['hub']!r} option {r['hub_option']!r}, hubs.csv {h['option']!r}")
        if num(r["fixed_usd"]) != num(h["fixed_usd"]) or num(r["throughput_t"]) != num(h["throughput_t"]):
            say(f"place {n}: fixed {r['fixed_usd']} throughput {r['throughput_t']}, hubs.csv {h}")
    elif r["hub"] or r["hub_option"]:
        say(f"place {n} is not a hub facility but is flagged {r['hub']!r} {r['hub_option']!r}")
print(f"plan_v2_files: {name}: places: {len(places)} points, hubs "
      + ", ".join(f"{n} {places[n]['hub_option'] or '(closed)'}" for n in hubs))
# flows: a line per flows.csv row, the same tonnes; per product sums equal
key = lambda r: (r["from"], r["to"], r["mode"], r["period"], r["product"])
want = {key(r): num(r["t"]) for r in csv.DictReader(open(f"{out}/flows.csv"))}
lines = list(csv.DictReader(open(f"{tmp}/flows.gpkg.csv")))
got = {key(r): num(r["t"]) for r in lines}
if len(lines) != len(want) or got != want:
    say(f"gpkg flows {len(lines)} lines {got}, flows.csv {want}")
per = {}
for k, t in want.items():
    per.setdefault(k[4], [0.0, 0.0])[0] += t
for k, t in got.items():
    per.setdefault(k[4], [0.0, 0.0])[1] += t
for q, (w, g) in per.items():
    if abs(w - g) > 1e-6:
        say(f"product {q}: gpkg {g} t, flows.csv {w} t")
# each line is the link's line in plan.geojson, and each link feature says
# what plan.json's "links" say of that link, member for member
geo = {}
links = {(x["from"], x["to"], x["mode"]): x for x in json.load(open(f"{out}/plan.json"))["links"]}
n_features = 0
for f in json.load(open(f"{out}/plan.geojson"))["features"]:
    if f["geometry"]["type"] == "LineString":
        p = f["properties"]
        geo[(p["from"], p["to"], p["mode"])] = [tuple(c) for c in f["geometry"]["coordinates"]]
        n_features += 1
        if p != links.get((p["from"], p["to"], p["mode"])):
            say(f"plan.geojson link {p}, plan.json {links.get((p['from'], p['to'], p['mode']))}")
if n_features != len(links):
    say(f"plan.geojson has {n_features} link features, plan.json {len(links)} links")
for r in lines:
    pts = [tuple(float(v) for v in c.split()) for c in r["WKT"][len("LINESTRING ("):-1].split(",")]
    g = geo.get((r["from"], r["to"], r["mode"]))
    if not r["WKT"].startswith("LINESTRING") or g is None or len(g) != len(pts) or any(
            abs(a - b) > 1e-9 for p, q in zip(pts, g) for a, b in zip(p, q)):
        say(f"line {key(r)}: {r['WKT']}, plan.geojson {g}")
print(f"plan_v2_files: {name}: gpkg flows: {len(lines)} lines, "
      + ", ".join(f"{q} {g:g} t" for q, (w, g) in sorted(per.items()))
      + f" (flows.csv: {len(want)} rows, "
      + ", ".join(f"{q} {w:g} t" for q, (w, g) in sorted(per.items())) + ")")
sys.exit(1 if bad else 0)
PY
    # numbers are number cells, ids text: GDAL's XLSX driver types a column
    # from its cells, Integer or Real for number cells (Integer when every
    # value is whole), String when any cell is text
    types "$out/plan.xlsx" flows "$name" "t: $NUM" "period: $NUM" "from: String" "product: String"
    types "$out/plan.xlsx" links "$name" "departures: $NUM" "load_factor: $NUM" \
        "subsidy_usd: $NUM" "mode: String"
}

NUM='(Integer|Real)'
# types FILE SHEET NAME 'COLUMN: TYPE-REGEX'...: ogrinfo reads each column of the sheet so
types() {
    ogrinfo -ro -so "$1" "$2" >"$tmp/$2.info" 2>&1
    sheet=$2
    tname=$3
    shift 3
    for want in "$@"; do
        grep -Eq "^$want \(" "$tmp/$sheet.info" ||
            { say "$tname: sheet $sheet: no '$want'"; cat "$tmp/$sheet.info"; fail=1; }
    done
}

expect 0 "v2_hub -o" "$GF" plan "$D/v2_hub" -o "$tmp/hub"
check v2_hub "$tmp/hub" "$D/v2_hub"
has "$tmp/out" "plan.xlsx plan.gpkg" "v2_hub -o lists the workbook and the GeoPackage"
types "$tmp/hub/plan.xlsx" hubs v2_hub "node: String" "option: String" "fixed_usd: $NUM" \
    "throughput_t: $NUM"
# the hub's option, from the plan (v2_hub opens H with small): not just copied
# between our own files
has "$tmp/places.gpkg.csv" ',H,Hub terminal,MA,hub,"1",small,1000,100' "v2_hub: H open with small in places"

expect 0 "v2_hub closed -o" "$GF" plan "$D/v2_hub" --edit '{"op":"close_node","node":"H"}' \
    -o "$tmp/closed"
check "v2_hub closed" "$tmp/closed" "$D/v2_hub"
has "$tmp/places.gpkg.csv" ',H,Hub terminal,MA,hub,"1",,0,0' "v2_hub closed: H flagged, no option"

expect 0 "v2_milling -o" "$GF" plan "$D/v2_milling" -o "$tmp/milling"
check v2_milling "$tmp/milling" "$D/v2_milling"
types "$tmp/milling/plan.xlsx" conversions v2_milling "from_product: String" \
    "to_product: String" "in_t: $NUM" "out_t: $NUM" "cost_usd: $NUM"
types "$tmp/milling/plan.xlsx" products v2_milling "product: String" "delivered_t: $NUM"

# a rerun into the same folder replaces the nine files and keeps the others
echo mine >"$tmp/milling/keep.txt"
expect 0 "v2_milling -o again" "$GF" plan "$D/v2_milling" -o "$tmp/milling"
check "v2_milling again" "$tmp/milling" "$D/v2_milling"
has "$tmp/milling/keep.txt" "mine" "v2_milling: other files kept"

[ "$fail" -eq 0 ] && say "ok"
exit "$fail"
