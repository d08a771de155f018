#!/bin/sh
# bench/te_shape.sh: the shape of a DIMACS min-cost-flow file, for bench/te.sh.
#
#   bench/te_shape.sh FILE.min...
#
# Prints one line per file with what might tell cost scaling and the simplex
# apart on time-expanded networks (issue 11, brief h11-te): n, m, arcs per
# node; max|c| and log2 of n * max|c| (cost scaling's phase count grows with
# it); the share of arcs with a negative cost and with cost 0; the share of
# arcs with a real capacity (an arc whose capacity is at least the total
# supply counts as uncapacitated: bench/scenario_dimacs writes those so); the
# nodes with a supply and with a demand, and the total supply; the arcs from
# a supply node straight to a demand node (sd) and those of them that can
# carry half the supply or more (spill: the planner's spill arc, which
# mcf_solve.c's offers_supply looks for). One pass of awk per file (DIMACS
# lists the nodes before the arcs); exit status 0, or 2 when a file cannot
# be read.
set -u
[ $# -gt 0 ] || {
    echo "usage: bench/te_shape.sh FILE.min..." >&2
    exit 2
}
printf "%-22s %8s %8s %5s %8s %6s %6s %6s %6s %6s %6s %12s %6s %5s\n" file n m m/n max_c lg_nC neg% zero% cap% n_sup n_dem supply sd spill
for f in "$@"; do
    awk -v name="$(basename "$f" .min)" '
    $1 == "p" { n = $3; m = $4 }
    $1 == "n" { b[$2] = $3; if ($3 > 0) { nsup++; sup += $3 } else if ($3 < 0) ndem++ }
    $1 == "a" {
        c = $6 + 0; a = c < 0 ? -c : c
        if (a > maxc) maxc = a
        if (c < 0) neg++
        if (c == 0) zero++
        cap[++k] = $5 + 0
        if (b[$2] > 0 && b[$3] < 0) { sd++; if (2 * $5 >= sup) spill++ }
    }
    END {
        for (i = 1; i <= k; i++) if (cap[i] < sup) capd++
        printf "%-22s %8d %8d %5.2f %8d %6.1f %6.1f %6.1f %6.1f %6d %6d %12d %6d %5d\n", name, n, m, m / n, maxc,
            log(n * (maxc + 1)) / log(2), 100 * neg / m, 100 * zero / m, 100 * capd / m, nsup, ndem, sup, sd, spill
    }' "$f" || exit 2
done
