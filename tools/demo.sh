#!/bin/sh
# tools/demo.sh: the main job on the default scenario (data/kz-ma-africa,
# format version 2: hub candidates, departures, products, the subsidy):
# plan it, print the planner's summary and write every output (CSV, JSON,
# GeoJSON, the HTML report) into BUILD/demo, proven within 0.1% of the
# saving (~27 s of CPU); then which hub to open, with grainflow site (one
# MIP and twelve LP bounds, ~10 s of CPU).
#   tools/demo.sh [BUILD]        (make demo runs it with the build folder)
set -eu
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
GF="$BUILD/grainflow"
OUT="$BUILD/demo"
echo "== plan: the corridor, hub choices included (README, 'Walk-through')"
"$GF" plan "$ROOT/data/kz-ma-africa" -o "$OUT" --report "$OUT/report.html"
echo
echo "== site: does a hub pay? (README, 'Does a hub pay?')"
"$GF" site "$ROOT/data/kz-ma-africa" --quiet
