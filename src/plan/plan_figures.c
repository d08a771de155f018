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
 * cost - handling at w) over links and v(n,t+1) - fee over storage. Costs and
 * fees are >= 0, so this is Dijkstra's algorithm run backwards from the
 * demand rows: the best label not yet final is final, and labels what reaches
 * its state (the links into its node, by gf_model_departure, and its storage
 * from the period before). One pass, O(S log S + L x P) for S = N x P
 * states; the Bellman-Ford rounds over every link and period it replaces
 * were 70% of a warm what-if's time outside the solver (bench/whatif.sh).
 * Each link's lag is looked up once, in the CSR of links by end node, so a
 * relaxation is a subtraction, not a gf_model_departure call (that call was
 * a fifth of this pass). The hubs' tonnes are one pass over the markets,
 * flows and routes each (a node -> hub index), not one per hub.
 * Why one from-scratch pass per plan, what-ifs included (issue 7, section
 * 2), after three ways around it were weighed:
 * - From the duals: no. The solve's potentials are distances in the
 *   residual network, where a saturated arc (a capacity, a throughput, a
 *   supply bound) is missing forward, so they carry the shadow prices of
 *   binding capacities; these labels ignore capacities by design (below),
 *   and the tie-breaks (nearer market, lower row, first leg) are in no
 *   dual. The potentials enter only as the anchors' landed costs.
 * - Restarted from what the edit changed: exact in principle (re-label
 *   the states whose best path uses a changed link, fee or anchor, the
 *   first leg re-derived in pop order), but no cheaper on the what-ifs
 *   that matter: every origin-market path of the default scenario crosses
 *   a sea link, so scale_freight on sea (or a handling fee at a port) and
 *   its reset invalidate every supply state's path, and the landed costs
 *   the labels start from are the new potentials, which a what-if moves.
 * - Only for the outputs that print them: every product output does (the
 *   summary, --json, -o, the server's stored run); the callers that read
 *   only the core figures already skip them (the lazy plan, plan_int.h).
 * - Stopping once every supply state is final: exact (first_link follows
 *   states final before it) but measured to save nothing: the origins are
 *   the farthest states from the markets and leave the heap last.
 * So the pass stays, made cheaper: bottom-up pops (bench/README.md). Even
 * at no cost it leaves a full what-if at 34% outside the solve call, above
 * the 25% target: the target is met by the lazy plan only.
 * Equal values are told apart by the nearer market (fewer links and storage
 * steps), then the lower demand row: at an optimum a market served through
 * another ties with it exactly (its potential is the other's plus the leg),
 * and the nearer one is the answer a planner reads. Capacities
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

/* A state in the heap with a copy of its label, so that ordering two heap
 * entries reads only the heap (not three arrays per side). */
typedef struct heap_entry {
    int64_t v;
    int32_t hops, anchor, s;
} heap_entry;

typedef struct values {
    int32_t np;
    size_t n_states, n_nodes, n_links; /* entries allocated: N x P + 1, N + 1, L + 1 */
    int64_t *v;                        /* size N x P, node-major: value of a tonne at (n,t) */
    int32_t *anchor;                   /* demand row the value is reached at, -1 */
    int32_t *step;                     /* link taken, STEP_STORAGE, or STEP_ANCHOR */
    int32_t *hops;                     /* links and storage steps from the anchor */
    heap_entry *heap;                  /* states with a value not yet final, best first */
    int32_t *pos;                      /* a state's index in heap; -1 when not in it */
    int32_t n_heap;
    int32_t *in_first, *in_links; /* CSR of the links by their end node */
    int32_t *in_from;             /* per CSR entry: the link's start node */
    int64_t *in_cost;             /* per CSR entry: link cost + handling at its end */
    int32_t *in_lag;              /* per CSR entry: the link's lag, reduced mod P on a cycle */
    int64_t *store_fee;           /* per node: its storage fee a tonne and period, -1: none */
    bool cyclic;
} values;

/* Whether the label (v, hops, anchor) is better than state f's: a higher
 * value, then fewer hops (the nearer market), then the lower demand row. */
static inline bool better(const values *vs, int64_t v, int32_t hops, int32_t anchor, int32_t f)
{
    if (v != vs->v[f])
        return v > vs->v[f];
    if (hops != vs->hops[f])
        return hops < vs->hops[f];
    return anchor < vs->anchor[f];
}

/* a comes out of the heap before b: the better label, then the lower
 * state (a strict total order, so the states leave the heap in one order
 * whatever the heap's shape). */
static inline bool before(const heap_entry *a, const heap_entry *b)
{
    if (a->v != b->v)
        return a->v > b->v;
    if (a->hops != b->hops)
        return a->hops < b->hops;
    if (a->anchor != b->anchor)
        return a->anchor < b->anchor;
    return a->s < b->s;
}

static inline void heap_put(values *vs, int32_t i, const heap_entry *e)
{
    vs->heap[i] = *e;
    vs->pos[e->s] = i;
}

/* Put state s in the heap with its label (just raised), or move it up to
 * its place when it is in it. */
static void heap_up(values *vs, int32_t s)
{
    heap_entry e = {vs->v[s], vs->hops[s], vs->anchor[s], s};
    int32_t i = vs->pos[s];

    if (i < 0)
        i = vs->n_heap++;
    while (i > 0 && before(&e, &vs->heap[(i - 1) / 2])) {
        heap_put(vs, i, &vs->heap[(i - 1) / 2]);
        i = (i - 1) / 2;
    }
    heap_put(vs, i, &e);
}

/* Put e at slot i of the heap's first n entries, or below it where e's
 * children come before it. */
static inline void heap_down(values *vs, int32_t i, int32_t n, heap_entry e)
{
    for (;;) {
        int32_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && before(&vs->heap[c + 1], &vs->heap[c]))
            c++;
        if (!before(&vs->heap[c], &e))
            break;
        heap_put(vs, i, &vs->heap[c]);
        i = c;
    }
    heap_put(vs, i, &e);
}

/* Take the best state out of the heap (not empty), bottom-up: the hole
 * the top leaves goes down to a leaf along the better children (one
 * comparison a level, where heap_down's sift of the last entry makes two)
 * and the last entry moves up from there, rarely more than a level or two.
 * The heap's shape differs from a top-down pop's; the order states leave
 * it in does not (before is a strict total order). */
static int32_t heap_pop(values *vs)
{
    int32_t top = vs->heap[0].s, n = --vs->n_heap, i = 0;
    heap_entry last;

    vs->pos[top] = -1;
    if (n == 0)
        return top;
    last = vs->heap[n];
    for (int32_t c = 1; c < n; c = 2 * i + 1) {
        if (c + 1 < n && before(&vs->heap[c + 1], &vs->heap[c]))
            c++;
        heap_put(vs, i, &vs->heap[c]);
        i = c;
    }
    while (i > 0 && before(&last, &vs->heap[(i - 1) / 2])) {
        heap_put(vs, i, &vs->heap[(i - 1) / 2]);
        i = (i - 1) / 2;
    }
    heap_put(vs, i, &last);
    return top;
}

/* Raise state f's label from final state s at cost c when that improves it
 * (most do not: the value alone rules them out before the full comparison). */
static void relax(values *vs, int32_t f, int32_t s, int64_t c, int32_t step)
{
    if (vs->v[s] - c < vs->v[f] || !better(vs, vs->v[s] - c, vs->hops[s] + 1, vs->anchor[s], f))
        return;
    vs->v[f] = vs->v[s] - c;
    vs->hops[f] = vs->hops[s] + 1;
    vs->anchor[f] = vs->anchor[s];
    vs->step[f] = step;
    heap_up(vs, f);
}

/* Final state s = (w, ta) labels what reaches it: (from, ta - lag) over each
 * link into w, and (w, ta - 1) over w's storage (both wrapped on a cyclic
 * horizon, dropped before period 0 on an open one). */
static void relax_into(values *vs, int32_t s)
{
    int32_t np = vs->np, w = s / np, ta = s % np;

    for (int32_t k = vs->in_first[w]; k < vs->in_first[w + 1]; k++) {
        int32_t t = ta - vs->in_lag[k], f; /* gf_model_departure, the lag looked up once */
        if (t < 0 && vs->cyclic)
            t += np;
        if (t < 0)
            continue;
        f = vs->in_from[k] * np + t;
        if (vs->v[s] - vs->in_cost[k] >= vs->v[f]) /* relax's first test, without the call */
            relax(vs, f, s, vs->in_cost[k], vs->in_links[k]);
    }
    if (vs->store_fee[w] >= 0 && (ta > 0 || vs->cyclic))
        relax(vs, w * np + (ta > 0 ? ta - 1 : np - 1), s, vs->store_fee[w], STEP_STORAGE);
}

static void values_fini(values *vs)
{
    gf_free(vs->v, vs->n_states * sizeof *vs->v);
    gf_free(vs->anchor, vs->n_states * sizeof *vs->anchor);
    gf_free(vs->step, vs->n_states * sizeof *vs->step);
    gf_free(vs->hops, vs->n_states * sizeof *vs->hops);
    gf_free(vs->heap, vs->n_states * sizeof *vs->heap);
    gf_free(vs->pos, vs->n_states * sizeof *vs->pos);
    gf_free(vs->in_first, vs->n_nodes * sizeof *vs->in_first);
    gf_free(vs->in_links, vs->n_links * sizeof *vs->in_links);
    gf_free(vs->in_from, vs->n_links * sizeof *vs->in_from);
    gf_free(vs->in_cost, vs->n_links * sizeof *vs->in_cost);
    gf_free(vs->in_lag, vs->n_links * sizeof *vs->in_lag);
    gf_free(vs->store_fee, vs->n_nodes * sizeof *vs->store_fee);
}

/* The links of m by their end node, in link order (vs->in_first, in_links),
 * with their start and cost to the end node's handling included; each
 * node's storage fee (a gf_model_node call a state was 3% of the pass). */
static void index_links(const gf_model *m, values *vs)
{
    int32_t nn = gf_model_node_count(m), nl = gf_model_link_count(m);

    for (int32_t l = 0; l < nl; l++)
        vs->in_first[gf_model_link(m, l)->to + 1]++;
    for (int32_t n = 0; n < nn; n++)
        vs->in_first[n + 1] += vs->in_first[n];
    for (int32_t l = 0; l < nl; l++) {
        const gf_link *k = gf_model_link(m, l);
        int32_t i = vs->in_first[k->to]++;
        vs->in_links[i] = l;
        vs->in_from[i] = k->from;
        vs->in_cost[i] = gf_model_link_cents_per_t(m, l); /* cost - subsidy + handling at to */
        vs->in_lag[i] = vs->cyclic ? k->lag % vs->np : k->lag;
    }
    for (int32_t n = 0; n < nn; n++) {
        const gf_node *nd = gf_model_node(m, n);
        vs->store_fee[n] = nd->storage_t > 0 ? nd->storage_cents_per_t : -1;
    }
    for (int32_t n = nn; n > 0; n--) /* each start moved to the next's: shift back */
        vs->in_first[n] = vs->in_first[n - 1];
    vs->in_first[0] = 0;
}

static int values_compute(const gf_model *m, const int64_t *landed_cents, values *vs)
{
    int32_t np = gf_model_periods(m), nn = gf_model_node_count(m);
    size_t n = (size_t)nn * (size_t)np + 1;

    vs->np = np;
    vs->n_states = n;
    vs->n_nodes = (size_t)nn + 1;
    vs->n_links = (size_t)gf_model_link_count(m) + 1;
    vs->v = gf_malloc(n * sizeof *vs->v);
    vs->anchor = gf_malloc(n * sizeof *vs->anchor);
    vs->step = gf_malloc(n * sizeof *vs->step);
    vs->hops = gf_malloc(n * sizeof *vs->hops);
    vs->heap = gf_malloc(n * sizeof *vs->heap);
    vs->pos = gf_malloc(n * sizeof *vs->pos);
    vs->in_first = gf_calloc(vs->n_nodes, sizeof *vs->in_first);
    vs->in_links = gf_malloc(vs->n_links * sizeof *vs->in_links);
    vs->in_from = gf_malloc(vs->n_links * sizeof *vs->in_from);
    vs->in_cost = gf_malloc(vs->n_links * sizeof *vs->in_cost);
    vs->in_lag = gf_malloc(vs->n_links * sizeof *vs->in_lag);
    vs->store_fee = gf_malloc(vs->n_nodes * sizeof *vs->store_fee);
    vs->cyclic = gf_model_horizon(m) == GF_HORIZON_CYCLIC;
    if (!vs->v || !vs->anchor || !vs->step || !vs->hops || !vs->heap || !vs->pos || !vs->in_first ||
        !vs->in_links || !vs->in_from || !vs->in_cost || !vs->in_lag || !vs->store_fee)
        return GF_ENOMEM;
    index_links(m, vs);
    for (size_t i = 0; i < n; i++) {
        vs->v[i] = NO_VALUE;
        vs->anchor[i] = -1;
        vs->step[i] = STEP_ANCHOR;
        vs->hops[i] = 0;
        vs->pos[i] = -1;
    }
    for (int32_t i = 0; i < gf_model_demand_count(m); i++) {
        const gf_demand *d = gf_model_demand(m, i);
        int32_t s = d->node * np + d->period;
        if (d->t > 0 && landed_cents[i] > vs->v[s]) {
            vs->v[s] = landed_cents[i];
            vs->anchor[s] = i;
            if (vs->pos[s] < 0) {
                vs->pos[s] = vs->n_heap;
                vs->heap[vs->n_heap++].s = s;
            }
        }
    }
    /* the anchors' labels are final now: heap them in one O(S) pass, not
     * one heap_up a demand row (1,040 of them: 84,000 instructions) */
    for (int32_t k = 0; k < vs->n_heap; k++) {
        int32_t s = vs->heap[k].s;
        vs->heap[k] = (heap_entry){vs->v[s], vs->hops[s], vs->anchor[s], s};
    }
    for (int32_t k = vs->n_heap / 2 - 1; k >= 0; k--)
        heap_down(vs, k, vs->n_heap, vs->heap[k]);
    while (vs->n_heap > 0) /* Dijkstra: a label is final when it leaves the heap */
        relax_into(vs, heap_pop(vs));
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

/* Offer s is origin o's best so far when its margin is higher than
 * the best before it (rows taken in order: the first of equal margins). */
static void origin_offer(const gf_model *m, const values *vs, const gf_supply *s, gf_plan_origin *o)
{
    int64_t st = (int64_t)s->node * vs->np + s->period, margin;

    o->offered_t += s->t;
    if (vs->v[st] == NO_VALUE)
        return;
    margin = vs->v[st] - s->price_cents_per_t;
    if (o->best_market >= 0 && margin <= o->margin_cents_per_t) /* >= 0 once one was taken */
        return;
    o->margin_cents_per_t = margin;
    o->price_cents_per_t = s->price_cents_per_t;
    o->best_market = gf_model_demand(m, vs->anchor[st])->node;
    o->best_period = gf_model_demand(m, vs->anchor[st])->period;
    o->best_supply_period = s->period;
    o->first_link = first_link(vs, s->node, s->period);
}

/* The origins' figures in one pass over the supply rows (offered, the best
 * offer: origin_offer) and one over the routes (sold tonnes, netback),
 * through slot (node -> origin index, -1): one pass per origin over each
 * was 90,000 instructions a what-if on the default scenario's 7 origins.
 * earned: n_origins entries, zeroed. */
static void origin_figures(gf_plan *p, const values *vs, const int32_t *slot, int64_t *earned)
{
    const gf_model *m = p->model;

    for (int32_t i = 0; i < gf_model_supply_count(m); i++) {
        const gf_supply *s = gf_model_supply(m, i);
        if (s->t > 0)
            origin_offer(m, vs, s, &p->origins[slot[s->node]]);
    }
    for (int32_t i = 0; i < p->n_routes; i++) {
        const gf_plan_route *r = &p->routes[i];
        const gf_supply *s = gf_model_supply(m, r->supply);
        int32_t k = slot[s->node];
        p->origins[k].sold_t += r->t;
        earned[k] += r->t * (gf_model_demand(m, r->demand)->alt_cents_per_t -
                             (r->cents_per_t - s->price_cents_per_t));
    }
    for (int32_t k = 0; k < p->n_origins; k++) {
        gf_plan_origin *o = &p->origins[k];
        if (o->first_link >= 0)
            o->first_link_cents_per_t = gf_model_link_cents_per_t(m, o->first_link);
        if (o->sold_t > 0)
            o->netback_cents_per_t = earned[k] / o->sold_t;
    }
}

int gf__plan_origins(gf_plan *p, const int64_t *landed_cents, gf_error *err)
{
    const gf_model *m = p->model;
    int32_t nn = gf_model_node_count(m);
    values vs = {0};
    int32_t *slot = gf_malloc(((size_t)nn + 1) * sizeof *slot);
    int64_t *earned = NULL;
    int rc = slot ? values_compute(m, landed_cents, &vs) : GF_ENOMEM;
    int32_t n_origins = 0;

    if (rc)
        goto out;
    for (int32_t n = 0; n < nn; n++)
        slot[n] = -1;
    for (int32_t i = 0; i < gf_model_supply_count(m); i++)
        slot[gf_model_supply(m, i)->node] = 0;
    for (int32_t n = 0; n < nn; n++) /* the origins in node order */
        if (slot[n] >= 0)
            slot[n] = n_origins++;
    earned = gf_calloc((size_t)n_origins + 1, sizeof *earned);
    if (!earned || !GF__PLAN_ALLOC(p, origins, (size_t)n_origins + 1)) {
        rc = GF_ENOMEM;
        goto out;
    }
    for (int32_t n = 0; n < nn; n++)
        if (slot[n] >= 0)
            p->origins[slot[n]] = (gf_plan_origin){.node = n, .best_market = -1, .first_link = -1};
    p->n_origins = n_origins;
    origin_figures(p, &vs, slot, earned);
out:
    values_fini(&vs);
    gf_free(slot, ((size_t)nn + 1) * sizeof *slot);
    gf_free(earned, ((size_t)n_origins + 1) * sizeof *earned);
    return rc ? gf_fail(err, rc, "out of memory valuing the origins") : GF_OK;
}

/* Per hub: throughput (arrived over links), received for own demand,
 * shipped, and transshipped = shipped less what was bought at the node
 * itself, at most what arrived. One pass over the markets, the flows and the
 * routes each, through hub_of (node -> hub index, -1; nn + 1 entries). */
static void hub_flows(gf_plan *p, int32_t *hub_of, int64_t *own_supply)
{
    const gf_model *m = p->model;
    int32_t nn = gf_model_node_count(m);

    for (int32_t n = 0; n < nn; n++)
        hub_of[n] = -1;
    for (int32_t k = 0; k < p->n_hubs; k++) {
        hub_of[p->hubs[k].node] = k;
        own_supply[k] = 0;
    }
    for (int32_t i = 0; i < p->n_markets; i++)
        if (hub_of[p->markets[i].node] >= 0)
            p->hubs[hub_of[p->markets[i].node]].received_own_t += p->markets[i].delivered_t;
    for (int32_t i = 0; i < p->n_flows; i++) {
        const gf_link *l = gf_model_link(m, p->flows[i].link);
        if (hub_of[l->to] >= 0)
            p->hubs[hub_of[l->to]].throughput_t += p->flows[i].t;
        if (hub_of[l->from] >= 0)
            p->hubs[hub_of[l->from]].shipped_t += p->flows[i].t;
    }
    for (int32_t i = 0; i < p->n_routes; i++) {
        int32_t k = hub_of[gf_model_supply(m, p->routes[i].supply)->node];
        if (k >= 0)
            own_supply[k] += p->routes[i].t;
    }
    for (int32_t k = 0; k < p->n_hubs; k++) {
        gf_plan_hub *h = &p->hubs[k];
        h->transshipped_t = h->shipped_t - own_supply[k];
        if (h->transshipped_t < 0)
            h->transshipped_t = 0;
        if (h->transshipped_t > h->throughput_t)
            h->transshipped_t = h->throughput_t;
    }
}

int gf__plan_figures(gf_plan *p, gf_error *err)
{
    int64_t landed = 0, *marginal, *own;
    int32_t nn = gf_model_node_count(p->model), *hub_of;
    int rc;

    for (int32_t i = 0; i < p->n_market_sums; i++) {
        p->saving_cents += p->market_sums[i].alt_cents - p->market_sums[i].landed_cents;
        landed += p->market_sums[i].landed_cents;
    }
    p->landed_avg_cents = p->delivered_t > 0 ? (landed + p->delivered_t / 2) / p->delivered_t : 0;
    hub_of = gf_malloc(((size_t)nn + 1) * sizeof *hub_of);
    own = gf_malloc(((size_t)p->n_hubs + 1) * sizeof *own);
    if (hub_of && own)
        hub_flows(p, hub_of, own);
    gf_free(hub_of, ((size_t)nn + 1) * sizeof *hub_of);
    gf_free(own, ((size_t)p->n_hubs + 1) * sizeof *own);
    if (!hub_of || !own)
        return gf_fail(err, GF_ENOMEM, "out of memory counting the hubs' tonnes");
    marginal = gf_malloc(((size_t)p->n_markets + 1) * sizeof *marginal);
    if (!marginal)
        return gf_fail(err, GF_ENOMEM, "out of memory valuing the origins");
    for (int32_t i = 0; i < p->n_markets; i++)
        marginal[p->markets[i].demand] = p->markets[i].landed_cents_per_t;
    rc = gf__plan_origins(p, marginal, err);
    gf_free(marginal, ((size_t)p->n_markets + 1) * sizeof *marginal);
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

char *gf_usd_format(int64_t cents, char *buf, unsigned long size)
{
    char whole[32];
    uint64_t a = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;

    if (!size)
        return buf;
    gf_tonnes_format((int64_t)(a / 100), whole, sizeof whole);
    snprintf(buf, size, "%s$%s.%02u", cents < 0 ? "-" : "", whole, (unsigned)(a % 100));
    return buf;
}
