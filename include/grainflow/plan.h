/* include/grainflow/plan.h: solve a model and read the plan.
 *
 * gf_plan_solve builds the time-expanded network (network.h), solves it
 * (gf_network_solve: the network simplex today) and extracts plain results
 * from the model, the network and the gf_solution (solution.h): flows per link and period,
 * stocks, per market-period delivered / unmet tonnes and the marginal landed
 * cost, the cost breakdown in cents, CO2, binding capacities with their
 * shadow prices (-reduced cost), offers that limit the plan, a path
 * decomposition of the flow into routes, per-market and per-hub summaries.
 * Money is int64 cents, tonnes int64.
 * Landed cost = pi[out(m,t)] - pi[sink]: what one more tonne needed at (m,t)
 * costs (tested as a subgradient). It equals pi[out(m,t)] - pi[source]
 * whenever some supply is left unbought; when every offer is bought the
 * source's potential is not pinned down by any arc, the sink's is, and the
 * landed cost then includes the scarcity value of the grain.
 * Invariants (tested): procurement + transport + handling + storage + unmet =
 * total; sum over routes of t x cents_per_t + unmet = total; delivered + unmet
 * = demand for every market row; every node and period balances.
 * SPDX-License-Identifier: MIT */
#ifndef GRAINFLOW_PLAN_H
#define GRAINFLOW_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "grainflow/error.h"
#include "grainflow/model.h"
#include "grainflow/network.h"
#include "grainflow/solution.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gf_plan_costs {
    int64_t procurement, transport, handling, storage, unmet; /* cents */
    int64_t total;                                            /* their sum */
} gf_plan_costs;

typedef struct gf_plan_flow {
    int32_t link;   /* model link */
    int32_t period; /* departure, 0-based */
    int64_t t;
} gf_plan_flow;

typedef struct gf_plan_stock {
    int32_t node;
    int32_t period; /* carried from this period to the next, 0-based */
    int64_t t;
} gf_plan_stock;

typedef struct gf_plan_market {
    int32_t demand; /* model demand row */
    int32_t node;
    int32_t period;
    int64_t demand_t, delivered_t, unmet_t;
    int64_t landed_cents_per_t; /* marginal: pi[out(node, period)] - pi[sink] */
    int64_t alt_cents_per_t;
} gf_plan_market;

typedef enum gf_bottleneck_kind {
    GF_BOTTLENECK_LINK = 0,
    GF_BOTTLENECK_THROUGHPUT,
    GF_BOTTLENECK_STORAGE
} gf_bottleneck_kind;

typedef struct gf_plan_bottleneck {
    gf_bottleneck_kind kind;
    int32_t ref;    /* link (LINK) or node */
    int32_t period; /* 0-based */
    int64_t used_t, capacity_t;
    int64_t shadow_cents_per_t; /* what one more tonne of capacity saves, > 0 */
} gf_plan_bottleneck;

/* A supply offer bought in full whose next tonne would still save money. */
typedef struct gf_plan_supply_limit {
    int32_t supply;             /* model supply row */
    int64_t bought_t;           /* = the offer */
    int64_t shadow_cents_per_t; /* what one more tonne offered saves, > 0 */
} gf_plan_supply_limit;

typedef enum gf_leg_kind {
    GF_LEG_LINK = 0,
    GF_LEG_STORAGE
} gf_leg_kind;

typedef struct gf_route_leg {
    gf_leg_kind kind;
    int32_t ref;         /* link (LINK) or node (STORAGE) */
    int32_t period;      /* departure, 0-based */
    int64_t cents_per_t; /* link cost + handling at arrival, or storage fee */
} gf_route_leg;

/* One path of the flow: bought at a supply row, delivered to a demand row. */
typedef struct gf_plan_route {
    int32_t supply; /* model supply row */
    int32_t demand; /* model demand row */
    int32_t market; /* its node */
    int64_t t;
    int64_t cents_per_t; /* purchase price + all legs */
    double days;         /* door to door: transit days + storage periods x period_days */
    double kg_co2_per_t;
    int32_t n_legs;
    gf_route_leg *legs; /* owned by the plan */
} gf_plan_route;

/* Per market node, over all periods. */
typedef struct gf_plan_market_sum {
    int32_t node;
    int64_t demand_t, delivered_t, unmet_t;
    int64_t landed_cents;  /* sum over routes to it of t x cents_per_t */
    int64_t alt_cents;     /* sum alt x delivered */
    int64_t alt_all_cents; /* sum alt x demand */
    double co2_kg;         /* of the routes to it */
    int32_t main_route;    /* route index with the most tonnes on its links, -1 */
    int64_t main_route_t;  /* tonnes on that chain of links over all periods */
} gf_plan_market_sum;

/* Per node of kind hub or port, or with storage. */
typedef struct gf_plan_hub {
    int32_t node;
    int64_t throughput_t; /* arriving over links, all periods */
    int64_t peak_stock_t;
    int32_t peak_period; /* 0-based, -1 if never stored */
    /* The year's tonnes apart (src/plan/plan_figures.c): */
    int64_t received_own_t; /* delivered to the node's own demand */
    int64_t transshipped_t; /* arrived over links and left over links */
    int64_t shipped_t;      /* left over links, its own supply included */
} gf_plan_hub;

/* Per node with supply offers (src/plan/plan_figures.c). The value of a
 * tonne at (node, period) is the best over paths to a market and period of
 * the market's marginal landed cost (the potentials) less the path's link
 * costs, handling and storage fees, ignoring capacities and throughput
 * limits (where one binds, the true figure is lower by its shadow price). */
typedef struct gf_plan_origin {
    int32_t node;
    int64_t offered_t, sold_t;
    int64_t price_cents_per_t; /* of the offer the best figure below is for */
    /* netback: what a tonne sold earns at the origin after logistics, the
     * routes' average of (alternative price at the market - logistics);
     * 0 when nothing is sold. */
    int64_t netback_cents_per_t;
    /* margin: value of its next tonne - price, at its best market and
     * period; < 0 is how far an origin is from selling (the gap). */
    int64_t margin_cents_per_t;
    int32_t best_market;            /* node; -1 when no market is reachable */
    int32_t best_period;            /* the market's period, 0-based */
    int32_t best_supply_period;     /* the offer's period, 0-based */
    int32_t first_link;             /* first link on that best path, -1 */
    int64_t first_link_cents_per_t; /* its cost + handling at its end */
} gf_plan_origin;

typedef struct gf_plan {
    const gf_model *model; /* borrowed */
    gf_solve_status status;
    gf_plan_costs cost;
    int64_t demand_t, delivered_t, unmet_t, bought_t;
    double co2_t;
    int32_t net_nodes, net_arcs;
    int64_t pivots;
    double solve_seconds;
    bool warm;
    int32_t n_flows, n_stocks, n_markets, n_bottlenecks, n_routes, n_market_sums, n_hubs;
    int32_t n_supply_limits;
    gf_plan_flow *flows;             /* nonzero only, by link then period */
    gf_plan_stock *stocks;           /* nonzero only */
    gf_plan_market *markets;         /* one per demand row */
    gf_plan_bottleneck *bottlenecks; /* by shadow price, highest first */
    gf_plan_route *routes;           /* by market node, then tonnes */
    gf_plan_market_sum *market_sums; /* one per node with demand */
    gf_plan_hub *hubs;
    gf_plan_supply_limit *supply_limits; /* by shadow price, highest first */
    /* The corridor's answer (src/plan/plan_figures.c): */
    int64_t saving_cents;     /* alternative price of the delivered t - their landed cost */
    int64_t landed_avg_cents; /* average landed cost of a delivered tonne; 0 if none */
    int32_t n_origins;
    gf_plan_origin *origins; /* one per node with supply, in model order */
} gf_plan;

/* Build, solve and extract. Borrows m (must outlive the plan). Returns owned
 * (gf_plan_destroy) or NULL with *err (GF_EOVERFLOW, GF_ENOMEM, GF_ELIMIT,
 * GF_EINTERNAL when the solver does not reach an optimum). */
GF_API gf_plan *gf_plan_solve(const gf_model *m, gf_error *err);

/* Solve a built (possibly edited: closed arcs, changed costs) network, warm
 * if it was solved before, and extract the plan. Borrows net, which may be
 * destroyed afterwards (the plan keeps only net's model). NULL with *err,
 * GF_EINTERNAL when no optimum is reached. */
GF_API gf_plan *gf_plan_solve_network(gf_network *net, gf_error *err);

/* Extract a plan from net and its solution sol (OPTIMAL; both borrowed; the
 * plan keeps only net's model). Reads the model, the arcs' meanings and
 * bounds, and sol, whichever solver filled it. GF_ESTATE when sol is not an
 * optimum of net, GF_EINTERNAL when its objective does not add up. */
GF_API gf_plan *gf_plan_extract(const gf_network *net, const gf_solution *sol, gf_error *err);

GF_API void gf_plan_destroy(gf_plan *p);

/* What compare takes out (src/plan/plan_compare.c). */
typedef enum gf_compare_mode {
    /* the nodes keep their own supply and demand, nothing passes through
     * them (gf_network_close_transit): "the corridor without the hub" */
    GF_COMPARE_TRANSIT = 0,
    /* every arc at the nodes closed, their own supply and demand too
     * (gf_network_close_node) */
    GF_COMPARE_REMOVE
} gf_compare_mode;

/* One compared node's break-even fee. The fee is charged per tonne on the
 * node's transshipped tonnes in transit mode (in place of its handling fee;
 * its own imports keep paying that), on every arriving tonne in remove mode
 * (its handling fee). With the other compared nodes open, the fee search
 * finds the highest whole-cent fee >= 0 at which a plan through the node
 * (transshipping, or in remove mode carrying any flow) is strictly cheaper
 * than one without: up to it the node gets tonnes, above it none. */
typedef struct gf_plan_compare_node {
    int32_t node;
    int64_t through_t;  /* transshipped (remove mode: arriving) tonnes in the with plan */
    bool has_breakeven; /* false: none at any fee >= 0 */
    int64_t breakeven_cents_per_t;
    int32_t resolves; /* warm re-solves its search used */
} gf_plan_compare_node;

/* The outcome of gf_plan_compare. */
typedef struct gf_plan_compare_result {
    int32_t node;     /* the first compared node */
    gf_plan *with;    /* owned */
    gf_plan *without; /* owned: the nodes closed together, as mode says */
    gf_compare_mode mode;
    bool has_breakeven;            /* the first node's, as in nodes[0] */
    int64_t breakeven_cents_per_t; /* the first node's */
    int32_t resolves;              /* warm re-solves of all the fee searches */
    int32_t n_nodes;
    gf_plan_compare_node *nodes; /* owned, in the order given */
} gf_plan_compare_result;

/* Solve m, then again with the n_nodes nodes closed together as mode says
 * (warm start), then each node's break-even fee by a parametric search over
 * warm re-solves: the plan's cost z(f) is concave and non-decreasing in the
 * fee f and constant (z_closed) once nothing goes through; from a fee f with
 * z(f) < z_closed and T tonnes through, the next fee tried is
 * ceil(f + (z_closed - z(f)) / T), which never passes the break-even point
 * and reaches it in one step per breakpoint of z (exact in whole cents, ties
 * included). Borrows m and nodes (1..64 distinct). Fills *out
 * (gf_plan_compare_fini). GF_EINVAL for a bad or repeated node, or (transit
 * mode) a node with both supply and demand. */
GF_API int gf_plan_compare_nodes(const gf_model *m, const int32_t *nodes, int32_t n_nodes,
                                 gf_compare_mode mode, gf_plan_compare_result *out, gf_error *err);
/* gf_plan_compare_nodes with the one node and GF_COMPARE_REMOVE. */
GF_API int gf_plan_compare(const gf_model *m, int32_t node, gf_plan_compare_result *out,
                           gf_error *err);
GF_API void gf_plan_compare_fini(gf_plan_compare_result *r);

/* Per-tonne figures of a market summary, in dollars. landed = average cost
 * of the delivered tonnes (from the routes), alt = average alternative price
 * over the demand, saving = alt of the delivered tonnes minus landed. */
typedef struct gf_market_figures {
    bool has_landed; /* something was delivered */
    double landed_usd, alt_usd, saving_usd;
} gf_market_figures;

GF_API void gf_plan_market_figures(const gf_plan_market_sum *s, gf_market_figures *f);

/* Format tonnes as "-1,234,567" into buf; returns buf. */
GF_API char *gf_tonnes_format(int64_t t, char *buf, unsigned long size);

/* Format cents as "-1234.56" into buf; returns buf. */
GF_API char *gf_cents_format(int64_t cents, char *buf, unsigned long size);

/* Format cents as money text, "-$1,234,567.89", into buf; returns buf. The
 * one formatter of every money figure a person reads (CLI, report, status). */
GF_API char *gf_usd_format(int64_t cents, char *buf, unsigned long size);

#ifdef __cplusplus
}
#endif
#endif
