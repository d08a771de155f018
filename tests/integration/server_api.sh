#!/bin/sh
# tests/integration/server_api.sh: the HTTP API through real HTTP on 127.0.0.1.
#   GF=build/grainflow sh tests/integration/server_api.sh   (make check runs it)
# Starts its own servers on free ports (port 0) with fresh stores, always
# stops them (trap), and is bounded in time: every curl has --max-time and the
# whole script runs under timeout 240. Checks every endpoint, every error class
# (400 malformed / wrong types, 401, 404, 405, 409, 413, 415, 429), CSV upload,
# concurrent runs, 202 + polling, restart keeps the data, and a server killed
# (SIGKILL) in the middle of a run leaves the store consistent.
set -u
. "$(dirname "$0")/lib.sh"
harness_server server_api 240 "$@"
J="Content-Type: application/json"

# ---------------------------------------------------------------- server A
start A 127.0.0.1 --db "$tmp/a.db" --max-runs 8 --quick-ms 30000
A="http://127.0.0.1:$port_A/api/v1"

req GET "$A/scenarios"
expect "GET /scenarios" 200 "$code"
has "the default scenario kz-ma-africa is loaded into a new store" "$tmp/body" '"id":"kz-ma-africa"'
req GET "$A/scenarios/kz-ma-africa"
expect "GET /scenarios/kz-ma-africa" 200 "$code"
has "a scenario is the JSON form of its tables" "$tmp/body" '"links":\[{"from"'
has "a vessel's cargo is a JSON number" "$tmp/body" '"class_cargo_t":[0-9]'
req GET "$A/openapi.json"
expect "GET /openapi.json" 200 "$code"
for path in /api/v1/scenarios /api/v1/scenarios/{id} /api/v1/runs /api/v1/runs/{id} \
    /api/v1/runs/{id}/geojson /api/v1/runs/{id}/report /api/v1/compare /api/v1/health; do
    grep -q "\"$path\"" "$tmp/body" || bad "openapi.json lacks $path"
done
has "openapi.json is OpenAPI 3 and documents the body limit" "$tmp/body" '8388608'
req GET "$A/health"
expect "GET /health (integrity_check)" 200 "$code"

req POST "$A/runs" -H "$J" -d '{"scenario":"kz-ma-africa"}'
expect "POST /runs answers 201 when done quickly" 201 "$code"
has "201 carries the result" "$tmp/body" '"status":"done".*"result":{"status":"optimal"'
has "201 has a Location" "$tmp/hdr" 'Location: /api/v1/runs/1'
has "a stored scenario keeps its start_month" "$tmp/body" '"start_month":7,'
has "a stored scenario keeps its sea legs' vessel class" "$tmp/body" '"mode":"sea","vessel_class":"[a-z_]*"'
req GET "$A/runs/1"
expect "GET /runs/1" 200 "$code"
has "a run records its timings" "$tmp/body" '"duration_ms":[0-9]'
req GET "$A/runs/1/geojson"
expect "GET /runs/1/geojson" 200 "$code"
has "GeoJSON content type" "$tmp/hdr" 'application/geo+json'
has "GeoJSON is a FeatureCollection" "$tmp/body" '"FeatureCollection"'
if command -v ogrinfo >/dev/null 2>&1; then
    cp "$tmp/body" "$tmp/run.geojson"
    if ogrinfo -ro -so -al "$tmp/run.geojson" >/dev/null 2>&1; then ok "GDAL reads the GeoJSON"; else
        bad "ogrinfo cannot read the GeoJSON"; fi
fi
req GET "$A/runs/1/report"
expect "GET /runs/1/report" 200 "$code"
has "the report is HTML" "$tmp/hdr" 'text/html'
has "the report inlines its data" "$tmp/body" 'window.GF_DATA'
if grep -Eq '(src|href)="(https?:)?//' "$tmp/body"; then bad "the report loads from the internet"; else
    ok "the report loads nothing from the internet"; fi

req POST "$A/runs" -H "$J" \
    -d '{"scenario":"kz-ma-africa","edits":[{"op":"scale_freight","mode":"sea","pct":50},{"op":"set_node","node":"MA_CASABLANCA","handling_usd_per_t":9},{"op":"close_link","from":"KZ_AKMOLA","to":"KZ_RU_BORDER","periods":[1,2,3]}]}'
expect "POST /runs with what-if edits" 201 "$code"
run2=$(sed -n 's/^{"id":\([0-9]*\),.*/\1/p' "$tmp/body")
req GET "$A/compare?a=1&b=$run2"
expect "GET /compare?a=1&b=$run2" 200 "$code"
has "compare gives both totals and the difference" "$tmp/body" '"total_cost_usd":{"a":[0-9.e+]*,"b":[0-9.e+]*,"diff":[1-9]'
has "compare reads the average landed cost by its name" "$tmp/body" '"landed_avg_usd_per_t":{"a":[0-9.e+]*[1-9]'
ta=$(sed -n 's/.*"total_cost_usd":{"a":\([0-9.e+]*\),.*/\1/p' "$tmp/body")
tb=$(sed -n 's/.*"total_cost_usd":{"a":[0-9.e+]*,"b":\([0-9.e+]*\),.*/\1/p' "$tmp/body")
curl -s --max-time 10 "$A/runs/1" >"$tmp/run1"
curl -s --max-time 10 "$A/runs/$run2" >"$tmp/run2"
# Both print money exactly from cents (5189849709.60): the same text.
expect "compare re-plans run 1 to its stored total" \
    "$(grep -o '"total_cost_usd":[0-9.e+]*' "$tmp/run1" | head -n 1 | cut -d: -f2)" "$ta"
expect "compare re-plans run $run2 to its stored total" \
    "$(grep -o '"total_cost_usd":[0-9.e+]*' "$tmp/run2" | head -n 1 | cut -d: -f2)" "$tb"
has "compare gives tonnes as integers" "$tmp/body" '"delivered_t":{"a":[0-9]*,"b":[0-9]*,"diff":-\{0,1\}[0-9]*}'
req GET "$A/compare?a=1&b=999999"
expect "compare with an unknown run is 404" 404 "$code"
req GET "$A/compare?scenario=kz-ma-africa&node=MA_CASABLANCA"
expect "compare a scenario with and without a node (gf_plan_compare)" 200 "$code"
has "the node compare names the node" "$tmp/body" '"node": *"MA_CASABLANCA"'
# transit only by default, as the CLI's compare --without: Casablanca keeps its
# own market and transships nothing, so no fee >= 0 makes it a hub (null)
has "the node compare closes transit only by default" "$tmp/body" '"mode": *"transit"'
has "the node compare: Casablanca transships nothing" "$tmp/body" '"transshipped_t": *0,'
has "the node compare: no break-even fee for Casablanca (null)" "$tmp/body" \
    '^  "breakeven_handling_usd_per_t": *null'
has "the node compare: Casablanca's market is served without it" "$tmp/body" \
    '^  "delivered_t_without": *[1-9]'
req GET "$A/compare?scenario=kz-ma-africa&node=MA_CASABLANCA&remove=1"
expect "compare with remove=1 (the node taken out whole)" 200 "$code"
has "remove=1 says so" "$tmp/body" '"mode": *"remove"'
has "remove=1 counts the tonnes arriving at the node" "$tmp/body" '"arriving_t": *[1-9]'
has "remove=1 gives the break-even fee" "$tmp/body" '^  "breakeven_handling_usd_per_t": *[0-9]'
req GET "$A/compare?scenario=kz-ma-africa&node=MA_CASABLANCA,RU_NOVOROSSIYSK"
expect "compare several nodes closed together" 200 "$code"
has "several nodes: each gets its own entry" "$tmp/body" '"node": *"RU_NOVOROSSIYSK"'
"$GF" compare data/kz-ma-africa-v1 --without MA_CASABLANCA --without RU_NOVOROSSIYSK --json |
    grep -v solve_seconds >"$tmp/cli_compare"
if grep -v solve_seconds "$tmp/body" | cmp -s - "$tmp/cli_compare"; then
    ok "several nodes: the answer is the CLI's compare --without A --without B --json"
else
    bad "several nodes: the answer differs from the CLI's compare --json"
fi
req GET "$A/compare?scenario=kz-ma-africa&node=MA_CASABLANCA,MA_CASABLANCA"
expect "compare with a node given twice is 400" 400 "$code"
has "a node given twice is named" "$tmp/body" 'MA_CASABLANCA is given twice'
req GET "$A/compare?scenario=kz-ma-africa&node=MA_CASABLANCA&remove=yes"
expect "compare with remove=yes is 400" 400 "$code"
has "remove=yes says what remove takes" "$tmp/body" 'remove must be 1'
req GET "$A/compare?scenario=kz-ma-africa&node=ATLANTIS"
expect "compare without an unknown node is 400" 400 "$code"
req GET "$A/runs?limit=5"
expect "GET /runs" 200 "$code"
has "the runs list holds the what-if run" "$tmp/body" "\"id\":$run2"

# concurrent runs: 8 at once, each its own solver; all done, distinct ids
for i in 1 2 3 4 5 6 7 8; do
    curl -s --max-time 60 -o "$tmp/c$i" -w '%{http_code}\n' -H "$J" \
        -d "{\"scenario\":\"kz-ma-africa\",\"edits\":[{\"op\":\"scale_freight\",\"pct\":$((i * 5))}]}" \
        "$A/runs" >"$tmp/c$i.code" &
done
wait_all=0
for i in 1 2 3 4 5 6 7 8; do
    while [ ! -s "$tmp/c$i.code" ] && [ $wait_all -lt 600 ]; do
        sleep 0.1
        wait_all=$((wait_all + 1))
    done
done
sleep 0.2
n201=$(cat "$tmp"/c?.code | grep -c '^201$')
expect "8 concurrent runs all answer 201" 8 "$n201"
nids=$(sed -n 's/^{"id":\([0-9]*\),.*/\1/p' "$tmp"/c? | sort -u | wc -l)
expect "8 concurrent runs get 8 ids" 8 "$nids"
# the same edits give the same plan whatever ran beside them
t1=$(sed -n 's/.*"total_cost_usd":\([0-9.e+]*\),.*/\1/p' "$tmp/c3" | head -n 1)
req POST "$A/runs" -H "$J" -d '{"scenario":"kz-ma-africa","edits":[{"op":"scale_freight","pct":15}]}'
t2=$(sed -n 's/.*"total_cost_usd":\([0-9.e+]*\),.*/\1/p' "$tmp/body" | head -n 1)
expect "a run alone equals the same run among 8" "$t1" "$t2"

# ---------------------------------------------------------- error classes
runs_before=$(curl -s --max-time 10 "$A/runs?limit=1000" | grep -o '"id":' | wc -l)
req POST "$A/runs" -H "$J" -d '{"scenario": "kz-ma-africa", '
expect "malformed JSON is 400" 400 "$code"
has "errors are problem+json" "$tmp/hdr" 'application/problem+json'
has "a JSON error names line and column" "$tmp/body" '"input":"request body","line":1,"column"'
req POST "$A/runs" -H "$J" -d '{"scenario": 5}'
expect "wrong type of scenario is 400" 400 "$code"
req POST "$A/runs" -H "$J" -d '{"scenario":"kz-ma-africa","edits":[{"op":"scale_freight","pct":"ten"}]}'
expect "wrong type in an edit is 400" 400 "$code"
has "the error names the field" "$tmp/body" '"input":"/edits/0/pct","field":"pct"'
if grep -q '"src"\|\.c:[0-9]' "$tmp/body"; then bad "an error answer exposes our source: $(cat "$tmp/body")"; else
    ok "an error answer names the input, not our source file"; fi
has "the server log keeps where our code raised it" "$tmp/A.err" '/edits/0/pct: .*\[src/[a-z_/]*\.c:[0-9]*\]'
# a problem answer's exact fields, in order (RFC 9457 plus input and field)
cp "$tmp/body" "$tmp/problem"
if python3 - "$tmp/problem" <<'PY'; then ok "a problem answer has exactly its fields"; else bad "a problem answer's fields: $(cat "$tmp/problem")"; fi
import json, sys
p = json.load(open(sys.argv[1]))
assert list(p) == ["type", "title", "status", "detail", "instance", "code", "input", "field"], list(p)
assert p["type"] == "urn:grainflow:problem:GF_EINVAL" and p["title"] == "invalid argument"
assert p["status"] == 400 and p["code"] == "GF_EINVAL" and p["instance"] == "/api/v1/runs"
assert p["input"] == "/edits/0/pct" and p["field"] == "pct" and "pct" in p["detail"]
PY
req POST "$A/runs" -H "$J" -d '{"scenario":"kz-ma-africa","edits":[{"op":"close_node","node":"ATLANTIS"}]}'
expect "an unknown node in an edit is 400" 400 "$code"
req POST "$A/runs" -H "$J" -d '{"scenario":"kz-ma-africa","colour":"red"}'
expect "an unknown field is 400" 400 "$code"
req POST "$A/runs" -H "$J" -d '{"scenario":"nowhere"}'
expect "an unknown scenario is 404" 404 "$code"
req POST "$A/runs" -H "Content-Type: text/plain" -d 'hello'
expect "a body that is not JSON is 415" 415 "$code"
req GET "$A/runs/999999"
expect "an unknown run is 404" 404 "$code"
req GET "$A/runs/abc"
expect "a run id that is not a number is 404" 404 "$code"
req GET "$A/runs/1/nothing"
expect "an unknown run resource is 404" 404 "$code"
req GET "$A/nothing"
expect "an unknown route is 404" 404 "$code"
req DELETE "$A/runs"
expect "a wrong method is 405" 405 "$code"
has "405 says what is allowed" "$tmp/hdr" 'Allow: GET, POST'
req GET "$A/compare?a=1"
expect "compare without b is 400" 400 "$code"
expect "a problem answer is written compactly, field by field" \
    '{"type":"urn:grainflow:problem:GF_EINVAL","title":"invalid argument","status":400,"detail":"compare needs ?a=RUN&b=RUN (two run ids) or ?scenario=ID&node=NODE[,NODE...]","instance":"/api/v1/compare","code":"GF_EINVAL"}' \
    "$(cat "$tmp/body")"
head -c 9000000 /dev/zero | tr '\0' ' ' >"$tmp/big"
req POST "$A/runs" -H "$J" --data-binary @"$tmp/big"
expect "a body over 8 MiB is 413" 413 "$code"
req POST "$A/runs" -H "$J" -H "Transfer-Encoding: chunked" --data-binary @"$tmp/big"
expect "a chunked body over 8 MiB is 413" 413 "$code"
runs_after=$(curl -s --max-time 10 "$A/runs?limit=1000" | grep -o '"id":' | wc -l)
expect "bad requests create no run" "$runs_before" "$runs_after"

# ---------------------------------------------------------------- scenarios
printf '{"id":"tiny","format":1,"scenario":{"name":"tiny","periods":2},"nodes":[{"id":"A","name":"a","country":"KZ","kind":"origin","lat":50,"lon":60},{"id":"B","name":"b","country":"MA","kind":"market","lat":33,"lon":-7}],"links":[{"from":"A","to":"B","mode":"rail","distance_km":10,"cost_usd_per_t":5,"transit_days":0}],"supply":[{"node":"A","t":100,"price_usd_per_t":100}],"demand":[{"node":"B","t":60,"alt_price_usd_per_t":200}]}' >"$tmp/tiny.json"
req POST "$A/scenarios" -H "$J" --data-binary @"$tmp/tiny.json"
expect "POST /scenarios (JSON) creates" 201 "$code"
has "201 has the scenario's Location" "$tmp/hdr" 'Location: /api/v1/scenarios/tiny'
req POST "$A/scenarios" -H "$J" --data-binary @"$tmp/tiny.json"
expect "POST of an existing id is 409" 409 "$code"
req POST "$A/runs" -H "$J" -d '{"scenario":"tiny"}'
expect "a run of the new scenario" 201 "$code"
has "the tiny plan delivers 60 t at 105 USD/t" "$tmp/body" '"delivered_t":60,'
sed 's/"lat":33/"lat":333/' "$tmp/tiny.json" | sed 's/"id":"tiny"/"id":"tiny2"/' >"$tmp/bad.json"
req POST "$A/scenarios" -H "$J" --data-binary @"$tmp/bad.json"
expect "a scenario with a bad latitude is 400" 400 "$code"
has "the error names nodes.csv line 3 column 5 like the CLI" "$tmp/body" '"input":"nodes.csv","line":3,"column":5'
d=data/kz-ma-africa-v1
req POST "$A/scenarios" -F id=upload -F scenario=@$d/scenario.csv -F nodes=@$d/nodes.csv \
    -F links=@$d/links.csv -F supply=@$d/supply.csv -F demand=@$d/demand.csv
expect "POST /scenarios (CSV upload) creates" 201 "$code"
sed '5s/,[-0-9.]*,\([-0-9.]*\),/,95.5,\1,/' $d/nodes.csv >"$tmp/nodes.csv"
req POST "$A/scenarios" -F id=upload2 -F nodes=@"$tmp/nodes.csv" \
    -F links=@$d/links.csv -F supply=@$d/supply.csv -F demand=@$d/demand.csv
expect "a CSV upload with a bad latitude is 400" 400 "$code"
has "the upload error names nodes.csv line 5" "$tmp/body" '"input":"nodes.csv","line":5'
req POST "$A/scenarios" -H "Content-Type: multipart/form-data; boundary=xyz" -d 'garbage'
expect "a malformed multipart body is 400" 400 "$code"
d=tests/data/v2_periods # format version 2 parts: period overrides, upload and run
req POST "$A/scenarios" -F id=periods -F scenario=@$d/scenario.csv -F nodes=@$d/nodes.csv \
    -F links=@$d/links.csv -F supply=@$d/supply.csv -F demand=@$d/demand.csv \
    -F link_periods=@$d/link_periods.csv -F node_periods=@$d/node_periods.csv
expect "a CSV upload with link_periods and node_periods creates" 201 "$code"
req POST "$A/runs" -H "$J" -d '{"scenario":"periods"}'
has "its plan keeps the overrides: 260 t of 300 delivered" "$tmp/body" '"delivered_t":260,'
d=tests/data/v2_hub
printf 'node,option,fixed_usd_per_year,throughput_t_per_period\nH,small,1,\n' >"$tmp/hubs.csv"
req POST "$A/scenarios" -F id=hub2 -F nodes=@$d/nodes.csv -F links=@$d/links.csv \
    -F supply=@$d/supply.csv -F demand=@$d/demand.csv -F hubs=@"$tmp/hubs.csv"
expect "an upload with a bad hubs.csv is 400" 400 "$code"
has "the upload error names hubs.csv line 2" "$tmp/body" '"input":"hubs.csv","line":2'
d=data/kz-ma-africa-v1
req GET "$A/scenarios"
for id in kz-ma-africa tiny upload; do
    grep -q "\"id\":\"$id\"" "$tmp/body" || bad "scenario $id missing from the list"
done
if grep -q '"id":"tiny2"\|"id":"upload2"' "$tmp/body"; then bad "a refused scenario was stored"; else
    ok "refused scenarios are not stored"; fi
req DELETE "$A/scenarios/upload"
expect "DELETE /scenarios/upload" 204 "$code"
req GET "$A/scenarios/upload"
expect "a deleted scenario is 404" 404 "$code"
req DELETE "$A/scenarios/upload"
expect "deleting it again is 404" 404 "$code"

# ---------------------------------------------------------- static files
base="http://127.0.0.1:$port_A"
req GET "$base/"
expect "GET / serves the page" 200 "$code"
has "the page is the grainflow page" "$tmp/body" 'grainflow'
for p in "/../../../../etc/passwd" "/%2e%2e/%2e%2e/%2e%2e/etc/passwd" "/node_modules/../../Makefile" \
    "/..%2f..%2fMakefile" "/.git/config" "/%2e%2e%2f%2e%2e%2fMakefile"; do
    code=$(curl -s --max-time 10 --path-as-is -o "$tmp/body" -w '%{http_code}' "$base$p")
    if [ "$code" = 404 ] && ! grep -q 'root:\|CPPFLAGS' "$tmp/body"; then
        ok "static $p stays inside its folder (404)"
    else
        bad "static $p: $code $(head -c 80 "$tmp/body")"
    fi
done

# ------------------------------------------------------ restart keeps data
stop A
start A 127.0.0.1 --db "$tmp/a.db"
A="http://127.0.0.1:$port_A/api/v1"
req GET "$A/scenarios/tiny"
expect "after a restart the uploaded scenario is there" 200 "$code"
req GET "$A/runs/$run2"
expect "after a restart the run is there" 200 "$code"
has "with its result" "$tmp/body" '"status":"done".*"total_cost_usd"'
req GET "$A/health"
expect "after a restart the store is consistent" 200 "$code"

# ------------------------------------------ token, 429, 202, kill mid-way
start B 127.0.0.1 --db "$tmp/b.db" --token s3cret --max-runs 1 --test-delay-ms 1500
B="http://127.0.0.1:$port_B/api/v1"
T="Authorization: Bearer s3cret"
req GET "$B/scenarios"
expect "no token is 401" 401 "$code"
has "401 asks for a bearer token" "$tmp/hdr" 'WWW-Authenticate: Bearer'
has "401 is titled unauthorized" "$tmp/body" '"title":"unauthorized"'
req GET "$B/scenarios" -H "Authorization: Bearer wrong"
expect "a wrong token is 401" 401 "$code"
req GET "$B/scenarios" -H "$T"
expect "the right token is 200" 200 "$code"
req POST "$B/runs?wait_ms=0" -H "$T" -H "$J" -d '{"scenario":"kz-ma-africa"}'
expect "a slow run answers 202" 202 "$code"
has "202 has a Location to poll" "$tmp/hdr" 'Location: /api/v1/runs/1'
req POST "$B/runs" -H "$T" -H "$J" -d '{"scenario":"kz-ma-africa"}'
expect "a run over --max-runs is 429" 429 "$code"
has "429 says when to retry" "$tmp/hdr" 'Retry-After: 1'
status=""
for _ in $(seq 60); do
    status=$(curl -s --max-time 10 -H "$T" "$B/runs/1" | grep -o '"status":"[a-z]*"' | head -n 1 |
        sed 's/.*:"\(.*\)"/\1/')
    [ "$status" = done ] && break
    sleep 0.1
done
expect "polling the 202 run ends done" done "$status"
req POST "$B/runs?wait_ms=0" -H "$T" -H "$J" -d '{"scenario":"kz-ma-africa"}'
expect "another slow run answers 202" 202 "$code"
sleep 0.3
stop B KILL
start B 127.0.0.1 --db "$tmp/b.db" --token s3cret
B="http://127.0.0.1:$port_B/api/v1"
req GET "$B/health" -H "$T"
expect "after SIGKILL mid-run the store passes integrity_check" 200 "$code"
req GET "$B/runs/2" -H "$T"
has "the killed run is marked failed (interrupted)" "$tmp/body" '"status":"failed".*"interrupted"'
req GET "$B/runs/1" -H "$T"
has "the finished run kept its result" "$tmp/body" '"status":"done".*"result":{'
if command -v python3 >/dev/null 2>&1; then
    r=$(sql "$tmp/b.db" 'PRAGMA integrity_check')
    expect "PRAGMA integrity_check on the file itself" ok "$r"
fi

# ----------------------------------------------------- no request crashes
for m in FOO OPTIONS PATCH; do
    curl -s --max-time 5 -o /dev/null -X "$m" "$A/runs" || true
done
curl -s --max-time 5 -o /dev/null -H "$J" -d '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[' "$A/runs" || true
curl -s --max-time 5 -o /dev/null -H "$J" -d '{"scenario":"kz-ma-africa","edits":[null,1,"x",{}]}' "$A/runs" || true
curl -s --max-time 5 -o /dev/null -H "Content-Length: 99999999999999999999" -d 'x' "$A/runs" || true
curl -s --max-time 5 -o /dev/null "$A/runs/99999999999999999999999999" || true
curl -s --max-time 5 -o /dev/null "$A/scenarios/$(head -c 300 /dev/zero | tr '\0' a)" || true
req GET "$A/health"
expect "after odd requests the server still answers" 200 "$code"

stop A
stop B
finish
