/* src/network/network.c: build the time-expanded min-cost-flow network of a model.
 *
 * Nodes first (out copies, then in copies of throughput-limited nodes, then
 * source and sink), then arcs in a fixed order: supply, link, throughput,
 * storage, demand, spill, into plain arrays (network.h); no solver is touched
 * here. Every figure and the constant sum(alt x demand) are checked against
 * the solver's range here, so that a model too large fails before the solve
 * with a clear message. The arc count is known before the arcs are added
 * (count_size), so every array is allocated once. Period overrides (model.h)
 * bound a link arc and a throughput arc per period, and a node with a
 * throughput override is split like a limited one; a link arc costs
 * gf_model_link_cents_per_t (cost - subsidy + handling at the head). A model
 * the network simplex cannot plan (several products, conversions,
 * departures) is refused before anything is allocated.
 * A hub facility node (one with hub options, model.h) always gets its in/out
 * split with a throughput arc and a storage arc in every period, built with
 * the node's own figures (unlimited throughput, storage_t, possibly 0), so
 * that gf_network_set_hub (network_edit.c) can open it with any option or
 * close it by editing bounds alone, and one built network serves every
 * combination of choices (src/site/).
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "grainflow/alloc.h"
#include "grainflow/mcf.h" /* the solver's limits only */
#include "grainflow/network.h"
#include "network/network_int.h"

void gf_network_destroy(gf_network *net)
{
    size_t np, lp, na;

    if (!net)
        return;
    np = (size_t)gf_model_node_count(net->model) * (size_t)net->periods; /* as built: */
    lp = (size_t)gf_model_link_count(net->model) * (size_t)net->periods;
    np += !np; /* at least 1 entry */
    lp += !lp;
    na = (size_t)net->cap_arcs;
    gf__network_solver_destroy(net->solver);
    gf_free(net->out_node, np * sizeof(int32_t));
    gf_free(net->in_node, np * sizeof(int32_t));
    gf_free(net->through_arc, np * sizeof(int32_t));
    gf_free(net->storage_arc, np * sizeof(int32_t));
    gf_free(net->link_arc, lp * sizeof(int32_t));
    gf_free(net->supply_arc, ((size_t)gf_model_supply_count(net->model) + 1) * sizeof(int32_t));
    gf_free(net->demand_arc, ((size_t)gf_model_demand_count(net->model) + 1) * sizeof(int32_t));
    gf_free(net->tail, na * sizeof(int32_t));
    gf_free(net->head, na * sizeof(int32_t));
    gf_free(net->lower, na * sizeof(int64_t));
    gf_free(net->upper, na * sizeof(int64_t));
    gf_free(net->cost, na * sizeof(int64_t));
    gf_free(net->built_upper, na * sizeof(int64_t));
    gf_free(net->built_cost, na * sizeof(int64_t));
    gf_free(net->supply, (size_t)net->n_nodes * sizeof(int64_t));
    gf_free(net->arc_kind, na * sizeof(uint8_t));
    gf_free(net->is_changed, na * sizeof(uint8_t));
    gf_free(net->changed, na * sizeof(int32_t));
    gf_free(net->is_edited, na * sizeof(uint8_t));
    gf_free(net->edited, na * sizeof(int32_t));
    gf_free(net->arc_ref, na * sizeof(int32_t));
    gf_free(net->arc_period, na * sizeof(int32_t));
    gf_free(net, sizeof *net);
}

/* A node is split into in and out copies when its throughput is limited in
 * some period (a constant figure, or a node_periods override) or when it is
 * a hub facility (gf_network_set_hub sets its throughput arcs). */
static bool is_split(const gf_model *m, int32_t n)
{
    return gf_model_node(m, n)->throughput_t != GF_UNLIMITED || gf_model_node_has_override(m, n) ||
           gf_model_is_hub(m, n);
}

/* Node n has storage arcs: it can store, or it is a hub facility. */
static bool has_storage(const gf_model *m, int32_t n)
{
    return gf_model_node(m, n)->storage_t > 0 || gf_model_is_hub(m, n);
}

/* What the network simplex cannot plan (version 2, model.h): several
 * products, a link closed to the product, conversions, departures. A hub
 * facility is built with its throughput and storage arcs, so that
 * gf_network_set_hub opens or closes it (src/site/ enumerates the choices). */
static int check_plannable(const gf_model *m, gf_error *err)
{
    const char *why = NULL;

    if (gf_model_product_count(m) > 1)
        why = "several products";
    else if (gf_model_conversion_count(m) > 0)
        why = "conversions";
    for (int32_t l = 0; !why && l < gf_model_link_count(m); l++) {
        if (!gf_model_link_carries(m, l, 0))
            why = "a link that may not carry the product";
        else if (gf_model_link(m, l)->vessel_t > 0)
            why = "vessel departures";
    }
    if (why)
        return gf_fail(err, GF_EINVAL,
                       "this scenario has %s; the network simplex plans one product without "
                       "conversions or departures, and this one needs the LP/MIP solver",
                       why);
    return GF_OK;
}

/* Count nodes and arcs; GF_ELIMIT when the network would be too large. */
static int count_size(const gf_model *m, int64_t *n_nodes, int64_t *n_arcs, gf_error *err)
{
    int64_t p = gf_model_periods(m), nodes = 0, arcs = 0;

    for (int32_t n = 0; n < gf_model_node_count(m); n++) {
        nodes += is_split(m, n) ? 2 * p : p;
        arcs += (is_split(m, n) ? p : 0) + (has_storage(m, n) ? p : 0);
    }
    arcs += (int64_t)gf_model_link_count(m) * p + gf_model_supply_count(m) +
            gf_model_demand_count(m) + 1;
    nodes += 2;
    *n_nodes = nodes;
    *n_arcs = arcs;
    if (nodes > GF_MCF_MAX_NODES || arcs > GF_MCF_MAX_ARCS || arcs > INT32_MAX / 8)
        return gf_fail(err, GF_ELIMIT,
                       "the time-expanded network is too large (%lld nodes, %lld arcs); use "
                       "fewer periods or links",
                       (long long)nodes, (long long)arcs);
    return GF_OK;
}

static int alloc_arrays(gf_network *net, const gf_model *m, gf_error *err)
{
    size_t np = (size_t)gf_model_node_count(m) * (size_t)net->periods;
    size_t lp = (size_t)gf_model_link_count(m) * (size_t)net->periods;
    size_t na = (size_t)net->cap_arcs;

    net->out_node = gf_calloc(np ? np : 1, sizeof(int32_t));
    net->in_node = gf_calloc(np ? np : 1, sizeof(int32_t));
    net->through_arc = gf_calloc(np ? np : 1, sizeof(int32_t));
    net->storage_arc = gf_calloc(np ? np : 1, sizeof(int32_t));
    net->link_arc = gf_calloc(lp ? lp : 1, sizeof(int32_t));
    net->supply_arc = gf_calloc((size_t)gf_model_supply_count(m) + 1, sizeof(int32_t));
    net->demand_arc = gf_calloc((size_t)gf_model_demand_count(m) + 1, sizeof(int32_t));
    net->tail = gf_calloc(na, sizeof(int32_t));
    net->head = gf_calloc(na, sizeof(int32_t));
    net->lower = gf_calloc(na, sizeof(int64_t));
    net->upper = gf_calloc(na, sizeof(int64_t));
    net->cost = gf_calloc(na, sizeof(int64_t));
    net->built_upper = gf_calloc(na, sizeof(int64_t));
    net->built_cost = gf_calloc(na, sizeof(int64_t));
    net->supply = gf_calloc((size_t)net->n_nodes, sizeof(int64_t));
    net->arc_kind = gf_calloc(na, sizeof(uint8_t));
    net->is_changed = gf_calloc(na, sizeof(uint8_t));
    net->changed = gf_calloc(na, sizeof(int32_t));
    net->is_edited = gf_calloc(na, sizeof(uint8_t));
    net->edited = gf_calloc(na, sizeof(int32_t));
    net->arc_ref = gf_calloc(na, sizeof(int32_t));
    net->arc_period = gf_calloc(na, sizeof(int32_t));
    if (!net->out_node || !net->in_node || !net->through_arc || !net->storage_arc ||
        !net->link_arc || !net->supply_arc || !net->demand_arc || !net->tail || !net->head ||
        !net->lower || !net->upper || !net->cost || !net->built_upper || !net->built_cost ||
        !net->supply || !net->arc_kind || !net->is_changed || !net->changed || !net->is_edited ||
        !net->edited || !net->arc_ref || !net->arc_period)
        return gf_fail(err, GF_ENOMEM, "out of memory building the network");
    return GF_OK;
}

/* Number the out and in copies of every node and period. */
static void number_nodes(gf_network *net, const gf_model *m)
{
    int32_t p = net->periods, nn = gf_model_node_count(m), next = nn * p;

    for (int32_t n = 0; n < nn; n++) {
        bool split = is_split(m, n);
        for (int32_t t = 0; t < p; t++) {
            net->out_node[n * p + t] = n * p + t;
            net->in_node[n * p + t] = split ? next++ : n * p + t;
        }
    }
    net->source = next;
    net->sink = next + 1;
}

/* Append arc u -> v (upper GF_UNLIMITED: no capacity); count_size made room. */
static void add_arc(gf_network *net, int32_t u, int32_t v, int64_t upper, int64_t cost,
                    gf_arc_kind kind, int32_t ref, int32_t t, int32_t *id)
{
    int32_t e = net->n_arcs++;

    net->tail[e] = u;
    net->head[e] = v;
    net->upper[e] = net->built_upper[e] = upper;
    net->cost[e] = net->built_cost[e] = cost;
    net->arc_kind[e] = (uint8_t)kind;
    net->arc_ref[e] = ref;
    net->arc_period[e] = t;
    if (id)
        *id = e;
}

static int add_supply_arcs(gf_network *net, const gf_model *m, gf_error *err)
{
    int rc = GF_OK;

    net->total_supply_t = 0;
    for (int32_t i = 0; !rc && i < gf_model_supply_count(m); i++) {
        const gf_supply *s = gf_model_supply(m, i);
        if (__builtin_add_overflow(net->total_supply_t, s->t, &net->total_supply_t) ||
            net->total_supply_t > GF_MCF_MAX_VALUE)
            return gf_fail(err, GF_EOVERFLOW,
                           "total supply exceeds %lld t, the solver's integer range",
                           (long long)GF_MCF_MAX_VALUE);
        add_arc(net, net->source, net->out_node[s->node * net->periods + s->period], s->t,
                s->price_cents_per_t, GF_ARC_SUPPLY, i, s->period, &net->supply_arc[i]);
    }
    return rc;
}

static int add_link_arcs(gf_network *net, const gf_model *m, gf_error *err)
{
    int32_t p = net->periods;
    int rc = GF_OK;

    for (int32_t l = 0; !rc && l < gf_model_link_count(m); l++) {
        const gf_link *lk = gf_model_link(m, l);
        int64_t cost = gf_model_link_cents_per_t(m, l);
        if (cost > GF_MCF_MAX_VALUE)
            return gf_fail(err, GF_EOVERFLOW,
                           "link %s -> %s (line %ld): cost plus handling exceeds the solver's "
                           "integer range",
                           gf_model_node(m, lk->from)->id, gf_model_node(m, lk->to)->id, lk->line);
        for (int32_t t = 0; !rc && t < p; t++) {
            int32_t a = gf_model_arrival(m, l, t);
            net->link_arc[l * p + t] = -1;
            if (a < 0)
                continue;
            add_arc(net, net->out_node[lk->from * p + t], net->in_node[lk->to * p + a],
                    gf_model_link_capacity_at(m, l, t), cost, GF_ARC_LINK, l, t,
                    &net->link_arc[l * p + t]);
        }
    }
    return rc;
}

static void add_node_arcs(gf_network *net, const gf_model *m)
{
    int32_t p = net->periods;
    bool open = gf_model_horizon(m) == GF_HORIZON_OPEN;

    for (int32_t n = 0; n < gf_model_node_count(m); n++) {
        const gf_node *nd = gf_model_node(m, n);
        bool split = is_split(m, n);
        for (int32_t t = 0; t < p; t++) {
            int32_t k = n * p + t;
            net->through_arc[k] = -1;
            net->storage_arc[k] = -1;
            if (split)
                add_arc(net, net->in_node[k], net->out_node[k],
                        gf_model_node_throughput_at(m, n, t), 0, GF_ARC_THROUGHPUT, n, t,
                        &net->through_arc[k]);
            if (!has_storage(m, n) || (open && t == p - 1))
                continue;
            add_arc(net, net->out_node[k], net->out_node[n * p + (t + 1) % p], nd->storage_t,
                    nd->storage_cents_per_t, GF_ARC_STORAGE, n, t, &net->storage_arc[k]);
        }
    }
}

static int add_demand_arcs(gf_network *net, const gf_model *m, gf_error *err)
{
    int rc = GF_OK;

    net->constant_cents = 0;
    for (int32_t i = 0; !rc && i < gf_model_demand_count(m); i++) {
        const gf_demand *d = gf_model_demand(m, i);
        int64_t v;
        if (__builtin_mul_overflow(d->t, d->alt_cents_per_t, &v) ||
            __builtin_add_overflow(net->constant_cents, v, &net->constant_cents) ||
            net->constant_cents > ((int64_t)1 << 61))
            return gf_fail(err, GF_EOVERFLOW,
                           "demand x alternative price adds up beyond the solver's integer "
                           "range (2^61 cents) at demand line %ld",
                           d->line);
        add_arc(net, net->out_node[d->node * net->periods + d->period], net->sink, d->t,
                -d->alt_cents_per_t, GF_ARC_DEMAND, i, d->period, &net->demand_arc[i]);
    }
    return rc;
}

gf_network *gf_network_build(const gf_model *m, gf_error *err)
{
    gf_network *net = NULL;
    int64_t n_nodes = 0, n_arcs = 0;
    int rc;

    if (!m) {
        gf_fail(err, GF_EINVAL, "gf_network_build: NULL model");
        return NULL;
    }
    rc = check_plannable(m, err);
    if (!rc)
        rc = count_size(m, &n_nodes, &n_arcs, err);
    if (rc)
        return NULL;
    net = gf_calloc(1, sizeof *net);
    if (!net) {
        gf_fail(err, GF_ENOMEM, "out of memory building the network");
        return NULL;
    }
    net->model = m;
    net->periods = gf_model_periods(m);
    net->n_nodes = (int32_t)n_nodes;
    net->cap_arcs = (int32_t)n_arcs; /* an open horizon leaves some link arcs out */
    rc = alloc_arrays(net, m, err);
    if (rc)
        goto out;
    number_nodes(net, m);
    rc = add_supply_arcs(net, m, err);
    if (!rc)
        rc = add_link_arcs(net, m, err);
    if (!rc)
        add_node_arcs(net, m);
    if (!rc)
        rc = add_demand_arcs(net, m, err);
    if (!rc)
        add_arc(net, net->source, net->sink, GF_UNLIMITED, 0, GF_ARC_SPILL, -1, 0, &net->spill_arc);
    if (!rc) {
        net->supply[net->source] = net->total_supply_t;
        net->supply[net->sink] = -net->total_supply_t;
        net->built_supply_t = net->total_supply_t;
        net->built_constant_cents = net->constant_cents;
    }
out:
    if (rc) {
        gf_network_destroy(net);
        return NULL;
    }
    return net;
}
