#!/bin/sh
# tests/integration/inputs_refused.sh: grainflow validate and plan refuse bad
# scenario files at once (issue #12): a misspelled column with its hint, a node
# id that is not UTF-8, a NUL byte at its own line, and a FIFO in place of a
# file, which used to block plan for ever (each command is bounded by timeout).
# Every refusal exits 2 with file:line:column and writes no output folder.
#   GF=build/grainflow sh tests/integration/inputs_refused.sh   (from the repository root)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
GF=${GF:-$ROOT/build/grainflow}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

say() { echo "inputs_refused: $*"; }

# refused <name> <stderr text> <command...>: exit 2 within 20 s, text on stderr
refused() {
    name=$1
    text=$2
    shift 2
    timeout 20 "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    if [ "$got" -ne 2 ]; then
        say "$name: exit $got, expected 2 (124 = blocked until the timeout)"
        cat "$tmp/out" "$tmp/err"
        fail=1
    elif ! grep -qF -- "$text" "$tmp/err"; then
        say "$name: '$text' missing from stderr"
        cat "$tmp/err"
        fail=1
    fi
}

# fresh: a copy of tests/data/tiny in $tmp/s
fresh() {
    rm -rf "$tmp/s" "$tmp/o"
    cp -r "$ROOT/tests/data/tiny" "$tmp/s"
}

fresh
sed '1s/capacity_t_per_period/capacity_t_per_perod/' "$ROOT/tests/data/tiny/links.csv" \
    >"$tmp/s/links.csv"
refused "misspelled column" \
    'links.csv:1:7: error: unknown column "capacity_t_per_perod"; did you mean "capacity_t_per_period"?' \
    "$GF" validate "$tmp/s"
refused "misspelled column, plan -o" 'links.csv:1:7: error: unknown column' \
    "$GF" plan "$tmp/s" -o "$tmp/o"
[ -e "$tmp/o" ] && { say "plan -o wrote $tmp/o on bad input"; fail=1; }

fresh
printf 'id,name,country,kind,lat,lon,handling_usd_per_t\nO\303,Origin,KZ,origin,50,60,\n' \
    >"$tmp/s/nodes.csv"
refused "invalid UTF-8" 'nodes.csv:2:1: error: the byte 0xC3 here is not UTF-8' \
    "$GF" plan "$tmp/s" --json

fresh
printf 'id,name,country,kind,lat,lon\nO,Origin,KZ,origin,50,60\nP,Po\000rt,MA,port,1,1\n' \
    >"$tmp/s/nodes.csv"
refused "NUL byte on line 3" 'nodes.csv:3:2: error: a field contains a NUL byte' \
    "$GF" validate "$tmp/s"

fresh
rm "$tmp/s/links.csv"
mkfifo "$tmp/s/links.csv"
refused "FIFO" 'links.csv: error: a FIFO (named pipe) is not a regular file' \
    "$GF" plan "$tmp/s"

exit $fail
