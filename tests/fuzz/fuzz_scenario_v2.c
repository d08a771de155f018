/* tests/fuzz/fuzz_scenario_v2.c: fuzz the version-2 files through the reader, a small
 * CLP/CBC solve, the plan's figures, edits and outputs.
 *
 * The input is split at lines "%%" into up to ten CSV texts, in this order:
 * products.csv, conversions.csv, hubs.csv, link_periods.csv,
 * node_periods.csv (the version-2 files first, where the fuzzer spends its
 * effort), then scenario.csv, nodes.csv, links.csv (vessel_t,
 * usd_per_departure, subsidy_usd_per_t, products), supply.csv, demand.csv
 * (product, alt_from, alt_fob_usd_per_t); an empty part is a missing file.
 * They are read from memory (gf_scenario_read_texts; fuzz_scenario.c checks
 * the folder reader agrees with it). A failure must come with an error code
 * and message. A model that needs CLP/CBC and is small is planned
 * (plan_v2.h, a 2 s limit) and must hold what the plan promises: the cost
 * breakdown recomputed from the arrays equals the reported one and adds up,
 * nothing delivered or bought beyond what is wanted or offered, a departure
 * never carries more than its vessel, the hubs' fixed costs and the links'
 * subsidies add up to the breakdown's; the JSON, CSV, GeoJSON and report
 * writers must succeed. Then one what-if (freight +10 %, the first node
 * closed in period 1) goes through gf_plan_v2_apply_edits and the solve.
 * SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grainflow/alloc.h"
#include "grainflow/edit.h"
#include "grainflow/lp.h"
#include "grainflow/plan_v2.h"
#include "grainflow/scenario.h"

#define N_FILES 10
static const char *const files[N_FILES] = {
    "products.csv", "conversions.csv", "hubs.csv",  "link_periods.csv", "node_periods.csv",
    "scenario.csv", "nodes.csv",       "links.csv", "supply.csv",       "demand.csv"};

static void split(const uint8_t *data, size_t size, gf_scenario_file *parts, int *n_parts)
{
    size_t pos = 0;

    *n_parts = 0;
    for (int i = 0; i < N_FILES && pos <= size; i++) {
        const uint8_t *end = NULL;
        size_t n;
        for (size_t k = pos; k + 3 <= size; k++)
            if (memcmp(data + k, "%%\n", 3) == 0 && (k == pos || data[k - 1] == '\n')) {
                end = data + k;
                break;
            }
        n = end ? (size_t)(end - (data + pos)) : size - pos;
        if (n)
            parts[(*n_parts)++] = (gf_scenario_file){files[i], (const char *)data + pos, n};
        pos = end ? (size_t)(end - data) + 3 : size + 1;
    }
}

/* Small enough for a solve in a fuzzing loop. */
static bool small(const gf_model *m)
{
    int64_t cells = (int64_t)gf_model_periods(m) * gf_model_product_count(m) *
                    (gf_model_link_count(m) + 2 * (int64_t)gf_model_node_count(m));

    return cells <= 4000 && gf_model_hub_count(m) <= 4;
}

static void check_plan(const gf_model *m, const gf_plan_v2 *p)
{
    gf_error err = {0};
    gf_lp_costs c;
    const gf_lp_costs *r = &p->lp.cost;
    int64_t fixed = 0, subsidy = 0;
    FILE *null = fopen("/dev/null", "w");
    char *text;

    if (gf_lp_plan_costs(m, &p->lp, &c, &err) || memcmp(&c, r, sizeof c) != 0)
        abort(); /* the reported breakdown is the one recomputed from the arrays */
    if (r->total != r->purchases + r->link - r->subsidy + r->handling + r->storage + r->conversion +
                        r->departures + r->hub_fixed + r->alternative)
        abort();
    for (int32_t q = 0; q < p->n_products; q++)
        if (p->products[q].delivered_mt > p->products[q].demand_mt ||
            p->products[q].bought_mt > p->products[q].offered_mt ||
            p->products[q].unmet_mt != p->products[q].demand_mt - p->products[q].delivered_mt)
            abort();
    for (int32_t i = 0; i < p->n_links; i++) {
        const gf_link *lk = gf_model_link(m, p->links[i].link);
        /* no more tonnes than the ships carry, within CBC's feasibility
         * tolerance (1e-6 of the load) and the milli-tonne rounding of each
         * period's and product's flow */
        double cap = (double)p->links[i].departures * (double)lk->vessel_t * 1000.0;
        if (lk->vessel_t > 0 && (double)p->links[i].carried_mt >
                                    cap * (1 + 1e-6) + (double)p->lp.periods * p->n_products)
            abort();
        subsidy += p->links[i].subsidy_cents;
    }
    for (int32_t i = 0; i < p->n_hubs; i++)
        fixed += p->hubs[i].fixed_cents;
    if (fixed != r->hub_fixed || subsidy != r->subsidy)
        abort();
    if (!null)
        return;
    if (gf_export_plan_v2_json(p, null, &err) || gf_export_plan_v2_geojson(p, null, &err) ||
        gf_export_plan_v2_csv(p, "flows", null, &err) ||
        gf_export_plan_v2_csv(p, "hubs", null, &err) ||
        gf_export_plan_v2_report_stream(p, NULL, null, &err))
        abort();
    fclose(null);
    text = gf_export_plan_v2_text(p, true, &err);
    if (!text)
        abort();
    gf_release(text);
}

static void whatif(gf_model *m, const gf_lp_options *o)
{
    static const char edits[] = "[{\"op\":\"scale_freight\",\"pct\":10},"
                                "{\"op\":\"close_node\",\"node\":\"%s\",\"periods\":[1]}]";
    char json[sizeof edits + 256];
    gf_error err = {0};
    gf_edits *l = gf_edits_create(&err);
    int32_t force[GF_MODEL_MAX_PRODUCTS * 4];
    gf_lp_options lo = *o;
    gf_plan_v2 *p = NULL;
    int rc;

    if (!l || gf_model_node_count(m) > (int32_t)(sizeof force / sizeof force[0]) ||
        strpbrk(gf_model_node(m, 0)->id, "\"\\")) {
        gf_edits_destroy(l);
        return;
    }
    for (size_t i = 0; i < sizeof force / sizeof force[0]; i++)
        force[i] = GF_LP_HUB_FREE;
    snprintf(json, sizeof json, edits, gf_model_node(m, 0)->id);
    rc = gf_edits_parse_json(l, json, strlen(json), &err);
    if (!rc)
        rc = gf_plan_v2_apply_edits(m, l, force, &err);
    if (rc && (err.code == GF_OK || !err.msg[0]))
        abort();
    lo.hub_force = force;
    if (!rc)
        p = gf_plan_v2_solve(m, &lo, &err);
    if (p)
        check_plan(m, p);
    else if (!rc && (err.code == GF_OK || !err.msg[0]))
        abort();
    gf_plan_v2_destroy(p);
    gf_edits_destroy(l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gf_scenario_file parts[N_FILES];
    gf_error err = {0};
    gf_lp_options o;
    gf_plan_v2 *p;
    gf_model *m;
    int n_parts = 0;

    split(data, size, parts, &n_parts);
    m = gf_scenario_read_texts(parts, n_parts, &err);
    if (!m) {
        if (err.code == GF_OK || !err.msg[0])
            abort();
        return 0;
    }
    if (gf_lp_model_kind(m) == GF_LP_KIND_NETWORK || !small(m)) {
        gf_model_destroy(m);
        return 0;
    }
    gf_lp_options_init(&o);
    o.time_limit_s = 2;
    p = gf_plan_v2_solve(m, &o, &err);
    if (p)
        check_plan(m, p);
    else if (err.code == GF_OK || !err.msg[0])
        abort();
    gf_plan_v2_destroy(p);
    whatif(m, &o);
    gf_model_destroy(m);
    return 0;
}
