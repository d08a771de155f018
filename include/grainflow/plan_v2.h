/* include/grainflow/plan_v2.h: the plan of a version-2 model, read from the LP/MIP result.
 *
 * gf_plan_v2_solve solves a model that needs CLP or CBC (gf_lp_model_kind,
 * lp.h: several products, conversions, departures, hub facilities) and
 * derives what a planner reads from the raw arrays of the gf_lp_result:
 * - per product: offered, bought, demand, delivered and unmet tonnes;
 * - per link that carries anything: tonnes over the horizon (all products
 *   and per product), departures, and the load factor = tonnes /
 *   (departures x vessel_t), the subsidy paid on it (subsidy_cents_per_t x
 *   tonnes, the state's bill, which the plan's total already subtracts);
 * - per hub facility: the chosen option (or closed) and its fixed cost, its
 *   throughput (tonnes arriving over links, all products, over the
 *   horizon) against the option's (throughput_t x periods), and per product
 *   the tonnes it ships on (transshipped: a hub facility has no supply or
 *   demand rows, so whatever leaves it passed through it, milled or not);
 * - per conversion: tonnes in and out (in x yield) and its cost;
 * - backhaul: for each link whose reverse (a link from its end to its
 *   start, a both_ways pair or two rows) also carries tonnes, the lighter
 *   direction's tonnes over the horizon, min(tonnes one way, tonnes the
 *   other way): the return loads that fill capacity (wagons, ships) the
 *   heavier direction's traffic brings back anyway, which would otherwise
 *   run empty. The pair is reported once, on the link with the lower index.
 * - per market and product: demand, delivered tonnes, the alternative
 *   price of the delivered tonnes and their average landed cost (below).
 * Tonnes are milli-tonnes (int64, three decimals: yields make flows
 * fractional), money int64 cents, periods 0-based (1-based in outputs).
 *
 * Average landed cost. A version-2 plan has no routes to read a tonne's
 * cost from (products mix on links, ships, silos and mills), so every
 * tonne at a node in a period and of a product is given the average cost
 * of all the tonnes that came there: bought there at its price; arrived
 * over a link at the average cost where it left plus the link's cost per
 * tonne minus its subsidy, plus the handling fee of the node entered, plus
 * the link-period's departure costs spread over the tonnes that sailed
 * (departures x usd_per_departure / tonnes, so a part-laden ship costs
 * more per tonne) and, into an open hub, the option's fixed cost spread
 * over the hub's throughput; carried in from the period before plus the
 * storage fee; or milled there from its input product (input cost plus the
 * conversion cost, divided by the yield). These averages are the solution
 * of a linear system (stocks and return links make it cyclic), found by
 * repeated sweeps until no average moves by 1e-6 cent, at most 20,000
 * (plan_v2.c says why no single pass would do); a plan whose sweeps hit
 * that cap still moving has landed_approx set, and the CLI's plan and
 * compare text say so (gf_plan_v2_landed_note), the JSON with
 * "landed_avg_approximate" (and "landed_avg_sweeps" in the plan). Every tonne's cost
 * is then counted once: the delivered tonnes' landed costs add up to the
 * plan's corridor cost (total minus the alternative purchases) whenever
 * every tonne bought is delivered (the unit test checks it). "landed avg"
 * in compare and the JSON is this average, as "landed_avg" is in version 1
 * (the cost of the delivered tonnes, from their routes there).
 *
 * Status. A plan is called optimal only when CLP/CBC proved it
 * (lp.status GF_LP_OPTIMAL). A solve stopped by a time limit or the
 * interrupt flag hands back its incumbent with a bound; the gap is then
 * given in dollars and as a share of the saving against the alternative
 * suppliers (the figure the corridor is judged by; a share of the total cost
 * would look tiny, since the total includes every tonne bought elsewhere).
 * gf_plan_v2_status_text is the one sentence every output uses.
 *
 * What-if edits on a version-2 model (gf_plan_v2_apply_edits). The figure
 * edits (scale_freight, set_node, scale_supply, scale_demand) are
 * edit.h's own gf_edits_apply_model with no network. The closures, which
 * edit.h applies to a built network, become period overrides of the model
 * (capacity 0 in a period), since CLP/CBC read the model:
 * - close_link: the matching links take capacity 0 in the given periods;
 * - close_node: every link leaving the node takes capacity 0 in the period,
 *   every link arriving there in that period takes capacity 0 in its
 *   departure period; over the whole horizon a hub facility is also forced
 *   closed (gf_lp_options.hub_force). Stock carried in and the node's own
 *   supply and demand rows stay (a market keeps its demand, which is then
 *   bought at the alternative price unless stock is carried in);
 * - close_transit: a hub facility is forced closed; any other node loses
 *   its outgoing links when it has no supply rows (what arrives may only
 *   meet its own demand), or its incoming links when it has no demand rows;
 *   a node with both is refused (GF_EINVAL naming the edit: use close_node).
 * SPDX-License-Identifier: MIT */
#ifndef GRAINFLOW_PLAN_V2_H
#define GRAINFLOW_PLAN_V2_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "grainflow/edit.h"
#include "grainflow/error.h"
#include "grainflow/lp.h"
#include "grainflow/model.h"
#include "grainflow/plan.h"
#include "grainflow/report.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gf_plan_v2_product {
    int32_t product;
    int64_t offered_mt, bought_mt, demand_mt, delivered_mt, unmet_mt;
} gf_plan_v2_product;

typedef struct gf_plan_v2_link {
    int32_t link;
    int64_t carried_mt;    /* all products, over the horizon */
    int64_t *product_mt;   /* size products: per product; owned by the plan */
    int64_t departures;    /* 0 without vessel_t */
    double load_factor;    /* carried / (departures x vessel_t); 0 without departures */
    int64_t subsidy_cents; /* subsidy_cents_per_t x carried, rounded */
    int32_t reverse;       /* the link it pairs with for backhaul, -1 if none */
    int64_t backhaul_mt;   /* min(carried, reverse's carried), on the lower index of a pair */
} gf_plan_v2_link;

typedef struct gf_plan_v2_hub {
    int32_t node;
    int32_t option;        /* model hub option index, -1 when closed */
    int64_t fixed_cents;   /* over the horizon; 0 when closed */
    int64_t throughput_mt; /* arriving over links, over the horizon */
    int64_t capacity_mt;   /* the option's throughput x periods; 0 when closed */
    int64_t *shipped_mt;   /* size products: leaving over links; owned by the plan */
} gf_plan_v2_hub;

typedef struct gf_plan_v2_conversion {
    int32_t conversion; /* model conversion index */
    int64_t in_mt, out_mt;
    int64_t cost_cents;
} gf_plan_v2_conversion;

/* One market and product: its demand rows added up. */
typedef struct gf_plan_v2_market {
    int32_t node, product;
    int64_t demand_mt, delivered_mt;
    int64_t alt_cents;   /* alternative price x delivered, over its rows */
    double landed_cents; /* average landed cost x delivered (header), cents */
} gf_plan_v2_market;

/* A market's landed cost and saving per delivered tonne in dollars; false
 * (and both 0) when nothing is delivered. */
GF_API bool gf_plan_v2_market_usd(const gf_plan_v2_market *x, double *landed_usd_per_t,
                                  double *saving_usd_per_t);

typedef struct gf_plan_v2 {
    const gf_model *model; /* borrowed */
    gf_lp_result lp;       /* owned: the raw result (status, costs, arrays, effort) */
    int32_t n_products, n_links, n_hubs, n_conversions;
    gf_plan_v2_product *products;       /* one per product */
    gf_plan_v2_link *links;             /* links that carry anything, in link order */
    gf_plan_v2_hub *hubs;               /* one per hub facility node */
    gf_plan_v2_conversion *conversions; /* one per conversion row */
    int32_t n_markets;
    gf_plan_v2_market *markets; /* per (node, product) with demand, in demand-row order */
    int64_t departures;         /* over every link */
    int64_t subsidy_cents;      /* the state's bill: = lp.cost.subsidy */
    int64_t backhaul_mt;        /* over every pair */
    int64_t saving_cents;       /* lp.alt_all_cents - lp.cost.total */
    /* The average landed costs' sweeps (header): how many ran, the largest
     * change of the last one (cents/t), and whether the cap stopped them
     * still moving, so that the markets' landed figures are approximate. */
    int32_t landed_sweeps;
    double landed_moved_cents;
    bool landed_approx;
} gf_plan_v2;

/* Solve m (borrowed, must outlive the plan) with o (borrowed; NULL = the
 * defaults of lp.h) and derive the figures above. Returns owned
 * (gf_plan_v2_destroy) or NULL with *err: gf_lp_solve_model's errors, or
 * GF_EINTERNAL when the solve ends without a plan (p->lp.status says which
 * outcome otherwise: a plan stopped by the time limit is returned, with
 * lp.status GF_LP_TIME_LIMIT, its bound and gap). */
GF_API gf_plan_v2 *gf_plan_v2_solve(const gf_model *m, const gf_lp_options *o, gf_error *err);

/* The figures of a plan already solved: takes *lr (left zeroed) on success
 * and on failure alike. NULL with *err (GF_EINVAL when lr has no plan). */
GF_API gf_plan_v2 *gf_plan_v2_from_lp(const gf_model *m, gf_lp_result *lr, gf_error *err);

GF_API void gf_plan_v2_destroy(gf_plan_v2 *p);

/* The gap as a percentage of the saving against the alternative suppliers
 * (lp.gap_cents / saving x 100); 0 when proven optimal, -1 when the saving
 * is not positive (the share means nothing then). */
GF_API double gf_plan_v2_gap_pct(const gf_plan_v2 *p);

/* One sentence on whether p is proven optimal, into buf (truncated to
 * size): "proven optimal (N nodes, X s MIP, Y s LP relaxation)", "optimal
 * (LP, X s)", or for a stopped solve "stopped at the time limit: best plan
 * found, gap $X (Y% of the saving), NOT proven optimal" ("interrupted: ..."
 * after the interrupt flag). Returns buf. */
GF_API const char *gf_plan_v2_status_text(const gf_plan_v2 *p, char *buf, size_t size);

/* "" when p's average landed costs are exact (their sweeps settled), else
 * one sentence saying they are approximate, with the sweeps run and the
 * last change: "average landed costs APPROXIMATE: N sweeps left them moving
 * by up to X cents/t (plan_v2.h)". Into buf (truncated to size); returns buf. */
GF_API const char *gf_plan_v2_landed_note(const gf_plan_v2 *p, char *buf, size_t size);

/* Apply the edit list (parsed, not yet resolved; borrowed) to the finished
 * version-2 model m as described at the top of this file: resolves the ids,
 * applies the figures and turns the closures into period overrides. hub_force
 * (size gf_model_node_count, caller-filled with GF_LP_HUB_FREE or its own
 * choices) receives GF_LP_HUB_CLOSED for hubs closed over the whole horizon.
 * GF_EINVAL naming the edit ("/edits/i/field" or "--edit #i") on an unknown
 * id or a closure the model cannot express; on failure m may hold the edits
 * before the failing one. */
GF_API int gf_plan_v2_apply_edits(gf_model *m, gf_edits *list, int32_t *hub_force, gf_error *err);

/* A what-if on a version-2 scenario given as its JSON form (whatif.h) and a
 * JSON array of edits (NULL or "" for none): reads the model, applies the
 * edits (gf_plan_v2_apply_edits) and solves it under o (borrowed, NULL =
 * defaults; its hub_force is replaced by the edits' closures). *model gets
 * the model (owned by the caller, gf_model_destroy after the plan). NULL
 * with *err (the scenario's errors, "/edits/i/field" for an edit, the
 * solve's) and *model NULL. How the server plans a version-2 run. */
GF_API gf_plan_v2 *gf_plan_v2_whatif(const char *scenario_json, size_t scenario_len,
                                     const char *edits_json, size_t edits_len,
                                     const gf_lp_options *o, gf_model **model, gf_error *err);

/* ---- compare (src/plan/plan_compare_v2.c) ---- */

/* A version-2 plan with and without some nodes, closed together. */
typedef struct gf_plan_v2_compare_result {
    gf_compare_mode mode; /* plan.h: transit only (the default) or removed */
    int32_t n_nodes;
    int32_t nodes[64];   /* the compared nodes, in the order given */
    gf_plan_v2 *with;    /* owned; borrows the model m */
    gf_plan_v2 *without; /* owned; borrows the model closed */
    gf_model *closed;    /* owned: the copy of m closed, when closed was NULL */
} gf_plan_v2_compare_result;

/* Solve m as it is and closed with the n_nodes nodes (indices of m, 1..64 distinct) closed together
 * as mode says: transit closes a hub facility's choice (forced closed) and any other node's
 * transshipment, remove closes every link at the nodes in every period (their own supply and demand
 * then go unserved or unsold), both through gf_plan_v2_apply_edits (close_transit, close_node). The
 * closures go into a model of their own: closed NULL (what the CLI and the
 * server pass) makes a copy of m that *out owns (out->closed); else closed
 * (borrowed, a second reading of the same scenario) receives them. m and
 * closed must outlive *out. o
 * (borrowed, NULL = lp.h defaults) applies to both solves: its time limit
 * to each, its gap_share, its hub_force under the closures. Fills *out
 * (gf_plan_v2_compare_fini, NULL-safe). GF_EINVAL for a bad or repeated
 * node, models of different shapes, or in transit mode a non-hub node with
 * both supply and demand rows ("close the whole node instead"); the solve's
 * errors otherwise. A plan stopped by the time limit is returned, not an
 * error: see gf_plan_v2_compare_proven. */
GF_API int gf_plan_v2_compare(const gf_model *m, gf_model *closed, const int32_t *nodes,
                              int32_t n_nodes, gf_compare_mode mode, const gf_lp_options *o,
                              gf_plan_v2_compare_result *out, gf_error *err);
GF_API void gf_plan_v2_compare_fini(gf_plan_v2_compare_result *r);
/* True when both plans are proven optimal: only then is their difference
 * exact (else it is between incumbents, and the outputs say so). */
GF_API bool gf_plan_v2_compare_proven(const gf_plan_v2_compare_result *r);

/* The comparison as one JSON object (export_v2.c), what `grainflow compare
 * --json` prints and GET /api/v1/compare answers on a version-2 scenario:
 * "version": 2, mode, nodes, both plans' status, optimal and status_text,
 * "difference_exact" (gf_plan_v2_compare_proven), the totals and their
 * difference, saving, subsidy bill, departures and hubs opened each way,
 * "markets" per node and product both ways (delivered_t, landed_avg and
 * saving per tonne), and "breakeven_handling_usd_per_t": null with
 * "breakeven_note": "not computed for version-2 scenarios". */
GF_API int gf_export_compare_v2_json(const gf_plan_v2_compare_result *r, FILE *f, gf_error *err);

/* One JSON object: status, optimal, bound/gap, total and cost breakdown,
 * saving, subsidy bill, backhaul, per product, per link (departures, load
 * factor, per product), hubs with options and fixed costs, conversions,
 * flows per link, period and product, the solver's effort. */
GF_API int gf_export_plan_v2_json(const gf_plan_v2 *p, FILE *f, gf_error *err);

/* A CSV table: "flows" (link, period, product, t), "links" (departures,
 * load factor, subsidy, backhaul), "products", "hubs", "conversions". */
GF_API int gf_export_plan_v2_csv(const gf_plan_v2 *p, const char *table, FILE *f, gf_error *err);

/* GeoJSON: every node (a hub facility with its chosen option, fixed cost
 * and throughput) and every link that carries anything (sea legs along sea
 * lanes; tonnes, departures, load factor, tonnes per product). */
GF_API int gf_export_plan_v2_geojson(const gf_plan_v2 *p, FILE *f, gf_error *err);

/* The plan's JSON (geojson false) or GeoJSON as an owned text (gf_release),
 * NULL with *err. What the server stores for a version-2 run. */
GF_API char *gf_export_plan_v2_text(const gf_plan_v2 *p, bool geojson, gf_error *err);

/* flows.csv, links.csv, products.csv, hubs.csv, conversions.csv,
 * plan.json, plan.geojson, plan.xlsx (a sheet per CSV table) and plan.gpkg
 * (GeoPackage: places, hub facilities with their option, and flows per
 * link, period and product) into dir, as gf_export_plan_dir writes a
 * version-1 folder: a new dir whole or not at all; into an existing one
 * (its other files kept) the nine files move once all are written and
 * synced. */
GF_API int gf_export_plan_v2_dir(const gf_plan_v2 *p, const char *dir, gf_error *err);

/* The self-contained HTML report of a version-2 plan (export_report.c):
 * the provenance of report.h (info may be NULL: none), the status sentence,
 * the cost breakdown with the subsidy bill and the hubs' fixed costs, per
 * product flows, the hubs (option, fixed cost, throughput, transshipped per
 * product), departures and load factors per link, conversions, backhaul and
 * the scenario's estimates. Static HTML: it prints and reads without
 * JavaScript. Written through gf_export_file (never half a file). */
GF_API int gf_export_plan_v2_report(const gf_plan_v2 *p, const gf_report_info *info,
                                    const char *path, gf_error *err);
/* The same written to f (a response being built). */
GF_API int gf_export_plan_v2_report_stream(const gf_plan_v2 *p, const gf_report_info *info, FILE *f,
                                           gf_error *err);

#ifdef __cplusplus
}
#endif
#endif
