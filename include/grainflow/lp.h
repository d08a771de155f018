/* include/grainflow/lp.h: version-2 models solved exactly as an LP (CLP) or a MIP (CBC).
 *
 * gf_lp_solve_model writes the whole model (model.h, version 2) as a linear
 * program over the time expansion of network.h, one copy per product, and
 * solves it through COIN-OR: CLP when nothing is integer (several products,
 * conversions), CBC when the model has departures (links with vessel_t) or
 * hub facilities, to proven optimality unless a time limit or the interrupt
 * flag stops it first. One-product version-1 models belong to the network
 * simplex (plan.h); gf_lp_model_kind says which path a model needs, and
 * callers should take this one only for GF_LP_KIND_LP or GF_LP_KIND_MIP.
 *
 * The formulation (variables, rows, the strengthening that makes the default
 * scenario close) is described at the top of src/lp/lp_build.c.
 *
 * Units. Flows, stocks, conversions, purchases and deliveries are reported in
 * milli-tonnes (int64, three decimals of a tonne; yields make flows
 * fractional), departures and hub choices as whole numbers, money in int64
 * cents. The cost breakdown is recomputed from the reported (rounded)
 * figures, not taken from the solver's floating objective: each component is
 * sum(rate x milli-tonnes) / 1000 rounded half away from zero, and total is
 * the sum of the components, so the figures always add up and anyone can
 * check them from the arrays (gf_lp_plan_costs does it for any result).
 *
 * Indexing. P = periods, K = products, all 0-based:
 *   flow_mt[(l*P + t)*K + p]   tonnes of product p departing link l in t;
 *   departures[l*P + t]        departures on link l in t (0 without vessel_t);
 *   stock_mt[(n*P + t)*K + p]  product p stored at node n from t to t+1;
 *   convert_mt[c*P + t]        tonnes in to conversion c in t;
 *   bought_mt[i], delivered_mt[j]  per supply row i, demand row j;
 *   hub_option[n]              chosen gf_model_hub_option index for hub node
 *                              n, -1 when closed or not a hub facility.
 * Duals (when has_duals): node_price[(n*P + t)*K + p] is the marginal cost
 * in cents per tonne of one more tonne of p wanted at out(n,t) (the landed
 * cost at a market); link_shadow[l*P + t], through_shadow[n*P + t] and
 * storage_shadow[n*P + t] are what one more tonne of that capacity saves
 * (>= 0; 0 when not binding). For an LP they come from the LP itself; for a
 * MIP from the LP with the departures and hub choices fixed at the reported
 * plan (duals_fixed says so), which is the price of one more tonne given
 * those integer decisions.
 * SPDX-License-Identifier: MIT */
#ifndef GRAINFLOW_LP_H
#define GRAINFLOW_LP_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "grainflow/error.h"
#include "grainflow/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Which solver a model needs (model.h's version-2 figures decide). */
typedef enum gf_lp_kind {
    GF_LP_KIND_NETWORK = 0, /* one product, no conversions, departures, hubs */
    GF_LP_KIND_LP,          /* several products or conversions: CLP */
    GF_LP_KIND_MIP          /* departures or hub facilities: CBC */
} gf_lp_kind;

GF_API gf_lp_kind gf_lp_model_kind(const gf_model *m);

/* Forcing a hub facility node: gf_lp_options.hub_force[n] for node n. */
#define GF_LP_HUB_FREE   (-3) /* the solver chooses (also: hub_force NULL) */
#define GF_LP_HUB_OPEN   (-2) /* open with one of its options, the solver picks */
#define GF_LP_HUB_CLOSED (-1) /* closed: nothing enters or leaves it */
/* A value >= 0 forces that gf_model_hub_option index (an option of node n). */

typedef struct gf_lp_options {
    double time_limit_s;   /* wall-clock limit of the whole solve; 0 = none (prove optimality) */
    int threads;           /* CBC threads; 0 or 1 = one */
    bool relax;            /* solve the LP relaxation only (departures and hub
                              choices continuous); the result says relaxed */
    bool log;              /* let CLP/CBC print their log on stdout */
    bool no_warm_start;    /* skip the heuristic incumbent handed to CBC */
    bool lot_sizing;       /* add the lot-sizing rows of src/lp/lp_cuts.c to a MIP
                              before CBC (valid, so the optimum is unchanged; off
                              by default, see that file for why) */
    bool no_cost_fixing;   /* skip the reduced-cost fixing of integer columns before
                              CBC (lp_solve.c's fix_by_cost; exact either way) */
    bool no_rounding_rows; /* skip the departure-count rounding rows of
                              src/lp/lp_cuts.c, which a MIP otherwise gets
                              before CBC (valid: the optimum is unchanged) */
    /* Size gf_model_node_count, borrowed, NULL = all free: see GF_LP_HUB_*.
     * Ignored for nodes that are not hub facilities. A forced choice that
     * breaks min_hubs/max_hubs makes the model infeasible. */
    const int32_t *hub_force;
    /* Borrowed; NULL = never. When *interrupt becomes nonzero (another thread
     * or a signal handler stores it) the solve stops at its next step and
     * reports GF_LP_INTERRUPTED: it is read before every CLP solve (the
     * relaxation, each cut round, each warm-start round, the duals' LP),
     * every 2,000 iterations inside a warm CLP re-solve, before CBC
     * and at each of CBC's nodes (src/lp/lp_coin.c). Stopped before or
     * during CBC's root it has no plan (has_plan false); stopped in the tree
     * it keeps CBC's incumbent, status still "interrupted", never a proof.
     * gf_lp_relaxation_open keeps the pointer for its later solves. */
    const volatile sig_atomic_t *interrupt;
    /* 0 (the default): prove the optimum exactly. s in (0, 1): a MIP may
     * stop once its gap (total - bound) is at most s x the saving against
     * the alternative suppliers (alt_all_cents - total; issue 8's speed
     * target is s = 0.001), and then reports GF_LP_WITHIN_GAP with the
     * bound it proved. */
    double gap_share;
    /* Borrowed, NULL = none: departure counts [l*P + t] of a known plan
     * (a gf_lp_result's departures of the same model under other forced
     * hubs, say). The warm start also tries them: the flows re-solved by
     * CLP with those departures fixed (always feasible: a departure may
     * sail empty), and keeps the cheaper of that and its own plan. It
     * changes how fast CBC proves the optimum, never the optimum. */
    const int64_t *start_departures;
    /* Solve every LP of the run from scratch (as before the warm re-solves
     * of src/lp/lp_solve.c): same optimum; for tests and benches. */
    bool cold_lp;
} gf_lp_options;

/* The proof grainflow's commands ask of a version-2 plan unless told
 * otherwise (site, plan, compare, the server's runs and compares):
 * gap_share = 0.001, a plan within 0.1% of its saving against the
 * alternative suppliers. Issue 8 defines "proven optimal" for the hub
 * decision so; proving the version-2 default exactly takes far longer
 * (plan --gap 0 had not finished after 10 minutes). The library's own
 * default (gf_lp_options_init) stays exact. */
#define GF_LP_GAP_SHARE_DEFAULT 0.001

/* Defaults: no time limit, one thread, exact, quiet, warm start, all free. */
GF_API void gf_lp_options_init(gf_lp_options *o);

typedef enum gf_lp_status {
    GF_LP_NOT_SOLVED = 0, /* what a zeroed gf_lp_result says */
    GF_LP_OPTIMAL,        /* proven optimal (for relax: the relaxation's optimum) */
    GF_LP_TIME_LIMIT,     /* stopped by time_limit_s; has_plan: the incumbent */
    GF_LP_INTERRUPTED,    /* stopped by the interrupt flag; has_plan likewise */
    GF_LP_INFEASIBLE,     /* no plan satisfies the rows (only forced hubs or
                             min_hubs can do that: unmet demand and unbought
                             supply are always allowed) */
    GF_LP_WITHIN_GAP      /* options.gap_share > 0 and the search stopped with
                             the plan proven within it: gap_cents <=
                             gap_share x (alt_all_cents - cost.total); not
                             called optimal */
} gf_lp_status;

/* "not_solved", "optimal", "time_limit", "interrupted", "infeasible",
 * "within_gap". */
GF_API const char *gf_lp_status_name(gf_lp_status s);

/* Cents; total = purchases + link - subsidy + handling + storage +
 * conversion + departures + hub_fixed + alternative. */
typedef struct gf_lp_costs {
    int64_t purchases;   /* supply price x bought */
    int64_t link;        /* cost_cents_per_t x tonnes carried */
    int64_t subsidy;     /* subsidy_cents_per_t x tonnes carried (subtracted) */
    int64_t handling;    /* arrival fee x tonnes arriving over links */
    int64_t storage;     /* storage fee x tonnes stored */
    int64_t conversion;  /* conversion cost x tonnes in */
    int64_t departures;  /* departure_cents x departures */
    int64_t hub_fixed;   /* gf_model_hub_fixed_cents of the chosen options */
    int64_t alternative; /* alt price x undelivered tonnes */
    int64_t total;
} gf_lp_costs;

typedef struct gf_lp_result {
    gf_lp_status status;
    bool has_plan;    /* the arrays below hold a plan (optimal or incumbent) */
    bool is_mip;      /* solved by CBC (else CLP) */
    bool relaxed;     /* options.relax: integer figures may be fractional
                         (departures then rounded up in the arrays) */
    gf_lp_costs cost; /* recomputed from the arrays when has_plan */
    /* A lower bound on the total (cents, the solver's float) and the gap
     * total - bound (>= 0); bound == total when proven optimal. */
    double bound_cents;
    double gap_cents;
    /* sum over demand rows of alt x demand: the cost of buying everything
     * from the alternative suppliers; saving = alt_all_cents - cost.total. */
    int64_t alt_all_cents;
    double solver_objective_cents; /* the solver's own objective, for checks */
    double relaxation_cents;       /* the LP relaxation's total, lot-sizing rows included
                                      (a MIP: the bound CBC starts from) */
    /* effort */
    int64_t nodes;       /* CBC branch-and-bound nodes (0 for an LP) */
    double mip_seconds;  /* wall time in CBC */
    double lp_seconds;   /* wall time of the LP relaxation (CLP) */
    double dual_seconds; /* wall time of the fixed LP for the duals */
    double warm_seconds; /* wall time of the warm start (lp_solve.c) */
    double cut_seconds;  /* wall time adding lp_cuts.c's rows, re-solves included */
    int32_t n_cuts;      /* lot-sizing and rounding rows added (not in n_rows) */
    int32_t n_fixed;     /* integer columns fixed at a bound by their reduced cost
                            before CBC (lp_solve.c's fix_by_cost) */
    int32_t n_cols, n_rows, n_integers;
    /* sizes, for the arrays */
    int32_t periods, products, n_nodes, n_links, n_supply, n_demand, n_conversions;
    /* the plan, owned (gf_lp_result_fini), NULL until has_plan */
    int64_t *flow_mt;      /* size links*P*K */
    int64_t *departures;   /* size links*P */
    int64_t *stock_mt;     /* size nodes*P*K */
    int64_t *convert_mt;   /* size conversions*P */
    int64_t *bought_mt;    /* size supply rows */
    int64_t *delivered_mt; /* size demand rows */
    int32_t *hub_option;   /* size nodes */
    /* duals, owned, NULL unless has_duals */
    bool has_duals;
    bool duals_fixed;       /* from the LP with integer choices fixed (a MIP) */
    double *node_price;     /* size nodes*P*K, cents per tonne */
    double *link_shadow;    /* size links*P */
    double *through_shadow; /* size nodes*P */
    double *storage_shadow; /* size nodes*P */
} gf_lp_result;

/* Solve m (borrowed, finished) with o (borrowed; NULL = defaults) into *r
 * (caller-provided, zeroed or finished; refilled). Any model is accepted,
 * version-1 ones too (tests compare them with the network simplex). Returns
 * GF_OK with r->status set (an infeasible or stopped solve is an outcome, not
 * an error); GF_EINVAL for a bad hub_force value, GF_ENOMEM, GF_ELIMIT when
 * the program would not fit CLP's int indices, GF_EINTERNAL when CLP/CBC
 * fail numerically (abandoned). On failure *r is left finished (empty). */
GF_API int gf_lp_solve_model(const gf_model *m, const gf_lp_options *o, gf_lp_result *r,
                             gf_error *err);

/* Free r's arrays and zero it; NULL-safe. */
GF_API void gf_lp_result_fini(gf_lp_result *r);

/* The LP relaxation of one model (o->relax's program: departures and hub
 * choices continuous, no cut rows) built once with every hub free and
 * re-solved under several hub_force vectors: each solve only sets the hub
 * columns' bounds (src/lp/lp_build.c's gf__lp_set_hub_force) and re-solves
 * with CLP's dual simplex from the last basis. Each *relaxation_cents is
 * the optimum gf_lp_solve_model with relax and that hub_force gives
 * (its relaxation_cents; CLP's tolerances apart), for *status
 * GF_LP_OPTIMAL; GF_LP_INFEASIBLE when no plan has those choices. What
 * `grainflow site` screens its options by. open borrows m (finished,
 * kept until close) and o (NULL = defaults; its hub_force is ignored, its
 * cold_lp makes every solve cold); solve borrows hub_force (size
 * gf_model_node_count, NULL = all free). GF_ENOMEM, GF_ELIMIT, GF_EINVAL
 * for a bad hub_force value, GF_EINTERNAL (CLP). close(NULL) does nothing. */
typedef struct gf_lp_relaxation gf_lp_relaxation;
GF_API int gf_lp_relaxation_open(gf_lp_relaxation **rx, const gf_model *m, const gf_lp_options *o,
                                 gf_error *err);
GF_API int gf_lp_relaxation_solve(gf_lp_relaxation *rx, const int32_t *hub_force,
                                  gf_lp_status *status, double *relaxation_cents, gf_error *err);
GF_API void gf_lp_relaxation_close(gf_lp_relaxation *rx);

/* Recompute r's cost breakdown from its arrays and m (see "Units" above)
 * into *c. Borrows both. GF_EINVAL when r has no plan or its sizes do not
 * match m. */
GF_API int gf_lp_plan_costs(const gf_model *m, const gf_lp_result *r, gf_lp_costs *c,
                            gf_error *err);

/* Write the LP/MIP of m under o (hub_force and relax apply) to path in free
 * MPS form (objective in cents without the constant alt_all_cents, which a
 * comment line at the top gives; Debian's clp, cbc and glpsol --freemps read
 * it). Borrows m, o (NULL = defaults) and path. GF_EIO naming path when it
 * cannot be written, GF_ENOMEM, GF_ELIMIT. */
GF_API int gf_lp_write_mps(const gf_model *m, const gf_lp_options *o, const char *path,
                           gf_error *err);

#ifdef __cplusplus
}
#endif
#endif
