/* src/plan/plan_int.h: private declarations shared by the plan files.
 * SPDX-License-Identifier: MIT */
#ifndef GF_PLAN_INT_H
#define GF_PLAN_INT_H

#include <string.h>

#include "grainflow/alloc.h"
#include "grainflow/plan.h"
#include "grainflow/plan_v2.h"

/* The entries each array of a plan was allocated with, so that
 * gf_plan_destroy frees each with its size and a memory budget (alloc.h) is
 * credited in full. gf_plan_extract allocates a gf__plan_box, whose first
 * member is the gf_plan it hands out; every gf_plan comes from there. */
typedef struct gf__plan_caps {
    size_t flows, stocks, markets, bottlenecks, routes, market_sums, hubs, supply_limits, origins;
    size_t legs; /* of gf__plan_box.legs */
} gf__plan_caps;

typedef struct gf__plan_box {
    gf_plan plan; /* first: a gf_plan * of gf_plan_extract points here */
    gf__plan_caps cap;
    /* every route's legs, one block (plan_routes.c): routes[i].legs points
     * into it, so a plan of 400 routes is one allocation, not 400 */
    gf_route_leg *legs;
    /* A lazy plan (gf__plan_extract_lazy, plan.c) until gf__plan_complete:
     * the network and flows it was extracted from (borrowed: valid until
     * the network is next edited, solved or destroyed) and the arcs with
     * flow (owned, n_arcs + 1 entries); net NULL when complete. stale: the
     * network changed before the plan was completed (gf__plan_settle could
     * not complete it), so gf__plan_complete refuses. */
    const gf_network *lazy_net;
    const int64_t *lazy_x;
    int32_t *lazy_used, lazy_n_used;
    bool stale;
    /* The slot of a what-if that points at this plan while it is lazy
     * (gf__plan_watch); cleared when the plan completes or is destroyed. */
    gf_plan **watch;
} gf__plan_box;

static inline gf__plan_caps *gf__plan_caps_of(gf_plan *p)
{
    return &((gf__plan_box *)(void *)p)->cap;
}

/* p->field = n zeroed entries, recorded in p's caps; false when out of memory. */
#define GF__PLAN_ALLOC(p, field, n)                   \
    ((p)->field = gf_calloc((n), sizeof *(p)->field), \
     gf__plan_caps_of(p)->field = (p)->field ? (n) : 0, (p)->field != NULL)
/* The same, not zeroed: for a table whose entries are written before they
 * are read, none past its count (the core tables of plan.c's
 * alloc_tables: the markets alone, one per demand row, are 58 KB). */
#define GF__PLAN_ALLOC_RAW(p, field, n)                        \
    ((p)->field = gf_malloc((size_t)(n) * sizeof *(p)->field), \
     gf__plan_caps_of(p)->field = (p)->field ? (n) : 0, (p)->field != NULL)

/* Define `static void NAME(TYPE *a, TYPE *tmp, int32_t n)`: sort a[0..n)
 * stably through tmp (n entries) so that no entry comes after one it is
 * BEFORE (a macro of two entries x and y, both `const TYPE *`: true when
 * *x must come first). A bottom-up merge sort with the comparison inline:
 * qsort's call per comparison was most of the sort in a what-if (78,000
 * instructions for the supply limits, 87,000 for the routes' hashes). */
#define GF__DEFINE_MERGE_SORT(NAME, TYPE, BEFORE)                                            \
    static void NAME(TYPE *a, TYPE *tmp, int32_t n)                                          \
    {                                                                                        \
        TYPE *src = a, *dst = tmp, *t;                                                       \
        for (int32_t w = 1; w < n; w *= 2) {                                                 \
            for (int32_t lo = 0; lo < n; lo += 2 * w) {                                      \
                int32_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n; \
                int32_t i = lo, j = mid, k = lo;                                             \
                while (i < mid && j < hi) /* the left run first on a tie: stable */          \
                    dst[k++] = BEFORE(&src[j], &src[i]) ? src[j++] : src[i++];               \
                while (i < mid)                                                              \
                    dst[k++] = src[i++];                                                     \
                while (j < hi)                                                               \
                    dst[k++] = src[j++];                                                     \
            }                                                                                \
            t = src;                                                                         \
            src = dst;                                                                       \
            dst = t;                                                                         \
        }                                                                                    \
        if (src != a)                                                                        \
            memcpy(a, src, (size_t)n * sizeof *a);                                           \
    }

/* Decompose the flow x (per arc of net) into routes appended to p->routes;
 * used[0..n_used) are the arcs with flow, ascending (no other arc is read). */
int gf__plan_routes(gf_plan *p, const gf_network *net, const int64_t *x, const int32_t *used,
                    int32_t n_used, gf_error *err);

/* Solve net warm into sol (caller-owned, reused across calls) and extract
 * the plan; NULL with *err, GF_EINTERNAL when no optimum is reached. */
gf_plan *gf__plan_solve_into(gf_network *net, gf_solution *sol, gf_error *err);

/* A lazy plan (gf__whatif_solve_lazy, edit/whatif_int.h; not public: no
 * product caller reads only the core figures, the bench and the tests do)
 * has its core figures only: status, cost, the tonne totals, co2_t, flows,
 * stocks, markets, bottlenecks, supply_limits, hubs (node and peak stock
 * only); routes, market_sums, saving_cents, landed_avg_cents, the hubs'
 * tonnes and origins are empty (0, NULL) until gf__plan_complete fills
 * them, exactly as gf_plan_extract would have. A no-op on a complete plan;
 * GF_ENOMEM leaves p lazy (call again); GF_ESTATE when the what-if could
 * not complete it before it changed (out of memory then). Completing
 * writes into p: not while another thread reads it. */
int gf__plan_complete(gf_plan *p, gf_error *err);

/* gf_plan_extract without the figures gf__plan_complete derives; the plan
 * borrows net and sol->flow until then. */
gf_plan *gf__plan_extract_lazy(const gf_network *net, const gf_solution *sol, gf_error *err);

/* Point *slot at the lazy plan p until p completes or is destroyed, which
 * clear *slot (a what-if's: whatif.c completes it before its network
 * changes). */
void gf__plan_watch(gf_plan *p, gf_plan **slot);

/* Complete the lazy plan *slot points at, if any, before the network it
 * borrows changes; when that fails (out of memory) the plan is marked
 * stale: its gf__plan_complete then refuses with GF_ESTATE. *slot is NULL
 * afterwards. */
void gf__plan_settle(gf_plan **slot);

/* Fill p->market_sums from p->markets and p->routes. */
int gf__plan_market_sums(gf_plan *p, gf_error *err);

/* The corridor's answer figures from p->markets, p->routes and p->flows:
 * saving, average landed cost, hub received/transshipped/shipped, origins
 * (src/plan/plan_figures.c). GF_ENOMEM. */
int gf__plan_figures(gf_plan *p, gf_error *err);

/* Fill p->origins (one per node with supply) from the model, p->routes and
 * landed_cents: one marginal landed cost per demand row (the potentials).
 * GF_ENOMEM with *err. */
int gf__plan_origins(gf_plan *p, const int64_t *landed_cents, gf_error *err);

/* The most nodes one compare closes together. */
#define GF_COMPARE_MAX_NODES 64

/* GF_EINVAL unless nodes[0..n) are 1..GF_COMPARE_MAX_NODES distinct node
 * indices of m (the v1 and v2 compares share it). */
int gf__plan_compare_check_nodes(const gf_model *m, const int32_t *nodes, int32_t n, gf_error *err);

/* True when the two routes use the same model links in the same order. */
bool gf__plan_same_links(const gf_plan_route *a, const gf_plan_route *b);

/* gf_plan_v2_from_lp with the average landed costs' sweeps capped at
 * max_sweeps (gf_plan_v2_from_lp: 20,000; plan_v2.c says why there is a
 * cap). Not public: the tests force the cap with a tiny one. */
gf_plan_v2 *gf__plan_v2_from_lp_capped(const gf_model *m, gf_lp_result *lr, int32_t max_sweeps,
                                       gf_error *err);

#endif
