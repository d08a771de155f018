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
 * - per hub facility: the chosen option (or closed) and its fixed cost;
 * - per conversion: tonnes in and out (in x yield) and its cost;
 * - backhaul: for each link whose reverse (a link from its end to its
 *   start, a both_ways pair or two rows) also carries tonnes, the lighter
 *   direction's tonnes over the horizon, min(tonnes one way, tonnes the
 *   other way): the return loads that fill capacity (wagons, ships) the
 *   heavier direction's traffic brings back anyway, which would otherwise
 *   run empty. The pair is reported once, on the link with the lower index.
 * Tonnes are milli-tonnes (int64, three decimals: yields make flows
 * fractional), money int64 cents, periods 0-based (1-based in outputs).
 * SPDX-License-Identifier: MIT */
#ifndef GRAINFLOW_PLAN_V2_H
#define GRAINFLOW_PLAN_V2_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "grainflow/error.h"
#include "grainflow/lp.h"
#include "grainflow/model.h"

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
    int32_t option;      /* model hub option index, -1 when closed */
    int64_t fixed_cents; /* over the horizon; 0 when closed */
} gf_plan_v2_hub;

typedef struct gf_plan_v2_conversion {
    int32_t conversion; /* model conversion index */
    int64_t in_mt, out_mt;
    int64_t cost_cents;
} gf_plan_v2_conversion;

typedef struct gf_plan_v2 {
    const gf_model *model; /* borrowed */
    gf_lp_result lp;       /* owned: the raw result (status, costs, arrays, effort) */
    int32_t n_products, n_links, n_hubs, n_conversions;
    gf_plan_v2_product *products;       /* one per product */
    gf_plan_v2_link *links;             /* links that carry anything, in link order */
    gf_plan_v2_hub *hubs;               /* one per hub facility node */
    gf_plan_v2_conversion *conversions; /* one per conversion row */
    int64_t departures;                 /* over every link */
    int64_t subsidy_cents;              /* the state's bill: = lp.cost.subsidy */
    int64_t backhaul_mt;                /* over every pair */
    int64_t saving_cents;               /* lp.alt_all_cents - lp.cost.total */
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

/* One JSON object: status, optimal, bound/gap, total and cost breakdown,
 * saving, subsidy bill, backhaul, per product, per link (departures, load
 * factor, per product), hubs with options and fixed costs, conversions,
 * flows per link, period and product, the solver's effort. */
GF_API int gf_export_plan_v2_json(const gf_plan_v2 *p, FILE *f, gf_error *err);

/* A CSV table: "flows" (link, period, product, t), "links" (departures,
 * load factor, subsidy, backhaul), "products", "hubs", "conversions". */
GF_API int gf_export_plan_v2_csv(const gf_plan_v2 *p, const char *table, FILE *f, gf_error *err);

/* flows.csv, links.csv, products.csv, hubs.csv, conversions.csv and
 * plan.json into dir (created if missing), each file all or nothing
 * (gf_export_file). */
GF_API int gf_export_plan_v2_dir(const gf_plan_v2 *p, const char *dir, gf_error *err);

#ifdef __cplusplus
}
#endif
#endif
