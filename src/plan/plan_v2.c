/* src/plan/plan_v2.c: a version-2 plan's figures from the LP/MIP result (plan_v2.h).
 *
 * Everything here is read off the result's arrays (lp.h gives their layout)
 * and the model: no solver is called after gf_lp_solve_model. Per-link
 * figures are kept only for links that carry anything, so the tables stay
 * the size of the plan, not of the model. Money derived here (subsidy per
 * link, conversion cost) is rate x milli-tonnes / 1000 rounded half away
 * from zero, the rounding lp.h uses for its cost breakdown, so the subsidy
 * column adds up to lp.cost.subsidy whenever the rates are whole cents.
 * The status sentence and the what-if edits on the model are explained in
 * plan_v2.h; the edits reuse edit.h for the figures and add only the
 * translation of closures into period overrides, which CLP/CBC read.
 * SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "grainflow/alloc.h"
#include "grainflow/plan.h"
#include "grainflow/plan_v2.h"
#include "grainflow/scenario.h"
#include "plan/plan_int.h"

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
    for (int32_t i = 0; p->hubs && i < p->n_hubs; i++)
        gf_free(p->hubs[i].shipped_mt, (size_t)p->n_products * sizeof(int64_t));
    gf_free(p->products, 0);
    gf_free(p->hubs, 0);
    gf_free(p->conversions, 0);
    gf_free(p->markets, 0);
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

/* Hub h's throughput and what it ships per product, from the links. */
static void read_hub_flows(gf_plan_v2 *p, gf_plan_v2_hub *h)
{
    const gf_model *m = p->model;
    int64_t tmp[GF_MODEL_MAX_PRODUCTS];

    for (int32_t l = 0; l < gf_model_link_count(m); l++) {
        const gf_link *lk = gf_model_link(m, l);
        if (lk->to == h->node)
            h->throughput_mt += link_tonnes(p, l, tmp);
        if (lk->from != h->node)
            continue;
        link_tonnes(p, l, tmp);
        for (int32_t q = 0; q < p->n_products; q++)
            h->shipped_mt[q] += tmp[q];
    }
    if (h->option >= 0) {
        __int128 c =
            (__int128)gf_model_hub_option(m, h->option)->throughput_t * 1000 * p->lp.periods;
        h->capacity_mt = c > INT64_MAX ? INT64_MAX : (int64_t)c;
    }
}

static int read_hubs_and_conversions(gf_plan_v2 *p, gf_error *err)
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
        h->shipped_mt = gf_calloc((size_t)p->n_products, sizeof(int64_t));
        if (!h->shipped_mt)
            return gf_fail(err, GF_ENOMEM, "out of memory reading the plan");
        read_hub_flows(p, h);
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
    return GF_OK;
}

/* ---- average landed cost per market and product (plan_v2.h) ---- */

/* Why sweeps with a cap and not one pass in a topological order: the
 * states (node, period, product) joined by the plan's positive flows are
 * not acyclic in general. A cyclic horizon carries stock from the last
 * period into the first ((n, P-1) -> (n, 0) closes a cycle through every
 * period a node holds stock), links with lag 0 both ways carry a product
 * there and back in one period when subsidies make the round trip pay, and
 * a circulation that no purchase feeds has no finite average at all (the
 * system is singular there: each sweep adds the loop's cost again). So the
 * averages are the fixed point of Jacobi sweeps, which on an acyclic part
 * settle after as many sweeps as its longest chain of flows. When the cap
 * is reached with averages still moving by more than AVG_TOL, the plan
 * says so (landed_approx, gf_plan_v2_landed_note) instead of passing the
 * figures off as exact. */
#define AVG_SWEEPS 20000 /* the cap: each sweep moves costs one step along the plan */
#define AVG_TOL    1e-6  /* cents per tonne */

/* One positive flow of the plan: tonnes mt of product q leaving link l in
 * period t, arriving in period ta, at unit cents per tonne on top of the
 * average where it left. */
typedef struct avg_flow {
    int32_t from, to, t, ta, q;
    double mt, unit;
} avg_flow;

typedef struct avg_work {
    int32_t P, K, n_flows;
    size_t n_state;          /* nodes x P x K */
    double *avg, *num, *den; /* size n_state */
    avg_flow *flows;         /* size n_flows */
} avg_work;

static size_t state_of(const avg_work *w, int32_t n, int32_t t, int32_t q)
{
    return ((size_t)n * (size_t)w->P + (size_t)t) * (size_t)w->K + (size_t)q;
}

/* The fixed cost per tonne arriving at hub node n (cents), 0 when closed. */
static double hub_share(const gf_plan_v2 *p, int32_t n)
{
    for (int32_t i = 0; i < p->n_hubs; i++)
        if (p->hubs[i].node == n && p->hubs[i].option >= 0 && p->hubs[i].throughput_mt > 0)
            return (double)p->hubs[i].fixed_cents * 1000.0 / (double)p->hubs[i].throughput_mt;
    return 0.0;
}

/* The plan's positive flows with their per-tonne costs into w->flows. */
static int avg_flows(const gf_plan_v2 *p, avg_work *w, gf_error *err)
{
    const gf_model *m = p->model;
    int32_t nl = gf_model_link_count(m), n = 0;

    for (int32_t l = 0; l < nl; l++)
        for (int32_t t = 0; t < w->P; t++)
            for (int32_t q = 0; q < w->K; q++)
                n += p->lp.flow_mt[(size_t)l * (size_t)w->P * (size_t)w->K +
                                   (size_t)t * (size_t)w->K + (size_t)q] > 0;
    w->flows = gf_calloc((size_t)n + 1, sizeof *w->flows);
    if (!w->flows)
        return gf_fail(err, GF_ENOMEM, "out of memory reading the plan");
    for (int32_t l = 0; l < nl; l++) {
        const gf_link *lk = gf_model_link(m, l);
        double base = (double)(lk->cost_cents_per_t - lk->subsidy_cents_per_t +
                               gf_model_node(m, lk->to)->handling_cents_per_t) +
                      hub_share(p, lk->to);
        for (int32_t t = 0; t < w->P; t++) {
            const int64_t *f =
                &p->lp.flow_mt[((size_t)l * (size_t)w->P + (size_t)t) * (size_t)w->K];
            int32_t ta = gf_model_arrival(m, l, t);
            double sum = 0, dep = 0;
            for (int32_t q = 0; q < w->K; q++)
                sum += f[q] > 0 ? (double)f[q] : 0.0;
            if (sum <= 0 || ta < 0)
                continue; /* nothing, or it arrives past an open horizon's end */
            dep = (double)p->lp.departures[(size_t)l * (size_t)w->P + (size_t)t] *
                  (double)lk->departure_cents * 1000.0 / sum;
            for (int32_t q = 0; q < w->K; q++)
                if (f[q] > 0)
                    w->flows[w->n_flows++] =
                        (avg_flow){lk->from, lk->to, t, ta, q, (double)f[q], base + dep};
        }
    }
    return GF_OK;
}

/* One Jacobi sweep: every state's average from its inflows at the current
 * averages. Returns the largest change. */
static double avg_sweep(const gf_plan_v2 *p, avg_work *w)
{
    const gf_model *m = p->model;
    double moved = 0;

    memset(w->num, 0, w->n_state * sizeof *w->num);
    memset(w->den, 0, w->n_state * sizeof *w->den);
    for (int32_t i = 0; i < gf_model_supply_count(m); i++) {
        const gf_supply *s = gf_model_supply(m, i);
        size_t k = state_of(w, s->node, s->period, s->product);
        w->num[k] += (double)p->lp.bought_mt[i] * (double)s->price_cents_per_t;
        w->den[k] += (double)p->lp.bought_mt[i];
    }
    for (int32_t i = 0; i < w->n_flows; i++) {
        const avg_flow *f = &w->flows[i];
        size_t k = state_of(w, f->to, f->ta, f->q);
        w->num[k] += f->mt * (w->avg[state_of(w, f->from, f->t, f->q)] + f->unit);
        w->den[k] += f->mt;
    }
    for (int32_t n = 0; n < gf_model_node_count(m); n++)
        for (int32_t t = 0; t < w->P; t++) {
            int32_t t1 = t + 1 < w->P ? t + 1 : gf_model_horizon(m) == GF_HORIZON_CYCLIC ? 0 : -1;
            for (int32_t q = 0; t1 >= 0 && q < w->K; q++) {
                double s = (double)p->lp.stock_mt[state_of(w, n, t, q)];
                if (s <= 0)
                    continue;
                w->num[state_of(w, n, t1, q)] +=
                    s * (w->avg[state_of(w, n, t, q)] +
                         (double)gf_model_node(m, n)->storage_cents_per_t);
                w->den[state_of(w, n, t1, q)] += s;
            }
        }
    for (int32_t c = 0; c < gf_model_conversion_count(m); c++) {
        const gf_conversion *cv = gf_model_conversion(m, c);
        for (int32_t t = 0; t < w->P; t++) {
            double in = (double)p->lp.convert_mt[(size_t)c * (size_t)w->P + (size_t)t];
            size_t k = state_of(w, cv->node, t, cv->to_product);
            if (in <= 0)
                continue;
            w->num[k] += in * (w->avg[state_of(w, cv->node, t, cv->from_product)] +
                               (double)cv->cost_cents_per_t);
            w->den[k] += in * cv->yield;
        }
    }
    for (size_t k = 0; k < w->n_state; k++) {
        double v = w->den[k] > 0 ? w->num[k] / w->den[k] : 0.0, d = v - w->avg[k];
        moved = d > moved ? d : -d > moved ? -d : moved;
        w->avg[k] = v;
    }
    return moved;
}

/* The market index of (node, product) in p->markets, appended if new. */
static gf_plan_v2_market *market_at(gf_plan_v2 *p, int32_t node, int32_t product)
{
    for (int32_t i = 0; i < p->n_markets; i++)
        if (p->markets[i].node == node && p->markets[i].product == product)
            return &p->markets[i];
    p->markets[p->n_markets] = (gf_plan_v2_market){.node = node, .product = product};
    return &p->markets[p->n_markets++];
}

static int read_markets(gf_plan_v2 *p, int32_t max_sweeps, gf_error *err)
{
    const gf_model *m = p->model;
    avg_work w = {.P = p->lp.periods, .K = p->lp.products};
    int rc = GF_OK;

    w.n_state = (size_t)gf_model_node_count(m) * (size_t)w.P * (size_t)w.K;
    w.avg = gf_calloc(w.n_state + 1, sizeof *w.avg);
    w.num = gf_calloc(w.n_state + 1, sizeof *w.num);
    w.den = gf_calloc(w.n_state + 1, sizeof *w.den);
    p->markets = gf_calloc((size_t)gf_model_demand_count(m) + 1, sizeof *p->markets);
    if (!w.avg || !w.num || !w.den || !p->markets)
        rc = gf_fail(err, GF_ENOMEM, "out of memory reading the plan");
    if (!rc)
        rc = avg_flows(p, &w, err);
    p->landed_approx = !rc; /* until a sweep moves nothing */
    while (!rc && p->landed_sweeps < max_sweeps) {
        p->landed_moved_cents = avg_sweep(p, &w);
        p->landed_sweeps++;
        if (p->landed_moved_cents <= AVG_TOL) {
            p->landed_approx = false;
            break;
        }
    }
    for (int32_t i = 0; !rc && i < gf_model_demand_count(m); i++) {
        const gf_demand *d = gf_model_demand(m, i);
        gf_plan_v2_market *x = market_at(p, d->node, d->product);
        int64_t mt = p->lp.delivered_mt[i];
        x->demand_mt += d->t * 1000;
        x->delivered_mt += mt;
        x->alt_cents += cents_of(d->alt_cents_per_t, mt);
        x->landed_cents +=
            (double)mt / 1000.0 * w.avg[state_of(&w, d->node, d->period, d->product)];
    }
    gf_free(w.flows, 0);
    gf_free(w.avg, 0);
    gf_free(w.num, 0);
    gf_free(w.den, 0);
    return rc;
}

bool gf_plan_v2_market_usd(const gf_plan_v2_market *x, double *landed_usd_per_t,
                           double *saving_usd_per_t)
{
    double t = x ? (double)x->delivered_mt / 1000.0 : 0.0;

    *landed_usd_per_t = *saving_usd_per_t = 0.0;
    if (t <= 0)
        return false;
    *landed_usd_per_t = x->landed_cents / t / 100.0;
    *saving_usd_per_t = ((double)x->alt_cents - x->landed_cents) / t / 100.0;
    return true;
}

gf_plan_v2 *gf_plan_v2_from_lp(const gf_model *m, gf_lp_result *lr, gf_error *err)
{
    return gf__plan_v2_from_lp_capped(m, lr, AVG_SWEEPS, err);
}

gf_plan_v2 *gf__plan_v2_from_lp_capped(const gf_model *m, gf_lp_result *lr, int32_t max_sweeps,
                                       gf_error *err)
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
    if (!rc)
        rc = read_hubs_and_conversions(p, err);
    if (!rc)
        rc = read_markets(p, max_sweeps, err); /* after the hubs: their fixed costs are spread */
    if (!rc) {
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
    if (!lr.has_plan && lr.status == GF_LP_INTERRUPTED) {
        gf_fail(err, GF_ESTATE, "the solve was interrupted before it found a plan");
        gf_lp_result_fini(&lr);
        return NULL;
    }
    if (!lr.has_plan) {
        gf_fail(err, GF_EINTERNAL, "the %s solve ended %s without a plan", lr.is_mip ? "MIP" : "LP",
                gf_lp_status_name(lr.status));
        gf_lp_result_fini(&lr);
        return NULL;
    }
    return gf_plan_v2_from_lp(m, &lr, err);
}

double gf_plan_v2_gap_pct(const gf_plan_v2 *p)
{
    if (!p || p->lp.status == GF_LP_OPTIMAL)
        return 0.0;
    if (p->saving_cents <= 0)
        return -1.0;
    return 100.0 * p->lp.gap_cents / (double)p->saving_cents;
}

const char *gf_plan_v2_status_text(const gf_plan_v2 *p, char *buf, size_t size)
{
    char gap[40], pct[48];
    double g;

    if (!buf || !size)
        return buf;
    if (!p) {
        snprintf(buf, size, "no plan");
        return buf;
    }
    if (p->lp.status == GF_LP_OPTIMAL && p->lp.is_mip) {
        snprintf(buf, size, "proven optimal (%lld nodes, %.2f s MIP, %.2f s LP relaxation)",
                 (long long)p->lp.nodes, p->lp.mip_seconds, p->lp.lp_seconds);
        return buf;
    }
    if (p->lp.status == GF_LP_OPTIMAL) {
        snprintf(buf, size, "optimal (LP, %.2f s)", p->lp.lp_seconds);
        return buf;
    }
    g = gf_plan_v2_gap_pct(p);
    if (g >= 0)
        snprintf(pct, sizeof pct, "%.2f%% of the saving", g);
    else
        snprintf(pct, sizeof pct, "the saving is not positive");
    gf_usd_format((int64_t)(p->lp.gap_cents + 0.5), gap, sizeof gap);
    snprintf(buf, size, "%s: best plan found, gap %s (%s), NOT proven optimal",
             p->lp.status == GF_LP_TIME_LIMIT    ? "stopped at the time limit"
             : p->lp.status == GF_LP_INTERRUPTED ? "interrupted"
                                                 : gf_lp_status_name(p->lp.status),
             gap, pct);
    return buf;
}

const char *gf_plan_v2_landed_note(const gf_plan_v2 *p, char *buf, size_t size)
{
    if (!buf || !size)
        return buf;
    buf[0] = '\0';
    if (p && p->landed_approx)
        snprintf(buf, size,
                 "average landed costs APPROXIMATE: %d sweeps left them moving by up to %.3g "
                 "cents/t (plan_v2.h)",
                 p->landed_sweeps, p->landed_moved_cents);
    return buf;
}

/* ---- what-if edits on the model (plan_v2.h) ---- */

/* Name edit e in *err as edit.h does ("--edit #i" or "/edits/i"). */
static int edit_at(gf_error *err, const gf_edit *e, int rc)
{
    char input[32];

    if (e->src_cli)
        snprintf(input, sizeof input, "--edit #%d", e->src_index + 1);
    else
        snprintf(input, sizeof input, "/edits/%d", e->src_index);
    gf_error_at(err, input, 0, 0);
    return rc;
}

static int close_link_at(gf_model *m, int32_t l, int32_t t, gf_error *err)
{
    gf_period_override o = {.ref = l, .period = t, .t = 0, .line = 0};

    return t < 0 ? GF_OK : gf_model_add_link_period(m, &o, err);
}

/* Close every link leaving node n in period t (out) and every link arriving
 * at n in period t (in), each in its departure period. */
static int close_around(gf_model *m, int32_t n, int32_t t, bool in, bool out, gf_error *err)
{
    int rc = GF_OK;

    for (int32_t l = 0; !rc && l < gf_model_link_count(m); l++) {
        const gf_link *lk = gf_model_link(m, l);
        if (out && lk->from == n)
            rc = close_link_at(m, l, t, err);
        if (!rc && in && lk->to == n)
            rc = close_link_at(m, l, gf_model_departure(m, l, t), err);
    }
    return rc;
}

static bool has_rows(const gf_model *m, int32_t n, bool demand)
{
    int32_t k = demand ? gf_model_demand_count(m) : gf_model_supply_count(m);

    for (int32_t i = 0; i < k; i++)
        if ((demand ? gf_model_demand(m, i)->node : gf_model_supply(m, i)->node) == n)
            return true;
    return false;
}

static int close_one(gf_model *m, const gf_edit *e, int32_t *hub_force, gf_error *err)
{
    int32_t np = gf_model_periods(m), n = e->node_ix;
    int rc = GF_OK;

    if (e->op == GF_EDIT_CLOSE_TRANSIT) {
        bool sup = has_rows(m, n, false), dem = has_rows(m, n, true);
        if (gf_model_is_hub(m, n)) {
            hub_force[n] = GF_LP_HUB_CLOSED;
            return GF_OK;
        }
        if (sup && dem)
            return edit_at(err, e,
                           gf_fail(err, GF_EINVAL,
                                   "close_transit on %s: a version-2 node with both supply and "
                                   "demand rows cannot be closed to transit alone; use close_node",
                                   gf_model_node(m, n)->id));
        for (int32_t t = 0; !rc && t < np; t++)
            rc = close_around(m, n, t, sup, !sup, err);
        return rc;
    }
    for (int32_t k = 0; !rc && k < (e->n_periods ? e->n_periods : np); k++) {
        int32_t t = e->n_periods ? e->periods[k] : k;
        if (e->op == GF_EDIT_CLOSE_NODE) {
            rc = close_around(m, n, t, true, true, err);
            continue;
        }
        for (int32_t l = 0; !rc && l < gf_model_link_count(m); l++) {
            const gf_link *lk = gf_model_link(m, l);
            if (lk->from == e->from_ix && lk->to == e->to_ix &&
                (e->mode < 0 || (int)lk->mode == e->mode))
                rc = close_link_at(m, l, t, err);
        }
    }
    if (!rc && e->op == GF_EDIT_CLOSE_NODE && !e->n_periods && gf_model_is_hub(m, n))
        hub_force[n] = GF_LP_HUB_CLOSED;
    return rc;
}

int gf_plan_v2_apply_edits(gf_model *m, gf_edits *list, int32_t *hub_force, gf_error *err)
{
    bool rebuild = false;
    int rc;

    if (!m || !list || !hub_force)
        return gf_fail(err, GF_EINVAL, "gf_plan_v2_apply_edits: NULL argument");
    rc = gf_edits_resolve(list, m, err);
    if (!rc)
        rc = gf_edits_apply_model(list, m, NULL, &rebuild, err);
    for (int32_t i = 0; !rc && i < list->n; i++) {
        const gf_edit *e = &list->e[i];
        if (e->op == GF_EDIT_CLOSE_LINK || e->op == GF_EDIT_CLOSE_NODE ||
            e->op == GF_EDIT_CLOSE_TRANSIT) {
            rc = close_one(m, e, hub_force, err);
            if (rc && err && !err->input[0])
                edit_at(err, e, rc);
        }
    }
    return rc;
}

gf_plan_v2 *gf_plan_v2_whatif(const char *scenario_json, size_t scenario_len,
                              const char *edits_json, size_t edits_len, const gf_lp_options *o,
                              gf_model **model, gf_error *err)
{
    gf_model *m = NULL;
    gf_edits *l = NULL;
    gf_plan_v2 *p = NULL;
    gf_lp_options lo;
    int32_t *force = NULL;
    int rc = GF_OK;

    if (!model || !scenario_json) {
        gf_fail(err, GF_EINVAL, "gf_plan_v2_whatif: NULL argument");
        return NULL;
    }
    *model = NULL;
    m = gf_scenario_read_json(scenario_json, scenario_len, err);
    l = m ? gf_edits_create(err) : NULL;
    if (!l)
        rc = err && err->code ? err->code : GF_ENOMEM;
    if (!rc) {
        force = gf_malloc(((size_t)gf_model_node_count(m) + 1) * sizeof *force);
        if (!force)
            rc = gf_fail(err, GF_ENOMEM, "out of memory");
        for (int32_t n = 0; force && n < gf_model_node_count(m); n++)
            force[n] = o && o->hub_force ? o->hub_force[n] : GF_LP_HUB_FREE;
    }
    if (!rc && edits_json && edits_len)
        rc = gf_edits_parse_json(l, edits_json, edits_len, err);
    if (!rc)
        rc = gf_plan_v2_apply_edits(m, l, force, err);
    if (!rc) {
        if (o)
            lo = *o;
        else
            gf_lp_options_init(&lo);
        lo.hub_force = force;
        p = gf_plan_v2_solve(m, &lo, err);
    }
    gf_free(force, ((size_t)(m ? gf_model_node_count(m) : 0) + 1) * sizeof *force);
    gf_edits_destroy(l);
    if (!p) {
        gf_model_destroy(m);
        return NULL;
    }
    *model = m;
    return p;
}
