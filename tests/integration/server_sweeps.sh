#!/bin/sh
# tests/integration/server_sweeps.sh: sweeps through the HTTP API (issue 9).
#   GF=build/grainflow sh tests/integration/server_sweeps.sh   (make check runs it)
# POST /api/v1/sweeps on a stored scenario and on one given inline answers
# the same run table as `grainflow sweep` byte for byte (CSV) and as JSON,
# with the summary and tornado of --json; spec errors name the field by
# JSON pointer under /spec; progress (runs_done, runs_per_s) while a sweep
# runs; DELETE cancels it (409 the second time); the server's limits hold
# (memory, time, runs, 429 when its run slots are busy); a server stopped
# mid-sweep leaves it "interrupted". Bounded: timeout 240, curl --max-time.
set -u
. "$(dirname "$0")/lib.sh"
harness_server server_sweeps 240 "$@"
J="Content-Type: application/json"

# body RUNS [SCENARIO-JSON]: a POST body of the stress example cut to RUNS runs
body() {
    python3 - "$1" "${2:-}" <<'PY'
import json, sys
spec = json.load(open("examples/sweep-stress.json"))
spec["runs"] = int(sys.argv[1])
scn = json.load(open(sys.argv[2])) if sys.argv[2] else "kz-ma-africa"
print(json.dumps({"scenario": scn, "spec": spec}))
PY
}
# field FILE PYEXPR: a value from the JSON in FILE (as j)
field() { python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$1"; }

start A 127.0.0.1 --db "$tmp/a.db" --quick-ms 60000
A="http://127.0.0.1:$port_A/api/v1"

req GET "$A/openapi.json"
for path in /api/v1/sweeps /api/v1/sweeps/{id} /api/v1/sweeps/{id}/cancel /api/v1/sweeps/{id}/runs; do
    has "openapi.json documents $path" "$tmp/body" "\"$path\""
done

req GET "$A/sweeps/examples"
expect "GET /sweeps/examples" 200 "$code"
expect "it holds every shipped spec as it is" True \
    "$(field "$tmp/body" 'all(j["sweep-" + n] == json.load(open("examples/sweep-" + n + ".json")) for n in ("freight-fob", "grid-fob", "stress"))')"

# ---- a sweep of a stored scenario, the same as the CLI's
body 64 >"$tmp/b64.json"
python3 -c "import json; print(json.dumps(json.load(open('$tmp/b64.json'))['spec']))" >"$tmp/spec64.json"
"$GF" sweep "$tmp/spec64.json" "$ROOT/data/kz-ma-africa-v1" -o "$tmp/cli" --json >"$tmp/cli.json" ||
    bad "grainflow sweep of the same spec failed"
req POST "$A/sweeps" -H "$J" --data-binary @"$tmp/b64.json"
expect "POST /sweeps answers 201 when done within the quick limit" 201 "$code"
has "201 has a Location" "$tmp/hdr" 'Location: /api/v1/sweeps/1'
cp "$tmp/body" "$tmp/s1.json"
expect "the sweep is done" done "$(field "$tmp/s1.json" 'j["status"]')"
expect "every run is kept" 64 "$(field "$tmp/s1.json" 'j["runs_done"]')"
expect "the result counts the runs that solved" 64 "$(field "$tmp/s1.json" 'j["result"]["solved"]')"
expect "the summary is the CLI's" \
    "$(field "$tmp/cli.json" '[(r["result"], r["p10"], r["p50"], r["p90"]) for r in j["summary"]]')" \
    "$(field "$tmp/s1.json" '[(r["result"], r["p10"], r["p50"], r["p90"]) for r in j["result"]["summary"]]')"
expect "the tornado is the CLI's, in the same order" \
    "$(field "$tmp/cli.json" 'j["tornado"]')" "$(field "$tmp/s1.json" 'j["result"]["tornado"]')"
expect "a hub's summary has the probability that it carries flow" True \
    "$(field "$tmp/s1.json" '0 <= [r for r in j["result"]["summary"] if r["result"] == "hub_t:MA_CASABLANCA"][0]["p_carries_flow"] <= 1')"
req GET "$A/sweeps/1/runs?format=csv"
expect "GET /sweeps/1/runs?format=csv" 200 "$code"
has "the run table is CSV" "$tmp/hdr" 'text/csv'
if cmp -s "$tmp/body" "$tmp/cli/runs.csv"; then ok "the server's run table is the CLI's runs.csv byte for byte"; else
    bad "the server's run table differs from the CLI's runs.csv: $(cmp "$tmp/body" "$tmp/cli/runs.csv")"
fi
req GET "$A/sweeps/1/runs"
expect "GET /sweeps/1/runs (JSON)" 200 "$code"
expect "JSON: one row per run, a cell per column" "64 True" \
    "$(field "$tmp/body" 'len(j["runs"]), all(len(r) == len(j["columns"]) for r in j["runs"])')"
expect "JSON: numbers are numbers, the empty reason null, in run order" "[0, 'ok', None] 63" \
    "$(field "$tmp/body" 'j["runs"][0][:3], j["runs"][-1][0]')"
expect "JSON: the saving is the CSV's" \
    "$(sed -n 2p "$tmp/cli/runs.csv" | cut -d, -f9)" \
    "$(field "$tmp/body" '"%.2f" % j["runs"][0][j["columns"].index("saving_usd")]')"
req GET "$A/sweeps"
has "GET /sweeps lists the sweep" "$tmp/body" '"id":1,"scenario":"kz-ma-africa","status":"done"'

# ---- the scenario given inline
req GET "$A/scenarios/kz-ma-africa"
cp "$tmp/body" "$tmp/scn.json"
body 64 "$tmp/scn.json" >"$tmp/inline.json"
req POST "$A/sweeps" -H "$J" --data-binary @"$tmp/inline.json"
expect "POST /sweeps with the scenario inline" 201 "$code"
expect "an inline sweep names no stored scenario" None "$(field "$tmp/body" 'j["scenario"]')"
req GET "$A/sweeps/2/runs?format=csv"
if cmp -s "$tmp/body" "$tmp/cli/runs.csv"; then ok "the inline sweep's table is the same"; else
    bad "the inline sweep's table differs"
fi

# ---- errors: problem+json, the spec's field by JSON pointer under /spec
req POST "$A/sweeps" -H "$J" -d '{"scenario":"kz-ma-africa","spec":{"runs":5,"parameters":[{"name":"x","what":"alt_price","op":"add","markets":["SN_DAKAR","NOWHERE"],"how":{"dist":"fixed","value":1}}]}}'
expect "a bad market" 400 "$code"
has "is problem+json" "$tmp/hdr" 'application/problem+json'
has "names the field by JSON pointer" "$tmp/body" '"input":"/spec/parameters/0/markets/1"'
has "says what is wrong" "$tmp/body" 'NOWHERE'
req POST "$A/sweeps" -H "$J" -d '{"scenario":"kz-ma-africa","spec":{"runs":5},"edits":[]}'
expect "an unknown field" 400 "$code"
has "names it" "$tmp/body" 'unknown field \\"edits\\"'
req POST "$A/sweeps" -H "$J" -d '{"scenario":"kz-ma-africa","spec":[1]}'
expect "a spec that is not an object" 400 "$code"
req POST "$A/sweeps" -H "$J" -d '{"scenario":"nowhere","spec":{"runs":5}}'
expect "an unknown scenario" 404 "$code"
req POST "$A/sweeps" -H "$J" -d '{"scenario":"kz-ma-africa","spec":{"runs":100001,"parameters":[{"name":"f","what":"alt_price","op":"add","how":{"dist":"normal","mean":0,"sd":1}}]}}'
expect "more runs than a server sweep may have" 413 "$code"
has "points at /spec/runs" "$tmp/body" '"input":"/spec/runs"'
req POST "$A/sweeps" -H "$J" -d '{"scenario":'
expect "a body that is not JSON" 400 "$code"
req GET "$A/sweeps/99"
expect "GET an unknown sweep" 404 "$code"
req GET "$A/sweeps/1/nothing"
expect "an unknown sweep resource" 404 "$code"
req GET "$A/sweeps/1/runs?format=xml"
expect "an unknown format" 400 "$code"
req PUT "$A/sweeps"
expect "PUT /sweeps" 405 "$code"
has "405 says what is allowed" "$tmp/hdr" 'Allow: GET, POST'
req DELETE "$A/sweeps/1"
expect "DELETE a finished sweep" 409 "$code"
# the routing /runs and /sweeps share (api_runs.c: gf__path_id, gf__is_cancel)
req GET "$A/sweeps/1/cancel"
expect "GET /sweeps/1/cancel" 405 "$code"
has "a cancel is a POST" "$tmp/hdr" 'Allow: POST'
req GET "$A/runs/1/cancel"
expect "GET /runs/1/cancel" 405 "$code"
has "a run's cancel is a POST" "$tmp/hdr" 'Allow: POST'
req GET "$A/sweeps/1x"
expect "a sweep id that is no number" 404 "$code"
req GET "$A/runs/123456789012345678901234"
expect "a run id longer than any id" 404 "$code"

# ---- progress, then cancel
body 20000 >"$tmp/long.json"
req POST "$A/sweeps?wait_ms=0" -H "$J" --data-binary @"$tmp/long.json"
expect "a long sweep answers 202" 202 "$code"
has "202 has a Location to poll" "$tmp/hdr" 'Location: /api/v1/sweeps/3'
n=0
for _ in $(seq 200); do
    req GET "$A/sweeps/3"
    n=$(field "$tmp/body" 'j["runs_done"]')
    [ "$n" -gt 0 ] && break
    sleep 0.05
done
cp "$tmp/body" "$tmp/progress.json"
expect "while it runs: running, some runs done, a rate" "running True True" \
    "$(field "$tmp/progress.json" 'j["status"], 0 < j["runs_done"] < 20000, j["runs_per_s"] > 0')"
req DELETE "$A/sweeps/3"
expect "DELETE a running sweep" 200 "$code"
expect "it is failed, cancelled" "failed cancelled" "$(field "$tmp/body" 'j["status"], j["error"]["title"]')"
req POST "$A/sweeps/3/cancel"
expect "cancelling it again" 409 "$code"
for _ in $(seq 100); do
    req GET "$A/health"
    [ "$(field "$tmp/body" 'j["active_runs"]')" = 0 ] && break
    sleep 0.05
done
expect "the cancelled sweep gives its run slot back" 0 "$(field "$tmp/body" 'j["active_runs"]')"
req GET "$A/sweeps/3/runs?format=csv"
expect "the runs it kept stay readable" 200 "$code"
stop A

# ---- limits: memory, time, run slots
start B 127.0.0.1 --db "$tmp/b.db" --max-run-memory 1 --quick-ms 60000
req POST "http://127.0.0.1:$port_B/api/v1/sweeps" -H "$J" --data-binary @"$tmp/b64.json"
expect "a sweep over --max-run-memory fails" failed "$(field "$tmp/body" 'j["status"]')"
has "and says which limit" "$tmp/body" 'serve --max-run-memory'
stop B
start C 127.0.0.1 --db "$tmp/c.db" --run-timeout 3 --max-runs 1 --quick-ms 100
C="http://127.0.0.1:$port_C/api/v1"
req POST "$C/sweeps" -H "$J" --data-binary @"$tmp/long.json"
expect "a long sweep" 202 "$code"
req POST "$C/sweeps" -H "$J" --data-binary @"$tmp/b64.json"
expect "a second sweep while the only run slot is busy" 429 "$code"
req POST "$C/runs" -H "$J" -d '{"scenario":"kz-ma-africa"}'
expect "a plan run while a sweep holds the only slot" 429 "$code"
for _ in $(seq 100); do
    req GET "$C/sweeps/1"
    [ "$(field "$tmp/body" 'j["status"]')" = failed ] && break
    sleep 0.1
done
expect "a sweep over --run-timeout fails" "failed over the time limit" \
    "$(field "$tmp/body" 'j["status"], j["error"]["title"]')"
stop C

# ---- a server stopped mid-sweep
start D 127.0.0.1 --db "$tmp/d.db"
req POST "http://127.0.0.1:$port_D/api/v1/sweeps?wait_ms=0" -H "$J" --data-binary @"$tmp/long.json"
expect "a long sweep on D" 202 "$code"
sleep 0.5
stop D
start E 127.0.0.1 --db "$tmp/d.db"
req GET "http://127.0.0.1:$port_E/api/v1/sweeps/1"
expect "a sweep the server stopped is failed, interrupted" "failed interrupted" \
    "$(field "$tmp/body" 'j["status"], j["error"]["title"]')"
stop E

finish
