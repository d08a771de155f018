#!/bin/sh
# bench/mip.sh: a version-2 scenario's MIP through grainflow (src/lp: CLP + CBC)
# against GLPK's MIP (glpsol) on the same MPS file, side by side.
#
#   bench/mip.sh [DIR ...]      default: data/kz-ma-africa (version 2)
#
# For each DIR:
#   - build/bench/mip_driver DIR (the library's gf_lp_solve_model) under
#     /usr/bin/time: status, total, bound, gap, the saving against the
#     alternative suppliers and the gap as a share of it (the issue's target
#     is at most 0.1%), CBC's nodes and seconds, the LP relaxation's seconds,
#     the program's size, the hubs opened, and the process seconds (user + sys);
#   - `grainflow export --mps` of the same scenario, then glpsol --freemps on
#     it with the same time limit, under the same clock: its status and
#     objective (+ the constant from the MPS header = its total);
#   - the ratio glpsol / grainflow in process seconds, and whether both
#     proved the same optimum to the cent (when both finished).
#   - with BENCH_MIP_SITE=1, `grainflow site DIR` under the same clock: its
#     status line and process seconds (the issue's target: under 60 s).
# Environment: BENCH_MIP_LIMIT=S (seconds for each solver; default 240, as in
# the issue's measurement), BENCH_MIP_GLPK=0 to skip glpsol, BENCH_MIP_GAP=PCT
# to let CBC stop once proven within PCT % of the saving (lp.h's gap_share;
# default 0: prove the optimum; glpsol always runs to its optimum or the
# limit), BENCH_MIP_SITE=1 to time `grainflow site` too.
# Exit status 0 when every run finished, 1 when a run failed, 2 on setup.
set -u
LIMIT=${BENCH_MIP_LIMIT:-240}
GLPK=${BENCH_MIP_GLPK:-1}
GAP=${BENCH_MIP_GAP:-0}
SITE=${BENCH_MIP_SITE:-0}
B=build/bench
make --no-print-directory -s build/grainflow build/libgrainflow.a >/dev/null || exit 2
make --no-print-directory -s -f bench/bench.mk $B/mip_driver >/dev/null || exit 2
if [ $# -eq 0 ]; then
    set -- data/kz-ma-africa
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rc=0

# cpu_of FILE: user + sys seconds from /usr/bin/time -f '%U %S'
cpu_of() {
    tail -n 1 "$1" | awk '{printf "%.3f", $1 + $2}'
}

for dir in "$@"; do
    echo "== $dir (time limit ${LIMIT} s each)"
    /usr/bin/time -f '%U %S' -o "$tmp/gf.time" $B/mip_driver --time-limit "$LIMIT" --gap "$GAP" "$dir" \
        >"$tmp/gf.out" 2>"$tmp/gf.err" || { cat "$tmp/gf.err"; rc=1; continue; }
    gf_cpu=$(cpu_of "$tmp/gf.time")
    echo "grainflow: $(cat "$tmp/gf.out") process_s=$gf_cpu"
    gf_total=$(sed -n 's/.*total=\([-0-9]*\).*/\1/p' "$tmp/gf.out")
    gf_status=$(sed -n 's/^status=\([a-z_]*\).*/\1/p' "$tmp/gf.out")
    if [ "$SITE" = 1 ]; then
        /usr/bin/time -f '%U %S' -o "$tmp/site.time" build/grainflow site "$dir" --gap "$GAP" \
            --time-limit "$LIMIT" >"$tmp/site.out" 2>&1 || rc=1
        echo "site:      $(sed -n 2,3p "$tmp/site.out" | tr '\n' ' ')process_s=$(cpu_of "$tmp/site.time")"
        sed -n '/^Best plan/,/^Best no-hub/p' "$tmp/site.out"
    fi
    [ "$GLPK" = 1 ] || continue
    build/grainflow export --mps "$tmp/m.mps" "$dir" || { rc=1; continue; }
    constant=$(sed -n 's/.*constant \([-0-9]*\)$/\1/p' "$tmp/m.mps" | head -n 1)
    /usr/bin/time -f '%U %S' -o "$tmp/glpk.time" glpsol --freemps "$tmp/m.mps" --tmlim "$LIMIT" \
        -o "$tmp/glpk.sol" >"$tmp/glpk.out" 2>&1
    glpk_cpu=$(cpu_of "$tmp/glpk.time")
    obj=$(sed -n 's/^Objective: *COST = *\([-0-9.e+]*\).*/\1/p' "$tmp/glpk.sol" 2>/dev/null)
    st=$(sed -n 's/^Status: *\(.*\)$/\1/p' "$tmp/glpk.sol" 2>/dev/null)
    if grep -q "TIME LIMIT EXCEEDED" "$tmp/glpk.out"; then st="time limit ($st)"; fi
    total=$(awk -v o="${obj:-0}" -v c="${constant:-0}" 'BEGIN { printf "%.0f", o + c }')
    echo "glpsol:    status=${st:-none} total=$total process_s=$glpk_cpu"
    ratio=$(awk -v a="$glpk_cpu" -v b="$gf_cpu" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
    case "$st" in
    "time limit"*) # glpsol's limit is wall seconds: on a loaded machine it gets fewer CPU seconds
        ratio=">= $ratio (glpsol stopped at its ${LIMIT} s limit, $(case "$st" in *UNDEFINED*) echo "no integer solution found" ;; *) echo "not proven" ;; esac))" ;;
    esac
    same=-
    if [ "$gf_status" = optimal ] && [ "$st" = "INTEGER OPTIMAL" ]; then
        same=$(awk -v a="$gf_total" -v b="$total" 'BEGIN { d = a - b; print (d < 1 && d > -1) ? "yes" : "NO" }')
        [ "$same" = yes ] || rc=1
    fi
    echo "ratio glpsol/grainflow process seconds: $ratio; same optimum to the cent: $same"
done
exit $rc
