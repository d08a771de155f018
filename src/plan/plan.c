/* src/plan/plan.c: solve a model and extract the plan from the solved network.
 *
 * Extraction reads each arc once, to list the arcs with flow (a what-if's
 * plan uses about a tenth of the arcs); every later step reads only that
 * list, by kind: supply arcs give procurement, link arcs transport,
 * handling, CO2 and the flows table, storage arcs the stocks, demand arcs
 * the deliveries, capacity arcs at their bound the bottlenecks, and the
 * route decomposition walks them alone. The unmet cost is sum alt x (demand - delivered)
 * and the breakdown must add up to the solver's objective plus the network's
 * constant, cent for cent, or the extraction fails with GF_EINTERNAL.
 * Extraction reads only the model (figures, names), the network's arc
 * meanings and bounds, and a gf_solution: it does not know which solver
 * filled the solution.
 *
 * Two stages. extract_core is the one pass above (costs, flows, stocks,
 * markets, bottlenecks, supply limits, peak stocks); derive builds on its
 * list of arcs with flow what the routes give (routes, market sums, the
 * corridor's figures and origins, plan_figures.c), which is most of a
 * warm what-if's time outside the solver. gf_plan_extract runs both. A
 * lazy plan (gf__plan_extract_lazy, for gf__whatif_solve_lazy) runs the
 * core only and keeps the list, the network and its flows (borrowed) in
 * its box until gf__plan_complete derives the rest, so a caller that reads
 * only the totals never pays for routes. What it borrows is only valid
 * until the network is next edited or solved: the what-if that handed the
 * plan out completes it first (gf__plan_settle), and marks it stale should
 * that fail. A completed plan is field for field the eager one (tested:
 * test_whatif_lazy_plans_equal_eager_ones).
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_int.h"
#include "grainflow/alloc.h"
#include "plan/plan_int.h"

char *gf_cents_format(int64_t cents, char *buf, unsigned long size)
{
    char t[GF__FMT_CAP];
    size_t n = gf__fmt_cents(t, cents);

    if (size > 0) { /* truncated and terminated, as snprintf would */
        n = n < size - 1 ? n : size - 1;
        memcpy(buf, t, n);
        buf[n] = '\0';
    }
    return buf;
}

static void drop_lazy(gf__plan_box *box);

void gf_plan_destroy(gf_plan *p)
{
    const gf__plan_caps *c;

    if (!p)
        return;
    drop_lazy((gf__plan_box *)(void *)p);
    c = gf__plan_caps_of(p);
    gf_free(((gf__plan_box *)(void *)p)->legs, c->legs * sizeof(gf_route_leg)); /* every route's */
    gf_free(p->flows, c->flows * sizeof *p->flows);
    gf_free(p->stocks, c->stocks * sizeof *p->stocks);
    gf_free(p->markets, c->markets * sizeof *p->markets);
    gf_free(p->bottlenecks, c->bottlenecks * sizeof *p->bottlenecks);
    gf_free(p->routes, c->routes * sizeof *p->routes);
    gf_free(p->market_sums, c->market_sums * sizeof *p->market_sums);
    gf_free(p->hubs, c->hubs * sizeof *p->hubs);
    gf_free(p->supply_limits, c->supply_limits * sizeof *p->supply_limits);
    gf_free(p->origins, c->origins * sizeof *p->origins);
    gf_free(p, sizeof(gf__plan_box));
}

/* Arc e's reduced cost: the solution's, or from the duals when a lean
 * solution has none (solution.h: the same definition). */
static int64_t reduced_cost(const gf_network *net, const gf_solution *sol, int32_t e)
{
    if (sol->reduced_cost)
        return sol->reduced_cost[e];
    return net->cost[e] + sol->dual[net->tail[e]] - sol->dual[net->head[e]];
}

/* A capacity arc at its (finite, nonzero) upper bound whose reduced cost
 * says more capacity would save money. */
static bool is_bottleneck(const gf_network *net, const gf_solution *sol, int32_t e)
{
    gf_arc_kind k = (gf_arc_kind)net->arc_kind[e];

    return (k == GF_ARC_LINK || k == GF_ARC_THROUGHPUT || k == GF_ARC_STORAGE) &&
           net->upper[e] != GF_UNLIMITED && net->upper[e] > 0 && sol->flow[e] == net->upper[e] &&
           reduced_cost(net, sol, e) < 0;
}

/* A node the plan reports in p->hubs: a hub or port, a store, a hub facility. */
static bool is_reported_hub(const gf_model *m, int32_t n)
{
    const gf_node *nd = gf_model_node(m, n);

    return nd->kind == GF_NODE_HUB || nd->kind == GF_NODE_PORT || nd->storage_t > 0 ||
           gf_model_is_hub(m, n);
}

/* Count what the arrays need and allocate them (at least 1 entry). Not
 * zeroed: each table is filled from its start, entry n_X written whole
 * before n_X grows, and nothing reads past n_X (zeroing the flows' and
 * supply limits' 20 KB was 20,000 of a what-if's instructions, callgrind
 * counting memset's rep stosb a byte at a time). used[0..n_used) are the
 * arcs with flow. */
static int alloc_tables(gf_plan *p, const gf_network *net, const gf_solution *sol,
                        const int32_t *used, int32_t n_used, gf_error *err)
{
    const gf_model *m = net->model;
    int32_t nf = 0, ns = 0, nh = 0, nb = 0;

    for (int32_t k = 0; k < n_used; k++) {
        int32_t e = used[k];
        nf += net->arc_kind[e] == GF_ARC_LINK;
        ns += net->arc_kind[e] == GF_ARC_STORAGE;
        nb += is_bottleneck(net, sol, e);
    }
    for (int32_t n = 0; n < gf_model_node_count(m); n++)
        nh += is_reported_hub(m, n);
    if (!GF__PLAN_ALLOC_RAW(p, flows, (size_t)nf + 1) ||
        !GF__PLAN_ALLOC_RAW(p, stocks, (size_t)ns + 1) ||
        !GF__PLAN_ALLOC_RAW(p, markets, (size_t)gf_model_demand_count(m) + 1) ||
        !GF__PLAN_ALLOC_RAW(p, bottlenecks, (size_t)nb + 1) ||
        !GF__PLAN_ALLOC_RAW(p, hubs, (size_t)nh + 1) ||
        !GF__PLAN_ALLOC_RAW(p, supply_limits, (size_t)gf_model_supply_count(m) + 1))
        return gf_fail(err, GF_ENOMEM, "out of memory extracting the plan");
    return GF_OK;
}

/* Costs, flows, stocks, CO2 and bought tonnes from the arcs with flow. */
static void read_arcs(gf_plan *p, const gf_network *net, const int64_t *x, const int32_t *used,
                      int32_t n_used)
{
    const gf_model *m = net->model;

    for (int32_t k = 0; k < n_used; k++) {
        int32_t e = used[k], ref = net->arc_ref[e], t = net->arc_period[e];
        switch ((gf_arc_kind)net->arc_kind[e]) {
        case GF_ARC_SUPPLY:
            p->cost.procurement += x[e] * gf_model_supply(m, ref)->price_cents_per_t;
            p->bought_t += x[e];
            break;
        case GF_ARC_LINK: {
            const gf_link *l = gf_model_link(m, ref);
            /* the shipper's freight: cost less a state's subsidy (model.h) */
            p->cost.transport += x[e] * (l->cost_cents_per_t - l->subsidy_cents_per_t);
            p->cost.handling += x[e] * gf_model_node(m, l->to)->handling_cents_per_t;
            p->co2_t += (double)x[e] * l->distance_km * l->co2_kg_per_tkm / 1000.0;
            p->flows[p->n_flows++] = (gf_plan_flow){ref, t, x[e]};
            break;
        }
        case GF_ARC_STORAGE:
            p->cost.storage += x[e] * gf_model_node(m, ref)->storage_cents_per_t;
            p->stocks[p->n_stocks++] = (gf_plan_stock){ref, t, x[e]};
            break;
        case GF_ARC_THROUGHPUT:
        case GF_ARC_DEMAND:
        case GF_ARC_SPILL:
            break;
        }
    }
}

static void read_markets(gf_plan *p, const gf_network *net, const gf_solution *sol)
{
    const gf_model *m = net->model;
    const int64_t *x = sol->flow, *pi = sol->dual;
    int32_t nd = gf_model_demand_count(m); /* once, not a call a row */

    for (int32_t i = 0; i < nd; i++) {
        const gf_demand *d = gf_model_demand(m, i);
        int32_t e = net->demand_arc[i];
        gf_plan_market *mk = &p->markets[i];
        mk->demand = i;
        mk->node = d->node;
        mk->period = d->period;
        mk->demand_t = d->t;
        mk->delivered_t = x[e];
        mk->unmet_t = d->t - x[e];
        mk->alt_cents_per_t = d->alt_cents_per_t;
        mk->landed_cents_per_t = pi[net->tail[e]] - pi[net->sink];
        p->demand_t += d->t;
        p->delivered_t += x[e];
        p->unmet_t += mk->unmet_t;
        p->cost.unmet += mk->unmet_t * d->alt_cents_per_t;
    }
    p->n_markets = nd;
}

static int cmp_bottleneck(const void *a, const void *b)
{
    const gf_plan_bottleneck *x = a, *y = b;

    if (x->shadow_cents_per_t != y->shadow_cents_per_t)
        return x->shadow_cents_per_t > y->shadow_cents_per_t ? -1 : 1;
    if (x->kind != y->kind)
        return (int)x->kind - (int)y->kind;
    if (x->ref != y->ref)
        return x->ref < y->ref ? -1 : 1;
    return x->period < y->period ? -1 : x->period > y->period;
}

/* Capacity arcs at their upper bound with a negative reduced cost (only
 * arcs with flow: the bound is > 0). */
static void read_bottlenecks(gf_plan *p, const gf_network *net, const gf_solution *sol,
                             const int32_t *used, int32_t n_used)
{
    for (int32_t i = 0; i < n_used; i++) {
        int32_t e = used[i];
        gf_arc_kind k = (gf_arc_kind)net->arc_kind[e];
        if (!is_bottleneck(net, sol, e))
            continue;
        p->bottlenecks[p->n_bottlenecks++] =
            (gf_plan_bottleneck){k == GF_ARC_LINK         ? GF_BOTTLENECK_LINK
                                 : k == GF_ARC_THROUGHPUT ? GF_BOTTLENECK_THROUGHPUT
                                                          : GF_BOTTLENECK_STORAGE,
                                 net->arc_ref[e],
                                 net->arc_period[e],
                                 sol->flow[e],
                                 net->upper[e],
                                 -reduced_cost(net, sol, e)};
    }
    if (p->n_bottlenecks > 1)
        qsort(p->bottlenecks, (size_t)p->n_bottlenecks, sizeof *p->bottlenecks, cmp_bottleneck);
}

/* sort_supply_limits(a, tmp, n): the supply limits by shadow price, highest
 * first, and the supply row on a tie (they are listed in row order, so a
 * stable sort by the shadow price alone gives that order). */
#define HIGHER_SHADOW(x, y) ((x)->shadow_cents_per_t > (y)->shadow_cents_per_t)
GF__DEFINE_MERGE_SORT(sort_supply_limits, gf_plan_supply_limit, HIGHER_SHADOW)
#undef HIGHER_SHADOW

/* Offers bought in full whose next tonne would save money: the value of a
 * tonne at the origin, pi[out(o,t)] - pi[sink], above its price. Measured from
 * the sink, not the source: when every offer is bought the source's potential
 * is not pinned down (the spill arc is empty), the sink's always is.
 * GF_ENOMEM. */
static int read_supply_limits(gf_plan *p, const gf_network *net, const gf_solution *sol,
                              gf_error *err)
{
    const int64_t *x = sol->flow, *pi = sol->dual;
    gf_plan_supply_limit *tmp;
    int32_t ns = gf_model_supply_count(net->model);

    for (int32_t i = 0; i < ns; i++) {
        int32_t e = net->supply_arc[i];
        int64_t v =
            pi[net->head[e]] - pi[net->sink] - gf_model_supply(net->model, i)->price_cents_per_t;
        if (x[e] == 0 || x[e] != net->upper[e] || v <= 0)
            continue;
        p->supply_limits[p->n_supply_limits++] = (gf_plan_supply_limit){i, x[e], v};
    }
    if (p->n_supply_limits < 2)
        return GF_OK;
    tmp = gf_malloc((size_t)p->n_supply_limits * sizeof *tmp);
    if (!tmp)
        return gf_fail(err, GF_ENOMEM, "out of memory extracting the plan");
    sort_supply_limits(p->supply_limits, tmp, p->n_supply_limits);
    gf_free(tmp, (size_t)p->n_supply_limits * sizeof *tmp);
    return GF_OK;
}

/* The hubs and their peak stocks; their tonnes are counted by
 * gf__plan_figures (plan_figures.c), in one pass over the flows. */
static void read_hubs(gf_plan *p, const gf_network *net, const int64_t *x)
{
    const gf_model *m = net->model;
    int32_t np = net->periods;

    for (int32_t n = 0; n < gf_model_node_count(m); n++) {
        gf_plan_hub *h;
        if (!is_reported_hub(m, n))
            continue;
        h = &p->hubs[p->n_hubs++];
        *h = (gf_plan_hub){.node = n, .peak_period = -1};
        for (int32_t t = 0; t < np; t++) {
            int32_t s = net->storage_arc[n * np + t];
            if (s >= 0 && x[s] > h->peak_stock_t) {
                h->peak_stock_t = x[s];
                h->peak_period = t;
            }
        }
    }
}

/* The arcs of net with flow, ascending, into a new array (gf_free with
 * n_arcs + 1 entries); every later step reads only these. NULL when out of
 * memory. */
static int32_t *arcs_used(const gf_network *net, const int64_t *x, int32_t *n_used)
{
    int32_t *used = gf_malloc(((size_t)net->n_arcs + 1) * sizeof *used), n = 0, e = 0;

    if (!used) {
        *n_used = 0;
        return NULL;
    }
    /* 1 arc in 60 carries flow on the default scenario: blocks of 8 flows
     * OR-ed together (one vector test) skip the empty ones */
    for (; e + 8 <= net->n_arcs; e += 8) {
        const int64_t *b = x + e;
        if ((b[0] | b[1] | b[2] | b[3] | b[4] | b[5] | b[6] | b[7]) == 0)
            continue;
        for (int32_t k = 0; k < 8; k++)
            if (b[k] != 0)
                used[n++] = e + k;
    }
    for (; e < net->n_arcs; e++)
        if (x[e] != 0)
            used[n++] = e;
    *n_used = n;
    return used;
}

/* The figures read in one pass over the arcs with flow and the rows: costs
 * (checked against the solver's objective), flows, stocks, markets,
 * bottlenecks, supply limits, the hubs' peak stocks. The plan keeps
 * *used (the arcs with flow, owned) for the derived figures. */
static gf_plan *extract_core(const gf_network *net, const gf_solution *sol, int32_t **used,
                             int32_t *n_used, gf_error *err)
{
    gf_plan *p = NULL;
    const int64_t *x;
    int rc;

    *used = NULL;
    *n_used = 0;
    if (!net || !sol || sol->status != GF_SOLVE_OPTIMAL || sol->n_arcs != net->n_arcs) {
        gf_fail(err, GF_ESTATE, "gf_plan_extract: the network is not solved to optimality");
        return NULL;
    }
    x = sol->flow;
    p = gf_calloc(1, sizeof(gf__plan_box)); /* its caps zeroed with it */
    if (!p) {
        gf_fail(err, GF_ENOMEM, "out of memory extracting the plan");
        return NULL;
    }
    p->model = net->model;
    p->status = sol->status;
    p->net_nodes = net->n_nodes;
    p->net_arcs = net->n_arcs;
    p->pivots = sol->pivots;
    p->solve_seconds = sol->solve_seconds;
    p->warm = sol->warm;
    *used = arcs_used(net, x, n_used);
    rc = *used ? alloc_tables(p, net, sol, *used, *n_used, err)
               : gf_fail(err, GF_ENOMEM, "out of memory extracting the plan");
    if (rc)
        goto out;
    read_arcs(p, net, x, *used, *n_used);
    read_markets(p, net, sol);
    read_bottlenecks(p, net, sol, *used, *n_used);
    rc = read_supply_limits(p, net, sol, err);
    if (rc)
        goto out;
    read_hubs(p, net, x);
    p->cost.total = p->cost.procurement + p->cost.transport + p->cost.handling + p->cost.storage +
                    p->cost.unmet;
    if (p->cost.total != sol->objective_cents + net->constant_cents)
        rc = gf_fail(err, GF_EINTERNAL,
                     "cost breakdown %lld does not match the solver objective %lld + %lld",
                     (long long)p->cost.total, (long long)sol->objective_cents,
                     (long long)net->constant_cents);
out:
    if (rc) {
        gf_free(*used, ((size_t)net->n_arcs + 1) * sizeof **used);
        *used = NULL;
        gf_plan_destroy(p);
        return NULL;
    }
    return p;
}

/* Empty the figures derive fills (after it failed part way). */
static void clear_derived(gf_plan *p)
{
    gf__plan_caps *c = gf__plan_caps_of(p);
    gf__plan_box *box = (gf__plan_box *)(void *)p;

    gf_free(box->legs, c->legs * sizeof *box->legs);
    gf_free(p->routes, c->routes * sizeof *p->routes);
    gf_free(p->market_sums, c->market_sums * sizeof *p->market_sums);
    gf_free(p->origins, c->origins * sizeof *p->origins);
    box->legs = NULL;
    p->routes = NULL;
    p->market_sums = NULL;
    p->origins = NULL;
    c->legs = c->routes = c->market_sums = c->origins = 0;
    p->n_routes = p->n_market_sums = p->n_origins = 0;
    p->saving_cents = p->landed_avg_cents = 0;
    for (int32_t k = 0; k < p->n_hubs; k++) {
        gf_plan_hub *h = &p->hubs[k];
        h->throughput_t = h->received_own_t = h->transshipped_t = h->shipped_t = 0;
    }
}

/* What the routes give: the routes, the market sums, the corridor's figures. */
static int derive(gf_plan *p, const gf_network *net, const int64_t *x, const int32_t *used,
                  int32_t n_used, gf_error *err)
{
    int rc = gf__plan_routes(p, net, x, used, n_used, err);

    if (!rc)
        rc = gf__plan_market_sums(p, err);
    if (!rc)
        rc = gf__plan_figures(p, err);
    if (rc)
        clear_derived(p);
    return rc;
}

gf_plan *gf_plan_extract(const gf_network *net, const gf_solution *sol, gf_error *err)
{
    int32_t *used, n_used;
    gf_plan *p = extract_core(net, sol, &used, &n_used, err);
    int rc = p ? derive(p, net, sol->flow, used, n_used, err) : GF_OK;

    if (p)
        gf_free(used, ((size_t)net->n_arcs + 1) * sizeof *used);
    if (rc) {
        gf_plan_destroy(p);
        return NULL;
    }
    return p;
}

gf_plan *gf__plan_extract_lazy(const gf_network *net, const gf_solution *sol, gf_error *err)
{
    int32_t *used, n_used;
    gf_plan *p = extract_core(net, sol, &used, &n_used, err);
    gf__plan_box *box = (gf__plan_box *)(void *)p;

    if (!p)
        return NULL;
    box->lazy_net = net;
    box->lazy_x = sol->flow;
    box->lazy_used = used;
    box->lazy_n_used = n_used;
    return p;
}

/* Forget what a lazy plan borrows; it is complete or stale afterwards. */
static void drop_lazy(gf__plan_box *box)
{
    if (box->lazy_net)
        gf_free(box->lazy_used, ((size_t)box->lazy_net->n_arcs + 1) * sizeof *box->lazy_used);
    box->lazy_net = NULL;
    box->lazy_x = NULL;
    box->lazy_used = NULL;
    box->lazy_n_used = 0;
    if (box->watch && *box->watch == &box->plan)
        *box->watch = NULL;
    box->watch = NULL;
}

int gf__plan_complete(gf_plan *p, gf_error *err)
{
    gf__plan_box *box = (gf__plan_box *)(void *)p;
    int rc;

    if (!p)
        return gf_fail(err, GF_EINVAL, "gf__plan_complete: NULL plan");
    if (box->stale)
        return gf_fail(err, GF_ESTATE,
                       "the plan's routes and figures were not derived before its what-if "
                       "changed (out of memory then): solve it again");
    if (!box->lazy_net)
        return GF_OK;
    rc = derive(p, box->lazy_net, box->lazy_x, box->lazy_used, box->lazy_n_used, err);
    if (!rc)
        drop_lazy(box);
    return rc;
}

void gf__plan_watch(gf_plan *p, gf_plan **slot)
{
    gf__plan_box *box = (gf__plan_box *)(void *)p;

    box->watch = slot;
    *slot = p;
}

void gf__plan_settle(gf_plan **slot)
{
    gf_plan *p = *slot;

    if (!p)
        return;
    if (gf__plan_complete(p, NULL)) {
        ((gf__plan_box *)(void *)p)->stale = true;
        drop_lazy((gf__plan_box *)(void *)p);
    }
    *slot = NULL;
}

/* Solve net into sol and extract; GF_EINTERNAL when no optimum is reached. */
gf_plan *gf__plan_solve_into(gf_network *net, gf_solution *sol, gf_error *err)
{
    if (!net) {
        gf_fail(err, GF_EINVAL, "gf_plan_solve_network: NULL network");
        return NULL;
    }
    if (gf_network_solve(net, sol, err))
        return NULL;
    if (sol->status != GF_SOLVE_OPTIMAL) {
        gf_fail(err, GF_EINTERNAL, "the solver stopped without an optimum (%s)",
                gf_solve_status_name(sol->status));
        return NULL;
    }
    return gf_plan_extract(net, sol, err);
}

gf_plan *gf_plan_solve_network(gf_network *net, gf_error *err)
{
    gf_solution sol = {0};
    gf_plan *p = gf__plan_solve_into(net, &sol, err);

    gf_solution_fini(&sol);
    return p;
}

gf_plan *gf_plan_solve(const gf_model *m, gf_error *err)
{
    gf_network *net = gf_network_build(m, err);
    gf_plan *p = net ? gf_plan_solve_network(net, err) : NULL;

    gf_network_destroy(net);
    return p;
}

void gf_plan_market_figures(const gf_plan_market_sum *s, gf_market_figures *f)
{
    f->has_landed = s->delivered_t > 0;
    f->landed_usd = f->has_landed ? (double)s->landed_cents / 100.0 / (double)s->delivered_t : 0;
    f->alt_usd = s->demand_t > 0 ? (double)s->alt_all_cents / 100.0 / (double)s->demand_t : 0;
    f->saving_usd = f->has_landed
                        ? (double)(s->alt_cents - s->landed_cents) / 100.0 / (double)s->delivered_t
                        : 0;
}
