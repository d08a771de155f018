#!/bin/sh
# tools/demo.sh: the main job on the default scenario: plan the Kazakhstan ->
# Morocco -> Africa corridor, print the planner's summary and write every
# output (CSV, JSON, GeoJSON) into BUILD/demo; then which hubs the
# version-2 default (hub candidates, departures, the subsidy) should open,
# with grainflow site (one MIP and twelve LP bounds, ~16 s of CPU).
#   tools/demo.sh [BUILD]        (make demo runs it with the build folder)
set -eu
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
GF="$BUILD/grainflow"
OUT="$BUILD/demo"
"$GF" plan "$ROOT/data/kz-ma-africa" -o "$OUT"
echo
echo "== compare: the corridor without the Casablanca hub"
"$GF" compare "$ROOT/data/kz-ma-africa" --without MA_CASABLANCA | tail -n 4
echo
echo "== the version-2 default (hubs, departures, products, subsidy): does a hub pay?"
echo "   (README, 'Does a hub pay?'; proven within 0.1% of the saving)"
"$GF" site "$ROOT/data/kz-ma-africa-v2" --quiet
