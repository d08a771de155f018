#!/bin/sh
# tests/integration/solve_cli.sh: `grainflow solve` end to end.
#   GF=build/grainflow sh tests/integration/solve_cli.sh   (tests/run.sh sets GF)
# Hand-worked instances written below: exit codes 0/1/2, the "s" and "f"
# lines of --flows, the JSON fields, the infeasibility sentence and cut,
# located parse errors, gzip and stdin input, and that --flows never leaves
# a partial or temporary file behind when something fails.
# Stops at the first failed check and says which. Needs python3.
set -u
GF=${GF:-build/grainflow}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
checks=0

fail() {
    echo "solve_cli: FAILED: $*"
    for f in "$tmp/out" "$tmp/err"; do
        [ -s "$f" ] && { echo "--- $(basename "$f"):"; cat "$f"; }
    done
    exit 1
}

# run WANT_RC ARGS...: run $GF ARGS with stdout in $tmp/out, stderr in $tmp/err
run() {
    want=$1
    shift
    "$GF" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    [ "$rc" -eq "$want" ] || fail "grainflow $* exited $rc, expected $want"
    checks=$((checks + 1))
}

# has FILE TEXT: FILE contains the fixed string TEXT
has() {
    grep -qF -- "$2" "$1" || fail "$(basename "$1") lacks '$2'"
    checks=$((checks + 1))
}

# json EXPR: evaluate the python expression EXPR on j = the JSON in $tmp/out
json() {
    python3 -c "import json,sys; j=json.load(open(sys.argv[1])); sys.exit(0 if ($1) else 1)" \
        "$tmp/out" || fail "JSON check failed: $1"
    checks=$((checks + 1))
}

# 1 -> 2 -> 3 costs 2 a unit but 1 -> 2 holds 3; the other 2 units take
# 1 -> 3 at 3 a unit: optimal cost 3*2 + 2*3 = 12; 4 -> 5 carries nothing.
cat >"$tmp/small.min" <<'EOF'
c hand-worked: optimal cost 12
p min 5 4
n 1 5
n 3 -5
a 1 2 0 3 1
a 2 3 0 10 1
a 4 5 0 10 1
a 1 3 0 10 3
EOF
printf 's 12\nf 1 2 3\nf 2 3 3\nf 1 3 2\n' >"$tmp/small.want"

# {1, 2, 3} must send 40 to 5, but 3 -> 4 holds 25.
cat >"$tmp/infeasible.min" <<'EOF'
p min 5 4
n 1 10
n 2 30
n 5 -40
a 1 3 0 10 1
a 2 3 0 30 1
a 3 4 0 25 1
a 4 5 0 100 1
EOF

# --- the command table -----------------------------------------------------
run 0 --version
has "$tmp/out" "grainflow 0."
run 0 --help
has "$tmp/out" "solve"
run 0 help solve
has "$tmp/out" "usage: grainflow solve FILE"
run 0 solve --help
has "$tmp/out" "--flows OUT"
run 2
has "$tmp/err" "usage: grainflow COMMAND"
run 2 no-such-command
has "$tmp/err" "unknown command 'no-such-command'"
run 2 help no-such-command

# --- optimal ------------------------------------------------------------------
run 0 solve "$tmp/small.min" --flows "$tmp/small.flow"
has "$tmp/out" "status:   optimal"
has "$tmp/out" "cost:     12"
has "$tmp/out" "nodes:    5"
has "$tmp/out" "arcs:     4"
cmp -s "$tmp/small.flow" "$tmp/small.want" || {
    cat "$tmp/small.flow"
    fail "--flows wrote the lines above, expected: $(cat "$tmp/small.want")"
}
[ ! -e "$tmp/small.flow.tmp" ] || fail "--flows left small.flow.tmp"

for rule in block first best list; do
    run 0 solve "$tmp/small.min" --pivot "$rule" --json
    json "j['status'] == 'optimal' and j['cost'] == 12"
done
for algo in auto simplex scaling; do
    run 0 solve "$tmp/small.min" --algo "$algo" --json --flows "$tmp/algo.flow"
    json "j['status'] == 'optimal' and j['cost'] == 12"
    cmp -s "$tmp/algo.flow" "$tmp/small.want" || fail "--algo $algo: other flows"
done
json "j['algo'] == 'scaling'" # the last run: cost scaling ran, not the simplex
run 0 solve "$tmp/small.min" --algo simplex
has "$tmp/out" "algo:     simplex"
run 0 solve "$tmp/small.min" --pivot=first --json --flows="$tmp/eq.flow"
cmp -s "$tmp/eq.flow" "$tmp/small.want" || fail "--flows=FILE differs from --flows FILE"
json "j['nodes'] == 5 and j['arcs'] == 4 and j['flows'] == '$tmp/eq.flow'"
json "isinstance(j['pivots'], int) and j['pivots'] >= 1"
json "isinstance(j['solve_seconds'], float) and 0 <= j['solve_seconds'] < 60"
json "isinstance(j['parse_seconds'], float) and 0 <= j['parse_seconds'] < 60"
json "'cut' not in j"

if [ -c /dev/full ] && [ -w /dev/full ]; then
    "$GF" solve "$tmp/small.min" --json >/dev/full 2>"$tmp/err"
    rc=$?
    [ "$rc" -eq 2 ] || fail "a report that cannot be written exited $rc, expected 2"
    has "$tmp/err" "cannot write the report"
fi
run 0 solve "$tmp/small.min" --quiet
[ ! -s "$tmp/out" ] || fail "--quiet printed something"

# gzip-compressed and standard input
gzip -c "$tmp/small.min" >"$tmp/small.min.gz" || fail "gzip missing"
run 0 solve "$tmp/small.min.gz" --json
json "j['cost'] == 12"
"$GF" solve - --json <"$tmp/small.min" >"$tmp/out" 2>"$tmp/err" || fail "solve - failed"
json "j['cost'] == 12 and j['problem'] == '-'"

# the flows are a solution: bounds, conservation and cost from the files
run 0 solve "$tmp/small.min" --flows "$tmp/small.flow"
python3 - "$tmp/small.min" "$tmp/small.flow" <<'EOF' || fail "flows are not a solution"
import sys
arcs, supply, net, cost = {}, {}, {}, 0
for line in open(sys.argv[1]):
    t = line.split()
    if t and t[0] == 'n':
        supply[int(t[1])] = int(t[2])
    elif t and t[0] == 'a':
        arcs[(int(t[1]), int(t[2]))] = (int(t[3]), int(t[4]), int(t[5]))
lines = open(sys.argv[2]).read().split('\n')
assert lines[0].startswith('s ')
for line in lines[1:]:
    if not line:
        continue
    _, u, v, x = line.split()
    u, v, x = int(u), int(v), int(x)
    lo, hi, c = arcs[(u, v)]
    assert lo <= x <= hi and x != 0
    net[u] = net.get(u, 0) + x
    net[v] = net.get(v, 0) - x
    cost += c * x
assert all(net.get(v, 0) == supply.get(v, 0) for v in range(1, 6)), net
assert cost == int(lines[0].split()[1]) == 12
EOF
checks=$((checks + 1))

# --- infeasible -------------------------------------------------------------
echo "old" >"$tmp/keep.flow"
run 1 solve "$tmp/infeasible.min" --flows "$tmp/keep.flow"
has "$tmp/out" "status:   infeasible"
has "$tmp/out" "infeasible: nodes {1, 2, 3} have net supply 40 but at most 25 can leave them"
[ "$(cat "$tmp/keep.flow")" = old ] || fail "an infeasible solve touched the --flows file"
[ ! -e "$tmp/keep.flow.tmp" ] || fail "an infeasible solve left keep.flow.tmp"
run 1 solve "$tmp/infeasible.min" --json
json "j['status'] == 'infeasible' and j['cost'] is None"
json "j['cut']['direction'] == 'out' and j['cut']['supply'] == 40"
json "j['cut']['capacity'] == 25 and j['cut']['nodes'] == [1, 2, 3]"
printf 'p min 2 1\nn 1 5\na 1 2 0 5 1\n' >"$tmp/unbalanced.min"
run 1 solve "$tmp/unbalanced.min"
has "$tmp/out" "sum to 5, not 0"
run 1 solve "$tmp/infeasible.min" --quiet
[ ! -s "$tmp/out" ] || fail "--quiet printed something when infeasible"
# a cut of 150 nodes: the text names 10 of them, the JSON 100
python3 -c '
print("p min 152 151\nn 1 50\nn 152 -50")
for v in range(1, 150):
    print("a %d %d 0 100 1" % (v, v + 1))
print("a 150 151 0 20 1\na 151 152 0 100 1")' >"$tmp/chain.min"
run 1 solve "$tmp/chain.min"
has "$tmp/out" "infeasible: nodes {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, ... (150 nodes)} have net supply 50 but at most 20 can leave them"
run 1 solve "$tmp/chain.min" --json
json "j['cut']['n_nodes'] == 150 and j['cut']['nodes'] == list(range(1, 101))"

# --- bad input and usage -------------------------------------------------------
printf 'c broken\np min 2 1\na 1 2 0 abc 1\n' >"$tmp/bad.min"
run 2 solve "$tmp/bad.min" --flows "$tmp/bad.flow"
has "$tmp/err" "bad.min:3:9: error: arc capacity must be an integer >="
has "$tmp/err" "(got \"abc\")"
[ ! -e "$tmp/bad.flow" ] && [ ! -e "$tmp/bad.flow.tmp" ] || fail "a parse error left a flows file"
printf 'p min 2 3\na 1 2 0 1 1\n' >"$tmp/short.min"
run 2 solve "$tmp/short.min"
has "$tmp/err" "short.min:3:1: error: the input ends after 1 of the 3 arcs"
run 2 solve "$tmp/missing.min"
has "$tmp/err" "missing.min: error: cannot open"
run 2 solve
has "$tmp/err" "missing the problem FILE"
run 2 solve "$tmp/small.min" --pivot fastest
has "$tmp/err" "--pivot must be block, first, best or list (got 'fastest')"
run 2 solve "$tmp/small.min" --algo fastest
has "$tmp/err" "--algo must be auto, simplex or scaling (got 'fastest')"
run 2 solve "$tmp/small.min" --bogus
has "$tmp/err" "unknown option '--bogus'"
run 2 solve "$tmp/small.min" "$tmp/small.min"
run 2 solve "$tmp/small.min" --flows
run 2 solve "$tmp/small.min" --flows=
has "$tmp/err" "--flows needs a file name"
run 0 help
has "$tmp/out" "commands:"
# numbers the solver cannot combine within 64 bits: refused, not wrong
printf 'p min 2 1\nn 1 1125899906842624\nn 2 -1125899906842624\na 1 2 0 1125899906842624 1125899906842624\n' >"$tmp/huge.min"
run 2 solve "$tmp/huge.min"
has "$tmp/err" "huge.min: error: "

# --- --flows never leaves a partial file ----------------------------------------
# OUT is a directory: refused before anything is written (it used to fail
# only at the final rename), nothing left beside it
mkdir "$tmp/adir"
run 2 solve "$tmp/small.min" --flows "$tmp/adir"
has "$tmp/err" "adir exists and is not a regular file"
[ ! -e "$tmp/adir.tmp" ] || fail "a failed rename left adir.tmp"
[ -z "$(ls -A "$tmp/adir")" ] || fail "--flows wrote into the directory"
ls -a "$tmp" | grep -q '^\.adir\.tmp' && fail "a refused --flows left a temporary file"
# the directory of OUT does not exist
run 2 solve "$tmp/small.min" --flows "$tmp/nodir/x.flow"
has "$tmp/err" "cannot create"
# writing fails half-way: a 1000-arc path writes ~14 kB of flows, over a
# file size limit of a few blocks (SIGXFSZ ignored, so write fails EFBIG)
python3 -c '
n = 1001
print("p min %d %d" % (n, n - 1))
print("n 1 7\nn %d -7" % n)
for v in range(1, n):
    print("a %d %d 0 9 1" % (v, v + 1))' >"$tmp/path.min"
run 0 solve "$tmp/path.min" --json
json "j['cost'] == 7000"
(
    trap '' XFSZ
    ulimit -f 4
    exec "$GF" solve "$tmp/path.min" --flows "$tmp/path.flow"
) >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 2 ] || fail "a failed write exited $rc, expected 2"
has "$tmp/err" "path.flow: error: cannot write"
[ ! -e "$tmp/path.flow" ] || fail "a failed write left path.flow"
[ ! -e "$tmp/path.flow.tmp" ] || fail "a failed write left path.flow.tmp"

# A FIFO (or any non-regular file) given as the problem is refused at once,
# never read (it would block until a writer came).
mkfifo "$tmp/pipe.min"
timeout 10 "$GF" solve "$tmp/pipe.min" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 2 ] || fail "a FIFO as the problem exited $rc, expected 2 (124 = it blocked)"
has "$tmp/err" "pipe.min: error: a FIFO (named pipe) is not a regular file"
timeout 10 "$GF" solve "$tmp" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 2 ] || fail "a folder as the problem exited $rc, expected 2"
has "$tmp/err" "a folder is not a regular file"

echo "solve_cli: ok ($checks checks)"
