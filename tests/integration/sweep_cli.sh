#!/bin/sh
# tests/integration/sweep_cli.sh: grainflow sweep end to end: runs.csv
# byte-identical on 1 thread and 2 threads (sweep_mpi.sh: and mpirun -np 2),
# a sweep killed midway and resumed equal to an uninterrupted one (without
# re-running the kept runs), the summary and tornado files, spec errors by
# JSON pointer with exit 2, and the progress line only on a terminal.
#   GF=build/grainflow sh tests/integration/sweep_cli.sh   (from the repository root)
set -u
. "$(dirname "$0")/lib.sh"
harness_cli sweep_cli
# The sweeps without a DIR run the default corridor's version-1 build (the
# network-simplex sweep these checks are about): GF_DATA_DIR names it.
GF_DATA_DIR="$ROOT/data/kz-ma-africa-v1"
export GF_DATA_DIR

same() {
    if ! cmp -s "$1" "$2"; then
        say "$3: $1 and $2 differ"
        cmp "$1" "$2"
        fail=1
    fi
}

cat >"$tmp/spec.json" <<'EOF'
{"runs": 120, "seed": 5,
 "parameters": [
  {"name": "sea", "what": "link_cost", "op": "multiply", "mode": "sea",
   "how": {"dist": "triangular", "min": 0.85, "mode": 1.0, "max": 1.4}},
  {"name": "fob", "what": "alt_price", "op": "add", "how": {"dist": "normal", "mean": 0, "sd": 6}},
  {"name": "harvest", "what": "supply", "how": {"dist": "uniform", "min": 0.7, "max": 1.15}}],
 "events": [{"name": "ru_closed", "p": 0.2,
   "close": [{"node": "RU_NOVOROSSIYSK", "periods": ["10-17"]}]}]}
EOF

expect 0 "sweep -j 1" "$GF" sweep "$tmp/spec.json" -j 1 -o "$tmp/j1"
has "$tmp/out" "sweep: 120 runs (120 solved, 0 failed) on 1 thread" "sweep -j 1"
has "$tmp/out" "tornado:" "sweep -j 1"
if grep -q "runs/s" "$tmp/err"; then
    say "a progress line went to stderr, which is not a terminal"
    fail=1
fi
[ "$(wc -l <"$tmp/j1/runs.csv")" -eq 121 ] || { say "runs.csv: not 120 rows + header"; fail=1; }
has "$tmp/j1/runs.csv" "run,status,reason,sea,fob,harvest,ru_closed,delivered_t,saving_usd" "header"
has "$tmp/j1/summary.csv" "saving_usd,120," "summary.csv"
has "$tmp/j1/summary.csv" "hub_t:MA_CASABLANCA,120," "summary.csv hubs"
[ "$(sed -n 2p "$tmp/j1/tornado.csv" | cut -d, -f2)" = fob ] || {
    say "tornado.csv: fob should swing the saving most"
    cat "$tmp/j1/tornado.csv"
    fail=1
}
[ -f "$tmp/j1/runs.csv.part" ] && { say "runs.csv.part left behind"; fail=1; }

expect 0 "sweep -j 2" "$GF" sweep "$tmp/spec.json" -j 2 -o "$tmp/j2"
same "$tmp/j1/runs.csv" "$tmp/j2/runs.csv" "1 thread vs 2 threads"
same "$tmp/j1/summary.csv" "$tmp/j2/summary.csv" "summary, 1 vs 2 threads"

# Kill a longer sweep midway (once its store holds some runs), resume it,
# and compare with the uninterrupted table.
sed 's/"runs": 120/"runs": 1000/' "$tmp/spec.json" >"$tmp/long.json"
expect 0 "uninterrupted" "$GF" sweep "$tmp/long.json" -o "$tmp/full"
"$GF" sweep "$tmp/long.json" -o "$tmp/cut" >/dev/null 2>&1 &
pid=$!
n=0
i=0
while [ "$i" -lt 600 ] && kill -0 "$pid" 2>/dev/null; do
    n=$(sqlite3 "$tmp/cut/sweep.db" "SELECT count(*) FROM sweep_runs" 2>/dev/null || echo 0)
    [ "${n:-0}" -ge 200 ] && break
    sleep 0.05
    i=$((i + 1))
done
kill -KILL "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
kept=$(sqlite3 "$tmp/cut/sweep.db" "SELECT count(*) FROM sweep_runs")
if [ "$kept" -lt 1 ] || [ "$kept" -ge 1000 ]; then
    say "the kill did not land midway ($kept runs kept)"
    fail=1
fi
[ -f "$tmp/cut/runs.csv" ] && { say "runs.csv written by a killed sweep"; fail=1; }
expect 0 "resume" "$GF" sweep "$tmp/long.json" -o "$tmp/cut" --resume
has "$tmp/err" "resuming: $kept of 1000 runs kept" "resume"
same "$tmp/full/runs.csv" "$tmp/cut/runs.csv" "resumed vs uninterrupted"
same "$tmp/full/summary.csv" "$tmp/cut/summary.csv" "summary, resumed vs uninterrupted"

# Errors: the field by JSON pointer, exit 2, nothing written.
cat >"$tmp/bad.json" <<'EOF'
{"runs": 10, "parameters": [{"name": "x", "what": "alt_price", "op": "add",
  "markets": ["SN_DAKAR", "NOWHERE"], "how": {"dist": "fixed", "value": 1}}]}
EOF
expect 2 "bad market" "$GF" sweep "$tmp/bad.json" -o "$tmp/bad"
has "$tmp/err" "bad.json: /parameters/0/markets/1: error: \"NOWHERE\" is not a node" "bad market"
[ -e "$tmp/bad/runs.csv" ] && { say "runs.csv written for a bad spec"; fail=1; }
printf '{"runs": 3,\n "seed": }' >"$tmp/nojson.json"
expect 2 "not JSON" "$GF" sweep "$tmp/nojson.json"
has "$tmp/err" "nojson.json:2:" "not JSON"
expect 2 "no spec" "$GF" sweep
has "$tmp/err" "no SPEC given" "no spec"
expect 2 "-j 0" "$GF" sweep "$tmp/spec.json" -j 0
expect 2 "--resume without a store" "$GF" sweep "$tmp/spec.json" --resume
expect 0 "--help" "$GF" sweep --help
has "$tmp/out" "usage: grainflow sweep SPEC" "--help"

# The shipped examples run on the shipped scenario (a few runs of each), and
# the stress example's Russian-transit event, which closes the
# Kazakhstan-Russia border node, costs saving at base.
for ex in "$ROOT"/examples/sweep-*.json; do
    name=$(basename "$ex" .json)
    sed 's/"runs": [0-9]*/"runs": 8/' "$ex" >"$tmp/$name.json"
    expect 0 "example $name" "$GF" sweep "$tmp/$name.json" -o "$tmp/$name"
done
grep -q '"node": "KZ_RU_BORDER"' "$ROOT/examples/sweep-stress.json" ||
    { say "sweep-stress.json: the Russian event should close KZ_RU_BORDER"; fail=1; }
awk -F, '$2 == "russian_transit_closed" { found = 1; costs = $7 + 0 < $6 + 0 }
         END { exit !(found && costs) }' "$tmp/sweep-stress/tornado.csv" || {
    say "tornado.csv: closing KZ_RU_BORDER in weeks 10-17 should cost saving"
    cat "$tmp/sweep-stress/tornado.csv"
    fail=1
}

# On a terminal (script gives one), the progress line appears.
if command -v script >/dev/null 2>&1; then
    script -qec "$GF sweep $tmp/spec.json -o $tmp/tty" /dev/null >"$tmp/tty.out" 2>&1
    has "$tmp/tty.out" "120/120 runs" "progress on a terminal"
    has "$tmp/tty.out" "runs/s" "progress on a terminal"
fi

[ "$fail" -eq 0 ] && say ok
exit "$fail"
