#!/bin/sh
# tests/web/run.sh: start a server on a free loopback port with a fresh store,
# run the browser tests (tests/web/page.test.js, sweep.test.js: their
# chromium setup is the one in tests/web/browser.js) against it, always stop it.
#   BUILD=build tests/web/run.sh      (make check-web)
# The screenshots go to $BUILD/web/page.png, page-report.png, page-v2.png and
# sweep.png (tests/web/sweep.test.js: the Sweep panel).
set -u
BUILD=${BUILD:-build}
GF=$(cd "$BUILD" && pwd)/grainflow
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
pid=""
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# The store's "kz-ma-africa" is the version-1 build: the page's what-if
# checks expect network-simplex runs of milliseconds (a version-2 run is
# tested on the uploaded tests/data scenario instead).
"$GF" serve --listen 127.0.0.1:0 --db "$tmp/store.db" --data "$ROOT/data/kz-ma-africa-v1" --static web >"$tmp/out" 2>"$tmp/err" &
pid=$!
. "$ROOT/tools/serve_port.sh"
if ! port=$(serve_port "$tmp/out" "$pid" 10); then
    echo "check-web: the server did not start"; cat "$tmp/err"; exit 1
fi
# small version-2 scenarios for the page's version-2 view (web/v2.js)
upload() { # upload ID DIR FILE...: store tests/data/DIR's files as scenario ID
    id=$1
    d=tests/data/$2
    shift 2
    args=""
    for f in "$@"; do args="$args -F $f=@$d/$f.csv"; done
    # shellcheck disable=SC2086
    code=$(curl -s --max-time 30 -o "$tmp/up" -w '%{http_code}' -F "id=$id" $args \
        "http://127.0.0.1:$port/api/v1/scenarios")
    [ "$code" = 201 ] || { echo "check-web: upload $id: $code $(cat "$tmp/up")"; exit 1; }
}
upload v2-hub v2_hub scenario nodes links supply demand hubs
upload v2-milling v2_milling scenario nodes links supply demand products conversions
upload v2-stock v2_stock scenario nodes links supply demand hubs
mkdir -p "$BUILD/web"
"$GF" plan "$ROOT/data/kz-ma-africa-v1" --report "$BUILD/web/report.html" >/dev/null || exit 1
# a workbook for the page's upload: tests/data/hub, one sheet per table
# (ogr2ogr, not our code; number columns become number cells)
for t in nodes links supply demand; do
    ogr2ogr -f XLSX -update -append "$tmp/hub.xlsx" "tests/data/hub/$t.csv" -nln "$t" \
        -oo AUTODETECT_TYPE=YES || exit 1
done
GF_WORKBOOK="$tmp/hub.xlsx" timeout 180 node tests/web/page.test.js "http://127.0.0.1:$port/" "$BUILD/web/page.png" \
    "$BUILD/web/report.html"
rc=$?
timeout 180 node tests/web/sweep.test.js "http://127.0.0.1:$port/" "$BUILD/web/sweep.png" || rc=1
echo "check-web: $([ $rc -eq 0 ] && echo ok || echo FAILED)"
exit $rc
