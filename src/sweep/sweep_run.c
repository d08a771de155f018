/* src/sweep/sweep_run.c: one worker: apply a run's values, solve warm, read the results.
 *
 * A worker builds the network of the sweep's model once. A run starts from
 * the model's figures (link cost, handling, supply and demand tonnes,
 * alternative price), applies each parameter to its targets in spec order
 * (multiply: v x micro / 10^6 in 128-bit integers, halves away from zero;
 * add: + cents), and writes what changed into the network through network.h's
 * edit calls, as deltas on the built arc costs (an arc of link l into node n
 * costs built + (cost'(l) - cost(l)) + (handling'(n) - handling(n))), the
 * supply and demand bounds, the source and sink supplies (the new total
 * offer) and the demand arcs' costs (-alt). Event closures go last
 * (gf_network_close_node / _link), since a figure written after a closure
 * would reopen the arc.
 *
 * Between runs the network is not reset: every run changes nearly every
 * link arc's cost (a mode multiplier reaches ~28,000 of the default
 * scenario's 29,589 arcs), so resetting them only to write them again
 * doubled the edits. A row written by an earlier run and not changed by
 * this one gets the model's figure back instead (SW_WRITTEN); only a run
 * that closed something (an event) or stopped half-written ends with
 * gf_network_reset (and the source's supply put back).
 *
 * Which basis a run starts from. The last run's basis is often a poor
 * start: a sea-freight multiplier that crosses the value where the corridor
 * changes route costs ~1,350 pivots from the other side's basis and ~30
 * from one on the same side (a sorted grid of 1,000 sea values: 35 warm
 * pivots a run; the same values shuffled: 500). So a worker keeps the
 * bases of up to SW_BASES earlier runs of its chain with their inputs,
 * and starts each run from the one whose inputs are nearest (each
 * parameter in units of its P10-P90 spread, squared; an event that
 * differs counts SW_EVENT_DISTANCE), replacing that one by the new
 * basis once the slots are full. Measured on examples/sweep-freight-fob.json,
 * 10,000 runs (chains of 256): 732 pivots a run from the last basis, 420
 * with 16 bases, 362 with 32, 316 with 64. 32 copies of 31 KB (mcf_warm.c)
 * keep bench/sweep.sh's memory flat: its 1,000-run sweep (chains of 31)
 * fills as many slots as the 10,000-run one, peak RSS 45.4 and 49.7 MB
 * (1.095x; 1.08x before, 1.14x with the first, 94 KB copies). The choice
 * depends on the chain's earlier runs alone, so the table stays the same
 * for any split (sweep.h).
 *
 * Which order a chain's runs are solved in (gf__sweep_worker_order, called
 * by sweep_exec.c). Monte Carlo runs come in random order, so even the
 * nearest kept basis is often far. A chain is solved instead along a greedy
 * nearest-neighbour tour of its runs' inputs (same distance as above),
 * from its first run: each run is the nearest of those left to the one
 * solved before it. The tour depends on the chain's inputs alone, so the
 * table is still the same for any split. Measured (h9-speed2) on
 * examples/sweep-freight-fob.json, 10,000 runs, -j 1: 3,618,488 pivots in
 * run order, 2,661,030 on the tour (362 -> 266 a run, the cold first run
 * of each chain included); callgrind on 1,000 runs (chains of 31):
 * 14.45 G -> 13.73 G instructions. Tours cost n^2 / 2 distances a chain
 * (32,640 for 256 runs): nothing next to one solve.
 *
 * Where a chain starts. A chain used to start cold on a freshly built
 * network (some 6,000 pivots, and a network build). Now a worker solves
 * the base run (every parameter at its base, no event) once, cold on a
 * fresh network, keeps its basis, and starts every chain by loading it
 * (as the chain's only kept basis): the solve after a load depends on the
 * copy and the data alone (mcf_warm.c), and the network holds exactly the
 * run's figures whatever ran before (above), so a chain's answers still do
 * not depend on which worker ran what before it. 10,000 runs: 2,661,030
 * -> 2,505,451 pivots. Should the base run fail, chains start cold.
 *
 * Results come from the solution and the arcs' meanings only (see sweep.h);
 * test_sweep checks them against gf_plan on the same edits.
 * SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/core_int.h"
#include "grainflow/alloc.h"
#include "grainflow/network.h"
#include "sweep/sweep_int.h"

/* A basis an earlier run of the chain ended on, and that run's inputs. */
typedef struct sw_basis {
    gf_network_basis *basis;
    double *values; /* size n_params */
    bool *events;   /* size n_events */
} sw_basis;

/* A row's figure was changed by this run; it was written into the network
 * since the network last held its built figures. */
#define SW_DIRTY   1
#define SW_WRITTEN 2

#define SW_BASES          32   /* bases kept per worker */
#define SW_EVENT_DISTANCE 16.0 /* an event on in one run and off in the other */

struct gf_sweep_worker {
    const gf_sweep *s;
    gf_network *net;
    gf_solution sol;
    int32_t nl, nn, ns, nd, np;
    int64_t *link_cost, *handling, *supply_t, *demand_t, *alt;      /* this run's figures */
    uint8_t *link_dirty, *node_dirty, *supply_dirty, *demand_dirty; /* SW_DIRTY, SW_WRITTEN */
    bool must_reset; /* the network holds closures or a half-written run */
    double *values;
    bool *events;
    int64_t *hub_t, *market_t;
    __int128 *market_landed; /* sum delivered x landed cents, per market */
    sw_basis bases[SW_BASES];
    int32_t n_bases, cur_basis, start_basis; /* slots used; the solver's now; the run's start */
    int32_t *edit_arc;                       /* a run's cost edits (size n_arcs) */
    int32_t *la_start, *la_arc;              /* link l's arcs: la_arc[la_start[l] ..] */
    int64_t *la_built;                       /* and their built costs */
    int32_t n_hub_arcs, *hub_arc, *hub_in;   /* the link arcs into or out of a hub, */
    int32_t *hub_out;                        /* and the hub they reach, leave (or -1) */
    int32_t n_cap_arcs, *cap_arc;            /* the arcs that can bind (top_binding) */
    int64_t *edit_cost;
    int32_t chain;        /* gf_sweep_chain_runs */
    double *chain_values; /* a chain's inputs (chain x n_params, chain x n_events) */
    bool *chain_events;
    int32_t *order;         /* size chain: the order to solve them in */
    gf_network_basis *base; /* the base run's, solved cold (see the top) */
    int base_state;         /* 0 not tried, 1 kept in base, -1 the base run failed */
    char reason[256];
    sw_v2 *v2; /* a version-2 sweep: runs go to sweep_v2.c, no network here */
};

/* ---- the row ---- */

static int row_reserve(gf_sweep_result *res, size_t more)
{
    size_t cap = res->row_cap ? res->row_cap : 256;
    char *p;

    if (res->row_len + more + 1 <= res->row_cap)
        return GF_OK;
    while (cap < res->row_len + more + 1)
        cap *= 2;
    p = gf_realloc(res->row, res->row_cap, cap);
    if (!p)
        return GF_ENOMEM;
    res->row = p;
    res->row_cap = cap;
    return GF_OK;
}

int gf__sweep_row_printf(gf_sweep_result *res, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof buf || row_reserve(res, (size_t)n))
        return GF_ENOMEM;
    memcpy(res->row + res->row_len, buf, (size_t)n + 1);
    res->row_len += (size_t)n;
    return GF_OK;
}

int gf__sweep_row_text(gf_sweep_result *res, const char *text)
{
    bool quote = strpbrk(text, ",\"\r\n") != NULL;
    size_t n = strlen(text);

    if (row_reserve(res, 2 * n + 2))
        return GF_ENOMEM;
    if (quote)
        res->row[res->row_len++] = '"';
    for (size_t i = 0; i < n; i++) {
        if (text[i] == '"')
            res->row[res->row_len++] = '"';
        res->row[res->row_len++] = text[i];
    }
    if (quote)
        res->row[res->row_len++] = '"';
    res->row[res->row_len] = '\0';
    return GF_OK;
}

int gf__sweep_row_cents(gf_sweep_result *res, int64_t cents)
{
    uint64_t a = cents < 0 ? 0 - (uint64_t)cents : (uint64_t)cents;

    return gf__sweep_row_printf(res, "%s%llu.%02llu", cents < 0 ? "-" : "",
                                (unsigned long long)(a / 100), (unsigned long long)(a % 100));
}

void gf_sweep_result_fini(gf_sweep_result *res)
{
    if (!res)
        return;
    gf_free(res->row, res->row_cap);
    gf_release(res->values);
    memset(res, 0, sizeof *res);
}

/* ---- columns ---- */

const char *gf__sweep_col_name(gf_sweep *s, const char *prefix, const char *id)
{
    size_t n = strlen(prefix) + strlen(id) + 2;
    char *t = gf__sweep_alloc(s, n);

    if (t)
        snprintf(t, n, "%s:%s", prefix, id);
    return t;
}

int gf__sweep_value_names(gf_sweep *s, int32_t n, gf_error *err)
{
    s->n_values = n;
    s->value_names = gf__sweep_alloc(s, (size_t)n * sizeof(char *));
    if (!s->value_names)
        return gf_fail(err, GF_ENOMEM, "out of memory");
    s->value_names[SW_V_DELIVERED] = "delivered_t";
    s->value_names[SW_V_SAVING] = "saving_usd";
    s->value_names[SW_V_TOTAL] = "total_cost_usd";
    return GF_OK;
}

int gf__sweep_header_begin(const gf_sweep *s, gf_sweep_result *h)
{
    int rc = gf__sweep_row_printf(h, "run,status,reason");

    for (int32_t i = 0; !rc && i < s->n_params; i++)
        rc = gf__sweep_row_printf(h, ",") || gf__sweep_row_text(h, s->params[i].name);
    for (int32_t i = 0; !rc && i < s->n_events; i++)
        rc = gf__sweep_row_printf(h, ",") || gf__sweep_row_text(h, s->events[i].name);
    for (int32_t k = 0; !rc && k < s->n_values; k++)
        rc = !s->value_names[k] || gf__sweep_row_printf(h, ",") ||
             gf__sweep_row_text(h, s->value_names[k]);
    return rc;
}

int gf__sweep_header_keep(gf_sweep *s, gf_sweep_result *h, int rc, gf_error *err)
{
    if (!rc)
        s->header = gf__sweep_strdup(s, h->row);
    gf_sweep_result_fini(h);
    return rc || !s->header ? gf_fail(err, GF_ENOMEM, "out of memory") : GF_OK;
}

/* Hubs and markets, the results' names, and the header. */
static int find_results(gf_sweep *s, gf_error *err)
{
    const gf_model *m = s->model;
    int32_t nn = gf_model_node_count(m), nd = gf_model_demand_count(m);
    int32_t *market_of_node = gf__sweep_alloc(s, (size_t)nn * sizeof(int32_t) + 1);

    s->hub_nodes = gf__sweep_alloc(s, (size_t)nn * sizeof(int32_t) + 1);
    s->market_nodes = gf__sweep_alloc(s, (size_t)nn * sizeof(int32_t) + 1);
    s->hub_of_node = gf__sweep_alloc(s, (size_t)nn * sizeof(int32_t) + 1);
    s->market_of_row = gf__sweep_alloc(s, (size_t)nd * sizeof(int32_t) + 1);
    if (!market_of_node || !s->hub_nodes || !s->market_nodes || !s->hub_of_node ||
        !s->market_of_row)
        return gf_fail(err, GF_ENOMEM, "out of memory");
    for (int32_t n = 0; n < nn; n++) {
        market_of_node[n] = -1;
        s->hub_of_node[n] = -1;
        if (gf_model_node(m, n)->kind == GF_NODE_HUB) {
            s->hub_of_node[n] = s->n_hubs;
            s->hub_nodes[s->n_hubs++] = n;
        }
    }
    for (int32_t r = 0; r < nd; r++) {
        int32_t n = gf_model_demand(m, r)->node;
        if (market_of_node[n] < 0) {
            market_of_node[n] = s->n_markets;
            s->market_nodes[s->n_markets++] = n;
        }
        s->market_of_row[r] = market_of_node[n];
    }
    return GF_OK;
}

int gf__sweep_columns(gf_sweep *s, gf_error *err)
{
    const gf_model *m = s->model;
    gf_sweep_result h = {0};
    int rc = s->v2 ? GF_OK : find_results(s, err);

    if (rc)
        return rc;
    s->scale = gf__sweep_alloc(s, (size_t)s->n_params * sizeof(double) + 1);
    if (!s->scale)
        return gf_fail(err, GF_ENOMEM, "out of memory");
    for (int32_t p = 0; p < s->n_params; p++) {
        double spread = gf_sweep_param_quantile(s, p, 0.9) - gf_sweep_param_quantile(s, p, 0.1);
        s->scale[p] = spread > 0 ? 1 / spread : 0;
    }
    if (s->v2) /* hub facilities, their choices and the site figures */
        return gf__sweep_v2_columns(s, err);
    rc = gf__sweep_value_names(s, SW_V_PERIODS(s) + 2 * s->n_periods, err);
    if (rc)
        return rc;
    for (int32_t i = 0; i < s->n_hubs; i++) {
        const char *id = gf_model_node(m, s->hub_nodes[i])->id;
        s->value_names[SW_V_HUBS + i] = gf__sweep_col_name(s, "hub_t", id);
        s->value_names[SW_V_HUBS + s->n_hubs + i] = gf__sweep_col_name(s, "hub_onward_t", id);
    }
    for (int32_t i = 0; i < s->n_markets; i++) {
        const char *id = gf_model_node(m, s->market_nodes[i])->id;
        s->value_names[SW_V_HUBS + 2 * s->n_hubs + i] = gf__sweep_col_name(s, "delivered_t", id);
        s->value_names[SW_V_HUBS + 2 * s->n_hubs + s->n_markets + i] =
            gf__sweep_col_name(s, "landed_usd_per_t", id);
    }
    rc = gf__sweep_period_names(s, err);
    if (rc)
        return rc;
    rc = gf__sweep_header_begin(s, &h);
    if (!rc)
        rc = gf__sweep_row_printf(&h, ",binds,binds_usd_per_t\n");
    return gf__sweep_header_keep(s, &h, rc, err);
}

int32_t gf_sweep_value_count(const gf_sweep *s)
{
    return s ? s->n_values : 0;
}

const char *gf_sweep_value_name(const gf_sweep *s, int32_t k)
{
    return s && k >= 0 && k < s->n_values ? s->value_names[k] : NULL;
}

bool gf_sweep_value_is_hub(const gf_sweep *s, int32_t k)
{
    return s && k >= SW_V_HUBS && k < SW_V_HUBS + 2 * s->n_hubs;
}

const char *gf_sweep_header(const gf_sweep *s)
{
    return s ? s->header : NULL;
}

int gf_sweep_result_init(const gf_sweep *s, gf_sweep_result *res, gf_error *err)
{
    if (!s || !res)
        return gf_fail(err, GF_EINVAL, "gf_sweep_result_init: NULL argument");
    if (!res->values)
        res->values = gf__sweep_block((size_t)s->n_values, sizeof(double));
    return res->values ? GF_OK : gf_fail(err, GF_ENOMEM, "out of memory");
}

/* ---- the worker ---- */

void gf_sweep_worker_destroy(gf_sweep_worker *w)
{
    if (!w)
        return;
    gf_solution_fini(&w->sol);
    gf_network_destroy(w->net);
    gf_release(w->link_cost);
    gf_release(w->handling);
    gf_release(w->supply_t);
    gf_release(w->demand_t);
    gf_release(w->alt);
    gf_release(w->link_dirty);
    gf_release(w->node_dirty);
    gf_release(w->supply_dirty);
    gf_release(w->demand_dirty);
    gf_release(w->values);
    gf_release(w->events);
    gf_release(w->hub_t);
    gf_release(w->market_t);
    gf_release(w->market_landed);
    gf_release(w->chain_values);
    gf_release(w->chain_events);
    gf_release(w->order);
    gf_release(w->edit_arc);
    gf_release(w->la_start);
    gf_release(w->la_arc);
    gf_release(w->la_built);
    gf_release(w->hub_arc);
    gf_release(w->hub_in);
    gf_release(w->hub_out);
    gf_release(w->cap_arc);
    gf_release(w->edit_cost);
    gf_network_basis_destroy(w->base);
    gf__sweep_v2_destroy(w->v2);
    for (int32_t i = 0; i < SW_BASES; i++) {
        gf_network_basis_destroy(w->bases[i].basis);
        gf_release(w->bases[i].values);
        gf_release(w->bases[i].events);
    }
    gf_free(w, sizeof *w);
}

void *gf__sweep_block(size_t n, size_t size)
{
    void *p = gf__sized_alloc(n * size + 16);

    if (p)
        memset(p, 0, n * size + 16);
    return p;
}

/* The arcs a run writes and reads, listed once (a rebuilt network of the
 * same model has the same arcs): each link's arcs with their built costs,
 * contiguous, for write_costs; the link arcs at a hub, for write_results.
 * Walking all of net's arcs for these cost 0.7 M instructions a run. */
static int index_arcs(gf_sweep_worker *w)
{
    const gf_sweep *s = w->s;
    const gf_network *net = w->net;
    size_t na = (size_t)net->n_arcs;
    int32_t n = 0;

    w->edit_arc = gf__sweep_block(na, sizeof(int32_t));
    w->edit_cost = gf__sweep_block(na, sizeof(int64_t));
    w->la_start = gf__sweep_block((size_t)w->nl + 1, sizeof(int32_t));
    w->la_arc = gf__sweep_block(na, sizeof(int32_t));
    w->la_built = gf__sweep_block(na, sizeof(int64_t));
    w->hub_arc = gf__sweep_block(na, sizeof(int32_t));
    w->hub_in = gf__sweep_block(na, sizeof(int32_t));
    w->hub_out = gf__sweep_block(na, sizeof(int32_t));
    w->cap_arc = gf__sweep_block(na, sizeof(int32_t));
    if (!w->edit_arc || !w->edit_cost || !w->la_start || !w->la_arc || !w->la_built ||
        !w->hub_arc || !w->hub_in || !w->hub_out || !w->cap_arc)
        return GF_ENOMEM;
    for (int32_t l = 0; l < w->nl; l++) {
        w->la_start[l] = n;
        for (int32_t t = 0; t < w->np; t++) {
            int32_t e = net->link_arc[l * w->np + t];
            if (e >= 0) {
                w->la_arc[n] = e;
                w->la_built[n++] = net->built_cost[e];
            }
        }
    }
    w->la_start[w->nl] = n;
    for (int32_t e = 0; e < net->n_arcs; e++) {
        gf_arc_kind k = (gf_arc_kind)net->arc_kind[e];
        const gf_link *lk;
        /* a run changes no arc's capacity but to close it (0: no flow to bind) */
        if ((k == GF_ARC_LINK || k == GF_ARC_THROUGHPUT || k == GF_ARC_STORAGE) &&
            net->built_upper[e] != GF_UNLIMITED)
            w->cap_arc[w->n_cap_arcs++] = e;
        if (k != GF_ARC_LINK)
            continue;
        lk = gf_model_link(s->model, net->arc_ref[e]);
        if (s->hub_of_node[lk->to] < 0 && s->hub_of_node[lk->from] < 0)
            continue;
        w->hub_arc[w->n_hub_arcs] = e;
        w->hub_in[w->n_hub_arcs] = s->hub_of_node[lk->to];
        w->hub_out[w->n_hub_arcs++] = s->hub_of_node[lk->from];
    }
    return GF_OK;
}

void gf__sweep_worker_set_cancel(gf_sweep_worker *w, volatile int *cancel)
{
    if (w && w->v2)
        gf__sweep_v2_set_cancel(w->v2, cancel);
}

gf_sweep_worker *gf_sweep_worker_create(const gf_sweep *s, gf_error *err)
{
    gf_sweep_worker *w = s ? gf_calloc(1, sizeof *w) : NULL;
    const gf_model *m;
    bool bases_ok = true;

    if (!w) {
        gf_fail(err, s ? GF_ENOMEM : GF_EINVAL, "gf_sweep_worker_create: %s",
                s ? "out of memory" : "NULL sweep");
        return NULL;
    }
    m = s->model;
    w->s = s;
    w->sol.lean = true; /* flows borrowed from the solver, no reduced costs (above) */
    w->nl = gf_model_link_count(m);
    w->nn = gf_model_node_count(m);
    w->ns = gf_model_supply_count(m);
    w->nd = gf_model_demand_count(m);
    w->np = gf_model_periods(m);
    w->link_cost = gf__sweep_block((size_t)w->nl, sizeof(int64_t));
    w->handling = gf__sweep_block((size_t)w->nn, sizeof(int64_t));
    w->supply_t = gf__sweep_block((size_t)w->ns, sizeof(int64_t));
    w->demand_t = gf__sweep_block((size_t)w->nd, sizeof(int64_t));
    w->alt = gf__sweep_block((size_t)w->nd, sizeof(int64_t));
    w->link_dirty = gf__sweep_block((size_t)w->nl, 1);
    w->node_dirty = gf__sweep_block((size_t)w->nn, 1);
    w->supply_dirty = gf__sweep_block((size_t)w->ns, 1);
    w->demand_dirty = gf__sweep_block((size_t)w->nd, 1);
    w->values = gf__sweep_block((size_t)s->n_params, sizeof(double));
    w->events = gf__sweep_block((size_t)s->n_events, sizeof(bool));
    w->hub_t = gf__sweep_block(2 * (size_t)s->n_hubs, sizeof(int64_t)); /* arriving, then onward */
    w->market_t = gf__sweep_block((size_t)s->n_markets, sizeof(int64_t));
    w->market_landed = gf__sweep_block((size_t)s->n_markets, sizeof(__int128));
    w->chain = (int32_t)gf_sweep_chain_runs(s);
    w->chain_values = gf__sweep_block((size_t)w->chain * (size_t)s->n_params, sizeof(double));
    w->chain_events = gf__sweep_block((size_t)w->chain * (size_t)s->n_events, sizeof(bool));
    w->order = gf__sweep_block((size_t)w->chain, sizeof(int32_t));
    for (int32_t i = 0; i < SW_BASES; i++) {
        w->bases[i].values = gf__sweep_block((size_t)s->n_params, sizeof(double));
        w->bases[i].events = gf__sweep_block((size_t)s->n_events, sizeof(bool));
        bases_ok = bases_ok && w->bases[i].values && w->bases[i].events;
    }
    w->cur_basis = w->start_basis = -1;
    if (!w->link_cost || !w->handling || !w->supply_t || !w->demand_t || !w->alt ||
        !w->link_dirty || !w->node_dirty || !w->supply_dirty || !w->demand_dirty || !w->values ||
        !w->events || !w->hub_t || !w->market_t || !w->market_landed || !bases_ok ||
        !w->chain_values || !w->chain_events || !w->order) {
        gf_fail(err, GF_ENOMEM, "out of memory");
        gf_sweep_worker_destroy(w);
        return NULL;
    }
    if (s->v2) {
        w->v2 = gf__sweep_v2_create(s, err);
        if (!w->v2) {
            gf_sweep_worker_destroy(w);
            return NULL;
        }
        return w;
    }
    w->net = gf_network_build(m, err);
    if (!w->net) {
        gf_sweep_worker_destroy(w);
        return NULL;
    }
    if (index_arcs(w)) {
        gf_fail(err, GF_ENOMEM, "out of memory");
        gf_sweep_worker_destroy(w);
        return NULL;
    }
    return w;
}

/* The network holds its built figures again: no row is written. */
static void forget_writes(gf_sweep_worker *w)
{
    memset(w->link_dirty, 0, (size_t)w->nl);
    memset(w->node_dirty, 0, (size_t)w->nn);
    memset(w->supply_dirty, 0, (size_t)w->ns);
    memset(w->demand_dirty, 0, (size_t)w->nd);
    w->must_reset = false;
}

/* A freshly built network, never solved (and no kept basis). */
static int rebuild(gf_sweep_worker *w, gf_error *err)
{
    w->n_bases = 0;
    w->cur_basis = w->start_basis = -1;
    if (w->net && !w->net->solver)
        return GF_OK; /* built and never solved: cold already */
    gf_network_destroy(w->net);
    forget_writes(w);
    w->net = gf_network_build(w->s->model, err);
    return w->net ? GF_OK : err && err->code ? err->code : GF_ENOMEM;
}

static void clear_bit(uint8_t *flags, int32_t n, uint8_t bit)
{
    for (int32_t i = 0; i < n; i++)
        flags[i] &= (uint8_t)~bit;
}

/* The model's figures, nothing dirty. */
static void start_figures(gf_sweep_worker *w)
{
    const gf_model *m = w->s->model;

    for (int32_t l = 0; l < w->nl; l++)
        w->link_cost[l] = gf_model_link(m, l)->cost_cents_per_t;
    for (int32_t n = 0; n < w->nn; n++)
        w->handling[n] = gf_model_node(m, n)->handling_cents_per_t;
    for (int32_t r = 0; r < w->ns; r++)
        w->supply_t[r] = gf_model_supply(m, r)->t;
    for (int32_t r = 0; r < w->nd; r++) {
        w->demand_t[r] = gf_model_demand(m, r)->t;
        w->alt[r] = gf_model_demand(m, r)->alt_cents_per_t;
    }
    clear_bit(w->link_dirty, w->nl, SW_DIRTY);
    clear_bit(w->node_dirty, w->nn, SW_DIRTY);
    clear_bit(w->supply_dirty, w->ns, SW_DIRTY);
    clear_bit(w->demand_dirty, w->nd, SW_DIRTY);
}

/* v x micro / 10^6 or v + cents, exactly; false when out of 0..2^50. */
bool gf__sweep_apply_one(const sw_param *p, double value, int64_t *v)
{
    __int128 x;

    if (p->set) {
        x = (__int128)llround(value * 100);
    } else if (p->add) {
        x = (__int128)*v + (__int128)llround(value * 100);
    } else {
        __int128 num = (__int128)*v * llround(value * 1e6);
        __int128 q = num / 1000000, r = num % 1000000;
        x = q + (r >= 500000 ? 1 : r <= -500000 ? -1 : 0);
    }
    if (x < 0 || x > GF_MODEL_MAX_VALUE)
        return false;
    *v = (int64_t)x;
    return true;
}

static const char *const what_label[] = {"the cost of a link", "a supply row's tonnes",
                                         "a demand row's tonnes", "an alternative price",
                                         "a handling fee"};

/* Parameter p (value v) on this run's figures; false with w->reason set. */
static bool apply_param(gf_sweep_worker *w, const sw_param *p, double v)
{
    const gf_model *m = w->s->model;

    for (int32_t i = 0; i < p->n_targets; i++) {
        int32_t t = p->targets[i];
        int64_t *fig = p->what == SW_LINK_COST   ? &w->link_cost[t]
                       : p->what == SW_SUPPLY    ? &w->supply_t[t]
                       : p->what == SW_DEMAND    ? &w->demand_t[t]
                       : p->what == SW_ALT_PRICE ? &w->alt[t]
                                                 : &w->handling[t];
        uint8_t *dirty = p->what == SW_LINK_COST  ? &w->link_dirty[t]
                         : p->what == SW_SUPPLY   ? &w->supply_dirty[t]
                         : p->what == SW_HANDLING ? &w->node_dirty[t]
                                                  : &w->demand_dirty[t];
        if (!gf__sweep_apply_one(p, v, fig)) {
            snprintf(w->reason, sizeof w->reason,
                     "%s %s %g leaves %s out of 0..2^50 (line %ld of the scenario)", p->name,
                     p->add ? "+" : "x", v, what_label[p->what],
                     p->what == SW_LINK_COST  ? gf_model_link(m, t)->line
                     : p->what == SW_SUPPLY   ? gf_model_supply(m, t)->line
                     : p->what == SW_HANDLING ? gf_model_node(m, t)->line
                                              : gf_model_demand(m, t)->line);
            return false;
        }
        *dirty |= SW_DIRTY;
    }
    return true;
}

/* Write the dirty figures into the network, and the model's back where an
 * earlier run wrote its own (SW_WRITTEN without SW_DIRTY): the network is
 * not reset between runs (see the top of the file). A figure equal to the
 * one the network holds is no edit (gf_network_set_costs compares). The new
 * link costs go into edit_cost at their arcs' places in la_arc, and each run
 * of consecutive dirty links is one gf_network_set_costs call over la_arc
 * itself (nearly always one call for every link arc: a copy of 28,000 arc
 * ids a run saved); the demand arcs' costs follow them in edit_cost. */
static int write_costs(gf_sweep_worker *w, gf_error *err)
{
    const gf_model *m = w->s->model;
    gf_network *net = w->net;
    int32_t n = 0, l0 = 0; /* demand edits; the first link of a dirty run */
    int rc = GF_OK;

    for (int32_t l = 0; l < w->nl; l++)
        w->link_dirty[l] |=
            w->link_dirty[l] || w->node_dirty[gf_model_link(m, l)->to] ? SW_WRITTEN : 0;
    for (int32_t r = 0; r < w->ns; r++)
        w->supply_dirty[r] |= w->supply_dirty[r] ? SW_WRITTEN : 0;
    for (int32_t r = 0; r < w->nd; r++)
        w->demand_dirty[r] |= w->demand_dirty[r] ? SW_WRITTEN : 0;
    for (int32_t l = 0; l < w->nl && !rc; l++) {
        const gf_link *lk = gf_model_link(m, l);
        int64_t d = (w->link_cost[l] - lk->cost_cents_per_t) +
                    (w->handling[lk->to] - gf_model_node(m, lk->to)->handling_cents_per_t);
        int32_t a = w->la_start[l0];
        if (w->link_dirty[l])
            for (int32_t i = w->la_start[l]; i < w->la_start[l + 1]; i++)
                w->edit_cost[i] = w->la_built[i] + d;
        else if (l > l0) /* the dirty links l0 .. l - 1, their arcs in place */
            rc =
                gf_network_set_costs(net, w->la_start[l] - a, w->la_arc + a, w->edit_cost + a, err);
        if (!w->link_dirty[l])
            l0 = l + 1;
    }
    if (!rc && w->nl > l0)
        rc = gf_network_set_costs(net, w->la_start[w->nl] - w->la_start[l0],
                                  w->la_arc + w->la_start[l0], w->edit_cost + w->la_start[l0], err);
    for (int32_t r = 0; r < w->nd; r++)
        if (w->demand_dirty[r]) {
            w->edit_arc[n] = net->demand_arc[r];
            w->edit_cost[w->la_start[w->nl] + n++] = -w->alt[r];
        }
    return rc ? rc
              : gf_network_set_costs(net, n, w->edit_arc, w->edit_cost + w->la_start[w->nl], err);
}

static int write_network(gf_sweep_worker *w, int64_t *constant, gf_error *err)
{
    gf_network *net = w->net;
    int64_t total = 0, v;
    int rc;

    w->must_reset = true; /* until the whole run is written */
    rc = write_costs(w, err);
    for (int32_t r = 0; !rc && r < w->ns; r++) {
        total += w->supply_t[r];
        if (w->supply_dirty[r])
            rc = gf_network_set_upper(net, net->supply_arc[r], w->supply_t[r], err);
    }
    if (!rc)
        rc = gf_network_set_supply(net, net->source, total, err);
    if (!rc)
        rc = gf_network_set_supply(net, net->sink, -total, err);
    *constant = 0;
    for (int32_t r = 0; !rc && r < w->nd; r++) {
        if (w->demand_dirty[r])
            rc = gf_network_set_upper(net, net->demand_arc[r], w->demand_t[r], err);
        if (!rc && (__builtin_mul_overflow(w->demand_t[r], w->alt[r], &v) ||
                    __builtin_add_overflow(*constant, v, constant)))
            rc = gf_fail(err, GF_EOVERFLOW, "demand x alternative price overflows");
    }
    w->must_reset = rc != GF_OK;
    return rc;
}

static int close_events(gf_sweep_worker *w, gf_error *err)
{
    const gf_sweep *s = w->s;
    int rc = GF_OK;

    for (int32_t e = 0; !rc && e < s->n_events; e++)
        for (int32_t c = 0; w->events[e] && !rc && c < s->events[e].n_close; c++) {
            w->must_reset = true; /* reopened by gf_network_reset after the run */
            const sw_close *cl = &s->events[e].close[c];
            for (int32_t k = 0; !rc && k < (cl->n_periods ? cl->n_periods : 1); k++) {
                int32_t t = cl->n_periods ? cl->periods[k] : -1;
                rc = cl->is_node ? gf_network_close_node(w->net, cl->ref, t, err)
                                 : gf_network_close_link(w->net, cl->ref, t, err);
            }
        }
    return rc;
}

/* The reduced cost of arc e in this run's solution (lean: from the duals). */
static int64_t reduced_cost(const gf_sweep_worker *w, int32_t e)
{
    const gf_network *net = w->net;

    return net->cost[e] + w->sol.dual[net->tail[e]] - w->sol.dual[net->head[e]];
}

/* The arc with the largest shadow price among saturated capacities; -1.
 * Only the capacitated link, throughput and storage arcs can bind
 * (cap_arc, ascending, so ties go to the lowest arc as before). */
static int32_t top_binding(const gf_sweep_worker *w, int64_t *best_rc)
{
    const gf_network *net = w->net;
    const int64_t *x = w->sol.flow;
    int32_t best = -1;

    *best_rc = 0;
    for (int32_t i = 0; i < w->n_cap_arcs; i++) {
        int32_t e = w->cap_arc[i];
        int64_t rc;
        if (x[e] <= 0 || x[e] != net->upper[e]) /* most arcs: idle */
            continue;
        rc = reduced_cost(w, e);
        if (rc < 0 && (best < 0 || rc < *best_rc)) {
            best = e;
            *best_rc = rc;
        }
    }
    return best;
}

static int write_binding(gf_sweep_worker *w, gf_sweep_result *res)
{
    const gf_model *m = w->s->model;
    int64_t rc = 0;
    int32_t e = top_binding(w, &rc);
    char what[200];

    if (e < 0)
        return gf__sweep_row_printf(res, ",,");
    if (w->net->arc_kind[e] == GF_ARC_LINK) {
        const gf_link *lk = gf_model_link(m, w->net->arc_ref[e]);
        snprintf(what, sizeof what, "%s>%s %s", gf_model_node(m, lk->from)->id,
                 gf_model_node(m, lk->to)->id, gf_mode_name(lk->mode));
    } else {
        snprintf(what, sizeof what, "%s %s", gf_model_node(m, w->net->arc_ref[e])->id,
                 w->net->arc_kind[e] == GF_ARC_THROUGHPUT ? "throughput" : "storage");
    }
    return gf__sweep_row_printf(res, ",") || gf__sweep_row_text(res, what) ||
           gf__sweep_row_printf(res, ",") || gf__sweep_row_cents(res, -rc);
}

/* run,status,reason, then the inputs. */
static int write_inputs(gf_sweep_worker *w, gf_sweep_result *res, const char *reason)
{
    const gf_sweep *s = w->s;
    int rc = gf__sweep_row_printf(res, "%lld,%s,", (long long)res->run, reason ? "failed" : "ok");

    if (!rc && reason)
        rc = gf__sweep_row_text(res, reason);
    for (int32_t i = 0; !rc && i < s->n_params; i++)
        rc = gf__sweep_row_printf(res, s->params[i].add ? ",%.2f" : ",%.6f", w->values[i]);
    for (int32_t e = 0; !rc && e < s->n_events; e++)
        rc = gf__sweep_row_printf(res, ",%d", w->events[e] ? 1 : 0);
    return rc;
}

static int64_t div_round(__int128 num, int64_t den)
{
    __int128 q = num / den, r = num % den;

    return (int64_t)(q + (2 * r >= den ? 1 : 2 * r <= -den ? -1 : 0));
}

/* The results of an optimal solve into the row and res->values. */
static int write_results(gf_sweep_worker *w, gf_sweep_result *res, int64_t constant)
{
    const gf_sweep *s = w->s;
    const gf_network *net = w->net;
    const int64_t *x = w->sol.flow, *pi = w->sol.dual;
    int64_t delivered = 0, obj = w->sol.objective_cents;
    double *val = res->values;
    int rc;

    memset(w->hub_t, 0, 2 * (size_t)s->n_hubs * sizeof(int64_t));
    memset(w->market_t, 0, (size_t)s->n_markets * sizeof(int64_t));
    memset(w->market_landed, 0, (size_t)s->n_markets * sizeof(__int128));
    for (int32_t r = 0; r < w->nd; r++) {
        int32_t e = net->demand_arc[r], k = s->market_of_row[r];
        delivered += x[e];
        w->market_t[k] += x[e];
        w->market_landed[k] += (__int128)x[e] * (pi[net->tail[e]] - pi[net->sink]);
    }
    for (int32_t i = 0; i < w->n_hub_arcs; i++) {
        int32_t e = w->hub_arc[i];
        if (!x[e])
            continue;
        if (w->hub_in[i] >= 0) /* arriving: the plan's hub throughput */
            w->hub_t[w->hub_in[i]] += x[e];
        if (w->hub_out[i] >= 0) /* leaving onward: transshipped */
            w->hub_t[s->n_hubs + w->hub_out[i]] += x[e];
    }
    res->saving_usd = val[SW_V_SAVING] = (double)-obj / 100;
    val[SW_V_DELIVERED] = (double)delivered;
    val[SW_V_TOTAL] = (double)(obj + constant) / 100;
    rc = gf__sweep_row_printf(res, ",%lld,", (long long)delivered) ||
         gf__sweep_row_cents(res, -obj) || gf__sweep_row_printf(res, ",") ||
         gf__sweep_row_cents(res, obj + constant);
    for (int32_t h = 0; !rc && h < 2 * s->n_hubs; h++) {
        val[SW_V_HUBS + h] = (double)w->hub_t[h];
        rc = gf__sweep_row_printf(res, ",%lld", (long long)w->hub_t[h]);
    }
    for (int32_t k = 0; !rc && k < s->n_markets; k++) {
        val[SW_V_HUBS + 2 * s->n_hubs + k] = (double)w->market_t[k];
        rc = gf__sweep_row_printf(res, ",%lld", (long long)w->market_t[k]);
    }
    for (int32_t k = 0; !rc && k < s->n_markets; k++) {
        int64_t c = w->market_t[k] ? div_round(w->market_landed[k], w->market_t[k]) : 0;
        val[SW_V_HUBS + 2 * s->n_hubs + s->n_markets + k] = w->market_t[k] ? (double)c / 100 : NAN;
        rc = w->market_t[k] ? gf__sweep_row_printf(res, ",") || gf__sweep_row_cents(res, c)
                            : gf__sweep_row_printf(res, ",");
    }
    if (!rc && s->n_periods)
        rc = gf__sweep_period_results(s, net, &w->sol, val, res);
    return rc ? rc : write_binding(w, res);
}

/* Failed: the reason, and empty result cells. */
static int write_failed(gf_sweep_worker *w, gf_sweep_result *res)
{
    int rc = write_inputs(w, res, w->reason);

    for (int32_t k = 0; !rc && k < w->s->n_values + 2; k++)
        rc = gf__sweep_row_printf(res, ",");
    return rc;
}

/* Back to the built figures (the source's supply too), keeping the basis. */
static int reset(gf_sweep_worker *w, gf_error *err)
{
    int rc = gf_network_reset(w->net, err);

    forget_writes(w);
    if (!rc)
        rc = gf_network_set_supply(w->net, w->net->source, w->net->built_supply_t, err);
    if (!rc)
        rc = gf_network_set_supply(w->net, w->net->sink, -w->net->built_supply_t, err);
    return rc;
}

/* How far this run's inputs are from those of basis b: parameters in units
 * of their P10-P90 spread, squared and summed, and SW_EVENT_DISTANCE per event
 * that differs. */
static double inputs_distance(const gf_sweep *s, const double *va, const bool *ea, const double *vb,
                              const bool *eb)
{
    double d = 0;

    for (int32_t p = 0; p < s->n_params; p++) {
        double x = (va[p] - vb[p]) * s->scale[p];
        d += x * x;
    }
    for (int32_t e = 0; e < s->n_events; e++)
        d += ea[e] != eb[e] ? SW_EVENT_DISTANCE : 0;
    return d;
}

static double distance(const gf_sweep_worker *w, const sw_basis *b)
{
    return inputs_distance(w->s, w->values, w->events, b->values, b->events);
}

const int32_t *gf__sweep_worker_order(gf_sweep_worker *w, int64_t first, int32_t n)
{
    const gf_sweep *s = w->s;
    size_t np = (size_t)s->n_params, ne = (size_t)s->n_events;
    double *v = w->chain_values;
    bool *ev = w->chain_events;

    for (int32_t i = 0; i < n; i++) {
        gf_sweep_sample(s, first + i, v + (size_t)i * np, ev + (size_t)i * ne);
        w->order[i] = i;
    }
    /* greedy nearest neighbour from the chain's first run: order[0..i) are
     * placed, the rest wait in order[i..n) */
    for (int32_t i = 1; i < n; i++) {
        int32_t last = w->order[i - 1], best = i;
        double best_d = 0;
        for (int32_t j = i; j < n; j++) {
            int32_t r = w->order[j];
            double d = inputs_distance(s, v + (size_t)r * np, ev + (size_t)r * ne,
                                       v + (size_t)last * np, ev + (size_t)last * ne);
            if (j == i || d < best_d) {
                best_d = d;
                best = j;
            }
        }
        int32_t t = w->order[i];
        w->order[i] = w->order[best];
        w->order[best] = t;
    }
    return w->order;
}

/* Start from the kept basis of the nearest inputs (the first of equals). */
static int choose_basis(gf_sweep_worker *w, gf_error *err)
{
    double best = 0;
    int32_t j = -1;

    for (int32_t i = 0; i < w->n_bases; i++) {
        double d = distance(w, &w->bases[i]);
        if (j < 0 || d < best) {
            best = d;
            j = i;
        }
    }
    w->start_basis = j;
    if (j < 0 || j == w->cur_basis)
        return GF_OK;
    w->cur_basis = j;
    return gf_network_basis_load(w->net, w->bases[j].basis, err);
}

/* Keep the basis an optimal run ended on: in a free slot, else in place of
 * the one it started from (which it supersedes for inputs near these). */
static int keep_basis(gf_sweep_worker *w, gf_error *err)
{
    int32_t j = w->n_bases < SW_BASES ? w->n_bases++ : w->start_basis;
    sw_basis *b = &w->bases[j];
    int rc = gf_network_basis_save(w->net, &b->basis, err);

    w->cur_basis = rc ? -1 : j;
    memcpy(b->values, w->values, (size_t)w->s->n_params * sizeof(double));
    memcpy(b->events, w->events, (size_t)w->s->n_events * sizeof(bool));
    return rc;
}

/* Apply, solve and read; false with w->reason when the run fails. */
static int solve_run(gf_sweep_worker *w, gf_sweep_result *res, bool *ok, gf_error *err)
{
    gf_error e = {0};
    int64_t constant = 0;
    int rc;

    *ok = true;
    start_figures(w);
    for (int32_t i = 0; *ok && i < w->s->n_params; i++)
        *ok = apply_param(w, &w->s->params[i], w->values[i]);
    if (!*ok)
        return GF_OK;
    rc = write_network(w, &constant, &e);
    if (!rc)
        rc = close_events(w, &e);
    if (!rc)
        rc = choose_basis(w, &e);
    if (!rc)
        rc = gf_network_solve(w->net, &w->sol, &e);
    w->cur_basis = -1; /* the solver's basis is this run's now */
    if (!rc && w->sol.status == GF_SOLVE_OPTIMAL)
        rc = keep_basis(w, &e);
    if (rc == GF_ENOMEM || rc == GF_EINTERNAL) {
        gf_fail(err, rc, "%s", e.msg);
        return rc;
    }
    if (rc || w->sol.status != GF_SOLVE_OPTIMAL) {
        snprintf(w->reason, sizeof w->reason, "%s",
                 rc ? e.msg : gf_solve_status_name(w->sol.status));
        *ok = false;
        return GF_OK;
    }
    rc = write_inputs(w, res, NULL);
    return rc ? rc : write_results(w, res, constant);
}

int gf_sweep_worker_run_inputs(gf_sweep_worker *w, int64_t run, const double *values,
                               const bool *events, gf_sweep_result *res, gf_error *err)
{
    const gf_sweep *s;
    bool ok = false;
    int rc;

    if (!w || !res || (!values && w->s->n_params) || (!events && w->s->n_events))
        return gf_fail(err, GF_EINVAL, "gf_sweep_worker_run_inputs: NULL argument");
    if (w->v2)
        return gf__sweep_v2_run(w->v2, run, values, events, res, err);
    s = w->s;
    rc = gf_sweep_result_init(s, res, err);
    if (rc)
        return rc;
    if (values != w->values)
        memcpy(w->values, values, (size_t)s->n_params * sizeof(double));
    if (events != w->events)
        memcpy(w->events, events, (size_t)s->n_events * sizeof(bool));
    res->run = run;
    res->row_len = 0;
    res->saving_usd = NAN;
    rc = solve_run(w, res, &ok, err);
    if (!rc && !ok) {
        res->row_len = 0;
        rc = write_failed(w, res);
    }
    if (!rc)
        rc = gf__sweep_row_printf(res, "\n");
    res->ok = ok && !rc;
    if (rc > 0) /* the row's writers answer nonzero for memory alone */
        rc = gf_fail(err, GF_ENOMEM, "out of memory");
    ok = !w->must_reset || reset(w, err) == GF_OK;
    return rc ? rc : ok ? GF_OK : GF_EINTERNAL;
}

int gf_sweep_worker_run(gf_sweep_worker *w, int64_t run, gf_sweep_result *res, gf_error *err)
{
    if (!w)
        return gf_fail(err, GF_EINVAL, "gf_sweep_worker_run: NULL worker");
    gf_sweep_sample(w->s, run, w->values, w->events);
    return gf_sweep_worker_run_inputs(w, run, w->values, w->events, res, err);
}

/* The base run (every parameter at its base, no event) solved cold on a
 * freshly built network, and its basis kept in w->base; base_state -1 when
 * it fails (every chain then starts cold). */
static int solve_base(gf_sweep_worker *w, gf_error *err)
{
    const gf_sweep *s = w->s;
    gf_sweep_result res = {0};
    int rc = rebuild(w, err);

    for (int32_t p = 0; p < s->n_params; p++)
        w->values[p] = gf_sweep_param_base(s, p);
    memset(w->events, 0, (size_t)s->n_events * sizeof(bool));
    if (!rc)
        rc = gf_sweep_worker_run_inputs(w, -1, w->values, w->events, &res, err);
    w->base_state = !rc && res.ok ? 1 : -1;
    if (w->base_state > 0)
        rc = gf_network_basis_save(w->net, &w->base, err);
    gf_sweep_result_fini(&res);
    return rc;
}

int gf__sweep_worker_start(gf_sweep_worker *w, gf_error *err)
{
    sw_basis *b = &w->bases[0];
    int rc = w->base_state || w->v2 ? GF_OK : solve_base(w, err);

    if (w->v2) /* a model is built for each run: no basis to start from */
        return GF_OK;
    if (rc || w->base_state < 0)
        return rc ? rc : rebuild(w, err);
    w->n_bases = 0; /* the base's basis alone, as slot 0 */
    w->cur_basis = w->start_basis = -1;
    rc = gf_network_basis_load(w->net, w->base, err);
    if (!rc)
        rc = gf_network_basis_save(w->net, &b->basis, err);
    if (rc)
        return rc;
    for (int32_t p = 0; p < w->s->n_params; p++)
        b->values[p] = gf_sweep_param_base(w->s, p);
    memset(b->events, 0, (size_t)w->s->n_events * sizeof(bool));
    w->n_bases = 1;
    w->cur_basis = 0;
    return GF_OK;
}
