/* src/plan/plan_v2.c: a version-2 plan's figures from the LP/MIP result (plan_v2.h).
 *
 * Everything here is read off the result's arrays (lp.h gives their layout)
 * and the model: no solver is called after gf_lp_solve_model. Per-link
 * figures are kept only for links that carry anything, so the tables stay
 * the size of the plan, not of the model. Money derived here (subsidy per
 * link, conversion cost) is rate x milli-tonnes / 1000 rounded half away
 * from zero, the rounding lp.h uses for its cost breakdown, so the subsidy
 * column adds up to lp.cost.subsidy whenever the rates are whole cents.
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "grainflow/alloc.h"
#include "grainflow/plan_v2.h"

/* rate (cents per tonne) x mt / 1000, half away from zero. */
static int64_t cents_of(int64_t rate, int64_t mt)
{
    __int128 v = (__int128)rate * mt;

    return (int64_t)(v >= 0 ? (v + 500) / 1000 : (v - 500) / 1000);
}

void gf_plan_v2_destroy(gf_plan_v2 *p)
{
    if (!p)
        return;
    for (int32_t i = 0; p->links && i < p->n_links; i++)
        gf_free(p->links[i].product_mt, (size_t)p->n_products * sizeof(int64_t));
    gf_free(p->links, 0);
    gf_free(p->products, 0);
    gf_free(p->hubs, 0);
    gf_free(p->conversions, 0);
    gf_lp_result_fini(&p->lp);
    gf_free(p, sizeof *p);
}

static void read_products(gf_plan_v2 *p)
{
    const gf_model *m = p->model;

    for (int32_t q = 0; q < p->n_products; q++)
        p->products[q].product = q;
    for (int32_t i = 0; i < gf_model_supply_count(m); i++) {
        gf_plan_v2_product *pr = &p->products[gf_model_supply(m, i)->product];
        pr->offered_mt += gf_model_supply(m, i)->t * 1000;
        pr->bought_mt += p->lp.bought_mt[i];
    }
    for (int32_t i = 0; i < gf_model_demand_count(m); i++) {
        gf_plan_v2_product *pr = &p->products[gf_model_demand(m, i)->product];
        pr->demand_mt += gf_model_demand(m, i)->t * 1000;
        pr->delivered_mt += p->lp.delivered_mt[i];
    }
    for (int32_t q = 0; q < p->n_products; q++)
        p->products[q].unmet_mt = p->products[q].demand_mt - p->products[q].delivered_mt;
}

/* Tonnes of every product on link l over the horizon into mt[0..K). */
static int64_t link_tonnes(const gf_plan_v2 *p, int32_t l, int64_t *mt)
{
    int32_t np = p->lp.periods, k = p->lp.products;
    int64_t sum = 0;

    for (int32_t q = 0; q < k; q++)
        mt[q] = 0;
    for (int32_t t = 0; t < np; t++)
        for (int32_t q = 0; q < k; q++) {
            int64_t f = p->lp.flow_mt[((size_t)l * (size_t)np + (size_t)t) * (size_t)k + (size_t)q];
            mt[q] += f;
            sum += f;
        }
    return sum;
}

/* The first link from l's end to its start, -1 if none. */
static int32_t reverse_of(const gf_model *m, int32_t l)
{
    const gf_link *lk = gf_model_link(m, l);

    for (int32_t r = 0; r < gf_model_link_count(m); r++)
        if (gf_model_link(m, r)->from == lk->to && gf_model_link(m, r)->to == lk->from)
            return r;
    return -1;
}

static int read_links(gf_plan_v2 *p, gf_error *err)
{
    const gf_model *m = p->model;
    int32_t nl = gf_model_link_count(m), np = p->lp.periods, k = p->n_products;
    int64_t *carried = gf_calloc((size_t)nl + 1, sizeof *carried), tmp[GF_MODEL_MAX_PRODUCTS];
    int rc = GF_OK;

    if (!carried)
        return gf_fail(err, GF_ENOMEM, "out of memory reading the plan");
    for (int32_t l = 0; l < nl; l++) {
        carried[l] = link_tonnes(p, l, tmp);
        p->n_links += carried[l] > 0;
    }
    p->links = gf_calloc((size_t)p->n_links + 1, sizeof *p->links);
    if (!p->links)
        rc = gf_fail(err, GF_ENOMEM, "out of memory reading the plan");
    for (int32_t l = 0, i = 0; !rc && l < nl; l++) {
        const gf_link *lk = gf_model_link(m, l);
        gf_plan_v2_link *x;
        if (carried[l] <= 0)
            continue;
        x = &p->links[i++];
        x->link = l;
        x->product_mt = gf_calloc((size_t)k, sizeof(int64_t));
        if (!x->product_mt) {
            p->n_links = i - 1; /* the others have no arrays yet */
            rc = gf_fail(err, GF_ENOMEM, "out of memory reading the plan");
            break;
        }
        x->carried_mt = link_tonnes(p, l, x->product_mt);
        for (int32_t t = 0; t < np; t++)
            x->departures += p->lp.departures[l * np + t];
        if (x->departures > 0 && lk->vessel_t > 0)
            x->load_factor =
                (double)x->carried_mt / 1000.0 / ((double)x->departures * (double)lk->vessel_t);
        x->subsidy_cents = cents_of(lk->subsidy_cents_per_t, x->carried_mt);
        x->reverse = reverse_of(m, l);
        if (x->reverse > l && carried[x->reverse] > 0)
            x->backhaul_mt = carried[l] < carried[x->reverse] ? carried[l] : carried[x->reverse];
        else if (x->reverse >= 0 && x->reverse < l && carried[x->reverse] > 0 &&
                 reverse_of(m, x->reverse) != l) /* a pair is counted once */
            x->backhaul_mt = carried[l] < carried[x->reverse] ? carried[l] : carried[x->reverse];
        p->departures += x->departures;
        p->backhaul_mt += x->backhaul_mt;
    }
    gf_free(carried, 0);
    return rc;
}

static void read_hubs_and_conversions(gf_plan_v2 *p)
{
    const gf_model *m = p->model;
    int32_t np = p->lp.periods;

    for (int32_t n = 0; n < gf_model_node_count(m); n++) {
        gf_plan_v2_hub *h;
        if (!gf_model_is_hub(m, n))
            continue;
        h = &p->hubs[p->n_hubs++];
        h->node = n;
        h->option = p->lp.hub_option[n];
        h->fixed_cents = h->option >= 0 ? gf_model_hub_fixed_cents(m, h->option) : 0;
    }
    for (int32_t c = 0; c < gf_model_conversion_count(m); c++) {
        const gf_conversion *cv = gf_model_conversion(m, c);
        gf_plan_v2_conversion *x = &p->conversions[c];
        x->conversion = c;
        for (int32_t t = 0; t < np; t++)
            x->in_mt += p->lp.convert_mt[(size_t)c * (size_t)np + (size_t)t];
        x->out_mt = (int64_t)((double)x->in_mt * cv->yield + 0.5);
        x->cost_cents = cents_of(cv->cost_cents_per_t, x->in_mt);
    }
    p->n_conversions = gf_model_conversion_count(m);
}

gf_plan_v2 *gf_plan_v2_from_lp(const gf_model *m, gf_lp_result *lr, gf_error *err)
{
    gf_plan_v2 *p = NULL;
    int32_t nh = 0;
    int rc = GF_OK;

    if (!m || !lr || !lr->has_plan) {
        gf_fail(err, GF_EINVAL, "gf_plan_v2_from_lp: no plan to read");
        gf_lp_result_fini(lr);
        return NULL;
    }
    p = gf_calloc(1, sizeof *p);
    if (!p) {
        gf_lp_result_fini(lr);
        gf_fail(err, GF_ENOMEM, "out of memory reading the plan");
        return NULL;
    }
    p->model = m;
    p->lp = *lr;
    memset(lr, 0, sizeof *lr);
    for (int32_t n = 0; n < gf_model_node_count(m); n++)
        nh += gf_model_is_hub(m, n);
    p->n_products = gf_model_product_count(m);
    p->products = gf_calloc((size_t)p->n_products, sizeof *p->products);
    p->hubs = gf_calloc((size_t)nh + 1, sizeof *p->hubs);
    p->conversions = gf_calloc((size_t)gf_model_conversion_count(m) + 1, sizeof *p->conversions);
    if (!p->products || !p->hubs || !p->conversions)
        rc = gf_fail(err, GF_ENOMEM, "out of memory reading the plan");
    if (!rc) {
        read_products(p);
        rc = read_links(p, err);
    }
    if (!rc) {
        read_hubs_and_conversions(p);
        p->subsidy_cents = p->lp.cost.subsidy;
        p->saving_cents = p->lp.alt_all_cents - p->lp.cost.total;
    }
    if (rc) {
        gf_plan_v2_destroy(p);
        return NULL;
    }
    return p;
}

gf_plan_v2 *gf_plan_v2_solve(const gf_model *m, const gf_lp_options *o, gf_error *err)
{
    gf_lp_result lr = {0};

    if (gf_lp_solve_model(m, o, &lr, err))
        return NULL;
    if (!lr.has_plan) {
        gf_fail(err, GF_EINTERNAL, "the %s solve ended %s without a plan", lr.is_mip ? "MIP" : "LP",
                gf_lp_status_name(lr.status));
        gf_lp_result_fini(&lr);
        return NULL;
    }
    return gf_plan_v2_from_lp(m, &lr, err);
}
