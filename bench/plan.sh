#!/bin/sh
# bench/plan.sh: the whole `grainflow plan` against the same model as an LP (CLP).
#
#   bench/plan.sh [quick|full]        (make bench-plan runs full)
#   bench/plan.sh table [quick|full]  only print the table of the last run again
#
# Builds build/grainflow and build/bench/plan_clp, generates the synthetic
# scenarios build/bench/scenarios/syn-P (tools/gen_scenario.py, seed 1, 52
# weekly periods) if missing or older than the generator, then for the default
# scenario data/kz-ma-africa-v1 and each synthetic size:
#   - runs `build/grainflow plan DIR -o TMPDIR` R times under /usr/bin/time
#     (process time = user + sys, peak RSS) and reports the median;
#   - runs `build/grainflow plan DIR --json > /dev/null` R times the same way;
#   - runs `build/grainflow plan DIR > /dev/null` (no outputs: the summary
#     only) R times the same way, for issue 7's ratio of `plan -o` to it;
#   - runs build/bench/plan_clp --algo A DIR for each CLP algorithm (once each;
#     R times on the default scenario) under the same clock, killed after
#     CLP_TIMEOUT seconds;
#   - checks that grainflow's total_cost_usd (from the plan.json the -o run
#     wrote) equals every finished CLP's objective + constant, to the cent.
# The table gives, per scenario: places, time-expanded network nodes and arcs,
# grainflow's median process seconds and peak MB for `plan -o` and `plan
# --json`, its solver's own wall seconds (network.solve_seconds), each CLP algorithm's process seconds, the
# peak MB of the fastest CLP, the ratio grainflow / fastest CLP (process
# seconds), whether the costs agree, and the verdict on the targets of issue 3:
# the default scenario under 0.100 s of process time, syn-5000 under 10 s and
# 2048 MB. Then, per scenario, issue 7's figures for the outputs: `plan -o`'s
# and the bare `plan`'s median process seconds, their ratio, both peak MB,
# and on issue 7's scenario (5000 places at real tonnages, `--scale 1`:
# syn-5000-s1, run in full mode with -o and bare only, no --json or CLP) a
# PASS/FAIL for each target (ratio <= 1.3; -o under 2048 MB). Exit status 0
# when every run finished and every cost agrees (the targets do not change
# it), 1 otherwise, 2 on a setup error.
#
#   quick  syn-300 and syn-1000; R=3 (5 on the default); CLP timeout 60 s.
#   full   also syn-5000, and syn-5000-s1 (-o and bare only); R=3 (5 on the
#          default, 1 for --json at 5000 places);
#          CLP timeout 300 s (CLP's simplex does not finish syn-5000 in that).
#
# Environment (all optional):
#   BENCH_PLAN_RUNS=R          runs of each grainflow command (median)
#   BENCH_PLAN_SIZES="..."     synthetic sizes (places), e.g. "300 2000"
#   BENCH_PLAN_CLP="..."       CLP algorithms: any of dual primal barrier auto
#                              (default "dual primal"; "" = no CLP runs)
#   BENCH_PLAN_CLP_TIMEOUT=S   seconds before a CLP run is killed
#   BENCH_PLAN_OUT_SIZES="..." sizes also run at --scale 1 for issue 7's
#                              outputs target, -o and bare only (full: 5000;
#                              quick: none)
#   BENCH_PLAN_SCALE=F         generate the synthetic scenarios with --scale F
#                              (named syn-P-sF; default: the generator's own
#                              scale, min(1, 1000 / P), named syn-P)
# Results: build/bench/plan-MODE.tsv (every run), build/bench/plan-table-MODE.txt.
set -u

ACTION=run
if [ "${1:-}" = table ]; then
    ACTION=table
    shift
fi
MODE=${1:-full}
case $MODE in
quick)
    SIZES=${BENCH_PLAN_SIZES:-300 1000}
    OUT_SIZES=${BENCH_PLAN_OUT_SIZES-}
    CLP_TIMEOUT=${BENCH_PLAN_CLP_TIMEOUT:-60}
    ;;
full)
    SIZES=${BENCH_PLAN_SIZES:-300 1000 5000}
    OUT_SIZES=${BENCH_PLAN_OUT_SIZES-5000}
    CLP_TIMEOUT=${BENCH_PLAN_CLP_TIMEOUT:-300}
    ;;
*)
    echo "usage: bench/plan.sh [table] [quick|full]" >&2
    exit 2
    ;;
esac
RUNS=${BENCH_PLAN_RUNS:-3}
CLP_ALGOS=${BENCH_PLAN_CLP-dual primal}

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 2
B=build/bench
RES=$B/plan-$MODE.tsv
TABLE=$B/plan-table-$MODE.txt
SCEN=$B/scenarios
GF=build/grainflow
CLP=$B/plan_clp

print_table() {
    awk -F'\t' -v algos="$CLP_ALGOS" -v mode="$MODE" '
function median(key, k, i, j, t, a) {
    k = cnt[key]
    for (i = 1; i <= k; i++) a[i] = val[key, i]
    for (i = 2; i <= k; i++) {
        t = a[i]
        for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]
        a[j + 1] = t
    }
    return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
}
BEGIN { na = split(algos, A, " "); bad = 0 }
NR > 1 {
    s = $1; what = $3
    if (!(s in seen)) { seen[s] = 1; order[++ns] = s }
    if ($2 != "") places[s] = $2
    if ($9 != "") nodes[s] = $9
    if ($10 != "") arcs[s] = $10
    st[s, what] = $4
    if ($4 != "ok") { if ($4 !~ /^>/) fail[s] = 1; next }
    k = ++cnt[s SUBSEP what SUBSEP "p"]; val[s, what, "p", k] = $5 + $6
    k = ++cnt[s SUBSEP what SUBSEP "w"]; val[s, what, "w", k] = $7
    k = ++cnt[s SUBSEP what SUBSEP "m"]; val[s, what, "m", k] = $8 / 1024
    if ($12 != "") { k = ++cnt[s SUBSEP what SUBSEP "s"]; val[s, what, "s", k] = $12 }
    if ($11 != "") {
        if (what == "plan") gfcost[s] = $11
        else if (what ~ /^clp_/) clpcost[s, what] = $11
    }
}
END {
    printf "# bench/plan.sh %s: seconds = median process time (user + sys) of the whole command;\n", mode
    printf "# MB = peak RSS; solve = grainflow solver seconds; ratio = plan / fastest CLP process time\n"
    printf "%-12s %6s %8s %8s %8s %8s %8s %8s", "scenario", "places", "nodes", "arcs", "plan_s", "plan_MB", "json_s", "solve_s"
    for (i = 1; i <= na; i++) printf " %10s", "clp_" A[i]
    printf " %7s %7s %5s %s\n", "clp_MB", "ratio", "cost", "target"
    for (o = 1; o <= ns; o++) {
        s = order[o]
        ps = cnt[s SUBSEP "plan" SUBSEP "p"] ? median(s SUBSEP "plan" SUBSEP "p") : ""
        pm = cnt[s SUBSEP "plan" SUBSEP "m"] ? median(s SUBSEP "plan" SUBSEP "m") : ""
        js = cnt[s SUBSEP "json" SUBSEP "p"] ? median(s SUBSEP "json" SUBSEP "p") : ""
        ss = cnt[s SUBSEP "plan" SUBSEP "s"] ? median(s SUBSEP "plan" SUBSEP "s") : ""
        printf "%-12s %6s %8s %8s", s, places[s], nodes[s], arcs[s]
        printf " %8s %8s %8s %8s", ps == "" ? st[s, "plan"] : sprintf("%.3f", ps), \
            pm == "" ? "-" : sprintf("%.0f", pm), \
            js == "" ? ((s, "json") in st ? st[s, "json"] : "-") : sprintf("%.3f", js), \
            ss == "" ? "-" : sprintf("%.3f", ss)
        best = ""; bestm = ""; agree = (s in gfcost) ? 1 : 0; ncmp = 0
        for (i = 1; i <= na; i++) {
            w = "clp_" A[i]
            if (cnt[s SUBSEP w SUBSEP "p"]) {
                t = median(s SUBSEP w SUBSEP "p")
                printf " %10.3f", t
                if (best == "" || t < best) { best = t; bestm = median(s SUBSEP w SUBSEP "m") }
                ncmp++
                if (!(s in gfcost) || clpcost[s, w] != gfcost[s]) agree = 0
            } else {
                printf " %10s", (s, w) in st ? st[s, w] : "-"
            }
        }
        printf " %7s %7s", bestm == "" ? "-" : sprintf("%.0f", bestm), \
            (best == "" || ps == "" || best <= 0) ? "-" : sprintf("%.3f", ps / best)
        cost = ncmp == 0 ? "n/a" : (agree ? "ok" : "DIFF")
        if (cost == "DIFF" || (s in fail)) bad++
        target = "-"
        if (s == "default" && ps != "")
            target = ps < 0.100 ? "PASS(<0.1s)" : "FAIL(<0.1s)"
        else if (s == "default")
            target = "FAIL(<0.1s)"
        else if (places[s] == 5000 && s !~ /-s1$/) # issue 3 judged syn-5000 at its default scale
            target = (ps != "" && ps < 10 && pm < 2048) ? "PASS(<10s,<2GB)" : "FAIL(<10s,<2GB)"
        printf " %5s %s\n", cost, target
    }
    printf "# costs: grainflow total_cost_usd vs CLP objective + constant, to the cent (n/a: no CLP finished)\n"
    printf "\n# outputs (issue 7): plan -o DIR against the same plan without outputs (bare);\n"
    printf "# s = median process time (user + sys), MB = median peak RSS, ratio = plan_o_s / bare_s;\n"
    printf "# targets on syn-5000-s1 (5000 places, --scale 1): ratio <= 1.3 and plan -o under 2048 MB\n"
    printf "%-12s %6s %8s %8s %8s %7s %7s %-11s %s\n", "scenario", "places", "plan_o_s", "bare_s", "ratio", \
        "o_MB", "bare_MB", "time<=1.3x", "mem<2GB"
    for (o = 1; o <= ns; o++) {
        s = order[o]
        ps = cnt[s SUBSEP "plan" SUBSEP "p"] ? median(s SUBSEP "plan" SUBSEP "p") : ""
        pm = cnt[s SUBSEP "plan" SUBSEP "m"] ? median(s SUBSEP "plan" SUBSEP "m") : ""
        bs = cnt[s SUBSEP "bare" SUBSEP "p"] ? median(s SUBSEP "bare" SUBSEP "p") : ""
        bm = cnt[s SUBSEP "bare" SUBSEP "m"] ? median(s SUBSEP "bare" SUBSEP "m") : ""
        r = (ps == "" || bs == "" || bs <= 0) ? "" : ps / bs
        tt = "-"; tm = "-"
        if (places[s] == 5000 && s ~ /-s1$/) {
            tt = (r != "" && r <= 1.3) ? "PASS" : "FAIL"
            tm = (pm != "" && pm < 2048) ? "PASS" : "FAIL"
        }
        printf "%-12s %6s %8s %8s %8s %7s %7s %-11s %s\n", s, places[s], ps == "" ? st[s, "plan"] : sprintf("%.3f", ps), \
            bs == "" ? ((s, "bare") in st ? st[s, "bare"] : "-") : sprintf("%.3f", bs), \
            r == "" ? "-" : sprintf("%.3f", r), pm == "" ? "-" : sprintf("%.0f", pm), \
            bm == "" ? "-" : sprintf("%.0f", bm), tt, tm
    }
    exit bad ? 1 : 0
}' "$RES"
}

if [ "$ACTION" = table ]; then
    [ -f "$RES" ] || { echo "bench: no results in $RES" >&2; exit 2; }
    print_table
    exit $?
fi

# ---- build and generate -----------------------------------------------------------
make --no-print-directory "$GF" >&2 || exit 2
make --no-print-directory -f bench/bench.mk "$CLP" >&2 || exit 2
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time not found (apt-get install time)" >&2; exit 2; }
mkdir -p "$SCEN"
SCALE=${BENCH_PLAN_SCALE:-}
syn_name() { # places -> scenario name
    if [ -n "$SCALE" ]; then echo "syn-$1-s$SCALE"; else echo "syn-$1"; fi
}
for p in $OUT_SIZES; do # issue 7's outputs scenarios, at real tonnages
    d=$SCEN/syn-$p-s1
    # shellcheck disable=SC3013
    if [ ! -f "$d/demand.csv" ] || [ tools/gen_scenario.py -nt "$d/demand.csv" ]; then
        rm -rf "$d"
        python3 tools/gen_scenario.py "$p" "$d" --seed 1 --scale 1 || exit 2
    fi
done
for p in $SIZES; do
    d=$SCEN/$(syn_name "$p")
    # shellcheck disable=SC3013 # -nt: dash, bash and busybox sh all have it
    if [ ! -f "$d/demand.csv" ] || [ tools/gen_scenario.py -nt "$d/demand.csv" ]; then
        rm -rf "$d"
        python3 tools/gen_scenario.py "$p" "$d" --seed 1 ${SCALE:+--scale "$SCALE"} || exit 2
    fi
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/gf-plan-bench.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT INT TERM

# One timed run: timed WHAT CMD...; sets T_STATUS and "T_LINE" = user sys wall rss.
timed() {
    rm -f "$TMP/time"
    /usr/bin/time -f '%U %S %e %M' -o "$TMP/time" "$@" >"$TMP/stdout" 2>"$TMP/stderr"
    T_RC=$?
    T_LINE=$(tail -n 1 "$TMP/time" 2>/dev/null)
}

# The first "key": value in the first 8 kB of a JSON file.
json_field() {
    head -c 8192 "$1" | sed -n "s/^ *\"$2\": *\([-0-9.eE+]*\),*\$/\1/p" | head -n 1
}

# usd -> cents, rounded (awk's doubles are exact to the cent below 2^53 cents).
to_cents() {
    awk -v x="$1" 'BEGIN { printf "%.0f\n", x * 100 }'
}

printf 'scenario\tplaces\twhat\tstatus\tuser_s\tsys_s\twall_s\tmaxrss_kb\tnodes\tarcs\tcost_cents\tsolve_s\n' >"$RES"
row() { # scenario places what status user sys wall rss nodes arcs cost solve
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$RES"
}

bench_one() { # name dir places [outputs: only plan -o and the bare plan]
    name=$1 dir=$2 places=$3 runs=$RUNS jruns=$RUNS cruns=1 algos=$CLP_ALGOS
    if [ "${4:-}" = outputs ]; then
        jruns=0 algos=""
    elif [ "$name" = default ]; then
        runs=${BENCH_PLAN_RUNS:-5} jruns=$runs cruns=$runs
    elif [ "$places" -ge 5000 ]; then
        jruns=${BENCH_PLAN_RUNS:-1}
    fi
    echo "bench: $name ($dir): plan -o x$runs, --json x$jruns, bare x$runs, CLP ${algos:-none}" >&2
    i=0
    while [ $i -lt "$runs" ]; do
        i=$((i + 1))
        rm -rf "$TMP/out"
        timed "$GF" plan "$dir" -o "$TMP/out"
        if [ $T_RC -ne 0 ]; then
            row "$name" "$places" plan "error($T_RC)" "" "" "" "" "" "" "" ""
            sed 's/^/  /' "$TMP/stderr" | head -5 >&2
            continue
        fi
        # shellcheck disable=SC2086 # split "user sys wall rss" into $1..$4
        set -- $T_LINE
        nodes=$(json_field "$TMP/out/plan.json" nodes)
        arcs=$(json_field "$TMP/out/plan.json" arcs)
        cost=$(to_cents "$(json_field "$TMP/out/plan.json" total_cost_usd)")
        solve=$(json_field "$TMP/out/plan.json" solve_seconds)
        row "$name" "$places" plan ok "$1" "$2" "$3" "$4" "$nodes" "$arcs" "$cost" "$solve"
    done
    rm -rf "$TMP/out"
    i=0
    while [ $i -lt "$jruns" ]; do
        i=$((i + 1))
        rm -f "$TMP/time"
        /usr/bin/time -f '%U %S %e %M' -o "$TMP/time" "$GF" plan "$dir" --json >/dev/null 2>"$TMP/stderr"
        T_RC=$?
        if [ $T_RC -ne 0 ]; then
            row "$name" "$places" json "error($T_RC)" "" "" "" "" "" "" "" ""
            continue
        fi
        T_LINE=$(tail -n 1 "$TMP/time")
        # shellcheck disable=SC2086
        set -- $T_LINE
        row "$name" "$places" json ok "$1" "$2" "$3" "$4" "" "" "" ""
    done
    i=0
    while [ $i -lt "$runs" ]; do
        i=$((i + 1))
        timed "$GF" plan "$dir"
        if [ $T_RC -ne 0 ]; then
            row "$name" "$places" bare "error($T_RC)" "" "" "" "" "" "" "" ""
            continue
        fi
        # shellcheck disable=SC2086 # split "user sys wall rss" into $1..$4
        set -- $T_LINE
        row "$name" "$places" bare ok "$1" "$2" "$3" "$4" "" "" "" ""
    done
    for a in $algos; do
        i=0
        while [ $i -lt "$cruns" ]; do
            i=$((i + 1))
            timed timeout "$CLP_TIMEOUT" "$CLP" --algo "$a" "$dir"
            if [ $T_RC -eq 124 ] || [ $T_RC -eq 137 ]; then
                row "$name" "$places" "clp_$a" ">${CLP_TIMEOUT}s" "" "" "" "" "" "" "" ""
                break
            elif [ $T_RC -ne 0 ]; then
                row "$name" "$places" "clp_$a" "error($T_RC)" "" "" "" "" "" "" "" ""
                sed 's/^/  /' "$TMP/stderr" | head -5 >&2
                break
            fi
            # shellcheck disable=SC2086 # split "user sys wall rss" into $1..$4
        set -- $T_LINE
            cost=$(sed -n 's/.* cost_cents=\([-0-9]*\) .*/\1/p' "$TMP/stdout")
            csolve=$(sed -n 's/.* solve_cpu_s=\([0-9.]*\) .*/\1/p' "$TMP/stdout")
            row "$name" "$places" "clp_$a" ok "$1" "$2" "$3" "$4" "" "" "$cost" "$csolve"
        done
    done
}

bench_one default data/kz-ma-africa-v1 "$(($(wc -l <data/kz-ma-africa-v1/nodes.csv) - 1))"
for p in $SIZES; do
    bench_one "$(syn_name "$p")" "$SCEN/$(syn_name "$p")" "$p"
done
for p in $OUT_SIZES; do
    [ "$(syn_name "$p")" = "syn-$p-s1" ] && continue # run above already
    bench_one "syn-$p-s1" "$SCEN/syn-$p-s1" "$p" outputs
done
print_table >"$TABLE"
rc=$?
cat "$TABLE"
exit $rc
