# tests/integration/lib/server.sh: helpers for the HTTP tests, sourced (not run).
#   . "$(dirname "$0")/lib/server.sh"   after setting GF and tmp (a fresh folder)
# ok / bad count checks into $checks and $fails; expect WHAT WANT GOT and
# has WHAT FILE PATTERN check; start NAME ARGS... starts `grainflow serve` on
# a free port (port 0) with the default scenario and remembers $pid_NAME and
# $port_NAME; stop NAME [SIGNAL] stops it (after SIGTERM it must exit 0);
# req METHOD URL [curl args...] leaves the body in $tmp/body, the headers in
# $tmp/hdr and the status in $code; cleanup (for trap) stops every server
# and removes $tmp. Every curl has --max-time. It lives in lib/ so that
# tests/run.sh, which runs tests/integration/*.sh, does not run it.
# SPDX-License-Identifier: MIT
pids=""
fails=0
checks=0
J="Content-Type: application/json"

cleanup() {
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

start() { # start NAME ARGS...
    name=$1
    shift
    : >"$tmp/$name.out"
    "$GF" serve --listen 127.0.0.1:0 --data data/kz-ma-africa --static web "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
    p=$!
    pids="$pids $p"
    eval "pid_$name=$p"
    port=""
    for _ in $(seq 100); do
        port=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$tmp/$name.out")
        [ -n "$port" ] && break
        sleep 0.05
    done
    if [ -z "$port" ]; then
        echo "FAIL server $name did not start:"
        cat "$tmp/$name.err"
        exit 1
    fi
    eval "port_$name=$port"
}

stop() { # stop NAME [SIGNAL]
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

req() { # req METHOD URL [curl args...]
    m=$1
    u=$2
    shift 2
    code=$(curl -s --max-time 30 -X "$m" -D "$tmp/hdr" -o "$tmp/body" -w '%{http_code}' "$@" "$u")
}
