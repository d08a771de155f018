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
 *
 * A saved basis (gf_mcf_basis_save / _load) is the tree and the arcs'
 * states alone: flows and potentials follow from them and the data by the
 * repair above, so a copy is m + n state bytes and seven node arrays, and
 * loading one makes the next solve exactly the solve that would follow the
 * solve that left it (the pricing position is kept too). The artificial
 * arcs outside the tree carry no flow and are never priced; load points
 * them all at the root, so nothing of the basis it replaced survives.
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "grainflow/alloc.h"
#include "mcf/mcf_int.h"

struct gf_mcf_basis {
    int32_t n, m, next_arc;
    size_t bytes;                                                        /* of data */
    int32_t *parent, *pred, *thread, *rev_thread, *succ_num, *last_succ; /* n + 1 each */
    int8_t *pred_dir;                                                    /* n + 1 */
    int8_t *state;                                                       /* m + n */
    unsigned char *data;
};

static size_t basis_bytes(int32_t n, int32_t m)
{
    return 6 * ((size_t)n + 1) * sizeof(int32_t) + ((size_t)n + 1) + (size_t)m + (size_t)n;
}

/* Point the arrays of b into its data block. */
static void basis_layout(gf_mcf_basis *b)
{
    size_t k = (size_t)b->n + 1;
    int32_t *p = (int32_t *)(void *)b->data;

    b->parent = p;
    b->pred = p + k;
    b->thread = p + 2 * k;
    b->rev_thread = p + 3 * k;
    b->succ_num = p + 4 * k;
    b->last_succ = p + 5 * k;
    b->pred_dir = (int8_t *)(p + 6 * k);
    b->state = b->pred_dir + k;
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
    size_t k, bytes;

    if (!mcf || !basis)
        return gf_fail(err, GF_EINVAL, "gf_mcf_basis_save: NULL argument");
    if (!mcf->has_basis || !mcf->layout_ok)
        return gf_fail(err, GF_ESTATE,
                       "gf_mcf_basis_save: the network has no basis yet: "
                       "solve it first");
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
    k = ((size_t)mcf->n + 1) * sizeof(int32_t);
    memcpy(b->parent, mcf->parent, k);
    memcpy(b->pred, mcf->pred, k);
    memcpy(b->thread, mcf->thread, k);
    memcpy(b->rev_thread, mcf->rev_thread, k);
    memcpy(b->succ_num, mcf->succ_num, k);
    memcpy(b->last_succ, mcf->last_succ, k);
    memcpy(b->pred_dir, mcf->pred_dir, (size_t)mcf->n + 1);
    memcpy(b->state, mcf->state, (size_t)mcf->m + (size_t)mcf->n);
    return GF_OK;
}

int gf_mcf_basis_load(gf_mcf *mcf, const gf_mcf_basis *b, gf_error *err)
{
    int32_t root;
    size_t k;

    if (!mcf || !b)
        return gf_fail(err, GF_EINVAL, "gf_mcf_basis_load: NULL argument");
    if (b->n != mcf->n || b->m != mcf->m || !mcf->layout_ok || mcf->laid_m != mcf->m)
        return gf_fail(err, GF_ESTATE,
                       "gf_mcf_basis_load: the copy is of a network of %ld nodes and %ld arcs "
                       "as laid out then; this one has %ld and %ld%s",
                       (long)b->n, (long)b->m, (long)mcf->n, (long)mcf->m,
                       mcf->layout_ok ? "" : " and changed its arcs since");
    root = mcf->n;
    k = ((size_t)mcf->n + 1) * sizeof(int32_t);
    memcpy(mcf->parent, b->parent, k);
    memcpy(mcf->pred, b->pred, k);
    memcpy(mcf->thread, b->thread, k);
    memcpy(mcf->rev_thread, b->rev_thread, k);
    memcpy(mcf->succ_num, b->succ_num, k);
    memcpy(mcf->last_succ, b->last_succ, k);
    memcpy(mcf->pred_dir, b->pred_dir, (size_t)mcf->n + 1);
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
