/* tests/support/randnet.c: seeded random min-cost-flow networks for tests.
 *
 * Arcs first: ends (a self-loop, a copy of an earlier arc's ends, or two
 * random nodes), then bounds and cost. Feasible networks draw a flow x within
 * each arc's bounds (within [lower, lower + cap_max] when uncapacitated) and
 * set b[v] = out(v) - in(v), so x proves them feasible. Other networks draw
 * b at random, and the last node may balance the sum.
 * SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "support/randnet.h"

uint64_t randnet_next(randnet_rng *r)
{
    uint64_t z = (r->state += 0x9e3779b97f4a7c15u); /* splitmix64 */
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

int64_t randnet_range(randnet_rng *r, int64_t lo, int64_t hi)
{
    uint64_t span = (uint64_t)hi - (uint64_t)lo + 1, x, limit;

    if (span == 0) /* the whole 64-bit range */
        return (int64_t)randnet_next(r);
    limit = UINT64_MAX - UINT64_MAX % span; /* reject the biased tail */
    do {
        x = randnet_next(r);
    } while (x >= limit);
    return (int64_t)((uint64_t)lo + x % span);
}

bool randnet_chance(randnet_rng *r, int permille)
{
    return randnet_range(r, 0, 999) < permille;
}

randnet_opts randnet_opts_default(uint64_t seed, int32_t n_nodes, int32_t n_arcs)
{
    randnet_opts o;

    memset(&o, 0, sizeof o);
    o.seed = seed;
    o.n_nodes = n_nodes;
    o.n_arcs = n_arcs;
    o.cost_min = -20;
    o.cost_max = 50;
    o.cap_min = 0;
    o.cap_max = 30;
    o.lower_max = 5;
    o.uncap_permille = 100;
    o.lower_permille = 100;
    o.self_loop_permille = 20;
    o.parallel_permille = 50;
    o.uncap_cost_nonneg = true;
    o.feasible = true;
    o.supply_max = 20;
    o.balanced = true;
    return o;
}

void randnet_fini(randnet *net)
{
    if (!net)
        return;
    free(net->supply);
    free(net->src);
    free(net->dst);
    free(net->lower);
    free(net->upper);
    free(net->cost);
    free(net->uncap);
    memset(net, 0, sizeof *net);
}

static int alloc_net(randnet *net, int32_t n, int32_t m)
{
    size_t kn = (size_t)(n > 0 ? n : 1), km = (size_t)(m > 0 ? m : 1);

    memset(net, 0, sizeof *net);
    net->n_nodes = n;
    net->n_arcs = m;
    net->supply = calloc(kn, sizeof *net->supply);
    net->src = calloc(km, sizeof *net->src);
    net->dst = calloc(km, sizeof *net->dst);
    net->lower = calloc(km, sizeof *net->lower);
    net->upper = calloc(km, sizeof *net->upper);
    net->cost = calloc(km, sizeof *net->cost);
    net->uncap = calloc(km, 1);
    if (!net->supply || !net->src || !net->dst || !net->lower || !net->upper || !net->cost ||
        !net->uncap) {
        randnet_fini(net);
        return -1;
    }
    return 0;
}

static void draw_ends(randnet *net, randnet_rng *r, const randnet_opts *o, int32_t e)
{
    int32_t n = net->n_nodes;

    if (randnet_chance(r, o->self_loop_permille)) {
        net->src[e] = net->dst[e] = (int32_t)randnet_range(r, 0, n - 1);
    } else if (e > 0 && randnet_chance(r, o->parallel_permille)) {
        int32_t f = (int32_t)randnet_range(r, 0, e - 1);
        net->src[e] = net->src[f];
        net->dst[e] = net->dst[f];
    } else {
        net->src[e] = (int32_t)randnet_range(r, 0, n - 1);
        net->dst[e] = (int32_t)randnet_range(r, 0, n - 1);
        if (n > 1 && net->dst[e] == net->src[e]) /* self-loops only when asked */
            net->dst[e] = (net->dst[e] + 1) % n;
    }
}

static void draw_arc(randnet *net, randnet_rng *r, const randnet_opts *o, int32_t e)
{
    int64_t cmin = o->cost_min;

    draw_ends(net, r, o, e);
    net->uncap[e] = randnet_chance(r, o->uncap_permille);
    net->lower[e] =
        randnet_chance(r, o->lower_permille) ? randnet_range(r, -o->lower_max, o->lower_max) : 0;
    net->upper[e] = net->lower[e] + randnet_range(r, o->cap_min, o->cap_max);
    if (net->uncap[e] && o->uncap_cost_nonneg && cmin < 0)
        cmin = 0; /* [0, max(0, cost_max)] */
    net->cost[e] = randnet_range(r, cmin, cmin > o->cost_max ? cmin : o->cost_max);
}

static void draw_supplies(randnet *net, randnet_rng *r, const randnet_opts *o)
{
    int32_t n = net->n_nodes;

    if (o->feasible) {
        for (int32_t e = 0; e < net->n_arcs; e++) {
            int64_t hi = net->uncap[e] ? net->lower[e] + o->cap_max : net->upper[e];
            int64_t x = randnet_range(r, net->lower[e], hi);
            net->supply[net->src[e]] += x;
            net->supply[net->dst[e]] -= x;
        }
        return;
    }
    for (int32_t v = 0; v < n; v++)
        net->supply[v] = randnet_range(r, -o->supply_max, o->supply_max);
    if (o->balanced && n > 0) {
        int64_t sum = 0;
        for (int32_t v = 0; v < n - 1; v++)
            sum += net->supply[v];
        net->supply[n - 1] = -sum;
    }
}

int randnet_generate(randnet *net, const randnet_opts *o)
{
    randnet_rng r = {o ? o->seed : 0};
    int32_t m;

    if (!net)
        return -1;
    memset(net, 0, sizeof *net);
    if (!o || o->n_nodes < 0 || o->n_arcs < 0 || o->cost_min > o->cost_max || o->cap_min < 0 ||
        o->cap_min > o->cap_max || o->lower_max < 0)
        return -1;
    m = o->n_nodes > 0 ? o->n_arcs : 0;
    if (alloc_net(net, o->n_nodes, m))
        return -1;
    for (int32_t e = 0; e < m; e++)
        draw_arc(net, &r, o, e);
    draw_supplies(net, &r, o);
    return 0;
}

int randnet_copy(randnet *dst, const randnet *src)
{
    size_t kn = (size_t)(src->n_nodes > 0 ? src->n_nodes : 1);
    size_t km = (size_t)(src->n_arcs > 0 ? src->n_arcs : 1);

    if (alloc_net(dst, src->n_nodes, src->n_arcs))
        return -1;
    memcpy(dst->supply, src->supply, kn * sizeof *dst->supply);
    memcpy(dst->src, src->src, km * sizeof *dst->src);
    memcpy(dst->dst, src->dst, km * sizeof *dst->dst);
    memcpy(dst->lower, src->lower, km * sizeof *dst->lower);
    memcpy(dst->upper, src->upper, km * sizeof *dst->upper);
    memcpy(dst->cost, src->cost, km * sizeof *dst->cost);
    memcpy(dst->uncap, src->uncap, km);
    return 0;
}

gf_mcf *randnet_to_mcf_permuted(const randnet *net, const int32_t *perm, gf_error *err)
{
    int32_t m = net->n_arcs;
    size_t km = (size_t)(m > 0 ? m : 1);
    int32_t *src = malloc(km * sizeof *src), *dst = malloc(km * sizeof *dst);
    int64_t *lo = malloc(km * sizeof *lo), *up = malloc(km * sizeof *up);
    int64_t *cost = malloc(km * sizeof *cost);
    uint8_t *uncap = malloc(km);
    gf_mcf *mcf = NULL;

    if (src && dst && lo && up && cost && uncap) {
        for (int32_t i = 0; i < m; i++) {
            int32_t e = perm ? perm[i] : i;
            src[i] = net->src[e];
            dst[i] = net->dst[e];
            lo[i] = net->lower[e];
            up[i] = net->upper[e];
            cost[i] = net->cost[e];
            uncap[i] = net->uncap[e];
        }
        gf_mcf_arcs arcs = {m, src, dst, lo, up, uncap, cost};
        mcf = gf_mcf_create_arcs(net->n_nodes, net->supply, &arcs, err);
    } else {
        gf_fail(err, GF_ENOMEM, "randnet: out of memory");
    }
    free(src);
    free(dst);
    free(lo);
    free(up);
    free(cost);
    free(uncap);
    return mcf;
}

gf_mcf *randnet_to_mcf(const randnet *net, gf_error *err)
{
    return randnet_to_mcf_permuted(net, NULL, err);
}

gf_mcf *randnet_to_mcf_by_add(const randnet *net, gf_error *err)
{
    gf_mcf *mcf = gf_mcf_create(net->n_nodes, 0, err);

    if (!mcf)
        return NULL;
    for (int32_t v = 0; v < net->n_nodes; v++)
        if (gf_mcf_set_supply(mcf, v, net->supply[v], err))
            goto fail;
    for (int32_t e = 0; e < net->n_arcs; e++) {
        int32_t id = -1;
        if (gf_mcf_add_arc(mcf, net->src[e], net->dst[e], net->lower[e], net->upper[e],
                           net->uncap[e] != 0, net->cost[e], &id, err))
            goto fail;
        if (id != e) {
            gf_fail(err, GF_EINTERNAL, "gf_mcf_add_arc gave id %ld for arc %ld", (long)id, (long)e);
            goto fail;
        }
    }
    return mcf;
fail:
    gf_mcf_destroy(mcf);
    return NULL;
}

bool randnet_has_negative_uncap_cycle(const randnet *net)
{
    int32_t n = net->n_nodes;
    int64_t *d = calloc((size_t)(n > 0 ? n : 1), sizeof *d); /* all 0: the virtual source */
    bool changed = true;

    if (!d)
        abort();
    for (int32_t round = 0; round <= n && changed; round++) {
        changed = false;
        for (int32_t e = 0; e < net->n_arcs; e++) {
            if (net->uncap[e] && d[net->src[e]] + net->cost[e] < d[net->dst[e]]) {
                d[net->dst[e]] = d[net->src[e]] + net->cost[e];
                changed = true;
            }
        }
    }
    free(d);
    return changed; /* still improving after n + 1 rounds: a negative cycle */
}

void randnet_write_dimacs(const randnet *net, FILE *f)
{
    fprintf(f, "p min %ld %ld\n", (long)net->n_nodes, (long)net->n_arcs);
    for (int32_t v = 0; v < net->n_nodes; v++)
        if (net->supply[v] != 0)
            fprintf(f, "n %ld %lld\n", (long)v + 1, (long long)net->supply[v]);
    for (int32_t e = 0; e < net->n_arcs; e++) {
        if (net->uncap[e])
            fprintf(f, "c uncapacitated (arc %ld below)\n", (long)e);
        fprintf(f, "a %ld %ld %lld %lld %lld\n", (long)net->src[e] + 1, (long)net->dst[e] + 1,
                (long long)net->lower[e],
                (long long)(net->uncap[e] ? GF_MCF_MAX_VALUE : net->upper[e]),
                (long long)net->cost[e]);
    }
}
