/* bench/gen/gen_corridor.c: a time-expanded grain-corridor network in DIMACS.
 *
 *   gen_corridor PLACES WEEKS SEED  (writes to stdout)
 *
 * Mimics the shape of ../shared/bench/instances/corridor_300x52_s1 (what the
 * planner builds from a scenario), at any size:
 *
 * - PLACES points in the unit square: 5% ports (the import markets, on the
 *   east coast strip; port 0 is the hub with four times the silo space), 25%
 *   terminals (elevators holding carry-in stock at week 0), 40% farms
 *   (harvest spread over 15 weeks mid-horizon, bell-shaped), 30% rail
 *   junctions (no storage, no supply).
 * - Links: the 6 nearest neighbours of every place, both ways, cost 20 + 1200
 *   per unit distance, capacity 6000/12500/25000 t per week, a lag of
 *   floor(40 d / 7) weeks (long legs arrive a week later); a quarter of the
 *   links lose half their capacity in winter weeks; 8% get a second mode
 *   (road: dearer, smaller; or sea between ports: cheaper, a week slower).
 * - One copy of every place per week (node p + 1 + t*PLACES), link arcs
 *   (u,t) -> (v,t+lag) inside the horizon (open, not cyclic), storage arcs
 *   (p,t) -> (p,t+1) at ports, terminals and farms.
 * - A super-source (PLACES*WEEKS+1) offering every port's weekly demand at the
 *   unmet-demand penalty 200000, or sending it straight to the super-sink at
 *   0; the super-sink (PLACES*WEEKS+2) takes all supply: harvest left on the
 *   farm at 50000 and stock still in store in the last week at 0.
 * Feasible by construction: every tonne of supply can reach the sink without
 * using a link, and every port's demand can come from the super-source.
 * SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "gen_common.h"

#define KNN       6
#define PENALTY   200000 /* unmet demand, per t */
#define LEFT_COST 50000  /* harvest left on the farm, per t */

enum kind {
    PORT,
    TERMINAL,
    FARM,
    JUNCTION
};

typedef struct place {
    enum kind kind;
    double x, y;
    int64_t store_cap, store_cost; /* 0 cap: no storage */
    int64_t stock;                 /* terminals: at week 0 */
    int64_t harvest_peak;          /* farms */
    int64_t demand_base;           /* ports */
} place;

typedef struct link {
    int64_t a, b; /* places, both directions */
    int64_t cost, cap, lag;
    bool winter;                     /* half capacity in winter weeks */
    int64_t cost2, cap2, lag2, has2; /* second mode when has2 */
} link;

typedef struct corridor {
    int64_t P, W, n_links;
    place *pl;
    link *ln;
    int64_t *supply; /* size P*W + 2 */
} corridor;

static double dist(const place *a, const place *b)
{
    return sqrt((a->x - b->x) * (a->x - b->x) + (a->y - b->y) * (a->y - b->y));
}

static void make_places(corridor *c, gen_rng *r)
{
    int64_t n_ports = c->P / 20 > 2 ? c->P / 20 : 2;
    int64_t n_term = c->P / 4, n_farm = 2 * c->P / 5;

    for (int64_t p = 0; p < c->P; p++) {
        place *q = &c->pl[p];
        q->kind = p < n_ports                     ? PORT
                  : p < n_ports + n_term          ? TERMINAL
                  : p < n_ports + n_term + n_farm ? FARM
                                                  : JUNCTION;
        q->x = q->kind == PORT ? 0.9 + 0.1 * rng_unit(r) : 0.9 * rng_unit(r);
        q->y = rng_unit(r);
        if (q->kind == PORT) {
            q->store_cap = p == 0 ? 240000 : 60000;
            q->store_cost = p == 0 ? 10 : 15;
            q->demand_base = rng_range(r, 1500, 5000);
        } else if (q->kind == TERMINAL) {
            q->store_cap = 60000;
            q->store_cost = rng_range(r, 3, 6);
            q->stock = rng_range(r, 15000, 30000);
        } else if (q->kind == FARM) {
            q->store_cap = 20000;
            q->store_cost = rng_range(r, 4, 8);
            q->harvest_peak = rng_range(r, 1000, 6000);
        }
    }
}

static int cmp_pair(const void *a, const void *b)
{
    const int64_t *x = a, *y = b;

    if (x[0] != y[0])
        return (x[0] > y[0]) - (x[0] < y[0]);
    return (x[1] > y[1]) - (x[1] < y[1]);
}

/* The undirected k-nearest-neighbour graph, as sorted unique pairs a < b. */
static int64_t knn_pairs(const corridor *c, int64_t *pairs)
{
    int64_t n = 0, k = KNN < c->P - 1 ? KNN : c->P - 1, out = 0;
    int64_t best[KNN];
    double bd[KNN];

    for (int64_t p = 0; p < c->P; p++) {
        int64_t nb = 0;
        for (int64_t q = 0; q < c->P; q++) {
            double d = dist(&c->pl[p], &c->pl[q]);
            int64_t i;
            if (q == p || (nb == k && d >= bd[k - 1]))
                continue;
            i = nb < k ? nb++ : k - 1; /* insertion into the sorted top k */
            while (i > 0 && bd[i - 1] > d) {
                bd[i] = bd[i - 1];
                best[i] = best[i - 1];
                i--;
            }
            bd[i] = d;
            best[i] = q;
        }
        for (int64_t i = 0; i < nb; i++) {
            pairs[2 * n] = p < best[i] ? p : best[i];
            pairs[2 * n + 1] = p < best[i] ? best[i] : p;
            n++;
        }
    }
    qsort(pairs, (size_t)n, 2 * sizeof *pairs, cmp_pair);
    for (int64_t i = 0; i < n; i++)
        if (out == 0 || cmp_pair(&pairs[2 * i], &pairs[2 * (out - 1)]) != 0) {
            pairs[2 * out] = pairs[2 * i];
            pairs[2 * out + 1] = pairs[2 * i + 1];
            out++;
        }
    return out;
}

static void make_links(corridor *c, gen_rng *r)
{
    static const int64_t caps[] = {6000, 6000, 6000, 6000, 6000, 6000, 12500, 12500, 12500, 25000};
    int64_t *pairs = gen_alloc((size_t)(2 * KNN * c->P), sizeof *pairs);

    c->n_links = knn_pairs(c, pairs);
    c->ln = gen_alloc((size_t)c->n_links, sizeof *c->ln);
    for (int64_t i = 0; i < c->n_links; i++) {
        link *l = &c->ln[i];
        double d = dist(&c->pl[pairs[2 * i]], &c->pl[pairs[2 * i + 1]]);
        bool sea = c->pl[pairs[2 * i]].kind == PORT && c->pl[pairs[2 * i + 1]].kind == PORT;
        l->a = pairs[2 * i];
        l->b = pairs[2 * i + 1];
        l->cost = 20 + (int64_t)lround(1200.0 * d);
        l->cap = caps[rng_range(r, 0, 9)];
        l->lag = (int64_t)(40.0 * d / 7.0);
        l->winter = rng_range(r, 0, 3) == 0;
        l->has2 = rng_range(r, 0, 99) < 8;
        l->cost2 = sea ? (l->cost * 6) / 10 : 2 * l->cost; /* sea or road */
        l->cap2 = sea ? 25000 : 6000;
        l->lag2 = sea ? l->lag + 1 : l->lag;
    }
    free(pairs);
}

/* Seasonal figures, all integers once rounded. */
static int64_t harvest(const corridor *c, const place *q, int64_t t)
{
    int64_t len = c->W < 15 ? c->W : 15, start = (c->W - len + 1) / 2, mid = start + len / 2;
    double dt = (double)(t - mid);

    if (q->kind != FARM || t < start || t >= start + len)
        return 0;
    return (int64_t)lround((double)q->harvest_peak * exp(-dt * dt / 24.5));
}

static int64_t demand(const place *q, int64_t t, gen_rng *spikes)
{
    (void)t;
    if (q->kind != PORT)
        return 0;
    return q->demand_base * (rng_range(spikes, 0, 9) == 0 ? 3 : 1);
}

static bool is_winter(const corridor *c, int64_t t)
{
    return t < c->W / 5 || t >= c->W - c->W / 13;
}

static int64_t id(const corridor *c, int64_t p, int64_t t)
{
    return t * c->P + p + 1;
}

/* Supplies of every node; demands of the ports are drawn here, once. */
static void make_supply(corridor *c, gen_rng *r)
{
    int64_t src = c->P * c->W + 1, sink = src + 1;

    for (int64_t t = 0; t < c->W; t++)
        for (int64_t p = 0; p < c->P; p++) {
            const place *q = &c->pl[p];
            int64_t b = harvest(c, q, t) - demand(q, t, r) + (t == 0 ? q->stock : 0);
            c->supply[id(c, p, t)] = b;
            if (b < 0)
                c->supply[src] -= b;
            else
                c->supply[sink] -= b;
        }
}

/* Emit (or only count, when print is false) every arc. */
static int64_t emit_arcs(const corridor *c, bool print)
{
    int64_t m = 0, src = c->P * c->W + 1, sink = src + 1;

#define ARC(u, v, cap, cost)                     \
    do {                                         \
        if (print)                               \
            gen_arc((u), (v), 0, (cap), (cost)); \
        m++;                                     \
    } while (0)
    for (int64_t i = 0; i < c->n_links; i++) {
        const link *l = &c->ln[i];
        for (int dir = 0; dir < 2; dir++) {
            int64_t u = dir ? l->b : l->a, v = dir ? l->a : l->b;
            for (int64_t t = 0; t + l->lag < c->W; t++)
                ARC(id(c, u, t), id(c, v, t + l->lag),
                    l->winter && is_winter(c, t) ? l->cap / 2 : l->cap, l->cost);
            for (int64_t t = 0; l->has2 && t + l->lag2 < c->W; t++)
                ARC(id(c, u, t), id(c, v, t + l->lag2), l->cap2, l->cost2);
        }
    }
    for (int64_t p = 0; p < c->P; p++)
        for (int64_t t = 0; c->pl[p].store_cap > 0 && t + 1 < c->W; t++)
            ARC(id(c, p, t), id(c, p, t + 1), c->pl[p].store_cap, c->pl[p].store_cost);
    ARC(src, sink, c->supply[src], 0);
    for (int64_t p = 0; p < c->P; p++)
        for (int64_t t = 0; t < c->W; t++) {
            int64_t b = c->supply[id(c, p, t)], h = harvest(c, &c->pl[p], t);
            if (b < 0)
                ARC(src, id(c, p, t), -b, PENALTY);
            if (h > 0)
                ARC(id(c, p, t), sink, h, LEFT_COST);
        }
    for (int64_t p = 0; p < c->P; p++)
        if (c->pl[p].store_cap > 0)
            ARC(id(c, p, c->W - 1), sink, c->pl[p].store_cap, 0);
#undef ARC
    return m;
}

int main(int argc, char **argv)
{
    corridor c;
    int64_t seed, n;
    gen_rng r;

    if (argc != 4) {
        fprintf(stderr, "usage: gen_corridor PLACES WEEKS SEED\n");
        return 2;
    }
    memset(&c, 0, sizeof c);
    c.P = gen_arg("gen_corridor", "PLACES", argv[1], 20, 100000);
    c.W = gen_arg("gen_corridor", "WEEKS", argv[2], 2, 520);
    seed = gen_arg("gen_corridor", "SEED", argv[3], 0, INT64_MAX);
    if (c.P * c.W > (1 << 26)) {
        fprintf(stderr, "gen_corridor: PLACES*WEEKS must be at most 2^26\n");
        return 2;
    }
    r.s = (uint64_t)seed;
    n = c.P * c.W + 2;
    c.pl = gen_alloc((size_t)c.P, sizeof *c.pl);
    c.supply = gen_alloc((size_t)n + 1, sizeof *c.supply);
    make_places(&c, &r);
    make_links(&c, &r);
    make_supply(&c, &r);

    printf("c grain-corridor time-expanded instance (bench/gen/gen_corridor)\n");
    printf("c places=%" PRId64 " weeks=%" PRId64 " seed=%" PRId64 " links=%" PRId64
           " total_port_demand=%" PRId64 " total_supply=%" PRId64 "\n",
           c.P, c.W, seed, c.n_links, c.supply[n - 1], -c.supply[n]);
    printf("p min %" PRId64 " %" PRId64 "\n", n, emit_arcs(&c, false));
    for (int64_t v = 1; v <= n; v++)
        gen_node(v, c.supply[v]);
    emit_arcs(&c, true);
    free(c.pl);
    free(c.ln);
    free(c.supply);
    return gen_finish();
}
