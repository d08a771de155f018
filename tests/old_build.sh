#!/bin/sh
# tests/old_build.sh: run today's tests against the CLI and server of an old
# commit, to show that each test fails where the break it was written for is
# (issue 12: "each break has a test that failed before the fix").
#   sh tests/old_build.sh [COMMIT]     (from the repository root; not in make check)
# COMMIT defaults to b59fe70, main just before the session that fixed issue
# 12's breaks (its first fix merged at 88dda03). The commit is checked out
# with `git worktree add --detach` under build/old-COMMIT and its CLI built
# there (make -j2 build/grainflow), once. Then:
# (a) the integration scripts that hold the new tests run with GF= the old
#     CLI; each prints the checks that failed (the CLI scripts' "name: ..."
#     lines, the server scripts' FAIL lines); and test_limits (today's
#     build/tests/test_limits) reads the old CLI's outputs;
# (b) the server's breaks are probed one by one with the commands of
#     server_limits.sh, because that script's first server already takes
#     options the old server does not know (--request-timeout), so run whole
#     it stops at its first start: slow clients, a second server on one
#     store, DELETE of a run, Bearer in lower case, HEAD, %00, the start-up
#     address, the --token warning; and a DIMACS file with a byte-order
#     mark. Each probe prints "old build fails: yes|no  WHAT".
# Both old and new CLI are probed in (b) when GF_NEW names today's CLI
# (default build/grainflow), so a probe that would fail on both is seen.
set -u
commit=${1:-b59fe70}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 2
wt=build/old-$commit
if [ ! -x "$wt/build/grainflow" ]; then
    [ -d "$wt" ] || git worktree add --detach "$wt" "$commit" >/dev/null || exit 2
    (cd "$wt" && make -j2 build/grainflow >build.log 2>&1) || {
        echo "old_build: the CLI of $commit did not build: $wt/build.log"
        exit 2
    }
fi
OLD=$ROOT/$wt/build/grainflow
NEW=${GF_NEW:-$ROOT/build/grainflow}
log=$(mktemp)
fifo=$(mktemp -u)
mkfifo "$fifo" || exit 2
trap 'rm -f "$log" "$fifo"' EXIT
# The old build replaces a device it is asked to write (break 5): as root
# that would turn this machine's /dev/full into a regular file, so the
# scripts get a FIFO of their own to be refused on instead.
export GF_TEST_DEVICE="$fifo"

echo "== (a) today's scripts against $commit's CLI"
for s in inputs_refused plan_cli solve_cli server_limits server_api server_crash; do
    GF=$OLD timeout 600 sh "tests/integration/$s.sh" >"$log" 2>&1
    rc=$?
    if [ "$rc" -eq 0 ]; then echo "$s.sh: passes on the old build"; else
        echo "$s.sh: fails on the old build (exit $rc):"
        grep -E "^FAIL|^$s: |^${s%.sh}: " "$log" | cut -c1-160 | sed 's/^/    /'
    fi
done

# the near-limit differential: today's library, the old CLI's outputs
if [ -x build/tests/test_limits ]; then
    if GF=$OLD build/tests/test_limits >"$log" 2>&1; then
        echo "test_limits: passes on the old build"
    else
        echo "test_limits: fails on the old build:"
        grep -E '^ERROR|error:' "$log" | head -n 2 | sed 's/^/    /'
    fi
fi

echo "== (b) the server's breaks, probed one by one"
# probe GF NAME: run one probe against the server at $GF; 0 = it behaves
probe() (
    GF=$1
    # shellcheck disable=SC1091
    . "$ROOT/tests/integration/lib.sh"
    tmp=$(mktemp -d)
    pids=""
    trap 'for p in $pids; do kill -9 "$p" 2>/dev/null; done; rm -rf "$tmp"' EXIT
    try_start P 127.0.0.2 --db "$tmp/p.db" >/dev/null 2>&1 || exit 3
    U="http://127.0.0.2:$port/api/v1"
    case $2 in
    slow) # 300 slow clients, then a normal request within 2 s
        python3 - "$port" <<'PY' &
import socket, sys, time
socks = []
for i in range(300):
    s = socket.socket(); s.settimeout(2); s.bind(("127.0.0.%d" % (2 + i % 10), 0))
    try:
        s.connect(("127.0.0.2", int(sys.argv[1]))); s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n"); socks.append(s)
    except OSError:
        s.close()
time.sleep(8)
PY
        sleep 3
        [ "$(curl -s --max-time 2 -o /dev/null -w '%{http_code}' "$U/health")" = 200 ]
        ;;
    second) # a second server on the same store must refuse to start
        "$GF" serve --listen 127.0.0.1:0 --db "$tmp/p.db" --data data/kz-ma-africa-v1 >/dev/null 2>&1 &
        p2=$!
        pids="$pids $p2"
        sleep 2
        ! kill -0 "$p2" 2>/dev/null
        ;;
    cancel) # DELETE /runs/{id} cancels a run
        curl -s --max-time 30 -o /dev/null -H "Content-Type: application/json" \
            -d '{"scenario":"kz-ma-africa"}' "$U/runs"
        [ "$(curl -s --max-time 10 -X DELETE -o /dev/null -w '%{http_code}' "$U/runs/1")" = 409 ]
        ;;
    bearer) # the Bearer scheme in lower case
        kill "$pid"
        wait "$pid" 2>/dev/null
        try_start T 127.0.0.2 --db "$tmp/p.db" --token s3cret >/dev/null 2>&1 || exit 3
        [ "$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' -H 'Authorization: bearer s3cret' \
            "http://127.0.0.2:$port/api/v1/health")" = 200 ]
        ;;
    token) # --token warns that other local users can read it
        kill "$pid"
        wait "$pid" 2>/dev/null
        try_start T 127.0.0.2 --db "$tmp/p.db" --token s3cret >/dev/null 2>&1 || exit 3
        grep -q 'GRAINFLOW_TOKEN' "$tmp/T.err"
        ;;
    head) # HEAD on an API route is answered as GET
        [ "$(curl -s --max-time 5 -I -o /dev/null -w '%{http_code}' "$U/scenarios")" = 200 ]
        ;;
    nul) # %00 in a URL is refused, not cut
        [ "$(curl -s --max-time 5 --path-as-is -o /dev/null -w '%{http_code}' \
            "http://127.0.0.2:$port/index.html%00.txt")" = 400 ]
        ;;
    utf8) # a path that is not UTF-8 is a 404 with a JSON body, not an empty 503
        [ "$(curl -s --max-time 5 --path-as-is -o "$tmp/b" -w '%{http_code}' \
            "http://127.0.0.2:$port/api/v1/nothing%FF%C3")" = 404 ] &&
            python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/b"
        ;;
    address) # the start-up line names the address listened on
        grep -q "http://127.0.0.2:$port/" "$tmp/P.out"
        ;;
    esac
)
for w in "slow:1 300 slow clients, a normal request answered within 2 s" \
    "second:7 a second server on one store refuses to start" \
    "cancel:2 DELETE of a finished run is 409 (the route exists)" \
    "bearer:9 'Authorization: bearer' in lower case is accepted" \
    "token:9 --token warns and names GRAINFLOW_TOKEN" \
    "head:9 HEAD on an API route is 200" \
    "nul:9 %00 in a URL is 400" \
    "utf8:fuzz_upload's-find a path not UTF-8 is a 404 with a JSON body" \
    "address:9 the start-up line names 127.0.0.2"; do
    name=${w%%:*}
    rest=${w#*:}
    what="break ${rest%% *}: ${rest#* }"
    probe "$OLD" "$name"
    o=$?
    probe "$NEW" "$name"
    n=$?
    note=""
    [ $o -eq 3 ] && note=" (the old server did not start)"
    echo "old build fails: $([ $o -ne 0 ] && echo yes || echo no)  new build: $([ $n -eq 0 ] && echo passes || echo FAILS)  $what$note"
done

# break 9, DIMACS: a file opening with a UTF-8 byte-order mark is solved
bom=$(mktemp)
printf '\357\273\277p min 2 1\nn 1 5\nn 2 -5\na 1 2 0 10 3\n' >"$bom"
"$OLD" solve "$bom" >/dev/null 2>&1
o=$?
"$NEW" solve "$bom" >/dev/null 2>&1
n=$?
rm -f "$bom"
echo "old build fails: $([ $o -ne 0 ] && echo yes || echo no)  new build: $([ $n -eq 0 ] && echo passes || echo FAILS)  break 9: a DIMACS file with a byte-order mark is solved"
