# tools/serve_port.sh: sourced (never run) by the scripts that start
# `grainflow serve --listen HOST:0` and need the port it was given:
#   . "$ROOT/tools/serve_port.sh"
#   "$GF" serve --listen 127.0.0.1:0 ... >"$out" 2>"$err" &
#   port=$(serve_port "$out" $! [SECONDS]) || { echo "did not start"; ...; }
# One wait for the start-up line ("grainflow: serving http://HOST:PORT/ ..."), for
# tests/integration/lib.sh, tests/integration/workbook_upload.sh,
# tests/web/run.sh, bench/load.sh and bench/cancel_v2.sh, which each had
# their own loop (with 2.5 to 10 s limits, and some kept waiting for a
# server that had already exited).
# SPDX-License-Identifier: MIT

# serve_port OUT PID [SECONDS]: print the port in the start-up line of the
# server PID writes to OUT, waiting up to SECONDS (default 10); print
# nothing and return 1 if it exits first or the time runs out.
serve_port() {
    _sp_out=$1
    _sp_pid=$2
    _sp_tries=$((${3:-10} * 20))
    while [ "$_sp_tries" -gt 0 ]; do
        _sp_port=$(sed -n 's/.*http:\/\/[0-9.]*:\([0-9]*\)\/.*/\1/p' "$_sp_out" 2>/dev/null)
        if [ -n "$_sp_port" ]; then
            echo "$_sp_port"
            return 0
        fi
        kill -0 "$_sp_pid" 2>/dev/null || return 1
        sleep 0.05
        _sp_tries=$((_sp_tries - 1))
    done
    return 1
}
