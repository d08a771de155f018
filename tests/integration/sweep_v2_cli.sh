#!/bin/sh
# tests/integration/sweep_v2_cli.sh: grainflow sweep on version-2 scenarios
# (src/sweep/sweep_v2.c): each run is grainflow site's hub decision.
# tests/data/v2_sweep_hub is worked by hand (its README line): the hub H
# opens (option small) with its fixed cost at x0.25 or x0.5 and not at x1,
# so over the grid hub_fixed [0.25, 0.5, 1] x subsidy [0, 1] it opens in
# exactly 4 of 6 runs, and every row's figures are known to the cent. Also:
# the same table on 1 and 2 threads and after --resume, a run that fails
# (a subsidy above its link's cost) and one with an event (the hub's only
# inbound link closed), the version-2 spec fields refused on a version-1
# scenario by JSON pointer, --list, and the shipped examples/sweep-hub.json.
#   GF=build/grainflow sh tests/integration/sweep_v2_cli.sh   (from the repository root)
set -u
. "$(dirname "$0")/lib.sh"
harness_cli sweep_v2_cli

same() {
    if ! cmp -s "$1" "$2"; then
        say "$3: $1 and $2 differ"
        diff "$1" "$2"
        fail=1
    fi
}

cat >"$tmp/spec.json" <<'EOF'
{"gap_pct": 0,
 "parameters": [
  {"name": "hub_fixed", "what": "hub_fixed", "op": "multiply",
   "how": {"dist": "list", "values": [0.25, 0.5, 1]}},
  {"name": "subsidy", "what": "subsidy", "op": "multiply",
   "how": {"dist": "list", "values": [0, 1]}}]}
EOF

# By hand: 100 t bought at 100 (10,000); with H open, one 100-t ship O -> H
# (10/t + 500), road to M1 and M2 (2/t), small's fixed cost (1,600 a year)
# x the factor, less the subsidy (1/t O -> H) when on: 11,700 + 400 = 12,100
# (x0.25), 12,500 (x0.5), 13,300 (x1); without H two 50-t ships, 13,000.
# Everything bought elsewhere costs 100 x 200 = 20,000: saving = 20,000 - total.
cat >"$tmp/want.csv" <<'EOF'
run,status,reason,hub_fixed,subsidy,delivered_t,saving_usd,total_cost_usd,hub_open:H,hub_t:H,any_hub_open,best_hub_value_usd,subsidy_usd,hub_fixed_usd,gap_pct,best_hub,option:H,proof
0,ok,,0.250000,0.000000,100.000,7900.00,12100.00,1,100.000,1,900.00,0.00,400.00,0.0000,H,small,optimal
1,ok,,0.500000,0.000000,100.000,7500.00,12500.00,1,100.000,1,500.00,0.00,800.00,0.0000,H,small,optimal
2,ok,,1.000000,0.000000,100.000,7000.00,13000.00,0,0.000,0,-299.98,0.00,0.00,0.0000,H:at_most,,optimal
3,ok,,0.250000,1.000000,100.000,8000.00,12000.00,1,100.000,1,1000.00,100.00,400.00,0.0000,H,small,optimal
4,ok,,0.500000,1.000000,100.000,7600.00,12400.00,1,100.000,1,600.00,100.00,800.00,0.0000,H,small,optimal
5,ok,,1.000000,1.000000,100.000,7000.00,13000.00,0,0.000,0,-199.98,0.00,0.00,0.0000,H:at_most,,optimal
EOF
expect 0 "sweep -j 1" "$GF" sweep "$tmp/spec.json" "$D/v2_sweep_hub" -j 1 -o "$tmp/j1"
same "$tmp/want.csv" "$tmp/j1/runs.csv" "the hand-worked run table"
has "$tmp/out" "hub_open:H" "text summary"
has "$tmp/out" "opens in 66.7 % of runs" "P(H opens) = 4/6"
has "$tmp/out" "some hub opens in 66.7 % of runs" "P(any hub opens) = 4/6"
grep -q '^hub_open:H,6,0.67,0.00,1.00,1.00,0.6667$' "$tmp/j1/summary.csv" ||
    { say "summary.csv: hub_open:H should open in 4 of 6 runs"; cat "$tmp/j1/summary.csv"; fail=1; }
grep -q '^saving_usd,6,7500.00,7000.00,7500.00,8000.00,$' "$tmp/j1/summary.csv" ||
    { say "summary.csv: saving P10/P50/P90 7000/7500/8000"; cat "$tmp/j1/summary.csv"; fail=1; }
# tornado at base (x0.5, subsidy off: 7,500): x0.25 7,900, x1 7,000; subsidy on 7,600
grep -q '^1,hub_fixed,parameter,0.25,1,7900.00,7000.00,900.00,7500.00$' "$tmp/j1/tornado.csv" ||
    { say "tornado.csv: hub_fixed first, 7900 -> 7000"; cat "$tmp/j1/tornado.csv"; fail=1; }
# one line per run on stderr, even off a terminal
[ "$(grep -c '^grainflow sweep: run ' "$tmp/err")" -eq 6 ] ||
    { say "one progress line per version-2 run on stderr"; cat "$tmp/err"; fail=1; }
has "$tmp/err" "run 2 (3/6) saving \$7000, opens no hub" "progress line"

expect 0 "sweep -j 2" "$GF" sweep "$tmp/spec.json" "$D/v2_sweep_hub" -j 2 -o "$tmp/j2"
same "$tmp/j1/runs.csv" "$tmp/j2/runs.csv" "1 thread vs 2 threads"
same "$tmp/j1/summary.csv" "$tmp/j2/summary.csv" "summary, 1 vs 2 threads"

# MPI carries version-2 runs as it carries version-1 ones (a run's row and
# values): the same table from mpirun -np 2 (when grainflow-mpi was built;
# CI has Open MPI; sweep_mpi.sh exits 77 without it).
GFMPI=$(dirname "$GF")/grainflow-mpi
if [ -x "$GFMPI" ] && command -v mpirun >/dev/null 2>&1; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
    expect 0 "mpirun -np 2" env "ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0" mpirun \
        --oversubscribe -np 2 "$GFMPI" sweep "$tmp/spec.json" "$D/v2_sweep_hub" -o "$tmp/mpi"
    has "$tmp/out" "on 1 thread x 2 processes" "mpirun -np 2"
    same "$tmp/j1/runs.csv" "$tmp/mpi/runs.csv" "1 thread vs mpirun -np 2"
else
    say "grainflow-mpi or mpirun missing: the MPI part is not run"
fi

# --resume: drop the last three runs from the store, resume, same table.
cp -r "$tmp/j1" "$tmp/cut"
rm "$tmp/cut/runs.csv"
sqlite3 "$tmp/cut/sweep.db" "DELETE FROM sweep_runs WHERE run >= 3"
expect 0 "resume" "$GF" sweep "$tmp/spec.json" "$D/v2_sweep_hub" -o "$tmp/cut" --resume
has "$tmp/err" "resuming: 3 of 6 runs kept" "resume"
[ "$(grep -c 'kept from the stopped sweep' "$tmp/err")" -eq 3 ] ||
    { say "resume: the 3 kept runs are not re-run"; cat "$tmp/err"; fail=1; }
same "$tmp/j1/runs.csv" "$tmp/cut/runs.csv" "resumed vs uninterrupted"

# A run that cannot be built fails with its reason (links.csv and the line)
# and the sweep goes on; an event closing O -> H keeps the hub closed.
cat >"$tmp/fail.json" <<'EOF'
{"gap_pct": 0,
 "parameters": [{"name": "subsidy", "what": "subsidy", "op": "set",
                 "links": [{"from": "O", "to": "H", "mode": "sea"}],
                 "how": {"dist": "list", "values": [1, 20]}},
                {"name": "hub_fixed", "what": "hub_fixed", "nodes": ["H"],
                 "how": {"dist": "fixed", "value": 0.25}}],
 "events": [{"name": "oh_closed", "p": 1,
             "close": [{"link": {"from": "O", "to": "H"}}]}]}
EOF
expect 0 "failing run" "$GF" sweep "$tmp/fail.json" "$D/v2_sweep_hub" -o "$tmp/fail"
grep -q '^0,ok,,1.00,0.250000,1,100.000,7000.00,13000.00,0,' "$tmp/fail/runs.csv" ||
    { say "event: O -> H closed, no hub (7,000 saved)"; cat "$tmp/fail/runs.csv"; fail=1; }
grep -q '^1,failed,"links.csv:4: subsidy_usd_per_t (2000 cents) is more than' "$tmp/fail/runs.csv" ||
    { say "a subsidy of 20 on a 10 + 5 link fails naming links.csv"; cat "$tmp/fail/runs.csv"; fail=1; }

# A version-2 model with no hub facility (tests/data/v2_milling: wheat
# milled to flour at P) has no hub decision: each run is its plan. By hand,
# with O's wheat halved (supply by product) the 50 t become 37.5 t of flour
# (20 saved per t of wheat milled): 1,000 saved, 12,400 in all; at x1,
# 11,700 and 1,700 (tests/data/README.md).
cat >"$tmp/mill.json" <<'EOF'
{"gap_pct": 0,
 "parameters": [{"name": "wheat", "what": "supply", "product": "wheat",
                 "how": {"dist": "list", "values": [1, 0.5]}}]}
EOF
cat >"$tmp/mill.csv" <<'EOF'
run,status,reason,wheat,delivered_t,saving_usd,total_cost_usd,any_hub_open,best_hub_value_usd,subsidy_usd,hub_fixed_usd,gap_pct,best_hub,proof
0,ok,,1.000000,70.000,1700.00,11700.00,0,,0.00,0.00,0.0000,,optimal
1,ok,,0.500000,37.500,1000.00,12400.00,0,,0.00,0.00,0.0000,,optimal
EOF
expect 0 "no hub facility" "$GF" sweep "$tmp/mill.json" "$D/v2_milling" -o "$tmp/mill"
same "$tmp/mill.csv" "$tmp/mill/runs.csv" "v2_milling by product"

# The version-2 fields on a version-1 scenario: refused, by JSON pointer.
refused() { # refused NAME POINTER SPEC-JSON [DIR]
    printf '%s\n' "$3" >"$tmp/bad.json"
    expect 2 "$1" "$GF" sweep "$tmp/bad.json" "${4:-$D/tiny}" -o "$tmp/bad"
    has "$tmp/err" "bad.json: $2: error:" "$1"
}
refused "hub_fixed on v1" /parameters/0/what \
    '{"parameters": [{"name": "f", "what": "hub_fixed", "how": {"dist": "fixed", "value": 1}}]}'
has "$tmp/err" "needs a version-2 scenario" "hub_fixed on v1"
refused "subsidy on v1" /parameters/0/what \
    '{"parameters": [{"name": "s", "what": "subsidy", "how": {"dist": "fixed", "value": 0}}]}'
refused "product on v1" /parameters/0/product \
    '{"parameters": [{"name": "h", "what": "supply", "product": "wheat", "how": {"dist": "fixed", "value": 1}}]}'
refused "gap_pct on v1" /gap_pct '{"gap_pct": 1, "parameters": []}'
refused "not a hub" /parameters/0/nodes/0 \
    '{"parameters": [{"name": "f", "what": "hub_fixed", "nodes": ["O"], "how": {"dist": "fixed", "value": 1}}]}' \
    "$D/v2_sweep_hub"
refused "unknown product" /parameters/0/product \
    '{"parameters": [{"name": "h", "what": "supply", "product": "rice", "how": {"dist": "fixed", "value": 1}}]}' \
    "$D/v2_sweep_hub"
refused "set on supply" /parameters/0/op \
    '{"parameters": [{"name": "h", "what": "supply", "op": "set", "how": {"dist": "fixed", "value": 1}}]}' \
    "$D/v2_sweep_hub"
refused "per_period on v2" /per_period '{"per_period": true, "parameters": []}' "$D/v2_sweep_hub"

# --list: what the spec resolves to, and no run.
expect 0 "--list" "$GF" sweep --list "$tmp/spec.json" "$D/v2_sweep_hub"
has "$tmp/out" "a version-2 scenario" "--list"
has "$tmp/out" "runs 6, seed 1, chains of 1 runs" "--list"
grep -q '^  hub_fixed  *P10 0.25  *base 0.5  *P90 1$' "$tmp/out" ||
    { say "--list: hub_fixed P10 0.25 base 0.5 P90 1"; cat "$tmp/out"; fail=1; }
has "$tmp/out" "events (0):" "--list"
v1=$ROOT/data/kz-ma-africa-v1
expect 0 "--list v1 events" "$GF" sweep --list "$ROOT/examples/sweep-stress.json" "$v1"
has "$tmp/out" "russian_transit_closed   p 0.1" "--list events"
has "$tmp/out" "runs 1000, seed 17" "--list runs and seed"
printf '%s\n' '{"parameters": [{"name": "f", "what": "hub_fixed", "how": {"dist": "fixed", "value": 1}}]}' >"$tmp/bad.json"
expect 2 "--list bad spec" "$GF" sweep --list "$tmp/bad.json" "$D/tiny"
has "$tmp/err" "bad.json: /parameters/0/what: error:" "--list bad spec"

# A version-1 sweep writes what it wrote before version-2 sweeps existed,
# byte for byte (tests/data/sweep_v1_golden/README.md).
G=$D/sweep_v1_golden
expect 0 "v1 sweep" "$GF" sweep "$G/spec.json" "$D/hub" -j 2 -o "$tmp/v1"
for f in runs.csv summary.csv tornado.csv; do
    same "$G/$f" "$tmp/v1/$f" "version-1 $f against the golden"
done
[ -s "$tmp/err" ] && { say "a version-1 sweep off a terminal writes nothing on stderr"; cat "$tmp/err"; fail=1; }

# The shipped version-2 example: its ids resolve on the default (version 2),
# and it runs (12 runs) on the hand case, where every figure it varies exists.
v2=$ROOT/data/kz-ma-africa
expect 0 "sweep-hub --list" "$GF" sweep --list "$ROOT/examples/sweep-hub.json" "$v2"
has "$tmp/out" "runs 12" "sweep-hub --list"
expect 0 "sweep-hub" "$GF" sweep "$ROOT/examples/sweep-hub.json" "$D/v2_sweep_hub" -o "$tmp/hub"
has "$tmp/out" "sweep: 12 runs (12 solved, 0 failed)" "sweep-hub on the hand case"

[ "$fail" -eq 0 ] && say ok
exit "$fail"
