/* src/mcf/mcf_warm.c: make the previous optimal basis a valid start again.
 *
 * After costs, bounds or supplies change, the old tree is kept. Nonbasic
 * arcs go back to their (possibly new) bound, and the tree flows follow from
 * conservation, computed bottom-up in reverse thread order: the pred arc of
 * v carries the net balance of v's subtree. A cost change alone keeps every
 * flow feasible; a bound or supply change may not. Where the pred arc of v
 * would leave its bounds, it is clamped to the nearest bound and made
 * nonbasic, and the rest of the subtree's balance goes over v's artificial
 * arc, which hangs the subtree from the root (pointing up or down as the
 * balance needs). The artificial costs then drive that flow out again, as in
 * a cold start but only where the change reached. Potentials are recomputed
 * from the tree in one pass.
 * SPDX-License-Identifier: MIT */
#include "mcf/mcf_int.h"

/* Detach the subtree of v from its parent and hang it first under the root. */
static void rehang(gf_mcf *mcf, int32_t v)
{
    int32_t root = mcf->n, *thread = mcf->thread, *rev = mcf->rev_thread;
    int32_t *last_succ = mcf->last_succ;
    int32_t size = mcf->succ_num[v], last = last_succ[v];
    int32_t before = rev[v], after = thread[last], first;

    thread[before] = after; /* cut the subtree out of the thread */
    rev[after] = before;
    for (int32_t u = mcf->parent[v]; u != -1; u = mcf->parent[u]) {
        if (u != root)
            mcf->succ_num[u] -= size;
        if (last_succ[u] == last)
            last_succ[u] = before;
    }
    first = thread[root]; /* and splice it in right after the root */
    thread[root] = v;
    rev[v] = root;
    thread[last] = first;
    rev[first] = last;
    if (last_succ[root] == root)
        last_succ[root] = last;
    mcf->parent[v] = root;
    mcf->pred[v] = mcf->m + v;
}

/* Give v's pred arc the subtree balance net (flow up towards the parent when
 * positive). Returns false when it cannot carry it and v must be rehung;
 * *through is the part of net that still reaches the parent. */
static bool assign_pred_flow(gf_mcf *mcf, int32_t v, int64_t net, int64_t *through)
{
    int32_t e = mcf->pred[v];
    int64_t x = mcf->pred_dir[v] == DIR_UP ? net : -net; /* flow the arc must carry */

    *through = net;
    if (e >= mcf->m) { /* artificial: point it the way the balance goes */
        gf__mcf_set_artificial(mcf, v, net >= 0);
        mcf->flow[e] = net >= 0 ? net : -net;
        return true;
    }
    if (x >= 0 && x <= mcf->cap[e]) {
        mcf->flow[e] = x;
        return true;
    }
    mcf->flow[e] = x < 0 ? 0 : mcf->cap[e];
    mcf->state[e] = x < 0 ? STATE_LOWER : STATE_UPPER;
    *through = mcf->pred_dir[v] == DIR_UP ? mcf->flow[e] : -mcf->flow[e];
    return false;
}

void gf__mcf_repair_basis(gf_mcf *mcf)
{
    int32_t root = mcf->n, n_dirty = 0;
    int64_t *net = mcf->pi; /* reused as scratch: potentials are rebuilt below */

    for (int32_t v = 0; v <= mcf->n; v++)
        net[v] = mcf->bal[v];
    for (int32_t e = 0; e < mcf->m + mcf->n; e++) {
        if (mcf->state[e] == STATE_TREE)
            continue;
        if (mcf->state[e] == STATE_UPPER && mcf->cap[e] >= GF_FLOW_INF)
            mcf->state[e] = STATE_LOWER;
        mcf->flow[e] = mcf->state[e] == STATE_UPPER ? mcf->cap[e] : 0;
        net[mcf->src[e]] -= mcf->flow[e];
        net[mcf->dst[e]] += mcf->flow[e];
    }
    for (int32_t v = mcf->rev_thread[root]; v != root; v = mcf->rev_thread[v]) {
        int64_t through;
        if (!assign_pred_flow(mcf, v, net[v], &through)) {
            int32_t a = mcf->m + v;
            int64_t rest = net[v] - through;
            gf__mcf_set_artificial(mcf, v, rest >= 0);
            mcf->flow[a] = rest >= 0 ? rest : -rest;
            mcf->state[a] = STATE_TREE;
            mcf->dirty[n_dirty++] = v;
        }
        net[mcf->parent[v]] += through;
    }
    for (int32_t i = 0; i < n_dirty; i++)
        rehang(mcf, mcf->dirty[i]);
    for (int32_t v = 0; v < mcf->n; v++) { /* artificial costs follow art_cost */
        int32_t a = mcf->m + v;
        mcf->cost[a] = mcf->src[a] == root ? mcf->art_cost : 0;
    }
    gf__mcf_compute_potentials(mcf);
}
