#!/bin/sh
# tests/web/run.sh: start a server on a free loopback port with a fresh store,
# run the browser test (tests/web/page.test.js) against it, always stop it.
#   BUILD=build tests/web/run.sh      (make check-web)
# The screenshots go to $BUILD/web/page.png, page-report.png and sweep.png
# (tests/web/sweep.test.js: the Sweep panel).
set -u
BUILD=${BUILD:-build}
GF=$(cd "$BUILD" && pwd)/grainflow
tmp=$(mktemp -d)
pid=""
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

"$GF" serve --listen 127.0.0.1:0 --db "$tmp/store.db" --static web >"$tmp/out" 2>"$tmp/err" &
pid=$!
port=""
for _ in $(seq 50); do
    port=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$tmp/out")
    [ -n "$port" ] && break
    sleep 0.1
done
if [ -z "$port" ]; then
    echo "check-web: the server did not start"; cat "$tmp/err"; exit 1
fi
mkdir -p "$BUILD/web"
"$GF" plan --report "$BUILD/web/report.html" >/dev/null || exit 1
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
