#!/bin/sh
# tests/integration/server_soak.sh: a bounded soak of mixed requests, with
# the server's resident memory and open file descriptors recorded at the
# start and the end.
#   GF=build/grainflow sh tests/integration/server_soak.sh   (make check runs it)
# 4 clients on 127.0.0.1 send 3,000 requests in all: reads of scenarios,
# runs and health, plan runs, 400s, 404s, 405s, static files, HEAD, new
# connections and kept-alive ones, and clients that hang up mid-request.
# After a warm-up of 1,200 (SQLite's page caches and the threads' malloc
# arenas fill), RSS (VmRSS) and the fd count are taken; after the other
# 1,800 they must be flat: the same fds (within 2) and RSS grown by less
# than 16 MiB (not under ASan, whose quarantine keeps freed memory; there
# LeakSanitizer checks that nothing leaked when the server exits).
# The soak is sized by work, 3,000 requests, not by time; its bounds are
# margins against a hang, scaled to the build (lib.sh's $scale: x3 under
# ASan): every request has 10 s x scale, the script 300 s x scale, twice
# the 130 s the plain build's soak took at load average 10 on 2 cores. It
# prints how long the requests took.
set -u
. "$(dirname "$0")/lib.sh"
harness_server server_soak 300 "$@"
# Two malloc arenas: glibc otherwise gives each of the server's threads an
# arena of its own, whose growth would blur the measure.
MALLOC_ARENA_MAX=2
export MALLOC_ARENA_MAX
start S 127.0.0.1 --db "$tmp/s.db" --max-runs 4 --keep-runs 50
unset MALLOC_ARENA_MAX

cat >"$tmp/soak.py" <<'PY'
import http.client, json, random, socket, sys, threading
port, n, seed, tmo = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
J = {"Content-Type": "application/json"}
def one(rng, conn):
    k = rng.randrange(12)
    if k == 0:
        conn.request("POST", "/api/v1/runs", json.dumps({"scenario": "kz-ma-africa",
            "edits": [{"op": "scale_freight", "pct": rng.randrange(50)}]}), J)
    elif k == 1:
        conn.request("POST", "/api/v1/runs", '{"scenario": 5', J)
    elif k == 2:
        conn.request("GET", "/api/v1/runs/%d" % rng.randrange(1, 400))
    elif k == 3:
        conn.request("DELETE", "/api/v1/runs")
    elif k == 4:
        conn.request("GET", "/index.html")
    elif k == 5:
        conn.request("HEAD", "/api/v1/scenarios")
    elif k == 6:
        conn.request("GET", "/api/v1/nothing")
    elif k == 7:
        conn.request("GET", "/api/v1/runs?limit=20")
    elif k == 8:
        s = socket.create_connection(("127.0.0.1", port), timeout=tmo)
        s.sendall(b"POST /api/v1/runs HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n{")
        s.close()
        return 0
    else:
        conn.request("GET", rng.choice(["/api/v1/health", "/api/v1/scenarios",
                                         "/api/v1/scenarios/kz-ma-africa"]))
    r = conn.getresponse()
    r.read()
    return r.status
bad = []
def client(i):
    rng = random.Random(seed * 100 + i)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=tmo)
    for j in range(n):
        try:
            st = one(rng, conn)
            if st >= 500:
                bad.append(st)
        except (OSError, http.client.HTTPException) as e:
            bad.append(repr(e))
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=tmo)
        if rng.randrange(10) == 0:
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=tmo)
ts = [threading.Thread(target=client, args=(i,)) for i in range(4)]
for t in ts: t.start()
for t in ts: t.join()
print("errors", len(bad), bad[:5])
PY
measure() {
    rss=$(sed -n 's/^VmRSS:[^0-9]*\([0-9]*\) kB/\1/p' "/proc/$pid/status")
    fds=$(ls "/proc/$pid/fd" | wc -l)
}
t0=$(date +%s)
python3 "$tmp/soak.py" "$port" 300 1 $((10 * scale)) >"$tmp/warm.out" 2>&1
measure
rss0=$rss
fds0=$fds
python3 "$tmp/soak.py" "$port" 450 2 $((10 * scale)) >"$tmp/soak.out" 2>&1
measure
t1=$(date +%s)
echo "soak: 3000 requests in $((t1 - t0)) s (limit $((300 * scale)) s for the script);" \
    "RSS ${rss0} kB -> ${rss} kB, fds ${fds0} -> ${fds}"
has "no request failed" "$tmp/soak.out" '^errors 0 '
if [ $((fds - fds0)) -gt 2 ] || [ $((fds0 - fds)) -gt 2 ]; then
    bad "open fds grew: $fds0 -> $fds"
else ok "open fds are flat: $fds0 -> $fds"; fi
case "${BUILD:-}" in
*asan*) # ASan holds freed memory in quarantine (up to 256 MiB): RSS says nothing
    echo "RSS not bounded under AddressSanitizer (its quarantine); LeakSanitizer checks leaks at exit" ;;
*)
    if [ $((rss - rss0)) -ge 16384 ]; then bad "RSS grew by $((rss - rss0)) kB"; else
        ok "RSS grew by less than 16 MiB: $((rss - rss0)) kB"; fi
    ;;
esac
curl -s --max-time 10 "http://127.0.0.1:$port/api/v1/health" | grep -q '"store":"ok"' &&
    ok "the store is ok after the soak" || bad "the store is not ok after the soak"
stop S
finish
