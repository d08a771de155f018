# tests/integration/lib.sh: the one harness of the integration scripts, sourced
# (never run: tests/run.sh skips it) from the repository root:
#   . "$(dirname "$0")/lib.sh"
#   harness_server NAME SECONDS "$@"     or     harness_cli NAME
# Two shapes, because the scripts check two kinds of thing:
# - harness_server (server_*.sh): checks counted one by one. `ok WHAT` and
#   `bad WHAT` count and print them; `expect WHAT WANT GOT` compares two
#   strings; `has WHAT FILE REGEX` greps a file. `start NAME HOST ARGS...`
#   starts `$GF serve --listen HOST:0 --data data/kz-ma-africa-v1 --static web
#   ARGS...`, waits for its start-up line and sets $port, $pid, $port_NAME
#   and $pid_NAME (try_start does the same but returns 1 instead of exiting
#   when the server does not come up; launch does not wait);
#   `stop NAME [SIGNAL]` stops it (after SIGTERM it must exit 0: under ASan
#   that is also LeakSanitizer's verdict); `req METHOD URL [curl args]` puts
#   the answer in $tmp/body, its headers in $tmp/hdr and its status in $code;
#   `sql DB QUERY [ARG...]` runs one SQLite query on a store file (python3's
#   sqlite3, not our code) and prints its rows; `finish` prints
#   "NAME: N checks, N failed" and exits 1 if any failed. The script reruns
#   itself under `timeout SECONDS x $scale`, so a hung server cannot hang make
#   check, and every server it started is stopped on exit.
# - $scale (time_scale) is how much slower than a plain -O2 build the
#   server is: 3 under ASan (BUILD or GF naming build/asan), 5 under TSan,
#   GF_TIME_SCALE if set. Time limits are sized for the plain build on a
#   loaded machine and multiplied by it; work (requests, runs) is not.
# - harness_cli (plan_cli.sh, compare.sh, site_cli.sh): a failure sets
#   $fail and prints the output that made it. `expect CODE NAME CMD...` runs a
#   command (stdout in $tmp/out, stderr in $tmp/err) and wants its exit code;
#   `has FILE TEXT NAME` wants a fixed string in a file; `say` prefixes a
#   line with the script's name.
# Both set $tmp (a fresh folder, removed on exit), $GF (the CLI, default
# build/grainflow), $ROOT (the checkout) and $D (tests/data).
# SPDX-License-Identifier: MIT

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
GF=${GF:-$ROOT/build/grainflow}
D=$ROOT/tests/data
. "$ROOT/tools/serve_port.sh"

# ------------------------------------------------------------ server shape

time_scale() {
    if [ -n "${GF_TIME_SCALE:-}" ]; then
        echo "$GF_TIME_SCALE"
        return
    fi
    case "${BUILD:-} $GF" in
    *tsan*) echo 5 ;;
    *asan*) echo 3 ;;
    *) echo 1 ;;
    esac
}
scale=$(time_scale)

harness_server() { # harness_server NAME SECONDS "$@"
    harness_name=$1
    harness_secs=$2
    shift 2
    if [ "${GF_HARNESS_INNER:-}" != "$0" ]; then
        GF_HARNESS_INNER=$0 exec timeout "$((harness_secs * scale))" sh "$0" "$@"
    fi
    tmp=$(mktemp -d)
    pids=""
    pid=""
    port=""
    fails=0
    checks=0
    trap harness_cleanup EXIT
    trap 'exit 1' INT TERM
}

harness_cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null; done
    for p in $pids; do wait "$p" 2>/dev/null; done
    rm -rf "$tmp"
}

ok() {
    checks=$((checks + 1))
    echo "ok   $1"
}
bad() {
    checks=$((checks + 1))
    fails=$((fails + 1))
    echo "FAIL $1"
}
expect() { # expect WHAT WANT GOT
    if [ "$2" = "$3" ]; then ok "$1 ($3)"; else bad "$1: want $2, got $3"; fi
}
has() { # has WHAT FILE PATTERN
    if grep -q -- "$3" "$2"; then ok "$1"; else
        bad "$1: no '$3' in: $(head -c 300 "$2")"
    fi
}

# launch NAME HOST ARGS...: start a server on HOST:0, its output in
# $tmp/NAME.out and .err, without waiting for it; set $pid and $pid_NAME.
launch() {
    name=$1
    host=$2
    shift 2
    : >"$tmp/$name.out"
    "$GF" serve --listen "$host:0" --data data/kz-ma-africa-v1 --static web "$@" \
        >"$tmp/$name.out" 2>"$tmp/$name.err" &
    pid=$!
    pids="$pids $pid"
    eval "pid_$name=$pid"
}

# try_start NAME HOST ARGS...: launch, then wait up to 10 s x $scale for the start-up
# line; set $port and $port_NAME; return 1 (port empty) if it is not up.
try_start() {
    launch "$@"
    port=$(serve_port "$tmp/$1.out" "$pid" $((10 * scale)))
    eval "port_$1=$port"
    [ -n "$port" ]
}

start() { # start NAME HOST ARGS...: try_start, and end the script if it fails
    try_start "$@" && return 0
    echo "FAIL server $1 did not start:"
    cat "$tmp/$1.err"
    exit 1
}

stop() { # stop NAME [SIGNAL]: after SIGTERM the server must exit 0
    eval "p=\$pid_$1"
    kill "-${2:-TERM}" "$p" 2>/dev/null
    wait "$p" 2>/dev/null
    src=$?
    if [ "${2:-TERM}" = TERM ]; then
        if [ "$src" = 0 ]; then ok "server $1 stops cleanly on SIGTERM"; else
            bad "server $1 exited $src on SIGTERM: $(tail -n 20 "$tmp/$1.err")"
        fi
    fi
}

# req METHOD URL [curl args...]: body in $tmp/body, headers in $tmp/hdr, code in $code
req() {
    m=$1
    u=$2
    shift 2
    code=$(curl -s --max-time "${REQ_TIMEOUT:-30}" -X "$m" -D "$tmp/hdr" -o "$tmp/body" \
        -w '%{http_code}' "$@" "$u")
}

sql() { # sql DB QUERY [ARG...]: each row's columns joined by '|', one row a line
    python3 - "$@" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for row in c.execute(sys.argv[2], tuple(sys.argv[3:])):
    print("|".join("" if v is None else str(v) for v in row))
PY
}

finish() {
    echo "$harness_name: $checks checks, $fails failed"
    [ "$fails" -eq 0 ]
    exit $?
}

# --------------------------------------------------------------- CLI shape

harness_cli() { # harness_cli NAME
    harness_name=$1
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    fail=0
    # the CLI shape's expect and has take other arguments than the server's
    expect() { # expect CODE NAME COMMAND...: run it, stdout/stderr in $tmp
        want=$1
        name=$2
        shift 2
        "$@" >"$tmp/out" 2>"$tmp/err"
        got=$?
        if [ "$got" -ne "$want" ]; then
            say "$name: exit $got, expected $want"
            cat "$tmp/out" "$tmp/err"
            fail=1
        fi
    }
    has() { # has FILE TEXT NAME: TEXT (a fixed string) is in FILE
        grep -qF -- "$2" "$1" || {
            say "$3: '$2' missing from $(basename "$1")"
            cat "$1"
            fail=1
        }
    }
}

say() { echo "$harness_name: $*"; }
