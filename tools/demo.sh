#!/bin/sh
# tools/demo.sh: the main job on the default scenario: plan the Kazakhstan ->
# Morocco -> Africa corridor, print the planner's summary and write every
# output (CSV, JSON, GeoJSON) into BUILD/demo; then the version-2 default
# (hub candidates, departures, the subsidy) with a 10 s limit on CBC.
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
echo "== the version-2 default (hubs, departures, products, subsidy): best plan CBC finds in 10 s"
echo "   (README, 'Does a hub pay?': the bound that proves no hub pays)"
"$GF" plan "$ROOT/data/kz-ma-africa-v2" --time-limit 10
