/* src/mcf/mcf_crash.c: a few pivots on promising arcs before pricing starts.
 *
 * A cold start hangs every node from the root, so the first pivots only
 * discover the obvious. Two cheap guesses shorten that phase (the idea of
 * LEMON 1.3's "initial pivots"): with one supply and one demand node, the
 * arcs of a breadth-first search backwards from the demand node over arcs
 * wide enough for the whole supply; otherwise the cheapest arc into each
 * demand node. Each guess is pivoted on only if it is eligible, with the
 * ordinary pivot steps, so the basis stays valid whatever the guess is.
 * Tried and dropped (h11-syn, issue 11): on the planner's networks (one
 * super source s, one super sink t, negative arcs only into t), a start
 * from the shortest-path in-tree to t (Dijkstra over the reversed arcs,
 * every node hung from its first arc towards t at zero flow, s and t on
 * their artificial arcs, flows and potentials by gf__mcf_repair_basis):
 * strongly feasible and dual feasible everywhere but at s. On syn-5000
 * (bench/README.md "The simplex on syn-5000, h11-syn") it found the
 * optimum in 2.35M pivots against 2.46M, but the deep tree made the
 * potential walk longer (342M nodes in the first 1M pivots against 146M),
 * and the solve took 7.08 and 8.33 CPU s against 6.16 and 7.19 from the
 * artificial start (one run each, load 2-3; the second pair, and the walk
 * figures, from builds that count the walk).
 * SPDX-License-Identifier: MIT */
#include "grainflow/alloc.h"
#include "mcf/mcf_int.h"

/* Pivot on arc e if it is eligible: GF_OK, 1 when the problem is unbounded,
 * 2 when max_pivots (> 0) pivots are already done, 3 when interrupted. */
static int pivot_on(gf_mcf *mcf, int32_t e, int64_t max_pivots)
{
    int64_t rc = mcf->cost[e] + mcf->pi[mcf->src[e]] - mcf->pi[mcf->dst[e]];

    if (mcf->state[e] * rc >= 0)
        return GF_OK;
    if (max_pivots > 0 && mcf->stats.pivots >= max_pivots)
        return 2;
    if ((mcf->stats.pivots & (GF_MCF_INTERRUPT_EVERY - 1)) == 0 && gf__mcf_interrupted(mcf))
        return 3;
    mcf->in_arc = e;
    bool basis_changes = gf__mcf_find_cycle(mcf);
    if (mcf->delta >= GF_FLOW_INF)
        return 1;
    gf__mcf_push_flow(mcf, basis_changes);
    if (basis_changes) {
        gf__mcf_update_tree(mcf);
        gf__mcf_update_potential(mcf);
    }
    mcf->stats.pivots++;
    return GF_OK;
}

/* Arcs discovered by a BFS from t backwards over arcs with cap >= total,
 * until s is reached; written to order[0..*count). Needs in-arc lists. */
static int backward_bfs(gf_mcf *mcf, int32_t s, int32_t t, int64_t total, int32_t *order,
                        int32_t *count)
{
    int32_t n = mcf->n, m = mcf->m, head = 0, tail = 0;
    int32_t *first = gf_calloc((size_t)n + 2, sizeof *first);
    int32_t *in = gf_malloc((size_t)(m > 0 ? m : 1) * sizeof *in);
    int32_t *queue = mcf->dirty; /* size n + 1, free outside the pivot loop */
    uint8_t *seen = gf_calloc((size_t)n, 1);
    int rc = GF_ENOMEM;

    *count = 0;
    if (!first || !in || !seen)
        goto out;
    for (int32_t e = 0; e < m; e++)
        first[mcf->dst[e] + 2]++;
    for (int32_t v = 0; v < n; v++)
        first[v + 2] += first[v + 1];
    for (int32_t e = 0; e < m; e++)
        in[first[mcf->dst[e] + 1]++] = e;
    seen[t] = 1;
    queue[tail++] = t;
    while (head < tail && !seen[s]) {
        int32_t v = queue[head++];
        for (int32_t i = first[v]; i < first[v + 1]; i++) {
            int32_t e = in[i], u = mcf->src[e];
            if (seen[u] || mcf->cap[e] < total)
                continue;
            seen[u] = 1;
            queue[tail++] = u;
            order[(*count)++] = e;
        }
    }
    rc = GF_OK;
out:
    gf_free(first, ((size_t)n + 2) * sizeof *first);
    gf_free(in, (size_t)(m > 0 ? m : 1) * sizeof *in);
    gf_free(seen, (size_t)n);
    return rc;
}

/* The cheapest arc into each demand node, in node order. */
static void cheapest_into_demand(const gf_mcf *mcf, int32_t *best, int32_t *order, int32_t *count)
{
    *count = 0;
    for (int32_t v = 0; v < mcf->n; v++)
        best[v] = -1;
    for (int32_t e = 0; e < mcf->m; e++) {
        int32_t v = mcf->dst[e];
        if (mcf->bal[v] < 0 && (best[v] < 0 || mcf->cost[e] < mcf->cost[best[v]]))
            best[v] = e;
    }
    for (int32_t v = 0; v < mcf->n; v++)
        if (best[v] >= 0)
            order[(*count)++] = best[v];
    for (int32_t v = 0; v < mcf->n; v++)
        best[v] = -1;
    for (int32_t e = 0; e < mcf->m; e++) {
        int32_t v = mcf->src[e];
        if (mcf->bal[v] > 0 && (best[v] < 0 || mcf->cost[e] < mcf->cost[best[v]]))
            best[v] = e;
    }
    for (int32_t v = 0; v < mcf->n; v++)
        if (best[v] >= 0)
            order[(*count)++] = best[v];
}

/* Returns GF_OK, 1 when unbounded, 2 at max_pivots (> 0), 3 when
 * interrupted, or GF_ENOMEM. */
int gf__mcf_crash(gf_mcf *mcf, int64_t max_pivots)
{
    int32_t n_sup = 0, n_dem = 0, s = -1, t = -1, count = 0;
    int64_t total = 0;
    int32_t *order;
    int rc = GF_OK;

    for (int32_t v = 0; v < mcf->n; v++) {
        if (mcf->bal[v] > 0) {
            n_sup++;
            s = v;
            total += mcf->bal[v];
        } else if (mcf->bal[v] < 0) {
            n_dem++;
            t = v;
        }
    }
    if (total == 0)
        return GF_OK;
    order = gf_malloc(((size_t)mcf->n + 1) * 2 * sizeof *order);
    if (!order)
        return GF_ENOMEM;
    if (n_sup == 1 && n_dem == 1)
        rc = backward_bfs(mcf, s, t, total, order, &count);
    else
        cheapest_into_demand(mcf, mcf->dirty, order, &count);
    for (int32_t i = 0; rc == GF_OK && i < count; i++)
        rc = pivot_on(mcf, order[i], max_pivots);
    gf_free(order, ((size_t)mcf->n + 1) * 2 * sizeof *order);
    return rc;
}
