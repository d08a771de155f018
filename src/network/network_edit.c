/* src/network/network_edit.c: edit a built network in place, for a warm re-solve.
 *
 * Every change goes through set_figures, which writes the arc's new upper
 * bound or cost and lists the arc once in net->changed; the solver adapter
 * (network_solve.c) passes exactly those arcs to the solver before its next
 * solve, which keeps the basis. Closing is setting the upper bound to 0, so
 * the network stays feasible (spill and unmet demand have no bound), and
 * gf_network_reset reopens everything from the figures as built. This file
 * holds the one implementation of "close a node" that compare and what-ifs
 * share: no arrivals at, departures from, storage out of, throughput of,
 * supply or deliveries at the node's copies in the chosen periods; a
 * close_node edit with a list of periods closes them all in one pass over
 * the links and rows (gf__network_close_node_periods), not one pass a
 * period (bench/whatif.sh's 8-period closure: 0.32 to 0.05 M instructions).
 * gf_network_set_hub opens a hub facility with one option or closes it by
 * the bounds of its throughput and storage arcs alone (network.c builds
 * both for every hub node): a hub has no supply or demand rows, and every
 * tonne arriving passes its throughput arc, so a closed throughput and
 * storage closes the node as gf_network_close_node does (tested), in
 * O(periods) edits instead of a scan of every arc per combination.
 * Also "close its transshipment" (gf_network_close_transit): only the side of
 * its link arcs that carries tonnes passing through. gf_network_set_costs
 * is gf_network_set_cost for a whole vector (a sweep's run), checked first
 * and written in one pass, without a call and a range check per arc.
 * Every setter checks a value once (check_cost, check_upper) and writes it
 * with put_cost / put_upper; gf_network_sync_link checks a link's cost and
 * capacity once for all its periods, as a scale_freight what-if syncs
 * every link of a mode.
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "grainflow/alloc.h"
#include "model/model_int.h"
#include "network/network_int.h"

/* List e for the solver (its next solve takes the new figures). */
static inline void mark_changed(gf_network *net, int32_t e)
{
    if (net->is_changed[e])
        return;
    net->is_changed[e] = 1;
    net->changed[net->n_changed++] = e; /* each arc at most once: n_changed <= n_arcs */
}

/* e's figures were edited: listed for gf_network_reset and for the solver.
 * Inline in the setters below, which a what-if calls once per arc it
 * edits (thousands: a scale_freight of one mode). */
static inline void mark(gf_network *net, int32_t e)
{
    if (!net->is_edited[e]) { /* for gf_network_reset: only these can differ */
        net->is_edited[e] = 1;
        net->edited[net->n_edited++] = e;
    }
    mark_changed(net, e);
}

void gf__network_mark(gf_network *net, int32_t e)
{
    mark(net, e);
}

/* The lists of mark() held in locals over a loop of many arcs (a link's
 * periods, a reset): a store into a flag array (uint8_t) may alias any
 * field of net, so mark() reloads every pointer and count after each one;
 * through locals the compiler keeps them in registers (callgrind: about
 * 14 instructions an arc down to 6). marks_end writes the counts back. */
typedef struct marks {
    uint8_t *is_edited, *is_changed;
    int32_t *edited, *changed;
    int32_t n_edited, n_changed;
} marks;

static inline marks marks_begin(const gf_network *net)
{
    return (marks){net->is_edited, net->is_changed, net->edited,
                   net->changed,   net->n_edited,   net->n_changed};
}

static inline void marks_end(gf_network *net, const marks *k)
{
    net->n_edited = k->n_edited;
    net->n_changed = k->n_changed;
}

/* mark(net, e) through k: edited (when edited is set) and changed. */
static inline void marks_put(marks *k, int32_t e, bool edited)
{
    if (edited && !k->is_edited[e]) {
        k->is_edited[e] = 1;
        k->edited[k->n_edited++] = e;
    }
    if (!k->is_changed[e]) {
        k->is_changed[e] = 1;
        k->changed[k->n_changed++] = e;
    }
}

static int check_arc(const gf_network *net, int32_t arc, const char *fn, gf_error *err)
{
    if (!net || arc < 0 || arc >= net->n_arcs)
        return gf_fail(err, GF_EINVAL, "%s: no arc %d in the network", fn, (int)arc);
    return GF_OK;
}

/* The one range check of an arc cost and of an upper bound. */
static int check_cost(int64_t cents_per_t, gf_error *err)
{
    if (cents_per_t > GF_MODEL_MAX_VALUE || cents_per_t < -GF_MODEL_MAX_VALUE)
        return gf_fail(err, GF_EOVERFLOW,
                       "an arc cost of %lld cents exceeds the solver's integer range (2^50)",
                       (long long)cents_per_t);
    return GF_OK;
}

static int check_upper(int64_t upper_t, gf_error *err)
{
    if ((upper_t < 0 && upper_t != GF_UNLIMITED) || upper_t > GF_MODEL_MAX_VALUE)
        return gf_fail(err, GF_EINVAL,
                       "an arc bound must be 0..2^50 tonnes or unlimited (got %lld)",
                       (long long)upper_t);
    return GF_OK;
}

/* Write a checked cost or bound into arc e, listing e when it changes. */
static inline void put_cost(gf_network *net, int32_t e, int64_t cents_per_t)
{
    if (net->cost[e] != cents_per_t) {
        net->cost[e] = cents_per_t;
        mark(net, e);
    }
}

static inline void put_upper(gf_network *net, int32_t e, int64_t upper_t)
{
    if (net->upper[e] != upper_t) {
        net->upper[e] = upper_t;
        mark(net, e);
    }
}

int gf_network_set_cost(gf_network *net, int32_t arc, int64_t cents_per_t, gf_error *err)
{
    int rc = check_arc(net, arc, "gf_network_set_cost", err);

    if (!rc)
        rc = check_cost(cents_per_t, err);
    if (!rc)
        put_cost(net, arc, cents_per_t);
    return rc;
}

int gf_network_set_costs(gf_network *net, int32_t n, const int32_t *arcs,
                         const int64_t *cents_per_t, gf_error *err)
{
    if (!net || n < 0 || (n > 0 && (!arcs || !cents_per_t)))
        return gf_fail(err, GF_EINVAL, "gf_network_set_costs: NULL argument or n < 0");
    for (int32_t i = 0; i < n; i++) { /* check everything before changing anything */
        int rc;
        if (arcs[i] < 0 || arcs[i] >= net->n_arcs)
            return gf_fail(err, GF_EINVAL,
                           "gf_network_set_costs: entry %ld: no arc %ld in the network", (long)i,
                           (long)arcs[i]);
        if ((rc = check_cost(cents_per_t[i], err)))
            return rc;
    }
    for (int32_t i = 0; i < n; i++)
        put_cost(net, arcs[i], cents_per_t[i]);
    return GF_OK;
}

int gf_network_set_upper(gf_network *net, int32_t arc, int64_t upper_t, gf_error *err)
{
    int rc = check_arc(net, arc, "gf_network_set_upper", err);

    if (!rc)
        rc = check_upper(upper_t, err);
    if (!rc)
        put_upper(net, arc, upper_t);
    return rc;
}

int gf_network_set_supply(gf_network *net, int32_t node, int64_t b, gf_error *err)
{
    if (!net || node < 0 || node >= net->n_nodes)
        return gf_fail(err, GF_EINVAL, "gf_network_set_supply: no node %d in the network",
                       (int)node);
    if (b > GF_MODEL_MAX_VALUE || b < -GF_MODEL_MAX_VALUE)
        return gf_fail(err, GF_EOVERFLOW, "a node supply of %lld t exceeds 2^50", (long long)b);
    if (net->supply[node] != b) {
        net->supply[node] = b;
        net->supply_changed = true;
    }
    return GF_OK;
}

int gf_network_close_arc(gf_network *net, int32_t arc, gf_error *err)
{
    return arc < 0 ? GF_OK : gf_network_set_upper(net, arc, 0, err);
}

int gf_network_close_link(gf_network *net, int32_t link, int32_t t, gf_error *err)
{
    int32_t p;
    int rc = GF_OK;

    if (!net || link < 0 || link >= gf_model_link_count(net->model) || t < -1 || t >= net->periods)
        return gf_fail(err, GF_EINVAL, "gf_network_close_link: bad link or period");
    p = net->periods;
    for (int32_t d = t < 0 ? 0 : t; !rc && d < (t < 0 ? p : t + 1); d++)
        rc = gf_network_close_arc(net, net->link_arc[link * p + d], err);
    return rc;
}

/* Every period at once: each arc that touches a copy of n, in one pass. */
static int close_node_all(gf_network *net, int32_t n, gf_error *err)
{
    int rc = GF_OK;

    for (int32_t e = 0; !rc && e < net->n_arcs; e++)
        if (net->arc_kind[e] != GF_ARC_SPILL && gf_network_arc_touches(net, e, n))
            rc = gf_network_close_arc(net, e, err);
    return rc;
}

/* t is one of periods[0..n). */
static bool in_periods(const int32_t *periods, int32_t n, int32_t t)
{
    for (int32_t k = 0; k < n; k++)
        if (periods[k] == t)
            return true;
    return false;
}

int gf__network_close_node_periods(gf_network *net, int32_t node, const int32_t *periods, int32_t n,
                                   gf_error *err)
{
    const gf_model *m;
    int32_t p;
    int rc = GF_OK;

    if (!net || node < 0 || node >= gf_model_node_count(net->model) || n < 0 || (n && !periods))
        return gf_fail(err, GF_EINVAL, "gf_network_close_node: bad node or periods");
    if (n == 0)
        return close_node_all(net, node, err);
    m = net->model;
    p = net->periods;
    for (int32_t k = 0; k < n; k++)
        if (periods[k] < 0 || periods[k] >= p)
            return gf_fail(err, GF_EINVAL, "gf_network_close_node: bad node or period");
    for (int32_t k = 0; !rc && k < n; k++) {
        rc = gf_network_close_arc(net, net->storage_arc[node * p + periods[k]], err);
        if (!rc)
            rc = gf_network_close_arc(net, net->through_arc[node * p + periods[k]], err);
    }
    for (int32_t l = 0; !rc && l < gf_model_link_count(m); l++) {
        const gf_link *lk = gf_model_link(m, l);
        for (int32_t k = 0; !rc && lk->from == node && k < n; k++)
            rc = gf_network_close_arc(net, net->link_arc[l * p + periods[k]], err);
        for (int32_t d = 0; !rc && lk->to == node && d < p; d++)
            if (in_periods(periods, n, gf_model_arrival(m, l, d)))
                rc = gf_network_close_arc(net, net->link_arc[l * p + d], err);
    }
    for (int32_t i = 0; !rc && i < gf_model_supply_count(m); i++) {
        const gf_supply *s = gf_model_supply(m, i);
        if (s->node == node && in_periods(periods, n, s->period))
            rc = gf_network_close_arc(net, net->supply_arc[i], err);
    }
    for (int32_t i = 0; !rc && i < gf_model_demand_count(m); i++) {
        const gf_demand *d = gf_model_demand(m, i);
        if (d->node == node && in_periods(periods, n, d->period))
            rc = gf_network_close_arc(net, net->demand_arc[i], err);
    }
    return rc;
}

int gf_network_close_node(gf_network *net, int32_t node, int32_t t, gf_error *err)
{
    if (!net || node < 0 || node >= gf_model_node_count(net->model) || t < -1 || t >= net->periods)
        return gf_fail(err, GF_EINVAL, "gf_network_close_node: bad node or period");
    return t < 0 ? close_node_all(net, node, err)
                 : gf__network_close_node_periods(net, node, &t, 1, err);
}

/* The option's throughput in period t, capped by a node_periods override
 * of that period (one that closes the node then keeps the hub closed). */
static int64_t hub_throughput(const gf_model *m, int32_t node, const gf_hub_option *o, int32_t t)
{
    int64_t at = gf_model_node_throughput_at(m, node, t);

    if (!gf_model_node_has_override(m, node) || at == gf_model_node(m, node)->throughput_t ||
        at == GF_UNLIMITED)
        return o->throughput_t;
    return at < o->throughput_t ? at : o->throughput_t;
}

int gf_network_set_hub(gf_network *net, int32_t node, int32_t option, gf_error *err)
{
    const gf_hub_option *o = NULL;
    int32_t p;
    int rc = GF_OK;

    if (!net || node < 0 || node >= gf_model_node_count(net->model) ||
        !gf_model_is_hub(net->model, node))
        return gf_fail(err, GF_EINVAL, "gf_network_set_hub: node %d is not a hub facility",
                       (int)node);
    if (option >= 0) {
        o = option < gf_model_hub_option_count(net->model) ? gf_model_hub_option(net->model, option)
                                                           : NULL;
        if (!o || o->node != node)
            return gf_fail(err, GF_EINVAL, "gf_network_set_hub: option %d is not one of node %s",
                           (int)option, gf_model_node(net->model, node)->id);
    }
    p = net->periods;
    for (int32_t t = 0; !rc && t < p; t++) {
        int32_t th = net->through_arc[node * p + t], st = net->storage_arc[node * p + t];
        rc = gf_network_set_upper(net, th, o ? hub_throughput(net->model, node, o, t) : 0, err);
        if (!rc && st >= 0) /* an open horizon has none out of the last period */
            rc = gf_network_set_upper(net, st, o ? o->storage_t : 0, err);
    }
    return rc;
}

int gf_network_transit_side(const gf_network *net, int32_t node, bool *departs, gf_error *err)
{
    if (!net || !departs || node < 0 || node >= gf_model_node_count(net->model))
        return gf_fail(err, GF_EINVAL, "gf_network_transit_side: bad node");
    return gf__model_transit_side(net->model, node, departs, err);
}

int gf_network_close_transit(gf_network *net, int32_t node, gf_error *err)
{
    bool departs;
    int rc = gf_network_transit_side(net, node, &departs, err);

    for (int32_t l = 0; !rc && l < gf_model_link_count(net->model); l++) {
        const gf_link *lk = gf_model_link(net->model, l);
        if ((departs ? lk->from : lk->to) == node)
            rc = gf_network_close_link(net, l, -1, err);
    }
    return rc;
}

bool gf_network_arc_touches(const gf_network *net, int32_t arc, int32_t node)
{
    int32_t u = net->tail[arc], v = net->head[arc], p = net->periods;
    int32_t first = node * p;

    /* out copies of node are first..first+p-1; in copies are listed per period */
    if ((u >= first && u < first + p) || (v >= first && v < first + p))
        return true;
    for (int32_t t = 0; t < p && net->in_node[first + t] != first + t; t++)
        if (u == net->in_node[first + t] || v == net->in_node[first + t])
            return true;
    return false;
}

int gf_network_set_handling(gf_network *net, int32_t node, int64_t cents_per_t, gf_error *err)
{
    const gf_model *m;
    int32_t p;
    int rc = GF_OK;

    if (!net || node < 0 || node >= gf_model_node_count(net->model))
        return gf_fail(err, GF_EINVAL, "gf_network_set_handling: bad node");
    m = net->model;
    p = net->periods;
    for (int32_t l = 0; !rc && l < gf_model_link_count(m); l++) {
        const gf_link *lk = gf_model_link(m, l);
        if (lk->to != node)
            continue;
        for (int32_t t = 0; !rc && t < p; t++)
            if (net->link_arc[l * p + t] >= 0)
                rc = gf_network_set_cost(
                    net, net->link_arc[l * p + t],
                    lk->cost_cents_per_t - lk->subsidy_cents_per_t + cents_per_t, err);
    }
    return rc;
}

/* GF_ESTATE when nd needs arcs the network was built without. */
static int check_structure(const gf_network *net, int32_t n, const gf_node *nd, gf_error *err)
{
    int32_t p = net->periods;
    bool open = gf_model_horizon(net->model) == GF_HORIZON_OPEN;
    bool has_in = net->in_node[n * p] != net->out_node[n * p];
    bool has_storage = false, wants_storage = nd->storage_t > 0 && !(open && p == 1);

    for (int32_t t = 0; t < p; t++)
        has_storage = has_storage || net->storage_arc[n * p + t] >= 0;
    if ((nd->throughput_t != GF_UNLIMITED && !has_in) || (wants_storage && !has_storage))
        return gf_fail(err, GF_ESTATE,
                       "node %s now needs a throughput or storage arc the network was built "
                       "without; rebuild the network",
                       nd->id);
    return GF_OK;
}

int gf_network_sync_node(gf_network *net, int32_t node, gf_error *err)
{
    const gf_node *nd;
    int32_t p;
    int rc;

    if (!net || node < 0 || node >= gf_model_node_count(net->model))
        return gf_fail(err, GF_EINVAL, "gf_network_sync_node: bad node");
    nd = gf_model_node(net->model, node);
    p = net->periods;
    rc = check_structure(net, node, nd, err);
    if (!rc)
        rc = gf_network_set_handling(net, node, nd->handling_cents_per_t, err);
    for (int32_t t = 0; !rc && t < p; t++) {
        int32_t th = net->through_arc[node * p + t], st = net->storage_arc[node * p + t];
        if (th >= 0) /* period overrides (node_periods.csv) apply */
            rc = gf_network_set_upper(net, th, gf_model_node_throughput_at(net->model, node, t),
                                      err);
        if (!rc && st >= 0)
            rc = gf_network_set_upper(net, st, nd->storage_t, err);
        if (!rc && st >= 0)
            rc = gf_network_set_cost(net, st, nd->storage_cents_per_t, err);
    }
    return rc;
}

/* put_cost and put_upper of each period's arc of link, through locals;
 * called with per_period constant, so that the loop without period
 * overrides has no test for them. */
static inline __attribute__((always_inline)) void
put_link_arcs(gf_network *net, int32_t link, int64_t cost, int64_t cap, bool per_period)
{
    int32_t p = net->periods;
    const int32_t *arc = &net->link_arc[link * p];
    int64_t *c = net->cost, *u = net->upper;
    marks k = marks_begin(net);

    for (int32_t t = 0; t < p; t++) {
        int32_t e = arc[t];
        int64_t up = per_period ? gf_model_link_capacity_at(net->model, link, t) : cap;
        if (e >= 0 && (c[e] != cost || u[e] != up)) {
            c[e] = cost;
            u[e] = up;
            marks_put(&k, e, true);
        }
    }
    marks_end(net, &k);
}

/* A scale_freight edit syncs every link of a mode (about 200 on the default
 * scenario, 52 periods each): the cost is the same in every period and,
 * without period overrides, so is the capacity, so both are checked once and
 * written straight into the arcs (put_cost, put_upper), not through a
 * checked call per arc and a capacity lookup per period. */
int gf_network_sync_link(gf_network *net, int32_t link, gf_error *err)
{
    const gf_model *m;
    bool per_period;
    int64_t cost, cap;
    int32_t p;
    int rc;

    if (!net || link < 0 || link >= gf_model_link_count(net->model))
        return gf_fail(err, GF_EINVAL, "gf_network_sync_link: bad link");
    m = net->model;
    p = net->periods;
    cost = gf_model_link_cents_per_t(m, link);
    cap = gf_model_link(m, link)->capacity_t;
    per_period = gf_model_link_period_count(m) > 0; /* link_periods.csv may vary it */
    rc = check_cost(cost, err);
    for (int32_t t = 0; !rc && t < (per_period ? p : 1); t++)
        rc = check_upper(per_period ? gf_model_link_capacity_at(m, link, t) : cap, err);
    if (!rc && per_period)
        put_link_arcs(net, link, cost, cap, true);
    else if (!rc)
        put_link_arcs(net, link, cost, cap, false);
    return rc;
}

/* The total supply and constant_cents from the model's rows, once per solve
 * after rows were synced (a scale edit syncs every row: O(rows), not O(rows^2)). */
int gf__network_refresh_totals(gf_network *net, gf_error *err)
{
    const gf_model *m = net->model;
    int64_t total = 0, constant = 0, v;

    if (!net->totals_stale)
        return GF_OK;
    for (int32_t i = 0; i < gf_model_supply_count(m); i++)
        if (__builtin_add_overflow(total, gf_model_supply(m, i)->t, &total) ||
            total > GF_MODEL_MAX_VALUE)
            return gf_fail(err, GF_EOVERFLOW,
                           "total supply exceeds %lld t, the solver's integer range",
                           (long long)GF_MODEL_MAX_VALUE);
    for (int32_t i = 0; i < gf_model_demand_count(m); i++) {
        const gf_demand *d = gf_model_demand(m, i);
        if (__builtin_mul_overflow(d->t, d->alt_cents_per_t, &v) ||
            __builtin_add_overflow(constant, v, &constant) || constant > ((int64_t)1 << 61))
            return gf_fail(err, GF_EOVERFLOW,
                           "demand x alternative price adds up beyond the solver's integer "
                           "range (2^61 cents) at demand line %ld",
                           d->line);
    }
    if (total != net->total_supply_t) {
        net->total_supply_t = total;
        net->supply[net->source] = total;
        net->supply[net->sink] = -total;
        net->supply_changed = true;
    }
    net->constant_cents = constant;
    net->totals_stale = false;
    return GF_OK;
}

int gf_network_sync_supply(gf_network *net, int32_t row, gf_error *err)
{
    const gf_supply *s;
    int rc;

    if (!net || row < 0 || row >= gf_model_supply_count(net->model))
        return gf_fail(err, GF_EINVAL, "gf_network_sync_supply: bad row");
    s = gf_model_supply(net->model, row);
    rc = gf_network_set_upper(net, net->supply_arc[row], s->t, err);
    if (!rc)
        rc = gf_network_set_cost(net, net->supply_arc[row], s->price_cents_per_t, err);
    net->totals_stale = net->totals_stale || !rc;
    return rc;
}

int gf_network_sync_demand(gf_network *net, int32_t row, gf_error *err)
{
    const gf_demand *d;
    int rc;

    if (!net || row < 0 || row >= gf_model_demand_count(net->model))
        return gf_fail(err, GF_EINVAL, "gf_network_sync_demand: bad row");
    d = gf_model_demand(net->model, row);
    rc = gf_network_set_upper(net, net->demand_arc[row], d->t, err);
    if (!rc)
        rc = gf_network_set_cost(net, net->demand_arc[row], -d->alt_cents_per_t, err);
    net->totals_stale = net->totals_stale || !rc;
    return rc;
}

int gf_network_reset(gf_network *net, gf_error *err)
{
    if (!net)
        return gf_fail(err, GF_EINVAL, "gf_network_reset: NULL network");
    {
        int64_t *u = net->upper, *c = net->cost;
        const int64_t *bu = net->built_upper, *bc = net->built_cost;
        marks k = marks_begin(net);
        for (int32_t i = 0; i < k.n_edited; i++) {
            int32_t e = k.edited[i];
            if (u[e] != bu[e] || c[e] != bc[e]) {
                u[e] = bu[e];
                c[e] = bc[e];
                marks_put(&k, e, false);
            }
        }
        marks_end(net, &k);
    }
    if (net->n_edited > net->n_arcs / 16) /* as take_changes (network_solve.c) clears */
        memset(net->is_edited, 0, (size_t)net->n_arcs);
    else
        for (int32_t i = 0; i < net->n_edited; i++)
            net->is_edited[net->edited[i]] = 0;
    net->n_edited = 0;
    if (net->total_supply_t != net->built_supply_t) {
        net->total_supply_t = net->built_supply_t;
        net->supply[net->source] = net->built_supply_t;
        net->supply[net->sink] = -net->built_supply_t;
        net->supply_changed = true;
    }
    net->constant_cents = net->built_constant_cents;
    net->totals_stale = false;
    return GF_OK;
}
