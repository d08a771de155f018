/* include/grainflow/solution.h: what a solver hands back for a network.
 *
 * A gf_solution is solver-neutral: the network simplex fills it today
 * (gf_network_solve, network.h), an LP/MIP backend fills the same fields
 * next. Plan extraction (plan.h) reads only the model, the network's arc
 * meanings and a solution, so a new backend needs no change there.
 * Sizes follow the network it was solved for: flow and reduced_cost have one
 * entry per arc, dual one per network node (for an LP backend: per row of
 * the flow-conservation constraints, in the same order). Sign conventions
 * are the network simplex's: reduced_cost[e] = cost[e] + dual[tail] -
 * dual[head], so an arc at its upper bound in an optimum has reduced_cost
 * <= 0 and -reduced_cost is what one more unit of its capacity saves.
 * objective_cents = sum cost[e] x flow[e] over the network's arcs (the
 * plan's total adds the network's constant_cents). All figures are int64:
 * tonnes and cents.
 * SPDX-License-Identifier: MIT */
#ifndef GRAINFLOW_SOLUTION_H
#define GRAINFLOW_SOLUTION_H

#include <stdbool.h>
#include <stdint.h>

#include "grainflow/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum gf_solve_status {
    GF_SOLVE_NOT_SOLVED = 0, /* what a zeroed gf_solution says */
    GF_SOLVE_OPTIMAL,
    GF_SOLVE_INFEASIBLE,
    GF_SOLVE_UNBOUNDED,
    GF_SOLVE_ITERATION_LIMIT,
    GF_SOLVE_INTERRUPTED /* the solver's interrupt flag stopped it */
} gf_solve_status;

typedef struct gf_solution {
    gf_solve_status status;
    int64_t objective_cents; /* sum cost x flow when OPTIMAL, else 0 */
    int32_t n_nodes, n_arcs; /* sizes of the arrays below */
    int64_t *flow;           /* size n_arcs, owned (borrowed when flow_borrowed) */
    int64_t *dual;           /* size n_nodes, node potentials; owned as flow is */
    int64_t *reduced_cost;   /* size n_arcs, owned; NULL in a lean solution */
    int64_t pivots;          /* solver iterations of the last solve */
    double solve_seconds;    /* wall time of the solver's solve call alone */
    bool warm;               /* the last solve started from a previous basis */
    /* Set by the caller before a solve, to ask for what a what-if reads and
     * no more: flow and dual then point into the solver's own arrays (do
     * not write them; valid until the network's next solve or destroy) and
     * reduced_cost stays NULL (compute cost[e] + dual[tail] - dual[head]
     * where needed, as plan extraction does). Change it only on a zeroed solution. */
    bool lean;
    bool flow_borrowed; /* set by the solve: flow and dual are the solver's, not owned */
} gf_solution;

/* Free the arrays of s (caller-provided memory) and zero it; NULL-safe. A
 * zeroed gf_solution ({0}) is ready to be filled by a solve. */
GF_API void gf_solution_fini(gf_solution *s);

/* "not_solved", "optimal", "infeasible", "unbounded", "iteration_limit",
 * "interrupted". */
GF_API const char *gf_solve_status_name(gf_solve_status status);

#ifdef __cplusplus
}
#endif
#endif
