/* bench/whatif_old.c: time what-ifs the way the server ran them before the
 * edit layer (and still can): one gf_whatif_create from the scenario's JSON
 * and the edits' JSON, then gf_whatif_solve, per what-if.
 *
 *   whatif_old DIR ROUNDS
 *
 * Uses only calls that exist on the old main commit too, so bench/whatif.sh
 * builds this same file against that commit's library (in a temporary git
 * worktree) for "today's path", and against the current one. The scenario's
 * JSON is made once, not timed (the server keeps it stored). Prints the
 * total cost of each what-if and one line of key=value figures (seconds per
 * what-if over ROUNDS x the edits of whatif_edits.h).
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "grainflow/alloc.h"
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

int main(int argc, char **argv)
{
    gf_error err = {0};
    size_t len = 0;
    char *scn = argc > 1 ? gf_scenario_json_from_csv(argv[1], &len, &err) : NULL;
    int rounds = argc > 2 ? atoi(argv[2]) : 20, n; /* NOLINT: a bench argument */
    double *tot, sum = 0;

    if (!scn || rounds < 1) {
        fprintf(stderr, "usage: whatif_old DIR [ROUNDS] (%s)\n", err.msg);
        return 2;
    }
    n = rounds * N_WHATIF_EDITS;
    tot = calloc((size_t)n, sizeof *tot);
    for (int i = 0; tot && i < n; i++) {
        const char *e = whatif_edits[i % N_WHATIF_EDITS];
        double t0 = now();
        gf_whatif *w = gf_whatif_create(scn, len, e, strlen(e), &err);
        gf_plan *p = w ? gf_whatif_solve(w, &err) : NULL;
        long long cost = p ? (long long)p->cost.total : 0;
        gf_plan_destroy(p);
        gf_whatif_destroy(w);
        tot[i] = now() - t0;
        sum += tot[i];
        if (!p) {
            fprintf(stderr, "whatif_old: %s: %s: %s\n", e, err.input, err.msg);
            return 1;
        }
        if (i < N_WHATIF_EDITS)
            printf("cost[%d]=%lld\n", i, cost);
    }
    if (tot) {
        qsort(tot, (size_t)n, sizeof *tot, cmp_double);
        printf("whatifs=%d mean_s=%.6f median_s=%.6f\n", n, sum / n, tot[n / 2]);
    }
    free(tot);
    gf_free(scn, len + 1);
    return 0;
}
