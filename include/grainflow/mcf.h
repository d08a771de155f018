/* include/grainflow/mcf.h: minimum-cost flow by the primal network simplex.
 *
 * A general solver that knows nothing about grain. A network has n nodes
 * (ids 0..n-1), each with an integer supply b (negative = demand), and m arcs
 * (ids 0..m-1, in the order given), each with integer lower and upper bounds on
 * its flow and an integer cost per unit. An arc may be uncapacitated (an
 * explicit flag, not a large number). Parallel arcs and self-loops are allowed.
 *
 *   minimise  sum_e cost[e] * x[e]
 *   s.t.      sum_{e out of v} x[e] - sum_{e into v} x[e] = b[v]   for every v
 *             lower[e] <= x[e] <= upper[e]
 *
 * Results: a status, the flow per arc, a potential pi per node and the total
 * cost. Potentials follow the "landed cost" convention: the reduced cost of arc
 * e = (u,v) is rc[e] = cost[e] + pi[u] - pi[v], and at an optimum rc[e] >= 0
 * where x[e] = lower[e], rc[e] <= 0 where x[e] = upper[e], rc[e] = 0 between.
 * So pi[v] - pi[u] is the marginal cost of moving one more unit from u to v,
 * and -rc[e] on a saturated arc is what one more unit of its capacity saves.
 *
 * Every solve checks first that no flow or potential it could form overflows
 * int64_t, and sums the optimal cost in 128 bits; either failing is
 * GF_EOVERFLOW: never a wrong answer. A solve is
 * deterministic: the same network and options give bit-identical results.
 *
 * Warm start: after gf_mcf_set_cost / _set_bounds / _set_supply, the next
 * gf_mcf_solve starts from the previous optimal basis (unless the options say
 * cold). Threads: a gf_mcf is used by one thread at a time; distinct handles
 * are independent.
 * SPDX-License-Identifier: MIT */
#ifndef GRAINFLOW_MCF_H
#define GRAINFLOW_MCF_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "grainflow/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gf_mcf gf_mcf;

/* Largest absolute value accepted for a bound, a supply or a cost (2^50).
 * Each solve also checks its totals (gf_mcf_solve: GF_EOVERFLOW): the positive
 * supplies plus all finite capacities must stay within 2^61, (max |cost| + 1)
 * * (nodes + 1) within 2^58, and the optimal cost within int64_t. */
#define GF_MCF_MAX_VALUE ((int64_t)1 << 50)
/* Largest network: node and arc ids are int32_t. */
#define GF_MCF_MAX_NODES (INT32_MAX / 2 - 2)
#define GF_MCF_MAX_ARCS  (INT32_MAX / 2 - 2)

typedef enum gf_mcf_status {
    GF_MCF_NOT_SOLVED = 0,
    GF_MCF_OPTIMAL,
    GF_MCF_INFEASIBLE,      /* no flow meets supplies and bounds */
    GF_MCF_UNBOUNDED,       /* a negative-cost cycle of uncapacitated arcs */
    GF_MCF_ITERATION_LIMIT, /* stopped at options.max_pivots */
    GF_MCF_INTERRUPTED      /* stopped because the interrupt flag was set */
} gf_mcf_status;

typedef enum gf_mcf_pivot {
    GF_MCF_BLOCK_SEARCH = 0, /* default: best violator in a block of ~sqrt(m) arcs; on
                                time-expanded networks of more than 2^17 nodes, its
                                candidate-list form (GF_MCF_CANDIDATE_LIST) */
    GF_MCF_FIRST_ELIGIBLE,   /* first violating arc after the last one (for tests) */
    GF_MCF_BEST_ELIGIBLE,    /* most violating arc of all (Dantzig; for tests) */
    GF_MCF_CANDIDATE_LIST    /* block search that keeps a list of violators and re-prices
                                only those between scans (mcf_price.c); the default's
                                choice on large time-expanded networks */
} gf_mcf_pivot;

/* How a cold solve starts (a warm one always continues the simplex from its
 * previous basis). Either way the answer is the simplex's: an optimal
 * strongly feasible basis with exact potentials. */
typedef enum gf_mcf_algo {
    GF_MCF_AUTO = 0, /* default: chosen from the network's size and shape (mcf_solve.c) */
    GF_MCF_SIMPLEX,  /* the primal network simplex from the artificial basis */
    GF_MCF_SCALING   /* cost scaling, then a crossover to a basis and simplex pivots to
                        finish; networks it cannot take (an uncapacitated arc of negative
                        cost, infeasible ones, huge costs) go to the simplex instead */
} gf_mcf_algo;

/* Arcs for gf_mcf_create_arcs, as parallel arrays of n_arcs entries each.
 * lower NULL = all 0; upper NULL = all uncapacitated; uncapacitated NULL = none
 * (otherwise a nonzero entry makes that arc uncapacitated and upper is ignored);
 * cost NULL = all 0. The arrays are borrowed for the call only. */
typedef struct gf_mcf_arcs {
    int32_t n_arcs;
    const int32_t *src;
    const int32_t *dst;
    const int64_t *lower;
    const int64_t *upper;
    const uint8_t *uncapacitated;
    const int64_t *cost;
} gf_mcf_arcs;

typedef struct gf_mcf_options {
    gf_mcf_pivot pivot; /* GF_MCF_BLOCK_SEARCH */
    int32_t block_size; /* 0 = automatic: max(f sqrt(m), 10) arcs, f = 1.5 on shuffled
                           layouts, 0.4 on time-expanded ones of more than 2^17 nodes
                           (where block search keeps a candidate list), 2 on dense
                           networks (m >= 16 n), else 1 (mcf_init.c) */
    bool cold;          /* true: ignore a previous basis */
    int64_t max_pivots; /* 0 = no limit */
    gf_mcf_algo algo;   /* GF_MCF_AUTO */
} gf_mcf_options;

typedef struct gf_mcf_stats {
    int64_t pivots;       /* entering arcs taken, including degenerate ones */
    int64_t degenerate;   /* pivots that moved no flow */
    int64_t arcs_priced;  /* reduced costs computed */
    double solve_seconds; /* wall time of the last gf_mcf_solve (CPU-independent) */
    bool warm;            /* the last solve started from a previous basis */
    bool scaled;          /* its cold start was cost scaling (GF_MCF_SCALING ran) */
    int32_t scale_phases; /* eps phases that cost scaling ran (0 when it did not) */
    bool scale_early;     /* it proved the flow optimal before eps reached 1 */
    double scale_seconds; /* wall time of cost scaling's phases (0 when it did not run) */
    double cross_seconds; /* and of its crossover to a basis (the simplex follows) */
    int32_t cross_trees;  /* trees the crossover hung from the root (1 if connected) */
    int32_t cross_cycles; /* cycles of free arcs it pushed flow round to break */
} gf_mcf_stats;

typedef struct gf_mcf_result {
    gf_mcf_status status;
    int64_t cost; /* total cost sum cost[e]*x[e] when OPTIMAL, else 0 */
    gf_mcf_stats stats;
} gf_mcf_result;

/* The status as a lower-case word: "optimal", "infeasible", "unbounded",
 * "iteration_limit", "interrupted" or "not_solved" (the JSON and table form).
 * Never NULL. */
GF_API const char *gf_mcf_status_name(gf_mcf_status status);

/* Options with every field at its default. */
GF_API gf_mcf_options gf_mcf_options_default(void);

/* A network of n_nodes nodes, all supplies 0, and no arcs; arcs_hint reserves
 * room. Returns owned memory (gf_mcf_destroy) or NULL with *err filled
 * (GF_EINVAL for n_nodes < 0 or too large, GF_ENOMEM). */
GF_API gf_mcf *gf_mcf_create(int32_t n_nodes, int32_t arcs_hint, gf_error *err);

/* A whole network in one call: n_nodes nodes with supplies (NULL = all 0) and
 * the arcs in *arcs (may be NULL for none). Borrows both. Returns owned memory
 * or NULL with *err naming the first bad entry (GF_EINVAL: a node id out of
 * range, lower > upper, |value| > GF_MCF_MAX_VALUE; GF_ENOMEM). */
GF_API gf_mcf *gf_mcf_create_arcs(int32_t n_nodes, const int64_t *supply, const gf_mcf_arcs *arcs,
                                  gf_error *err);

/* Free everything; NULL is fine. */
GF_API void gf_mcf_destroy(gf_mcf *mcf);

/* Append one arc u->v; its id (the previous arc count) goes to *arc if arc is
 * not NULL. upper is ignored when uncapacitated. Adding an arc discards the
 * previous basis (the next solve is cold). Fails with GF_EINVAL or GF_ENOMEM
 * and leaves the network unchanged. */
GF_API int gf_mcf_add_arc(gf_mcf *mcf, int32_t u, int32_t v, int64_t lower, int64_t upper,
                          bool uncapacitated, int64_t cost, int32_t *arc, gf_error *err);

/* Change one arc's cost, bounds, or one node's supply. The basis is kept for a
 * warm start. GF_EINVAL on a bad id or value (the network is then unchanged). */
GF_API int gf_mcf_set_cost(gf_mcf *mcf, int32_t arc, int64_t cost, gf_error *err);
GF_API int gf_mcf_set_bounds(gf_mcf *mcf, int32_t arc, int64_t lower, int64_t upper,
                             bool uncapacitated, gf_error *err);
GF_API int gf_mcf_set_supply(gf_mcf *mcf, int32_t node, int64_t supply, gf_error *err);
/* Many arcs at once (mcf_bulk.c): for each i < n, arc e = arcs[i] takes
 * lower[e] (lower NULL: 0), upper[e] (uncapacitated when it equals
 * unlimited) and cost[e]. The three arrays are indexed by arc id, not by i,
 * so a caller that keeps its arcs as arrays passes them as they are and
 * lists only the arcs that changed; all are borrowed for the call. All or
 * nothing: every entry is checked first (GF_EINVAL naming entry i, as the
 * single setters would refuse it; GF_ENOMEM), then written in one pass. The
 * basis is kept: the next solve is warm, and the same as after the single
 * setters. */
GF_API int gf_mcf_set_arcs(gf_mcf *mcf, int32_t n, const int32_t *arcs, const int64_t *lower,
                           const int64_t *upper, int64_t unlimited, const int64_t *cost,
                           gf_error *err);

GF_API int32_t gf_mcf_node_count(const gf_mcf *mcf);
GF_API int32_t gf_mcf_arc_count(const gf_mcf *mcf);
GF_API int32_t gf_mcf_arc_src(const gf_mcf *mcf, int32_t arc);
GF_API int32_t gf_mcf_arc_dst(const gf_mcf *mcf, int32_t arc);
GF_API int64_t gf_mcf_arc_cost(const gf_mcf *mcf, int32_t arc);
GF_API int64_t gf_mcf_arc_lower(const gf_mcf *mcf, int32_t arc);
/* The upper bound, or INT64_MAX for an uncapacitated arc. */
GF_API int64_t gf_mcf_arc_upper(const gf_mcf *mcf, int32_t arc);
GF_API bool gf_mcf_arc_is_uncapacitated(const gf_mcf *mcf, int32_t arc);
GF_API int64_t gf_mcf_supply(const gf_mcf *mcf, int32_t node);

/* Let a solve be stopped from outside: while flag is not NULL, every solve
 * reads *flag every 1024 pivots (and as often in the cost-scaling loops) and,
 * once it is nonzero, returns GF_OK with status GF_MCF_INTERRUPTED, leaving no
 * basis (the next solve is cold). The flag is borrowed and must outlive the
 * solves; NULL (the default) turns the check off. Set it from a signal handler
 * (a plain store) or from another thread (a C11 atomic store or
 * __atomic_store_n: the solver reads it with an atomic load). The caller
 * clears it before the next solve. The check costs nothing measurable
 * (bench/README.md). */
GF_API void gf_mcf_set_interrupt(gf_mcf *mcf, const volatile sig_atomic_t *flag);

/* Solve. opts NULL = defaults. Returns GF_OK with res->status set (an
 * infeasible or unbounded network is an outcome, not an error), or
 * GF_EOVERFLOW when the data could overflow int64_t or the optimal cost does
 * not fit it (then no basis is kept), GF_ENOMEM, GF_EINVAL. */
GF_API int gf_mcf_solve(gf_mcf *mcf, const gf_mcf_options *opts, gf_mcf_result *res, gf_error *err);

/* A copy of a network's basis (its spanning tree and which arcs sit at
 * which bound), to start a later solve of the same network from it:
 * gf_mcf_basis_save after a solve that left a basis, gf_mcf_basis_load
 * before a solve, which then runs warm from the copy (repaired for the
 * data as they are then, mcf_warm.c) rather than from the last basis.
 * Useful when one network is solved for many inputs and an earlier
 * answer is closer to the next one than the last is. A copy holds
 * m + n bytes and 25 (n + 1) bytes more; it is owned by the caller.
 * save: GF_ESTATE when the network has no basis, GF_ENOMEM; *basis
 * (NULL at first) is allocated, or reused when it has the size. load:
 * GF_ESTATE when the copy is of another network's layout (other sizes,
 * or arcs added since). */
typedef struct gf_mcf_basis gf_mcf_basis;
GF_API int gf_mcf_basis_save(const gf_mcf *mcf, gf_mcf_basis **basis, gf_error *err);
GF_API int gf_mcf_basis_load(gf_mcf *mcf, const gf_mcf_basis *basis, gf_error *err);
GF_API void gf_mcf_basis_destroy(gf_mcf_basis *basis);

/* After an OPTIMAL solve: flow on an arc, potential of a node, and arrays of
 * all of them (borrowed; valid until the next change or solve). Before a solve
 * or after another outcome, the flows and potentials are those of the last
 * basis and carry no meaning. */
GF_API int64_t gf_mcf_flow(const gf_mcf *mcf, int32_t arc);
GF_API int64_t gf_mcf_potential(const gf_mcf *mcf, int32_t node);
GF_API const int64_t *gf_mcf_flows(const gf_mcf *mcf);
GF_API const int64_t *gf_mcf_potentials(const gf_mcf *mcf);
/* rc[e] = cost[e] + pi[u] - pi[v]. */
GF_API int64_t gf_mcf_reduced_cost(const gf_mcf *mcf, int32_t arc);

/* The certificate of an INFEASIBLE solve: a set S of nodes such that no flow
 * within the bounds can balance it. Either direction is GF_MCF_CUT_OUT: the net
 * supply of S, supply, exceeds the most that can leave S, cap_out = sum of the
 * upper bounds of arcs leaving S minus the lower bounds of arcs entering S; or
 * GF_MCF_CUT_IN: the net demand of S, -supply, exceeds the most that can enter
 * it, cap_in. An uncapacitated arc never crosses the cut the wrong way. */
typedef enum gf_mcf_cut_dir {
    GF_MCF_CUT_OUT = 1,
    GF_MCF_CUT_IN = 2
} gf_mcf_cut_dir;

typedef struct gf_mcf_cut {
    gf_mcf_cut_dir dir;
    int32_t n_nodes;  /* |S| */
    int32_t *nodes;   /* owned: S, increasing ids; free with gf_mcf_cut_fini */
    int64_t supply;   /* sum of b over S */
    int64_t capacity; /* most that can leave S (OUT) or enter S (IN) */
} gf_mcf_cut;

/* Fill *cut after an INFEASIBLE solve. GF_ESTATE if the last solve was not
 * INFEASIBLE; GF_ENOMEM. */
GF_API int gf_mcf_infeasible_cut(const gf_mcf *mcf, gf_mcf_cut *cut, gf_error *err);
GF_API void gf_mcf_cut_fini(gf_mcf_cut *cut);

#ifdef __cplusplus
}
#endif
#endif
