#!/bin/sh
# tests/integration/sea_lanes.sh: no sea leg of the default corridor's plan crosses land.
# Plans the version-1 build (data/kz-ma-africa-v1: a network-simplex plan of a
# second; the lanes are drawn by the same code for both versions) into a
# folder, then checks every sea and ferry
# LineString of plan.geojson against Natural Earth's 1:50m land outlines
# (tests/web/sea_legs_on_land.js, world-atlas from web/node_modules). The
# checker is first shown a straight Novorossiysk -> Casablanca line, which
# crosses Turkey and must be caught, so a checker that sees no land fails.
#   GF=build/grainflow sh tests/integration/sea_lanes.sh   (from the repository root)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
GF=${GF:-$ROOT/build/grainflow}
CHECK=$ROOT/tests/web/sea_legs_on_land.js
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/straight.geojson" <<'JSON'
{"type": "FeatureCollection", "features": [{"type": "Feature",
 "geometry": {"type": "LineString", "coordinates": [[37.782, 44.721], [-7.613, 33.623]]},
 "properties": {"from": "RU_NOVOROSSIYSK", "to": "MA_CASABLANCA", "mode": "sea"}}]}
JSON
if node "$CHECK" "$tmp/straight.geojson" >"$tmp/out" 2>&1 || ! grep -q '^LAND ' "$tmp/out"; then
    echo "sea_lanes: the checker missed a straight line across Turkey"
    cat "$tmp/out"
    exit 1
fi

"$GF" plan "$ROOT/data/kz-ma-africa-v1" -o "$tmp/plan" >/dev/null 2>"$tmp/err" || {
    echo "sea_lanes: grainflow plan failed"
    cat "$tmp/err"
    exit 1
}
node "$CHECK" "$tmp/plan/plan.geojson" >"$tmp/out" 2>&1
rc=$?
cat "$tmp/out"
# every sea leg is routed (more than its two ends), and there are some
legs=$(grep -c '^sea  ' "$tmp/out")
straight=$(grep -c '(sea, 2 points)' "$tmp/out")
if [ "$rc" -ne 0 ] || [ "$legs" -lt 10 ] || [ "$straight" -ne 0 ]; then
    echo "sea_lanes: FAILED ($legs legs at sea, $straight straight, checker exit $rc)"
    exit 1
fi
echo "sea_lanes: ok"
