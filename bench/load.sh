#!/bin/sh
# bench/load.sh: load test of a what-if plan request with wrk (Debian wrk).
#   bench/load.sh [BUILD]          (default build; run `make` first)
# Starts grainflow serve on a free 127.0.0.1 port with a fresh store in a
# temporary folder, posts one run to warm up, then wrk posts
#   {"scenario":"kz-ma-africa","edits":[{"op":"scale_freight","mode":"sea","pct":10}]}
# to /api/v1/runs over 8 connections for 20 s (each a full re-plan of the
# default scenario stored as a run), twice: round 1 warms up, round 2 is
# measured. Prints requests/s, p99 latency, errors
# (non-2xx answers and socket errors) of round 2 and the server's resident
# memory after warm-up and after each round; always stops the server and removes its store.
set -u
BUILD=${1:-build}
GF=$(cd "$BUILD" && pwd)/grainflow
CONNS=${CONNS:-8}
SECS=${SECS:-20}
command -v wrk >/dev/null 2>&1 || { echo "load.sh: needs wrk (tools/install-deps bench)"; exit 2; }
tmp=$(mktemp -d)
pid=""
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

"$GF" serve --listen 127.0.0.1:0 --db "$tmp/store.db" --data data/kz-ma-africa-v1 \
    --max-runs "$CONNS" >"$tmp/out" 2>"$tmp/err" &
pid=$!
. "$(dirname "$0")/../tools/serve_port.sh"
port=$(serve_port "$tmp/out" "$pid" 10) || { echo "load.sh: server did not start"; cat "$tmp/err"; exit 1; }
url="http://127.0.0.1:$port/api/v1/runs"
body='{"scenario":"kz-ma-africa","edits":[{"op":"scale_freight","mode":"sea","pct":10}]}'
cat >"$tmp/post.lua" <<LUA
wrk.method = "POST"
wrk.body = '$body'
wrk.headers["Content-Type"] = "application/json"
LUA
rss() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$pid/status"; }

for _ in 1 2 3; do
    curl -s --max-time 30 -o /dev/null -H "Content-Type: application/json" -d "$body" "$url"
done
rss0=$(rss)
# Round 1 brings every pooled store connection, thread arena and cache to its
# working size; round 2 is the measurement: flat memory means round 2 adds
# (almost) nothing to what round 1 reached.
timeout $((SECS + 30)) wrk -t2 -c"$CONNS" -d"${SECS}s" --timeout 10s -s "$tmp/post.lua" \
    "$url" >"$tmp/wrk0" 2>&1
rss1=$(rss)
sleep 2 # let the runs of round 1 that wrk abandoned finish (else 429s)
timeout $((SECS + 30)) wrk -t2 -c"$CONNS" -d"${SECS}s" --timeout 10s --latency -s "$tmp/post.lua" \
    "$url" >"$tmp/wrk" 2>&1
rss2=$(rss)
cat "$tmp/wrk"
rps=$(sed -n 's/^Requests\/sec:[[:space:]]*\([0-9.]*\)/\1/p' "$tmp/wrk")
p99=$(sed -n 's/^[[:space:]]*99%[[:space:]]*\([0-9.a-z]*\)/\1/p' "$tmp/wrk")
non2xx=$(sed -n 's/.*Non-2xx or 3xx responses:[[:space:]]*\([0-9]*\)/\1/p' "$tmp/wrk")
sock=$(sed -n 's/.*Socket errors:.*/&/p' "$tmp/wrk")
runs=$(curl -s --max-time 10 "http://127.0.0.1:$port/api/v1/runs?limit=1" |
    sed -n 's/^\[{"id":\([0-9]*\),.*/\1/p')
dbkb=$(du -k "$tmp/store.db" "$tmp/store.db-wal" 2>/dev/null | awk '{s += $1} END {print s}')
echo
echo "load: $CONNS connections, ${SECS} s, POST /api/v1/runs (what-if: sea freight +10%)"
echo "load: requests/s $rps, p99 latency $p99, errors: non-2xx ${non2xx:-0}, ${sock:-no socket errors}"
echo "load: server RSS after warm-up ${rss0} kB, after round 1 ${rss1} kB, after round 2 ${rss2} kB"
echo "load: runs stored $runs; store ${dbkb} kB"
