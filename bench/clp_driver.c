/* bench/clp_driver.c: a DIMACS min-cost-flow problem as an LP, by CLP's dual.
 *
 *   clp_driver [--max-seconds S] FILE.min[.gz]
 *
 * A reference for bench/run.sh, never a dependency of the library. One column
 * per arc (bounds lower..upper, objective coefficient = cost, +1 in the row of
 * its tail, -1 in the row of its head; a self-loop gets an empty column) and
 * one equality row per node (= supply). The file is read here with zlib (which
 * also reads plain files), independently of grainflow's reader. The solve
 * time covers Clp_dual only (loading the matrix is not counted; scaling and
 * the dual's own set-up are). The cost is read back as an integer: every
 * column value is rounded to the nearest integer and sum cost*x summed in
 * int64; frac= reports the largest rounding, which must be ~0 on a network.
 * Prints one line:
 *   clp_dual nodes=N arcs=M status=optimal cost=C solve_s=S cpu_s=U maxrss_kb=K
 *            peak_kb=P obj=D frac=F
 * Exit status 0 when optimal, 1 otherwise (infeasible, time limit), 2 bad
 * usage or input.
 * SPDX-License-Identifier: MIT */
#include <Clp_C_Interface.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "bench_util.h"

typedef struct problem {
    long n, m, n_read;
    long *src, *dst; /* 0-based */
    int64_t *lower, *upper, *cost, *supply;
} problem;

static void problem_fini(problem *p)
{
    free(p->src);
    free(p->dst);
    free(p->lower);
    free(p->upper);
    free(p->cost);
    free(p->supply);
    memset(p, 0, sizeof *p);
}

/* Read count integers from s; false on a malformed line. */
static bool parse_ints(const char *s, int64_t *out, int count)
{
    char *end = NULL;

    for (int i = 0; i < count; i++) {
        errno = 0;
        out[i] = (int64_t)strtoll(s, &end, 10);
        if (errno || end == s)
            return false;
        s = end;
    }
    return true;
}

static bool read_line(problem *p, const char *line)
{
    int64_t v[5];

    switch (line[0]) {
    case 'p':
        if (p->src || sscanf(line, "p min %ld %ld", &p->n, &p->m) != 2 || p->n < 1 || p->m < 0)
            return false;
        p->src = calloc((size_t)p->m + 1, sizeof *p->src);
        p->dst = calloc((size_t)p->m + 1, sizeof *p->dst);
        p->lower = calloc((size_t)p->m + 1, sizeof *p->lower);
        p->upper = calloc((size_t)p->m + 1, sizeof *p->upper);
        p->cost = calloc((size_t)p->m + 1, sizeof *p->cost);
        p->supply = calloc((size_t)p->n, sizeof *p->supply);
        return p->src && p->dst && p->lower && p->upper && p->cost && p->supply;
    case 'n':
        if (!p->src || !parse_ints(line + 1, v, 2) || v[0] < 1 || v[0] > p->n)
            return false;
        p->supply[v[0] - 1] = v[1];
        return true;
    case 'a':
        if (!p->src || p->n_read >= p->m || !parse_ints(line + 1, v, 5) || v[0] < 1 ||
            v[0] > p->n || v[1] < 1 || v[1] > p->n)
            return false;
        p->src[p->n_read] = (long)v[0] - 1;
        p->dst[p->n_read] = (long)v[1] - 1;
        p->lower[p->n_read] = v[2];
        p->upper[p->n_read] = v[3];
        p->cost[p->n_read] = v[4];
        p->n_read++;
        return true;
    default:
        return true; /* comments and blank lines */
    }
}

static bool read_problem(const char *path, problem *p)
{
    char line[4096];
    long lineno = 0;
    gzFile f = gzopen(path, "rb");
    bool ok = f != NULL;

    if (!f)
        fprintf(stderr, "clp_driver: cannot open %s\n", path);
    else
        gzbuffer(f, 1 << 17);
    while (ok && gzgets(f, line, sizeof line)) {
        lineno++;
        ok = read_line(p, line);
        if (!ok)
            fprintf(stderr, "clp_driver: %s:%ld: malformed line\n", path, lineno);
    }
    if (f)
        gzclose(f);
    if (ok && (!p->src || p->n_read != p->m)) {
        fprintf(stderr, "clp_driver: %s: no 'p min' line or too few arcs\n", path);
        ok = false;
    }
    return ok;
}

/* Load p into model as described at the top; the column arrays are freed
 * before returning so that the solve's peak counts only CLP's copy. */
static bool load(Clp_Simplex *model, const problem *p)
{
    CoinBigIndex *start = malloc(((size_t)p->m + 1) * sizeof *start);
    int *index = malloc(2 * (size_t)p->m * sizeof *index + 1);
    double *value = malloc(2 * (size_t)p->m * sizeof *value + 1);
    double *lo = malloc((size_t)p->m * sizeof *lo + 1), *up = malloc((size_t)p->m * sizeof *up + 1);
    double *obj = malloc((size_t)p->m * sizeof *obj + 1);
    double *rhs = malloc((size_t)p->n * sizeof *rhs);
    bool ok = start && index && value && lo && up && obj && rhs;
    CoinBigIndex k = 0;

    for (long e = 0; ok && e < p->m; e++) {
        start[e] = k;
        if (p->src[e] != p->dst[e]) {
            index[k] = (int)p->src[e];
            value[k++] = 1.0;
            index[k] = (int)p->dst[e];
            value[k++] = -1.0;
        }
        lo[e] = (double)p->lower[e];
        up[e] = p->upper[e] >= p->lower[e] ? (double)p->upper[e] : HUGE_VAL;
        obj[e] = (double)p->cost[e];
    }
    if (ok) {
        start[p->m] = k;
        for (long v = 0; v < p->n; v++)
            rhs[v] = (double)p->supply[v];
        Clp_loadProblem(model, (int)p->m, (int)p->n, start, index, value, lo, up, obj, rhs, rhs);
    }
    free(start);
    free(index);
    free(value);
    free(lo);
    free(up);
    free(obj);
    free(rhs);
    return ok;
}

int main(int argc, char **argv)
{
    problem p;
    Clp_Simplex *model = NULL;
    const char *path = NULL;
    double max_seconds = 0.0, t0, c0, solve_s, cpu_s, frac = 0.0;
    __int128 sum = 0;
    bool optimal;
    int reset, status;

    memset(&p, 0, sizeof p);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--max-seconds") == 0 && i + 1 < argc)
            max_seconds = strtod(argv[++i], NULL);
        else
            path = argv[i];
    }
    if (!path || max_seconds < 0.0) {
        fprintf(stderr, "usage: clp_driver [--max-seconds S] FILE.min[.gz]\n");
        return 2;
    }
    if (!read_problem(path, &p)) {
        problem_fini(&p);
        return 2;
    }
    model = Clp_newModel();
    Clp_setLogLevel(model, 0);
    if (max_seconds > 0.0)
        Clp_setMaximumSeconds(model, max_seconds);
    if (!load(model, &p)) {
        fprintf(stderr, "clp_driver: out of memory\n");
        Clp_deleteModel(model);
        problem_fini(&p);
        return 2;
    }
    free(p.src); /* the LP holds the matrix now; keep cost for the check */
    free(p.dst);
    free(p.lower);
    free(p.upper);
    free(p.supply);
    p.src = p.dst = NULL, p.lower = p.upper = p.supply = NULL;
    reset = bench_reset_peak();
    t0 = bench_now();
    c0 = bench_cpu_now();
    Clp_dual(model, 0);
    cpu_s = bench_cpu_now() - c0;
    solve_s = bench_now() - t0;
    status = Clp_status(model);
    optimal = status == 0 && Clp_isProvenOptimal(model);
    if (optimal) {
        const double *x = Clp_getColSolution(model);
        for (long e = 0; e < p.m; e++) {
            double r = nearbyint(x[e]);
            frac = fmax(frac, fabs(x[e] - r));
            sum += (__int128)p.cost[e] * (int64_t)r;
        }
    }
    printf("clp_dual nodes=%ld arcs=%ld status=%s cost=%lld solve_s=%.6f cpu_s=%.6f maxrss_kb=%ld "
           "peak_kb=%ld obj=%.17g frac=%.3g\n",
           p.n, p.m,
           optimal       ? "optimal"
           : status == 3 ? "time_limit"
                         : "not_optimal",
           optimal ? (long long)sum : 0LL, solve_s, cpu_s, bench_maxrss_kb(), bench_peak_kb(reset),
           Clp_objectiveValue(model), frac);
    Clp_deleteModel(model);
    problem_fini(&p);
    return optimal ? 0 : 1;
}
