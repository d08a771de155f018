/* src/mcf/mcf_pivot.c: the cycle of a pivot and the flow change around it.
 *
 * The entering arc closes a cycle with the tree paths from its ends up to
 * their deepest common ancestor, the join. Flow moves along the cycle in the
 * direction that helps: first -> second over the entering arc (from source to
 * target when it leaves its lower bound), then second up to the join and down
 * to first. The ratio test picks the blocking arc; ties go to the last one met
 * in cycle order after the join, which keeps the basis strongly feasible
 * (Cunningham 1976), so degenerate pivots cannot cycle.
 * SPDX-License-Identifier: MIT */
#include "mcf/mcf_int.h"

/* join = the deepest common ancestor of the entering arc's ends: climb from
 * the end with the smaller subtree, which cannot be an ancestor of the other. */
void gf__mcf_find_join(gf_mcf *mcf)
{
    const int32_t *succ = mcf->succ_num, *parent = mcf->parent;
    int32_t u = mcf->src[mcf->in_arc], v = mcf->dst[mcf->in_arc];

    while (u != v) {
        if (succ[u] < succ[v])
            u = parent[u];
        else
            v = parent[v];
    }
    mcf->join = u;
}

/* Ratio test: delta = the largest flow change the cycle allows; u_out = the
 * node whose pred arc blocks. Returns false if the entering arc itself blocks
 * (it only moves to its other bound). delta >= GF_FLOW_INF means unbounded. */
bool gf__mcf_find_leaving(gf_mcf *mcf)
{
    const int32_t *pred = mcf->pred, *parent = mcf->parent;
    const int8_t *dir = mcf->pred_dir;
    const int64_t *flow = mcf->flow, *cap = mcf->cap;
    int32_t e = mcf->in_arc, first, second, join = mcf->join;
    int64_t delta = cap[e];
    int result = 0;

    if (mcf->state[e] == STATE_LOWER) {
        first = mcf->src[e];
        second = mcf->dst[e];
    } else {
        first = mcf->dst[e];
        second = mcf->src[e];
    }
    for (int32_t u = first; u != join; u = parent[u]) { /* flow runs parent -> u */
        int32_t a = pred[u];
        int64_t d =
            dir[u] == DIR_DOWN ? (cap[a] >= GF_FLOW_INF ? GF_FLOW_INF : cap[a] - flow[a]) : flow[a];
        if (d < delta) {
            delta = d;
            mcf->u_out = u;
            result = 1;
        }
    }
    for (int32_t u = second; u != join; u = parent[u]) { /* flow runs u -> parent */
        int32_t a = pred[u];
        int64_t d =
            dir[u] == DIR_UP ? (cap[a] >= GF_FLOW_INF ? GF_FLOW_INF : cap[a] - flow[a]) : flow[a];
        if (d <= delta) {
            delta = d;
            mcf->u_out = u;
            result = 2;
        }
    }
    if (result == 1) {
        mcf->u_in = first;
        mcf->v_in = second;
    } else {
        mcf->u_in = second;
        mcf->v_in = first;
    }
    mcf->delta = delta;
    return result != 0;
}

/* Move delta units around the cycle and update the arc states. */
void gf__mcf_push_flow(gf_mcf *mcf, bool basis_changes)
{
    const int32_t *pred = mcf->pred, *parent = mcf->parent;
    const int8_t *dir = mcf->pred_dir;
    int64_t *flow = mcf->flow;
    int32_t e = mcf->in_arc, join = mcf->join;

    if (mcf->delta > 0) {
        int64_t val = mcf->state[e] * mcf->delta;
        flow[e] += val;
        for (int32_t u = mcf->src[e]; u != join; u = parent[u])
            flow[pred[u]] -= dir[u] * val; /* into src: up arcs lose, down arcs gain */
        for (int32_t u = mcf->dst[e]; u != join; u = parent[u])
            flow[pred[u]] += dir[u] * val;
    } else {
        mcf->stats.degenerate++;
    }
    if (basis_changes) {
        int32_t out = pred[mcf->u_out];
        mcf->state[e] = STATE_TREE;
        mcf->state[out] = flow[out] == 0 ? STATE_LOWER : STATE_UPPER;
    } else {
        mcf->state[e] = (int8_t)-mcf->state[e];
    }
}
