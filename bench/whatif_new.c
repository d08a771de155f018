/* bench/whatif_new.c: time what-ifs on one solved scenario, the warm way.
 *
 *   whatif_new DIR ROUNDS [full|lazy]
 *
 * Reads DIR once, makes a gf_whatif of it and solves it once (cold, not
 * timed). Then, ROUNDS times over the edits of whatif_edits.h, times one
 * what-if: parse the edit text (gf_edits_parse_json), apply it to the model
 * and the built network (gf_whatif_apply), re-solve warm and extract the
 * plan (gf_whatif_solve), free the plan and go back to the base figures
 * (gf_whatif_reset, which the next what-if needs). The solver's own solve
 * call is timed inside (gf_whatif_solve_seconds); everything else counts as
 * outside the solver. Prints one line of key=value figures (seconds per
 * what-if, medians over all what-ifs), one with the mean seconds of each
 * step (parse, apply, the solver's solve call, the rest of gf_whatif_solve:
 * passing the edits to the solver in one gf_mcf_set_arcs call, reading its
 * duals and extracting the plan from its own flow array; reset and free),
 * and the total cost of each what-if so
 * that bench/whatif.sh can check it against the old path.
 * full (the default) extracts every figure (gf_whatif_solve), as the
 * server's run and the CLI do before they export; lazy extracts the core
 * (gf__whatif_solve_lazy: costs, totals, per-row tables) and reads only the
 * total, as a caller that summarises a what-if does: the routes, market
 * sums and origins are then never derived (plan_int.h, gf__plan_complete).
 * SPDX-License-Identifier: MIT */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "edit/whatif_int.h" /* gf__whatif_solve_lazy: internal */
#include "grainflow/edit.h"
#include "grainflow/scenario.h"
#include "grainflow/whatif.h"
#include "whatif_edits.h"

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Seconds spent in each step, summed over the what-ifs. */
static double t_parse, t_apply, t_solve_extract, t_reset;
static bool lazy; /* gf__whatif_solve_lazy, not gf_whatif_solve */

/* One timed what-if; *total and *solve in seconds, *cost its plan's total. */
static int one(gf_whatif *w, const char *edits, double *total, double *solve, long long *cost)
{
    gf_error err = {0};
    double t0 = now(), t1, t2, t3;
    gf_edits *l = gf_edits_create(&err);
    gf_plan *p = NULL;
    int rc = l ? gf_edits_parse_json(l, edits, strlen(edits), &err) : GF_ENOMEM;

    t1 = now();
    if (!rc)
        rc = gf_whatif_apply(w, l, &err); /* takes l */
    else
        gf_edits_destroy(l);
    t2 = now();
    if (!rc)
        p = lazy ? gf__whatif_solve_lazy(w, &err) : gf_whatif_solve(w, &err);
    t3 = now();
    t_parse += t1 - t0;
    t_apply += t2 - t1;
    t_solve_extract += t3 - t2;
    *solve = gf_whatif_solve_seconds(w);
    *cost = p ? (long long)p->cost.total : 0;
    gf_plan_destroy(p);
    if (!rc && p)
        rc = gf_whatif_reset(w, &err);
    else if (!rc)
        rc = err.code ? err.code : GF_EINTERNAL;
    *total = now() - t0;
    t_reset += *total - (t3 - t0);
    if (rc)
        fprintf(stderr, "whatif_new: %s: %s: %s\n", edits, err.input, err.msg);
    return rc;
}

int main(int argc, char **argv)
{
    gf_error err = {0};
    gf_whatif *w;
    gf_plan *base;
    int rounds = argc > 2 ? atoi(argv[2]) : 20, n, rc = 0; /* NOLINT: a bench argument */
    double *tot, *sol, sum_t = 0, sum_s = 0;

    lazy = argc > 3 && !strcmp(argv[3], "lazy");
    if (argc < 2 || rounds < 1 || (argc > 3 && !lazy && strcmp(argv[3], "full"))) {
        fprintf(stderr, "usage: whatif_new DIR [ROUNDS] [full|lazy]\n");
        return 2;
    }
    w = gf_whatif_create_model(gf_scenario_read_csv(argv[1], &err), &err);
    base = w ? gf_whatif_solve(w, &err) : NULL;
    if (!base) {
        fprintf(stderr, "whatif_new: %s: %s\n", err.input, err.msg);
        return 1;
    }
    gf_plan_destroy(base);
    n = rounds * N_WHATIF_EDITS;
    tot = calloc((size_t)n, sizeof *tot);
    sol = calloc((size_t)n, sizeof *sol);
    for (int i = 0; !rc && tot && sol && i < n; i++) {
        long long cost = 0;
        rc = one(w, whatif_edits[i % N_WHATIF_EDITS], &tot[i], &sol[i], &cost);
        sum_t += tot[i];
        sum_s += sol[i];
        if (i < N_WHATIF_EDITS)
            printf("cost[%d]=%lld\n", i, cost);
    }
    if (!rc && tot && sol)
        printf("whatifs=%d mean_s=%.6f solve_mean_s=%.6f outside_share=%.4f median_s=%.6f "
               "solve_median_s=%.6f\n",
               n, sum_t / n, sum_s / n, (sum_t - sum_s) / sum_t, median(tot, n), median(sol, n));
    if (!rc && tot && sol)
        printf("steps_mean_s parse=%.6f apply=%.6f solve_call=%.6f extract_and_copy=%.6f "
               "reset_and_free=%.6f\n",
               t_parse / n, t_apply / n, sum_s / n, (t_solve_extract - sum_s) / n, t_reset / n);
    free(tot);
    free(sol);
    gf_whatif_destroy(w);
    return rc ? 1 : 0;
}
