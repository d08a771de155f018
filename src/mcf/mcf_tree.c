/* src/mcf/mcf_tree.c: update the spanning tree after a basis change.
 *
 * The leaving arc is pred[u_out]; cutting it splits off the subtree of u_out,
 * which contains u_in. The entering arc hangs that subtree again from v_in,
 * re-rooted at u_in: along the stem u_in -> ... -> u_out parents reverse, and
 * each stem node's remaining subtree is moved in the thread so that the
 * preorder stays valid. Subtree sizes change by the moved size only on the
 * paths v_in..join and v_out..join, and last_succ only on paths towards the
 * root. Every step is O(size of the moved subtree + path lengths); nothing is
 * allocated (dirty, the list of nodes whose rev_thread is stale, is sized n+1).
 * Then the potentials of the moved subtree shift by one constant.
 *
 * The potential walk (h11-syn, issue 11). On the planner's syn-5000
 * (286,002 nodes, 1,541,073 arcs, bench/README.md "The simplex on
 * syn-5000, h11-syn") update_potential was 46% of the perf samples of
 * `bench/gf_driver syn5000.min` (find_cycle 22%, pricing 16%, update_tree
 * 6%), and 88% of its own samples sat on one instruction, the load of
 * thread[u]: each step's successor is known only when that load returns, so
 * the walk runs at the latency of the cache (about 3.5 ns a node). It
 * visited 873M nodes in 2.42M shifts (2.46M pivots); the 8% of shifts that
 * move 1,025 to 32,768 nodes make 86% of the visits. So the stretch of the thread is walked
 * from both ends at once (forward by thread, backward by rev_thread, which
 * update_tree leaves exact): two independent chains whose loads overlap.
 * Same pivots; interleaved runs, process CPU s: 6.18 and 6.23 against
 * 7.11 and 7.17 before. Tried and dropped: four chains, splitting a
 * subtree of at least 256 nodes after its first child's subtree (down the
 * first children, 8 levels at most) when that falls between a quarter and
 * three quarters of it: 5.49 and 5.81 s against 5.81 and 5.40 for two
 * (interleaved, same pivots), nothing to show; and choosing among the
 * candidate list by moved-subtree size (mcf_price.c).
 * SPDX-License-Identifier: MIT */
#include "mcf/mcf_int.h"

/* u_in == u_out: the moved subtree keeps its root; only reattach it. */
static void reattach_same_root(gf_mcf *mcf, int32_t old_rev_thread, int32_t old_last_succ)
{
    int32_t *thread = mcf->thread, *rev = mcf->rev_thread;
    int32_t u_in = mcf->u_in, v_in = mcf->v_in, e = mcf->in_arc;

    mcf->parent[u_in] = v_in;
    mcf->pred[u_in] = e;
    mcf->pred_dir[u_in] = u_in == mcf->src[e] ? DIR_UP : DIR_DOWN;
    if (thread[v_in] != u_in) {
        int32_t after = thread[old_last_succ];
        thread[old_rev_thread] = after;
        rev[after] = old_rev_thread;
        after = thread[v_in];
        thread[v_in] = u_in;
        rev[u_in] = v_in;
        thread[old_last_succ] = after;
        rev[after] = old_last_succ;
    }
}

/* Reverse the stem from u_in to u_out, rewriting the thread as we go. */
static void reverse_stem(gf_mcf *mcf, int32_t old_rev_thread, int32_t old_succ_num)
{
    int32_t *thread = mcf->thread, *rev = mcf->rev_thread, *parent = mcf->parent;
    int32_t *last_succ = mcf->last_succ, *dirty = mcf->dirty;
    int32_t u_in = mcf->u_in, v_in = mcf->v_in, u_out = mcf->u_out, e = mcf->in_arc;
    int32_t thread_continue = old_rev_thread == v_in ? thread[last_succ[u_out]] : thread[v_in];
    int32_t stem = u_in, par_stem = v_in, last = last_succ[u_in], after = thread[last];
    int32_t n_dirty = 0;

    thread[v_in] = u_in;
    dirty[n_dirty++] = v_in;
    while (stem != u_out) {
        int32_t next_stem = parent[stem], before;

        thread[last] = next_stem; /* next stem follows the current one's subtree */
        dirty[n_dirty++] = last;
        before = rev[stem]; /* cut the subtree of stem out of the thread */
        thread[before] = after;
        rev[after] = before;
        parent[stem] = par_stem;
        par_stem = stem;
        stem = next_stem;
        last = last_succ[stem] == last_succ[par_stem] ? rev[par_stem] : last_succ[stem];
        after = thread[last];
    }
    parent[u_out] = par_stem;
    thread[last] = thread_continue;
    rev[thread_continue] = last;
    last_succ[u_out] = last;
    if (old_rev_thread != v_in) {
        thread[old_rev_thread] = after;
        rev[after] = old_rev_thread;
    }
    for (int32_t i = 0; i < n_dirty; i++)
        rev[thread[dirty[i]]] = dirty[i];

    /* pred, pred_dir, succ_num and last_succ along the reversed stem */
    int32_t sc = 0, ls = last_succ[u_out];
    for (int32_t u = u_out, p = parent[u]; u != u_in; u = p, p = parent[u]) {
        mcf->pred[u] = mcf->pred[p];
        mcf->pred_dir[u] = (int8_t)-mcf->pred_dir[p];
        sc += mcf->succ_num[u] - mcf->succ_num[p];
        mcf->succ_num[u] = sc;
        last_succ[p] = ls;
    }
    mcf->pred[u_in] = e;
    mcf->pred_dir[u_in] = u_in == mcf->src[e] ? DIR_UP : DIR_DOWN;
    mcf->succ_num[u_in] = old_succ_num;
}

/* Set last_succ[u] = value while it equals match, going up from path[from]
 * (a recorded side of the cycle, nodes below the join, bottom-up) and on from
 * the join by parent pointers, stopping before node stop (-1: the root's
 * parent). The recorded part has no pointer chase: on goto_8_14a these
 * climbs were a third of the tree update. */
static void relabel_up(gf_mcf *mcf, const int32_t *path, int32_t from, int32_t len, int32_t stop,
                       int32_t match, int32_t value)
{
    int32_t *last_succ = mcf->last_succ;

    for (int32_t i = from; i < len; i++) {
        if (last_succ[path[i]] != match)
            return;
        last_succ[path[i]] = value;
    }
    for (int32_t u = mcf->join; u != stop && u != -1 && last_succ[u] == match; u = mcf->parent[u])
        last_succ[u] = value;
}

void gf__mcf_update_tree(gf_mcf *mcf)
{
    int32_t *parent = mcf->parent, *last_succ = mcf->last_succ, *succ = mcf->succ_num;
    int32_t u_out = mcf->u_out, v_in = mcf->v_in, join = mcf->join;
    int32_t old_rev_thread = mcf->rev_thread[u_out];
    int32_t old_succ_num = succ[u_out];
    int32_t old_last_succ = last_succ[u_out];
    int32_t v_out = parent[u_out];

    mcf->v_out = v_out;
    if (mcf->u_in == u_out)
        reattach_same_root(mcf, old_rev_thread, old_last_succ);
    else
        reverse_stem(mcf, old_rev_thread, old_succ_num);

    /* last_succ towards the root, over the recorded sides below the join */
    const int32_t *other = mcf->in_is_a ? mcf->path_b : mcf->path_a;
    const int32_t *own = mcf->in_is_a ? mcf->path_a : mcf->path_b;
    int32_t len_other = mcf->in_is_a ? mcf->len_b : mcf->len_a;
    int32_t len_own = mcf->in_is_a ? mcf->len_a : mcf->len_b;
    int32_t up_limit_out = last_succ[join] == v_in ? join : -1;
    int32_t last_succ_out = last_succ[u_out];
    relabel_up(mcf, other, 0, len_other, -1, v_in, last_succ_out);
    if (join != old_rev_thread && v_in != old_rev_thread)
        relabel_up(mcf, own, mcf->out_pos + 1, len_own, up_limit_out, old_last_succ,
                   old_rev_thread);
    else if (last_succ_out != old_last_succ)
        relabel_up(mcf, own, mcf->out_pos + 1, len_own, up_limit_out, old_last_succ, last_succ_out);

    /* subtree sizes: v_in..join is the whole other side of the cycle, and
     * v_out..join the part of u_in's side above u_out (as recorded) */
    for (int32_t i = 0; i < len_other; i++)
        succ[other[i]] += old_succ_num;
    for (int32_t i = mcf->out_pos + 1; i < len_own; i++)
        succ[own[i]] -= old_succ_num;
}

/* Add sigma to the potentials of the count nodes from first to last in
 * thread order. The walk is a chain of dependent loads (each node's
 * successor is known only once its thread entry arrives), so it runs from
 * both ends at once: forward by thread from first, backward by rev_thread
 * from last, meeting in the middle. The two chains are independent and the
 * core overlaps their loads. */
static void shift_segment(gf_mcf *mcf, int32_t first, int32_t last, int32_t count, int64_t sigma)
{
    int64_t *pi = mcf->pi;
    const int32_t *thread = mcf->thread, *rev = mcf->rev_thread;
    int32_t a = first, b = last;

    for (int32_t k = count / 2; k > 0; k--) {
        pi[a] += sigma;
        a = thread[a];
        pi[b] += sigma;
        b = rev[b];
    }
    if (count & 1)
        pi[a] += sigma; /* the middle node: a == b */
}

/* The moved subtree (rooted at u_in) must shift by sigma so that the
 * entering arc gets reduced cost 0. Only differences of potentials matter,
 * so when the subtree holds more than half of the nodes, the rest of the
 * tree (the other part of the thread cycle, root included) shifts by -sigma
 * instead: pi[u] += sigma on subtree(u_in), or pi[u] -= sigma elsewhere.
 * The root then drifts from 0; it is pulled back before it passes 2^59,
 * which keeps every stored potential within +-2^62. Both parts are one
 * stretch of the thread (update_tree leaves rev_thread exact), walked from
 * its two ends by shift_segment. */
void gf__mcf_update_potential(gf_mcf *mcf)
{
    int32_t u_in = mcf->u_in, e = mcf->in_arc, root = mcf->n;
    int64_t sigma = mcf->pi[mcf->v_in] - mcf->pi[u_in] - mcf->pred_dir[u_in] * mcf->cost[e];
    int32_t last = mcf->last_succ[u_in], size = mcf->succ_num[u_in];
    int64_t *pi = mcf->pi;

    if (2 * (int64_t)size <= (int64_t)mcf->n + 1) {
        shift_segment(mcf, u_in, last, size, sigma);
        return;
    }
    shift_segment(mcf, mcf->thread[last], mcf->rev_thread[u_in], mcf->n + 1 - size, -sigma);
    if (pi[root] > ((int64_t)1 << 59) || pi[root] < -((int64_t)1 << 59))
        gf__mcf_normalize_potentials(mcf);
}

/* Shift every potential so that the root's is 0. */
void gf__mcf_normalize_potentials(gf_mcf *mcf)
{
    int64_t base = mcf->pi[mcf->n];

    for (int32_t u = 0; u <= mcf->n; u++)
        mcf->pi[u] -= base;
}
