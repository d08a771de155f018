/* bench/plan_clp.c: a scenario folder's plan as an LP, by CLP.
 *
 *   plan_clp [--algo dual|primal|barrier|auto] DIR
 *
 * The reference for bench/plan.sh, never a dependency of the library. Reads
 * DIR with grainflow's own reader (gf_scenario_read_csv), builds the LP of the
 * same formulation straight from the model (tests/support/model_lp.c, the
 * builder test_plan.c checks 300 random models with; it does not go through
 * gf_network) and solves it with CLP (default: the dual simplex). Prints one
 * line:
 *   plan_clp algo=A places=N links=L cols=C rows=R nnz=Z status=S iters=I
 *            cost_cents=K cost_usd=D rounded_cents=Q read_s=.. build_s=..
 *            solve_s=.. solve_cpu_s=.. maxrss_kb=..
 * cost_cents is llround(CLP objective + the constant sum alt x demand);
 * rounded_cents is the cost of CLP's solution rounded to whole tonnes, summed
 * in integers (equal on an integral vertex). Times: read_s the scenario, build_s
 * the LP arrays, solve_s loading into CLP and solving (wall; solve_cpu_s the
 * same in process CPU time). maxrss_kb is the peak of the whole process.
 * Exit status 0 optimal, 1 not optimal, 2 bad usage or input, 3 out of memory.
 * SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "bench_util.h"
#include "grainflow/scenario.h"
#include "support/model_lp.h"

static const char *const algo_names[] = {"auto", "dual", "primal", "barrier"};

static int parse_algo(const char *s, model_lp_algo *algo)
{
    for (int i = 0; i < 4; i++)
        if (strcmp(s, algo_names[i]) == 0) {
            *algo = (model_lp_algo)i;
            return 0;
        }
    return -1;
}

static const char *status_name(int status)
{
    switch (status) {
    case 0:
        return "optimal";
    case 1:
        return "infeasible";
    case 2:
        return "unbounded";
    case 3:
        return "stopped";
    default:
        return "error";
    }
}

static int usage(void)
{
    fprintf(stderr, "usage: plan_clp [--algo dual|primal|barrier|auto] DIR\n");
    return 2;
}

int main(int argc, char **argv)
{
    model_lp_algo algo = MODEL_LP_DUAL;
    const char *dir = NULL;
    gf_error err = {0};
    gf_model *m = NULL;
    model_lp l = {0};
    double t0, t1, t2, t3, c2, c3, obj = 0;
    int64_t cost = 0, rounded = 0;
    int status, iters = 0, rc;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--algo") == 0 && i + 1 < argc) {
            if (parse_algo(argv[++i], &algo))
                return usage();
        } else if (argv[i][0] == '-' || dir) {
            return usage();
        } else {
            dir = argv[i];
        }
    }
    if (!dir)
        return usage();
    t0 = bench_now();
    m = gf_scenario_read_csv(dir, &err);
    if (!m) {
        fprintf(stderr, "plan_clp: %s:%ld:%ld: %s\n", err.input, err.line, err.column, err.msg);
        return 2;
    }
    t1 = bench_now();
    if (model_lp_build(&l, m)) {
        fprintf(stderr, "plan_clp: out of memory building the LP\n");
        rc = 3;
        goto out;
    }
    t2 = bench_now();
    c2 = bench_cpu_now();
    status = model_lp_solve_clp(&l, algo, &obj, &cost, &rounded, &iters);
    t3 = bench_now();
    c3 = bench_cpu_now();
    if (status < 0) {
        fprintf(stderr, "plan_clp: out of memory in CLP\n");
        rc = 3;
        goto out;
    }
    printf("plan_clp algo=%s places=%d links=%d cols=%d rows=%d nnz=%d status=%s iters=%d "
           "cost_cents=%lld cost_usd=%lld.%02lld rounded_cents=%lld read_s=%.4f build_s=%.4f "
           "solve_s=%.4f solve_cpu_s=%.4f maxrss_kb=%ld\n",
           algo_names[algo], gf_model_node_count(m), gf_model_link_count(m), l.ncol, l.nrow, l.nnz,
           status_name(status), iters, (long long)cost, (long long)(cost / 100),
           (long long)(cost % 100), (long long)rounded, t1 - t0, t2 - t1, t3 - t2, c3 - c2,
           bench_maxrss_kb());
    rc = status == 0 ? 0 : 1;
out:
    model_lp_fini(&l);
    gf_model_destroy(m);
    return rc;
}
