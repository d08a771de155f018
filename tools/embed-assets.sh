#!/bin/sh
# tools/embed-assets.sh: print the C file of the HTML report's assets.
#   tools/embed-assets.sh > build/gen/report_assets.c
# Each file of web/ (and of web/node_modules, installed by `npm ci`) becomes
# one NUL-terminated array gf__asset_NAME (see src/export/export_report.c).
set -eu
cd "$(dirname "$0")/.."
nm=web/node_modules
tools/embed.sh gf__asset_report_html web/report.html
tools/embed.sh gf__asset_app_js web/app.js
tools/embed.sh gf__asset_style_css web/style.css
tools/embed.sh gf__asset_d3_js $nm/d3/dist/d3.min.js
tools/embed.sh gf__asset_topojson_js $nm/topojson-client/dist/topojson-client.min.js
tools/embed.sh gf__asset_world_json $nm/world-atlas/countries-110m.json
