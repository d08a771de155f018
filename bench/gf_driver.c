/* bench/gf_driver.c: grainflow's min-cost-flow solver on a DIMACS file.
 *
 *   gf_driver [--algo auto|simplex|scaling] [--pivot block|first|best|list] [--block N]
 *             [--interrupt] FILE.min[.gz]
 *
 * --interrupt attaches a cleared interrupt flag (gf_mcf_set_interrupt), so
 * that a run with it against one without shows what the check costs.
 *
 * Uses the public API only: gf_dimacs_read, gf_dimacs_to_mcf, then frees the
 * gf_dimacs (and hands freed heap back to the system) before the solve, so
 * that peak_kb counts the network as the solver holds it plus the solver's
 * arrays, as for the other drivers (bench_util.h). The solve time is one
 * gf_mcf_solve call on the monotonic clock. Prints one line:
 *   grainflow nodes=N arcs=M status=optimal cost=C solve_s=S cpu_s=U maxrss_kb=K
 *             peak_kb=P pivots=I degenerate=D priced=A algo=A phases=K early=0|1
 *             scale_s=S cross_s=S simplex_s=S components=C cycles=Y
 * where scale_s is cost scaling's phases, cross_s its crossover to a basis,
 * simplex_s the rest of the solve (layout and the simplex after the
 * crossover, whose pivots are the pivots above), components the trees the
 * crossover hung from the root and cycles the cycles of free arcs it broke
 * (all 0 when the simplex ran alone). Exit status 0 when optimal, 1 another
 * outcome, 2 bad usage or input.
 * SPDX-License-Identifier: MIT */
#include <errno.h>
#include <inttypes.h>
#include <malloc.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "grainflow/grainflow.h"

/* Options from argv; returns the file name or NULL on bad usage. */
static const char *parse_args(int argc, char **argv, gf_mcf_options *o, bool *interrupt)
{
    const char *path = NULL;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--algo") == 0 && i + 1 < argc) {
            const char *a = argv[++i];
            if (strcmp(a, "auto") == 0)
                o->algo = GF_MCF_AUTO;
            else if (strcmp(a, "simplex") == 0)
                o->algo = GF_MCF_SIMPLEX;
            else if (strcmp(a, "scaling") == 0)
                o->algo = GF_MCF_SCALING;
            else
                return NULL;
        } else if (strcmp(argv[i], "--interrupt") == 0) {
            *interrupt = true;
        } else if (strcmp(argv[i], "--pivot") == 0 && i + 1 < argc) {
            const char *p = argv[++i];
            if (strcmp(p, "block") == 0)
                o->pivot = GF_MCF_BLOCK_SEARCH;
            else if (strcmp(p, "first") == 0)
                o->pivot = GF_MCF_FIRST_ELIGIBLE;
            else if (strcmp(p, "best") == 0)
                o->pivot = GF_MCF_BEST_ELIGIBLE;
            else if (strcmp(p, "list") == 0)
                o->pivot = GF_MCF_CANDIDATE_LIST;
            else
                return NULL;
        } else if (strcmp(argv[i], "--block") == 0 && i + 1 < argc) {
            char *end = NULL;
            long v;
            errno = 0;
            v = strtol(argv[++i], &end, 10);
            if (errno || *end || v < 0 || v > INT32_MAX)
                return NULL;
            o->block_size = (int32_t)v;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return NULL;
        } else {
            path = argv[i];
        }
    }
    return path;
}

int main(int argc, char **argv)
{
    gf_mcf_options opts = gf_mcf_options_default();
    gf_dimacs d;
    gf_error err = {0};
    gf_mcf_result res = {0};
    gf_mcf *mcf = NULL;
    static volatile sig_atomic_t flag; /* never set: only its check is measured */
    bool interrupt = false;
    const char *path = parse_args(argc, argv, &opts, &interrupt);
    double t0, c0, solve_s, cpu_s;
    int32_t n, m;
    int reset, rc;

    memset(&d, 0, sizeof d);
    if (!path) {
        fprintf(stderr,
                "usage: gf_driver [--algo auto|simplex|scaling] [--pivot block|first|best|list] "
                "[--block N] [--interrupt] FILE.min[.gz]\n");
        return 2;
    }
    rc = gf_dimacs_read(path, &d, &err);
    if (rc == GF_OK) {
        mcf = gf_dimacs_to_mcf(&d, &err);
        rc = mcf ? GF_OK : err.code;
    }
    n = d.n_nodes;
    m = d.n_arcs;
    gf_dimacs_fini(&d);
    malloc_trim(0);
    if (rc != GF_OK) {
        fprintf(stderr, "gf_driver: %s:%ld:%ld: %s\n", err.input[0] ? err.input : path, err.line,
                err.column, err.msg);
        return 2;
    }
    if (interrupt)
        gf_mcf_set_interrupt(mcf, &flag);
    reset = bench_reset_peak();
    t0 = bench_now();
    c0 = bench_cpu_now();
    rc = gf_mcf_solve(mcf, &opts, &res, &err);
    cpu_s = bench_cpu_now() - c0;
    solve_s = bench_now() - t0;
    if (rc != GF_OK) {
        fprintf(stderr, "gf_driver: %s: %s\n", path, err.msg);
        gf_mcf_destroy(mcf);
        return 2;
    }
    printf("grainflow nodes=%" PRId32 " arcs=%" PRId32 " status=%s cost=%" PRId64
           " solve_s=%.6f cpu_s=%.6f maxrss_kb=%ld peak_kb=%ld pivots=%" PRId64
           " degenerate=%" PRId64 " priced=%" PRId64 " algo=%s phases=%" PRId32
           " early=%d scale_s=%.3f cross_s=%.3f simplex_s=%.3f"
           " components=%" PRId32 " cycles=%" PRId32 "\n",
           n, m, gf_mcf_status_name(res.status), res.cost, solve_s, cpu_s, bench_maxrss_kb(),
           bench_peak_kb(reset), res.stats.pivots, res.stats.degenerate, res.stats.arcs_priced,
           res.stats.scaled ? "scaling" : "simplex", res.stats.scale_phases,
           (int)res.stats.scale_early, res.stats.scale_seconds, res.stats.cross_seconds,
           solve_s - res.stats.scale_seconds - res.stats.cross_seconds, res.stats.cross_trees,
           res.stats.cross_cycles);
    gf_mcf_destroy(mcf);
    return res.status == GF_MCF_OPTIMAL ? 0 : 1;
}
