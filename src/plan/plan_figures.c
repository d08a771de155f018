/* src/plan/plan_figures.c: the corridor's answer figures, from the extracted plan.
 *
 * What a planner asks first, computed once for every output (CLI, JSON, report):
 * - the saving against the alternative suppliers and the average landed cost
 *   of the delivered tonnes (from the routes);
 * - per hub, port or store: tonnes received for its own demand, transshipped
 *   (arrived over links and left over links) and shipped (left over links),
 *   apart, where the plain throughput mixes them;
 * - per origin: offered, sold, the netback of what it sells, and the value of
 *   its next tonne at its best market and period against its price: the
 *   shadow price of a sold-out origin, or, for an origin that sells nothing,
 *   how far it is from selling and the first leg whose cost would close it.
 * The value of a tonne at (n,t) is a longest-path label over the model's
 * links expanded by their lags: start at each demand row with its marginal
 * landed cost (the node potential, passed in as a plain array, so this file
 * needs nothing of the network), then v(u,t) = max(v(u,t), v(w,t+lag) -
 * cost - handling at w) over links and v(n,t+1) - fee over storage, to a fixed
 * point (Bellman-Ford: costs are >= 0, so no cycle raises a label). Capacities
 * and throughput limits are ignored: where one binds, the true value is lower
 * by its shadow price, so a gap printed here is a lower bound.
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "grainflow/alloc.h"
#include "plan/plan_int.h"

#define NO_VALUE     INT64_MIN
#define STEP_ANCHOR  (-1)
#define STEP_STORAGE (-2)

typedef struct values {
    int32_t np;
    int64_t *v;      /* size N x P, node-major: value of a tonne at (n,t) */
    int32_t *anchor; /* demand row the value is reached at, -1 */
    int32_t *step;   /* link taken, STEP_STORAGE, or STEP_ANCHOR */
} values;

/* One relaxation of state f from state s at cost c; true when it improved. */
static bool relax(values *vs, int64_t f, int64_t s, int64_t c, int32_t step)
{
    if (vs->v[s] == NO_VALUE || vs->v[s] - c <= vs->v[f])
        return false;
    vs->v[f] = vs->v[s] - c;
    vs->anchor[f] = vs->anchor[s];
    vs->step[f] = step;
    return true;
}

/* One pass over every link and storage arc; true when a label changed. */
static bool relax_all(const gf_model *m, values *vs)
{
    int32_t np = vs->np;
    bool changed = false;

    for (int32_t l = 0; l < gf_model_link_count(m); l++) {
        const gf_link *k = gf_model_link(m, l);
        int64_t c = gf_model_link_cents_per_t(m, l);
        for (int32_t t = 0; t < np; t++) {
            int32_t ta = gf_model_arrival(m, l, t);
            if (ta >= 0)
                changed |= relax(vs, (int64_t)k->from * np + t, (int64_t)k->to * np + ta, c, l);
        }
    }
    for (int32_t n = 0; n < gf_model_node_count(m); n++) {
        const gf_node *nd = gf_model_node(m, n);
        if (nd->storage_t <= 0)
            continue;
        for (int32_t t = 0; t < np; t++) {
            int32_t tn = t + 1 < np ? t + 1 : (gf_model_horizon(m) == GF_HORIZON_CYCLIC ? 0 : -1);
            if (tn >= 0)
                changed |= relax(vs, (int64_t)n * np + t, (int64_t)n * np + tn,
                                 nd->storage_cents_per_t, STEP_STORAGE);
        }
    }
    return changed;
}

static void values_fini(values *vs)
{
    gf_free(vs->v, 0);
    gf_free(vs->anchor, 0);
    gf_free(vs->step, 0);
}

static int values_compute(const gf_model *m, const int64_t *landed_cents, values *vs)
{
    int32_t np = gf_model_periods(m);
    size_t n = (size_t)gf_model_node_count(m) * (size_t)np + 1;
    long rounds = (long)n + 1;

    vs->np = np;
    vs->v = gf_malloc(n * sizeof *vs->v);
    vs->anchor = gf_malloc(n * sizeof *vs->anchor);
    vs->step = gf_malloc(n * sizeof *vs->step);
    if (!vs->v || !vs->anchor || !vs->step)
        return GF_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        vs->v[i] = NO_VALUE;
        vs->anchor[i] = -1;
        vs->step[i] = STEP_ANCHOR;
    }
    for (int32_t i = 0; i < gf_model_demand_count(m); i++) {
        const gf_demand *d = gf_model_demand(m, i);
        int64_t s = (int64_t)d->node * np + d->period;
        if (d->t > 0 && landed_cents[i] > vs->v[s]) {
            vs->v[s] = landed_cents[i];
            vs->anchor[s] = i;
        }
    }
    while (relax_all(m, vs) && --rounds > 0)
        ; /* at most one round per state: every label is a simple path's */
    return GF_OK;
}

/* The first link on the best path from (n, t), or -1 (storage steps skipped). */
static int32_t first_link(const values *vs, int32_t n, int32_t t)
{
    for (int32_t k = 0; k <= vs->np; k++) {
        int32_t st = vs->step[(int64_t)n * vs->np + t];
        if (st != STEP_STORAGE)
            return st >= 0 ? st : -1;
        t = (t + 1) % vs->np;
    }
    return -1;
}

/* The best (highest margin) offer of origin o->node; sold, netback apart. */
static void origin_best(const gf_model *m, const values *vs, gf_plan_origin *o)
{
    bool any = false;

    for (int32_t i = 0; i < gf_model_supply_count(m); i++) {
        const gf_supply *s = gf_model_supply(m, i);
        int64_t st = (int64_t)s->node * vs->np + s->period, margin;
        if (s->node != o->node || s->t <= 0)
            continue;
        o->offered_t += s->t;
        if (vs->v[st] == NO_VALUE)
            continue;
        margin = vs->v[st] - s->price_cents_per_t;
        if (any && margin <= o->margin_cents_per_t)
            continue;
        any = true;
        o->margin_cents_per_t = margin;
        o->price_cents_per_t = s->price_cents_per_t;
        o->best_market = gf_model_demand(m, vs->anchor[st])->node;
        o->best_period = gf_model_demand(m, vs->anchor[st])->period;
        o->best_supply_period = s->period;
        o->first_link = first_link(vs, s->node, s->period);
    }
    if (o->first_link >= 0)
        o->first_link_cents_per_t = gf_model_link_cents_per_t(m, o->first_link);
}

/* Sold tonnes and netback from the routes bought at o->node. */
static void origin_sales(const gf_plan *p, gf_plan_origin *o)
{
    int64_t earned = 0;

    for (int32_t i = 0; i < p->n_routes; i++) {
        const gf_plan_route *r = &p->routes[i];
        const gf_supply *s = gf_model_supply(p->model, r->supply);
        if (s->node != o->node)
            continue;
        o->sold_t += r->t;
        earned += r->t * (gf_model_demand(p->model, r->demand)->alt_cents_per_t -
                          (r->cents_per_t - s->price_cents_per_t));
    }
    if (o->sold_t > 0)
        o->netback_cents_per_t = earned / o->sold_t;
}

int gf__plan_origins(gf_plan *p, const int64_t *landed_cents, gf_error *err)
{
    const gf_model *m = p->model;
    int32_t nn = gf_model_node_count(m);
    values vs = {0};
    uint8_t *has = gf_calloc((size_t)nn + 1, 1);
    int rc = has ? values_compute(m, landed_cents, &vs) : GF_ENOMEM;
    int32_t n_origins = 0;

    if (rc)
        goto out;
    for (int32_t i = 0; i < gf_model_supply_count(m); i++)
        has[gf_model_supply(m, i)->node] = 1;
    for (int32_t n = 0; n < nn; n++)
        n_origins += has[n];
    p->origins = gf_calloc((size_t)n_origins + 1, sizeof *p->origins);
    if (!p->origins) {
        rc = GF_ENOMEM;
        goto out;
    }
    for (int32_t n = 0; n < nn; n++) {
        gf_plan_origin *o = &p->origins[p->n_origins];
        if (!has[n])
            continue;
        p->n_origins++;
        *o = (gf_plan_origin){.node = n, .best_market = -1, .first_link = -1};
        origin_best(m, &vs, o);
        origin_sales(p, o);
    }
out:
    values_fini(&vs);
    gf_free(has, 0);
    return rc ? gf_fail(err, rc, "out of memory valuing the origins") : GF_OK;
}

/* Received for own demand, shipped, and transshipped = shipped less what
 * was bought at the node itself, at most what arrived. */
static void hub_flows(gf_plan *p)
{
    const gf_model *m = p->model;

    for (int32_t k = 0; k < p->n_hubs; k++) {
        gf_plan_hub *h = &p->hubs[k];
        int64_t own_supply = 0;
        for (int32_t i = 0; i < p->n_markets; i++)
            if (p->markets[i].node == h->node)
                h->received_own_t += p->markets[i].delivered_t;
        for (int32_t i = 0; i < p->n_flows; i++)
            if (gf_model_link(m, p->flows[i].link)->from == h->node)
                h->shipped_t += p->flows[i].t;
        for (int32_t i = 0; i < p->n_routes; i++)
            if (gf_model_supply(m, p->routes[i].supply)->node == h->node)
                own_supply += p->routes[i].t;
        h->transshipped_t = h->shipped_t - own_supply;
        if (h->transshipped_t < 0)
            h->transshipped_t = 0;
        if (h->transshipped_t > h->throughput_t)
            h->transshipped_t = h->throughput_t;
    }
}

int gf__plan_figures(gf_plan *p, gf_error *err)
{
    int64_t landed = 0, *marginal;
    int rc;

    for (int32_t i = 0; i < p->n_market_sums; i++) {
        p->saving_cents += p->market_sums[i].alt_cents - p->market_sums[i].landed_cents;
        landed += p->market_sums[i].landed_cents;
    }
    p->landed_avg_cents = p->delivered_t > 0 ? (landed + p->delivered_t / 2) / p->delivered_t : 0;
    hub_flows(p);
    marginal = gf_malloc(((size_t)p->n_markets + 1) * sizeof *marginal);
    if (!marginal)
        return gf_fail(err, GF_ENOMEM, "out of memory valuing the origins");
    for (int32_t i = 0; i < p->n_markets; i++)
        marginal[p->markets[i].demand] = p->markets[i].landed_cents_per_t;
    rc = gf__plan_origins(p, marginal, err);
    gf_free(marginal, 0);
    return rc;
}

char *gf_tonnes_format(int64_t t, char *buf, unsigned long size)
{
    char raw[32];
    size_t n, o = 0;

    if (!size)
        return buf;
    snprintf(raw, sizeof raw, "%llu",
             (unsigned long long)(t < 0 ? (uint64_t)0 - (uint64_t)t : (uint64_t)t));
    n = strlen(raw);
    if (t < 0 && o + 1 < size)
        buf[o++] = '-';
    for (size_t k = 0; k < n && o + 2 < size; k++) {
        if (k && (n - k) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = raw[k];
    }
    buf[o] = '\0';
    return buf;
}
