/* src/mcf/mcf_scale.c: a cold start by cost scaling, then a crossover to a basis.
 *
 * Cost scaling (Goldberg & Tarjan 1990; Goldberg 1997) keeps a flow and node
 * prices p that are eps-optimal: every residual arc r = u -> w has
 * c'(r) + p[u] - p[w] >= -eps, with costs multiplied by alpha = n + 1 so that
 * eps = 1 at the end means less than 1/n in the caller's units, which makes
 * the flow optimal. Each phase (refine) divides eps by SCALE_FACTOR,
 * saturates every arc of negative reduced cost and empties the node
 * excesses in FIFO order by partial augment (LEMON's default method, a
 * longer form of Goldberg's push look-ahead): walk admissible arcs (reduced
 * cost < 0) from the active node to a node with nonzero excess or for
 * PATH_LEN arcs, relabel a dead end to max(p[w] - c'(r)) - eps and step
 * back, and move the flow along the whole path. Uncapacitated arcs get the
 * capacity F of gf__mcf_prepare (no basic flow exceeds it). Global price
 * updates (below) run at the start of each phase and after every
 * UPDATE_EVERY * n relabels (UPDATE_EVERY_LARGE * n from 2^17 nodes on,
 * see below). Not here (yet): arc fixing, and price
 * refinement in Goldberg's general form (proving eps-optimality for the
 * next eps without moving flow).
 *
 * Early exact termination, the special case of price refinement that pays
 * most: with alpha = n + 1, the phases with eps below alpha * EXACT_FROM
 * (about log_12(8n) of the ~log_12(n max|c|) phases) only polish prices,
 * and the integer flow is often optimal several phases before eps reaches
 * 1. After each such phase, prices_are_exact tries to prove it: floor the
 * prices to integers and correct them by label correcting with a budget of
 * EXACT_BUDGET * 2m arc scans (a failed try costs about two global
 * updates). Schedule, measured by callgrind instructions in gf_mcf_solve
 * (bench/gf_driver --algo scaling, see bench/README.md "Cost scaling,
 * h11-scale2"): netgen_8_12a 287M -> 186M, gridgen_8_12a 271M -> 183M,
 * goto_8_12a 1020M -> 949M with SCALE_FACTOR 12 and budget 4; factor 8 or
 * 16 and budgets 1, 2 and 8 were each worse on at least one of the three.
 * Then a global update every n relabels instead of 2n (the same counts,
 * 2n -> n): goto_8_12a 949M -> 767M, goto_8_14a 6118M -> 5049M,
 * netgen_8_14a 781M -> 728M, while netgen_8_12a (186M -> 191M) and
 * gridgen_8_12a (183M -> 196M) lose a little; every n/2 or n/4 relabels
 * was worse on all three 12a instances. From 2^17 nodes on (h11-cs3), where
 * auto takes scaling and a global update's scan of the 2m residual arcs
 * runs from memory, every 2n relabels again: --algo scaling CPU s, n / 2n,
 * random_18 9.47 8.02 9.60 / 6.69 6.27 8.85, netgen_8_18g 8.62 11.00 11.67
 * / 6.61 7.78 8.34, but grid_18 18.34 / 19.19 (one run each) and on
 * goto_8_16a 17.36 / 18.61, which is why the smaller networks keep n (3n:
 * goto_8_16a 20.80; random_16 2.36 / 1.70 / 1.87 for n / 2n / 3n, but
 * auto takes the simplex there). But goto_8_18g loses: main 145.95 CPU s
 * against 188.79 with the room bit and 2n (one run each, load 2-2.6), so
 * GOTO would want its own rule (not found: phases, n and m are NETGEN's).
 * Dropped: a global update when the arcs scanned by discharge since the
 * last one exceed beta times the arcs that one scanned (self-tuning per
 * family): beta 1 netgen_8_18g 10.72 -> 25.41 s, random_18 9.21 -> 13.32,
 * beta 1.4 17.78 and 11.88, though at 2^12 beta 1 had 164M / 137M / 631M
 * instructions on netgen / random / goto_8_12a against n's 182M / 171M /
 * 646M (beta 0.5, 0.7, 2 and 4 each worse at 2^12 on two of the three).
 *
 * Where the work goes (h11-cs, callgrind inside gf_mcf_solve, --algo
 * scaling, goto_8_12a 709M / netgen_8_12a 195M / random_12 183M): global
 * updates 37% / 40% / 40%, the admissible-arc scan 26% / 22% / 22%,
 * relabel 13% / 12% / 11%, the walk and augment 9% / 6% / 6%, the
 * saturation at the start of each phase under 1%, the exact-termination
 * tries 2% / 4% / 4%, the rest (layout, crossover, the simplex after it)
 * 11-14%. Tried and dropped (figures in bench/README.md "Cost scaling,
 * h11-cs"): Goldberg's general price refinement before each phase (a
 * label-correcting pass with slack eps and a budget of 1 or 8 x 2m arc
 * scans) never skipped a phase of goto_8_12a or netgen_8_12a with budget
 * 1, and with budget 8 skipped one of netgen_8_12a's only to need another
 * and 322 more crossover pivots; once eps is below alpha, LEMON's jump to
 * eps = 1 ends without the early proof and with 7.7-9.9x the pivots, and a
 * factor of 144 or 50 instead of 12 there cost 6-76% more instructions;
 * testing a reverse arc's room before its price in the global update
 * saved 4% of the instructions and lost time at 2^16, because rcap (2m
 * entries) misses the cache where the node arrays do not (the room bit
 * below does it without that read); a global update
 * without the division when the rank cannot improve: no time gain.
 *
 * Layout. The residual arcs out of each node, both directions, sit side by
 * side (res, indexed by first[], as LEMON lays out its residual graph),
 * each with its head, unscaled cost and pair (the index of its reverse),
 * and their residual capacities in rcap, indexed alike, so the scans of
 * discharge, relabel and the global update read two arrays in order and
 * touch only prices elsewhere. The costs are kept as int32_t (the price
 * range check below bounds them far lower on large networks anyway). To
 * keep the peak memory under LEMON NetworkSimplex's (bench/README.md),
 * mcf->flow and mcf->cap are freed while scaling runs (rcap takes their
 * room) and rebuilt after it: the flows from rcap, the capacities from the
 * caller's (return_arcs); the crossover then reads the arc arrays again,
 * through arc codes in res.
 *
 * The reverse arc's room beside the arc (h11-cs3). The global update scans
 * the arcs w -> u into each node it settles and needs to know whether the
 * reverse u -> w has room: rcap[pair], a random read of a 2m array that
 * perf put at half of global_update's cycles on random_18 (global_update
 * 51% of the process). So res_arc.pair carries that as its low bit (pair
 * is 2 x the reverse's index + room; scaling needs m < 2^29), kept by the
 * three places that change rcap (build_adjacency, the saturation in
 * refine, augment: they write rcap[pair] anyway), and the global update
 * tests it first, in order, before the random rank[u] and p[u]. No memory
 * and one code path for every capacity width. Measured (bench/README.md
 * "Cost scaling, h11-cs3"): callgrind instructions netgen_8_12a 194.1M ->
 * 181.5M, random_12 183.0M -> 171.4M, goto_8_12a 670.3M -> 646.0M; CPU s
 * of --algo scaling, two runs each, main before h11-cs3 / with the room
 * bit and on_path: random_16 2.79 2.80 / 2.61 2.50, random_18 11.59 9.64 /
 * 9.48 8.68, netgen_8_18g 11.67 13.19 / 10.85 11.91.
 *
 * Crossover. The scaled prices give exact integer potentials in one
 * label-correcting pass: pi0 = floor(p / alpha) violates no residual arc by
 * more than 1 and every node moves down by at most 2, so the pass is O(m).
 * The flow x is then optimal and pi in complementary slackness with it
 * (every residual arc r = u -> w has rc(r) = c(r) + pi[u] - pi[w] >= 0),
 * but a basis needs more: a spanning tree of tight arcs (rc = 0) holding
 * every free arc (0 < x < cap), the other arcs at a bound. The potentials
 * that keep slackness are the solutions of the difference constraints
 * pi'[w] - pi'[u] <= c(r), one per residual arc; choose_tree picks a vertex
 * of that polyhedron, whose tight constraints are the tree (h11-x):
 *  - Grow a tree T from a node, fixing potentials as it goes. A node w
 *    outside T has a lower bound on its shift pi'[w] - pi[w] from each
 *    residual arc w -> a into T and an upper bound from each a -> w out of
 *    T; both are the shift that makes the arc tight. Taking the node with
 *    the highest lower bound at that bound (Dijkstra on the reversed
 *    residual graph with the lengths rc >= 0), or the node with the lowest
 *    upper bound at that one (Dijkstra forwards), keeps a feasible
 *    completion: the first is the least solution's value there, the second
 *    the greatest one's. Lower bounds go first, as their tree arc then has
 *    room towards the root (what strong feasibility asks); upper bounds
 *    when none is left; a new tree, hung from the root by its artificial
 *    arc, only when no residual arc leaves T at all (stats.cross_trees:
 *    the network's parts with positive capacity between them). Two indexed
 *    binary heaps over the nodes, O(m log n), in arrays the scaler has done
 *    with.
 *  - A free arc is tight under any potentials that keep slackness, so a
 *    node enters T with all the nodes free arcs reach from it, breadth
 *    first, at the potentials those arcs fix; the arcs go into the tree. A
 *    free arc between two nodes already in T closes a cycle of free arcs of
 *    cost 0 (break_cycle): flow is pushed round it until that arc is at a
 *    bound, the way that needs less, or, when the tree path gives out
 *    first, as far as the path allows, and the arc takes the place of the
 *    path arc that reached its bound (stats.cross_cycles counts them).
 * The other arcs sit at the bound their reduced cost asks for (the one
 * their flow is at when 0), and the warm-start repair (mcf_warm.c) derives
 * the tree flows. No arc is then eligible: the simplex loop prices once and
 * stops, and its answer and basis are the simplex's own, with exact duals,
 * warm-startable. The forest it replaced (arcs of reduced cost 0 under pi
 * as they came, free arcs first, hung from the root wherever they did not
 * meet) left the simplex to reconcile its parts: on netgen_8_18g 433k
 * pivots (427k degenerate) and most of its 27.6 CPU s. Measured with
 * `bench/gf_driver --algo scaling FILE` (bench/README.md "Crossover,
 * h11-x"): netgen_8_18g 27.6 -> 10.6 CPU s, 433k -> 0 pivots (4076 cycles
 * of free arcs broken; the crossover's wall time 0.72 s of 14.1);
 * random_18 15.6 -> 11.1 s, 154k -> 0 pivots; random_16 and netgen_8_16a
 * 8359 and 22831 -> 0 pivots. The peak memory is unchanged (nothing is
 * allocated: the heaps and the search live in arrays the scaler and the
 * tree have done with or not yet filled).
 *
 * Not applicable (the caller falls back to the cold simplex, with the same
 * result): an uncapacitated arc of negative cost (unboundedness is the
 * simplex's to find), costs so large that scaled prices could leave int64_t,
 * and infeasible networks, detected when a node's price falls further in one
 * phase than a feasible network allows ((SCALE_FACTOR + 2)(n + 1) eps) or a
 * node with excess has no residual arc.
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "grainflow/alloc.h"
#include "mcf/mcf_int.h"

#ifndef SCALE_FACTOR
#define SCALE_FACTOR 12 /* eps /= SCALE_FACTOR per phase */
#endif
#ifndef PATH_LEN
#define PATH_LEN 4 /* partial augment: arcs walked before flow moves */
#endif
#ifndef UPDATE_EVERY
#define UPDATE_EVERY 1 /* a global update after UPDATE_EVERY * n relabels */
#endif
#ifndef UPDATE_EVERY_LARGE
#define UPDATE_EVERY_LARGE 2 /* the same from UPDATE_LARGE_FROM nodes on */
#endif
#ifndef UPDATE_LARGE_FROM
#define UPDATE_LARGE_FROM (1 << 17)
#endif

#ifndef EXACT_FROM
#define EXACT_FROM 8 /* try early exact termination once eps <= EXACT_FROM * alpha */
#endif
#ifndef EXACT_BUDGET
#define EXACT_BUDGET 4 /* its arc scans, in units of the 2m residual arcs */
#endif

/* Lowest price a look-ahead relabel may set (prices and scaled costs stay
 * within +-2^61, so their sums of three fit int64_t). */
#define PRICE_FLOOR (-((int64_t)1 << 61))

/* One residual arc in the node-adjacent layout (see the top of the file). */
typedef struct res_arc {
    int32_t cost; /* c(e), or -c(e) backwards (gf__mcf_scaling_applies: |c| < 2^31) */
    int32_t head;
    int32_t pair; /* while scaling: 2 x the index in res of the reverse arc, plus
                   * 1 when the reverse arc has room (see the top of the file); in
                   * the crossover: 2e (e out of its source) or 2e + 1 (e backwards) */
} res_arc;

/* The reverse of residual arc i while scaling, and whether it has room. */
static inline int32_t pair_of(const res_arc *a)
{
    return a->pair >> 1;
}

static inline bool back_room(const res_arc *a)
{
    return a->pair & 1;
}

static inline void set_back_room(res_arc *a, bool room)
{
    a->pair = (a->pair & ~1) | room;
}

typedef struct scaler {
    gf_mcf *mcf;
    int32_t n, m;
    int64_t alpha, eps, F;
    int32_t *first;  /* n + 1: residual arcs of u are res[first[u] .. first[u + 1]) */
    res_arc *res;    /* 2m */
    int64_t *rcap;   /* 2m: residual capacities while scaling (mcf->flow and cap are lent) */
    int32_t *cur;    /* n: current arc of each node */
    int32_t *queue;  /* n: FIFO ring of active nodes */
    int64_t *excess; /* n */
    int64_t *p0;     /* n: prices at the start of the phase (infeasibility guard) */
    int8_t *inq;     /* n */
    int32_t *bucket; /* n + 1: global update buckets (bucket[k] heads rank k) */
    int32_t *rank;   /* n + 1: global update distances, in eps units */
    int32_t head_q, n_q;
    int64_t until_update;       /* relabels left before the next global update */
    int64_t ops;                /* pushes and relabels, for the interrupt check */
    int32_t path[PATH_LEN + 1]; /* partial augment: the nodes walked */
    int32_t step[PATH_LEN];     /* and the res index of each arc */
} scaler;

static inline int64_t cap_of(const scaler *s, int32_t e)
{
    return s->mcf->cap[e] >= GF_FLOW_INF ? s->F : s->mcf->cap[e];
}

/* Residual capacity of residual arc r (2e or 2e + 1) in the crossover, from
 * the arc arrays. */
static inline int64_t res_cap(const scaler *s, int32_t r)
{
    int32_t e = r >> 1;
    return (r & 1) ? s->mcf->flow[e] : cap_of(s, e) - s->mcf->flow[e];
}

static void enqueue(scaler *s, int32_t v)
{
    if (s->inq[v])
        return;
    s->inq[v] = 1;
    s->queue[(s->head_q + s->n_q++) % s->n] = v;
}

/* Lower p[u] so that its best residual arc becomes admissible, and make
 * that arc current. admissible_arc has scanned u's arcs from the current
 * one on and left the best of them in best and at, so only the arcs before
 * the current one are read here (LEMON's fused scan). back is the reverse
 * of the arc the partial augment walked into u by (-1 at the walk's start):
 * when u has no residual arc at all, u takes its price from back, which the
 * flow moved along the path will give room (LEMON always counts it; only
 * the dead end does here, which leaves every other relabel as it was
 * measured). Without it a look-ahead node with no residual arc out (a
 * transshipment node nothing has reached yet) had no price to take, and
 * cost scaling gave up as if the network were infeasible (netgen_8_18g
 * fell back to the simplex after one phase). False when the network cannot
 * be feasible (see the top of the file). */
static bool relabel(scaler *s, int32_t u, int64_t best, int32_t at, int32_t back)
{
    int64_t *p = s->mcf->pi;

    for (int32_t i = s->first[u]; i < s->cur[u]; i++) {
        const res_arc *a = &s->res[i];
        int64_t v;
        if (s->rcap[i] <= 0) /* sequential: skips the random p[head] of saturated arcs */
            continue;
        v = p[a->head] - a->cost * s->alpha;
        if (v > best) {
            best = v;
            at = i;
        }
    }
    if (at < 0 && back >= 0) { /* a dead end: price from the arc walked in by */
        best = p[s->res[back].head] - s->res[back].cost * s->alpha;
        at = back;
    }
    if (at < 0)
        return false;
    p[u] = best - s->eps;
    s->cur[u] = at;
    s->ops++;
    s->until_update--;
    if (s->excess[u] > 0)
        return s->p0[u] - p[u] <= (int64_t)(SCALE_FACTOR + 2) * (s->n + 1) * s->eps;
    return p[u] >= PRICE_FLOOR; /* a look-ahead relabel: no such bound, but no overflow */
}

/* Unlink u from bucket k (next and prev are the buckets' doubly linked
 * lists). */
static inline void unlink_node(scaler *s, int32_t *next, int32_t *prev, int32_t u, int32_t k)
{
    if (prev[u] >= 0)
        next[prev[u]] = next[u];
    else
        s->bucket[k] = next[u];
    if (next[u] >= 0)
        prev[next[u]] = prev[u];
}

static inline void link_node(scaler *s, int32_t *next, int32_t *prev, int32_t u, int32_t k)
{
    prev[u] = -1;
    next[u] = s->bucket[k];
    if (next[u] >= 0)
        prev[next[u]] = u;
    s->bucket[k] = u;
}

/* Global price update (Goldberg 1997): lower every node's price by eps times
 * its distance to the nodes with a deficit, in a residual graph where arc
 * r = u -> w has length 0 when admissible and floor(rc / eps) + 1 otherwise
 * (Dial's buckets, from the deficits backwards, until every node with
 * excess is reached). Prices stay eps-optimal and every excess gets an
 * admissible path. Nodes past the last rank reached drop by that rank. The
 * FIFO, current arcs and flags are rebuilt (next, prev and rank borrow
 * queue and cur). Ranks stop at n, so a node with excess left
 * unreached proves nothing (its distance may be longer): relabel's guard
 * is what detects infeasibility. */
static void global_update(scaler *s)
{
    int32_t n = s->n, *next = s->queue, *prev = s->cur, *rank = s->rank, left = 0, k;
    int64_t *p = s->mcf->pi;

    for (int32_t v = 0; v <= n; v++)
        s->bucket[v] = -1;
    for (int32_t v = 0; v < n; v++) {
        rank[v] = n;
        left += s->excess[v] > 0;
        if (s->excess[v] < 0) {
            rank[v] = 0;
            link_node(s, next, prev, v, 0);
        }
    }
    for (k = 0; k < n && left > 0; k++) {
        while (s->bucket[k] >= 0 && left > 0) {
            int32_t w = s->bucket[k];
            int64_t pw = p[w];
            s->bucket[k] = next[w];
            if (next[w] >= 0)
                prev[next[w]] = -1;
            left -= s->excess[w] > 0;
            for (int32_t i = s->first[w]; i < s->first[w + 1]; i++) {
                const res_arc *a = &s->res[i]; /* w -> u; its reverse u -> w costs -cost */
                int32_t u = a->head;
                int64_t rc, nr;
                /* the reverse arc's room first: its bit is beside the arc,
                 * read in order, and skips the random rank[u] and p[u] */
                if (!back_room(a) || rank[u] <= k) /* rank k: nothing shorter */
                    continue;
                rc = p[u] - pw - a->cost * s->alpha;
                nr = k + (rc < 0 ? 0 : rc / s->eps + 1);
                if (nr >= rank[u])
                    continue;
                if (rank[u] < n)
                    unlink_node(s, next, prev, u, rank[u]);
                rank[u] = (int32_t)nr;
                if (nr < n)
                    link_node(s, next, prev, u, (int32_t)nr);
            }
        }
        if (left == 0)
            break;
    }
    s->head_q = s->n_q = 0;
    for (int32_t v = 0; v < n; v++) { /* one pass: prices, current arcs, the FIFO */
        p[v] -= (int64_t)(rank[v] < k ? rank[v] : k) * s->eps;
        s->cur[v] = s->first[v];
        s->inq[v] = 0;
        if (s->excess[v] > 0)
            enqueue(s, v);
    }
    s->until_update =
        (int64_t)(s->n >= UPDATE_LARGE_FROM ? UPDATE_EVERY_LARGE : UPDATE_EVERY) * s->n;
}

/* The first admissible arc out of u from its current arc on, or -1 with
 * *best = the highest p[w] - c'(r) over the residual arcs scanned (r = u ->
 * w) and *at its index (-1 when none), for relabel. */
static int32_t admissible_arc(scaler *s, int32_t u, int64_t *best, int32_t *at)
{
    const int64_t *p = s->mcf->pi;
    int64_t pu = p[u], b = INT64_MIN;
    int32_t where = -1;

    for (int32_t i = s->cur[u], end = s->first[u + 1]; i < end; i++) {
        const res_arc *a = &s->res[i];
        int64_t v;
        if (s->rcap[i] <= 0)
            continue;
        v = p[a->head] - a->cost * s->alpha;
        if (v > pu) { /* reduced cost c'(r) + p[u] - p[w] < 0 */
            s->cur[u] = i;
            return i;
        }
        if (v > b) {
            b = v;
            where = i;
        }
    }
    *best = b;
    *at = where;
    return -1;
}

/* Move as much of path[0]'s excess as the len arcs walked can take to
 * path[len]; the nodes between keep their excess. */
static void augment(scaler *s, int32_t len)
{
    int64_t d = s->excess[s->path[0]];
    int32_t w = s->path[len];

    for (int32_t j = 0; j < len; j++)
        d = s->rcap[s->step[j]] < d ? s->rcap[s->step[j]] : d;
    for (int32_t j = 0; j < len; j++) {
        int32_t i = s->step[j], r = pair_of(&s->res[i]);
        s->rcap[i] -= d;
        s->rcap[r] += d;
        set_back_room(&s->res[i], s->rcap[r] > 0);
        set_back_room(&s->res[r], s->rcap[i] > 0);
    }
    s->excess[s->path[0]] -= d;
    s->excess[w] += d;
    s->ops += len;
    if (s->excess[w] > 0)
        enqueue(s, w);
}

/* Whether w is one of path[1 .. len]. The admissible graph is acyclic in
 * theory, but after a global update a walk can come back to a node on it
 * (goto_8_12a: y -> z -> y by two arcs of different edges, both with room
 * and a negative reduced cost); moving the flow along such a path would
 * take an arc's room twice and leave it negative. path[0] has excess, so
 * the walk stops there anyway. */
static inline bool on_path(const scaler *s, int32_t len, int32_t w)
{
    for (int32_t j = 1; j <= len; j++)
        if (s->path[j] == w)
            return true;
    return false;
}

/* Empty u's excess by partial augment (LEMON's default; Goldberg's push
 * look-ahead taken further): walk admissible arcs from u until a node with
 * nonzero excess or PATH_LEN arcs, relabelling a dead end and stepping back
 * from it, then move the flow along the whole path at once. Flow thus never
 * goes to a node that cannot pass it on, and the nodes in between never
 * become active. The walk is kept a simple path (on_path). */
static bool discharge(scaler *s, int32_t u)
{
    int32_t len = 0;

    s->path[0] = u;
    while (s->excess[u] > 0) {
        int64_t best = INT64_MIN;
        int32_t v = s->path[len], at = -1, i = admissible_arc(s, v, &best, &at), w;
        if (i < 0) {
            if (!relabel(s, v, best, at, len > 0 ? pair_of(&s->res[s->step[len - 1]]) : -1))
                return false;
            len -= len > 0;
            continue;
        }
        w = s->res[i].head;
        if (on_path(s, len, w)) { /* a cycle: the flow goes to v, the walk restarts */
            augment(s, len);
            len = 0;
            continue;
        }
        s->step[len++] = i;
        s->path[len] = w;
        if (s->excess[w] != 0 || len == PATH_LEN) {
            augment(s, len);
            len = 0;
        }
    }
    return true;
}

/* One phase at s->eps. 1: done, 0: infeasible, 3: interrupted. */
static int refine(scaler *s)
{
    gf_mcf *mcf = s->mcf;
    const int64_t *p = mcf->pi;

    for (int32_t u = 0; u < s->n; u++) { /* saturate every arc of negative reduced cost */
        for (int32_t i = s->first[u]; i < s->first[u + 1]; i++) {
            res_arc *a = &s->res[i];
            int64_t d = s->rcap[i];
            if (d == 0 || a->cost * s->alpha + p[u] - p[a->head] >= 0)
                continue;
            s->rcap[i] = 0;
            s->rcap[pair_of(a)] += d;
            set_back_room(a, true);
            set_back_room(&s->res[pair_of(a)], false);
            s->excess[u] -= d;
            s->excess[a->head] += d;
        }
    }
    s->head_q = s->n_q = 0;
    for (int32_t v = 0; v < s->n; v++) {
        s->cur[v] = s->first[v];
        s->p0[v] = p[v];
        s->inq[v] = 0;
    }
    global_update(s);
    while (s->n_q > 0) {
        int32_t u = s->queue[s->head_q];
        s->head_q = (s->head_q + 1) % s->n;
        s->n_q--;
        s->inq[u] = 0;
        if (!discharge(s, u))
            return 0;
        if (s->until_update < 0)
            global_update(s);
        if (s->ops >= GF_MCF_INTERRUPT_EVERY) {
            s->ops = 0;
            if (gf__mcf_interrupted(mcf))
                return 3;
        }
    }
    return 1;
}

/* Early exact termination (see the top of the file): whether the flow at
 * the end of a phase is already optimal. Prices become floor(p / alpha) and
 * a FIFO label-correcting pass over the residual arcs (rcap > 0) lowers
 * pi[w] to pi[u] + c(r) wherever a residual arc u -> w has a negative
 * reduced cost. It ends within budget arc scans only when no residual arc is
 * negative: the flow is optimal and the prices prove it; p is then pi *
 * alpha, so exact_potentials finds nothing to move. Otherwise (a negative
 * cycle keeps it going) p comes back from p0 and scaling goes on. */
static bool prices_are_exact(scaler *s, int64_t budget)
{
    int64_t *p = s->mcf->pi;

    for (int32_t v = 0; v < s->n; v++) {
        int64_t q = p[v] / s->alpha;
        s->p0[v] = p[v];
        p[v] = q * s->alpha > p[v] ? q - 1 : q;
    }
    s->head_q = s->n_q = 0;
    for (int32_t v = 0; v < s->n; v++) {
        s->inq[v] = 0;
        enqueue(s, v);
    }
    while (s->n_q > 0 && budget >= 0) {
        int32_t u = s->queue[s->head_q];
        s->head_q = (s->head_q + 1) % s->n;
        s->n_q--;
        s->inq[u] = 0;
        budget -= s->first[u + 1] - s->first[u];
        for (int32_t i = s->first[u]; i < s->first[u + 1]; i++) {
            const res_arc *a = &s->res[i];
            int32_t w = a->head;
            if (s->rcap[i] > 0 && p[u] + a->cost < p[w]) {
                p[w] = p[u] + a->cost;
                enqueue(s, w);
            }
        }
    }
    for (int32_t v = 0; v < s->n; v++)
        p[v] = s->n_q == 0 ? p[v] * s->alpha : s->p0[v];
    return s->n_q == 0;
}

/* Exact integer potentials for the optimal flow (see the top of the file). */
static void exact_potentials(scaler *s)
{
    int64_t *p = s->mcf->pi;

    for (int32_t v = 0; v < s->n; v++) { /* floor(p / alpha) */
        int64_t q = p[v] / s->alpha;
        p[v] = q * s->alpha > p[v] ? q - 1 : q;
    }
    s->head_q = s->n_q = 0;
    for (int32_t v = 0; v < s->n; v++) {
        s->inq[v] = 0;
        enqueue(s, v);
    }
    while (s->n_q > 0) {
        int32_t u = s->queue[s->head_q];
        s->head_q = (s->head_q + 1) % s->n;
        s->n_q--;
        s->inq[u] = 0;
        for (int32_t i = s->first[u]; i < s->first[u + 1]; i++) {
            const res_arc *a = &s->res[i];
            int32_t w = a->head;
            int64_t c = a->cost;
            if (res_cap(s, a->pair) > 0 && p[u] + c < p[w]) { /* pi[w] <= pi[u] + c(r) */
                p[w] = p[u] + c;
                enqueue(s, w);
            }
        }
    }
}

/* An indexed binary min-heap of nodes (the crossover's two searches): key[v]
 * is v's key, pos[v] its slot in at or -1. */
typedef struct node_heap {
    int32_t *at;
    int32_t *pos;
    int64_t *key;
    int32_t size;
} node_heap;

static inline void heap_place(node_heap *h, int32_t i, int32_t v)
{
    h->at[i] = v;
    h->pos[v] = i;
}

static void heap_up(node_heap *h, int32_t i)
{
    int32_t v = h->at[i];

    while (i > 0 && h->key[h->at[(i - 1) / 2]] > h->key[v]) {
        heap_place(h, i, h->at[(i - 1) / 2]);
        i = (i - 1) / 2;
    }
    heap_place(h, i, v);
}

static void heap_down(node_heap *h, int32_t i)
{
    int32_t v = h->at[i];

    for (int32_t c = 2 * i + 1; c < h->size; c = 2 * i + 1) {
        if (c + 1 < h->size && h->key[h->at[c + 1]] < h->key[h->at[c]])
            c++;
        if (h->key[h->at[c]] >= h->key[v])
            break;
        heap_place(h, i, h->at[c]);
        i = c;
    }
    heap_place(h, i, v);
}

/* Give v the key k when it is lower than v's (inserting v); false when not. */
static bool heap_lower(node_heap *h, int32_t v, int64_t k)
{
    if (h->pos[v] >= 0 && k >= h->key[v])
        return false;
    h->key[v] = k;
    if (h->pos[v] < 0)
        heap_place(h, h->size++, v);
    heap_up(h, h->pos[v]);
    return true;
}

static int32_t heap_pop(node_heap *h)
{
    int32_t v = h->at[0];

    h->pos[v] = -1;
    if (--h->size > 0) {
        heap_place(h, 0, h->at[h->size]);
        heap_down(h, 0);
    }
    return v;
}

/* The crossover's state (see the top of the file). lb holds the highest
 * lower bound on each node's potential shift, negated; ub the lowest upper
 * bound; via_* the residual arc (code) that set it. up and up_arc (the code
 * from the parent) are the free arcs' search tree, mark the stamps of
 * break_cycle's climb, fifo the search's queue. */
typedef struct crossover {
    node_heap lb, ub;
    int32_t *via_lb, *via_ub, *fifo, *up, *up_arc, *mark;
    int32_t stamp;
} crossover;

/* Room along residual arc code r when pushing flow is to leave the arc at
 * a bound it has: an uncapacitated arc has only 0. */
static inline int64_t room_to_bound(const scaler *s, int32_t r)
{
    return !(r & 1) && s->mcf->cap[r >> 1] >= GF_FLOW_INF ? INT64_MAX : res_cap(s, r);
}

/* The nearest common ancestor of a and b in the free arcs' search tree:
 * climb from both in turn, stamping the nodes passed, until one side steps
 * on the other's stamp (O(the cycle's length)). */
static int32_t common_ancestor(crossover *x, int32_t a, int32_t b)
{
    int32_t side[2] = {a, b}, tag = 2 * ++x->stamp;

    x->mark[a] = tag;
    x->mark[b] = tag + 1;
    if (a == b)
        return a;
    for (int k = 0;; k ^= 1) {
        int32_t v = side[k];
        if (x->up[v] < 0)
            continue; /* this side is at the top: the other one climbs */
        v = side[k] = x->up[v];
        if (x->mark[v] == tag + (k ^ 1))
            return v;
        x->mark[v] = tag + k;
    }
}

/* The free arcs of the cycle, as residual arc codes in the direction u ->
 * w -> top -> u, one side per call: side 0 is w up to top, side 1 u up to
 * top (whose codes run down, top to u). */
static inline int32_t cycle_code(const crossover *x, int32_t v, int side)
{
    return side == 0 ? x->up_arc[v] ^ 1 : x->up_arc[v];
}

/* Free arc r = u -> w closes a cycle of free arcs with the search tree's
 * path w .. top .. u, all of reduced cost 0, so flow can go round it either
 * way at no cost. Push it until r's arc is at a bound, the way that needs
 * less, when the path has the room; otherwise push as far as the path
 * allows, and r's arc takes the place in the tree of the first path arc
 * that reached a bound (its subtree hangs from r now). Either way no cycle
 * of free arcs is left outside the tree. */
static void break_cycle(scaler *s, crossover *x, int32_t u, int32_t w, int32_t r)
{
    int32_t top = common_ancestor(x, u, w), out = -1, out_side = 0, ends[2] = {w, u};
    int64_t room[2] = {INT64_MAX, INT64_MAX}, need_f = room_to_bound(s, r),
            need_b = room_to_bound(s, r ^ 1), d;

    for (int side = 0; side < 2; side++)
        for (int32_t v = ends[side]; v != top; v = x->up[v]) {
            int32_t t = cycle_code(x, v, side);
            room[0] = res_cap(s, t) < room[0] ? res_cap(s, t) : room[0];
            room[1] = res_cap(s, t ^ 1) < room[1] ? res_cap(s, t ^ 1) : room[1];
        }
    if (need_f <= room[0] && (need_f <= need_b || need_b > room[1]))
        d = need_f;
    else if (need_b <= room[1])
        d = -need_b;
    else
        d = room[0]; /* the path gives out first: r's arc goes into the tree */
    s->mcf->flow[r >> 1] += (r & 1) ? -d : d;
    for (int side = 0; side < 2; side++)
        for (int32_t v = ends[side]; v != top; v = x->up[v]) {
            int32_t t = cycle_code(x, v, side);
            s->mcf->flow[t >> 1] += (t & 1) ? -d : d;
            if (out < 0 && d == room[0] && res_cap(s, t) == 0) {
                out = v;
                out_side = side;
            }
        }
    s->mcf->stats.cross_cycles++;
    if (d != room[0] || need_f == room[0])
        return; /* r's arc is at a bound */
    /* r's arc replaces out's tree arc: reverse the parent links from r's end
     * on out's side up to out, and hang that end from the other */
    s->mcf->state[x->up_arc[out] >> 1] = STATE_LOWER; /* at a bound; choose_tree settles which */
    s->mcf->state[r >> 1] = STATE_TREE;
    {
        int32_t v = ends[out_side], parent = ends[out_side ^ 1], code = out_side == 0 ? r : r ^ 1;
        for (;;) {
            int32_t old_parent = x->up[v], old_code = x->up_arc[v];
            x->up[v] = parent;
            x->up_arc[v] = code;
            if (v == out)
                break;
            parent = v;
            code = old_code ^ 1;
            v = old_parent;
        }
    }
}

/* Fix v's potential at value, with via the residual arc (code) that ties it
 * to the tree (-1: v starts a component), and every node joined to v by free
 * arcs with it (their potentials follow: a free arc has reduced cost 0
 * under any potentials that keep complementary slackness). Then offer each
 * other residual arc to an unsettled node as a bound on its shift: arc u ->
 * w an upper bound, w -> u a lower one, both at the shift that makes the
 * arc tight. inq marks the settled nodes. */
static void settle(scaler *s, crossover *x, int32_t v, int64_t value, int32_t via)
{
    gf_mcf *mcf = s->mcf;
    int64_t *p = mcf->pi;
    int8_t *done = s->inq;
    int32_t head = 0, tail = 0;

    p[v] = value;
    done[v] = 1;
    if (via >= 0)
        mcf->state[via >> 1] = STATE_TREE;
    x->up[v] = -1;
    x->fifo[tail++] = v;
    while (head < tail) { /* breadth first: short paths for break_cycle */
        int32_t u = x->fifo[head++];
        for (int32_t i = s->first[u]; i < s->first[u + 1]; i++) {
            int32_t w = s->res[i].head, r = s->res[i].pair;
            bool fw = res_cap(s, r) > 0, bw = res_cap(s, r ^ 1) > 0;
            int64_t d;
            if (done[w]) {
                if (fw && bw && mcf->state[r >> 1] != STATE_TREE)
                    break_cycle(s, x, u, w, r);
                continue;
            }
            d = p[u] + s->res[i].cost - p[w]; /* the shift of w that makes r tight */
            if (fw && bw) {
                p[w] += d;
                done[w] = 1;
                mcf->state[r >> 1] = STATE_TREE;
                x->up[w] = u;
                x->up_arc[w] = r;
                x->fifo[tail++] = w;
                continue;
            }
            if (fw && heap_lower(&x->ub, w, d))
                x->via_ub[w] = r;
            if (bw && heap_lower(&x->lb, w, -d))
                x->via_lb[w] = r;
        }
    }
}

/* Choose the spanning forest of reduced-cost-0 arcs and the potentials that
 * make it so (see the top of the file), then put every other arc at the
 * bound its reduced cost asks for. */
static void choose_tree(scaler *s)
{
    gf_mcf *mcf = s->mcf;
    int64_t *p = mcf->pi;
    crossover x = {.lb = {s->bucket, s->cur, s->excess, 0},
                   .ub = {s->rank, s->queue, s->p0, 0},
                   .via_lb = mcf->path_a,
                   .via_ub = mcf->path_b,
                   .fifo = mcf->dirty,
                   .up = mcf->parent,
                   .up_arc = mcf->pred,
                   .mark = mcf->succ_num};
    int32_t next = 0;

    for (int32_t v = 0; v < s->n; v++) {
        x.lb.pos[v] = x.ub.pos[v] = -1;
        x.mark[v] = 0;
        s->inq[v] = 0;
    }
    memset(mcf->state, STATE_LOWER, (size_t)s->m);
    for (;;) {
        int32_t v;
        if (x.lb.size > 0) { /* the tree arc then has room towards the root */
            if (!s->inq[v = heap_pop(&x.lb)])
                settle(s, &x, v, p[v] - x.lb.key[v], x.via_lb[v]);
        } else if (x.ub.size > 0) {
            if (!s->inq[v = heap_pop(&x.ub)])
                settle(s, &x, v, p[v] + x.ub.key[v], x.via_ub[v]);
        } else {
            while (next < s->n && s->inq[next])
                next++;
            if (next == s->n)
                break;
            mcf->stats.cross_trees++;
            settle(s, &x, next, p[next], -1);
        }
    }
    for (int32_t e = 0; e < s->m; e++) {
        int64_t rc = mcf->cost[e] + p[mcf->src[e]] - p[mcf->dst[e]], f = mcf->flow[e];
        if (mcf->state[e] == STATE_TREE)
            continue;
        mcf->state[e] = rc > 0 || (rc == 0 && 2 * f <= cap_of(s, e)) ? STATE_LOWER : STATE_UPPER;
        if (mcf->state[e] == STATE_UPPER && mcf->cap[e] >= GF_FLOW_INF)
            mcf->state[e] = STATE_LOWER;
        mcf->flow[e] = mcf->state[e] == STATE_UPPER ? mcf->cap[e] : 0;
    }
}

/* Build parent, pred, thread and the rest from the forest marked TREE: a
 * depth-first walk from each component's first node, which hangs from the
 * root by its artificial arc (the other artificial arcs sit at 0). stack and
 * order are n + 1 scratch each. */
static void build_tree(scaler *s, int32_t *stack, int32_t *order)
{
    gf_mcf *mcf = s->mcf;
    int32_t root = s->n, prev = root, n_st;
    int8_t *seen = s->inq;

    memset(seen, 0, (size_t)s->n);
    for (int32_t v = 0; v < s->n; v++) {
        gf__mcf_set_artificial(mcf, v, true);
        mcf->state[mcf->m + v] = STATE_LOWER;
        mcf->flow[mcf->m + v] = 0;
    }
    mcf->parent[root] = -1;
    mcf->pred[root] = -1;
    mcf->pred_dir[root] = 0;
    for (int32_t c = 0; c < s->n; c++) {
        if (seen[c])
            continue;
        seen[c] = 1;
        mcf->state[mcf->m + c] = STATE_TREE;
        mcf->pred_dir[c] = DIR_UP;
        mcf->parent[c] = root;
        mcf->pred[c] = mcf->m + c;
        n_st = 0;
        stack[n_st++] = c;
        while (n_st > 0) { /* preorder: a node is threaded when pushed */
            int32_t u = stack[--n_st];
            mcf->thread[prev] = u;
            mcf->rev_thread[u] = prev;
            prev = u;
            for (int32_t i = s->first[u]; i < s->first[u + 1]; i++) {
                int32_t r = s->res[i].pair, e = r >> 1, w = s->res[i].head;
                if (mcf->state[e] != STATE_TREE || seen[w])
                    continue;
                seen[w] = 1;
                mcf->parent[w] = u;
                mcf->pred[w] = e;
                mcf->pred_dir[w] = (r & 1) ? DIR_UP : DIR_DOWN; /* w = src: w -> u is up */
                stack[n_st++] = w;
            }
        }
    }
    mcf->thread[prev] = root;
    mcf->rev_thread[root] = prev;
    for (int32_t v = 0; v <= s->n; v++)
        mcf->succ_num[v] = 1;
    for (int32_t v = mcf->rev_thread[root]; v != root; v = mcf->rev_thread[v])
        mcf->succ_num[mcf->parent[v]] += mcf->succ_num[v]; /* children come later */
    n_st = 0;
    for (int32_t v = root;; v = mcf->thread[v]) { /* order: the thread as an array */
        order[n_st++] = v;
        if (mcf->thread[v] == root)
            break;
    }
    for (int32_t k = 0; k < n_st; k++) /* a subtree is succ_num nodes of the walk */
        mcf->last_succ[order[k]] = order[k + mcf->succ_num[order[k]] - 1];
}

/* The residual adjacency in counting-sort order, by caller's arc k from the
 * last (so that return_arcs can replay it): while scaling (paired) each
 * arc's pair is its reverse and rcap holds the residual capacities, from the
 * caller's capacities (mcf->cap is lent out); in the crossover the pair is
 * the arc's code. */
static void build_adjacency(scaler *s, bool paired)
{
    gf_mcf *mcf = s->mcf;

    memset(s->first, 0, ((size_t)s->n + 1) * sizeof *s->first);
    for (int32_t e = 0; e < s->m; e++) {
        s->first[mcf->src[e]]++;
        s->first[mcf->dst[e]]++;
    }
    for (int32_t v = 0, sum = 0; v <= s->n; v++) { /* first[v] = end of v's slots */
        sum += v < s->n ? s->first[v] : 0;
        s->first[v] = sum;
    }
    for (int32_t k = s->m - 1; k >= 0; k--) {
        int32_t e = mcf->perm[k], u = mcf->a_src[k], w = mcf->a_dst[k];
        int32_t c = (int32_t)mcf->a_cost[k], r = --s->first[w], f = --s->first[u];
        s->res[r] = (res_arc){-c, u, paired ? 2 * f : 2 * e + 1};
        s->res[f] = (res_arc){c, w, paired ? 2 * r : 2 * e};
        if (paired) {
            s->rcap[f] = mcf->a_cap[k] >= GF_FLOW_INF ? s->F : mcf->a_cap[k];
            s->rcap[r] = 0;
            set_back_room(&s->res[r], s->rcap[f] > 0);
        }
    }
    s->first[s->n] = 2 * s->m;
}

/* Lend mcf->flow and mcf->cap to the scaler: free them, so that rcap fits in
 * the memory they held (the peak stays under LEMON NetworkSimplex's). */
static int lend_arcs(scaler *s)
{
    gf_mcf *mcf = s->mcf;
    size_t k = (size_t)mcf->m + (size_t)mcf->n;

    gf_free(mcf->flow, k * sizeof *mcf->flow);
    gf_free(mcf->cap, k * sizeof *mcf->cap);
    mcf->flow = NULL;
    mcf->cap = NULL;
    s->rcap = gf_malloc(2 * (size_t)s->m * sizeof *s->rcap);
    return s->rcap ? GF_OK : GF_ENOMEM;
}

/* Give mcf->flow and mcf->cap back: the flows from rcap (replaying
 * build_adjacency's order), the capacities from the caller's, and, when
 * with_res, res rebuilt for the crossover. GF_ENOMEM leaves mcf->flow or
 * mcf->cap NULL: the caller must lay the network out again. */
static int return_arcs(scaler *s, bool with_res)
{
    gf_mcf *mcf = s->mcf;
    size_t k = (size_t)mcf->m + (size_t)mcf->n;
    int32_t *pos = s->cur;

    gf_free(s->res, 2 * (size_t)s->m * sizeof *s->res);
    s->res = NULL;
    if (!(mcf->flow = gf_malloc(k * sizeof *mcf->flow)))
        return GF_ENOMEM;
    for (int32_t v = 0; v < s->n; v++)
        pos[v] = s->first[v + 1];
    for (int32_t j = s->m - 1; j >= 0; j--) {
        int32_t r = --pos[mcf->a_dst[j]];
        --pos[mcf->a_src[j]];
        mcf->flow[mcf->perm[j]] = s->rcap ? s->rcap[r] : 0; /* the reverse arc's room */
    }
    gf_free(s->rcap, 2 * (size_t)s->m * sizeof *s->rcap);
    s->rcap = NULL;
    if (!(mcf->cap = gf_malloc(k * sizeof *mcf->cap)))
        return GF_ENOMEM;
    for (int32_t j = 0; j < s->m; j++)
        mcf->cap[mcf->perm[j]] = mcf->a_cap[j];
    for (int32_t v = 0; v < s->n; v++) {
        mcf->cap[s->m + v] = GF_FLOW_INF;
        mcf->flow[s->m + v] = 0;
    }
    if (!with_res)
        return GF_OK;
    if (!(s->res = gf_malloc(2 * (size_t)s->m * sizeof *s->res)))
        return GF_ENOMEM;
    build_adjacency(s, false);
    return GF_OK;
}

bool gf__mcf_scaling_applies(const gf_mcf *mcf)
{
    typedef __int128 i128;
    int64_t maxc = 0, pos = 0;

    for (int32_t e = 0; e < mcf->m; e++) {
        int64_t c = mcf->a_cost[e] < 0 ? -mcf->a_cost[e] : mcf->a_cost[e];
        if (mcf->a_cap[e] >= GF_FLOW_INF && mcf->a_cost[e] < 0)
            return false;
        maxc = c > maxc ? c : maxc;
    }
    for (int32_t v = 0; v < mcf->n; v++)
        pos += mcf->bal[v] > 0 ? mcf->bal[v] : 0;
    /* |p| <= (SCALE_FACTOR + 2)(n + 1) alpha max|c| summed over phases */
    /* m < 2^29: res_arc.pair holds 2 x an index below 2m */
    return mcf->n > 1 && mcf->m > 0 && mcf->m < (1 << 29) && pos > 0 && maxc <= INT32_MAX &&
           (i128)4 * (SCALE_FACTOR + 2) * ((i128)mcf->n + 1) * ((i128)mcf->n + 1) * (maxc + 1) <
               ((i128)1 << 61);
}

#define SCALER_ARRAYS(X)    \
    X(first, (size_t)n + 1) \
    X(res, 2 * (size_t)m)   \
    X(cur, (size_t)n + 1)   \
    X(queue, (size_t)n + 1) \
    X(excess, (size_t)n)    \
    X(p0, (size_t)n) X(inq, (size_t)n + 1) X(bucket, (size_t)n + 1) X(rank, (size_t)n + 1)

int gf__mcf_scale(gf_mcf *mcf)
{
    scaler s = {.mcf = mcf, .n = mcf->n, .m = mcf->m, .alpha = (int64_t)mcf->n + 1};
    int32_t n = mcf->n, m = mcf->m;
    int64_t maxc = 1;
    int rc = 1, phase = 0;
    double t0 = gf__mcf_now(), t1;

    s.F = mcf->flow_bound;
#define ALLOC(a, k) s.a = gf_malloc((k) * sizeof *s.a);
    SCALER_ARRAYS(ALLOC)
#undef ALLOC
    if (!s.first || !s.res || !s.cur || !s.queue || !s.excess || !s.p0 || !s.inq || !s.bucket ||
        !s.rank) {
        rc = GF_ENOMEM;
        goto out;
    }
    if (lend_arcs(&s) == GF_OK) {
        build_adjacency(&s, true);
        for (int32_t e = 0; e < m; e++) {
            int64_t c = mcf->cost[e] < 0 ? -mcf->cost[e] : mcf->cost[e];
            maxc = c > maxc ? c : maxc;
        }
        for (int32_t v = 0; v < n; v++) {
            s.excess[v] = mcf->bal[v];
            mcf->pi[v] = 0;
        }
        s.eps = maxc * s.alpha;
        do {
            s.eps = s.eps / SCALE_FACTOR > 1 ? s.eps / SCALE_FACTOR : 1;
            phase = refine(&s);
            mcf->stats.scale_phases++;
            if (phase == 1 && s.eps > 1 && s.eps <= EXACT_FROM * s.alpha &&
                (mcf->stats.scale_early = prices_are_exact(&s, (int64_t)EXACT_BUDGET * 2 * m)))
                break;
        } while (phase == 1 && s.eps > 1);
    }
    t1 = gf__mcf_now();
    mcf->stats.scale_seconds = t1 - t0;
    if (return_arcs(&s, phase == 1) != GF_OK) {
        mcf->layout_ok = false; /* flow or cap is gone: the next solve lays out again */
        rc = GF_ENOMEM;
        goto out;
    }
    if (phase != 1) { /* no room for rcap, interrupted, or (likely) infeasible */
        rc = phase == 3 ? 3 : 1;
        goto out;
    }
    exact_potentials(&s);
    choose_tree(&s);
    build_tree(&s, s.queue, s.cur);
    mcf->next_arc = 0; /* pricing starts where a cold simplex would: determinism */
    mcf->stats.cross_seconds = gf__mcf_now() - t1;
    rc = GF_OK;
out:
#define FREE(a, k) gf_free(s.a, (k) * sizeof *s.a);
    SCALER_ARRAYS(FREE)
#undef FREE
    gf_free(s.rcap, 2 * (size_t)m * sizeof *s.rcap);
    return rc;
}
