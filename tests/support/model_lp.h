/* tests/support/model_lp.h: a gf_model as a linear program, solved by CLP.
 *
 * The LP is written straight from the model's meaning (model.h, scenario.h),
 * not from gf_network, so that it checks the time expansion as well as the
 * solver:
 *   columns: purchases b_i <= offer, deliveries d_j <= demand, link departures
 *            x_{l,t} <= capacity (only when the arrival period exists), stocks
 *            s_{n,t} <= storage_t (cyclic: also from the last period);
 *   rows:    balance of every node and period (in - out = 0), and arrivals
 *            over links <= throughput where the node has a limit;
 *   minimise prices, link cost + handling at arrival, storage fees, minus
 *            alt x delivered; plus the constant sum alt x demand.
 * All figures in cents and tonnes. Shared by tests/unit/test_plan.c (seeded
 * random models) and bench/plan_clp.c (whole scenario folders).
 * SPDX-License-Identifier: MIT */
#ifndef GF_TESTS_MODEL_LP_H
#define GF_TESTS_MODEL_LP_H

#include <stdint.h>

#include "grainflow/model.h"

/* Column-major LP arrays (malloc'ed; model_lp_fini frees). */
typedef struct model_lp {
    int ncol, nrow, nnz;
    int cap;           /* columns allocated */
    int *start;        /* size ncol + 1 */
    int *index;        /* size nnz: row of each entry */
    double *value;     /* size nnz */
    double *lo, *up;   /* size ncol; DBL_MAX = no upper bound */
    double *obj;       /* size ncol; cents per tonne */
    double *rlo, *rup; /* size nrow */
    double constant;   /* cents: sum over demand rows of alt x t */
} model_lp;

typedef enum model_lp_algo {
    MODEL_LP_AUTO = 0, /* Clp_initialSolve: CLP picks (dual for these) */
    MODEL_LP_DUAL,
    MODEL_LP_PRIMAL,
    MODEL_LP_BARRIER /* with crossover */
} model_lp_algo;

/* Fill *l (which must be zeroed or finished) with the LP of m. Borrows m.
 * Returns 0, or -1 when out of memory or the LP would not fit int indices
 * (then *l is empty). */
int model_lp_build(model_lp *l, const gf_model *m);
void model_lp_fini(model_lp *l);

/* Solve *l with CLP by algo (log level 0). Returns CLP's status (0 optimal,
 * 1 infeasible, 2 unbounded, 3 stopped, 4 errors) or -1 when out of memory.
 * On status 0: *obj gets CLP's objective (without the constant), *cost_cents
 * llround(objective + constant), and *rounded_cents (may be NULL) the cost of
 * CLP's column solution with every value rounded to the tonne, summed in
 * integers (the constraint matrix is a network's, so an optimal vertex is
 * integral and this is exact where the floating objective may not be).
 * *iterations (may be NULL) gets CLP's iteration count. */
int model_lp_solve_clp(const model_lp *l, model_lp_algo algo, double *obj, int64_t *cost_cents,
                       int64_t *rounded_cents, int *iterations);

/* Build and solve m (MODEL_LP_AUTO); *cost_cents gets the optimal total cost
 * in cents. Returns 0, -1 out of memory, or CLP's nonzero status. */
int model_lp_clp_cost(const gf_model *m, int64_t *cost_cents);

#endif
