#!/bin/sh
# bench/run.sh: grainflow's network simplex against the reference solvers.
#
#   bench/run.sh [quick|full]        (make bench runs full)
#   bench/run.sh table [quick|full]  only print the table of the last run again
#
# Builds the drivers into build/bench/, generates the extra instance families
# into build/bench/instances/ if missing, runs every solver on every instance,
# each run in its own process, and prints one table: seconds per solver (the
# median of R runs), grainflow/lemon_ns time ratio, peak memory of both, and
# whether every solver found the same optimal cost (and the one in
# optimal.tsv, where known). Then the geometric mean of the ratio per family
# and overall, the warm-start series (bench/warm.c on the corridor) and a
# verdict on each target: gf/ns is the mid-size target (against LEMON
# NetworkSimplex); when lemon_cs ran too, issue 11's large-network targets
# follow (grainflow against the better of the two LEMON solvers on every
# instance of 2^16 nodes or more, and the 1200-place corridor). `table`
# needs the same BENCH_SOLVERS as the run it prints. Exit status 0 when every cost agrees and no run
# failed (the targets do not change it), 1 otherwise.
#
#   quick  instances up to ~2^14 nodes, R=1, CLP limited to 20 s, 10 warm
#          trials: a couple of minutes.
#   full   everything (2^16 shared instances, 2^18 generated ones), R=3
#          (R=1 above 2^17 nodes or 1M arcs), CLP limited to 120 s.
#
# Environment (all optional):
#   BENCH_RUNS=R           runs per solver and instance (median reported)
#   BENCH_SOLVERS="..."    subset of: grainflow lemon_ns lemon_cs clp_dual, plus
#                          gf_simplex and gf_scaling (grainflow with --algo
#                          simplex / scaling; grainflow itself is --algo auto)
#                          and gf_interrupt (auto with a cleared interrupt flag
#                          attached: its time against grainflow's is the check's
#                          cost)
#   BENCH_ONLY=REGEX       only instances whose name matches (grep -E)
#   BENCH_CLP_TIMEOUT=S    seconds before a CLP run is killed ("timeout")
#   BENCH_TIMEOUT=S        the same for the other solvers (default 900)
#   BENCH_WARM_TRIALS=K    trials per warm-start series (0 = skip warm)
#   BENCH_SHARED=DIR       the shared instances (default ../shared/bench/
#                          instances from the repository root)
#   BENCH_GF_ARGS="..."    extra gf_driver flags, e.g. "--pivot first"
#   BENCH_TIME=cpu|wall    the time in the table: process CPU seconds of the
#                          solve (default; steadier on a shared machine) or the
#                          monotonic wall clock. The summary gives both.
# Results: build/bench/results-MODE.tsv (every run, with grainflow's pivot
# count), build/bench/table-MODE.txt.
set -u

ACTION=run
if [ "${1:-}" = table ]; then
    ACTION=table
    shift
fi
MODE=${1:-full}
case $MODE in
quick | full) ;;
*)
    echo "usage: bench/run.sh [table] [quick|full]" >&2
    exit 2
    ;;
esac

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 2
INST=build/bench/instances
if [ "$MODE" = quick ]; then
    RUNS=${BENCH_RUNS:-1}
    CLP_TIMEOUT=${BENCH_CLP_TIMEOUT:-20}
    WARM_TRIALS=${BENCH_WARM_TRIALS:-10}
    MAX_NODES=18000
else
    RUNS=${BENCH_RUNS:-3}
    CLP_TIMEOUT=${BENCH_CLP_TIMEOUT:-120}
    WARM_TRIALS=${BENCH_WARM_TRIALS:-50}
    MAX_NODES=100000000
fi
TIMEOUT=${BENCH_TIMEOUT:-900}
SOLVERS=${BENCH_SOLVERS:-grainflow lemon_ns lemon_cs clp_dual}
ONLY=${BENCH_ONLY:-.}
GF_ARGS=${BENCH_GF_ARGS:-}
TIME_METRIC=${BENCH_TIME:-cpu}
B=build/bench
RES=$B/results-$MODE.tsv
LOG=$B/errors-$MODE.log
WARM=$B/warm-$MODE.txt
TABLE=$B/table-$MODE.txt

# The shared instances: ../shared from the repository root; a git worktree
# under /work/wt/NAME finds it one level further up.
SHARED=${BENCH_SHARED:-}
if [ -z "$SHARED" ]; then
    for d in ../shared/bench/instances ../../shared/bench/instances; do
        if [ -d "$d" ]; then
            SHARED=$d
            break
        fi
    done
fi
if [ -z "$SHARED" ] || [ ! -d "$SHARED" ]; then
    echo "bench: shared instances not found (set BENCH_SHARED)" >&2
    exit 2
fi

# ---- the table (a function: "table" mode prints it without running) -----------
print_table() {
awk -F'\t' -v solvers="$SOLVERS" -v metric="$TIME_METRIC" -v optfile="$SHARED/optimal.tsv" -v warmfile="$WARM" \
    -v mode="$MODE" -v runs="$RUNS" '
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
BEGIN {
    ns = split(solvers, S, " ")
    tk = metric == "wall" ? "w" : "c"; ok_ = metric == "wall" ? "c" : "w"
    while ((getline line < optfile) > 0) {
        split(line, fld, "\t")
        if (fld[1] != "name") opt[fld[1]] = fld[4]
    }
    bad = 0
}
NR > 1 {
    inst = $1; s = $3
    if (!(inst in seen)) { seen[inst] = 1; order[++ni] = inst; fam[inst] = $2 }
    if ($6 != "") nodes[inst] = $6
    if ($7 != "") arcs[inst] = $7
    st[inst, s] = $5
    if ($5 == "optimal") {
        cost[inst, s] = $8
        k = ++cnt[inst, s, "w"]; val[inst, s, "w", k] = $9
        k = ++cnt[inst, s, "c"]; val[inst, s, "c", k] = ($12 == "" ? $9 : $12)
        k = ++cnt[inst, s, "m"]; val[inst, s, "m", k] = $10
    }
}
END {
    printf "# bench %s, R=%d: seconds = median solve time (%s); gf/ns = grainflow / lemon_ns time;\n", mode, runs, metric == "wall" ? "wall clock" : "process CPU"
    printf "# mem = peak resident kB during the solve; ok = every optimal cost agrees (and optimal.tsv)\n"
    printf "%-20s %-9s %8s %8s", "instance", "family", "nodes", "arcs"
    for (i = 1; i <= ns; i++) printf " %10s", S[i]
    printf " %7s %9s %9s %6s %s\n", "gf/ns", "mem_gf", "mem_ns", "mem%", "ok"
    for (o = 1; o <= ni; o++) {
        inst = order[o]
        printf "%-20s %-9s %8s %8s", inst, fam[inst], nodes[inst], arcs[inst]
        ref = ""; agree = 1
        for (i = 1; i <= ns; i++) {
            s = S[i]
            if (st[inst, s] == "optimal") {
                t[s] = median(inst SUBSEP s SUBSEP tk)
                t2[s] = median(inst SUBSEP s SUBSEP ok_)
                m[s] = median(inst SUBSEP s SUBSEP "m")
                printf " %10.4f", t[s]
                if (ref == "") ref = cost[inst, s]
                else if (cost[inst, s] != ref) agree = 0
            } else {
                t[s] = ""; m[s] = ""
                printf " %10s", (inst, s) in st ? st[inst, s] : "-"
                if ((inst, s) in st && st[inst, s] != "timeout") agree = 0
            }
        }
        if (inst in opt && ref != "" && ref != opt[inst]) agree = 0
        if (st[inst, "grainflow"] == "timeout" && st[inst, "lemon_ns"] == "optimal") {
            gfslow++; gfslowf[fam[inst]] = 1
        }
        if (!agree) bad++
        # issue 11: on 2^16 nodes or more (and the 1200-place corridor, which
        # the issue counts with them), against the better LEMON solver
        if ((nodes[inst] >= 65536 || inst ~ /^corridor_1200/) && t["grainflow"] != "" && t["lemon_ns"] != "" && t["lemon_cs"] != "") {
            b = t["lemon_ns"] < t["lemon_cs"] ? t["lemon_ns"] : t["lemon_cs"]
            if (b > 0) {
                big[++nbig] = inst; bigr[inst] = t["grainflow"] / b; bigall += log(bigr[inst])
                if (t["grainflow"] > t["lemon_ns"] || t["grainflow"] > t["lemon_cs"]) bigslow++
            }
        }
        r = ""
        if (t["grainflow"] != "" && t["lemon_ns"] != "" && t["lemon_ns"] > 0) {
            r = t["grainflow"] / t["lemon_ns"]
            lr = log(r); fsum[fam[inst]] += lr; fn[fam[inst]]++; all += lr; alln++
            if (t2["lemon_ns"] > 0 && t2["grainflow"] > 0) all2 += log(t2["grainflow"] / t2["lemon_ns"])
            if (!(fam[inst] in fseen)) { fseen[fam[inst]] = 1; forder[++nf] = fam[inst] }
        }
        printf " %7s", r == "" ? "-" : sprintf("%.3f", r)
        printf " %9s %9s", m["grainflow"] == "" ? "-" : m["grainflow"], m["lemon_ns"] == "" ? "-" : m["lemon_ns"]
        if (m["grainflow"] != "" && m["lemon_ns"] > 0) {
            mr = m["grainflow"] / m["lemon_ns"]
            printf " %6.0f", 100 * mr
            memn++
            if (mr > 1) memover++
        } else printf " %6s", "-"
        printf " %s\n", agree ? "ok" : (ref == "" ? "NO-SOLUTION" : "MISMATCH(" ref (inst in opt ? ",opt=" opt[inst] : "") ")")
    }
    print ""
    printf "%-10s %5s %10s\n", "family", "inst", "gf/ns geo"
    famok = 1
    for (i = 1; i <= nf; i++) {
        f = forder[i]; g = exp(fsum[f] / fn[f])
        printf "%-10s %5d %10.3f%s\n", f, fn[f], g, (g > 1 ? "  slower than lemon_ns" : "")
        if (g > 1) famok = 0
    }
    if (alln > 0) {
        g = exp(all / alln)
        printf "%-10s %5d %10.3f   (%s time; by %s time: %.3f)\n", "all", alln, g, metric == "wall" ? "wall" : "cpu", metric == "wall" ? "cpu" : "wall", exp(all2 / alln)
        print ""
        if (gfslow) {
            printf "grainflow timed out on %d instance(s) that lemon_ns solved (not in the means)\n", gfslow
            for (f in gfslowf) famok = 0
        }
        printf "target time:   geo-mean gf/ns %.3f <= 0.8: %s\n", g, g <= 0.8 && !gfslow ? "MET" : "NOT MET"
        printf "target family: no family geo-mean above 1.0: %s\n", famok ? "MET" : "NOT MET"
        printf "target memory: grainflow peak <= lemon_ns on %d of %d instances: %s\n", memn - memover, memn, memover ? "NOT MET" : "MET"
    }
    if (nbig > 0) {
        print ""
        printf "%-20s %10s   (issue 11: 2^16 nodes or more, and corridor_1200: grainflow / the better of lemon_ns and lemon_cs)\n", "instance", "gf/best"
        for (i = 1; i <= nbig; i++) printf "%-20s %10.3f\n", big[i], bigr[big[i]]
        g = exp(bigall / nbig)
        printf "target large:  geo-mean gf/best %.3f <= 0.8 over %d instances: %s\n", g, nbig, g <= 0.8 ? "MET" : "NOT MET"
        printf "target large:  slower than lemon_ns or lemon_cs on %d of %d: %s\n", bigslow, nbig, bigslow ? "NOT MET" : "MET"
    }
    nw = 0; wok = 1
    while ((getline line < warmfile) > 0) {
        if (nw == 0) print ""
        print line; nw++
        if (line ~ /FAILED/) wok = 0
        if (line ~ /speedup=/) {
            sp = line; sub(/.*speedup=/, "", sp); sub(/ .*/, "", sp)
            if (sp + 0 < 10) wok = 0
        }
    }
    if (nw > 0) printf "target warm:   every series at least 10x faster than cold: %s\n", wok ? "MET" : "NOT MET"
    if (bad) printf "\n%d instance(s) with failed runs or disagreeing costs\n", bad
    exit bad ? 1 : 0
}' "$RES" >"$TABLE"
}

if [ "$ACTION" = table ]; then
    [ -f "$RES" ] || {
        echo "bench: no $RES yet" >&2
        exit 2
    }
    print_table
    rc=$?
    cat "$TABLE"
    exit $rc
fi

# ---- build -------------------------------------------------------------------
make --no-print-directory -s build/libgrainflow.a || exit 2
TARGETS="$B/gen_random $B/gen_grid $B/gen_corridor $B/gen_goto $B/gen_netgen"
case " $SOLVERS " in *" grainflow "* | *" gf_"*) TARGETS="$TARGETS $B/gf_driver $B/warm" ;; esac
case " $SOLVERS " in *" lemon_"*) TARGETS="$TARGETS $B/lemon_driver" ;; esac
case " $SOLVERS " in *" clp_dual "*) TARGETS="$TARGETS $B/clp_driver" ;; esac
# shellcheck disable=SC2086
make --no-print-directory -s -f bench/bench.mk $TARGETS || exit 2

# ---- instances ---------------------------------------------------------------
# Generated families: name|command. Written to a temporary file, then renamed,
# so that an interrupted run never leaves half an instance behind.
mkdir -p "$INST"
gen_list() {
    for k in 10 12 14 16 18; do
        echo "random_$k|$B/gen_random $((1 << k)) $k"
        echo "grid_$k|$B/gen_grid $((1 << k)) $k"
    done
    echo "corridor_75x52_s1|$B/gen_corridor 75 52 1"
    echo "corridor_300x52_s2|$B/gen_corridor 300 52 2"
    echo "corridor_1200x52_s1|$B/gen_corridor 1200 52 1"
    echo "corridor_2400x52_s1|$B/gen_corridor 2400 52 1"
    # GOTO-8 and NETGEN-8 beyond the shared 2^16: the project's own look-alike
    # generators (suffix g; their optimal costs are not a real GOTO's or NETGEN's)
    echo "goto_8_18g|$B/gen_goto $((1 << 18)) 18"
    echo "netgen_8_18g|$B/gen_netgen $((1 << 18)) 18"
}

family_of() { # corridor_300x52_s1 -> corridor, netgen_8_14a -> netgen_8
    case $1 in
    corridor_*) echo corridor ;;
    random_* | grid_*) echo "${1%%_*}" ;;
    *) echo "${1%_*}" ;;
    esac
}

# nodes of a DIMACS file, from its "p" line
nodes_of() {
    case $1 in
    *.gz) zcat "$1" | sed -n '/^p /{s/^p min \([0-9]*\).*/\1/p;q}' ;;
    *) sed -n '/^p /{s/^p min \([0-9]*\).*/\1/p;q}' "$1" ;;
    esac
}

# size of a generated instance before it exists: from its name
planned_nodes() {
    case $1 in
    random_* | grid_*) echo $((1 << ${1#*_})) ;;
    goto_8_*g | netgen_8_*g)
        k=${1##*_}
        echo $((1 << ${k%g}))
        ;;
    corridor_*x*)
        pw=${1#corridor_}
        pw=${pw%%_*}
        echo $((${pw%x*} * ${pw#*x} + 2))
        ;;
    esac
}

LIST=$B/instances-$MODE.txt # name|family|path
: >"$LIST"
for f in "$SHARED"/*.min.gz; do
    name=$(basename "$f" .min.gz)
    echo "$name" | grep -Eq "$ONLY" || continue
    [ "$(nodes_of "$f")" -le "$MAX_NODES" ] || continue
    echo "$name|$(family_of "$name")|$f" >>"$LIST"
done
gen_list | while IFS='|' read -r name cmd; do
    echo "$name" | grep -Eq "$ONLY" || continue
    [ "$(planned_nodes "$name")" -le "$MAX_NODES" ] || continue
    out=$INST/$name.min
    if [ ! -s "$out" ]; then
        echo "bench: generating $out" >&2
        $cmd >"$out.tmp" && mv "$out.tmp" "$out" || exit 2
    fi
    echo "$name|$(family_of "$name")|$out" >>"$LIST"
done || exit 2

# ---- runs --------------------------------------------------------------------
: >"$LOG"
printf 'instance\tfamily\tsolver\trun\tstatus\tnodes\tarcs\tcost\tsolve_s\tpeak_kb\tmaxrss_kb\tcpu_s\tpivots\n' >"$RES"

field() { # field NAME LINE
    echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -n 1
}

run_one() { # run_one SOLVER PATH -> prints the driver's line, sets RC
    # shellcheck disable=SC2086 # GF_ARGS is a list of flags
    case $1 in
    grainflow) set -- "$TIMEOUT" "$B/gf_driver" $GF_ARGS "$2" ;;
    gf_simplex) set -- "$TIMEOUT" "$B/gf_driver" --algo simplex $GF_ARGS "$2" ;;
    gf_scaling) set -- "$TIMEOUT" "$B/gf_driver" --algo scaling $GF_ARGS "$2" ;;
    gf_interrupt) set -- "$TIMEOUT" "$B/gf_driver" --interrupt $GF_ARGS "$2" ;;
    lemon_ns) set -- "$TIMEOUT" "$B/lemon_driver" --algo ns "$2" ;;
    lemon_cs) set -- "$TIMEOUT" "$B/lemon_driver" --algo cs "$2" ;;
    clp_dual) set -- "$CLP_TIMEOUT" "$B/clp_driver" "$2" ;;
    *)
        echo "bench: unknown solver $1" >&2
        return 2
        ;;
    esac
    t=$1
    shift
    timeout "$t" "$@" </dev/null 2>>"$LOG"
}

while IFS='|' read -r name family path; do
    n=$(nodes_of "$path")
    runs=$RUNS
    if [ -z "${BENCH_RUNS:-}" ] && [ "$n" -gt 131072 ]; then
        runs=1
    fi
    dead="" # solvers that timed out or failed: not run again on this instance
    r=1
    while [ "$r" -le "$runs" ]; do # interleaved, so that load changes hit all alike
        for s in $SOLVERS; do
            case " $dead " in *" $s "*) continue ;; esac
            line=$(run_one "$s" "$path")
            rc=$?
            if [ "$rc" -eq 124 ]; then
                st=timeout
            elif [ -z "$line" ]; then
                st=failed
                echo "bench: $s on $name exited with $rc" >>"$LOG"
            else
                st=$(field status "$line")
            fi
            printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$family" "$s" \
                "$r" "$st" "$n" "$(field arcs "$line")" "$(field cost "$line")" \
                "$(field solve_s "$line")" "$(field peak_kb "$line")" \
                "$(field maxrss_kb "$line")" "$(field cpu_s "$line")" \
                "$(field pivots "$line")" >>"$RES"
            [ "$st" = optimal ] || dead="$dead $s"
        done
        r=$((r + 1))
    done
    echo "bench: $name done" >&2
done <"$LIST"

# ---- warm start ----------------------------------------------------------------
: >"$WARM"
if [ "$WARM_TRIALS" -gt 0 ] && echo " $SOLVERS " | grep -q " grainflow "; then
    wf=$SHARED/corridor_300x52_s1.min.gz
    if ! timeout "$TIMEOUT" "$B/warm" --trials "$WARM_TRIALS" "$wf" >"$WARM" 2>>"$LOG"; then
        echo "warm FAILED (see $LOG)" >>"$WARM"
    fi
fi

# ---- table ---------------------------------------------------------------------
print_table
rc=$?
cat "$TABLE"
[ -s "$LOG" ] && echo "(solver messages in $LOG)"
exit $rc
