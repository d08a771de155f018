#!/bin/sh
# bench/te.sh: cost scaling against the simplex on time-expanded networks.
#
#   bench/te.sh [NAME...]      (no NAME: every instance below)
#
# Issue 11, brief h11-te: does `auto` take cost scaling on time-expanded
# networks? Generates into build/bench/te/ (if missing) the corridor family
# (bench/gen_corridor P 52 1 for P = 300, 1200, 2400) and the planner's own
# networks (tools/gen_scenario.py P, seed 1, at --scale 1 and at its default
# scale min(1, 1000 / P), dumped by bench/scenario_dimacs in the planner's arc
# order), plus the default scenario data/kz-ma-africa-v1, and (named only)
# three variants of corridor_1200 that move it toward the planner's shape:
# corridor_1200_st (supplies and demands behind one super source and one
# super sink), corridor_1200_stneg (the same, demands sold into the sink at
# cost -250000) and corridor_1200_offer (twice the supply offered from the
# source, demands sold at -250000, a spill arc source -> sink taking the
# rest, as gf_network_build does). Then runs, back to
# back on each instance, `bench/gf_driver --algo scaling FILE` and
# `bench/gf_driver --algo simplex FILE` (BENCH_RUNS=R times each, default 1,
# interleaved), and prints one line per run: the instance, the algorithm and
# gf_driver's line (cpu_s = process CPU seconds of the solve; scale_s,
# cross_s, simplex_s its split; pivots after the crossover). A summary
# table follows: n, m, arcs per node, scaling and simplex CPU seconds (best
# of R), their ratio and scaling's phases. Exit status 0 when every run was
# optimal and both algorithms agree on every cost, 1 otherwise.
# Results: build/bench/te/results.txt.
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 2
B=build/bench
D=$B/te
R=${BENCH_RUNS:-1}
mkdir -p "$D"
make --no-print-directory -s build/libgrainflow.a || exit 2
make --no-print-directory -s -f bench/bench.mk $B/gf_driver $B/gen_corridor $B/scenario_dimacs || exit 2

ALL="corridor_300 corridor_1200 corridor_2400 default syn_300 syn_1000 syn_2000 syn_2000_s1 syn_5000 syn_5000_s1"
[ $# -gt 0 ] && ALL="$*"

# make NAME: writes $D/NAME.min once (a temporary name first, then renamed)
make_instance() {
    f=$D/$1.min
    [ -f "$f" ] && return 0
    case $1 in
    corridor_1200_st | corridor_1200_stneg | corridor_1200_offer)
        make_instance corridor_1200 || return 1
        f=$D/$1.min # (sh has no local variables: the call above set f)
        awk -v kind="${1#corridor_1200_}" '
        $1 == "p" { n = $3; m = $4; next }
        $1 == "n" { b[$2] = $3; if ($3 > 0) S += $3; next }
        $1 == "a" { arcs[++k] = $0; next }
        END {
            s = n + 1; t = n + 2; f = kind == "offer" ? 2 : 1; sell = kind == "st" ? 0 : -250000
            for (v in b) extra++
            if (kind == "offer") extra++
            print "c corridor_1200, variant " kind " (bench/te.sh)"
            print "p min", n + 2, m + extra
            print "n", s, f * S
            print "n", t, -f * S
            if (kind == "offer") print "a", s, t, 0, f * S, 0
            for (v in b) if (b[v] > 0) print "a", s, v, 0, f * b[v], 0; else print "a", v, t, 0, -b[v], sell
            for (i = 1; i <= k; i++) print arcs[i]
        }' "$D/corridor_1200.min" >"$f.tmp" || return 1
        ;;
    corridor_*) $B/gen_corridor "${1#corridor_}" 52 1 >"$f.tmp" || return 1 ;;
    default) $B/scenario_dimacs data/kz-ma-africa-v1 "$f.tmp" >/dev/null || return 1 ;;
    syn_*)
        p=${1#syn_}
        p=${p%_s1}
        s=
        case $1 in *_s1) s="--scale 1" ;; esac
        rm -rf "$D/scn_$1"
        # shellcheck disable=SC2086
        python3 tools/gen_scenario.py "$p" "$D/scn_$1" --seed 1 $s >/dev/null || return 1
        $B/scenario_dimacs "$D/scn_$1" "$f.tmp" >/dev/null || return 1
        ;;
    *)
        echo "te.sh: unknown instance $1" >&2
        return 1
        ;;
    esac
    mv "$f.tmp" "$f"
}

OUT=$D/results.txt
: >"$OUT"
rc=0
for name in $ALL; do
    make_instance "$name" || {
        echo "te.sh: cannot make $name" >&2
        rc=1
        continue
    }
    i=0
    while [ $i -lt "$R" ]; do
        for a in scaling simplex; do
            line=$($B/gf_driver --algo $a "$D/$name.min") || rc=1
            echo "$name $a $line" | tee -a "$OUT"
        done
        i=$((i + 1))
    done
done

echo
awk '
function v(key,   i, kv) { for (i = 3; i <= NF; i++) { split($i, kv, "="); if (kv[1] == key) return kv[2] } return "" }
{
    k = $1; a = $2
    if (!(k in n)) { order[++cnt] = k; n[k] = v("nodes"); m[k] = v("arcs") }
    t = v("cpu_s") + 0
    if (!((k, a) in best) || t < best[k, a]) { best[k, a] = t; if (a == "scaling") ph[k] = v("phases") }
    if (!((k, a) in cost)) cost[k, a] = v("cost"); else if (cost[k, a] != v("cost")) bad = 1
}
END {
    printf "%-14s %9s %9s %6s %9s %9s %7s %6s %s\n", "instance", "n", "m", "m/n", "scaling", "simplex", "sc/sx", "phases", "costs"
    for (i = 1; i <= cnt; i++) {
        k = order[i]
        same = (cost[k, "scaling"] == cost[k, "simplex"]) ? "same" : "DIFFER"
        if (same != "same") bad = 1
        printf "%-14s %9d %9d %6.2f %9.2f %9.2f %7.2f %6s %s\n", k, n[k], m[k], m[k] / n[k], best[k, "scaling"], best[k, "simplex"], (best[k, "simplex"] > 0 ? best[k, "scaling"] / best[k, "simplex"] : 0), ph[k], same
    }
    exit bad
}' "$OUT" || rc=1
exit $rc
