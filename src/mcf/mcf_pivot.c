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

/* Residual room of the tree arc above u for flow running towards the
 * parent (up) or away from it (down). */
static inline int64_t room(const gf_mcf *mcf, int32_t u, int8_t flow_dir)
{
    int32_t a = mcf->pred[u];

    if (mcf->pred_dir[u] != flow_dir)
        return mcf->flow[a];
    return mcf->cap[a] >= GF_FLOW_INF ? GF_FLOW_INF : mcf->cap[a] - mcf->flow[a];
}

/* Find the cycle's join and its blocking arc in one climb. The join is the
 * deepest common ancestor of the entering arc's ends: climb from the end with
 * the smaller subtree, which cannot be an ancestor of the other. On the way,
 * the first side (flow runs parent -> u) keeps the first minimum met going
 * up, the second side (u -> parent) the last one; the second side wins ties.
 * That is the last blocking arc in cycle order after the join. Sets join,
 * delta, u_in, v_in, u_out; returns false if the entering arc itself blocks
 * (it only moves to its other bound). delta >= GF_FLOW_INF: unbounded. */
bool gf__mcf_find_cycle(gf_mcf *mcf)
{
    const int32_t *succ = mcf->succ_num, *parent = mcf->parent;
    int32_t e = mcf->in_arc, first, second, a, b, out_a = -1, out_b = -1;
    int32_t *path_a = mcf->path_a, *path_b = mcf->path_b, len_a = 0, len_b = 0, pos_a = 0,
            pos_b = 0;
    int64_t min_a = mcf->cap[e], min_b = INT64_MAX;

    if (mcf->state[e] == STATE_LOWER) {
        first = mcf->src[e];
        second = mcf->dst[e];
    } else {
        first = mcf->dst[e];
        second = mcf->src[e];
    }
    a = first;
    b = second;
    while (a != b) {
        if (succ[a] < succ[b]) {
            int64_t d = room(mcf, a, DIR_DOWN);
            if (d < min_a) {
                min_a = d;
                out_a = a;
                pos_a = len_a;
            }
            path_a[len_a++] = a;
            a = parent[a];
        } else {
            int64_t d = room(mcf, b, DIR_UP);
            if (d <= min_b) {
                min_b = d;
                out_b = b;
                pos_b = len_b;
            }
            path_b[len_b++] = b;
            b = parent[b];
        }
    }
    mcf->join = a;
    mcf->len_a = len_a;
    mcf->len_b = len_b;
    if (out_b >= 0 && min_b <= min_a) {
        mcf->delta = min_b;
        mcf->u_out = out_b;
    } else {
        mcf->delta = min_a;
        mcf->u_out = out_a;
    }
    bool from_second = out_b >= 0 && min_b <= min_a;
    mcf->in_is_a = !from_second;
    mcf->out_pos = from_second ? pos_b : pos_a;
    mcf->u_in = from_second ? second : first;
    mcf->v_in = from_second ? first : second;
    return out_a >= 0 || from_second;
}

/* Move delta units around the cycle (over the sides find_cycle recorded:
 * path_a carries flow down from the join, path_b up to it) and update the
 * arc states. */
void gf__mcf_push_flow(gf_mcf *mcf, bool basis_changes)
{
    const int32_t *pred = mcf->pred;
    const int8_t *dir = mcf->pred_dir;
    int64_t *flow = mcf->flow;
    int32_t e = mcf->in_arc;

    if (mcf->delta > 0) {
        int64_t delta = mcf->delta;
        flow[e] += mcf->state[e] * delta;
        for (int32_t i = 0; i < mcf->len_a; i++) { /* parent -> u */
            int32_t u = mcf->path_a[i];
            flow[pred[u]] -= dir[u] * delta;
        }
        for (int32_t i = 0; i < mcf->len_b; i++) { /* u -> parent */
            int32_t u = mcf->path_b[i];
            flow[pred[u]] += dir[u] * delta;
        }
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
