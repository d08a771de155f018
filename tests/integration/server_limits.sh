#!/bin/sh
# tests/integration/server_limits.sh: the server under slow, hostile and
# careless clients, and its small HTTP rules, through real HTTP on loopback.
#   GF=build/grainflow sh tests/integration/server_limits.sh   (make check runs it)
# Checks: 300 slow clients (a header line every second, from 127.0.0.2-11)
# hold on while a normal request from 127.0.0.1 is answered at once, and are
# cut off at the request deadline; the per-address limit; clients that hang
# up in the middle of a body; Bearer in any case; HEAD on the API; %00 in a
# URL; the start-up line names the address listened on; --token warns; a
# second server on one store refuses to start; --keep-runs prunes old runs;
# --max-arcs refuses a run before building it; DELETE cancels a run;
# --run-timeout fails a run that takes too long; SIGTERM stops promptly with
# a run going and marks it interrupted; --max-run-memory fails a run that
# needs more, naming the limit.
# Traffic goes to 127.0.0.0/8 only; every client and curl is bounded in time
# and the whole script runs under timeout 120.
set -u
. "$(dirname "$0")/lib.sh"
harness_server server_limits 120 "$@"
REQ_TIMEOUT=10

# ------------------------------------------------ the start-up line, --token
start A 127.0.0.2 --db "$tmp/a.db" --token s3cret --request-timeout 4 --max-conns-per-ip 40
A="http://127.0.0.2:$port/api/v1"
portA=$port
has "the start-up line names the address listened on" "$tmp/A.out" "serving http://127.0.0.2:$port/"
has "--token warns that the process list shows it" "$tmp/A.err" 'process list.*GRAINFLOW_TOKEN'

# ------------------------------------------------------------ small rules
for h in "Bearer s3cret" "bearer s3cret" "BEARER s3cret" "Bearer   s3cret"; do
    req GET "$A/health" -H "Authorization: $h"
    expect "Authorization: $h is accepted (RFC 7235: the scheme is case-insensitive)" 200 "$code"
done
req GET "$A/health" -H "Authorization: Bearer s3cre"
expect "a wrong token is still 401" 401 "$code"
T="Authorization: bearer s3cret"
code=$(curl -s --max-time 10 -I -o "$tmp/hdr" -w '%{http_code}' -H "$T" "$A/scenarios")
expect "HEAD on an API route is answered as GET" 200 "$code"
has "HEAD gives the GET's content type" "$tmp/hdr" 'application/json'
code=$(curl -s --max-time 10 -I -o /dev/null -w '%{http_code}' -H "$T" "$A/runs/1")
expect "HEAD on an unknown run is 404, not 405" 404 "$code"
for u in "/index.html%00.txt" "/api/v1/scenarios%00/x" "/api/v1/runs?limit=5%00"; do
    code=$(curl -s --max-time 10 --path-as-is -o "$tmp/body" -w '%{http_code}' -H "$T" \
        "http://127.0.0.2:$portA$u")
    expect "%00 in $u is refused, not cut" 400 "$code"
done
has "the refusal names the NUL byte" "$tmp/body" 'NUL byte'
code=$(curl -s --max-time 10 --path-as-is -o "$tmp/body" -w '%{http_code}' -H "$T" \
    "http://127.0.0.2:$portA/api/v1/nothing%FF%C3")
expect "a path that is not UTF-8 is a 404, not an empty 503" 404 "$code"
if python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/body" 2>/dev/null; then
    ok "and its problem+json parses (the bad bytes replaced)"
else bad "the 404's body is not JSON: $(head -c 200 "$tmp/body")"; fi
printf -- '--xyz\r\nContent-Disposition: form-data; name="links\247.csv"\r\n\r\na\r\n--xyz--\r\n' \
    >"$tmp/badname"
code=$(curl -s --max-time 10 -o "$tmp/body" -w '%{http_code}' -H "$T" \
    -H "Content-Type: multipart/form-data; boundary=xyz" --data-binary @"$tmp/badname" \
    "http://127.0.0.2:$portA/api/v1/scenarios")
expect "an upload with a form field name that is not UTF-8 is a 400" 400 "$code"
has "naming the field, its bad byte replaced" "$tmp/body" 'unknown form field \\"links?.csv'

# ------------------------------------------------------ one server per store
"$GF" serve --listen 127.0.0.1:0 --db "$tmp/a.db" --data data/kz-ma-africa-v1 >"$tmp/A2.out" \
    2>"$tmp/A2.err" &
p2=$!
pids="$pids $p2"
rc2=""
for _ in $(seq 100); do
    if ! kill -0 "$p2" 2>/dev/null; then
        wait "$p2"
        rc2=$?
        break
    fi
    sleep 0.05
done
if [ -n "$rc2" ] && [ "$rc2" -ne 0 ]; then ok "a second server on the same store refuses to start"; else
    bad "a second server on the same store did not stop (rc '$rc2')"
fi
has "it names the owner's pid" "$tmp/A2.err" "in use by another grainflow server (pid $pid_A)"

# -------------------------------------------------------------- slow clients
cat >"$tmp/slow.py" <<'PY'
import socket, sys, time
# slow.py PORT N SECONDS: N clients from 127.0.0.2..11, each sending one
# header line a second and never ending its request; prints how many were
# connected at the start and how many the server had cut off by the end.
port, n, secs = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
socks = []
for i in range(n):
    s = socket.socket()
    s.settimeout(2)
    s.bind(("127.0.0.%d" % (2 + i % 10), 0))
    try:
        s.connect(("127.0.0.2", port))
        s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")
        socks.append(s)
    except OSError:
        s.close()
print("connected", len(socks), flush=True)
open(sys.argv[4], "w").write("ready\n")
start = time.time()
end = start + secs
cut = set()
early = 0
while time.time() < end and len(cut) < len(socks):
    for k, s in enumerate(socks):
        if k in cut:
            continue
        try:
            s.sendall(b"X-Slow: 1\r\n")
            s.setblocking(False)
            if s.recv(1) == b"":
                cut.add(k)
        except BlockingIOError:
            pass
        except OSError:
            cut.add(k)
        finally:
            s.setblocking(True)
        if k in cut and time.time() - start < 2:
            early += 1
    time.sleep(1)
print("early", early, flush=True)
print("cut", len(cut), flush=True)
PY
python3 "$tmp/slow.py" "$portA" 300 12 "$tmp/slow.ready" >"$tmp/slow.out" 2>&1 &
slow=$!
pids="$pids $slow"
for _ in $(seq 100); do [ -s "$tmp/slow.ready" ] && break; sleep 0.1; done
has "300 slow clients are connected" "$tmp/slow.out" 'connected 300'
t0=$(date +%s%N)
req GET "$A/health" -H "$T"
t1=$(date +%s%N)
expect "a normal request is answered while 300 slow clients hang on" 200 "$code"
ms=$(((t1 - t0) / 1000000))
if [ "$ms" -lt 2000 ]; then ok "it is answered at once (${ms} ms)"; else bad "it took ${ms} ms"; fi
wait "$slow"
has "no slow client is cut off before its deadline" "$tmp/slow.out" 'early 0'
has "every slow client is cut off at the request deadline (4 s)" "$tmp/slow.out" 'cut 300'
req GET "$A/health" -H "$T"
expect "the server answers after the slow clients" 200 "$code"

# the per-address limit: 60 slow clients from one address, 40 allowed
cat >"$tmp/one.py" <<'PY'
import socket, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
socks, refused = [], 0
for i in range(n):
    s = socket.socket()
    s.settimeout(2)
    s.bind(("127.0.0.9", 0))
    s.connect(("127.0.0.2", port))
    s.sendall(b"GET / HTTP/1.1\r\n")
    socks.append(s)
time.sleep(0.5)
for s in socks:
    try:
        s.setblocking(False)
        if s.recv(1) == b"":
            refused += 1
    except BlockingIOError:
        pass
    except OSError:
        refused += 1
print("refused", refused, flush=True)
PY
python3 "$tmp/one.py" "$portA" 60 >"$tmp/one.out" 2>&1
has "past --max-conns-per-ip 40, one address's connections are closed" "$tmp/one.out" 'refused 20'

# --------------------------------------------- clients that hang up mid-body
for i in $(seq 20); do
    python3 - "$portA" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.2", int(sys.argv[1])), timeout=2)
s.sendall(b"POST /api/v1/runs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer s3cret\r\n"
          b"Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"scenario\":")
s.close()
PY
done
req GET "$A/runs?limit=1000" -H "$T"
expect "after 20 clients hung up mid-body the server answers" 200 "$code"
expect "and no run was created" '[]' "$(cat "$tmp/body")"

# ---------------------------------------------------------------- retention
start K 127.0.0.1 --db "$tmp/k.db" --keep-runs 2
K="http://127.0.0.1:$port/api/v1"
for i in 1 2 3 4; do
    req POST "$K/runs" -H "Content-Type: application/json" -d '{"scenario":"kz-ma-africa"}'
done
expect "runs still answer 201 with --keep-runs" 201 "$code"
req GET "$K/runs?limit=1000"
expect "--keep-runs 2 keeps the newest two finished runs" 2 "$(grep -o '"id":' "$tmp/body" | wc -l)"
has "the newest run is kept" "$tmp/body" '"id":4,'
req GET "$K/runs/1"
expect "an old run is pruned" 404 "$code"

# ----------------------------------------------- run size, cancel, time, stop
J="Content-Type: application/json"
start R 127.0.0.1 --db "$tmp/r.db" --max-arcs 5000 --test-delay-ms 30000 --run-timeout 2
R="http://127.0.0.1:$port/api/v1"
req POST "$R/runs" -H "$J" -d '{"scenario":"kz-ma-africa"}'
expect "a run whose network is over --max-arcs is refused before it is built" 413 "$code"
has "the refusal gives the estimate and the option" "$tmp/body" 'about [0-9]* arcs.*--max-arcs'
stop R
start R 127.0.0.1 --db "$tmp/r.db" --test-delay-ms 30000 --run-timeout 2 --max-runs 3
R="http://127.0.0.1:$port/api/v1"
req POST "$R/runs?wait_ms=0" -H "$J" -d '{"scenario":"kz-ma-africa"}'
expect "a slow run answers 202" 202 "$code"
id=$(sed -n 's/^{"id":\([0-9]*\),.*/\1/p' "$tmp/body")
req DELETE "$R/runs/$id"
expect "DELETE cancels a running run" 200 "$code"
has "it is failed as cancelled at once" "$tmp/body" '"status":"failed".*"cancelled"'
req DELETE "$R/runs/$id"
expect "cancelling it again is 409" 409 "$code"
req POST "$R/runs/$id/cancel"
expect "POST .../cancel on a finished run is 409 too" 409 "$code"
req POST "$R/runs?wait_ms=0" -H "$J" -d '{"scenario":"kz-ma-africa"}'
id2=$(sed -n 's/^{"id":\([0-9]*\),.*/\1/p' "$tmp/body")
sleep 3
req GET "$R/runs/$id2"
has "a run past --run-timeout is failed, its result dropped" "$tmp/body" '"status":"failed".*"over the time limit"'
req POST "$R/runs?wait_ms=0" -H "$J" -d '{"scenario":"kz-ma-africa","edits":[{"op":"scale_freight","pct":2}]}'
id3=$(sed -n 's/^{"id":\([0-9]*\),.*/\1/p' "$tmp/body")
t0=$(date +%s%N)
kill -TERM "$pid_R"
wait "$pid_R"
rcR=$?
t1=$(date +%s%N)
expect "SIGTERM with a run going exits 0" 0 "$rcR"
ms=$(((t1 - t0) / 1000000))
if [ "$ms" -lt 4000 ]; then ok "SIGTERM with a 30 s run going stops promptly (${ms} ms)"; else
    bad "SIGTERM took ${ms} ms"; fi
v=$(sql "$tmp/r.db" 'select status, error from runs where id=?' "$id3")
case "$v" in
*failed*interrupted*) ok "the stopped run is marked interrupted by the shutdown itself" ;;
*) bad "the stopped run is: $v" ;;
esac

# ---------------------------------------------------------------- run memory
start M 127.0.0.1 --db "$tmp/m.db" --max-run-memory 1
M="http://127.0.0.1:$port/api/v1"
req POST "$M/runs" -H "$J" -d '{"scenario":"kz-ma-africa"}'
id=$(sed -n 's/^{"id":\([0-9]*\),.*/\1/p' "$tmp/body")
for _ in $(seq 50); do
    req GET "$M/runs/$id"
    grep -q '"status":"\(done\|failed\)"' "$tmp/body" && break
    sleep 0.1
done
has "a run over --max-run-memory fails naming the limit" "$tmp/body" \
    '"status":"failed".*more than 1 MB.*--max-run-memory'
req GET "$M/scenarios"
expect "the server goes on serving after a run hit its memory limit" 200 "$code"
stop M
start M 127.0.0.1 --db "$tmp/m.db" --max-run-memory 512
M="http://127.0.0.1:$port/api/v1"
req POST "$M/runs" -H "$J" -d '{"scenario":"kz-ma-africa"}'
has "the same run under a 512 MB limit is done" "$tmp/body" '"status":"done"'
stop M

kill -TERM "$pid_A" "$pid_K"
wait "$pid_A"
rcA=$?
wait "$pid_K"
expect "server A stops cleanly on SIGTERM" 0 "$rcA"
finish
