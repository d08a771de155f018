/* bench/warm.c: warm-start re-solves against cold solves after a small change.
 *
 *   warm [--trials K] [--seed S] FILE.min[.gz]
 *
 * Solves FILE cold, then for each of four series (cost +10% or capacity -10%;
 * on arcs drawn from all eligible arcs, or only from those carrying flow at
 * the optimum) runs K trials: change one seeded random arc, re-solve warm
 * (timed), solve the same changed network cold (timed) and require the same
 * status and cost, then undo the change and re-solve warm, which must give
 * back the original optimum. +10% is c + max(1, |c|/10) on an arc with c != 0;
 * -10% is u - max(1, u/10) on an arc with a finite upper bound u > lower.
 * Prints one line per series:
 *   warm change=cost pool=all trials=K cold_median_s=C warm_median_s=W
 *        speedup=C/W warm_pivots_median=P zero_pivot_trials=Z
 * Exit status 0 when every check held, 1 on a mismatch, 2 bad usage or input.
 * SPDX-License-Identifier: MIT */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "gen/gen_common.h"
#include "grainflow/grainflow.h"

typedef struct series {
    bool capacity; /* else cost */
    bool flow_only;
} series;

typedef struct trial {
    double warm_s, cold_s;
    int64_t warm_pivots;
} trial;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

static double median(double *v, int k)
{
    qsort(v, (size_t)k, sizeof *v, cmp_double);
    return k % 2 ? v[k / 2] : 0.5 * (v[k / 2 - 1] + v[k / 2]);
}

static bool eligible(const gf_mcf *mcf, const int64_t *base_flow, int32_t e, const series *s)
{
    if (s->flow_only && base_flow[e] == 0)
        return false;
    if (s->capacity)
        return !gf_mcf_arc_is_uncapacitated(mcf, e) &&
               gf_mcf_arc_upper(mcf, e) > gf_mcf_arc_lower(mcf, e);
    return gf_mcf_arc_cost(mcf, e) != 0;
}

/* Apply (undo false) or undo the change of series s to arc e. */
static int change(gf_mcf *mcf, int32_t e, const series *s, int64_t old, bool undo, gf_error *err)
{
    int64_t step;

    if (!s->capacity) {
        step = llabs(old) / 10 > 0 ? llabs(old) / 10 : 1;
        return gf_mcf_set_cost(mcf, e, undo ? old : old + step, err);
    }
    step = old / 10 > 0 ? old / 10 : 1;
    if (old - step < gf_mcf_arc_lower(mcf, e))
        step = old - gf_mcf_arc_lower(mcf, e);
    return gf_mcf_set_bounds(mcf, e, gf_mcf_arc_lower(mcf, e), undo ? old : old - step, false, err);
}

static int solve(gf_mcf *mcf, bool cold, gf_mcf_result *res, double *seconds, gf_error *err)
{
    gf_mcf_options o = gf_mcf_options_default();
    double t0 = bench_now();
    int rc;

    o.cold = cold;
    rc = gf_mcf_solve(mcf, &o, res, err);
    *seconds = bench_now() - t0;
    return rc;
}

/* One trial on arc e; 0 ok, 1 mismatch, <0 library error. */
static int run_trial(gf_mcf *mcf, int32_t e, const series *s, const gf_mcf_result *base, trial *t,
                     gf_error *err)
{
    int64_t old = s->capacity ? gf_mcf_arc_upper(mcf, e) : gf_mcf_arc_cost(mcf, e);
    gf_mcf_result w = {0}, c = {0}, back = {0};
    double ignored;
    int rc = change(mcf, e, s, old, false, err);

    if (!rc)
        rc = solve(mcf, false, &w, &t->warm_s, err);
    if (!rc)
        rc = solve(mcf, true, &c, &t->cold_s, err);
    if (!rc)
        rc = change(mcf, e, s, old, true, err);
    if (!rc)
        rc = solve(mcf, false, &back, &ignored, err);
    if (rc)
        return rc;
    t->warm_pivots = w.stats.pivots;
    if (!w.stats.warm || w.status != c.status || w.cost != c.cost || back.status != base->status ||
        back.cost != base->cost) {
        fprintf(stderr,
                "warm: arc %" PRId32 " %s: warm %d/%" PRId64 " (warm=%d) cold %d/%" PRId64
                ", undone %d/%" PRId64 " vs base %" PRId64 "\n",
                e, s->capacity ? "capacity" : "cost", (int)w.status, w.cost, (int)w.stats.warm,
                (int)c.status, c.cost, (int)back.status, back.cost, base->cost);
        return 1;
    }
    return 0;
}

static int run_series(gf_mcf *mcf, const series *s, const int64_t *base_flow,
                      const gf_mcf_result *base, int k, gen_rng *rng, gf_error *err)
{
    int32_t m = gf_mcf_arc_count(mcf);
    double *warm_s = calloc((size_t)k, sizeof *warm_s), *cold_s = calloc((size_t)k, sizeof *cold_s);
    double *piv = calloc((size_t)k, sizeof *piv);
    int rc = warm_s && cold_s && piv ? 0 : GF_ENOMEM, zero = 0;

    for (int i = 0; !rc && i < k; i++) {
        trial t = {0};
        int32_t e;
        int tries = 0;
        do
            e = (int32_t)rng_range(rng, 0, m - 1);
        while (!eligible(mcf, base_flow, e, s) && ++tries < 100000000);
        rc = run_trial(mcf, e, s, base, &t, err);
        warm_s[i] = t.warm_s;
        cold_s[i] = t.cold_s;
        piv[i] = (double)t.warm_pivots;
        zero += t.warm_pivots == 0;
    }
    if (!rc) {
        double c = median(cold_s, k), w = median(warm_s, k);
        printf("warm change=%s pool=%s trials=%d cold_median_s=%.6f warm_median_s=%.6f "
               "speedup=%.1f warm_pivots_median=%.0f zero_pivot_trials=%d\n",
               s->capacity ? "capacity" : "cost", s->flow_only ? "flow" : "all", k, c, w,
               w > 0 ? c / w : 0.0, median(piv, k), zero);
    }
    free(warm_s);
    free(cold_s);
    free(piv);
    return rc;
}

int main(int argc, char **argv)
{
    static const series all[] = {{false, false}, {true, false}, {false, true}, {true, true}};
    const char *path = NULL;
    gf_dimacs d;
    gf_error err = {0};
    gf_mcf *mcf = NULL;
    gf_mcf_result base = {0};
    int64_t *base_flow = NULL;
    gen_rng rng = {1};
    int k = 50, rc = 0;
    double cold_s;

    memset(&d, 0, sizeof d);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--trials") == 0 && i + 1 < argc)
            k = (int)gen_arg("warm", "--trials", argv[++i], 1, 100000);
        else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
            rng.s = (uint64_t)gen_arg("warm", "--seed", argv[++i], 0, INT64_MAX);
        else
            path = argv[i];
    }
    if (!path) {
        fprintf(stderr, "usage: warm [--trials K] [--seed S] FILE.min[.gz]\n");
        return 2;
    }
    rc = gf_dimacs_read(path, &d, &err);
    if (!rc) {
        mcf = gf_dimacs_to_mcf(&d, &err);
        rc = mcf ? 0 : err.code;
    }
    gf_dimacs_fini(&d);
    if (!rc)
        rc = solve(mcf, true, &base, &cold_s, &err);
    if (!rc && base.status != GF_MCF_OPTIMAL) {
        fprintf(stderr, "warm: %s: the base network is not solved to optimality\n", path);
        rc = 1;
    }
    if (!rc) {
        int32_t m = gf_mcf_arc_count(mcf);
        base_flow = malloc((size_t)m * sizeof *base_flow + 1);
        rc = base_flow ? 0 : GF_ENOMEM;
        if (base_flow)
            memcpy(base_flow, gf_mcf_flows(mcf), (size_t)m * sizeof *base_flow);
        printf("warm base nodes=%" PRId32 " arcs=%" PRId32 " cost=%" PRId64 " cold_s=%.6f\n",
               gf_mcf_node_count(mcf), m, base.cost, cold_s);
    }
    for (size_t i = 0; !rc && i < sizeof all / sizeof all[0]; i++)
        rc = run_series(mcf, &all[i], base_flow, &base, k, &rng, &err);
    if (rc < 0)
        fprintf(stderr, "warm: %s: %s\n", path, err.msg);
    free(base_flow);
    gf_mcf_destroy(mcf);
    return rc == 0 ? 0 : rc == 1 ? 1 : 2;
}
