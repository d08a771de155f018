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
 * from the tree in one pass. Most arcs are nonbasic at zero (lower bound 0,
 * or at an infinite upper bound, which becomes lower): the first pass only
 * zeroes their flow, moving no balance (a 1,000-run sweep: 752 M -> 591 M
 * instructions in the repair, callgrind, h9-speed3).
 *
 * A saved basis (gf_mcf_basis_save / _load) is the tree and the arcs'
 * states alone: flows and potentials follow from them and the data by the
 * repair above, and the parent, reverse thread and subtree sizes follow
 * from pred, pred_dir and the thread (rebuild_tree): a copy is 1 byte an
 * arc (the solver's own state array, so save and load are two memcpy) and
 * 9 bytes a node (54 KB for the default scenario's 29,589 arcs and 2,498
 * nodes; a sweep keeps 32 a worker). Until h9-speed2 the states were
 * packed 2 bits an arc (31 KB), and packing and unpacking them, one shift
 * per arc, cost 1.19 G of the 14.45 G instructions of a 1,000-run sweep of
 * examples/sweep-freight-fob.json (callgrind); the bytes copy in a few
 * thousand. Loading one makes the next solve exactly the solve that would
 * follow the solve that left it (the pricing position is kept too). The
 * artificial arcs outside the tree carry no flow and are never priced; load
 * points them all at the root, so nothing of the basis it replaced
 * survives. SPDX-License-Identifier: MIT */
#include <string.h>

#include "grainflow/alloc.h"
#include "mcf/mcf_int.h"

struct gf_mcf_basis {
    int32_t n, m, next_arc;
    size_t bytes;     /* of data */
    int32_t *pred;    /* n: the tree arc to the parent */
    int32_t *thread;  /* n + 1 */
    int8_t *pred_dir; /* n */
    int8_t *state;    /* m + n arcs: the solver's states as they are */
    unsigned char *data;
};

static size_t basis_bytes(int32_t n, int32_t m)
{
    return (2 * (size_t)n + 1) * sizeof(int32_t) + (size_t)n + (size_t)m + (size_t)n;
}

/* Point the arrays of b into its data block. */
static void basis_layout(gf_mcf_basis *b)
{
    int32_t *p = (int32_t *)(void *)b->data;

    b->pred = p;
    b->thread = p + b->n;
    b->pred_dir = (int8_t *)(p + 2 * (size_t)b->n + 1);
    b->state = b->pred_dir + b->n;
}

void gf_mcf_basis_destroy(gf_mcf_basis *b)
{
    if (!b)
        return;
    gf_free(b->data, b->bytes);
    gf_free(b, sizeof *b);
}

int gf_mcf_basis_save(const gf_mcf *mcf, gf_mcf_basis **basis, gf_error *err)
{
    gf_mcf_basis *b;
    size_t bytes;

    if (!mcf || !basis)
        return gf_fail(err, GF_EINVAL, "gf_mcf_basis_save: NULL argument");
    if (!mcf->has_basis || !mcf->layout_ok)
        return gf_fail(err, GF_ESTATE,
                       "gf_mcf_basis_save: the network has no basis yet: solve it first");
    bytes = basis_bytes(mcf->n, mcf->m);
    b = *basis;
    if (b && b->bytes != bytes) {
        gf_mcf_basis_destroy(b);
        *basis = b = NULL;
    }
    if (!b) {
        b = gf_calloc(1, sizeof *b);
        if (!b || !(b->data = gf_malloc(bytes))) {
            gf_free(b, sizeof *b);
            return gf_fail(err, GF_ENOMEM, "out of memory for a copy of the basis");
        }
        b->bytes = bytes;
        *basis = b;
    }
    b->n = mcf->n;
    b->m = mcf->m;
    b->next_arc = mcf->next_arc;
    basis_layout(b);
    memcpy(b->pred, mcf->pred, (size_t)mcf->n * sizeof(int32_t));
    memcpy(b->thread, mcf->thread, ((size_t)mcf->n + 1) * sizeof(int32_t));
    memcpy(b->pred_dir, mcf->pred_dir, (size_t)mcf->n);
    memcpy(b->state, mcf->state, (size_t)mcf->m + (size_t)mcf->n);
    return GF_OK;
}

/* The rest of the tree from pred, pred_dir and thread: parent (the other
 * end of the pred arc), rev_thread, and in reverse thread order (children
 * before parents; a node's last child first) succ_num and last_succ. */
static void rebuild_tree(gf_mcf *mcf)
{
    int32_t root = mcf->n;

    mcf->parent[root] = -1;
    mcf->pred[root] = -1;
    for (int32_t u = root, k = 0; k <= mcf->n; k++, u = mcf->thread[u])
        mcf->rev_thread[mcf->thread[u]] = u;
    for (int32_t v = 0; v <= mcf->n; v++) {
        int32_t e = mcf->pred[v];
        if (v < root)
            mcf->parent[v] = mcf->pred_dir[v] == DIR_UP ? mcf->dst[e] : mcf->src[e];
        mcf->succ_num[v] = 1;
        mcf->last_succ[v] = v;
    }
    for (int32_t v = mcf->rev_thread[root]; v != root; v = mcf->rev_thread[v]) {
        int32_t p = mcf->parent[v];
        if (mcf->last_succ[p] == p)
            mcf->last_succ[p] = mcf->last_succ[v];
        mcf->succ_num[p] += mcf->succ_num[v];
    }
}

int gf_mcf_basis_load(gf_mcf *mcf, const gf_mcf_basis *b, gf_error *err)
{
    int32_t root;

    if (!mcf || !b)
        return gf_fail(err, GF_EINVAL, "gf_mcf_basis_load: NULL argument");
    if (b->n != mcf->n || b->m != mcf->m || !mcf->layout_ok || mcf->laid_m != mcf->m)
        return gf_fail(err, GF_ESTATE,
                       "gf_mcf_basis_load: the copy is of a network of %ld nodes and %ld arcs "
                       "as laid out then; this one has %ld and %ld%s",
                       (long)b->n, (long)b->m, (long)mcf->n, (long)mcf->m,
                       mcf->layout_ok ? "" : " and changed its arcs since");
    root = mcf->n;
    memcpy(mcf->pred, b->pred, (size_t)mcf->n * sizeof(int32_t));
    memcpy(mcf->thread, b->thread, ((size_t)mcf->n + 1) * sizeof(int32_t));
    memcpy(mcf->pred_dir, b->pred_dir, (size_t)mcf->n);
    memcpy(mcf->state, b->state, (size_t)mcf->m + (size_t)mcf->n);
    for (int32_t v = 0; v < mcf->n; v++) { /* artificial arcs as the tree has them */
        int32_t a = mcf->m + v;
        bool up = mcf->pred[v] != a || mcf->pred_dir[v] == DIR_UP;
        mcf->src[a] = up ? v : root;
        mcf->dst[a] = up ? root : v;
        mcf->cost[a] = up ? 0 : mcf->art_cost;
        mcf->cap[a] = GF_FLOW_INF;
        mcf->flow[a] = 0;
    }
    rebuild_tree(mcf);
    mcf->next_arc = b->next_arc;
    mcf->has_basis = true;
    mcf->status = GF_MCF_NOT_SOLVED;
    return GF_OK;
}

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
        int8_t st = mcf->state[e];
        if (st == STATE_LOWER || (st == STATE_UPPER && mcf->cap[e] >= GF_FLOW_INF)) {
            mcf->state[e] = STATE_LOWER; /* most arcs: at zero, no balance moves */
            mcf->flow[e] = 0;
            continue;
        }
        if (st == STATE_TREE)
            continue;
        mcf->flow[e] = mcf->cap[e];
        net[mcf->src[e]] -= mcf->cap[e];
        net[mcf->dst[e]] += mcf->cap[e];
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
