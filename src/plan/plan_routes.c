/* src/plan/plan_routes.c: decompose the optimal flow into routes, market summaries.
 *
 * For every demand arc with flow, walk backwards from its tail along incoming
 * arcs that still carry (residual) flow until the source is reached; the walk
 * is a path source -> supply -> links/storage -> demand -> sink carrying the
 * minimum residual flow on it, which is then subtracted. A walk that meets a
 * node already on it has found a flow cycle: the cycle is cancelled (its cost
 * is 0 at an optimum, since every cycle costs >= 0 here and a cycle of
 * positive cost could be cancelled to save money) and the walk goes on. Each
 * path removal or cancellation zeroes an arc, and a per-node cursor skips arcs
 * already at zero, so the work is O(arcs x path length). Only the arcs with
 * flow are indexed (gf_plan_extract lists them): the walk never needs the
 * others, and a plan uses a small share of the network's arcs. The legs of
 * all routes go into one block of the plan (gf__plan_box.legs), each route
 * at an offset while the block grows, pointed at once it is complete: one
 * allocation a plan instead of one a route.
 * SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "grainflow/alloc.h"
#include "plan/plan_int.h"

typedef struct walker {
    const gf_network *net;
    const int32_t *arc;  /* size k: the arcs with flow, ascending; "a position" is an index here */
    int64_t *x;          /* size k: residual flow per position */
    int32_t *in_first;   /* size n+1: CSR of the incoming positions */
    int32_t *in_arcs;    /* size k */
    int32_t *cursor;     /* size n */
    int32_t *at;         /* size n: index in path + 1 of the arc leaving it, 0 = not on it */
    int32_t *path;       /* size n+1: positions */
    gf_route_leg *legs;  /* size n+1: the legs of the path being recorded */
    int32_t *demand_pos; /* size demand rows + 1: position of the row's arc, -1 without flow */
    int32_t *leg_at;     /* size leg_at_cap: where route i's legs start in the plan's block */
    size_t leg_at_cap;
    size_t n_legs; /* legs in the plan's block */
    int32_t n_path;
    int32_t n, k;
    size_t n_demand; /* entries of demand_pos */
} walker;

static void walker_fini(walker *w)
{
    gf_free(w->leg_at, w->leg_at_cap * sizeof *w->leg_at);
    gf_free(w->demand_pos, w->n_demand * sizeof *w->demand_pos);
    gf_free(w->x, ((size_t)w->k + 1) * sizeof *w->x);
    gf_free(w->in_first, ((size_t)w->n + 1) * sizeof *w->in_first);
    gf_free(w->in_arcs, ((size_t)w->k + 1) * sizeof *w->in_arcs);
    gf_free(w->cursor, ((size_t)w->n + 1) * sizeof *w->cursor);
    gf_free(w->at, ((size_t)w->n + 1) * sizeof *w->at);
    gf_free(w->path, ((size_t)w->n + 1) * sizeof *w->path);
    gf_free(w->legs, ((size_t)w->n + 1) * sizeof *w->legs);
}

static int walker_init(walker *w, const gf_network *net, const int64_t *x, const int32_t *used,
                       int32_t n_used, gf_error *err)
{
    w->net = net;
    w->arc = used;
    w->n = net->n_nodes;
    w->k = n_used;
    w->x = gf_malloc(((size_t)w->k + 1) * sizeof *w->x);
    w->in_first = gf_calloc((size_t)w->n + 1, sizeof *w->in_first);
    w->in_arcs = gf_malloc(((size_t)w->k + 1) * sizeof *w->in_arcs);
    w->cursor = gf_malloc(((size_t)w->n + 1) * sizeof *w->cursor); /* set below: not zeroed */
    w->at = gf_calloc((size_t)w->n + 1, sizeof *w->at);
    w->path = gf_malloc(((size_t)w->n + 1) * sizeof *w->path);
    w->legs = gf_malloc(((size_t)w->n + 1) * sizeof *w->legs);
    w->n_demand = (size_t)gf_model_demand_count(net->model) + 1;
    w->demand_pos = gf_malloc(w->n_demand * sizeof *w->demand_pos);
    if (!w->x || !w->in_first || !w->in_arcs || !w->cursor || !w->at || !w->path || !w->legs ||
        !w->demand_pos)
        return gf_fail(err, GF_ENOMEM, "out of memory decomposing the flow into routes");
    for (size_t i = 0; i < w->n_demand; i++)
        w->demand_pos[i] = -1;
    for (int32_t i = 0; i < w->k; i++) {
        w->x[i] = x[used[i]];
        w->in_first[net->head[used[i]] + 1]++;
    }
    for (int32_t v = 0; v < w->n; v++) {
        w->in_first[v + 1] += w->in_first[v];
        w->cursor[v] = w->in_first[v];
    }
    for (int32_t i = 0; i < w->k; i++)
        w->in_arcs[w->cursor[net->head[used[i]]]++] = i;
    for (int32_t v = 0; v < w->n; v++)
        w->cursor[v] = w->in_first[v];
    return GF_OK;
}

/* The network arc at position i. */
static int32_t arc_at(const walker *w, int32_t i)
{
    return w->arc[i];
}

/* The tail of the arc at position i. */
static int32_t tail_at(const walker *w, int32_t i)
{
    return w->net->tail[w->arc[i]];
}

/* An incoming position of v with residual flow, or -1. */
static int32_t next_in(walker *w, int32_t v)
{
    while (w->cursor[v] < w->in_first[v + 1] && w->x[w->in_arcs[w->cursor[v]]] == 0)
        w->cursor[v]++;
    return w->cursor[v] < w->in_first[v + 1] ? w->in_arcs[w->cursor[v]] : -1;
}

/* e enters the walk's current node from u = src(e), already on the path at
 * index k (path[k] leaves u): cancel the cycle e, path[n-1], ..., path[k+1]. */
static void cancel_cycle(walker *w, int32_t e, int32_t k)
{
    int64_t d = w->x[e];

    for (int32_t i = k + 1; i < w->n_path; i++)
        d = w->x[w->path[i]] < d ? w->x[w->path[i]] : d;
    w->x[e] -= d;
    for (int32_t i = k + 1; i < w->n_path; i++) {
        w->x[w->path[i]] -= d;
        w->at[tail_at(w, w->path[i])] = 0;
    }
    w->n_path = k + 1;
}

/* Whether route r, its legs at block[at..], has exactly legs[0..n). */
static bool same_legs(const gf_plan_route *r, const gf_route_leg *block, int32_t at,
                      const gf_route_leg *legs, int32_t n)
{
    if (r->n_legs != n)
        return false;
    for (int32_t i = 0; i < n; i++)
        if (block[at + i].kind != legs[i].kind || block[at + i].ref != legs[i].ref ||
            block[at + i].period != legs[i].period)
            return false;
    return true;
}

/* Room for one more route (and its offset) and nl more legs in the block. */
static int make_room(gf_plan *p, walker *w, int32_t nl, gf_error *err)
{
    gf__plan_caps *caps = gf__plan_caps_of(p);
    gf__plan_box *box = (gf__plan_box *)(void *)p;

    if ((size_t)p->n_routes == w->leg_at_cap) {
        size_t nc = w->leg_at_cap ? 2 * w->leg_at_cap : 512;
        int32_t *at = gf_realloc(w->leg_at, w->leg_at_cap * sizeof *at, nc * sizeof *at);
        if (!at)
            return gf_fail(err, GF_ENOMEM, "out of memory recording routes");
        w->leg_at = at;
        w->leg_at_cap = nc;
    }
    if ((size_t)p->n_routes == caps->routes) {
        size_t nc = caps->routes ? 2 * caps->routes : 512; /* 360 on the default scenario */
        gf_plan_route *q = gf_realloc(p->routes, caps->routes * sizeof *q, nc * sizeof *q);
        if (!q)
            return gf_fail(err, GF_ENOMEM, "out of memory recording routes");
        p->routes = q;
        caps->routes = nc;
    }
    if (w->n_legs + (size_t)nl > caps->legs) {
        size_t nc = caps->legs ? 2 * caps->legs : 4096;
        gf_route_leg *q;
        while (nc < w->n_legs + (size_t)nl)
            nc *= 2;
        q = gf_realloc(box->legs, caps->legs * sizeof *q, nc * sizeof *q);
        if (!q)
            return gf_fail(err, GF_ENOMEM, "out of memory recording routes");
        box->legs = q;
        caps->legs = nc;
    }
    return GF_OK;
}

/* Record path (complete: path[n_path-1] is a supply arc) carrying d tonnes.
 * The legs are built in the walker's scratch array; only a new route gets
 * them copied into the plan's block of legs. */
static int record(gf_plan *p, walker *w, int64_t d, int32_t first_route, gf_error *err)
{
    const gf_network *net = w->net;
    const gf_model *m = net->model;
    gf_route_leg *block;
    gf_plan_route r = {0};
    gf_route_leg *legs = w->legs;
    int32_t nl = 0;
    int rc;

    r.supply = net->arc_ref[arc_at(w, w->path[w->n_path - 1])];
    r.demand = net->arc_ref[arc_at(w, w->path[0])];
    r.market = gf_model_demand(m, r.demand)->node;
    r.t = d;
    r.cents_per_t = gf_model_supply(m, r.supply)->price_cents_per_t;
    for (int32_t i = w->n_path - 1; i >= 0; i--) {
        int32_t e = arc_at(w, w->path[i]), ref = net->arc_ref[e];
        if (net->arc_kind[e] == GF_ARC_LINK) {
            const gf_link *l = gf_model_link(m, ref);
            legs[nl] = (gf_route_leg){GF_LEG_LINK, ref, net->arc_period[e],
                                      gf_model_link_cents_per_t(m, ref)};
            r.days += l->transit_days;
            r.kg_co2_per_t += l->distance_km * l->co2_kg_per_tkm;
        } else if (net->arc_kind[e] == GF_ARC_STORAGE) {
            legs[nl] = (gf_route_leg){GF_LEG_STORAGE, ref, net->arc_period[e],
                                      gf_model_node(m, ref)->storage_cents_per_t};
            r.days += gf_model_period_days(m);
        } else {
            continue;
        }
        r.cents_per_t += legs[nl++].cents_per_t;
    }
    block = ((gf__plan_box *)(void *)p)->legs;
    for (int32_t i = first_route; i < p->n_routes; i++)
        if (p->routes[i].supply == r.supply &&
            same_legs(&p->routes[i], block, w->leg_at[i], legs, nl)) {
            p->routes[i].t += d;
            return GF_OK;
        }
    rc = make_room(p, w, nl, err);
    if (rc)
        return rc;
    block = ((gf__plan_box *)(void *)p)->legs;
    r.n_legs = nl;
    r.legs = NULL; /* pointed into the block once it is complete (gf__plan_routes) */
    if (nl > 0)    /* bought at the market itself: no legs, maybe no block yet */
        memcpy(block + w->n_legs, legs, (size_t)nl * sizeof *legs);
    w->leg_at[p->n_routes] = (int32_t)w->n_legs;
    w->n_legs += (size_t)nl;
    p->routes[p->n_routes++] = r;
    return GF_OK;
}

/* Take all the flow of the demand arc at position e apart into paths. */
static int decompose_demand(gf_plan *p, walker *w, int32_t e, gf_error *err)
{
    int32_t first_route = p->n_routes;
    int rc = GF_OK;

    while (!rc && w->x[e] > 0) {
        int32_t v = tail_at(w, e);
        int64_t d = w->x[e];
        w->path[0] = e;
        w->n_path = 1;
        w->at[v] = 1;
        while (v != w->net->source) {
            int32_t a = next_in(w, v), u;
            if (a < 0)
                return gf_fail(err, GF_EINTERNAL, "flow is not conserved at network node %ld",
                               (long)v);
            u = tail_at(w, a);
            if (w->at[u]) {
                cancel_cycle(w, a, w->at[u] - 1);
                v = u;
                continue;
            }
            w->path[w->n_path++] = a;
            w->at[u] = w->n_path;
            v = u;
        }
        for (int32_t i = 0; i < w->n_path; i++) {
            d = w->x[w->path[i]] < d ? w->x[w->path[i]] : d;
            w->at[tail_at(w, w->path[i])] = 0;
        }
        for (int32_t i = 0; i < w->n_path; i++)
            w->x[w->path[i]] -= d;
        rc = record(p, w, d, first_route, err);
    }
    return rc;
}

static int cmp_route(const void *a, const void *b)
{
    const gf_plan_route *x = a, *y = b;

    if (x->market != y->market)
        return x->market < y->market ? -1 : 1;
    if (x->t != y->t)
        return x->t > y->t ? -1 : 1;
    if (x->demand != y->demand)
        return x->demand < y->demand ? -1 : 1;
    if (x->supply != y->supply)
        return x->supply < y->supply ? -1 : 1;
    return x->cents_per_t < y->cents_per_t ? -1 : x->cents_per_t > y->cents_per_t;
}

int gf__plan_routes(gf_plan *p, const gf_network *net, const int64_t *x, const int32_t *used,
                    int32_t n_used, gf_error *err)
{
    walker w = {0};
    int rc = walker_init(&w, net, x, used, n_used, err);

    /* the demand arcs with flow in demand row order, as the used list has
     * them: the positions straight from it, not a search per row */
    for (int32_t i = 0; !rc && i < w.k; i++)
        if (net->arc_kind[used[i]] == GF_ARC_DEMAND)
            w.demand_pos[net->arc_ref[used[i]]] = i;
    for (int32_t i = 0; !rc && i < gf_model_demand_count(net->model); i++)
        if (w.demand_pos[i] >= 0)
            rc = decompose_demand(p, &w, w.demand_pos[i], err);
    for (int32_t i = 0; !rc && i < p->n_routes; i++) /* the block no longer moves */
        if (p->routes[i].n_legs > 0)
            p->routes[i].legs = ((gf__plan_box *)(void *)p)->legs + w.leg_at[i];
    walker_fini(&w);
    if (!rc && p->n_routes > 1)
        qsort(p->routes, (size_t)p->n_routes, sizeof *p->routes, cmp_route);
    return rc;
}

bool gf__plan_same_links(const gf_plan_route *a, const gf_plan_route *b)
{
    int32_t i = 0, j = 0;

    for (;;) {
        while (i < a->n_legs && a->legs[i].kind != GF_LEG_LINK)
            i++;
        while (j < b->n_legs && b->legs[j].kind != GF_LEG_LINK)
            j++;
        if (i == a->n_legs || j == b->n_legs)
            return i == a->n_legs && j == b->n_legs;
        if (a->legs[i].ref != b->legs[j].ref)
            return false;
        i++;
        j++;
    }
}

typedef struct keyed_route {
    uint64_t hash; /* of the route's chain of links */
    int32_t route;
} keyed_route;

static uint64_t links_hash(const gf_plan_route *r)
{
    uint64_t h = 1469598103934665603ull;

    for (int32_t k = 0; k < r->n_legs; k++)
        if (r->legs[k].kind == GF_LEG_LINK)
            h = (h ^ (uint64_t)(uint32_t)r->legs[k].ref) * 1099511628211ull;
    return h;
}

/* sort_keyed(k, tmp, n): by hash, stably: k is filled in route order, so
 * this is the (hash, route) order. */
#define LOWER_HASH(x, y) ((x)->hash < (y)->hash)
GF__DEFINE_MERGE_SORT(sort_keyed, keyed_route, LOWER_HASH)
#undef LOWER_HASH

/* Route r carrying t tonnes on its chain is the market's main route when
 * that is more tonnes, or as many from an earlier route. */
static void consider(gf_plan_market_sum *s, int32_t r, int64_t t)
{
    if (t > s->main_route_t || (t == s->main_route_t && r < s->main_route)) {
        s->main_route_t = t;
        s->main_route = r;
    }
}

/* Within one run of equal hashes, the chain with the most tonnes (hash
 * collisions are told apart by comparing the chains). A run is one chain
 * but for a collision: that is checked first, with one comparison a route
 * against the run's first, and only a run that holds two chains pays the
 * comparison of every pair (a run is a chain's routes over the periods,
 * up to ~50: the pairs were 90,000 instructions a what-if). */
static void best_in_run(const gf_plan *p, const keyed_route *k, int32_t n, gf_plan_market_sum *s)
{
    int64_t sum = p->routes[k[0].route].t;
    int32_t one = 1;

    while (one < n && gf__plan_same_links(&p->routes[k[0].route], &p->routes[k[one].route]))
        sum += p->routes[k[one++].route].t;
    if (one == n) { /* what the loop below finds for one chain: its first route */
        consider(s, k[0].route, sum);
        return;
    }
    for (int32_t a = 0; a < n; a++) {
        int64_t t = 0;
        bool seen = false;
        for (int32_t b = 0; b < a && !seen; b++)
            seen = gf__plan_same_links(&p->routes[k[a].route], &p->routes[k[b].route]);
        if (seen)
            continue;
        for (int32_t b = a; b < n; b++)
            if (gf__plan_same_links(&p->routes[k[a].route], &p->routes[k[b].route]))
                t += p->routes[k[b].route].t;
        consider(s, k[a].route, t);
    }
}

/* For each market, the chain of links carrying the most tonnes over all
 * periods (ties: the first route of the chain in route order). Routes are
 * sorted by market, so each market's routes form one block; within it the
 * routes are grouped by a hash of their chain: O(R log R) overall. */
static int main_routes(gf_plan *p, const int32_t *sum_of_node, gf_error *err)
{
    keyed_route *k = gf_malloc(2 * ((size_t)p->n_routes + 1) * sizeof *k); /* then the sort's */
    int32_t lo, hi;

    if (!k)
        return gf_fail(err, GF_ENOMEM, "out of memory summarising markets");
    for (lo = 0; lo < p->n_routes; lo = hi) {
        gf_plan_market_sum *s = &p->market_sums[sum_of_node[p->routes[lo].market]];
        int32_t n = 0;
        for (hi = lo; hi < p->n_routes && p->routes[hi].market == p->routes[lo].market; hi++)
            k[n++] = (keyed_route){links_hash(&p->routes[hi]), hi};
        sort_keyed(k, k + p->n_routes + 1, n);
        for (int32_t a = 0, b; a < n; a = b) {
            for (b = a; b < n && k[b].hash == k[a].hash; b++)
                ;
            best_in_run(p, k + a, b - a, s);
        }
    }
    gf_free(k, 2 * ((size_t)p->n_routes + 1) * sizeof *k);
    return GF_OK;
}

int gf__plan_market_sums(gf_plan *p, gf_error *err)
{
    int rc;
    int32_t nn = gf_model_node_count(p->model);
    int32_t *idx = gf_malloc(((size_t)nn + 1) * sizeof *idx), n_nodes = 0;

    if (!idx)
        return gf_fail(err, GF_ENOMEM, "out of memory summarising markets");
    for (int32_t n = 0; n < nn; n++)
        idx[n] = -1;
    /* one sum per market node (20 on the default scenario, against 1,040
     * demand rows): numbered in the order of their first row, allocated
     * for as many as there are, so a what-if zeroes 2 KB, not 83 KB */
    for (int32_t i = 0; i < p->n_markets; i++)
        if (idx[p->markets[i].node] < 0)
            idx[p->markets[i].node] = n_nodes++;
    if (!GF__PLAN_ALLOC(p, market_sums, (size_t)n_nodes + 1)) {
        gf_free(idx, ((size_t)nn + 1) * sizeof *idx);
        return gf_fail(err, GF_ENOMEM, "out of memory summarising markets");
    }
    for (int32_t i = 0; i < p->n_markets; i++) {
        const gf_plan_market *mk = &p->markets[i];
        gf_plan_market_sum *s = &p->market_sums[idx[mk->node]];
        if (idx[mk->node] == p->n_market_sums) /* the node's first row */
            p->market_sums[p->n_market_sums++] =
                (gf_plan_market_sum){.node = mk->node, .main_route = -1};
        s->demand_t += mk->demand_t;
        s->delivered_t += mk->delivered_t;
        s->unmet_t += mk->unmet_t;
        s->alt_cents += mk->delivered_t * mk->alt_cents_per_t;
        s->alt_all_cents += mk->demand_t * mk->alt_cents_per_t;
    }
    for (int32_t i = 0; i < p->n_routes; i++) {
        gf_plan_market_sum *s =
            &p->market_sums[idx[gf_model_demand(p->model, p->routes[i].demand)->node]];
        s->landed_cents += p->routes[i].t * p->routes[i].cents_per_t;
        s->co2_kg += (double)p->routes[i].t * p->routes[i].kg_co2_per_t;
    }
    rc = main_routes(p, idx, err);
    gf_free(idx, ((size_t)nn + 1) * sizeof *idx);
    return rc;
}
