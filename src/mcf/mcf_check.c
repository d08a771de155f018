/* src/mcf/mcf_check.c: verify the basis invariants (for tests and debugging).
 *
 * Checks that the thread is a preorder walk of the tree given by parent,
 * that succ_num and last_succ match it, that pred joins each node to its
 * parent in the direction pred_dir says, that tree arcs have reduced cost 0
 * and nonbasic arcs sit at a bound, and that flow is conserved. O(n + m)
 * with O(n) scratch; never called by the solver itself.
 * SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "grainflow/alloc.h"
#include "mcf/mcf_int.h"

static bool check_arcs(const gf_mcf *mcf, char *why, size_t size)
{
    for (int32_t e = 0; e < mcf->m + mcf->n; e++) {
        int64_t rc = mcf->cost[e] + mcf->pi[mcf->src[e]] - mcf->pi[mcf->dst[e]];
        int8_t st = mcf->state[e];
        if (mcf->flow[e] < 0 || (mcf->cap[e] < GF_FLOW_INF && mcf->flow[e] > mcf->cap[e])) {
            snprintf(why, size, "arc %ld: flow %lld outside [0, %lld]", (long)e,
                     (long long)mcf->flow[e], (long long)mcf->cap[e]);
            return false;
        }
        if ((st == STATE_TREE && rc != 0) || (st == STATE_LOWER && mcf->flow[e] != 0) ||
            (st == STATE_UPPER && mcf->flow[e] != mcf->cap[e])) {
            snprintf(why, size, "arc %ld: state %d, flow %lld, reduced cost %lld", (long)e, st,
                     (long long)mcf->flow[e], (long long)rc);
            return false;
        }
    }
    return true;
}

static bool check_balance(const gf_mcf *mcf, int64_t *net, char *why, size_t size)
{
    for (int32_t v = 0; v < mcf->n; v++)
        net[v] = mcf->bal[v];
    for (int32_t e = 0; e < mcf->m + mcf->n; e++) {
        if (mcf->src[e] < mcf->n)
            net[mcf->src[e]] -= mcf->flow[e];
        if (mcf->dst[e] < mcf->n)
            net[mcf->dst[e]] += mcf->flow[e];
    }
    for (int32_t v = 0; v < mcf->n; v++) {
        if (net[v] != 0) {
            snprintf(why, size, "node %ld: flow out minus in misses its balance by %lld", (long)v,
                     (long long)net[v]);
            return false;
        }
    }
    return true;
}

/* Walk the thread from the root: it must visit every node once, each node's
 * subtree must be the next succ_num[u] nodes of the walk (ending at
 * last_succ[u]) and lie inside its parent's, and succ_num[u] must be 1 plus
 * the sizes of its children. order and pos are scratch of n + 1 entries. */
static bool check_tree(const gf_mcf *mcf, int32_t *order, int64_t *pos, char *why, size_t size)
{
    int32_t root = mcf->n, k = 0, u = root;

    do {
        if (k > mcf->n || mcf->rev_thread[mcf->thread[u]] != u) {
            snprintf(why, size, "thread broken at node %ld", (long)u);
            return false;
        }
        pos[u] = k;
        order[k++] = u;
        u = mcf->thread[u];
    } while (u != root);
    if (k != mcf->n + 1) {
        snprintf(why, size, "thread visits %ld of %ld nodes", (long)k, (long)mcf->n + 1);
        return false;
    }
    for (int32_t i = 0; i < k; i++) {
        int32_t v = order[i], s = mcf->succ_num[v], p = mcf->parent[v];
        if (s < 1 || i + s > k || order[i + s - 1] != mcf->last_succ[v]) {
            snprintf(why, size, "node %ld: succ_num %ld or last_succ %ld wrong", (long)v, (long)s,
                     (long)mcf->last_succ[v]);
            return false;
        }
        if (v == root)
            continue;
        if (p < 0 || p > root || pos[p] >= i || i >= pos[p] + mcf->succ_num[p]) {
            snprintf(why, size, "node %ld lies outside its parent %ld's subtree", (long)v, (long)p);
            return false;
        }
        int32_t e = mcf->pred[v];
        bool up = mcf->src[e] == v && mcf->dst[e] == p;
        bool down = mcf->src[e] == p && mcf->dst[e] == v;
        if (mcf->state[e] != STATE_TREE ||
            !((up && mcf->pred_dir[v] == DIR_UP) || (down && mcf->pred_dir[v] == DIR_DOWN))) {
            snprintf(why, size, "node %ld: pred arc %ld does not join it to parent %ld", (long)v,
                     (long)e, (long)p);
            return false;
        }
    }
    for (int32_t v = 0; v <= root; v++) /* order becomes the children's size sums */
        order[v] = 1;
    for (int32_t v = 0; v < root; v++)
        order[mcf->parent[v]] += mcf->succ_num[v];
    for (int32_t v = 0; v <= root; v++) {
        if (order[v] != mcf->succ_num[v]) {
            snprintf(why, size, "node %ld: succ_num %ld, subtree holds %ld", (long)v,
                     (long)mcf->succ_num[v], (long)order[v]);
            return false;
        }
    }
    return true;
}

bool gf__mcf_check(const gf_mcf *mcf, char *why, size_t size)
{
    size_t k = (size_t)mcf->n + 1;
    int32_t *order = gf_malloc(k * sizeof *order);
    int64_t *net = gf_malloc(k * sizeof *net);
    bool ok = false;

    if (!order || !net)
        snprintf(why, size, "out of memory");
    else if (!mcf->layout_ok)
        snprintf(why, size, "no basis laid out");
    else
        ok = check_tree(mcf, order, net, why, size) && check_arcs(mcf, why, size) &&
             check_balance(mcf, net, why, size);
    gf_free(order, k * sizeof *order);
    gf_free(net, k * sizeof *net);
    return ok;
}
